"""The Partij family of the Klantinteracties model.

Table and field names follow the standard (snake_case of the API names). Constraints that
protect the data live here as database constraints; the rules that need context (which
combination of codes is allowed, which address may be the voorkeur) live in services.py.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from klantenregister.core.history import historical_records, register_history
from partijen import validators


class SoortPartij(models.TextChoices):
    PERSOON = "persoon", "Persoon"
    ORGANISATIE = "organisatie", "Organisatie"
    CONTACTPERSOON = "contactpersoon", "Contactpersoon"


class CodeRegister(models.TextChoices):
    BRP = "brp", "Basisregistratie Personen (BRP)"
    HR = "hr", "Handelsregister (HR)"


class CodeObjecttype(models.TextChoices):
    NATUURLIJK_PERSOON = "natuurlijk_persoon", "Natuurlijk persoon"
    NIET_NATUURLIJK_PERSOON = "niet_natuurlijk_persoon", "Niet-natuurlijk persoon"
    VESTIGING = "vestiging", "Vestiging"


class CodeSoortObjectId(models.TextChoices):
    BSN = "bsn", "Burgerservicenummer"
    VESTIGINGSNUMMER = "vestigingsnummer", "Vestigingsnummer"
    KVK_NUMMER = "kvk_nummer", "KvK-nummer"
    RSIN = "rsin", "RSIN"


class SoortDigitaalAdres(models.TextChoices):
    EMAIL = "email", "E-mailadres"
    TELEFOONNUMMER = "telefoonnummer", "Telefoonnummer"
    OVERIG = "overig", "Overig"


def adres_fields(prefix: str) -> dict:
    """The flattened Adres gegevensgroep (bezoekadres_*, correspondentieadres_*); Betrokkene
    in klantcontacten has the same two groups."""
    return {
        f"{prefix}_nummeraanduiding_id": models.CharField(
            max_length=16, blank=True, validators=[validators.validate_nummeraanduiding_id]
        ),
        f"{prefix}_straatnaam": models.CharField(max_length=255, blank=True),
        f"{prefix}_huisnummer": models.PositiveIntegerField(null=True, blank=True),
        f"{prefix}_huisnummertoevoeging": models.CharField(max_length=20, blank=True),
        f"{prefix}_postcode": models.CharField(
            max_length=7, blank=True, validators=[validators.validate_postcode]
        ),
        f"{prefix}_stad": models.CharField(max_length=255, blank=True),
        f"{prefix}_adresregel1": models.CharField(max_length=80, blank=True),
        f"{prefix}_adresregel2": models.CharField(max_length=80, blank=True),
        f"{prefix}_adresregel3": models.CharField(max_length=80, blank=True),
        f"{prefix}_land": models.CharField(
            max_length=2, blank=True, validators=[validators.validate_land]
        ),
    }


ADRES_SUBFIELDS = (
    "nummeraanduiding_id",
    "straatnaam",
    "huisnummer",
    "huisnummertoevoeging",
    "postcode",
    "stad",
    "adresregel1",
    "adresregel2",
    "adresregel3",
    "land",
)
CONTACTNAAM_SUBFIELDS = ("voorletters", "voornaam", "voorvoegsel_achternaam", "achternaam")
# The address fields the API filters on; each gets an index.
ADRES_FILTER_SUBFIELDS = (
    "nummeraanduiding_id",
    "adresregel1",
    "adresregel2",
    "adresregel3",
    "land",
)


def volledige_naam(obj) -> str:
    parts = (
        obj.contactnaam_voornaam,
        obj.contactnaam_voorvoegsel_achternaam,
        obj.contactnaam_achternaam,
    )
    return " ".join(part for part in parts if part)


class Partij(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nummer = models.CharField(
        max_length=10,
        null=True,
        blank=True,
        unique=True,
        validators=[validators.validate_digits],
        help_text="Uniek nummer; gegenereerd als er geen wordt opgegeven.",
    )
    interne_notitie = models.TextField(max_length=1000, blank=True)
    soort_partij = models.CharField(max_length=14, choices=SoortPartij.choices, db_index=True)
    indicatie_geheimhouding = models.BooleanField(null=True, blank=True, db_index=True)
    voorkeurstaal = models.CharField(max_length=3, blank=True, help_text="ISO 639-2/B, bv. nld")
    indicatie_actief = models.BooleanField(default=True, db_index=True)
    voorkeurs_digitaal_adres = models.ForeignKey(
        "partijen.DigitaalAdres",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    voorkeurs_rekeningnummer = models.ForeignKey(
        "partijen.Rekeningnummer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # bezoekadres_* and correspondentieadres_* are added below the class.

    class Meta:
        verbose_name = "partij"
        verbose_name_plural = "partijen"
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=[f"{prefix}_{sub}"], name=f"partij_{prefix[:5]}_{sub[:12]}")
            for prefix in ("bezoekadres", "correspondentieadres")
            for sub in ADRES_FILTER_SUBFIELDS
        ]

    def __str__(self) -> str:
        return self.weergavenaam or f"Partij {self.nummer or self.uuid}"

    @property
    def weergavenaam(self) -> str:
        """The name staff recognise: the organisation name or the person's full name."""
        for attr in ("organisatie", "persoon", "contactpersoon"):
            sub = getattr(self, attr, None)
            if sub is not None:
                return sub.naam if attr == "organisatie" else volledige_naam(sub)
        return ""


for _prefix in ("bezoekadres", "correspondentieadres"):
    for _name, _field in adres_fields(_prefix).items():
        Partij.add_to_class(_name, _field)

# After the address columns, so the historical table has them too (see register_history).
register_history(Partij)


class AuditTrail(Partij.history.model):
    """No data of its own: the admin's "Audit trail" page (every change of every model with
    history, klantenregister/core/audit.py) hangs on it, and so does the permission to see
    and export that trail, which shows personal data such as BSNs."""

    class Meta:
        proxy = True
        verbose_name = "audit trail"
        verbose_name_plural = "audit trail"
        default_permissions = ()
        permissions = [("audittrail_inzien", "Kan de audit trail inzien en exporteren")]


class Persoon(models.Model):
    partij = models.OneToOneField(Partij, on_delete=models.CASCADE, related_name="persoon")
    contactnaam_voorletters = models.CharField(max_length=10, blank=True)
    contactnaam_voornaam = models.CharField(max_length=200, blank=True)
    contactnaam_voorvoegsel_achternaam = models.CharField(max_length=10, blank=True)
    contactnaam_achternaam = models.CharField(max_length=200, blank=True, db_index=True)

    history = historical_records()

    class Meta:
        verbose_name = "persoon"
        verbose_name_plural = "personen"

    def __str__(self) -> str:
        return volledige_naam(self)


class Organisatie(models.Model):
    partij = models.OneToOneField(Partij, on_delete=models.CASCADE, related_name="organisatie")
    naam = models.CharField(max_length=200, blank=True)

    history = historical_records()

    class Meta:
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"

    def __str__(self) -> str:
        return self.naam


class Contactpersoon(models.Model):
    partij = models.OneToOneField(Partij, on_delete=models.CASCADE, related_name="contactpersoon")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True)
    werkte_voor_partij = models.ForeignKey(
        Partij,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contactpersonen",
        limit_choices_to={"soort_partij": SoortPartij.ORGANISATIE},
    )
    contactnaam_voorletters = models.CharField(max_length=10, blank=True)
    contactnaam_voornaam = models.CharField(max_length=200, blank=True)
    contactnaam_voorvoegsel_achternaam = models.CharField(max_length=10, blank=True)
    contactnaam_achternaam = models.CharField(max_length=200, blank=True, db_index=True)

    history = historical_records()

    class Meta:
        verbose_name = "contactpersoon"
        verbose_name_plural = "contactpersonen"

    def __str__(self) -> str:
        return volledige_naam(self)

    def clean(self):
        werkgever = self.werkte_voor_partij
        if werkgever is not None and werkgever.soort_partij != SoortPartij.ORGANISATIE:
            raise ValidationError(
                {"werkte_voor_partij": "Partij object moet het soort 'organisatie' hebben."}
            )


class PartijIdentificator(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partij = models.ForeignKey(
        Partij,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="partij_identificatoren",
        verbose_name="identificeerde partij",
    )
    andere_partij_identificator = models.CharField(max_length=200, blank=True, db_index=True)
    partij_identificator_code_objecttype = models.CharField(
        "code objecttype", max_length=23, choices=CodeObjecttype.choices
    )
    partij_identificator_code_soort_object_id = models.CharField(
        "code soort object-id", max_length=16, choices=CodeSoortObjectId.choices
    )
    partij_identificator_object_id = models.CharField("object-id", max_length=200, db_index=True)
    partij_identificator_code_register = models.CharField(
        "code register", max_length=3, choices=CodeRegister.choices
    )
    sub_identificator_van = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_identificatoren",
    )

    history = historical_records()

    class Meta:
        verbose_name = "partij-identificator"
        verbose_name_plural = "partij-identificatoren"
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "partij_identificator_code_objecttype",
                    "partij_identificator_code_soort_object_id",
                    "partij_identificator_object_id",
                    "partij_identificator_code_register",
                ],
                condition=Q(sub_identificator_van__isnull=True),
                name="partij_identificator_uniek",
                violation_error_message=(
                    "`PartijIdentificator` moet uniek zijn, er bestaat er al een met deze "
                    "gegevenscombinatie."
                ),
                violation_error_code="unique",
            ),
            models.UniqueConstraint(
                fields=["partij", "partij_identificator_code_soort_object_id"],
                condition=Q(partij__isnull=False),
                name="partij_identificator_soort_uniek_per_partij",
                violation_error_message="`CodeSoortObjectId` moet uniek zijn voor de Partij.",
                violation_error_code="unique",
            ),
            models.UniqueConstraint(
                fields=[
                    "sub_identificator_van",
                    "partij_identificator_code_objecttype",
                    "partij_identificator_code_soort_object_id",
                    "partij_identificator_object_id",
                    "partij_identificator_code_register",
                ],
                condition=Q(sub_identificator_van__isnull=False),
                name="partij_identificator_uniek_binnen_scope",
                violation_error_message=(
                    "`PartijIdentificator` moet uniek zijn, er bestaat er al een met deze "
                    "gegevenscombinatie."
                ),
                violation_error_code="unique",
            ),
        ]
        indexes = [
            models.Index(
                fields=[
                    "partij_identificator_code_soort_object_id",
                    "partij_identificator_object_id",
                ],
                name="partij_ident_soort_object",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_partij_identificator_code_soort_object_id_display()} "
            f"{self.partij_identificator_object_id}"
        )

    def clean(self):
        validators.validate_partij_identificator_codes(
            self.partij_identificator_code_register,
            self.partij_identificator_code_objecttype,
            self.partij_identificator_code_soort_object_id,
            self.partij_identificator_object_id,
        )
        parent = self.sub_identificator_van
        if parent is not None and self.pk is not None and parent.pk == self.pk:
            raise ValidationError(
                {
                    "sub_identificator_van": "Een identificator kan niet een subidentificator van "
                    "zichzelf zijn."
                }
            )
        if self.partij_identificator_code_soort_object_id == CodeSoortObjectId.VESTIGINGSNUMMER:
            if parent is None:
                raise ValidationError(
                    {
                        "sub_identificator_van": "Voor een vestigingsnummer is "
                        "`subIdentificatorVan` verplicht: het KVK-nummer waar de vestiging "
                        "onder valt."
                    }
                )
            if parent.partij_identificator_code_soort_object_id != CodeSoortObjectId.KVK_NUMMER:
                raise ValidationError(
                    {
                        "sub_identificator_van": "Een vestigingsnummer kan alleen onder een "
                        "identificator met codeSoortObjectId `kvk_nummer` vallen."
                    }
                )
        if self.pk is not None:
            stored = (
                PartijIdentificator.objects.filter(pk=self.pk)
                .values_list("partij_identificator_code_soort_object_id", flat=True)
                .first()
            )
            if (
                stored is not None
                and stored != self.partij_identificator_code_soort_object_id
                and self.sub_identificatoren.exists()
            ):
                raise ValidationError(
                    {
                        "partij_identificator_code_soort_object_id": "Deze identificator heeft "
                        "subidentificatoren; de codeSoortObjectId kan niet meer veranderen."
                    }
                )


class Vertegenwoordigden(models.Model):
    """Partij `vertegenwoordigende_partij` represents `vertegenwoordigde_partij`."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vertegenwoordigende_partij = models.ForeignKey(
        Partij, on_delete=models.CASCADE, related_name="vertegenwoordigingen_als_vertegenwoordiger"
    )
    vertegenwoordigde_partij = models.ForeignKey(
        Partij, on_delete=models.CASCADE, related_name="vertegenwoordigingen_als_vertegenwoordigde"
    )

    history = historical_records()

    class Meta:
        verbose_name = "vertegenwoordiging"
        verbose_name_plural = "vertegenwoordigingen"
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["vertegenwoordigende_partij", "vertegenwoordigde_partij"],
                name="vertegenwoordiging_uniek",
            ),
            models.CheckConstraint(
                condition=~Q(vertegenwoordigende_partij=models.F("vertegenwoordigde_partij")),
                name="vertegenwoordiging_niet_zichzelf",
                violation_error_message="De partij kan niet zichzelf vertegenwoordigen.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vertegenwoordigende_partij} vertegenwoordigt {self.vertegenwoordigde_partij}"

    def clean(self):
        if (
            self.vertegenwoordigende_partij_id is not None
            and self.vertegenwoordigende_partij_id == self.vertegenwoordigde_partij_id
        ):
            raise ValidationError(
                {"vertegenwoordigde_partij": "De partij kan niet zichzelf vertegenwoordigen."}
            )


class Categorie(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    naam = models.CharField(max_length=80, blank=True, db_index=True)

    history = historical_records()

    class Meta:
        verbose_name = "categorie"
        verbose_name_plural = "categorieën"
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.naam


class CategorieRelatie(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partij = models.ForeignKey(
        Partij, null=True, blank=True, on_delete=models.CASCADE, related_name="categorie_relaties"
    )
    categorie = models.ForeignKey(
        Categorie,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="categorie_relaties",
    )
    begin_datum = models.DateField(null=True, blank=True, db_index=True)
    eind_datum = models.DateField(null=True, blank=True, db_index=True)

    history = historical_records()

    class Meta:
        verbose_name = "categorie-relatie"
        verbose_name_plural = "categorie-relaties"
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.categorie} – {self.partij}"


class Rekeningnummer(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partij = models.ForeignKey(
        Partij, null=True, blank=True, on_delete=models.CASCADE, related_name="rekeningnummers"
    )
    iban = models.CharField(
        "IBAN", max_length=34, db_index=True, validators=[validators.validate_iban]
    )
    bic = models.CharField(
        "BIC", max_length=11, blank=True, db_index=True, validators=[validators.validate_bic]
    )

    history = historical_records()

    class Meta:
        verbose_name = "rekeningnummer"
        verbose_name_plural = "rekeningnummers"
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.iban


class DigitaalAdres(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partij = models.ForeignKey(
        Partij,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="digitale_adressen",
        verbose_name="verstrekt door partij",
    )
    # A lazy reference "up" to klantcontacten (no import): the contract has the link here, and
    # a betrokkene's addresses outlive it (SET NULL). See docs/architecture.md.
    betrokkene = models.ForeignKey(
        "klantcontacten.Betrokkene",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="digitale_adressen",
        verbose_name="verstrekt door betrokkene",
    )
    adres = models.CharField(max_length=80, db_index=True)
    soort_digitaal_adres = models.CharField(
        max_length=255, choices=SoortDigitaalAdres.choices, db_index=True
    )
    is_standaard_adres = models.BooleanField(default=False, db_index=True)
    omschrijving = models.CharField(max_length=40, blank=True)
    referentie = models.CharField(
        max_length=50, blank=True, db_index=True, validators=[validators.validate_referentie]
    )
    verificatie_datum = models.DateField(null=True, blank=True, db_index=True)

    history = historical_records()

    class Meta:
        verbose_name = "digitaal adres"
        verbose_name_plural = "digitale adressen"
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partij", "soort_digitaal_adres"],
                condition=Q(is_standaard_adres=True, partij__isnull=False),
                name="digitaal_adres_een_standaard_per_soort",
            ),
            models.UniqueConstraint(
                fields=["partij", "referentie", "soort_digitaal_adres"],
                condition=Q(partij__isnull=False) & ~Q(referentie=""),
                name="digitaal_adres_referentie_uniek",
                violation_error_message=(
                    "De velden partij, referentie, soortDigitaalAdres moeten een unieke set zijn."
                ),
                violation_error_code="unique",
            ),
        ]

    def __str__(self) -> str:
        return self.adres

    def clean(self):
        if self.adres and self.soort_digitaal_adres:
            try:
                validators.validate_digitaal_adres(self.soort_digitaal_adres, self.adres)
            except ValidationError as exc:
                raise ValidationError({"adres": exc.error_list}) from exc
        if self.is_standaard_adres and self.partij_id is None:
            raise ValidationError(
                {
                    "is_standaard_adres": "`is_standaard_adres` kan alleen gezet worden als "
                    "`verstrekt_door_partij` niet leeg is."
                }
            )
