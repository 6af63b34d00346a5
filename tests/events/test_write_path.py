"""Writes through the API and the outbox: a refused write leaves nothing to deliver."""

import pytest

from klantenregister.events import services
from klantenregister.events.models import Delivery, Event
from tests.conftest import KI
from tests.events.conftest import run_outbox

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path, body",
    [
        ("partijen", {"soortPartij": "robot"}),
        ("categorieen", {"naam": "x" * 5000}),
        ("categorieen", ["geen object"]),
    ],
)
def test_a_refused_write_produces_nothing_to_deliver(api, receiver, path, body):
    from klantenregister.events.models import Abonnement, AbonnementKanaal

    abonnement = Abonnement.objects.create(naam="alles", callback_url=receiver.url)
    AbonnementKanaal.objects.create(abonnement=abonnement, naam="partijen")

    refused = api.post(f"{KI}/{path}", body, format="json")
    assert refused.status_code == 400
    assert services.fan_out() == 0
    assert not Event.objects.exists()
    assert not Delivery.objects.exists()

    # The same path with a good write does produce exactly one delivery.
    accepted = api.post(f"{KI}/categorieen", {"naam": "Ondernemer"}, format="json")
    assert accepted.status_code == 201
    run_outbox()
    [request] = receiver.requests
    assert request.json()["data"]["resourceUrl"] == accepted.json()["url"]


def test_one_transaction_with_several_events_queues_one_wake_up(
    kanaal, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from tests.events.conftest import TEST_KANAAL

    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        for number in range(3):
            services.record_event(
                kanaal=TEST_KANAAL.naam,
                resource="partij",
                actie="update",
                resource_url=f"http://testserver/p/{number}",
            )

    assert Event.objects.count() == 3
    assert callbacks == [services._wake_worker]


def test_a_wake_up_dropped_with_a_rolled_back_savepoint_is_registered_again(
    kanaal, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from tests.events.conftest import TEST_KANAAL

    def record(number):
        services.record_event(
            kanaal=TEST_KANAAL.naam,
            resource="partij",
            actie="update",
            resource_url=f"http://testserver/p/{number}",
        )

    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        try:
            with transaction.atomic():
                record(1)
                raise RuntimeError("the nested part fails")
        except RuntimeError:
            pass
        record(2)

    assert list(Event.objects.values_list("resource_url", flat=True)) == ["http://testserver/p/2"]
    assert callbacks == [services._wake_worker]
