"""The kic-001 outbox: a job per create or delete of a verzoek–informatieobject relation.

A job carries the values it needs (the verzoek URL and informatieobject as they were when the
change committed, the DRC relation URL when known), so a delete can be delivered after the
row is gone. Jobs of one pair (verzoek, informatieobject) are delivered in the order they
were recorded; every attempt is kept for the admin.
"""

import hashlib

from django.db import models
from django.db.models import Q
from django.utils import timezone


def pair_key(verzoek_uuid, informatieobject: str) -> str:
    """A short, indexable key of one (verzoek, informatieobject) pair."""
    return hashlib.sha256(f"{verzoek_uuid}\n{informatieobject}".encode()).hexdigest()


class DrcMirrorJob(models.Model):
    class Actie(models.TextChoices):
        CREATE = "create", "aanmaken in de DRC"
        DELETE = "delete", "verwijderen uit de DRC"

    class Status(models.TextChoices):
        PENDING = "pending", "wacht"
        DONE = "done", "gespiegeld"
        SKIPPED = "skipped", "overgeslagen (achterhaald)"
        FAILED = "failed", "mislukt"

    actie = models.CharField(max_length=10, choices=Actie.choices)
    # The relation's uuid; no foreign key: a delete job outlives its row. None: an orphan in
    # the DRC that reconcile found (no relation of ours).
    verzoekinformatieobject_uuid = models.UUIDField(null=True, blank=True, db_index=True)
    verzoek_uuid = models.UUIDField()
    verzoek_url = models.URLField(max_length=1000)
    informatieobject = models.URLField(max_length=1000)
    pair_key = models.CharField(max_length=64)
    drc_oio_url = models.URLField("objectinformatieobject in de DRC", max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField("pogingen", default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # A worker that claimed the job holds it until then; a crashed worker's claim runs out.
    locked_until = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    afgerond_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "DRC-spiegelopdracht"
        verbose_name_plural = "DRC-spiegelopdrachten (kic-001)"
        ordering = ["-id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], condition=Q(status="pending"), name="drcjob_due"
            ),
            models.Index(
                fields=["pair_key", "id"], condition=Q(status="pending"), name="drcjob_pair_order"
            ),
            models.Index(fields=["status", "actie"], name="drcjob_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_actie_display()}: {self.informatieobject} ↔ {self.verzoek_url}"


class DrcMirrorAttempt(models.Model):
    """One attempt of a job: the calls it made and how it ended."""

    job = models.ForeignKey(DrcMirrorJob, on_delete=models.CASCADE, related_name="pogingen")
    tijdstip = models.DateTimeField(default=timezone.now)
    uitkomst = models.CharField(
        max_length=10, choices=[*DrcMirrorJob.Status.choices, ("retry", "opnieuw later")]
    )
    status_code = models.PositiveIntegerField(null=True, blank=True)
    verloop = models.TextField(help_text="De aanroepen van deze poging en hun antwoorden.")

    class Meta:
        verbose_name = "poging"
        verbose_name_plural = "pogingen"
        ordering = ["job", "id"]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d %H:%M:%S} {self.uitkomst}"
