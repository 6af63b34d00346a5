"""Serializers of the Partij family (Klantinteracties API v1 field names, via camelCase)."""

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from klantenregister.api.expand import ExpandableSerializerMixin, Expansion
from klantenregister.api.fields import ForeignKeyField, ResourceUrlField, StrictCharField
from klantenregister.api.serializers import PrefixedGroupSerializer, ServiceModelSerializer
from partijen import services, validators
from partijen.models import (
    Categorie,
    CategorieRelatie,
    CodeObjecttype,
    CodeRegister,
    CodeSoortObjectId,
    DigitaalAdres,
    Partij,
    PartijIdentificator,
    Rekeningnummer,
    SoortPartij,
    Vertegenwoordigden,
    volledige_naam,
)

NS = "klantinteracties"


def partij_ref(**kwargs) -> ForeignKeyField:
    if not kwargs.get("read_only"):
        kwargs["queryset"] = Partij.objects.all()
    return ForeignKeyField(f"{NS}:partij-detail", **kwargs)


class AdresSerializer(PrefixedGroupSerializer):
    nummeraanduiding_id = StrictCharField(
        max_length=16,
        required=False,
        allow_blank=True,
        validators=[validators.validate_nummeraanduiding_id],
        help_text="Identificatie van het adres bij de Basisregistratie Adressen en Gebouwen.",
    )
    straatnaam = StrictCharField(max_length=255, required=False, allow_blank=True)
    huisnummer = serializers.IntegerField(
        min_value=1, max_value=99999, required=False, allow_null=True
    )
    huisnummertoevoeging = StrictCharField(max_length=20, required=False, allow_blank=True)
    postcode = StrictCharField(
        max_length=7, required=False, allow_blank=True, validators=[validators.validate_postcode]
    )
    stad = StrictCharField(max_length=255, required=False, allow_blank=True)
    adresregel1 = StrictCharField(max_length=80, required=False, allow_blank=True)
    adresregel2 = StrictCharField(max_length=80, required=False, allow_blank=True)
    adresregel3 = StrictCharField(max_length=80, required=False, allow_blank=True)
    land = StrictCharField(
        min_length=2,
        max_length=2,
        required=False,
        allow_blank=True,
        validators=[validators.validate_land],
        help_text="ISO 3166-1 alpha-2 landcode in hoofdletters.",
    )


class ContactnaamSerializer(PrefixedGroupSerializer):
    voorletters = StrictCharField(max_length=10, required=False, allow_blank=True)
    voornaam = StrictCharField(max_length=200, required=False, allow_blank=True)
    voorvoegsel_achternaam = StrictCharField(max_length=10, required=False, allow_blank=True)
    achternaam = StrictCharField(max_length=200, required=False, allow_blank=True)


# --- partijIdentificatie per soortPartij -----------------------------------------------------


class PersoonSerializer(serializers.Serializer):
    contactnaam = ContactnaamSerializer(prefix="contactnaam", required=False, allow_null=True)
    volledige_naam = serializers.SerializerMethodField()

    def get_volledige_naam(self, obj) -> str:
        return volledige_naam(obj)


class OrganisatieSerializer(serializers.Serializer):
    naam = StrictCharField(max_length=200, required=False, allow_blank=True)


class ContactpersoonSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(required=False)
    werkte_voor_partij = partij_ref(required=False, allow_null=True)
    contactnaam = ContactnaamSerializer(prefix="contactnaam", required=False, allow_null=True)
    volledige_naam = serializers.SerializerMethodField()

    def get_volledige_naam(self, obj) -> str:
        return volledige_naam(obj)


IDENTIFICATIE_SERIALIZERS = {
    SoortPartij.PERSOON: ("persoon", PersoonSerializer),
    SoortPartij.ORGANISATIE: ("organisatie", OrganisatieSerializer),
    SoortPartij.CONTACTPERSOON: ("contactpersoon", ContactpersoonSerializer),
}


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="PartijIdentificatie",
        serializers=[PersoonSerializer, OrganisatieSerializer, ContactpersoonSerializer],
        resource_type_field_name=None,
    )
)
class PartijIdentificatieField(serializers.Field):
    """The soort-specific part of a partij; its shape depends on `soortPartij`.

    Checked against the right serializer in PartijSerializer.validate, once the soort is known.
    """

    default_error_messages = {"invalid": "Verwacht een object."}

    def get_attribute(self, instance):
        return instance

    def to_representation(self, partij):
        attr, serializer_class = IDENTIFICATIE_SERIALIZERS[partij.soort_partij]
        sub = getattr(partij, attr, None)
        if sub is None:
            return None
        return serializer_class(sub, context=self.context).data

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            self.fail("invalid")
        return data


# --- PartijIdentificator ---------------------------------------------------------------------


class PartijIdentificatorGroepSerializer(serializers.Serializer):
    code_objecttype = serializers.ChoiceField(
        choices=CodeObjecttype.choices, source="partij_identificator_code_objecttype"
    )
    code_soort_object_id = serializers.ChoiceField(
        choices=CodeSoortObjectId.choices, source="partij_identificator_code_soort_object_id"
    )
    object_id = StrictCharField(max_length=200, source="partij_identificator_object_id")
    code_register = serializers.ChoiceField(
        choices=CodeRegister.choices, source="partij_identificator_code_register"
    )


class PartijIdentificatorSerializer(ServiceModelSerializer):
    uuid = serializers.UUIDField(required=False)
    url = ResourceUrlField(f"{NS}:partijidentificator-detail")
    identificeerde_partij = partij_ref(source="partij", required=False, allow_null=True)
    partij_identificator = PartijIdentificatorGroepSerializer(source="*")
    sub_identificator_van = ForeignKeyField(
        f"{NS}:partijidentificator-detail",
        queryset=PartijIdentificator.objects.all(),
        required=False,
        allow_null=True,
    )

    create_service = staticmethod(services.create_partij_identificator)
    update_service = staticmethod(services.update_partij_identificator)

    class Meta:
        model = PartijIdentificator
        fields = (
            "uuid",
            "url",
            "identificeerde_partij",
            "andere_partij_identificator",
            "partij_identificator",
            "sub_identificator_van",
        )
        validators = []

    def create(self, validated_data):
        # A client-chosen uuid only selects an existing item inside a partij; here it is ours.
        validated_data.pop("uuid", None)
        return super().create(validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("uuid", None)
        return super().update(instance, validated_data)


# --- Simple resources ------------------------------------------------------------------------


class DigitaalAdresSerializer(ExpandableSerializerMixin, ServiceModelSerializer):
    url = ResourceUrlField(f"{NS}:digitaaladres-detail")
    # Betrokkene lives in klantcontacten, above partijen: named by label, never imported.
    verstrekt_door_betrokkene = ForeignKeyField(
        f"{NS}:betrokkene-detail",
        model="klantcontacten.Betrokkene",
        source="betrokkene",
        required=False,
        allow_null=True,
    )
    verstrekt_door_partij = partij_ref(source="partij", required=False, allow_null=True)

    create_service = staticmethod(services.create_digitaal_adres)
    update_service = staticmethod(services.update_digitaal_adres)
    expansions = {
        "verstrektDoorBetrokkene": Expansion(
            attr="betrokkene",
            serializer="klantcontacten.api.serializers.BetrokkeneSerializer",
            queryset="klantcontacten.selectors.betrokkenen",
            many=False,
        ),
    }

    class Meta:
        model = DigitaalAdres
        fields = (
            "uuid",
            "url",
            "verstrekt_door_betrokkene",
            "verstrekt_door_partij",
            "adres",
            "soort_digitaal_adres",
            "is_standaard_adres",
            "omschrijving",
            "referentie",
            "verificatie_datum",
        )
        read_only_fields = ("uuid",)
        validators = []


class RekeningnummerSerializer(ServiceModelSerializer):
    url = ResourceUrlField(f"{NS}:rekeningnummer-detail")
    partij = partij_ref(required=False, allow_null=True)

    create_service = staticmethod(services.create_rekeningnummer)
    update_service = staticmethod(services.update_rekeningnummer)

    class Meta:
        model = Rekeningnummer
        fields = ("uuid", "url", "partij", "iban", "bic")
        read_only_fields = ("uuid",)
        extra_kwargs = {"bic": {"min_length": 8}}
        validators = []


class VertegenwoordigdenSerializer(ServiceModelSerializer):
    url = ResourceUrlField(f"{NS}:vertegenwoordigden-detail")
    vertegenwoordigende_partij = partij_ref()
    vertegenwoordigde_partij = partij_ref()

    create_service = staticmethod(services.create_vertegenwoordiging)
    update_service = staticmethod(services.update_vertegenwoordiging)

    class Meta:
        model = Vertegenwoordigden
        fields = ("uuid", "url", "vertegenwoordigende_partij", "vertegenwoordigde_partij")
        read_only_fields = ("uuid",)
        validators = []


class CategorieSerializer(ServiceModelSerializer):
    url = ResourceUrlField(f"{NS}:categorie-detail")

    create_service = staticmethod(services.create_categorie)
    update_service = staticmethod(services.update_categorie)

    class Meta:
        model = Categorie
        fields = ("uuid", "url", "naam")
        read_only_fields = ("uuid",)
        validators = []


@extend_schema_field(
    {
        "type": "object",
        "properties": {
            "uuid": {"type": "string", "format": "uuid"},
            "url": {"type": "string", "format": "uri", "readOnly": True},
            "naam": {"type": "string", "readOnly": True},
        },
        "required": ["uuid", "url", "naam"],
    }
)
class CategorieForeignKeyField(ForeignKeyField):
    def to_representation(self, value):
        return {**super().to_representation(value), "naam": value.naam}


class CategorieRelatieSerializer(ServiceModelSerializer):
    url = ResourceUrlField(f"{NS}:categorierelatie-detail")
    partij = partij_ref(required=False, allow_null=True)
    categorie = CategorieForeignKeyField(
        f"{NS}:categorie-detail", queryset=Categorie.objects.all(), required=False, allow_null=True
    )

    create_service = staticmethod(services.create_categorie_relatie)
    update_service = staticmethod(services.update_categorie_relatie)

    class Meta:
        model = CategorieRelatie
        fields = ("uuid", "url", "partij", "categorie", "begin_datum", "eind_datum")
        read_only_fields = ("uuid",)
        validators = []


class CategorieRelatieRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    url = ResourceUrlField(f"{NS}:categorierelatie-detail")
    categorie_naam = StrictCharField(source="categorie.naam", read_only=True, allow_null=True)
    begin_datum = serializers.DateField(read_only=True, allow_null=True)
    eind_datum = serializers.DateField(read_only=True, allow_null=True)


# --- Partij ----------------------------------------------------------------------------------


class VertegenwoordigdenRefsField(serializers.ListField):
    """The partijen this partij represents, read from the prefetched vertegenwoordigingen."""

    def __init__(self, **kwargs):
        super().__init__(child=partij_ref(read_only=True), read_only=True, **kwargs)

    def get_attribute(self, instance):
        return [
            row.vertegenwoordigde_partij
            for row in instance.vertegenwoordigingen_als_vertegenwoordiger.all()
        ]


class BetrokkenenRefsField(serializers.ListField):
    """Betrokkenen that were this partij. Betrokkene lives in the klantcontacten app, above
    partijen; it provides the `betrokkenen` relation, read here by name only."""

    def __init__(self, **kwargs):
        super().__init__(
            child=ForeignKeyField(f"{NS}:betrokkene-detail", read_only=True),
            read_only=True,
            **kwargs,
        )

    def get_attribute(self, instance):
        manager = getattr(instance, "betrokkenen", None)
        return list(manager.all()) if manager is not None else []


class PartijSerializer(ExpandableSerializerMixin, ServiceModelSerializer):
    url = ResourceUrlField(f"{NS}:partij-detail")
    nummer = StrictCharField(
        max_length=10,
        required=False,
        allow_null=True,
        allow_blank=True,
        validators=[validators.validate_digits],
        help_text="Uniek nummer; de server kent het volgende vrije nummer toe als het ontbreekt.",
    )
    betrokkenen = BetrokkenenRefsField()
    categorie_relaties = CategorieRelatieRefSerializer(many=True, read_only=True)
    # ManyRelatedField itself must allow null (`many=True` would pass allow_null to the child).
    digitale_adressen = serializers.ManyRelatedField(
        child_relation=ForeignKeyField(
            f"{NS}:digitaaladres-detail", queryset=DigitaalAdres.objects.all()
        ),
        required=False,
        allow_null=True,
    )
    voorkeurs_digitaal_adres = ForeignKeyField(
        f"{NS}:digitaaladres-detail",
        queryset=DigitaalAdres.objects.all(),
        required=False,
        allow_null=True,
    )
    vertegenwoordigden = VertegenwoordigdenRefsField()
    rekeningnummers = serializers.ManyRelatedField(
        child_relation=ForeignKeyField(
            f"{NS}:rekeningnummer-detail", queryset=Rekeningnummer.objects.all()
        ),
        required=False,
        allow_null=True,
    )
    voorkeurs_rekeningnummer = ForeignKeyField(
        f"{NS}:rekeningnummer-detail",
        queryset=Rekeningnummer.objects.all(),
        required=False,
        allow_null=True,
    )
    partij_identificatoren = PartijIdentificatorSerializer(
        many=True, required=False, allow_null=True
    )
    bezoekadres = AdresSerializer(prefix="bezoekadres", required=False, allow_null=True)
    correspondentieadres = AdresSerializer(
        prefix="correspondentieadres", required=False, allow_null=True
    )
    partij_identificatie = PartijIdentificatieField(required=False, allow_null=True)

    expansions = {
        "digitaleAdressen": Expansion(
            attr="digitale_adressen",
            serializer="partijen.api.serializers.DigitaalAdresSerializer",
            queryset="partijen.selectors.digitale_adressen",
        ),
        "categorieRelaties": Expansion(
            attr="categorie_relaties",
            serializer="partijen.api.serializers.CategorieRelatieSerializer",
            queryset="partijen.selectors.categorie_relaties",
        ),
        # The betrokkenen (klantcontacten app) that were this partij, by dotted path.
        "betrokkenen": Expansion(
            attr="betrokkenen",
            serializer="klantcontacten.api.serializers.BetrokkeneSerializer",
            queryset="klantcontacten.selectors.betrokkenen",
        ),
    }

    class Meta:
        model = Partij
        fields = (
            "uuid",
            "url",
            "nummer",
            "interne_notitie",
            "betrokkenen",
            "categorie_relaties",
            "digitale_adressen",
            "voorkeurs_digitaal_adres",
            "vertegenwoordigden",
            "rekeningnummers",
            "voorkeurs_rekeningnummer",
            "partij_identificatoren",
            "soort_partij",
            "indicatie_geheimhouding",
            "voorkeurstaal",
            "indicatie_actief",
            "bezoekadres",
            "correspondentieadres",
            "partij_identificatie",
        )
        read_only_fields = ("uuid",)
        extra_kwargs = {"indicatie_actief": {"required": True}}
        validators = []

    def validate(self, attrs):
        raw = attrs.get("partij_identificatie")
        if raw is not None:
            soort = attrs.get("soort_partij") or getattr(self.instance, "soort_partij", None)
            _, serializer_class = IDENTIFICATIE_SERIALIZERS[soort]
            sub = serializer_class(data=raw, context=self.context)
            if not sub.is_valid():
                raise serializers.ValidationError({"partij_identificatie": sub.errors})
            attrs["partij_identificatie"] = sub.validated_data
        return attrs

    def create(self, validated_data):
        return services.create_partij(validated_data)

    def update(self, instance, validated_data):
        return services.update_partij(instance, validated_data, partial=self.partial)
