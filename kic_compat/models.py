"""Extension rows for what the first-generation APIs hold and the new model cannot (spec §3)."""

import uuid

from django.db import models
from django.db.models.functions import MD5
from django.utils import timezone

# --- Klanten and the audit trail (engineer B): spec §3, §4.1, §4.6 -------------------------------


class SubjectType(models.TextChoices):
    NATUURLIJK_PERSOON = "natuurlijk_persoon", "Natuurlijk persoon"
    NIET_NATUURLIJK_PERSOON = "niet_natuurlijk_persoon", "Niet-natuurlijk persoon"
    VESTIGING = "vestiging", "Vestiging"


class KlantExtensie(models.Model):
    """What a first-generation klant holds and a Partij cannot (spec §3, §4.1).

    Exists only for partijen a first-generation write touched; without one a partij reads with
    the defaults and derivations of spec §4.1."""

    partij = models.OneToOneField(
        "partijen.Partij", on_delete=models.CASCADE, related_name="kic_extensie"
    )
    bronorganisatie = models.CharField(max_length=9, db_index=True)
    # The first-generation value (ML8), or the 10-digit nummer of a partij made elsewhere
    # that a first-generation write touched (spec §8.1).
    klantnummer = models.CharField(max_length=10, db_index=True)
    functie = models.CharField(max_length=200, blank=True, db_index=True)
    website_url = models.CharField(max_length=1000, blank=True)
    subject = models.CharField(max_length=1000, blank=True, db_index=True)
    # null: the client sent `subjectType: null` (kept only here, spec §8.7).
    subject_type = models.CharField(  # noqa: DJ001
        max_length=23, choices=SubjectType.choices, null=True, blank=True, db_index=True
    )
    # Names the new model keeps elsewhere for the other soort (spec §4.1).
    bedrijfsnaam = models.CharField(max_length=200, blank=True, db_index=True)
    voornaam = models.CharField(max_length=200, blank=True)
    voorvoegsel_achternaam = models.CharField(max_length=10, blank=True)
    achternaam = models.CharField(max_length=200, blank=True, db_index=True)
    huisletter = models.CharField(max_length=1, blank=True)
    anp_identificatie = models.CharField(max_length=17, blank=True, db_index=True)
    inp_a_nummer = models.CharField(max_length=10, blank=True, db_index=True)
    ann_identificatie = models.CharField(max_length=17, blank=True, db_index=True)
    vestigings_nummer = models.CharField(max_length=24, blank=True, db_index=True)
    # The rest of subjectIdentificatie, in its first-generation (camelCase) shape.
    subject_identificatie_extra = models.JSONField(default=dict, blank=True)
    # Open Klant 1.x fields (profile `openklant1`).
    aanmaakkanaal = models.CharField(max_length=100, blank=True)
    geverifieerd = models.BooleanField(null=True, blank=True)

    class Meta:
        verbose_name = "klant-extensie"
        verbose_name_plural = "klant-extensies"
        constraints = [
            models.UniqueConstraint(
                fields=["bronorganisatie", "klantnummer"],
                name="kic_klantnummer_uniek_per_bronorganisatie",
                violation_error_message=(
                    "De velden bronorganisatie, klantnummer moeten een unieke set zijn."
                ),
                violation_error_code="unique",
            )
        ]

    def __str__(self) -> str:
        return f"Klant {self.klantnummer} ({self.bronorganisatie})"


class KicAuditTrail(models.Model):
    """One first-generation write, as the contracts' `audittrail` resources show it (§4.6).

    Kept apart from the product's history (which records every change of every model): this
    holds the first-generation view of the object before and after, with the JWT's user. No
    foreign key to the object: the entry of a delete outlives it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bron = models.CharField(max_length=3)
    # The collection (`klanten`) and uuid of the main object, to list its trail.
    collectie = models.CharField(max_length=30)
    hoofd_object_uuid = models.UUIDField()
    applicatie_id = models.CharField(max_length=100, blank=True)
    applicatie_weergave = models.CharField(max_length=200, blank=True)
    gebruikers_id = models.CharField(max_length=255, blank=True)
    gebruikers_weergave = models.CharField(max_length=255, blank=True)
    actie = models.CharField(max_length=50)
    actie_weergave = models.CharField(max_length=200, blank=True)
    resultaat = models.PositiveSmallIntegerField()
    hoofd_object = models.CharField(max_length=1000)
    resource = models.CharField(max_length=50)
    resource_url = models.CharField(max_length=1000)
    toelichting = models.TextField(blank=True)
    resource_weergave = models.CharField(max_length=200, blank=True)
    aanmaakdatum = models.DateTimeField(auto_now_add=True)
    oud = models.JSONField(null=True, blank=True)
    nieuw = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = "audit trail (eerste generatie)"
        verbose_name_plural = "audit trail (eerste generatie)"
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["collectie", "hoofd_object_uuid"], name="kic_audit_hoofdobject")
        ]

    def __str__(self) -> str:
        return f"{self.actie} {self.resource_url}"


class KicIdempotentie(models.Model):
    """The first answer to a first-generation POST sent with an `Idempotency-Key` (spec §1,
    extension): the same client repeating the key within 24 hours gets that answer again, with
    200, and nothing is written twice."""

    api_client = models.ForeignKey("core.ApiClient", on_delete=models.CASCADE, related_name="+")
    sleutel = models.CharField(max_length=255)
    pad = models.CharField(max_length=200)
    aangemaakt = models.DateTimeField(auto_now_add=True, db_index=True)
    # The response body as the serializer gave it (the renderer camelCases it again).
    antwoord = models.JSONField()

    class Meta:
        verbose_name = "idempotency key (eerste generatie)"
        verbose_name_plural = "idempotency keys (eerste generatie)"
        constraints = [
            models.UniqueConstraint(fields=["api_client", "sleutel"], name="kic_idempotentie_uniek")
        ]

    def __str__(self) -> str:
        return f"{self.sleutel} ({self.pad})"


# --- Contactmomenten (engineer C): spec §3, §4.2-4.4 ----------------------------------------------
# Declared with string references so this section does not depend on the imports above it.


class Initiatiefnemer(models.TextChoices):
    GEMEENTE = "gemeente", "Gemeente"
    KLANT = "klant", "Klant"


class KlantcontactmomentRol(models.TextChoices):
    BELANGHEBBENDE = "belanghebbende", "Belanghebbende"
    GESPREKSPARTNER = "gesprekspartner", "Gesprekspartner"


class OnderwerpobjectSoort(models.TextChoices):
    OBJECT = "object", "Object (objectcontactmoment)"
    VORIG_CONTACTMOMENT = "vorig_contactmoment", "Vorig contactmoment"


class ContactmomentExtensie(models.Model):
    """What a first-generation contactmoment holds and a Klantcontact cannot (spec §4.2).

    Exists only for klantcontacten a first-generation write touched."""

    klantcontact = models.OneToOneField(
        "klantcontacten.Klantcontact",
        on_delete=models.CASCADE,
        related_name="kic_extensie",
    )
    bronorganisatie = models.CharField(max_length=9, blank=True, db_index=True)
    voorkeurskanaal = models.CharField(max_length=50, blank=True, db_index=True)
    onderwerp_links = models.JSONField(default=list, blank=True)
    initiatiefnemer = models.CharField(
        max_length=8, choices=Initiatiefnemer.choices, blank=True, db_index=True
    )
    medewerker = models.CharField(max_length=1000, blank=True, db_index=True)
    medewerker_identificatie = models.JSONField(null=True, blank=True)
    medewerker_link = models.ForeignKey(
        "klantcontacten.ActorKlantcontact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The whole tekst when it did not fit in inhoud (1000); read back while it still starts
    # with the current inhoud. null: the tekst fitted (spec §3 `tekst_volledig` N).
    tekst_volledig = models.TextField(null=True, blank=True)  # noqa: DJ001
    # First-generation fields left blank that got a new-model default (they read back "").
    defaulted_fields = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = "contactmoment-extensie"
        verbose_name_plural = "contactmoment-extensies"

    def __str__(self) -> str:
        return f"Extensie van klantcontact {self.klantcontact_id}"


class KlantcontactmomentExtensie(models.Model):
    """The first-generation `rol` of a klantcontactmoment (a Betrokkene), spec §4.3."""

    betrokkene = models.OneToOneField(
        "klantcontacten.Betrokkene",
        on_delete=models.CASCADE,
        related_name="kic_extensie",
    )
    rol = models.CharField(max_length=15, choices=KlantcontactmomentRol.choices, db_index=True)
    # Copies of the betrokkene's klantcontact and partij, for cm-004's uniqueness.
    klantcontact = models.ForeignKey(
        "klantcontacten.Klantcontact", on_delete=models.CASCADE, related_name="+"
    )
    partij = models.ForeignKey("partijen.Partij", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "klantcontactmoment-extensie"
        verbose_name_plural = "klantcontactmoment-extensies"
        constraints = [
            models.UniqueConstraint(
                fields=["klantcontact", "partij", "rol"],
                name="kic_klantcontactmoment_uniek",
                violation_error_message=(
                    "De velden contactmoment, klant, rol moeten een unieke set zijn."
                ),
                violation_error_code="unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_rol_display()} (betrokkene {self.betrokkene_id})"


class OnderwerpobjectExtensie(models.Model):
    """Marks an Onderwerpobject as a first-generation objectcontactmoment (with the object URL
    verbatim) or as the vorigContactmoment link of its klantcontact (spec §4.2, §4.4)."""

    onderwerpobject = models.OneToOneField(
        "klantcontacten.Onderwerpobject",
        on_delete=models.CASCADE,
        related_name="kic_extensie",
    )
    soort = models.CharField(max_length=19, choices=OnderwerpobjectSoort.choices, db_index=True)
    object_url = models.CharField(max_length=1000, blank=True, db_index=True)
    object_type = models.CharField(max_length=20, blank=True, db_index=True)
    # Copy of the onderwerpobject's klantcontact, for the (contactmoment, object) uniqueness.
    klantcontact = models.ForeignKey(
        "klantcontacten.Klantcontact", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = "onderwerpobject-extensie"
        verbose_name_plural = "onderwerpobject-extensies"
        constraints = [
            models.UniqueConstraint(
                fields=["klantcontact", "object_url"],
                condition=models.Q(soort="object"),
                name="kic_objectcontactmoment_uniek",
                violation_error_message=(
                    "De velden contactmoment, object moeten een unieke set zijn."
                ),
                violation_error_code="unique",
            ),
            # One marked vorigContactmoment link per klantcontact.
            models.UniqueConstraint(
                fields=["klantcontact"],
                condition=models.Q(soort="vorig_contactmoment"),
                name="kic_een_vorig_contactmoment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.object_url}".strip()


# --- Verzoeken (native tables): spec §3, §4.5 ---------------------------------------------------
# The verzoeken family has no counterpart in the new model, so its rows live here as the
# contract shapes them. Links to klanten, contactmomenten, informatieobjecten, producten and
# zaken are URL strings (no cascade), as in the contract.

URL_LENGTH = 1000


class VerzoekStatus(models.TextChoices):
    ONTVANGEN = "ontvangen", "Ontvangen"
    IN_BEHANDELING = "in_behandeling", "In behandeling"
    AFGEHANDELD = "afgehandeld", "Afgehandeld"
    AFGEWEZEN = "afgewezen", "Afgewezen"
    INGETROKKEN = "ingetrokken", "Ingetrokken"


class KlantVerzoekRol(models.TextChoices):
    BELANGHEBBENDE = "belanghebbende", "Belanghebbende"
    INITIATOR = "initiator", "Initiator"
    MEDE_INITIATOR = "mede_initiator", "Mede-initiator"


class IndicatieMachtiging(models.TextChoices):
    GEMACHTIGDE = "gemachtigde", "Gemachtigde"
    MACHTIGINGGEVER = "machtiginggever", "Machtiginggever"


class ObjectVerzoekObjectType(models.TextChoices):
    ZAAK = "zaak", "Zaak"


class MirrorState(models.TextChoices):
    """Delivery state of a verzoek–informatieobject relation to the DRC (kic-001, spec §6.3)."""

    PENDING = "pending", "Wacht op levering"
    DONE = "done", "Gespiegeld"
    FAILED = "failed", "Mislukt"


class Verzoek(models.Model):
    """A first-generation verzoek (Verzoeken API 1.0.0-beta), spec §4.5."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Generated (VERZOEK-{year}-{10 digits}) when the client sends none (blank in a form
    # means "generate one"; a saved verzoek always has one); immutable (vrz-001).
    identificatie = models.CharField(max_length=40, blank=True, db_index=True)
    bronorganisatie = models.CharField(max_length=9, db_index=True)
    externe_identificatie = models.CharField(max_length=40, blank=True, db_index=True)
    registratiedatum = models.DateTimeField(default=timezone.now, db_index=True)
    voorkeurskanaal = models.CharField(max_length=50, blank=True, db_index=True)
    tekst = models.TextField(blank=True)
    status = models.CharField(max_length=14, choices=VerzoekStatus.choices, db_index=True)
    # vrz-002/003: one-to-one, so a verzoek is withdrawn or supplemented by at most one other;
    # deleting either side leaves the other (SET_NULL; the reference implementation cascaded).
    in_te_trekken_verzoek = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="intrekkende_verzoek",
    )
    aangevulde_verzoek = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aanvullende_verzoek",
    )

    class Meta:
        verbose_name = "verzoek"
        verbose_name_plural = "verzoeken"
        constraints = [
            models.UniqueConstraint(
                fields=["bronorganisatie", "identificatie"],
                name="kic_verzoek_identificatie_uniek",
                violation_error_message=(
                    "De identificatie is niet uniek binnen de bronorganisatie."
                ),
                violation_error_code="identificatie-niet-uniek",
            )
        ]
        # An exact `tekst` filter is backed by an index on its hash (selectors filter on both):
        # a B-tree index on the text itself fails for long values.
        indexes = [models.Index(MD5("tekst"), name="kic_verzoek_tekst_md5")]

    def __str__(self) -> str:
        return f"Verzoek {self.identificatie} ({self.bronorganisatie})"


class KlantVerzoek(models.Model):
    """A klant involved in a verzoek (spec §4.5, vrz-004)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    klant = models.CharField(max_length=URL_LENGTH, db_index=True)
    verzoek = models.ForeignKey(Verzoek, on_delete=models.CASCADE, related_name="klantverzoeken")
    rol = models.CharField(max_length=14, choices=KlantVerzoekRol.choices, blank=True)
    indicatie_machtiging = models.CharField(
        max_length=15, choices=IndicatieMachtiging.choices, blank=True
    )

    class Meta:
        verbose_name = "klant-verzoek"
        verbose_name_plural = "klant-verzoeken"
        constraints = [
            models.UniqueConstraint(
                fields=["klant", "verzoek", "rol"],
                name="kic_klantverzoek_uniek",
                violation_error_message="De velden klant, verzoek, rol moeten een unieke set zijn.",
                violation_error_code="unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.klant} bij verzoek {self.verzoek_id}"


class VerzoekContactMoment(models.Model):
    """A contactmoment about a verzoek (spec §4.5, vrz-005)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contactmoment = models.CharField(max_length=URL_LENGTH, db_index=True)
    verzoek = models.ForeignKey(
        Verzoek, on_delete=models.CASCADE, related_name="verzoekcontactmomenten"
    )

    class Meta:
        verbose_name = "verzoek-contactmoment"
        verbose_name_plural = "verzoek-contactmomenten"
        constraints = [
            models.UniqueConstraint(
                fields=["verzoek", "contactmoment"],
                name="kic_verzoekcontactmoment_uniek",
                violation_error_message=(
                    "De velden verzoek, contactmoment moeten een unieke set zijn."
                ),
                violation_error_code="unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.contactmoment} bij verzoek {self.verzoek_id}"


class VerzoekInformatieObject(models.Model):
    """A document (DRC informatieobject) of a verzoek (spec §4.5, vrz-006), mirrored to the DRC
    as an objectinformatieobject (kic-001, spec §6). Immutable through the API."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Stored exactly as sent: the DRC's callback query matches on this string (spec §6.2).
    informatieobject = models.CharField(max_length=URL_LENGTH, db_index=True)
    verzoek = models.ForeignKey(
        Verzoek, on_delete=models.CASCADE, related_name="verzoekinformatieobjecten"
    )
    # kic-001 delivery state (spec §6.3).
    drc_oio_url = models.CharField(max_length=URL_LENGTH, blank=True)
    mirror_state = models.CharField(
        max_length=7, choices=MirrorState.choices, default=MirrorState.PENDING, db_index=True
    )
    mirror_attempts = models.PositiveIntegerField(default=0)
    mirror_last_error = models.TextField(blank=True)
    mirror_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "verzoek-informatieobject"
        verbose_name_plural = "verzoek-informatieobjecten"
        constraints = [
            models.UniqueConstraint(
                fields=["verzoek", "informatieobject"],
                name="kic_verzoekinformatieobject_uniek",
                violation_error_message=(
                    "De velden verzoek, informatieobject moeten een unieke set zijn."
                ),
                violation_error_code="unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.informatieobject} bij verzoek {self.verzoek_id}"


class VerzoekProduct(models.Model):
    """A product a verzoek is about: a URL, a code, or both (spec §4.5, vrz-007)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    verzoek = models.ForeignKey(Verzoek, on_delete=models.CASCADE, related_name="verzoekproducten")
    product = models.CharField(max_length=URL_LENGTH, blank=True, db_index=True)
    product_code = models.CharField(max_length=20, blank=True, db_index=True)

    class Meta:
        verbose_name = "verzoek-product"
        verbose_name_plural = "verzoek-producten"
        constraints = [
            models.UniqueConstraint(
                fields=["verzoek", "product"],
                condition=~models.Q(product=""),
                name="kic_verzoekproduct_product_uniek",
                violation_error_message="De velden verzoek, product moeten een unieke set zijn.",
                violation_error_code="unique",
            ),
            models.UniqueConstraint(
                fields=["verzoek", "product_code"],
                condition=~models.Q(product_code=""),
                name="kic_verzoekproduct_code_uniek",
                violation_error_message=(
                    "De velden verzoek, productIdentificatie.code moeten een unieke set zijn."
                ),
                violation_error_code="unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product or self.product_code} bij verzoek {self.verzoek_id}"


class ObjectVerzoek(models.Model):
    """A zaak (ZRC) a verzoek relates to (spec §4.5, vrz-008/009)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    verzoek = models.ForeignKey(Verzoek, on_delete=models.CASCADE, related_name="objectverzoeken")
    object = models.CharField(max_length=URL_LENGTH, db_index=True)
    object_type = models.CharField(
        max_length=20, choices=ObjectVerzoekObjectType.choices, db_index=True
    )

    class Meta:
        verbose_name = "object-verzoek"
        verbose_name_plural = "object-verzoeken"
        constraints = [
            models.UniqueConstraint(
                fields=["verzoek", "object"],
                name="kic_objectverzoek_uniek",
                violation_error_message="De velden verzoek, object moeten een unieke set zijn.",
                violation_error_code="unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.object} bij verzoek {self.verzoek_id}"


# kic-001's outbox lives in its own module; imported here so Django registers it with the app.
from kic_compat.drc_mirror.models import DrcMirrorAttempt, DrcMirrorJob  # noqa: E402, F401
