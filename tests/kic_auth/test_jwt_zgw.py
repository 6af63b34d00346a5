"""JWT-ZGW bearer tokens (spec kic_compat §2): HS256 only, `client_id` selects the client and
its secret, `iat` required and at most JWT_EXPIRY old, never in the future. Every failure is a
401 problem+json with its own code."""

import jwt
import pytest

from klantenregister.api.jwt import make_token
from klantenregister.core.models import ApiClient
from tests.kic_auth.helpers import (
    PROBLEM,
    SECRET,
    bearer,
    call,
    jwt_client,
    now,
    unsigned_token,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_with_secret():
    client, _ = jwt_client()
    return client


def assert_401(response, code: str):
    assert response.status_code == 401, response.content
    assert response["Content-Type"] == PROBLEM
    assert response.data["code"] == code
    assert response.data["status"] == 401
    assert response.data["instance"].startswith("urn:uuid:")
    assert response.data["detail"]


def test_a_valid_token_authenticates_as_the_client_named_by_client_id(client_with_secret):
    response = call(authorization=bearer(user_id="u123", user_representation="Jan Jansen"))

    assert response.status_code == 200
    assert response.data == {
        "client": "Zaaksysteem",
        "user_id": "u123",
        "user_representation": "Jan Jansen",
    }
    client_with_secret.refresh_from_db()
    assert client_with_secret.last_used_at is not None


def test_user_claims_are_cut_to_255_characters(client_with_secret):
    response = call(authorization=bearer(user_id="x" * 300, user_representation="y" * 300))

    assert response.data["user_id"] == "x" * 255
    assert response.data["user_representation"] == "y" * 255


def test_no_credentials_is_401_not_authenticated():
    response = call()

    assert_401(response, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_wrong_signature_is_401_invalid_jwt_signature(client_with_secret):
    assert_401(
        call(authorization=bearer(secret="een-ander-geheim-van-32-tekens-lang")),
        "invalid-jwt-signature",
    )


def test_tampered_payload_is_401_invalid_jwt_signature(client_with_secret):
    header, _, signature = bearer()[len("Bearer ") :].split(".")
    other = jwt.encode({"client_id": "Zaaksysteem", "iat": now(), "user_id": "admin"}, "x" * 32)
    tampered = f"{header}.{other.split('.')[1]}.{signature}"

    assert_401(call(authorization=f"Bearer {tampered}"), "invalid-jwt-signature")


def test_unknown_client_id_is_401_invalid_client_identifier(client_with_secret):
    assert_401(call(authorization=bearer(client_id="Onbekend")), "invalid-client-identifier")


def test_client_without_a_jwt_secret_cannot_use_jwt(db):
    jwt_client(naam="Alleen token", secret="")

    assert_401(call(authorization=bearer(client_id="Alleen token")), "invalid-client-identifier")


def test_inactive_client_is_refused(client_with_secret):
    ApiClient.objects.filter(pk=client_with_secret.pk).update(is_active=False)

    assert_401(call(authorization=bearer()), "invalid-client-identifier")


def test_missing_client_id_is_401_missing_client_identifier(client_with_secret):
    token = jwt.encode({"iss": "Zaaksysteem", "iat": now()}, SECRET, algorithm="HS256")

    assert_401(call(authorization=f"Bearer {token}"), "missing-client-identifier")


@pytest.mark.parametrize("client_id", ["", 12, None, ["Zaaksysteem"]])
def test_a_client_id_that_is_not_a_name_is_missing(client_with_secret, client_id):
    token = jwt.encode({"client_id": client_id, "iat": now()}, SECRET, algorithm="HS256")

    assert_401(call(authorization=f"Bearer {token}"), "missing-client-identifier")


def test_alg_none_is_refused(client_with_secret):
    token = unsigned_token(
        {"client_id": "Zaaksysteem", "iat": now()}, {"alg": "none", "typ": "JWT"}
    )

    assert_401(call(authorization=f"Bearer {token}"), "jwt-decode-error")


@pytest.mark.parametrize("algorithm", ["HS512", "HS384"])
def test_other_algorithms_are_refused_even_with_the_right_secret(client_with_secret, algorithm):
    token = make_token("Zaaksysteem", SECRET, algorithm=algorithm)

    assert_401(call(authorization=f"Bearer {token}"), "jwt-decode-error")


def test_stale_iat_is_401_jwt_expired(client_with_secret):
    assert_401(call(authorization=bearer(iat=now() - 3601)), "jwt-expired")


def test_iat_within_jwt_expiry_is_accepted(client_with_secret):
    assert call(authorization=bearer(iat=now() - 3590)).status_code == 200


def test_jwt_expiry_and_leeway_come_from_the_settings(client_with_secret, settings):
    settings.JWT_EXPIRY = 60
    assert_401(call(authorization=bearer(iat=now() - 70)), "jwt-expired")

    settings.JWT_LEEWAY = 30
    assert call(authorization=bearer(iat=now() - 70)).status_code == 200
    assert call(authorization=bearer(iat=now() + 20)).status_code == 200
    assert_401(call(authorization=bearer(iat=now() - 100)), "jwt-expired")


def test_iat_in_the_future_is_refused(client_with_secret):
    assert_401(call(authorization=bearer(iat=now() + 60)), "jwt-decode-error")


def test_missing_iat_is_refused(client_with_secret):
    token = jwt.encode({"client_id": "Zaaksysteem"}, SECRET, algorithm="HS256")

    response = call(authorization=f"Bearer {token}")

    assert_401(response, "jwt-decode-error")
    assert "iat" in response.data["detail"]


def test_non_numeric_iat_is_refused(client_with_secret):
    token = jwt.encode({"client_id": "Zaaksysteem", "iat": "gisteren"}, SECRET, algorithm="HS256")

    assert_401(call(authorization=f"Bearer {token}"), "jwt-decode-error")


def test_exp_in_the_past_is_401_jwt_expired(client_with_secret):
    assert_401(call(authorization=bearer(exp=now() - 10)), "jwt-expired")


def test_exp_in_the_future_is_fine(client_with_secret):
    assert call(authorization=bearer(exp=now() + 600)).status_code == 200


def test_nbf_in_the_future_is_refused(client_with_secret):
    assert_401(call(authorization=bearer(nbf=now() + 600)), "jwt-decode-error")


@pytest.mark.parametrize(
    "authorization",
    ["Bearer abc", "Bearer a.b.c", "Bearer", "Bearer een twee", "Bearer ééé"],
)
def test_malformed_tokens_are_401_jwt_decode_error(client_with_secret, authorization):
    assert_401(call(authorization=authorization), "jwt-decode-error")


def test_a_short_shared_secret_still_works(db):
    jwt_client(naam="Oud systeem", secret="kort")

    assert call(authorization=bearer(client_id="Oud systeem", secret="kort")).status_code == 200


def test_the_token_header_still_works_beside_jwt(db):
    _, key = jwt_client()

    response = call(authorization=f"Token {key}")

    assert response.status_code == 200
    assert response.data["client"] == "Zaaksysteem"
    assert response.data["user_id"] == ""


def test_an_unreadable_stored_secret_is_a_401_not_a_500(client_with_secret):
    ApiClient.objects.filter(pk=client_with_secret.pk).update(
        jwt_secret_encrypted="fernet:gAAAAABnietteontsleutelen"
    )

    assert_401(call(authorization=bearer()), "invalid-client-identifier")
