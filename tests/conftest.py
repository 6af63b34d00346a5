import pytest
from rest_framework.test import APIClient

from klantenregister.core.services import create_api_client

KI = "/klantinteracties/api/v1"


def pytest_configure(config):
    """Staff users in the tests get a cheap password hash. The production hasher (PBKDF2 with
    a million rounds) costs about a second per user on a CI machine, and hundreds of admin
    tests each make one; what they test is the admin, not the hasher."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_client(db):
    """An APIClient authenticated as a new API client with the given scopes."""
    counter = iter(range(1, 10_000))

    def _make(scopes: str = "all") -> APIClient:
        _, key = create_api_client(f"test-client-{next(counter)}", scopes)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return _make


@pytest.fixture
def api(make_client) -> APIClient:
    """A client with every scope."""
    return make_client("all")


@pytest.fixture
def ki_read(make_client) -> APIClient:
    return make_client("klantinteracties:read")


# --- First-generation API (/api/kic/v1) clients: JWT-ZGW or Token (engineer A) -----------------
KIC = "/api/kic/v1"


@pytest.fixture
def make_kic_client(db):
    """An APIClient for /api/kic/v1, authenticated as a fresh API client.

    `scopes`: product scopes (`kic:read`, `kic:write`, `all`, ...); `kic_scopes`: explicit
    first-generation scopes (`klanten.lezen`, ...). With `jwt=True` (default) it sends a JWT-ZGW
    bearer token signed with the client's own secret, else the product's `Token` header. The
    returned client has `.api_client` (the ApiClient) and `.jwt_secret` for tests that need them.
    """
    from klantenregister.api.jwt import make_token

    counter = iter(range(1, 10_000))

    def _make(scopes=("kic:write",), kic_scopes=(), jwt=True, **claims) -> APIClient:
        naam = f"kic-test-client-{next(counter)}"
        secret = f"{naam}-secret-long-enough-for-hs256-keys"
        scope_str = scopes if isinstance(scopes, str) else ",".join(scopes)
        api_client, key = create_api_client(
            naam, scope_str, kic_scopes=kic_scopes, jwt_secret=secret
        )
        client = APIClient()
        if jwt:
            token = make_token(naam, secret, **claims)
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        else:
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        client.api_client = api_client
        client.jwt_secret = secret
        return client

    return _make


@pytest.fixture
def kic_api(make_kic_client) -> APIClient:
    """A /api/kic/v1 client holding `kic:write` (every first-generation scope), via JWT-ZGW."""
    return make_kic_client(("kic:write",))
