from rest_framework.routers import DefaultRouter

from klantcontacten.api import views

router = DefaultRouter(trailing_slash=False)
router.include_root_view = False
router.register("klantcontacten", views.KlantcontactViewSet, basename="klantcontact")
router.register("betrokkenen", views.BetrokkeneViewSet, basename="betrokkene")
router.register("onderwerpobjecten", views.OnderwerpobjectViewSet, basename="onderwerpobject")
router.register("bijlagen", views.BijlageViewSet, basename="bijlage")
router.register("actoren", views.ActorViewSet, basename="actor")
router.register("actorklantcontacten", views.ActorKlantcontactViewSet, basename="actorklantcontact")
router.register("maak-klantcontact", views.MaakKlantcontactViewSet, basename="maakklantcontact")

urlpatterns = router.urls
