"""The first-generation Klant (reference contract kic-v1-klanten-openapi.yaml).

Input: the contract's fields with its lengths and formats, normalised as spec §4.1 says
(mapping.py); the subjectIdentificatie variant follows subjectType. Output: mapping.klant_data
of the partij. Writes go through services.py.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kic_compat.api.fields import detail_url
from kic_compat.klanten import mapping, services
from kic_compat.models import SubjectType
from klantenregister.api.fields import StrictCharField


def _normalised(normaliser, value):
    try:
        return normaliser(value)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages[0], code=exc.error_list[0].code) from exc


def _char(max_length: int, **kwargs) -> StrictCharField:
    kwargs.setdefault("required", False)
    kwargs.setdefault("allow_blank", True)
    return StrictCharField(max_length=max_length, **kwargs)


class KlantAdresSerializer(serializers.Serializer):
    straatnaam = _char(100)
    huisnummer = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=99999
    )
    huisletter = _char(1)
    huisnummertoevoeging = _char(4)
    postcode = _char(7)
    woonplaatsnaam = _char(80)
    landcode = _char(4)

    def validate_postcode(self, value):
        return _normalised(mapping.normalise_postcode, value)

    def validate_landcode(self, value):
        return _normalised(mapping.normalise_landcode, value)


class VerblijfsAdresSerializer(serializers.Serializer):
    aoa_identificatie = StrictCharField(max_length=100)
    wpl_woonplaats_naam = _char(80)
    gor_openbare_ruimte_naam = StrictCharField(max_length=80)
    aoa_postcode = _char(7)
    aoa_huisnummer = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=99999
    )
    aoa_huisletter = _char(1)
    aoa_huisnummertoevoeging = _char(4)
    inp_locatiebeschrijving = _char(1000)


class SubVerblijfBuitenlandSerializer(serializers.Serializer):
    lnd_landcode = StrictCharField(max_length=4)
    lnd_landnaam = StrictCharField(max_length=40)
    sub_adres_buitenland1 = _char(35)
    sub_adres_buitenland2 = _char(35)
    sub_adres_buitenland3 = _char(35)


class NatuurlijkPersoonSerializer(serializers.Serializer):
    inp_bsn = _char(9)
    anp_identificatie = _char(17)
    inp_a_nummer = serializers.RegexField(
        r"^[1-9][0-9]{9}$", max_length=10, required=False, allow_blank=True
    )
    geslachtsnaam = _char(200)
    voorvoegsel_geslachtsnaam = _char(80)
    # The contract allows 20; the new model's contactnaam.voorletters holds 10 (spec §4.1.2).
    voorletters = _char(10)
    voornamen = _char(200)
    geslachtsaanduiding = serializers.ChoiceField(
        choices=["m", "v", "o"], required=False, allow_blank=True
    )
    geboortedatum = _char(18)
    verblijfsadres = VerblijfsAdresSerializer(required=False, allow_null=True)
    sub_verblijf_buitenland = SubVerblijfBuitenlandSerializer(required=False, allow_null=True)

    def validate_inp_bsn(self, value):
        return _normalised(mapping.normalise_bsn, value) if value else ""


class NietNatuurlijkPersoonSerializer(serializers.Serializer):
    inn_nnp_id = _char(9)
    ann_identificatie = _char(17)
    statutaire_naam = _char(500)
    inn_rechtsvorm = serializers.ChoiceField(
        choices=[
            "besloten_vennootschap",
            "cooperatie_europees_economische_samenwerking",
            "europese_cooperatieve_venootschap",
            "europese_naamloze_vennootschap",
            "kerkelijke_organisatie",
            "naamloze_vennootschap",
            "onderlinge_waarborg_maatschappij",
            "overig_privaatrechtelijke_rechtspersoon",
            "stichting",
            "vereniging",
            "vereniging_van_eigenaars",
            "publiekrechtelijke_rechtspersoon",
            "vennootschap_onder_firma",
            "maatschap",
            "rederij",
            "commanditaire_vennootschap",
            "kapitaalvennootschap_binnen_eer",
            "overige_buitenlandse_rechtspersoon_vennootschap",
            "kapitaalvennootschap_buiten_eer",
        ],
        required=False,
        allow_blank=True,
    )
    bezoekadres = _char(1000)
    sub_verblijf_buitenland = SubVerblijfBuitenlandSerializer(required=False, allow_null=True)

    def validate_inn_nnp_id(self, value):
        if value:
            _normalised(mapping.normalise_inn_nnp_id, value)
        return value


class VestigingSerializer(serializers.Serializer):
    vestigings_nummer = _char(24)
    handelsnaam = serializers.ListField(child=StrictCharField(max_length=625), required=False)
    verblijfsadres = VerblijfsAdresSerializer(required=False, allow_null=True)
    sub_verblijf_buitenland = SubVerblijfBuitenlandSerializer(required=False, allow_null=True)


VARIANTS = {
    SubjectType.NATUURLIJK_PERSOON: NatuurlijkPersoonSerializer,
    SubjectType.NIET_NATUURLIJK_PERSOON: NietNatuurlijkPersoonSerializer,
    SubjectType.VESTIGING: VestigingSerializer,
}


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "description": "De gegevens van het subject, naar `subjectType`: NatuurlijkPersoon, "
        "NietNatuurlijkPersoon of Vestiging.",
    }
)
class SubjectIdentificatieField(serializers.Field):
    """Raw on input (the variant is validated in KlantSerializer.validate, once the
    subjectType is known); written by to_representation of the klant itself."""

    def to_internal_value(self, data):
        if data is not None and not isinstance(data, dict):
            raise serializers.ValidationError("Verwacht een object.", code="invalid")
        return data

    def to_representation(self, value):
        return value


class KlantSerializer(serializers.Serializer):
    url = serializers.URLField(read_only=True, max_length=1000)
    bronorganisatie = StrictCharField(max_length=9, min_length=1)
    klantnummer = StrictCharField(max_length=8, min_length=1, required=False)
    bedrijfsnaam = _char(200)
    functie = _char(200)
    website_url = serializers.URLField(max_length=1000, required=False, allow_blank=True)
    voornaam = _char(200)
    voorvoegsel_achternaam = _char(10)
    achternaam = _char(200)
    telefoonnummer = _char(20, allow_null=True)
    emailadres = _char(254, allow_null=True)
    adres = KlantAdresSerializer(required=False, allow_null=True)
    subject = serializers.URLField(max_length=1000, required=False, allow_blank=True)
    subject_type = serializers.ChoiceField(
        choices=SubjectType.choices, required=False, allow_null=True
    )
    subject_identificatie = SubjectIdentificatieField(required=False, allow_null=True)

    def get_fields(self):
        fields = super().get_fields()
        from django.conf import settings

        if "openklant1" in settings.KIC_PROFILES:
            fields["aanmaakkanaal"] = _char(100)
            fields["geverifieerd"] = serializers.BooleanField(required=False, allow_null=True)
        return fields

    def validate_bronorganisatie(self, value):
        return _normalised(mapping.normalise_rsin, value)

    def validate_telefoonnummer(self, value):
        return _normalised(mapping.normalise_telefoonnummer, value) if value else value

    def validate_emailadres(self, value):
        return _normalised(mapping.normalise_emailadres, value) if value else value

    def validate_subject(self, value):
        if value:
            from kic_compat.api.remote import check_url

            try:
                check_url(value, field="subject")
            except DjangoValidationError as exc:
                raise serializers.ValidationError(exc.messages[0], code="bad-url") from exc
        return value

    def validate(self, attrs):
        if self.instance is not None:
            ext = mapping.extensie(self.instance)
            subject_type = attrs.get("subject_type", mapping.subject_type(self.instance, ext))
        else:
            subject_type = attrs.get("subject_type")
        raw = attrs.get("subject_identificatie")
        if raw is not None and subject_type is not None:
            variant = VARIANTS[subject_type](data=raw)
            if not variant.is_valid():
                raise serializers.ValidationError({"subject_identificatie": variant.errors})
            attrs["subject_identificatie"] = _plain(variant.validated_data)
        elif raw is not None:
            # Without a subjectType there is no variant to hold it (read back as null).
            attrs["subject_identificatie"] = None
        if attrs.get("adres") is not None:
            attrs["adres"] = _plain(attrs["adres"])
        return attrs

    def to_representation(self, instance):
        data = {"url": detail_url(self.context.get("request"), "kic:klant-detail", instance.uuid)}
        data.update(mapping.klant_data(instance))
        return data

    def create(self, validated_data):
        return services.create_klant(validated_data)

    def update(self, instance, validated_data):
        return services.update_klant(instance, validated_data)


def _plain(value):
    """OrderedDicts from nested serializers as plain dicts (they go into JSON columns)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
