"""/internetaken lives in the Klantinteracties API (its own namespace), not in the Taken API."""

from rest_framework.routers import DefaultRouter

from taken.api import views

router = DefaultRouter(trailing_slash=False)
router.include_root_view = False
router.register("internetaken", views.InterneTaakViewSet, basename="internetaak")

urlpatterns = router.urls
