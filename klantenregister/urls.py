from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from klantenregister.api.versions import APIS
from klantenregister.health import HealthView

admin.site.site_header = "KlantenRegister beheer"
admin.site.site_title = "KlantenRegister"
admin.site.index_title = "Beheer"

handler400 = "klantenregister.api.exceptions.handler400"
handler404 = "klantenregister.api.exceptions.handler404"
handler500 = "klantenregister.api.exceptions.handler500"

# Each API: its own URL namespace, routes and schema. Higher apps add their routers here.
API_ROUTES = {
    "klantinteracties": [
        "partijen.api.urls",
        "klantcontacten.api.urls",
        "taken.api.internetaken_urls",
    ],
    "taken": ["taken.api.urls"],
    "berichten": ["berichten.api.urls"],
    "kic": ["kic_compat.api.urls"],
}


def api_patterns(name: str) -> list:
    return [path("", include(module)) for module in API_ROUTES[name]]


def schema_patterns(name: str) -> list:
    info = APIS[name]
    base = info.base_path.rstrip("/")
    custom = {
        "TITLE": info.title,
        "VERSION": info.version,
        "DESCRIPTION": info.description,
        # Paths relative to the server URL, as in the reference contracts.
        "SERVERS": [{"url": base}],
        "SCHEMA_PATH_PREFIX": base,
        "SCHEMA_PATH_PREFIX_TRIM": True,
    }
    schema_url = f"{name}:schema"
    return [
        path(
            "schema/openapi.yaml",
            SpectacularAPIView.as_view(
                custom_settings=custom,
                patterns=[path(info.base_path.lstrip("/"), include((api_patterns(name), name)))],
            ),
            name="schema",
        ),
        path("schema/", SpectacularSwaggerView.as_view(url_name=schema_url), name="swagger-ui"),
        path("schema/redoc/", SpectacularRedocView.as_view(url_name=schema_url), name="redoc"),
    ]


urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", HealthView.as_view(), name="health"),
]
for _name, _info in APIS.items():
    urlpatterns.append(
        path(
            _info.base_path.lstrip("/"),
            include((api_patterns(_name) + schema_patterns(_name), _name)),
        )
    )
