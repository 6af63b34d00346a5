from rest_framework.routers import DefaultRouter

from berichten.api import views

router = DefaultRouter(trailing_slash=False)
router.include_root_view = False
router.register("berichten", views.BerichtViewSet, basename="bericht")

urlpatterns = router.urls
