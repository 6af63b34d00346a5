"""Celery tasks of the berichten app: thin wrappers around bezorging.py."""

from celery import shared_task

from berichten import bezorging


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def bezorg_bericht(bericht_pk: int) -> str | None:
    """One delivery attempt over the bericht's kanaal, queued after its publication commits
    and again (with a countdown) after a temporary failure.

    A duplicate message is harmless: the attempt claims the bericht under a row lock first and
    does nothing when it is already sent or claimed (bezorging.py).
    """
    return bezorging.bezorg(bericht_pk)


@shared_task(ignore_result=True)
def publiceer_berichten() -> dict:
    """Beat: publish berichten whose publicatieDatum passed, re-queue lost deliveries."""
    return bezorging.publiceer_due_berichten()
