"""JWT-ZGW secrets are stored encrypted (HS256 verification needs the secret itself), never
shown back; `create_api_client --jwt-secret` and the admin set them."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from klantenregister.core import crypto
from klantenregister.core.models import ApiClient
from klantenregister.core.services import create_api_client, set_jwt_secret
from partijen.models import Partij
from tests.admin.conftest import admin_url
from tests.conftest import KI
from tests.kic_auth.helpers import SECRET, bearer, call

pytestmark = pytest.mark.django_db


def _stored_column(client: ApiClient) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT jwt_secret_encrypted FROM {ApiClient._meta.db_table} WHERE id = %s",
            [client.pk],
        )
        return cursor.fetchone()[0]


def test_the_secret_is_encrypted_at_rest_and_decrypts():
    client, _ = create_api_client("Zaaksysteem", "kic:read", jwt_secret=SECRET)

    stored = _stored_column(client)
    assert stored.startswith("fernet:")
    assert SECRET not in stored
    assert SECRET.encode().hex() not in stored
    assert ApiClient.objects.get(pk=client.pk).get_jwt_secret() == SECRET


def test_the_same_secret_encrypts_differently_each_time():
    assert crypto.encrypt(SECRET) != crypto.encrypt(SECRET)


def test_replacing_and_removing_the_secret():
    client, _ = create_api_client("Zaaksysteem", "kic:read", jwt_secret=SECRET)
    set_jwt_secret(client, "een-nieuw-geheim-van-minstens-32-tekens")

    assert call(authorization=bearer()).data["code"] == "invalid-jwt-signature"
    new = bearer(secret="een-nieuw-geheim-van-minstens-32-tekens")
    assert call(authorization=new).status_code == 200

    set_jwt_secret(client, "")
    assert _stored_column(client) == ""
    assert call(authorization=new).data["code"] == "invalid-client-identifier"


def test_key_rotation_with_field_encryption_keys(settings):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old_key]
    client, _ = create_api_client("Zaaksysteem", "kic:read", jwt_secret=SECRET)

    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    assert ApiClient.objects.get(pk=client.pk).get_jwt_secret() == SECRET
    call_command("rotate_encryption_keys", stdout=io.StringIO(), stderr=io.StringIO())

    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert ApiClient.objects.get(pk=client.pk).get_jwt_secret() == SECRET
    assert call(authorization=bearer()).status_code == 200

    settings.FIELD_ENCRYPTION_KEYS = [old_key]
    with pytest.raises(crypto.DecryptionError):
        ApiClient.objects.get(pk=client.pk).get_jwt_secret()


def test_without_field_encryption_keys_the_key_derives_from_secret_key(settings):
    settings.FIELD_ENCRYPTION_KEYS = []
    stored = crypto.encrypt(SECRET)

    settings.SECRET_KEY = "een-andere-secret-key"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(stored)


def test_a_malformed_field_encryption_key_is_a_clear_configuration_error(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.FIELD_ENCRYPTION_KEYS = ["geen-fernet-sleutel"]
    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEYS"):
        crypto.encrypt(SECRET)


# --- create_api_client --------------------------------------------------------------------------


def _create(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_client", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_api_client_with_a_jwt_secret_lets_the_client_sign_its_own_tokens():
    out, err = _create("Zaaksysteem", "--scopes", "kic:read", "--jwt-secret", SECRET)

    assert call(authorization=bearer()).status_code == 200
    assert SECRET not in out + err
    key = out.strip().splitlines()[-1]
    assert call(authorization=f"Token {key}").status_code == 200
    assert SECRET not in _stored_column(ApiClient.objects.get(naam="Zaaksysteem"))


def test_create_api_client_takes_first_generation_scopes_in_the_scope_list():
    _create("Zaaksysteem", "--scopes", "klanten.lezen,taken:read", "--jwt-secret", SECRET)

    client = ApiClient.objects.get(naam="Zaaksysteem")
    assert (client.scopes, client.kic_scopes) == (["taken:read"], ["klanten.lezen"])
    assert call("get", bearer()).status_code == 200
    assert call("post", bearer()).status_code == 403


def test_create_api_client_reads_the_secret_from_stdin_with_a_dash(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{SECRET}\n"))

    _create("Zaaksysteem", "--scopes", "kic:read", "--jwt-secret", "-")

    assert call(authorization=bearer()).status_code == 200


def test_create_api_client_refuses_unknown_scopes_and_creates_nothing():
    with pytest.raises(CommandError, match="klanten.lezn"):
        _create("Zaaksysteem", "--scopes", "klanten.lezn", "--jwt-secret", SECRET)

    assert not ApiClient.objects.exists()


def test_a_client_without_jwt_secret_uses_only_its_token():
    out, _ = _create("Portaal", "--scopes", "kic:read")

    assert ApiClient.objects.get(naam="Portaal").jwt_secret_encrypted == ""
    assert call(authorization=bearer(client_id="Portaal")).status_code == 401


# --- admin ----------------------------------------------------------------------------------------


def test_the_admin_adds_a_client_with_first_generation_scopes_and_a_secret(staff):
    html = staff.get(admin_url(ApiClient, "add")).content.decode()
    assert 'type="checkbox" name="kic_scopes" value="klanten.aanmaken"' in html
    assert 'type="password" name="jwt_secret"' in html

    response = staff.post(
        admin_url(ApiClient, "add"),
        {
            "naam": "Zaaksysteem",
            "scopes": [],
            "kic_scopes": ["klanten.lezen", "audittrails.lezen"],
            "jwt_secret": SECRET,
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    client = ApiClient.objects.get()
    assert client.kic_scopes == ["audittrails.lezen", "klanten.lezen"]
    assert SECRET not in _stored_column(client)
    assert call("get", bearer()).status_code == 200
    assert call("post", bearer()).status_code == 403


def test_the_admin_refuses_unknown_first_generation_scopes(staff):
    response = staff.post(
        admin_url(ApiClient, "add"),
        {"naam": "X", "kic_scopes": ["klanten.alles"], "is_active": "on"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["kic_scopes"]
    assert not ApiClient.objects.exists()


def _change(staff, client, **data):
    form = {
        "naam": client.naam,
        "scopes": client.scopes,
        "kic_scopes": client.kic_scopes,
        "is_active": "on",
        **data,
    }
    return staff.post(admin_url(ApiClient, "change", client.pk), form)


def test_the_admin_replaces_keeps_or_removes_the_secret_and_never_shows_it(staff):
    client, _ = create_api_client("Zaaksysteem", "kic:read", jwt_secret=SECRET)
    page = staff.get(admin_url(ApiClient, "change", client.pk)).content.decode()
    assert SECRET not in page
    assert client.jwt_secret_encrypted not in page

    assert _change(staff, client).status_code == 302  # blank: keeps the secret
    assert call(authorization=bearer()).status_code == 200

    new = "nog-een-ander-geheim-van-32-tekens-lang"
    assert _change(staff, client, jwt_secret=new).status_code == 302
    assert call(authorization=bearer()).status_code == 401
    assert call(authorization=bearer(secret=new)).status_code == 200
    assert new not in staff.get(admin_url(ApiClient, "change", client.pk)).content.decode()

    response = _change(staff, client, jwt_secret=new, jwt_secret_verwijderen="on")
    assert response.status_code == 200  # both at once is refused
    assert _change(staff, client, jwt_secret_verwijderen="on").status_code == 302
    assert ApiClient.objects.get().jwt_secret_encrypted == ""


def test_the_admin_changelist_says_whether_a_secret_is_set(staff):
    create_api_client("Met secret", "kic:read", jwt_secret=SECRET)
    html = staff.get(admin_url(ApiClient, "changelist")).content.decode()

    assert "JWT-secret ingesteld" in html
    assert SECRET not in html


# --- the JWT's user in the change history ---------------------------------------------------------


def test_a_jwt_user_is_named_in_the_change_history(db):
    create_api_client("Zaaksysteem", "klantinteracties:write", jwt_secret=SECRET)
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=bearer(user_id="u1", user_representation="Jan Jansen"))
    payload = {
        "soortPartij": "persoon",
        "indicatieActief": True,
        "partijIdentificatie": {"contactnaam": {"voornaam": "Jan", "achternaam": "Dijk"}},
    }

    response = api.post(f"{KI}/partijen", payload, format="json")

    assert response.status_code == 201, response.content
    partij = Partij.objects.get(uuid=response.json()["uuid"])
    [row] = partij.history.all()
    assert row.history_actor == "applicatie Zaaksysteem (gebruiker Jan Jansen)"
    assert row.history_api_client.naam == "Zaaksysteem"


def test_a_bearer_token_reaches_the_klantinteracties_api_as_the_same_client(db):
    create_api_client("Zaaksysteem", "klantinteracties:read", jwt_secret=SECRET)
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=bearer())
    assert api.get(f"{KI}/partijen").status_code == 200
    assert api.post(f"{KI}/partijen", {}, format="json").status_code == 403
    api.credentials(HTTP_AUTHORIZATION=bearer(secret="fout-geheim-van-ruim-32-tekens-lang"))
    response = api.get(f"{KI}/partijen")
    assert response.status_code == 401
    assert response.json()["code"] == "invalid-jwt-signature"


def test_secrets_from_before_the_first_key_survive_setting_it_and_the_rotation(settings):
    settings.FIELD_ENCRYPTION_KEYS = []
    client, _ = create_api_client("Zaaksysteem", "kic:read", jwt_secret=SECRET)

    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    assert ApiClient.objects.get(pk=client.pk).get_jwt_secret() == SECRET
    out = io.StringIO()
    call_command("rotate_encryption_keys", stdout=out, stderr=io.StringIO())
    assert "Re-encrypted 1 secret(s); 0 unreadable." in out.getvalue()

    settings.SECRET_KEY = "een-nieuwe-secret-key"
    assert ApiClient.objects.get(pk=client.pk).get_jwt_secret() == SECRET


def test_rotation_reports_a_secret_no_key_can_read_and_leaves_it(settings):
    client, _ = create_api_client("Zaaksysteem", "kic:read", jwt_secret=SECRET)
    ApiClient.objects.filter(pk=client.pk).update(jwt_secret_encrypted="fernet:onleesbaar")
    out, err = io.StringIO(), io.StringIO()

    call_command("rotate_encryption_keys", stdout=out, stderr=err)

    assert f"API-client (applicatie) {client.pk}" in err.getvalue()
    assert "0 secret(s); 1 unreadable" in out.getvalue()
    assert _stored_column(client) == "fernet:onleesbaar"


def test_rotation_covers_every_stored_secret(settings):
    from klantenregister.core.models import ExterneDienst
    from klantenregister.core.services import create_externe_dienst
    from klantenregister.events.models import Abonnement

    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old_key]
    create_api_client("Zaaksysteem", "kic:read", jwt_secret=SECRET)
    create_externe_dienst("ZRC", "https://zrc.example/api/v1/", "kr", "zrc-geheim")
    Abonnement.objects.create(naam="A", callback_url="https://a.example/cb", auth="Token abc")

    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    out = io.StringIO()
    call_command("rotate_encryption_keys", stdout=out, stderr=io.StringIO())
    assert "Re-encrypted 3 secret(s); 0 unreadable." in out.getvalue()

    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    settings.SECRET_KEY = "een-andere-secret-key"
    assert ApiClient.objects.get().get_jwt_secret() == SECRET
    assert ExterneDienst.objects.get().get_secret() == "zrc-geheim"
    assert Abonnement.objects.get().auth == "Token abc"


def test_the_dev_client_of_make_run_can_use_jwt_on_the_first_generation_api(settings):
    import re

    from rest_framework.test import APIClient

    settings.DEBUG = True
    for _ in range(2):  # idempotent: the second run keeps the JWT working
        out = io.StringIO()
        call_command("ensure_dev_accounts", stdout=out)
    printed = out.getvalue()
    token = re.search(r"a token valid for 3600 s: (\S+)", printed).group(1)
    assert "bronorganisatie: 123456782 (demo; set KIC_DEFAULT_BRONORGANISATIE)" in printed

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/kic/v1/klanten").status_code == 200
    assert SECRET not in _stored_column(ApiClient.objects.get())


def test_a_client_needs_at_least_one_scope_of_either_kind(staff):
    with pytest.raises(CommandError, match="scope"):
        _create("Leeg", "--scopes", "")
    response = staff.post(
        admin_url(ApiClient, "add"), {"naam": "Leeg", "scopes": [], "kic_scopes": []}
    )
    assert response.status_code == 200
    assert not ApiClient.objects.exists()

    _create("Alleen eerste generatie", "--scopes", "klanten.lezen")
    assert ApiClient.objects.get().scopes == []
