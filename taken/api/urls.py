from rest_framework.routers import DefaultRouter

from taken.api import views

router = DefaultRouter(trailing_slash=False)
router.include_root_view = False
router.register("taken", views.TaakViewSet, basename="taak")

urlpatterns = router.urls
