"""`manage.py process_outbox`: the outbox without a Celery worker."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from klantenregister.events.models import Delivery, Event
from tests.events.conftest import record

pytestmark = pytest.mark.django_db


def test_process_outbox_fans_out_and_delivers_what_is_due(receiver, make_abonnement):
    make_abonnement(receiver.url)
    events = [record(str(n)) for n in range(3)]
    out = StringIO()

    call_command("process_outbox", stdout=out)

    assert "3 event(s) fanned out, 3 attempt(s)." in out.getvalue()
    assert sorted(receiver.event_ids()) == sorted(str(e.uuid) for e in events)
    assert not Delivery.objects.exclude(status=Delivery.Status.DELIVERED).exists()


def test_process_outbox_with_prune_deletes_old_events_that_were_all_delivered(
    receiver, make_abonnement, quick_retries
):
    make_abonnement(receiver.url)
    delivered = record("a")
    call_command("process_outbox", stdout=StringIO())
    receiver.answer(500)
    failed = record("b")
    call_command("process_outbox", stdout=StringIO())
    recent = record("c")
    long_ago = timezone.now() - timedelta(days=quick_retries.EVENTS_RETENTION_DAYS + 1)
    Event.objects.filter(pk__in=[delivered.pk, failed.pk]).update(aanmaakdatum=long_ago)
    out = StringIO()

    call_command("process_outbox", "--prune", stdout=out)

    assert "1 old event(s) pruned." in out.getvalue()
    # An undelivered event stays until it is delivered (or its abonnement is deleted).
    assert set(Event.objects.values_list("pk", flat=True)) == {failed.pk, recent.pk}
