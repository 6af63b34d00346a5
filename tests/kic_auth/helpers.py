import base64
import json
import time

from rest_framework.test import APIRequestFactory

from klantenregister.api.jwt import make_token
from klantenregister.core.services import create_api_client
from tests.kic_auth.views import ACTIONS, DETAIL_ACTIONS, KlantenProbe

SECRET = "een-gedeeld-geheim-van-minstens-32-tekens"
PROBLEM = "application/problem+json"


def jwt_client(naam="Zaaksysteem", scopes="kic:write", kic_scopes=(), secret=SECRET):
    client, key = create_api_client(naam, scopes, kic_scopes=kic_scopes, jwt_secret=secret)
    return client, key


def call(method="get", authorization=None, *, view=KlantenProbe, detail=False):
    """Call a probe view the way DRF would route it; returns the rendered response."""
    factory = APIRequestFactory()
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization is not None else {}
    request = getattr(factory, method)("/api/kic/v1/probe", **headers)
    actions = DETAIL_ACTIONS if detail else ACTIONS
    response = view.as_view(actions)(request, **({"pk": "1"} if detail else {}))
    response.render()
    return response


def bearer(client_id="Zaaksysteem", secret=SECRET, **claims) -> str:
    return f"Bearer {make_token(client_id, secret, **claims)}"


def unsigned_token(payload: dict, header: dict) -> str:
    """A token with whatever header (e.g. alg none) and no valid signature."""

    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part(header)}.{part(payload)}."


def now() -> int:
    return int(time.time())
