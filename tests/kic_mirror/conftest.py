"""kic-001 tests: a real test DRC on 127.0.0.1, the register on PostgreSQL, fast retries.

Most tests record jobs inside the test's transaction and then run the worker's code
(`deliver`) themselves; the tests of "after commit", the DRC's callback and real workers use
transactional databases (and tests/reliability's worker fixtures).
"""

import time

import pytest

from kic_compat.drc_mirror import services as mirror
from kic_compat.drc_mirror.models import DrcMirrorJob
from kic_compat.models import Verzoek, VerzoekInformatieObject
from klantenregister.core.services import create_api_client, create_externe_dienst
from tests.admin.conftest import staff  # noqa: F401 (the admin tests' logged-in client)
from tests.conftest import KIC
from tests.kic_mirror.drc import FakeDrc
from tests.reliability.conftest import broker, start_worker  # noqa: F401 (real workers)

VERZOEKEN = f"{KIC}/verzoeken"
VIOS = f"{KIC}/verzoekinformatieobjecten"
SITE = "http://kic.test"
# The DRC's applicatie at the KIC (for its callback query); gets plain arrays (spec §6.2).
DRC_AT_KIC = "drc-bij-kic"
DRC_AT_KIC_SECRET = "drc-bij-kic-secret-long-enough"

FAST = {
    "KIC_DRC_MIRROR_RETRY_BASE_SECONDS": 0.05,
    "KIC_DRC_MIRROR_RETRY_MAX_SECONDS": 0.4,
    "KIC_DRC_CONNECT_TIMEOUT": 0.5,
    "KIC_DRC_READ_TIMEOUT": 0.5,
}


@pytest.fixture(autouse=True)
def fast_mirror(settings):
    for name, value in FAST.items():
        setattr(settings, name, value)
    # Verzoek URLs are the same inside and outside a request.
    settings.SITE_URL = SITE
    settings.KIC_PLAIN_LIST_CLIENTS = [DRC_AT_KIC]


@pytest.fixture
def drc():
    server = FakeDrc().start()
    yield server
    server.stop()


@pytest.fixture
def drc_dienst(db, drc):
    """The DRC as an ExterneDienst: its API root, and the client id and secret it gave us."""
    return create_externe_dienst("DRC", f"{drc.root}/", drc.client_id, drc.secret)


@pytest.fixture
def verzoek_factory(db):
    counter = iter(range(1, 100_000))

    def _make(**fields) -> Verzoek:
        from kic_compat.verzoeken import services

        data = {
            "bronorganisatie": "002220647",
            "identificatie": f"VRZ-{next(counter)}",
            "status": "ontvangen",
            "tekst": "Aanvraag parkeervergunning",
            **fields,
        }
        return services.create_verzoek(data)

    return _make


def add_document(verzoek: Verzoek, informatieobject: str) -> VerzoekInformatieObject:
    """A relation through the service (as the API and the admin make it)."""
    from kic_compat.verzoeken import services

    return services.create_verzoekinformatieobject(
        {"verzoek": verzoek, "informatieobject": informatieobject}
    )


def verzoek_url(verzoek: Verzoek) -> str:
    return f"{SITE}{VERZOEKEN}/{verzoek.uuid}"


def jobs(**filters) -> list[DrcMirrorJob]:
    return list(DrcMirrorJob.objects.filter(**filters).order_by("id"))


def deliver(timeout: float = 5.0) -> None:
    """Run the worker's code until no job is pending (waiting out backoffs), or fail."""
    deadline = time.monotonic() + timeout
    while DrcMirrorJob.objects.filter(status=DrcMirrorJob.Status.PENDING).exists():
        if time.monotonic() > deadline:
            pending = jobs(status=DrcMirrorJob.Status.PENDING)
            raise AssertionError(f"still pending: {[(j.actie, j.last_error) for j in pending]}")
        if not mirror.deliver_due():
            time.sleep(0.02)


@pytest.fixture
def drc_at_kic(db):
    """The applicatie the DRC uses for its callback (verzoeken.lezen only)."""
    client, _ = create_api_client(
        DRC_AT_KIC, [], kic_scopes=["verzoeken.lezen"], jwt_secret=DRC_AT_KIC_SECRET
    )
    return client


@pytest.fixture
def eager_celery(settings):
    """Tasks run in the process that queues them, as with `make run` (CI sets a broker)."""
    from klantenregister.celery import app

    saved = app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


@pytest.fixture
def kic_live(live_server, settings, eager_celery, drc, drc_dienst, drc_at_kic):
    """The register served over HTTP with eager Celery, its verzoek URLs pointing there, and
    the DRC checking every POST and DELETE against it (as Open Zaak)."""
    settings.SITE_URL = live_server.url
    drc.callback = (DRC_AT_KIC, DRC_AT_KIC_SECRET)
    return live_server
