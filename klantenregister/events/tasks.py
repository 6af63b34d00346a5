"""Celery tasks of the outbox: thin wrappers around services."""

import time

from celery import shared_task
from django.conf import settings

from klantenregister.events import services


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def process_outbox() -> dict:
    """Fan out new events and deliver what is due, for at most EVENTS_TASK_SECONDS.

    Queued after every committed write and by the beat schedule (the sweep that also catches
    retries falling due and deliveries whose worker died). Several may run at once: events and
    deliveries are claimed with row locks, so no two workers take the same one.
    """
    deadline = time.monotonic() + settings.EVENTS_TASK_SECONDS
    fanned = delivered = 0
    while time.monotonic() < deadline:
        fanned_now = services.fan_out()
        delivered_now = services.deliver_due()
        fanned += fanned_now
        delivered += delivered_now
        if not fanned_now and not delivered_now:
            break
    else:
        # Out of time with work left: hand the rest to a fresh task.
        process_outbox.delay()
        return {"fanned_out": fanned, "attempted": delivered}
    due_in = services.seconds_until_next_due()
    if (
        due_in is not None
        and due_in < settings.EVENTS_SWEEP_SECONDS
        and not settings.CELERY_TASK_ALWAYS_EAGER
    ):
        # A retry falls due before the next sweep: be there on time.
        process_outbox.apply_async(countdown=due_in)
    return {"fanned_out": fanned, "attempted": delivered}


@shared_task(ignore_result=True)
def prune_events() -> int:
    return services.prune_events()
