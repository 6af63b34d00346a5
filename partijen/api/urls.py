from rest_framework.routers import DefaultRouter

from partijen.api import views

router = DefaultRouter(trailing_slash=False)
router.include_root_view = False
router.register("partijen", views.PartijViewSet, basename="partij")
router.register(
    "partij-identificatoren", views.PartijIdentificatorViewSet, basename="partijidentificator"
)
router.register(
    "vertegenwoordigingen", views.VertegenwoordigdenViewSet, basename="vertegenwoordigden"
)
router.register("categorieen", views.CategorieViewSet, basename="categorie")
router.register("categorie-relaties", views.CategorieRelatieViewSet, basename="categorierelatie")
router.register("rekeningnummers", views.RekeningnummerViewSet, basename="rekeningnummer")
router.register("digitaleadressen", views.DigitaalAdresViewSet, basename="digitaaladres")

urlpatterns = router.urls
