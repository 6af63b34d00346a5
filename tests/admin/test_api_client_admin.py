"""API clients (applicaties) in the admin: the key is shown once and only its hash is kept."""

import re

import pytest
from django.contrib.messages import get_messages
from rest_framework.test import APIClient

from klantenregister.core.models import ApiClient, hash_key
from klantenregister.core.services import create_api_client
from tests.admin.conftest import admin_url
from tests.conftest import KI

pytestmark = pytest.mark.django_db

KEY = re.compile(r"sleutel[^:]*: (\S+) —")


def _keys_in(response) -> list[str]:
    return [
        match.group(1)
        for message in get_messages(response.wsgi_request)
        if (match := KEY.search(str(message)))
    ]


def _partijen_with(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get(f"{KI}/partijen").status_code


def test_adding_a_client_shows_its_key_once_and_stores_only_the_hash(staff):
    response = staff.post(
        admin_url(ApiClient, "add"),
        {"naam": "Zaaksysteem", "scopes": ["klantinteracties:read"], "is_active": "on"},
    )
    assert response.status_code == 302
    [key] = _keys_in(response)
    client = ApiClient.objects.get()
    assert client.scopes == ["klantinteracties:read"]
    assert client.key_hash == hash_key(key)
    assert client.key_prefix == key[:8]
    assert key not in {str(value) for value in client.__dict__.values()}
    assert _partijen_with(key) == 200

    # Shown on the page after the save, then never again; the hash is never shown.
    first = staff.get(response.url).content.decode()
    assert key in first
    assert client.key_hash not in first
    for url in (admin_url(ApiClient, "changelist"), admin_url(ApiClient, "change", client.pk)):
        html = staff.get(url).content.decode()
        assert key not in html
        assert client.key_hash not in html


def test_scopes_are_checkboxes_of_the_known_scopes(staff):
    response = staff.get(admin_url(ApiClient, "add"))
    html = response.content.decode()
    assert 'type="checkbox" name="scopes" value="klantinteracties:write"' in html
    response = staff.post(
        admin_url(ApiClient, "add"), {"naam": "X", "scopes": ["bestaat:niet"], "is_active": "on"}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["scopes"]
    assert not ApiClient.objects.exists()


def test_client_without_the_scope_is_refused(staff):
    response = staff.post(
        admin_url(ApiClient, "add"), {"naam": "Taken", "scopes": ["taken:read"], "is_active": "on"}
    )
    [key] = _keys_in(response)
    assert _partijen_with(key) == 403


def test_changing_scopes_keeps_the_key(staff):
    client, key = create_api_client("Zaaksysteem", "taken:read")
    response = staff.post(
        admin_url(ApiClient, "change", client.pk),
        {"naam": "Zaaksysteem", "scopes": ["klantinteracties:read"], "is_active": "on"},
    )
    assert response.status_code == 302
    assert not _keys_in(response)
    assert _partijen_with(key) == 200


def test_rotating_the_key_shows_the_new_one_and_invalidates_the_old(staff):
    client, old_key = create_api_client("Zaaksysteem", "klantinteracties:read")
    assert _partijen_with(old_key) == 200
    response = staff.post(
        admin_url(ApiClient, "changelist"),
        {"action": "nieuwe_sleutel_genereren", "_selected_action": [client.pk]},
    )
    assert response.status_code == 302
    [new_key] = _keys_in(response)
    assert new_key != old_key
    assert _partijen_with(old_key) == 401
    assert _partijen_with(new_key) == 200
    client.refresh_from_db()
    assert client.key_hash == hash_key(new_key)
