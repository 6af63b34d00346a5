"""Token authentication and per-API scopes on the Klantinteracties API."""

import hashlib

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from klantenregister.core.models import ApiClient
from klantenregister.core.services import create_api_client
from tests.api.helpers import KI, problem

pytestmark = pytest.mark.django_db

PARTIJEN = f"{KI}/partijen"
NIEUWE_CATEGORIE = {"naam": "VIP"}


def token_client(header: str | None) -> APIClient:
    client = APIClient()
    if header is not None:
        client.credentials(HTTP_AUTHORIZATION=header)
    return client


def test_missing_token_gives_401_problem_json():
    response = token_client(None).get(PARTIJEN)

    body = problem(response, 401)
    assert body["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Token"


def test_unknown_token_gives_401_problem_json():
    create_api_client("bestaand", "all")

    body = problem(token_client("Token dit-is-geen-bestaande-sleutel").get(PARTIJEN), 401)
    assert body["code"] == "authentication_failed"


@pytest.mark.parametrize("header", ["Token a b", "Token", "Token  "])
def test_malformed_token_header_gives_401(header):
    problem(token_client(header).get(PARTIJEN), 401)


def test_other_authorization_scheme_gives_401():
    problem(token_client("Bearer abc.def.ghi").get(PARTIJEN), 401)


def test_token_of_inactive_client_gives_401():
    client, key = create_api_client("uitgezet", "all")
    ApiClient.objects.filter(pk=client.pk).update(is_active=False)

    problem(token_client(f"Token {key}").get(PARTIJEN), 401)


def test_token_keyword_is_case_insensitive():
    _, key = create_api_client("kleine-letters", "klantinteracties:read")

    assert token_client(f"token {key}").get(PARTIJEN).status_code == 200


def test_read_scope_can_list_and_retrieve(ki_read):
    assert ki_read.get(PARTIJEN).status_code == 200
    assert ki_read.get(f"{KI}/categorieen").status_code == 200


def test_read_scope_cannot_write_and_403_names_the_write_scope(ki_read):
    response = ki_read.post(f"{KI}/categorieen", NIEUWE_CATEGORIE, format="json")

    body = problem(response, 403)
    assert body["code"] == "permission_denied"
    assert "klantinteracties:write" in body["detail"]


def test_write_scope_implies_read(make_client):
    writer = make_client("klantinteracties:write")

    created = writer.post(f"{KI}/categorieen", NIEUWE_CATEGORIE, format="json")
    assert created.status_code == 201, created.json()
    assert writer.get(f"{KI}/categorieen").status_code == 200
    assert writer.get(created.json()["url"]).status_code == 200


def test_scope_of_another_api_gives_403_naming_the_needed_scope(make_client):
    taken_writer = make_client("taken:write")

    body = problem(taken_writer.get(PARTIJEN), 403)
    assert "klantinteracties:read" in body["detail"]
    body = problem(taken_writer.post(f"{KI}/categorieen", NIEUWE_CATEGORIE, format="json"), 403)
    assert "klantinteracties:write" in body["detail"]


def test_client_whose_scopes_were_all_removed_gets_403():
    client, key = create_api_client("zonder-scopes", "klantinteracties:read")
    ApiClient.objects.filter(pk=client.pk).update(scopes=[])

    problem(token_client(f"Token {key}").get(PARTIJEN), 403)


@override_settings(ROOT_URLCONF="tests.api.failing_urls")
def test_view_that_names_no_api_is_refused_even_with_every_scope(api):
    problem(api.get(f"{KI}/zonder-api"), 403)


def test_key_is_stored_only_as_its_sha256_hash():
    client, key = create_api_client("gehasht", "klantinteracties:read")
    client.refresh_from_db()

    assert client.key_hash != key
    assert client.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {str(value) for value in vars(client).values()}
    assert client.key_prefix == key[:8]


def test_successful_request_records_last_use():
    client, key = create_api_client("gebruikt", "klantinteracties:read")
    assert client.last_used_at is None

    token_client(f"Token {key}").get(PARTIJEN)

    client.refresh_from_db()
    assert client.last_used_at is not None
