"""The committed OpenAPI document matches the code and is served with offline docs."""

import re
from io import StringIO

import pytest
import yaml
from django.core.management import call_command
from rest_framework.test import APIClient

from klantenregister.api.versions import APIS
from tests.api.helpers import KI

pytestmark = pytest.mark.django_db

SCHEMA = f"{KI}/schema/openapi.yaml"
EXTERNAL_ASSET = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


def test_committed_openapi_files_match_the_code():
    out = StringIO()

    call_command("generate_openapi", "--check", stdout=out, stderr=StringIO())

    assert "up to date" in out.getvalue()


def test_schema_is_public_and_describes_the_api():
    response = APIClient().get(SCHEMA)

    assert response.status_code == 200
    document = yaml.safe_load(response.content)
    info = APIS["klantinteracties"]
    assert document["info"]["version"] == info.version
    assert document["info"]["title"] == info.title
    assert "/partijen" in document["paths"]
    assert "tokenAuth" in document["components"]["securitySchemes"]


def test_schema_documents_problem_json_errors():
    document = yaml.safe_load(APIClient().get(SCHEMA).content)

    responses = document["paths"]["/partijen"]["post"]["responses"]
    for code in ("400", "401", "403", "413", "415", "500"):
        assert "application/problem+json" in responses[code]["content"], code


def test_schema_documents_400_for_every_get_and_404_for_paging():
    paths = yaml.safe_load(APIClient().get(SCHEMA).content)["paths"]

    assert "400" in paths["/partijen/{uuid}"]["get"]["responses"]
    assert "404" in paths["/partijen"]["get"]["responses"]


@pytest.mark.parametrize("path", [f"{KI}/schema/", f"{KI}/schema/redoc/"])
def test_docs_pages_are_public_and_load_only_local_assets(path):
    response = APIClient().get(path)

    assert response.status_code == 200
    html = response.content.decode()
    assert not EXTERNAL_ASSET.search(html), EXTERNAL_ASSET.search(html).group(0)
    assert "/static/drf_spectacular_sidecar/" in html
    assert SCHEMA in html


@pytest.mark.parametrize(
    "asset",
    [
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js",
    ],
)
@pytest.mark.parametrize("autorefresh", [False, True], ids=["production", "tests"])
def test_docs_assets_are_served_locally(asset, autorefresh, settings):
    # Production reads the static files when the middleware is made; the other tests look them
    # up per request (tests/conftest.py). Both serve them.
    settings.WHITENOISE_AUTOREFRESH = autorefresh
    response = APIClient().get(asset)

    assert response.status_code == 200
