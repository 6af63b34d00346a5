"""Transactional outbox: events, the subscriptions (abonnementen) they go to, and each delivery.

An Event row is written by a write service inside the same database transaction as the change
it describes, so it exists exactly when the change was committed. Celery workers then fan it
out to a Delivery per matching active Abonnement and deliver those over HTTP, with retries.
The NRC field names (kanaal, hoofdObject, resource, resourceUrl, actie, kenmerken) are kept
because receivers of the VNG Notificaties format know them.
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from klantenregister.core.fields import EncryptedTextField
from klantenregister.events.kanalen import KANALEN


class Event(models.Model):
    """One committed change; `id` orders events, `uuid` is the stable id receivers see."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kanaal = models.CharField(max_length=50)
    resource = models.CharField(max_length=100)
    actie = models.CharField(max_length=100, help_text="create, update, destroy, …")
    handeling = models.CharField(
        max_length=100,
        blank=True,
        help_text="De handeling als er meer dan één resource veranderde, bijvoorbeeld "
        "klantcontact.gemaakt.",
    )
    resource_url = models.URLField(max_length=1000)
    hoofd_object = models.URLField(max_length=1000)
    kenmerken = models.JSONField(default=dict, blank=True)
    actor = models.CharField(max_length=250, blank=True)
    api_client = models.ForeignKey(
        "core.ApiClient",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_constraint=False,
        related_name="+",
    )
    aanmaakdatum = models.DateTimeField(default=timezone.now, db_index=True)
    # Set once the deliveries for the subscriptions of that moment exist.
    fanned_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "gebeurtenis"
        verbose_name_plural = "gebeurtenissen"
        ordering = ["-id"]
        indexes = [
            models.Index(
                fields=["id"], condition=Q(fanned_out_at__isnull=True), name="event_to_fan_out"
            ),
            models.Index(fields=["hoofd_object", "id"], name="event_hoofd_object"),
        ]

    def __str__(self) -> str:
        return f"{self.kanaal} {self.resource} {self.actie} ({self.uuid})"


# Only http(s): URLField alone would also take ftp://, which can never receive a POST.
validate_callback_url = URLValidator(
    schemes=["http", "https"], message="Geef een http- of https-URL op.", code="invalid_scheme"
)
# A header value goes on the wire as is: printable ASCII only, so no line breaks that would
# split the request, and nothing the HTTP client cannot encode.
validate_header_value = RegexValidator(
    r"^[\x20-\x7e]*$",
    message="Alleen leesbare ASCII-tekens; geen regeleinden of tekens met accenten.",
)


class Abonnement(models.Model):
    """A receiver of events: a callback URL with its own Authorization header.

    Made inactive, it is skipped when new events are fanned out, and its pending deliveries
    wait (they are not attempted) until it is active again; deleting it drops its deliveries.
    """

    class Formaat(models.TextChoices):
        CLOUDEVENTS = "cloudevents", "CloudEvents 1.0 (JSON)"
        NOTIFICATIE = "notificatie", "VNG Notificaties API (NRC)"

    naam = models.CharField(max_length=200, unique=True)
    callback_url = models.URLField(
        "callback-URL",
        max_length=1000,
        validators=[validate_callback_url],
        help_text="Ontvangt per gebeurtenis een POST. Voor een Notificaties API: de "
        "…/notificaties-URL daarvan. Doorverwijzingen (3xx) worden niet gevolgd.",
    )
    # Stored encrypted (it is a credential for the receiver); the application sees plain text.
    auth = EncryptedTextField(
        "Authorization-header",
        max_length=1000,
        blank=True,
        validators=[validate_header_value],
        help_text='Meegestuurd als Authorization-header, bijvoorbeeld "Bearer …" of "Token …".',
    )
    formaat = models.CharField(max_length=20, choices=Formaat.choices, default=Formaat.CLOUDEVENTS)
    actief = models.BooleanField(default=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "abonnement"
        verbose_name_plural = "abonnementen"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam

    def matches(self, event: Event) -> bool:
        return any(kanaal.matches(event) for kanaal in self.kanalen.all())


class AbonnementKanaal(models.Model):
    """The events of one kanaal an abonnement wants, optionally narrowed by kenmerken."""

    abonnement = models.ForeignKey(Abonnement, on_delete=models.CASCADE, related_name="kanalen")
    naam = models.CharField("kanaal", max_length=50)
    filters = models.JSONField(
        default=dict,
        blank=True,
        help_text='Kenmerk → waarde; alle moeten overeenkomen, bijvoorbeeld {"soortPartij": '
        '"persoon"}. Leeg ({}): elke gebeurtenis van het kanaal.',
    )

    class Meta:
        verbose_name = "kanaal"
        verbose_name_plural = "kanalen"
        constraints = [
            models.UniqueConstraint(fields=["abonnement", "naam"], name="abonnement_kanaal_uniek")
        ]

    def __str__(self) -> str:
        return self.naam

    def clean(self) -> None:
        kanaal = KANALEN.get(self.naam)
        if kanaal is None:
            raise ValidationError({"naam": f"Onbekend kanaal; kies uit: {', '.join(KANALEN)}."})
        if self.filters is None:
            self.filters = {}
        if not isinstance(self.filters, dict):
            raise ValidationError({"filters": "Filters zijn een object van kenmerk naar waarde."})
        unknown = sorted(set(self.filters) - set(kanaal.kenmerken))
        if unknown:
            raise ValidationError(
                {
                    "filters": f"Onbekende kenmerken voor {kanaal.naam}: {', '.join(unknown)}; "
                    f"bekend zijn: {', '.join(kanaal.kenmerken)}."
                }
            )
        if any(not isinstance(value, str | int | bool) for value in self.filters.values()):
            raise ValidationError({"filters": "Een filterwaarde is tekst, getal of boolean."})

    def matches(self, event: Event) -> bool:
        if event.kanaal != self.naam:
            return False
        kenmerken = event.kenmerken or {}
        # Compared as text: receivers and NRC filters see kenmerken as strings.
        return all(
            key in kenmerken and _as_text(kenmerken[key]) == _as_text(value)
            for key, value in self.filters.items()
        )


def _as_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


class Delivery(models.Model):
    """One event on its way to one abonnement; retried until delivered or given up."""

    class Status(models.TextChoices):
        PENDING = "pending", "wacht op aflevering"
        DELIVERED = "delivered", "afgeleverd"
        FAILED = "failed", "mislukt"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    abonnement = models.ForeignKey(Abonnement, on_delete=models.CASCADE, related_name="deliveries")
    # Copy of event.hoofd_object: deliveries of one object to one abonnement go in event order.
    object_key = models.CharField(max_length=1000)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # A worker that claimed the delivery holds it until then; a crashed worker's claim expires.
    locked_until = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "aflevering"
        verbose_name_plural = "afleveringen"
        ordering = ["-event_id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "abonnement"], name="delivery_once")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="delivery_due",
            ),
            models.Index(
                fields=["abonnement", "object_key", "event"],
                condition=Q(status="pending"),
                name="delivery_object_order",
            ),
            models.Index(fields=["status", "abonnement"], name="delivery_status"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.abonnement}"
