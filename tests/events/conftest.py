"""Fixtures for the outbox tests: a real receiver, a test kanaal, quick retry settings, and
helpers that record events and run the outbox the way a worker would."""

import time

import pytest
from django.db import transaction

from klantenregister.events import services
from klantenregister.events.kanalen import KANALEN, Kanaal, register_kanaal
from klantenregister.events.models import Abonnement, AbonnementKanaal, Delivery
from tests.events.receiver import Receiver

TEST_KANAAL = Kanaal("testkanaal", ("soort", "nummer"), "Only for the outbox tests.")
OBJECT_URL = "http://testserver/klantinteracties/api/v1/partijen/{}"


@pytest.fixture
def make_receiver():
    """Start any number of receivers; all are stopped after the test."""
    started: list[Receiver] = []

    def _make() -> Receiver:
        receiver = Receiver().start()
        started.append(receiver)
        return receiver

    yield _make
    for receiver in started:
        receiver.stop()


@pytest.fixture
def receiver(make_receiver) -> Receiver:
    return make_receiver()


@pytest.fixture
def kanaal():
    """The test kanaal, registered for the test and removed afterwards."""
    added = TEST_KANAAL.naam not in KANALEN
    register_kanaal(TEST_KANAAL)
    yield TEST_KANAAL
    if added:
        KANALEN.pop(TEST_KANAAL.naam, None)


@pytest.fixture
def quick_retries(settings):
    """Retries within fractions of a second, three attempts, short timeouts."""
    settings.EVENTS_RETRY_BASE_SECONDS = 0.05
    settings.EVENTS_RETRY_MAX_SECONDS = 0.2
    settings.EVENTS_MAX_ATTEMPTS = 3
    settings.EVENTS_CONNECT_TIMEOUT = 1.0
    settings.EVENTS_READ_TIMEOUT = 0.5
    return settings


@pytest.fixture
def make_abonnement(db, kanaal):
    counter = iter(range(1, 1000))

    def _make(
        url: str,
        *,
        formaat: str = Abonnement.Formaat.CLOUDEVENTS,
        auth: str = "",
        filters: dict | None = None,
        actief: bool = True,
    ) -> Abonnement:
        abonnement = Abonnement(
            naam=f"ontvanger {next(counter)}",
            callback_url=url,
            formaat=formaat,
            auth=auth,
            actief=actief,
        )
        abonnement.full_clean()
        abonnement.save()
        AbonnementKanaal.objects.create(
            abonnement=abonnement, naam=kanaal.naam, filters=filters or {}
        )
        return abonnement

    return _make


def record(object_id: str = "1", *, actie: str = "create", **kenmerken):
    """Record a test event for object `object_id` as a write service would: in a transaction."""
    url = OBJECT_URL.format(object_id)
    with transaction.atomic():
        return services.record_event(
            kanaal=TEST_KANAAL.naam,
            resource="partij",
            actie=actie,
            resource_url=url,
            kenmerken=kenmerken,
        )


def run_outbox(until=None, timeout: float = 10.0) -> None:
    """Fan out and deliver like a worker, waiting for retries to fall due, until `until()` is
    true (default: nothing pending any more)."""
    done = until or (lambda: not Delivery.objects.filter(status="pending").exists())
    deadline = time.monotonic() + timeout
    while True:
        services.fan_out()
        services.deliver_due()
        if done():
            return
        if time.monotonic() > deadline:
            raise AssertionError("The outbox did not reach the expected state in time.")
        time.sleep(0.02)


@pytest.fixture
def staff(db, django_user_model):
    """A client logged in as a superuser (force_login bypasses django-axes)."""
    from django.test import Client

    user = django_user_model.objects.create_superuser(
        username="beheerder", email="beheer@example.nl", password="een-lang-wachtwoord-123"
    )
    client = Client()
    client.force_login(user)
    return client
