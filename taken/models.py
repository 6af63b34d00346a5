"""Taken: work that follows a contact.

- InterneTaak (Klantinteracties v1): work for the gemeente's staff, arising from a
  klantcontact and assigned to actoren.
- Taak, the klanttaak: work asked of the klant (inwoner or ondernemer) in MijnOmgeving, with a
  lifecycle open → ingediend → verwerkt → gesloten and deadlines (spec/taken.md).

The two share no table. Both keep their history (klantenregister/core/history.py).
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q

from klantcontacten.models import nummer_field
from klantenregister.core.history import historical_records
from klantenregister.validators import validate_moment_in_range
from partijen import validators

# --- InterneTaak ------------------------------------------------------------------------------


class InterneTaakStatus(models.TextChoices):
    TE_VERWERKEN = "te_verwerken", "Te verwerken"
    VERWERKT = "verwerkt", "Verwerkt"


AFGEHANDELD_OP_ZONDER_VERWERKT = (
    "De Internetaak kan geen afgehandeld op datum bevatten als de status niet op 'verwerkt' staat."
)


class InterneTaak(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nummer = nummer_field(
        help_text="Verouderd; uniek nummer, gegenereerd als er geen wordt opgegeven."
    )
    referentienummer = nummer_field()
    gevraagde_handeling = models.CharField(max_length=200)
    klantcontact = models.ForeignKey(
        "klantcontacten.Klantcontact",
        on_delete=models.CASCADE,
        related_name="interne_taken",
        verbose_name="aanleidinggevend klantcontact",
    )
    actoren = models.ManyToManyField(
        "klantcontacten.Actor",
        through="taken.InterneTaakActor",
        related_name="interne_taken",
        verbose_name="toegewezen aan actoren",
        blank=True,
    )
    toelichting = models.TextField(max_length=1000, blank=True)
    status = models.CharField(max_length=12, choices=InterneTaakStatus.choices, db_index=True)
    # Set once when the taak is made; re-assigning keeps it (spec §3.6).
    toegewezen_op = models.DateTimeField(auto_now_add=True, db_index=True)
    afgehandeld_op = models.DateTimeField(
        null=True, blank=True, validators=[validate_moment_in_range]
    )

    history = historical_records()

    class Meta:
        verbose_name = "interne taak"
        verbose_name_plural = "interne taken"
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.nummer or self.uuid}: {self.gevraagde_handeling}"

    @property
    def eerste_actor(self):
        """The first actor in assignment order (the deprecated `toegewezenAanActor`)."""
        actoren = list(self.actoren.all())
        return actoren[0] if actoren else None

    def clean(self):
        if self.status == InterneTaakStatus.TE_VERWERKEN and self.afgehandeld_op is not None:
            raise ValidationError(
                {"afgehandeld_op": ValidationError(AFGEHANDELD_OP_ZONDER_VERWERKT, code="invalid")}
            )


class InterneTaakActor(models.Model):
    """The actoren a taak is assigned to, in assignment order (pk)."""

    interne_taak = models.ForeignKey(
        InterneTaak, on_delete=models.CASCADE, related_name="toewijzingen"
    )
    actor = models.ForeignKey(
        "klantcontacten.Actor", on_delete=models.CASCADE, related_name="taak_toewijzingen"
    )

    history = historical_records()

    class Meta:
        verbose_name = "toewijzing"
        verbose_name_plural = "toewijzingen"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["interne_taak", "actor"],
                name="interne_taak_actor_uniek",
                violation_error_message="Deze actor is al aan de interne taak toegewezen.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor} ← {self.interne_taak}"


# --- Taak (klanttaak) -------------------------------------------------------------------------


class TaakStatus(models.TextChoices):
    OPEN = "open", "Open"
    INGEDIEND = "ingediend", "Ingediend"
    VERWERKT = "verwerkt", "Verwerkt"
    GESLOTEN = "gesloten", "Gesloten"


class ActieType(models.TextChoices):
    ID = "id", "Formulier-id in het portaal"
    URL = "url", "URL"


class IdentificatieType(models.TextChoices):
    BSN = "bsn", "BSN"
    KVK = "kvk", "KvK-nummer"
    RSIN = "rsin", "RSIN"
    VESTIGINGSNUMMER = "vestigingsnummer", "Vestigingsnummer"


IDENTIFICATIE_VALIDATORS = {
    IdentificatieType.BSN: validators.validate_bsn,
    IdentificatieType.KVK: validators.validate_kvk_nummer,
    IdentificatieType.RSIN: validators.validate_rsin,
    IdentificatieType.VESTIGINGSNUMMER: validators.validate_vestigingsnummer,
}


class Soort(models.TextChoices):
    URL = "url", "Link"
    FORMULIER = "formulier", "Formulier"
    BETALING = "betaling", "Betaling"
    EXTERN = "extern", "Buiten het portaal"


class KoppelingRegistratie(models.TextChoices):
    ZAAK = "zaak", "Zaak"
    PRODUCT = "product", "Product"
    BERICHT = "bericht", "Bericht"
    KLANTCONTACT = "klantcontact", "Klantcontact"


class Sluitreden(models.TextChoices):
    VERLOPEN = "verlopen", "Verlopen (verloopdatum voorbij)"


class BetrokkeneType(models.TextChoices):
    MEDEWERKER = "medewerker", "Medewerker"
    NATUURLIJK_PERSOON = "natuurlijk_persoon", "Natuurlijk persoon"


validate_http_url = URLValidator(schemes=["http", "https"])


class Taak(models.Model):
    """A klanttaak: what the klant is asked to do, shown in MijnOmgeving."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.URLField(max_length=1000, blank=True, help_text="URL van het taaktype.")
    title = models.CharField("titel", max_length=200)
    onderwerp = models.CharField(max_length=200, blank=True)
    toelichting = models.TextField(max_length=4000, blank=True)
    status = models.CharField(max_length=10, choices=TaakStatus.choices, default=TaakStatus.OPEN)
    soort = models.CharField(max_length=10, choices=Soort.choices)
    zaak = models.URLField(max_length=1000, blank=True, db_index=True)
    actie_type = models.CharField(max_length=3, choices=ActieType.choices, blank=True)
    actie_value = models.CharField(max_length=1000, blank=True)
    data = models.JSONField(null=True, blank=True)
    verzonden_data = models.JSONField(null=True, blank=True)
    verloopdatum = models.DateTimeField(
        null=True, blank=True, validators=[validate_moment_in_range]
    )
    vervaldatum = models.DateTimeField(null=True, blank=True, validators=[validate_moment_in_range])
    identificatie_type = models.CharField(
        max_length=16, choices=IdentificatieType.choices, blank=True
    )
    identificatie_value = models.CharField(max_length=20, blank=True)
    verwerker_taak_id = models.CharField(max_length=200, blank=True, db_index=True)
    extra_data = models.JSONField(null=True, blank=True)
    betaling_bedrag = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    betaling_betaalkenmerk = models.CharField(max_length=100, blank=True)
    betaling_pspid = models.CharField(max_length=100, blank=True)
    betaling_url = models.URLField(max_length=1000, blank=True)
    koppeling_registratie = models.CharField(
        max_length=12, choices=KoppelingRegistratie.choices, blank=True
    )
    koppeling_uuid = models.UUIDField(null=True, blank=True)
    koppeling_url = models.URLField(max_length=1000, blank=True)
    # The inwoner or ondernemer the taak is for: given, or found by the identificatie.
    partij = models.ForeignKey(
        "partijen.Partij",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="klanttaken",
    )
    klantcontact = models.ForeignKey(
        "klantcontacten.Klantcontact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="klanttaken",
    )
    # The Bericht that announced the taak. The berichten app is on the same layer (it cannot
    # be imported from here), so until it lands this is the bericht's URL.
    bericht = models.URLField(max_length=1000, blank=True)
    eigenaar = models.CharField(
        max_length=100,
        blank=True,
        db_index=True,
        help_text="De applicatie of organisatie die de taak maakte; alleen zij verwerkt hem.",
    )
    sluitreden = models.CharField(max_length=10, choices=Sluitreden.choices, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)
    afgerond_op = models.DateTimeField(null=True, blank=True)
    herinnerd_op = models.DateTimeField(
        null=True, blank=True, help_text="Wanneer de herinnering voor de deadline uitging."
    )

    history = historical_records()

    class Meta:
        verbose_name = "klanttaak"
        verbose_name_plural = "klanttaken"
        ordering = ["-aangemaakt_op", "-pk"]
        indexes = [
            # The portal's list: the taken of one person by status, by deadline.
            models.Index(
                fields=["identificatie_type", "identificatie_value", "status", "vervaldatum"],
                name="taak_identificatie",
            ),
            models.Index(fields=["status", "vervaldatum"], name="taak_status_vervaldatum"),
            models.Index(fields=["status", "verloopdatum"], name="taak_status_verloopdatum"),
            models.Index(fields=["verloopdatum"], name="taak_verloopdatum"),
            models.Index(fields=["vervaldatum"], name="taak_vervaldatum"),
            models.Index(fields=["-aangemaakt_op", "-id"], name="taak_aangemaakt"),
            models.Index(fields=["actie_type", "actie_value"], name="taak_actie"),
            models.Index(fields=["soort"], name="taak_soort"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(vervaldatum__isnull=True)
                | Q(verloopdatum__isnull=True)
                | Q(vervaldatum__lte=models.F("verloopdatum")),
                name="taak_vervaldatum_voor_verloopdatum",
                violation_error_message="De vervaldatum mag niet na de verloopdatum liggen.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def verlopen(self) -> bool:
        from django.utils import timezone

        return self.verloopdatum is not None and self.verloopdatum <= timezone.now()

    def clean(self):
        errors: dict[str, ValidationError] = {}
        if self.actie_type and not self.actie_value:
            errors["actie_value"] = ValidationError("Geef de waarde van de actie.", code="required")
        if self.actie_value and not self.actie_type:
            errors["actie_type"] = ValidationError("Geef het type van de actie.", code="required")
        if self.actie_type == ActieType.URL and self.actie_value:
            try:
                validate_http_url(self.actie_value)
            except ValidationError:
                errors["actie_value"] = ValidationError(
                    "Bij type 'url' moet de waarde een http(s)-URL zijn.", code="invalid"
                )
        if bool(self.identificatie_type) != bool(self.identificatie_value):
            missing = "identificatie_value" if self.identificatie_type else "identificatie_type"
            errors[missing] = ValidationError(
                "Een identificatie heeft zowel een type als een waarde.", code="required"
            )
        elif self.identificatie_type in IDENTIFICATIE_VALIDATORS:
            try:
                IDENTIFICATIE_VALIDATORS[self.identificatie_type](self.identificatie_value)
            except ValidationError as exc:
                errors["identificatie_value"] = exc
        if self.soort == Soort.BETALING:
            for field in ("betaling_bedrag", "betaling_betaalkenmerk"):
                if getattr(self, field) in (None, ""):
                    errors[field] = ValidationError(
                        "Verplicht bij een taak van het soort betaling.", code="required"
                    )
        if (
            self.vervaldatum is not None
            and self.verloopdatum is not None
            and self.vervaldatum > self.verloopdatum
        ):
            errors["vervaldatum"] = ValidationError(
                "De vervaldatum mag niet na de verloopdatum liggen.", code="invalid"
            )
        if errors:
            raise ValidationError(errors)


class TaakBetrokkene(models.Model):
    """Someone involved in a klanttaak, with their role; optionally a partij of the register."""

    taak = models.ForeignKey(Taak, on_delete=models.CASCADE, related_name="betrokkenen")
    betrokkene_type = models.CharField(max_length=20, choices=BetrokkeneType.choices, blank=True)
    rol_type = models.CharField(max_length=100, blank=True)
    naam = models.CharField(max_length=200, blank=True)
    medewerker_identificatie = models.CharField(max_length=100, blank=True)
    inp_bsn = models.CharField(
        "BSN", max_length=9, blank=True, db_index=True, validators=[validators.validate_bsn]
    )
    partij = models.ForeignKey(
        "partijen.Partij",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="taak_betrokkenen",
    )

    history = historical_records()

    class Meta:
        verbose_name = "betrokkene bij een klanttaak"
        verbose_name_plural = "betrokkenen bij klanttaken"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.naam or self.rol_type or str(self.pk)
