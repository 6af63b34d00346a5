"""The outbox: recording events inside a write's transaction, and delivering them afterwards.

Write services call `record_event` (or `record_object_event`); everything else here runs in
Celery workers (see tasks.py) or from the admin:

- `fan_out` turns new events into one Delivery per matching active abonnement;
- `deliver_due` claims due deliveries, POSTs them and records the outcome, with exponential
  backoff and jitter between attempts and a final `failed` state after the last one;
- `retry_deliveries` puts failed deliveries back in the queue and makes waiting ones due now
  (the admin's "Nu opnieuw afleveren").

Delivery is at least once: a worker that dies mid-POST leaves its claim to expire
(`EVENTS_LEASE_SECONDS`), after which another worker sends the event again with the same id.
Per abonnement, the events of one hoofdObject are delivered in the order they were recorded:
a delivery waits while an earlier one for the same object is still pending.
"""

import contextvars
import logging
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from simple_history.models import HistoricalRecords

from klantenregister.api.fields import resource_url
from klantenregister.core.history import current_actor
from klantenregister.core.retry import doubling_delay, readable_error
from klantenregister.events import delivery as wire
from klantenregister.events.kanalen import KANALEN
from klantenregister.events.models import Abonnement, Delivery, Event

logger = logging.getLogger(__name__)


# --- Recording (inside the write's transaction) ------------------------------------------------


def object_url(view_name: str, uuid) -> str:
    """Absolute URL of an API resource, also outside a request (Celery, manage.py).

    SITE_URL wins when set, so every event names its resource the same way; otherwise the
    current request's host is used, and without a request http://localhost:8000.
    """
    request = getattr(HistoricalRecords.context, "request", None)
    base = settings.SITE_URL or (
        request.build_absolute_uri("/")[:-1] if request is not None else "http://localhost:8000"
    )
    return base.rstrip("/") + resource_url(None, view_name, uuid)


def record_event(
    *,
    kanaal: str,
    resource: str,
    actie: str,
    resource_url: str,
    hoofd_object: str | None = None,
    kenmerken: dict | None = None,
    handeling: str = "",
) -> Event:
    """Add an event to the outbox; must run inside the transaction of the change it reports.

    If that transaction rolls back, so does the event; after it commits, a worker is asked to
    deliver it (the periodic sweep picks it up as well, should that request get lost).
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("record_event must be called inside the write's transaction.")
    client, actor = current_actor()
    event = Event.objects.create(
        kanaal=kanaal,
        resource=resource,
        actie=actie,
        handeling=handeling,
        resource_url=resource_url,
        hoofd_object=hoofd_object or resource_url,
        kenmerken=kenmerken or {},
        actor=actor,
        api_client=client,
    )
    # One wake-up per transaction is enough, however many events it records. (A wake-up
    # registered inside a savepoint that rolls back is dropped by Django, and the next event
    # registers a new one.)
    if not any(entry[1] is _wake_worker for entry in connection.run_on_commit):
        transaction.on_commit(_wake_worker)
    return event


@dataclass(frozen=True)
class Resource:
    """How the objects of one model are named in events (see `register_resource`)."""

    kanaal: str
    resource: str
    view_name: str
    # The object whose kanaal this is (a partij for its digitaal adres); None: the object itself.
    hoofd_object: Callable[[object], object] | None = None
    # Kenmerken, computed from the hoofd object.
    kenmerken: Callable[[object], dict] | None = None


_RESOURCES: dict[type, Resource] = {}


def register_resource(model: type, resource: Resource) -> None:
    """Declare how `model` appears in events; each app does this in its AppConfig.ready()."""
    if resource.kanaal not in KANALEN:
        raise ValueError(f"Register kanaal {resource.kanaal!r} before its resources.")
    _RESOURCES[model] = resource


def registered_resources() -> list[str]:
    """The resource names events can carry, for the admin's filters and the docs."""
    return sorted({spec.resource for spec in _RESOURCES.values()})


def record_object_event(obj, actie: str, *, handeling: str = "") -> Event:
    """`record_event` for a registered model's object: kanaal, URLs and kenmerken filled in.

    For `destroy`, call it after the delete: only the in-memory attributes are read.
    """
    spec = _RESOURCES[type(obj)]
    hoofd = spec.hoofd_object(obj) if spec.hoofd_object else obj
    hoofd_spec = _RESOURCES[type(hoofd)] if hoofd is not obj else spec
    return record_event(
        kanaal=spec.kanaal,
        resource=spec.resource,
        actie=actie,
        handeling=handeling,
        resource_url=object_url(spec.view_name, obj.uuid),
        hoofd_object=object_url(hoofd_spec.view_name, hoofd.uuid),
        kenmerken=spec.kenmerken(hoofd) if spec.kenmerken else {},
    )


class DeelVanHandeling:
    """Lets a higher app use an app's write services as parts of one handling of its own,
    with one event.

    Each app with such services holds one instance (`deel_van_handeling =
    DeelVanHandeling("partijen")`) and records its events through `record`. Inside
    `with deel_van_handeling():` those services validate and save as always but record no
    event; the caller records the handling's one event itself, in the same transaction (which
    must already be open). Events of other apps (a partij delete detaching betrokkenen, say)
    are still recorded: they concern other hoofdObjecten.
    """

    def __init__(self, app: str):
        self._active = contextvars.ContextVar(f"{app}_deel_van_handeling", default=False)

    @contextmanager
    def __call__(self) -> Iterator[None]:
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("deel_van_handeling must be used inside the caller's transaction.")
        token = self._active.set(True)
        try:
            yield
        finally:
            self._active.reset(token)

    def record(self, obj, actie: str, **kwargs) -> None:
        if not self._active.get():
            record_object_event(obj, actie, **kwargs)


def _wake_worker() -> None:
    from klantenregister.events.tasks import process_outbox

    try:
        # No publish retries: with the broker down, the write must not wait for it.
        process_outbox.apply_async(retry=False)
    except Exception:
        # The event is committed; the periodic sweep delivers it when the broker is back.
        logger.warning("Could not queue event delivery; the periodic sweep will.", exc_info=True)


# --- Fan-out -----------------------------------------------------------------------------------


def fan_out(limit: int | None = None) -> int:
    """Create the deliveries of up to `limit` new events, oldest first; returns how many events."""
    limit = limit or settings.EVENTS_BATCH_SIZE
    with transaction.atomic():
        events = list(
            Event.objects.filter(fanned_out_at__isnull=True)
            .order_by("id")
            .select_for_update(skip_locked=True)[:limit]
        )
        if not events:
            return 0
        abonnementen = list(Abonnement.objects.filter(actief=True).prefetch_related("kanalen"))
        deliveries = [
            Delivery(event=event, abonnement=abonnement, object_key=event.hoofd_object)
            for event in events
            for abonnement in abonnementen
            if abonnement.matches(event)
        ]
        Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        Event.objects.filter(pk__in=[event.pk for event in events]).update(
            fanned_out_at=timezone.now()
        )
    return len(events)


# --- Delivery ----------------------------------------------------------------------------------


def _waiting() -> "models.QuerySet[Delivery]":
    """Pending deliveries of active abonnementen that no earlier one of their object holds back.

    Deliveries of an inactive abonnement stay pending and untouched until it is active again.
    """
    earlier_pending = Delivery.objects.filter(
        abonnement=OuterRef("abonnement"),
        object_key=OuterRef("object_key"),
        status=Delivery.Status.PENDING,
        event_id__lt=OuterRef("event_id"),
    )
    return Delivery.objects.filter(status=Delivery.Status.PENDING, abonnement__actief=True).exclude(
        Exists(earlier_pending)
    )


def _claim(limit: int) -> list[Delivery]:
    """Due deliveries no other worker holds and no earlier one of the same object waits for."""
    now = timezone.now()
    with transaction.atomic():
        claimed = list(
            _waiting()
            .filter(next_attempt_at__lte=now)
            .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
            .order_by("event_id")
            .select_for_update(skip_locked=True, of=("self",))[:limit]
        )
        if claimed:
            locked_until = now + timedelta(seconds=settings.EVENTS_LEASE_SECONDS)
            Delivery.objects.filter(pk__in=[d.pk for d in claimed]).update(
                locked_until=locked_until
            )
    if not claimed:
        return []
    # Events and abonnementen read once per batch, outside the claim's transaction.
    return list(
        Delivery.objects.filter(pk__in=[d.pk for d in claimed])
        .select_related("event", "abonnement")
        .order_by("event_id")
    )


def backoff_seconds(attempts: int) -> float:
    """Wait before the next attempt: doubling from the base, capped, with "equal jitter".

    Half the delay is fixed and half random, so a receiver that comes back is not hit by every
    retry at once, while a retry never comes much sooner than the schedule says.
    """
    delay = doubling_delay(
        attempts, settings.EVENTS_RETRY_BASE_SECONDS, settings.EVENTS_RETRY_MAX_SECONDS
    )
    return delay / 2 + random.uniform(0, delay / 2)


def _record_outcome(delivery: Delivery, outcome: wire.Outcome) -> None:
    now = timezone.now()
    attempts = delivery.attempts + 1
    changes = {
        "attempts": attempts,
        "last_attempt_at": now,
        "last_status_code": outcome.status_code,
        "locked_until": None,
    }
    if outcome.delivered:
        changes.update(status=Delivery.Status.DELIVERED, delivered_at=now, last_error="")
    elif attempts >= settings.EVENTS_MAX_ATTEMPTS:
        changes.update(status=Delivery.Status.FAILED, last_error=readable_error(outcome.error))
        logger.warning(
            "Event %s to abonnement %s failed after %s attempts: %s",
            delivery.event.uuid,
            delivery.abonnement.naam,
            attempts,
            outcome.error,
        )
    else:
        changes.update(
            last_error=readable_error(outcome.error),
            next_attempt_at=now + timedelta(seconds=backoff_seconds(attempts)),
        )
    # Only while still pending: staff may have retried or the row may have been handled since.
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.PENDING).update(**changes)


def deliver_due(limit: int | None = None) -> int:
    """Claim and send up to `limit` due deliveries; returns how many were attempted."""
    batch = _claim(limit or settings.EVENTS_BATCH_SIZE)
    return _send_claimed(batch)


def _send_claimed(batch: list[Delivery]) -> int:
    attempted = 0
    for delivery in batch:
        if not _renew_lease(delivery):
            continue
        attempted += 1
        try:
            outcome = wire.post(delivery.event, delivery.abonnement)
        except Exception as exc:
            # Whatever went wrong counts as a failed attempt of this delivery only; the rest
            # of the batch goes on, and the delivery is not retried at full speed forever.
            logger.exception("Delivery %s could not be attempted", delivery.pk)
            outcome = wire.Outcome(False, error=f"Interne fout bij het versturen: {exc!r}")
        _record_outcome(delivery, outcome)
    return attempted


def _renew_lease(delivery: Delivery) -> bool:
    """Extend this worker's claim right before sending; False if it is no longer ours.

    A batch is claimed at once but sent one by one, so with slow receivers the lease of the
    last ones can run out and another worker take them; sending them here as well would be
    a needless duplicate. The claim's expiry time doubles as its token.
    """
    renewed = timezone.now() + timedelta(seconds=settings.EVENTS_LEASE_SECONDS)
    still_ours = Delivery.objects.filter(
        pk=delivery.pk, status=Delivery.Status.PENDING, locked_until=delivery.locked_until
    ).update(locked_until=renewed)
    delivery.locked_until = renewed
    return still_ours == 1


def seconds_until_next_due() -> float | None:
    """How long until the earliest pending delivery is due (None: nothing pending)."""
    # Only what a worker could claim: a delivery held back behind an earlier one of its object
    # (or of an inactive abonnement) may be long overdue, and would make this always 0.
    # A delivery another worker holds is due for us only when its claim runs out.
    due_at = Greatest("next_attempt_at", Coalesce("locked_until", "next_attempt_at"))
    upcoming = (
        _waiting()
        .annotate(due_at=due_at)
        .order_by("due_at")
        .values_list("due_at", flat=True)
        .first()
    )
    if upcoming is None:
        return None
    return max((upcoming - timezone.now()).total_seconds(), 0.0)


# --- Staff actions -----------------------------------------------------------------------------


@transaction.atomic
def retry_deliveries(deliveries) -> int:
    """Deliver the given deliveries again now; returns how many were put back in the queue.

    A failed delivery gets a new series of attempts (EVENTS_MAX_ATTEMPTS again); a pending one
    waiting out its backoff becomes due now, keeping its attempt count. One that a worker is
    sending right now, and delivered ones, are left alone.
    """
    now = timezone.now()
    restarted = deliveries.filter(status=Delivery.Status.FAILED).update(
        status=Delivery.Status.PENDING,
        attempts=0,
        next_attempt_at=now,
        locked_until=None,
    )
    hurried = (
        deliveries.filter(status=Delivery.Status.PENDING, next_attempt_at__gt=now)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .update(next_attempt_at=now)
    )
    if restarted or hurried:
        transaction.on_commit(_wake_worker)
    return restarted + hurried


@transaction.atomic
def prune_events(older_than_days: int | None = None) -> int:
    """Delete events whose deliveries all succeeded (or that had none), older than the window;
    returns how many events (their deliveries go with them)."""
    days = settings.EVENTS_RETENTION_DAYS if older_than_days is None else older_than_days
    cutoff = timezone.now() - timedelta(days=days)
    unfinished = Delivery.objects.filter(event=OuterRef("pk")).exclude(
        status=Delivery.Status.DELIVERED
    )
    _, per_model = (
        Event.objects.filter(aanmaakdatum__lt=cutoff, fanned_out_at__isnull=False)
        .exclude(Exists(unfinished))
        .delete()
    )
    return per_model.get(Event._meta.label, 0)
