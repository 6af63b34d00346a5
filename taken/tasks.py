"""Celery tasks of the taken app: thin wrappers around services, run by beat."""

from celery import shared_task
from django.conf import settings

from taken import services


@shared_task(ignore_result=True)
def bewaak_deadlines() -> dict:
    """Close klanttaken whose verloopdatum passed and send the due reminders.

    Safe to run often and from several workers at once: each taak is handled in its own
    transaction under a row lock (SKIP LOCKED), and a closed or reminded taak no longer
    matches.
    """
    return {
        "gesloten": services.sluit_verlopen_taken(),
        "herinnerd": services.herinner_taken(settings.TAKEN_HERINNERING_DAGEN),
    }
