"""Celery tasks of the outbox: thin wrappers around services."""

import time

from celery import shared_task
from django.conf import settings

from klantenregister.events import services

# A follow-up never comes sooner than this: a delivery that is due but cannot be claimed yet
# (another worker holds it, or an earlier event of the same object is still pending) must not
# make the task re-queue itself in a tight loop.
MIN_FOLLOW_UP_SECONDS = 0.5


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def process_outbox() -> dict:
    """Fan out new events and deliver what is due, for at most EVENTS_TASK_SECONDS.

    Queued after every committed write and by the beat schedule (the sweep that also catches
    retries falling due and deliveries whose worker died). Several may run at once: events and
    deliveries are claimed with row locks, so no two workers take the same one.

    Acks late: a worker killed mid-run leaves the message unacknowledged, and the broker hands
    it out again after the visibility timeout (Redis), by which time the dead worker's claims
    (EVENTS_LEASE_SECONDS, shorter than that timeout) have expired.
    """
    deadline = time.monotonic() + settings.EVENTS_TASK_SECONDS
    fanned = attempted = 0
    while time.monotonic() < deadline:
        fanned_now = services.fan_out()
        attempted_now = services.deliver_due()
        fanned += fanned_now
        attempted += attempted_now
        if not fanned_now and not attempted_now:
            break
    else:
        # Out of time with work left: hand the rest to a fresh task (eagerly that would recurse
        # inside the caller; the sweep takes the rest instead).
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            process_outbox.delay()
        return {"fanned_out": fanned, "attempted": attempted}
    if attempted and not settings.CELERY_TASK_ALWAYS_EAGER:
        # Only a run that made attempts schedules the next one: each write queues a wake-up,
        # and if every run that found nothing to do scheduled a follow-up as well, a receiver
        # outage would keep one self-perpetuating chain alive per write made during it.
        due_in = services.seconds_until_next_due()
        if due_in is not None and due_in < settings.EVENTS_SWEEP_SECONDS:
            # A retry falls due before the next sweep: be there on time (a little after, so
            # the follow-up does not arrive a moment early, find nothing and end the chain).
            process_outbox.apply_async(countdown=max(due_in + 0.1, MIN_FOLLOW_UP_SECONDS))
    return {"fanned_out": fanned, "attempted": attempted}


@shared_task(ignore_result=True)
def prune_events() -> int:
    return services.prune_events()
