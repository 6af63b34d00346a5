"""Calls to other APIs (ZRC, DRC) carry a JWT-ZGW token signed with the client id and secret
that API gave us (an ExterneDienst; secret encrypted, set in the admin, never shown)."""

import time

import jwt
import pytest

from klantenregister.api.jwt import outbound_auth_headers
from klantenregister.core.models import ExterneDienst
from klantenregister.core.services import create_externe_dienst
from tests.admin.conftest import admin_url

pytestmark = pytest.mark.django_db

ZRC = "https://zaken.example.nl/zaken/api/v1/"
SECRET = "het-geheim-dat-de-zrc-ons-gaf-32-tekens"


def _claims(headers: dict, secret: str = SECRET) -> dict:
    scheme, token = headers["Authorization"].split(" ")
    assert scheme == "Bearer"
    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    return jwt.decode(token, secret, algorithms=["HS256"])


def test_a_url_under_a_configured_api_root_gets_a_fresh_token():
    create_externe_dienst("ZRC", ZRC, "klantenregister", SECRET, user_representation="KIC")

    claims = _claims(outbound_auth_headers(f"{ZRC}zaakcontactmomenten?zaak=x"))

    assert claims["client_id"] == "klantenregister"
    assert claims["iss"] == "klantenregister"
    assert abs(claims["iat"] - time.time()) < 5
    assert claims["user_representation"] == "KIC"
    assert "user_id" not in claims


def test_no_configured_service_means_no_header():
    create_externe_dienst("ZRC", ZRC, "klantenregister", SECRET)

    assert outbound_auth_headers("https://documenten.example.nl/api/v1/x") == {}
    assert outbound_auth_headers("https://zaken.example.nl/other/") == {}


def test_the_longest_api_root_wins_and_inactive_services_are_skipped():
    create_externe_dienst(
        "Breed", "https://zaken.example.nl/", "breed", "breed-geheim-van-ruim-32-tekens-lang"
    )
    smal = create_externe_dienst("Smal", ZRC, "smal", SECRET)

    assert _claims(outbound_auth_headers(f"{ZRC}zaken/1"))["client_id"] == "smal"

    ExterneDienst.objects.filter(pk=smal.pk).update(actief=False)
    headers = outbound_auth_headers(f"{ZRC}zaken/1")
    assert _claims(headers, "breed-geheim-van-ruim-32-tekens-lang")["client_id"] == "breed"


def test_the_secret_is_encrypted_at_rest():
    dienst = create_externe_dienst("ZRC", ZRC, "klantenregister", SECRET)

    stored = ExterneDienst.objects.values_list("secret_encrypted", flat=True).get(pk=dienst.pk)
    assert stored.startswith("fernet:")
    assert SECRET not in stored


def test_the_admin_sets_and_keeps_the_secret_and_never_shows_it(staff):
    data = {
        "naam": "ZRC",
        "api_root": ZRC,
        "client_id": "klantenregister",
        "user_id": "",
        "user_representation": "",
        "actief": "on",
    }
    response = staff.post(admin_url(ExterneDienst, "add"), data)
    assert response.status_code == 200  # a new service needs a secret
    assert not ExterneDienst.objects.exists()

    assert (
        staff.post(admin_url(ExterneDienst, "add"), {**data, "secret": SECRET}).status_code == 302
    )
    dienst = ExterneDienst.objects.get()
    change = admin_url(ExterneDienst, "change", dienst.pk)
    page = staff.get(change).content.decode()
    assert SECRET not in page
    assert dienst.secret_encrypted not in page
    assert staff.get(admin_url(ExterneDienst, "changelist")).status_code == 200

    assert staff.post(change, {**data, "client_id": "kr"}).status_code == 302  # secret kept
    assert _claims(outbound_auth_headers(ZRC))["client_id"] == "kr"
