"""Klantcontacten: what was said, with whom, about what, with which attachments and actoren.

A klantcontact is a record of what happened. Its rows can be corrected, but every change is
kept in a historical table (see klantenregister/core/history.py), which the API and admin show
as the klantcontact's history.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from klantenregister.core.history import historical_records
from klantenregister.validators import validate_moment_in_range, validate_no_nul_characters
from partijen import validators
from partijen.models import Partij, adres_fields, volledige_naam

IDENTIFICATOR_SUBFIELDS = ("object_id", "code_objecttype", "code_register", "code_soort_object_id")


def identificator_fields(prefix: str) -> dict:
    """The generic identificator gegevensgroep: four free strings, each filterable (indexed)."""
    return {
        f"{prefix}_{sub}": models.CharField(max_length=200, blank=True, db_index=True)
        for sub in IDENTIFICATOR_SUBFIELDS
    }


def gegevensgroepen(name: str, fields: dict) -> type[models.Model]:
    """An abstract model holding flattened gegevensgroep columns. Declared as a base class
    (not added after the class) so the history table gets the columns too."""
    meta = type("Meta", (), {"abstract": True})
    return type(name, (models.Model,), {"__module__": __name__, "Meta": meta, **fields})


AdresGroepen = gegevensgroepen(
    "AdresGroepen", {**adres_fields("bezoekadres"), **adres_fields("correspondentieadres")}
)
OnderwerpobjectidentificatorGroep = gegevensgroepen(
    "OnderwerpobjectidentificatorGroep", identificator_fields("onderwerpobjectidentificator")
)
BijlageidentificatorGroep = gegevensgroepen(
    "BijlageidentificatorGroep", identificator_fields("bijlageidentificator")
)
ActoridentificatorGroep = gegevensgroepen(
    "ActoridentificatorGroep", identificator_fields("actoridentificator")
)


def validate_metadata(value) -> None:
    """A flat object of strings of at most 255 characters (spec §3.5)."""
    if not isinstance(value, dict):
        raise ValidationError("Metadata moet een JSON-object zijn.", code="invalid")
    validate_no_nul_characters(value)
    for key, item in value.items():
        if not isinstance(item, str):
            raise ValidationError(
                f"De waarde van '{key}' moet een tekst zijn.", code="invalid-metadata-value"
            )
        if len(item) > 255:
            raise ValidationError(
                f"De waarde van '{key}' mag hoogstens 255 tekens lang zijn.",
                code="max_length",
            )


CONTACT_GELUKT_ZONDER_ACTIE = "Als het contact gelukt is kan er geen verdere actie zijn ondernomen"


def nummer_field(**kwargs) -> models.CharField:
    """A number people use to refer to a record: at most 10 digits, unique when present
    (nummer and referentienummer of a klantcontact or an interne taak)."""
    return models.CharField(
        max_length=10,
        null=True,
        blank=True,
        unique=True,
        validators=[validators.validate_digits],
        **kwargs,
    )


class Klantcontact(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nummer = nummer_field(help_text="Uniek nummer; gegenereerd als er geen wordt opgegeven.")
    referentienummer = nummer_field()
    kanaal = models.CharField(max_length=50, db_index=True)
    onderwerp = models.CharField(max_length=200)
    inhoud = models.TextField(max_length=1000, blank=True)
    reactie = models.TextField(max_length=4000, blank=True)
    indicatie_contact_gelukt = models.BooleanField(null=True, blank=True, db_index=True)
    hoofd_onderwerp_type = models.URLField(max_length=200, blank=True)
    verdere_actie_ondernomen = models.BooleanField(default=False)
    taal = models.CharField(max_length=3, help_text="ISO 639-2/B, bv. nld")
    vertrouwelijk = models.BooleanField(db_index=True)
    plaatsgevonden_op = models.DateTimeField(
        default=timezone.now, validators=[validate_moment_in_range]
    )
    metadata = models.JSONField(default=dict, blank=True, validators=[validate_metadata])
    actoren = models.ManyToManyField(
        "klantcontacten.Actor",
        through="klantcontacten.ActorKlantcontact",
        related_name="klantcontacten",
        blank=True,
    )

    history = historical_records()

    class Meta:
        verbose_name = "klantcontact"
        verbose_name_plural = "klantcontacten"
        ordering = ["-plaatsgevonden_op", "-pk"]
        indexes = [
            # The default ordering and the plaatsgevondenOp filters and ranges.
            models.Index(fields=["-plaatsgevonden_op", "-id"], name="klantcontact_plaatsgevonden"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(indicatie_contact_gelukt=True, verdere_actie_ondernomen=True),
                name="klantcontact_gelukt_zonder_verdere_actie",
                violation_error_message=CONTACT_GELUKT_ZONDER_ACTIE,
                violation_error_code="no-further-action-when-contact-succesful",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nummer or self.uuid}: {self.onderwerp}"

    def clean(self):
        if self.indicatie_contact_gelukt is True and self.verdere_actie_ondernomen:
            raise ValidationError(
                {
                    "verdere_actie_ondernomen": ValidationError(
                        CONTACT_GELUKT_ZONDER_ACTIE,
                        code="no-further-action-when-contact-succesful",
                    )
                }
            )


class Rol(models.TextChoices):
    VERTEGENWOORDIGER = "vertegenwoordiger", "Vertegenwoordiger"
    KLANT = "klant", "Klant"


class Betrokkene(AdresGroepen):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    klantcontact = models.ForeignKey(
        Klantcontact,
        on_delete=models.CASCADE,
        related_name="betrokkenen",
        verbose_name="had klantcontact",
    )
    # Deleting a partij detaches its betrokkenen instead of deleting the contacts' history
    # (Open Klant cascades); klantcontacten.services.detach_partij records it per betrokkene.
    partij = models.ForeignKey(
        Partij,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="betrokkenen",
        verbose_name="was partij",
    )
    rol = models.CharField(max_length=17, choices=Rol.choices)
    organisatienaam = models.CharField(max_length=200, blank=True, db_index=True)
    initiator = models.BooleanField()
    contactnaam_voorletters = models.CharField(max_length=10, blank=True, db_index=True)
    contactnaam_voornaam = models.CharField(max_length=200, blank=True, db_index=True)
    contactnaam_voorvoegsel_achternaam = models.CharField(max_length=10, blank=True, db_index=True)
    contactnaam_achternaam = models.CharField(max_length=200, blank=True, db_index=True)

    history = historical_records()

    class Meta:
        verbose_name = "betrokkene"
        verbose_name_plural = "betrokkenen"
        ordering = ["-pk"]

    def __str__(self) -> str:
        naam = self.volledige_naam or self.organisatienaam
        if not naam and self.partij_id is not None:
            naam = str(self.partij)  # select "partij" (and its names) when listing many
        return naam or f"Betrokkene {self.uuid}"

    @property
    def volledige_naam(self) -> str:
        return volledige_naam(self)


class Onderwerpobject(OnderwerpobjectidentificatorGroep):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    klantcontact = models.ForeignKey(
        Klantcontact,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="onderwerpobjecten",
    )
    was_klantcontact = models.ForeignKey(
        Klantcontact,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="was_onderwerpobjecten",
    )

    history = historical_records()

    class Meta:
        verbose_name = "onderwerpobject"
        verbose_name_plural = "onderwerpobjecten"
        ordering = ["-pk"]

    def __str__(self) -> str:
        ident = " ".join(
            value
            for value in (
                self.onderwerpobjectidentificator_code_objecttype,
                self.onderwerpobjectidentificator_object_id,
            )
            if value
        )
        return ident or f"Onderwerpobject {self.uuid}"


class Bijlage(BijlageidentificatorGroep):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    klantcontact = models.ForeignKey(
        Klantcontact,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="bijlagen",
        verbose_name="was bijlage van klantcontact",
    )

    history = historical_records()

    class Meta:
        verbose_name = "bijlage"
        verbose_name_plural = "bijlagen"
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.bijlageidentificator_object_id or f"Bijlage {self.uuid}"


class SoortActor(models.TextChoices):
    MEDEWERKER = "medewerker", "Medewerker"
    GEAUTOMATISEERDE_ACTOR = "geautomatiseerde_actor", "Geautomatiseerde actor"
    ORGANISATORISCHE_EENHEID = "organisatorische_eenheid", "Organisatorische eenheid"


# Which actorIdentificatie fields each soort has (spec §2.12), and which are required.
ACTOR_IDENTIFICATIE_FIELDS = {
    SoortActor.MEDEWERKER: ("functie", "emailadres", "telefoonnummer"),
    SoortActor.ORGANISATORISCHE_EENHEID: (
        "omschrijving",
        "emailadres",
        "faxnummer",
        "telefoonnummer",
    ),
    SoortActor.GEAUTOMATISEERDE_ACTOR: ("functie", "omschrijving"),
}
ACTOR_IDENTIFICATIE_REQUIRED = {
    SoortActor.MEDEWERKER: ("functie", "telefoonnummer"),
    SoortActor.ORGANISATORISCHE_EENHEID: (),
    SoortActor.GEAUTOMATISEERDE_ACTOR: ("functie",),
}
ALL_ACTOR_IDENTIFICATIE_FIELDS = (
    "functie",
    "emailadres",
    "telefoonnummer",
    "faxnummer",
    "omschrijving",
)


class Actor(ActoridentificatorGroep):
    """A party on the gemeente's side. The soort-specific actorIdentificatie is stored in
    plain columns on this row (fields a soort does not have stay empty): one table instead
    of three one-to-one tables, and no extra query to render an actor."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    naam = models.CharField(max_length=200, db_index=True)
    soort_actor = models.CharField(max_length=24, choices=SoortActor.choices, db_index=True)
    indicatie_actief = models.BooleanField(default=True, db_index=True)
    functie = models.CharField(max_length=40, blank=True)
    emailadres = models.EmailField(max_length=254, blank=True)
    telefoonnummer = models.CharField(
        max_length=20, blank=True, validators=[validators.validate_telefoonnummer]
    )
    faxnummer = models.CharField(max_length=20, blank=True)
    omschrijving = models.CharField(max_length=200, blank=True)

    history = historical_records()

    class Meta:
        verbose_name = "actor"
        verbose_name_plural = "actoren"
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.naam} ({self.get_soort_actor_display()})"

    def clean(self):
        if self.soort_actor not in ACTOR_IDENTIFICATIE_FIELDS:
            return
        errors = {}
        allowed = ACTOR_IDENTIFICATIE_FIELDS[self.soort_actor]
        for field in ACTOR_IDENTIFICATIE_REQUIRED[self.soort_actor]:
            if not getattr(self, field):
                errors[field] = ValidationError(
                    f"Dit veld is verplicht voor een actor van het soort {self.soort_actor}.",
                    code="required",
                )
        for field in ALL_ACTOR_IDENTIFICATIE_FIELDS:
            if field not in allowed and getattr(self, field):
                errors[field] = ValidationError(
                    f"Een actor van het soort {self.soort_actor} heeft geen {field}.",
                    code="invalid",
                )
        if errors:
            raise ValidationError(errors)


class ActorKlantcontact(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="actorklantcontacten")
    klantcontact = models.ForeignKey(
        Klantcontact, on_delete=models.CASCADE, related_name="actorklantcontacten"
    )

    history = historical_records()

    class Meta:
        verbose_name = "actor bij klantcontact"
        verbose_name_plural = "actoren bij klantcontacten"
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["actor", "klantcontact"],
                name="actorklantcontact_uniek",
                violation_error_message="De velden actor, klantcontact moeten een unieke set zijn.",
                violation_error_code="unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor} bij {self.klantcontact}"
