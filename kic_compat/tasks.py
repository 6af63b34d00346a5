"""Celery tasks of kic_compat: thin wrappers around services."""

import time

from celery import shared_task
from django.conf import settings

from kic_compat.drc_mirror import services as drc_mirror
from klantenregister.events.tasks import MIN_FOLLOW_UP_SECONDS


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def mirror_drc_relations() -> int:
    """kic-001: deliver due DRC mirror jobs for at most EVENTS_TASK_SECONDS.

    Queued after every commit that recorded a job and by the beat sweep (retries falling due,
    jobs whose worker died). Acks late, as the outbox task: a worker killed mid-job leaves the
    message to be handed out again, by when the dead worker's claim has run out.
    """
    deadline = time.monotonic() + settings.EVENTS_TASK_SECONDS
    attempted = 0
    while time.monotonic() < deadline:
        now = drc_mirror.deliver_due()
        attempted += now
        if not now:
            break
    else:
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            mirror_drc_relations.delay()
        return attempted
    if attempted and not settings.CELERY_TASK_ALWAYS_EAGER:
        # A retry due before the next sweep gets a task of its own, on time.
        due_in = drc_mirror.seconds_until_next_due()
        if due_in is not None and due_in < settings.EVENTS_SWEEP_SECONDS:
            mirror_drc_relations.apply_async(countdown=max(due_in + 0.1, MIN_FOLLOW_UP_SECONDS))
    return attempted
