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
