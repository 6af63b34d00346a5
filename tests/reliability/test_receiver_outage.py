"""A receiver that is down for a while misses nothing, and gets nothing that was rolled back."""

import pytest
from django.db import transaction

from klantenregister.events.models import Delivery, Event
from partijen.models import Partij
from tests.reliability.conftest import wait_until
from tests.reliability.helpers import create_partij, subscribe, timed_create_partij

WRITES = 20


class Rollback(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_writes_during_a_receiver_outage_succeed_fast_and_every_event_arrives_once_it_is_back(
    api, start_worker, make_receiver, record_property
):
    receiver = make_receiver(start=False)  # port reserved, connections refused
    abonnement = subscribe("ontvanger", receiver.url)
    worker = start_worker()

    committed = []
    for index in range(WRITES):
        event, seconds = timed_create_partij(api, f"Uitval {index}")
        assert seconds < 1.0, f"write {index} took {seconds:.2f}s while the receiver was down"
        committed.append(str(event.uuid))
    with pytest.raises(Rollback), transaction.atomic():
        rolled_back = str(create_partij(api, "Teruggedraaid").uuid)
        raise Rollback
    assert not Event.objects.filter(uuid=rolled_back).exists()
    assert not Partij.objects.filter(persoon__contactnaam_achternaam="Teruggedraaid").exists()

    # The worker really tried during the outage, and got refused.
    wait_until(
        lambda: Delivery.objects.filter(abonnement=abonnement, attempts__gte=2).count() == WRITES,
        timeout=20,
        message=lambda: f"not every delivery was retried while down\n{worker.tail()}",
    )
    assert not receiver.seen_ids()
    refused = Delivery.objects.filter(abonnement=abonnement).first()
    assert refused.status == Delivery.Status.PENDING
    assert "Geen verbinding" in refused.last_error, refused.last_error

    receiver.start()
    recovery = wait_until(
        lambda: set(committed) <= set(receiver.delivered_ids()),
        timeout=20,
        message=lambda: (
            f"missing after the receiver came back: "
            f"{sorted(set(committed) - set(receiver.delivered_ids()))}\n{worker.tail()}"
        ),
    )
    record_property("seconds_until_all_delivered_after_recovery", round(recovery, 2))

    delivered = receiver.delivered_ids()
    duplicates = len(delivered) - len(set(delivered))
    record_property("duplicates", duplicates)
    assert set(delivered) == set(committed), "an event arrived that was never committed"
    assert rolled_back not in receiver.seen_ids()
    # One worker that never crashed: at least once comes down to exactly once here.
    assert duplicates == 0, f"{duplicates} duplicate deliveries"
    # The receiver answered; the worker records that a moment later.
    wait_until(
        lambda: (
            not Delivery.objects.filter(abonnement=abonnement)
            .exclude(status=Delivery.Status.DELIVERED)
            .exists()
        ),
        timeout=5,
        message=lambda: f"deliveries not marked delivered\n{worker.tail()}",
    )
