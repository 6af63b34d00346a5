import os

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from klantenregister.core.services import create_api_client
from tests import parallel

KI = "/klantinteracties/api/v1"


def pytest_configure(config):
    """Staff users in the tests get a cheap password hash. The production hasher (PBKDF2 with
    a million rounds) costs about a second per user on a CI machine, and hundreds of admin
    tests each make one; what they test is the admin, not the hasher."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    # WhiteNoise (production settings) reads all 170 static files when its middleware is made,
    # and the test client makes the middleware anew for each client, so for nearly every test:
    # 16 ms of CPU (30 ms and more on a busy machine) each time. Autorefresh looks a file up when
    # it is asked for instead and serves the same files; tests/api/test_openapi.py checks the
    # production path (files read at start-up) itself.
    settings.WHITENOISE_AUTOREFRESH = True

    # The test databases need no durability: commits (migrations, transactional tests, the
    # Celery workers of tests/reliability, which inherit the variable) return without waiting
    # for the WAL to reach the disk. What the other sessions see is the same.
    options = os.environ.get("PGOPTIONS", "")
    if "synchronous_commit" not in options:
        os.environ["PGOPTIONS"] = f"{options} -c synchronous_commit=off".strip()

    # Per-worker Redis databases and files (tests/parallel.py). The xdist controller runs no
    # test: it only checks, before any worker starts, that every worker gets databases of its own.
    if hasattr(config, "workerinput"):
        parallel.configure_worker()
    else:
        workers = getattr(config.option, "numprocesses", None) or 0
        parallel.check_redis_plan(workers)
        if not workers:
            parallel.configure_worker()


def pytest_unconfigure(config):
    parallel.remove_worker_dir()


def _is_transactional(item) -> bool:
    if "transactional_db" in getattr(item, "fixturenames", ()):
        return True
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    return bool(marker.kwargs.get("transaction", marker.args[0] if marker.args else False))


def pytest_collection_modifyitems(config, items):
    # module_db's data lives in a transaction that stays open until the module's last test; a
    # transactional test in the module would flush it, and its commits would not be commits.
    shared = {item.module for item in items if "module_db" in getattr(item, "fixturenames", ())}
    for item in items:
        if getattr(item, "module", None) in shared and _is_transactional(item):
            raise pytest.UsageError(
                f"{item.nodeid}: a transactional test (django_db(transaction=True)) in a module "
                "whose tests share data through module_db; move one of them to another module."
            )


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """Database access for module-scoped fixtures that build data once for all tests of a
    module, as TestCase.setUpTestData does: the data is made in a transaction that is rolled
    back after the module's last test, and each test runs in a savepoint inside it (the usual
    `db` fixture), so what one test changes is gone before the next. Only for `db` tests, not
    transactional ones (collection refuses the combination). A fixture on top of this one
    should hand each test a copy of any model instances it returns (copy.deepcopy), as
    setUpTestData does, so that one test's changes in memory do not reach the next.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


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
