"""A receiver that never answers does not slow down writes: delivery is the worker's business."""

import statistics

import pytest

from klantenregister.events.models import Delivery, Event
from tests.reliability.conftest import wait_until
from tests.reliability.helpers import create_partij, subscribe, timed_create_partij

WRITES = 10


@pytest.mark.django_db(transaction=True)
def test_writes_stay_fast_while_the_worker_hangs_on_a_receiver_that_never_answers(
    api, start_worker, make_receiver, record_property
):
    worker = start_worker(EVENTS_READ_TIMEOUT="10", EVENTS_LEASE_SECONDS="12")
    without = [timed_create_partij(api, f"Zonder {index}")[1] for index in range(WRITES)]

    wait_until(
        lambda: not Event.objects.filter(fanned_out_at__isnull=True).exists(),
        timeout=10,
        message=lambda: f"events not fanned out\n{worker.tail()}",
    )

    hanging = make_receiver(hang_requests=1_000)
    abonnement = subscribe("hangt", hanging.url)
    first = create_partij(api, "Eerste")
    assert hanging.in_flight.wait(timeout=15), f"no delivery attempt\n{worker.tail()}"

    hanging_writes = [timed_create_partij(api, f"Met {index}")[1] for index in range(WRITES)]

    # Still stuck on the first POST: every write above was made while delivery hung.
    assert hanging.seen_ids() == [str(first.uuid)]
    assert not Delivery.objects.filter(abonnement=abonnement, attempts__gt=0).exists()
    record_property("median_ms_without_receiver", round(statistics.median(without) * 1000, 1))
    record_property(
        "median_ms_hanging_receiver", round(statistics.median(hanging_writes) * 1000, 1)
    )
    # A guard, not a measurement (bench/events.py measures): a write that waited for the
    # receiver would take the read timeout, 10 s.
    assert max(hanging_writes) < 1.0, hanging_writes
