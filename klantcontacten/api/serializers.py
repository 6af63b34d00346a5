"""Serializers of the klantcontacten resources (Klantinteracties API v1 field names, via
camelCase). Shape and type checks only; writes go through klantcontacten.services."""

import contextlib

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import (
    PolymorphicProxySerializer,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import serializers

from klantcontacten import services
from klantcontacten.models import (
    ALL_ACTOR_IDENTIFICATIE_FIELDS,
    Actor,
    ActorKlantcontact,
    Betrokkene,
    Bijlage,
    Klantcontact,
    Onderwerpobject,
    SoortActor,
    validate_metadata,
)
from klantenregister.api.expand import ExpandableSerializerMixin, Expansion
from klantenregister.api.fields import ForeignKeyField, ResourceUrlField, StrictCharField
from klantenregister.api.serializers import PrefixedGroupSerializer, ServiceModelSerializer
from partijen import validators
from partijen.api.serializers import NS, AdresSerializer, ContactnaamSerializer, partij_ref


def klantcontact_ref(**kwargs) -> ForeignKeyField:
    if not kwargs.get("read_only"):
        kwargs["queryset"] = Klantcontact.objects.all()
    return ForeignKeyField(f"{NS}:klantcontact-detail", **kwargs)


def actor_ref(**kwargs) -> ForeignKeyField:
    if not kwargs.get("read_only"):
        kwargs["queryset"] = Actor.objects.all()
    return ForeignKeyField(f"{NS}:actor-detail", **kwargs)


# --- errors of the services under their public names -----------------------------------------


def public_error_keys(serializer: serializers.Serializer) -> dict[str, str]:
    """Model field name → field path in this serializer, where they differ.

    The services key their errors by model field (`partij`, `bezoekadres_postcode`); the
    client must see the name it sent (`wasPartij`, `bezoekadres.postcode`).
    """
    keys = {}
    for name, field in serializer.fields.items():
        if isinstance(field, PrefixedGroupSerializer):
            for sub in field.fields:
                keys[f"{field.prefix}_{sub}"] = f"{name}.{sub}"
        elif field.source not in ("*", name) and "." not in field.source:
            keys[field.source] = name
    keys.update(getattr(serializer, "extra_error_keys", {}))
    return keys


def rekey_errors(error: DjangoValidationError, keys: dict[str, str]) -> DjangoValidationError:
    if not hasattr(error, "error_dict"):
        return error
    rekeyed: dict[str, list] = {}
    for key, errors in error.error_dict.items():
        rekeyed.setdefault(keys.get(key, key), []).extend(errors)
    return DjangoValidationError(rekeyed)


@contextlib.contextmanager
def public_errors(serializer: serializers.Serializer):
    try:
        yield
    except DjangoValidationError as exc:
        raise rekey_errors(exc, public_error_keys(serializer)) from exc


class KlantcontactenSerializer(ServiceModelSerializer):
    """A service-backed serializer whose service errors carry the public field names.

    `update_takes_partial`: the update service distinguishes PUT from PATCH (`partial=`).
    """

    update_takes_partial = False
    extra_error_keys: dict[str, str] = {}

    def create(self, validated_data):
        with public_errors(self):
            return super().create(validated_data)

    def update(self, instance, validated_data):
        with public_errors(self):
            if self.update_takes_partial:
                return type(self).update_service(instance, validated_data, partial=self.partial)
            return super().update(instance, validated_data)


# --- gegevensgroepen --------------------------------------------------------------------------


class IdentificatorSerializer(PrefixedGroupSerializer):
    """The generic identificator of an onderwerpobject, bijlage or actor: four free texts."""

    object_id = StrictCharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="Waarde van de eigenschap die het object identificeert, bv. '123456788'.",
    )
    code_objecttype = StrictCharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="Type van het object, bv. 'zaak'.",
    )
    code_register = StrictCharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="Het register waarin het object is geregistreerd, bv. 'open-zaak'.",
    )
    code_soort_object_id = StrictCharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="Naam van de eigenschap die het object identificeert, bv. 'uuid'.",
    )


class OnderwerpobjectidentificatorSerializer(IdentificatorSerializer):
    pass


class BijlageidentificatorSerializer(IdentificatorSerializer):
    pass


class ActoridentificatorSerializer(IdentificatorSerializer):
    pass


# --- Actor ------------------------------------------------------------------------------------


def _telefoonnummer(**kwargs) -> StrictCharField:
    return StrictCharField(max_length=20, validators=[validators.validate_telefoonnummer], **kwargs)


class MedewerkerSerializer(serializers.Serializer):
    functie = StrictCharField(max_length=40)
    emailadres = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    telefoonnummer = _telefoonnummer()


class OrganisatorischeEenheidSerializer(serializers.Serializer):
    omschrijving = StrictCharField(max_length=200, required=False, allow_blank=True)
    emailadres = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    faxnummer = StrictCharField(max_length=20, required=False, allow_blank=True)
    telefoonnummer = _telefoonnummer(required=False, allow_blank=True)


class GeautomatiseerdeActorSerializer(serializers.Serializer):
    functie = StrictCharField(max_length=40)
    omschrijving = StrictCharField(max_length=200, required=False, allow_blank=True)


ACTOR_IDENTIFICATIE_SERIALIZERS = {
    SoortActor.MEDEWERKER: MedewerkerSerializer,
    SoortActor.GEAUTOMATISEERDE_ACTOR: GeautomatiseerdeActorSerializer,
    SoortActor.ORGANISATORISCHE_EENHEID: OrganisatorischeEenheidSerializer,
}


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="ActorIdentificatie",
        serializers=list(ACTOR_IDENTIFICATIE_SERIALIZERS.values()),
        resource_type_field_name=None,
    )
)
class ActorIdentificatieField(serializers.Field):
    """The soort-specific part of an actor; its shape depends on `soortActor`. Stored in
    columns of the actor row, checked in ActorSerializer.validate once the soort is known."""

    default_error_messages = {"invalid": "Verwacht een object."}

    def get_attribute(self, instance):
        return instance

    def to_representation(self, actor):
        serializer_class = ACTOR_IDENTIFICATIE_SERIALIZERS.get(actor.soort_actor)
        if serializer_class is None:
            return None
        return serializer_class(actor, context=self.context).data

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            self.fail("invalid")
        return data


class ActorSerializer(KlantcontactenSerializer):
    """Een actor: een medewerker, organisatorische eenheid of geautomatiseerde actor van de
    gemeente. De vorm van `actorIdentificatie` hangt af van `soortActor`."""

    url = ResourceUrlField(f"{NS}:actor-detail")
    actoridentificator = ActoridentificatorSerializer(
        prefix="actoridentificator", required=False, allow_null=True
    )
    actor_identificatie = ActorIdentificatieField(required=False, allow_null=True)

    create_service = staticmethod(services.create_actor)
    update_service = staticmethod(services.update_actor)
    update_takes_partial = True
    extra_error_keys = {
        field: f"actor_identificatie.{field}" for field in ALL_ACTOR_IDENTIFICATIE_FIELDS
    }

    class Meta:
        model = Actor
        fields = (
            "uuid",
            "url",
            "naam",
            "soort_actor",
            "indicatie_actief",
            "actoridentificator",
            "actor_identificatie",
        )
        read_only_fields = ("uuid",)
        validators = []

    def validate(self, attrs):
        raw = attrs.get("actor_identificatie")
        if raw is not None:
            soort = attrs.get("soort_actor") or getattr(self.instance, "soort_actor", None)
            sub = ACTOR_IDENTIFICATIE_SERIALIZERS[soort](data=raw, context=self.context)
            if not sub.is_valid():
                raise serializers.ValidationError({"actor_identificatie": sub.errors})
            attrs["actor_identificatie"] = sub.validated_data
        return attrs


# Schema only: one variant per soortActor, as in the contract (oneOf with soortActor as
# discriminator). Responses are rendered by ActorSerializer.
def _actor_variant(soort: str, identificatie: type[serializers.Serializer]):
    # ActorMedewerker, ActorOrganisatorischeEenheid, ActorGeautomatiseerdeActor
    name = f"Actor{identificatie.__name__}"
    return type(
        name,
        (ActorSerializer,),
        {
            "__module__": __name__,
            "__doc__": f"Een actor van het soort {soort}.",
            "actor_identificatie": identificatie(required=False, allow_null=True),
        },
    )


ACTOR_VARIANTS = {
    soort: _actor_variant(soort, serializer_class)
    for soort, serializer_class in ACTOR_IDENTIFICATIE_SERIALIZERS.items()
}


def actor_schema(**kwargs) -> PolymorphicProxySerializer:
    return PolymorphicProxySerializer(
        component_name="Actor",
        serializers={str(soort): variant for soort, variant in ACTOR_VARIANTS.items()},
        resource_type_field_name="soortActor",
        **kwargs,
    )


@extend_schema_field(actor_schema(many=True))
class ActorenField(serializers.ListField):
    """The full actoren of a klantcontact, in the order they were linked (prefetched)."""

    def __init__(self, **kwargs):
        super().__init__(child=ActorSerializer(), read_only=True, **kwargs)

    def get_attribute(self, instance):
        return list(instance.actoren.all())


# --- Klantcontact -----------------------------------------------------------------------------


class InterneTakenRefsField(serializers.ListField):
    """Interne taken this klantcontact led to. InterneTaak lives in the taken app, above
    klantcontacten; it provides the `interne_taken` relation, read here by name only."""

    def __init__(self, **kwargs):
        super().__init__(
            child=ForeignKeyField(f"{NS}:internetaak-detail", read_only=True),
            read_only=True,
            **kwargs,
        )

    def get_attribute(self, instance):
        manager = getattr(instance, "interne_taken", None)
        return list(manager.all()) if manager is not None else []


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "string", "maxLength": 255},
        "description": "Vrije sleutel/waarde-gegevens; elke waarde een tekst van hoogstens "
        "255 tekens. `null` wordt opgeslagen als `{}`.",
    }
)
class MetadataField(serializers.JSONField):
    def __init__(self, **kwargs):
        # The model rule: a flat object of short strings, no NUL characters.
        super().__init__(validators=[validate_metadata], **kwargs)


def _nummer_field(help_text: str) -> StrictCharField:
    return StrictCharField(
        max_length=10,
        required=False,
        allow_null=True,
        allow_blank=True,
        validators=[validators.validate_digits],
        help_text=help_text,
    )


@extend_schema_serializer(deprecate_fields=["nummer"])
class KlantcontactSerializer(ExpandableSerializerMixin, KlantcontactenSerializer):
    """Een contact tussen de gemeente en een of meer betrokkenen: wat er gezegd is, via welk
    kanaal, wanneer, en waarover."""

    url = ResourceUrlField(f"{NS}:klantcontact-detail")
    ging_over_onderwerpobjecten = ForeignKeyField(
        f"{NS}:onderwerpobject-detail", many=True, read_only=True, source="onderwerpobjecten"
    )
    had_betrokken_actoren = ActorenField()
    omvatte_bijlagen = ForeignKeyField(
        f"{NS}:bijlage-detail", many=True, read_only=True, source="bijlagen"
    )
    had_betrokkenen = ForeignKeyField(
        f"{NS}:betrokkene-detail", many=True, read_only=True, source="betrokkenen"
    )
    leidde_tot_interne_taken = InterneTakenRefsField()
    nummer = _nummer_field(
        "**DEPRECATED** Uniek nummer; de server kent het volgende vrije nummer toe als het "
        "ontbreekt. Gebruik `referentienummer`."
    )
    referentienummer = _nummer_field("Uniek referentienummer voor communicatie tussen mensen.")
    metadata = MetadataField(required=False, allow_null=True)

    create_service = staticmethod(services.create_klantcontact)
    update_service = staticmethod(services.update_klantcontact)
    expansions = {
        "hadBetrokkenen": Expansion(
            attr="betrokkenen",
            serializer="klantcontacten.api.serializers.BetrokkeneSerializer",
            queryset="klantcontacten.selectors.betrokkenen",
        ),
        "gingOverOnderwerpobjecten": Expansion(
            attr="onderwerpobjecten",
            serializer="klantcontacten.api.serializers.OnderwerpobjectSerializer",
            queryset="klantcontacten.selectors.onderwerpobjecten",
        ),
        "omvatteBijlagen": Expansion(
            attr="bijlagen",
            serializer="klantcontacten.api.serializers.BijlageSerializer",
            queryset="klantcontacten.selectors.bijlagen",
        ),
        # InterneTaak lives in the taken app, above this one: named by dotted path only.
        "leiddeTotInterneTaken": Expansion(
            attr="interne_taken",
            serializer="taken.api.serializers.InterneTaakSerializer",
            queryset="taken.selectors.interne_taken",
        ),
    }

    class Meta:
        model = Klantcontact
        fields = (
            "uuid",
            "url",
            "ging_over_onderwerpobjecten",
            "had_betrokken_actoren",
            "omvatte_bijlagen",
            "had_betrokkenen",
            "leidde_tot_interne_taken",
            *services.KLANTCONTACT_FIELDS,
        )
        read_only_fields = ("uuid",)
        validators = []


# --- Betrokkene -------------------------------------------------------------------------------


class BetrokkeneSerializer(ExpandableSerializerMixin, KlantcontactenSerializer):
    """Een persoon of organisatie die bij een klantcontact betrokken was: een bekende partij,
    of anoniem met alleen de gegevens die tijdens het contact zijn gegeven."""

    url = ResourceUrlField(f"{NS}:betrokkene-detail")
    was_partij = partij_ref(source="partij", required=False, allow_null=True)
    had_klantcontact = klantcontact_ref(source="klantcontact")
    digitale_adressen = ForeignKeyField(f"{NS}:digitaaladres-detail", many=True, read_only=True)
    bezoekadres = AdresSerializer(prefix="bezoekadres", required=False, allow_null=True)
    correspondentieadres = AdresSerializer(
        prefix="correspondentieadres", required=False, allow_null=True
    )
    contactnaam = ContactnaamSerializer(prefix="contactnaam", required=False, allow_null=True)
    volledige_naam = serializers.CharField(read_only=True)

    create_service = staticmethod(services.create_betrokkene)
    update_service = staticmethod(services.update_betrokkene)
    update_takes_partial = True
    expansions = {
        "digitaleAdressen": Expansion(
            attr="digitale_adressen",
            serializer="partijen.api.serializers.DigitaalAdresSerializer",
            queryset="partijen.selectors.digitale_adressen",
        ),
        "wasPartij": Expansion(
            attr="partij",
            serializer="partijen.api.serializers.PartijSerializer",
            queryset="partijen.selectors.partijen",
            many=False,
        ),
        "hadKlantcontact": Expansion(
            attr="klantcontact",
            serializer="klantcontacten.api.serializers.KlantcontactSerializer",
            queryset="klantcontacten.selectors.klantcontacten",
            many=False,
        ),
    }

    class Meta:
        model = Betrokkene
        fields = (
            "uuid",
            "url",
            "was_partij",
            "had_klantcontact",
            "digitale_adressen",
            "bezoekadres",
            "correspondentieadres",
            "contactnaam",
            "volledige_naam",
            "rol",
            "organisatienaam",
            "initiator",
        )
        read_only_fields = ("uuid",)
        validators = []


# --- Onderwerpobject, Bijlage, ActorKlantcontact ----------------------------------------------


class OnderwerpobjectSerializer(KlantcontactenSerializer):
    """Een object (bv. een zaak) waar een klantcontact over ging, of een eerder klantcontact
    dat zelf het onderwerp was (`wasKlantcontact`)."""

    url = ResourceUrlField(f"{NS}:onderwerpobject-detail")
    klantcontact = klantcontact_ref(required=False, allow_null=True)
    was_klantcontact = klantcontact_ref(required=False, allow_null=True)
    onderwerpobjectidentificator = OnderwerpobjectidentificatorSerializer(
        prefix="onderwerpobjectidentificator", required=False, allow_null=True
    )

    create_service = staticmethod(services.create_onderwerpobject)
    update_service = staticmethod(services.update_onderwerpobject)
    update_takes_partial = True

    class Meta:
        model = Onderwerpobject
        fields = ("uuid", "url", "klantcontact", "was_klantcontact", "onderwerpobjectidentificator")
        read_only_fields = ("uuid",)
        validators = []


class OnderwerpobjectDeleteResponseSerializer(serializers.Serializer):
    behouden = serializers.ListField(
        child=serializers.URLField(),
        help_text="De klantcontacten die bleven omdat een ander onderwerpobject ernaar verwijst.",
    )


class BijlageSerializer(KlantcontactenSerializer):
    """Een bijlage (bv. een document) die (een deel van) de inhoud van een klantcontact
    beschrijft."""

    url = ResourceUrlField(f"{NS}:bijlage-detail")
    was_bijlage_van_klantcontact = klantcontact_ref(
        source="klantcontact", required=False, allow_null=True
    )
    bijlageidentificator = BijlageidentificatorSerializer(
        prefix="bijlageidentificator", required=False, allow_null=True
    )

    create_service = staticmethod(services.create_bijlage)
    update_service = staticmethod(services.update_bijlage)
    update_takes_partial = True

    class Meta:
        model = Bijlage
        fields = ("uuid", "url", "was_bijlage_van_klantcontact", "bijlageidentificator")
        read_only_fields = ("uuid",)
        validators = []


class ActorKlantcontactSerializer(KlantcontactenSerializer):
    """De koppeling van een actor aan een klantcontact."""

    url = ResourceUrlField(f"{NS}:actorklantcontact-detail")
    actor = actor_ref()
    klantcontact = klantcontact_ref()

    create_service = staticmethod(services.create_actorklantcontact)
    update_service = staticmethod(services.update_actorklantcontact)

    class Meta:
        model = ActorKlantcontact
        fields = ("uuid", "url", "actor", "klantcontact")
        read_only_fields = ("uuid",)
        validators = []


# --- maak-klantcontact ------------------------------------------------------------------------


class BetrokkeneKlantcontactReadOnlySerializer(BetrokkeneSerializer):
    """Een betrokkene binnen maak-klantcontact: `hadKlantcontact` wordt het nieuwe
    klantcontact."""

    had_klantcontact = klantcontact_ref(source="klantcontact", read_only=True)


class OnderwerpobjectKlantcontactReadOnlySerializer(OnderwerpobjectSerializer):
    """Een onderwerpobject binnen maak-klantcontact: `klantcontact` wordt het nieuwe
    klantcontact."""

    klantcontact = klantcontact_ref(read_only=True, allow_null=True)


class MaakKlantcontactSerializer(serializers.Serializer):
    """Een klantcontact met (optioneel) een betrokkene en een onderwerpobject, in één keer
    vastgelegd: alles of niets."""

    klantcontact = KlantcontactSerializer()
    betrokkene = BetrokkeneKlantcontactReadOnlySerializer(required=False, allow_null=True)
    onderwerpobject = OnderwerpobjectKlantcontactReadOnlySerializer(required=False, allow_null=True)

    def create(self, validated_data):
        try:
            return services.maak_klantcontact(
                klantcontact=validated_data["klantcontact"],
                betrokkene=validated_data.get("betrokkene"),
                onderwerpobject=validated_data.get("onderwerpobject"),
            )
        except DjangoValidationError as exc:
            raise self._public(exc) from exc

    def _public(self, error: DjangoValidationError) -> DjangoValidationError:
        """`onderwerpobject.onderwerpobjectidentificator_object_id` (the service's key) →
        `onderwerpobject.onderwerpobjectidentificator.object_id`."""
        if not hasattr(error, "error_dict"):
            return error
        rekeyed: dict[str, list] = {}
        for key, errors in error.error_dict.items():
            part, _, rest = key.partition(".")
            if part in self.fields and rest and rest != NON_FIELD_ERRORS:
                rest = public_error_keys(self.fields[part]).get(rest, rest)
                key = f"{part}.{rest}"
            rekeyed.setdefault(key, []).extend(errors)
        return DjangoValidationError(rekeyed)


# --- historie ---------------------------------------------------------------------------------


class WijzigingSerializer(serializers.Serializer):
    veld = serializers.CharField(help_text="Het veld, zoals de API het noemt (bv. `onderwerp`).")
    oud = serializers.JSONField(allow_null=True, help_text="De waarde ervoor (null: geen).")
    nieuw = serializers.JSONField(allow_null=True, help_text="De waarde erna.")


class HistorieRegelSerializer(serializers.Serializer):
    """Eén wijziging aan een klantcontact of een van zijn delen: wie, wanneer, wat."""

    tijdstip = serializers.DateTimeField()
    actie = serializers.ChoiceField(choices=["aangemaakt", "gewijzigd", "verwijderd"])
    resource = serializers.ChoiceField(
        choices=["klantcontact", "betrokkene", "onderwerpobject", "bijlage", "actorklantcontact"]
    )
    uuid = serializers.UUIDField()
    actor = serializers.CharField(
        help_text="Wie de wijziging deed: 'applicatie <naam>', 'medewerker <gebruikersnaam>', "
        "'beheer: manage.py <commando>', 'taak <naam>' of 'systeem'."
    )
    wijzigingen = WijzigingSerializer(many=True)
