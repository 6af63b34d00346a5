"""Berichten: messages from the gemeente to one addressee (spec/berichten.md).

A Bericht is shown in the portal's inbox (MijnOmgeving) from its publicatieDatum on and may be
delivered over the klant's voorkeurskanaal. The register keeps a copy of every outbound
message, with its bijlagen (inline PDF or a Documenten API link) and its read status.
"""

import uuid

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from klantenregister.core.history import historical_records
from klantenregister.validators import validate_moment_in_range
from partijen.validators import validate_bsn

from .validators import validate_bericht_leverancier_id
from .voorkeurskanaal import Bron


class SoortGebruiker(models.TextChoices):
    # HEAD's `Burger` is stored as natuurlijk-persoon (spec §2.2).
    NATUURLIJK_PERSOON = "natuurlijk-persoon", "Natuurlijk persoon"
    NIET_NATUURLIJK_PERSOON = "niet-natuurlijk-persoon", "Niet-natuurlijk persoon"


class Kanaal(models.TextChoices):
    """The channel a bericht went out through: a soortDigitaalAdres value or the inbox."""

    EMAIL = "email", "E-mail"
    TELEFOONNUMMER = "telefoonnummer", "Telefoonnummer (sms)"
    OVERIG = "overig", "Overig digitaal adres"
    BERICHTENBOX = "berichtenbox", "Berichtenbox"
    PORTAAL = "portaal", "Portaal (MijnOmgeving)"


class Bezorgstatus(models.TextChoices):
    """Where the delivery over the voorkeurskanaal stands (state machine: bezorging.py)."""

    GEPLAND = "gepland", "Gepland (publicatiedatum nog niet bereikt)"
    IN_WACHTRIJ = "in_wachtrij", "In wachtrij"
    VERZONDEN = "verzonden", "Verzonden"
    MISLUKT = "mislukt", "Mislukt"
    GEEN_KANAAL = "geen_kanaal", "Geen kanaal (alleen in het portaal)"


class BijlageType(models.TextChoices):
    PDF = "Pdf", "PDF"


HANDELINGSPERSPECTIEF_GEEN = "geen"
# Recommended values [ext]; the field stays free text.
HANDELINGSPERSPECTIEVEN = ("geen", "betalen", "informatie verstrekken", "reageren", "ondertekenen")


class Bericht(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    # --- MijnOverheid Berichtenbox batch layout (spec §2.1) ---
    batch_id = models.UUIDField("batch-ID", null=True, blank=True)
    aanmaak_datum = models.DateTimeField(
        "aanmaakdatum", null=True, blank=True, validators=[validate_moment_in_range]
    )
    bericht_leverancier_id = models.CharField(
        "berichtleverancier-ID",
        max_length=20,
        blank=True,
        validators=[validate_bericht_leverancier_id],
        help_text="OIN van de verzendende organisatie (20 cijfers).",
    )
    bericht_id = models.UUIDField("bericht-ID", null=True, blank=True)
    bericht_type = models.CharField("berichttype", max_length=100, blank=True)
    publicatie_datum = models.DateTimeField(
        "publicatiedatum",
        null=True,
        blank=True,
        validators=[validate_moment_in_range],
        help_text="Vanaf dit moment ziet de klant het bericht; leeg: meteen.",
    )
    onderwerp = models.CharField(max_length=50, blank=True)
    berichttekst = models.TextField(max_length=4000, blank=True)
    referentie = models.CharField(max_length=25, blank=True)
    gebruiker_id = models.CharField(
        "BSN van de geadresseerde", max_length=9, blank=True, validators=[validate_bsn]
    )
    soort_gebruiker = models.CharField(
        max_length=23, choices=SoortGebruiker.choices, default=SoortGebruiker.NATUURLIJK_PERSOON
    )

    # --- Portal fields (spec §2.2) ---
    handelingsperspectief = models.CharField(max_length=255, default=HANDELINGSPERSPECTIEF_GEEN)
    eind_datum_handelingstermijn = models.DateTimeField(
        "einddatum handelingstermijn",
        null=True,
        blank=True,
        validators=[validate_moment_in_range],
    )
    geopend = models.BooleanField(default=False)
    geopend_op = models.DateTimeField("geopend op", null=True, blank=True)

    # --- Koppelingen (spec §2.4) ---
    # Composite indexes below start with partij, so the FK's own index would be a duplicate.
    partij = models.ForeignKey(
        "partijen.Partij",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="berichten",
        db_index=False,
    )
    zaak = models.URLField(max_length=1000, blank=True)
    taak = models.ForeignKey(
        "taken.Taak",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="berichten",
        verbose_name="klanttaak",
    )
    klantcontact = models.ForeignKey(
        "klantcontacten.Klantcontact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="berichten",
    )
    kanaal = models.CharField(max_length=20, choices=Kanaal.choices, blank=True)
    verzonden_op = models.DateTimeField(
        "verzonden op", null=True, blank=True, validators=[validate_moment_in_range]
    )

    # --- Bezorging over het voorkeurskanaal (berichten/bezorging.py, docs/berichten.md) ---
    bezorgstatus = models.CharField(
        max_length=12, choices=Bezorgstatus.choices, default=Bezorgstatus.GEPLAND
    )
    kanaal_bron = models.CharField(
        "gekozen volgens",
        max_length=20,
        choices=Bron.choices,
        blank=True,
        help_text="De regel van 'voorkeurskanaal vaststellen' die het kanaal koos.",
    )
    # Up to the longest e-mail address (RFC 5321): a klanttaak may name one of its own.
    bezorgadres = models.CharField(max_length=254, blank=True)
    bezorg_digitaal_adres = models.ForeignKey(
        "partijen.DigitaalAdres",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="digitaal adres",
    )
    bezorgpogingen = models.PositiveSmallIntegerField(default=0)
    laatste_bezorgfout = models.TextField(blank=True)
    volgende_bezorgpoging_op = models.DateTimeField(null=True, blank=True)
    # A worker's claim on the bericht while it sends; expired: the worker died (at least once).
    bezorging_geclaimd_tot = models.DateTimeField(null=True, blank=True)

    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    history = historical_records()

    class Meta:
        verbose_name = "bericht"
        verbose_name_plural = "berichten"
        ordering = ["-publicatie_datum", "-id"]
        indexes = [
            # The portal's inbox and unread count: one addressee, read or not, newest first;
            # `zichtbaar` is a range on the same publicatie_datum column.
            models.Index(
                fields=["gebruiker_id", "geopend", "-publicatie_datum"],
                name="bericht_gebruiker_geopend",
            ),
            models.Index(fields=["gebruiker_id", "-publicatie_datum"], name="bericht_gebruiker"),
            models.Index(
                fields=["partij", "geopend", "-publicatie_datum"], name="bericht_partij_geopend"
            ),
            models.Index(fields=["partij", "-publicatie_datum"], name="bericht_partij"),
            models.Index(fields=["-publicatie_datum", "-id"], name="bericht_publicatie"),
            models.Index(fields=["geopend", "-publicatie_datum"], name="bericht_geopend"),
            models.Index(fields=["bericht_type"], name="bericht_type"),
            models.Index(fields=["handelingsperspectief"], name="bericht_handelingsperspectief"),
            models.Index(fields=["zaak"], name="bericht_zaak"),
            models.Index(fields=["referentie"], name="bericht_referentie"),
            models.Index(fields=["batch_id"], name="bericht_batch"),
            models.Index(fields=["bericht_id"], name="bericht_bericht_id"),
            # Beat's sweep (gepland and due, in_wachtrij and due) and the admin's status filter.
            models.Index(fields=["bezorgstatus", "publicatie_datum"], name="bericht_bezorgstatus"),
        ]
        constraints = [
            # geopendOp records the moment geopend became true; it never exists without it.
            models.CheckConstraint(
                condition=Q(geopend=True) | Q(geopend_op__isnull=True),
                name="bericht_geopend_op_alleen_geopend",
                violation_error_message="Een ongeopend bericht heeft geen geopendOp.",
            ),
        ]

    def __str__(self) -> str:
        return self.onderwerp or str(self.uuid)


def bijlage_upload_to(instance: "BerichtBijlage", filename: str) -> str:
    # A random name: the stored path must not carry anything of the content or the addressee.
    return f"berichten/bijlagen/{uuid.uuid4().hex}.pdf"


class BerichtBijlage(models.Model):
    """An attachment of a bericht: inline content stored as a file, or a Documenten API link."""

    bericht = models.ForeignKey(Bericht, on_delete=models.CASCADE, related_name="bijlagen")
    omschrijving = models.CharField(max_length=40, blank=True)
    volgorde = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    bijlage_type = models.CharField(
        "bijlagetype", max_length=10, choices=BijlageType.choices, default=BijlageType.PDF
    )
    inhoud = models.FileField(upload_to=bijlage_upload_to, max_length=200, blank=True)
    bestandsgrootte = models.PositiveIntegerField(
        null=True, blank=True, help_text="Grootte van de inhoud in bytes."
    )
    informatieobject = models.URLField(
        max_length=1000, blank=True, help_text="URL van het informatieobject (Documenten API)."
    )

    history = historical_records()

    class Meta:
        verbose_name = "bijlage"
        verbose_name_plural = "bijlagen"
        ordering = ["volgorde"]
        constraints = [
            models.UniqueConstraint(
                fields=["bericht", "volgorde"],
                name="bericht_bijlage_volgorde_uniek",
                violation_error_message="Het bericht heeft al een bijlage met deze volgorde.",
            ),
            models.CheckConstraint(
                condition=Q(volgorde__gte=1),
                name="bericht_bijlage_volgorde_positief",
                violation_error_message="De volgorde begint bij 1.",
            ),
            # Exactly one of inline content and a Documenten API link.
            models.CheckConstraint(
                condition=(Q(inhoud="") & ~Q(informatieobject=""))
                | (~Q(inhoud="") & Q(informatieobject="")),
                name="bericht_bijlage_inhoud_of_informatieobject",
                violation_error_message=(
                    "Een bijlage heeft inhoud of een informatieobject, niet beide."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.omschrijving or f"bijlage {self.volgorde}"
