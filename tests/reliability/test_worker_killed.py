"""A worker killed in the middle of a delivery: the event is delivered after a restart."""

import time

import pytest

from klantenregister.events.models import Delivery
from tests.reliability.conftest import wait_until
from tests.reliability.helpers import create_partij, subscribe

# Redis hands an unacknowledged message out again after this long; the dead worker's claim on
# the delivery (lease) ends sooner, and a POST ends sooner still (connect + read timeout).
KILLED_WORKER_SETTINGS = {
    "CELERY_VISIBILITY_TIMEOUT": "4",
    "EVENTS_LEASE_SECONDS": "3",
    "EVENTS_CONNECT_TIMEOUT": "0.5",
    "EVENTS_READ_TIMEOUT": "2",
    "EVENTS_TASK_SECONDS": "3",
}


@pytest.mark.django_db(transaction=True)
def test_event_whose_worker_was_killed_mid_delivery_is_delivered_after_a_restart(
    api, broker, start_worker, make_receiver
):
    receiver = make_receiver(hang_requests=1)  # takes the first POST and never answers it
    subscribe("ontvanger", receiver.url)
    worker = start_worker(**KILLED_WORKER_SETTINGS)

    event = create_partij(api)
    assert receiver.in_flight.wait(timeout=15), f"no delivery attempt\n{worker.tail()}"
    in_flight_since = time.monotonic()
    worker.kill()

    # Killed with the POST open: no outcome recorded, the claim still held, and the task's
    # message (acks late) still unacknowledged in Redis.
    delivery = Delivery.objects.get(event=event)
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.attempts == 0
    assert delivery.locked_until is not None
    assert broker.hlen("unacked") == 1

    # A new worker takes the message back once its visibility timeout has passed.
    time.sleep(max(0.0, in_flight_since + 4.5 - time.monotonic()))
    restarted = start_worker(**KILLED_WORKER_SETTINGS)
    wait_until(
        lambda: str(event.uuid) in receiver.delivered_ids(),
        timeout=20,
        message=lambda: f"not delivered after the restart\n{restarted.tail()}",
    )

    # Same event id both times: the receiver can tell it is a repeat (at least once).
    assert receiver.seen_ids() == [str(event.uuid), str(event.uuid)]
    wait_until(  # the receiver answered; the worker records that a moment later
        lambda: Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.DELIVERED,
        timeout=5,
        message=lambda: f"delivery not marked delivered\n{restarted.tail()}",
    )
    delivery.refresh_from_db()
    assert delivery.attempts == 1
    wait_until(
        lambda: broker.hlen("unacked") == 0,
        timeout=5,
        message=lambda: "the redelivered message was not acknowledged",
    )
