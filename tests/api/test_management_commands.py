"""create_api_client and ensure_dev_accounts: the ways a token comes into being."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from rest_framework.test import APIClient

from klantenregister.api.scopes import ALL_SCOPES
from klantenregister.core.models import ApiClient
from tests.api.helpers import KI

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def get_with_token(token: str, path: str = f"{KI}/partijen"):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get(path)


def test_create_api_client_prints_a_working_token_alone_on_the_last_line():
    out, _ = run("create_api_client", "x", "--scopes", "klantinteracties:write,taken:read")

    token = out.strip().splitlines()[-1]
    assert token == token.strip() and " " not in token and len(token) >= 40
    assert get_with_token(token).status_code == 200
    client = ApiClient.objects.get(naam="x")
    assert client.scopes == ["klantinteracties:write", "taken:read"]
    assert client.key_hash != token


def test_create_api_client_keeps_explanations_out_of_stdout():
    out, err = run("create_api_client", "x", "--scopes", "klantinteracties:read")

    assert len(out.strip().splitlines()) == 1
    assert "klantinteracties:read" in err


def test_create_api_client_with_scopes_all_grants_every_scope():
    out, _ = run("create_api_client", "alles", "--scopes", "all")

    assert sorted(ApiClient.objects.get(naam="alles").scopes) == sorted(ALL_SCOPES)
    assert get_with_token(out.strip().splitlines()[-1]).status_code == 200


@pytest.mark.parametrize(
    "scopes",
    ["klantinteracties:admin", "klantinteracties:read,onbekend:read", "", "all,taken:read"],
)
def test_create_api_client_with_unknown_or_no_scope_fails_and_creates_nothing(scopes):
    with pytest.raises(CommandError):
        run("create_api_client", "fout", "--scopes", scopes)

    assert not ApiClient.objects.exists()


def test_create_api_client_error_names_the_unknown_scope():
    with pytest.raises(CommandError, match="klantinteracties:admin"):
        run("create_api_client", "fout", "--scopes", "klantinteracties:admin")


def test_create_api_client_with_a_taken_name_fails_and_keeps_the_first_client():
    out, _ = run("create_api_client", "dubbel", "--scopes", "klantinteracties:read")

    with pytest.raises(CommandError):
        run("create_api_client", "dubbel", "--scopes", "all")

    assert ApiClient.objects.get().scopes == ["klantinteracties:read"]
    assert get_with_token(out.strip().splitlines()[-1]).status_code == 200


def printed_dev_token(out: str) -> str:
    match = re.search(r"API token:\s+(\S+)", out)
    assert match, out
    return match.group(1)


@override_settings(DEBUG=False)
def test_ensure_dev_accounts_refuses_with_debug_off():
    with pytest.raises(CommandError, match="DEBUG"):
        run("ensure_dev_accounts")

    assert not ApiClient.objects.exists()
    assert not get_user_model().objects.exists()


def test_ensure_dev_accounts_is_idempotent_and_prints_a_working_token():
    with override_settings(DEBUG=True):
        first, _ = run("ensure_dev_accounts")
        second, _ = run("ensure_dev_accounts")

    assert ApiClient.objects.count() == 1
    assert get_user_model().objects.filter(is_superuser=True, is_staff=True).count() == 1
    token = printed_dev_token(second)
    assert get_with_token(token).status_code == 200
    assert sorted(ApiClient.objects.get().scopes) == sorted(ALL_SCOPES)
    # The second run rotated the key: the first token no longer works.
    assert get_with_token(printed_dev_token(first)).status_code == 401


def test_ensure_dev_accounts_reactivates_a_disabled_dev_client():
    with override_settings(DEBUG=True):
        run("ensure_dev_accounts")
        ApiClient.objects.update(is_active=False, scopes=["taken:read"])
        out, _ = run("ensure_dev_accounts")

    assert get_with_token(printed_dev_token(out)).status_code == 200
