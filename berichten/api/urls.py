from django.urls import path
from rest_framework.routers import DefaultRouter

from berichten.api import views
from berichten.api.voorkeurskanaal import VoorkeurskanaalView

router = DefaultRouter(trailing_slash=False)
router.include_root_view = False
router.register("berichten", views.BerichtViewSet, basename="bericht")

urlpatterns = [
    *router.urls,
    path("voorkeurskanaal", VoorkeurskanaalView.as_view(), name="voorkeurskanaal"),
]
