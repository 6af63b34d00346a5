"""Verwerkingenlogging: who read which partij's personal data, when, how and why.

Names follow the VNG Verwerkingenlogging standard where they fit: a row is a *verwerkingsactie*
on one *verwerkt object* (a partij); `doelbinding` and `verwerking` come from the client's
`X-Doelbinding` / `X-Verwerking` headers (the BRP-protocollering convention), `gebruiker`
from `X-Gebruiker`, and `vertrouwelijkheid` uses the standard's values. The standard keeps
one actie with many verwerkte objecten; like the standard allows, this table is flattened to
one row per (read, partij), and `actie_id` ties the rows of one read together.
"""

import uuid

from django.db import models
from django.utils import timezone


class Kanaal(models.TextChoices):
    API = "api", "API"
    ADMIN = "admin", "Beheeromgeving"


class SoortVerwerking(models.TextChoices):
    RAADPLEGEN_PERSOON = "raadplegen_persoon", "Raadplegen persoon"
    ZOEKEN_BSN = "zoeken_bsn", "Zoeken op BSN"
    ZOEKEN_KVK_NUMMER = "zoeken_kvk_nummer", "Zoeken op KvK-nummer"
    ZOEKEN_VESTIGINGSNUMMER = "zoeken_vestigingsnummer", "Zoeken op vestigingsnummer"
    ZOEKEN_RSIN = "zoeken_rsin", "Zoeken op RSIN"
    ZOEKEN_IDENTIFICATOR = "zoeken_identificator", "Zoeken op andere identificator"


class Vertrouwelijkheid(models.TextChoices):
    NORMAAL = "normaal", "Normaal"
    VERTROUWELIJK = "vertrouwelijk", "Vertrouwelijk"


class Verwerkingsactie(models.Model):
    """One read of one partij (or, for a search that found nothing, of no partij)."""

    actie_id = models.UUIDField(
        "actie-id", default=uuid.uuid4, help_text="Gelijk voor alle regels van één verzoek."
    )
    tijdstip = models.DateTimeField(default=timezone.now)
    kanaal = models.CharField(max_length=10, choices=Kanaal.choices)
    soort = models.CharField("soort actie", max_length=30, choices=SoortVerwerking.choices)
    api_client = models.ForeignKey(
        "core.ApiClient",
        verbose_name="applicatie",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor = models.CharField(max_length=250, help_text='"applicatie <naam>" of "medewerker <naam>"')
    gebruiker = models.CharField(
        max_length=250, blank=True, help_text="X-Gebruiker: de gebruiker achter de applicatie."
    )
    doelbinding = models.CharField(max_length=250, blank=True, help_text="X-Doelbinding")
    verwerking = models.CharField(max_length=250, blank=True, help_text="X-Verwerking")
    vertrouwelijkheid = models.CharField(
        max_length=20, choices=Vertrouwelijkheid.choices, default=Vertrouwelijkheid.NORMAAL
    )
    pad = models.CharField(max_length=500, help_text="Het pad van het verzoek, zonder query.")
    # Not a foreign key: the log outlives the partij it is about.
    partij_uuid = models.UUIDField("partij-uuid", null=True, blank=True)
    zoekwaarde = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            "Het gezochte nummer zoals de applicatielogs het tonen: een BSN als "
            "bsn:<sleutel-hash>, een KvK- of vestigingsnummer zoals het is."
        ),
    )

    class Meta:
        verbose_name = "verwerking"
        verbose_name_plural = "verwerkingen"
        ordering = ["-tijdstip", "-id"]
        indexes = [
            models.Index(fields=["partij_uuid", "tijdstip"], name="verwerking_partij_tijd"),
            models.Index(fields=["zoekwaarde"], name="verwerking_zoekwaarde"),
            models.Index(fields=["tijdstip"], name="verwerking_tijdstip"),
            models.Index(fields=["actor", "tijdstip"], name="verwerking_actor_tijd"),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} door {self.actor} op {self.tijdstip:%Y-%m-%d %H:%M}"
