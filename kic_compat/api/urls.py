from rest_framework.routers import DefaultRouter

from kic_compat.contactmomenten import views as contactmomenten_views
from kic_compat.klanten import views as klanten_views
from kic_compat.verzoeken import views as verzoeken_views

router = DefaultRouter(trailing_slash=False)
router.include_root_view = False

# Each part adds its routes (kic_compat/<part>/views.py `register`).
klanten_views.register(router)
contactmomenten_views.register(router)
verzoeken_views.register(router)

urlpatterns = router.urls
urlpatterns += klanten_views.extra_urls()
urlpatterns += verzoeken_views.extra_urls()
