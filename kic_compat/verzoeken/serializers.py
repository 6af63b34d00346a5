"""First-generation verzoeken resources (Verzoeken API 1.0.0-beta): the contract's shape and
type checks. Rows are rendered here (they are native tables, spec §3) and written by
services.py. Names are snake_case; the camelCase renderer and parser give the contract's."""

from django.core.validators import RegexValidator
from rest_framework import serializers

from kic_compat.api.fields import KicUrlField, detail_url
from kic_compat.contactmomenten.serializers import ServiceErrorsMixin, UrlStringField
from kic_compat.models import (
    IndicatieMachtiging,
    KlantVerzoekRol,
    ObjectVerzoekObjectType,
    VerzoekStatus,
)
from kic_compat.verzoeken import services
from klantenregister.api.fields import StrictCharField, StrictDateTimeField
from partijen.validators import validate_rsin

VERZOEK = "kic:verzoek-detail"
KLANTVERZOEK = "kic:klantverzoek-detail"
VERZOEKCONTACTMOMENT = "kic:verzoekcontactmoment-detail"
VERZOEKINFORMATIEOBJECT = "kic:verzoekinformatieobject-detail"
VERZOEKPRODUCT = "kic:verzoekproduct-detail"
OBJECTVERZOEK = "kic:objectverzoek-detail"

validate_identificatie = RegexValidator(
    r"^[A-Za-z0-9_-]+$",
    "Een identificatie bestaat uit letters, cijfers, '_' en '-'.",
    code="invalid",
)


def verzoek_field(**kwargs) -> KicUrlField:
    return KicUrlField(view_name=VERZOEK, model="kic_compat.Verzoek", **kwargs)


def _url(request, view_name: str, obj) -> str | None:
    return detail_url(request, view_name, obj.uuid) if obj is not None else None


def _reverse(verzoek, name: str):
    """The verzoek on the other side of a reverse one-to-one, or None."""
    try:
        return getattr(verzoek, name)
    except verzoek.__class__.DoesNotExist:
        return None


class VerzoekSerializer(ServiceErrorsMixin, serializers.Serializer):
    """Een VERZOEK (native, spec §4.5)."""

    url = KicUrlField(view_name=VERZOEK, model="kic_compat.Verzoek", read_only=True, source="*")
    identificatie = StrictCharField(
        max_length=40, required=False, allow_blank=True, validators=[validate_identificatie]
    )
    bronorganisatie = StrictCharField(max_length=9, validators=[validate_rsin])
    externe_identificatie = StrictCharField(max_length=40, required=False, allow_blank=True)
    registratiedatum = StrictDateTimeField(required=False)
    voorkeurskanaal = StrictCharField(max_length=50, required=False, allow_blank=True)
    tekst = StrictCharField(required=False, allow_blank=True, trim_whitespace=False)
    status = serializers.ChoiceField(choices=VerzoekStatus.choices)
    in_te_trekken_verzoek = verzoek_field(required=False, allow_null=True)
    intrekkende_verzoek = verzoek_field(read_only=True, allow_null=True)
    aangevulde_verzoek = verzoek_field(required=False, allow_null=True)
    aanvullende_verzoek = verzoek_field(read_only=True, allow_null=True)

    def to_representation(self, instance):
        request = self.context.get("request")
        return {
            "url": _url(request, VERZOEK, instance),
            "identificatie": instance.identificatie,
            "bronorganisatie": instance.bronorganisatie,
            "externe_identificatie": instance.externe_identificatie,
            "registratiedatum": self.fields["registratiedatum"].to_representation(
                instance.registratiedatum
            ),
            "voorkeurskanaal": instance.voorkeurskanaal,
            "tekst": instance.tekst,
            "status": instance.status,
            "in_te_trekken_verzoek": _url(request, VERZOEK, instance.in_te_trekken_verzoek),
            "intrekkende_verzoek": _url(
                request, VERZOEK, _reverse(instance, "intrekkende_verzoek")
            ),
            "aangevulde_verzoek": _url(request, VERZOEK, instance.aangevulde_verzoek),
            "aanvullende_verzoek": _url(
                request, VERZOEK, _reverse(instance, "aanvullende_verzoek")
            ),
        }

    def create(self, validated_data):
        return self._call(services.create_verzoek, validated_data)

    def update(self, instance, validated_data):
        return self._call(services.update_verzoek, instance, validated_data, partial=self.partial)


class _LinkSerializer(ServiceErrorsMixin, serializers.Serializer):
    """A link resource: its own url and the verzoek's."""

    view_name = ""

    def _base(self, instance) -> dict:
        request = self.context.get("request")
        return {
            "url": _url(request, self.view_name, instance),
            "verzoek": _url(request, VERZOEK, instance.verzoek),
        }


class KlantVerzoekSerializer(_LinkSerializer):
    """Een KLANT-VERZOEK relatie (vrz-004)."""

    view_name = KLANTVERZOEK
    url = KicUrlField(
        view_name=KLANTVERZOEK, model="kic_compat.KlantVerzoek", read_only=True, source="*"
    )
    klant = UrlStringField(min_length=1)
    verzoek = verzoek_field()
    rol = serializers.ChoiceField(choices=KlantVerzoekRol.choices, required=False)
    indicatie_machtiging = serializers.ChoiceField(
        choices=IndicatieMachtiging.choices, required=False
    )

    def to_representation(self, instance):
        data = self._base(instance)
        data["klant"] = instance.klant
        # The contract's enums have no empty value: an unset one is left out.
        if instance.rol:
            data["rol"] = instance.rol
        if instance.indicatie_machtiging:
            data["indicatie_machtiging"] = instance.indicatie_machtiging
        return data

    def create(self, validated_data):
        return self._call(services.create_klantverzoek, validated_data)


class VerzoekContactMomentSerializer(_LinkSerializer):
    """Een VERZOEK-CONTACTMOMENT relatie (vrz-005)."""

    view_name = VERZOEKCONTACTMOMENT
    url = KicUrlField(
        view_name=VERZOEKCONTACTMOMENT,
        model="kic_compat.VerzoekContactMoment",
        read_only=True,
        source="*",
    )
    contactmoment = UrlStringField(min_length=1)
    verzoek = verzoek_field()

    def to_representation(self, instance):
        return {**self._base(instance), "contactmoment": instance.contactmoment}

    def create(self, validated_data):
        return self._call(services.create_verzoekcontactmoment, validated_data)


class VerzoekInformatieObjectSerializer(_LinkSerializer):
    """Een VERZOEK-INFORMATIEOBJECT relatie (vrz-006; gespiegeld naar de DRC, kic-001)."""

    view_name = VERZOEKINFORMATIEOBJECT
    url = KicUrlField(
        view_name=VERZOEKINFORMATIEOBJECT,
        model="kic_compat.VerzoekInformatieObject",
        read_only=True,
        source="*",
    )
    informatieobject = UrlStringField(min_length=1)
    verzoek = verzoek_field()

    def to_representation(self, instance):
        return {**self._base(instance), "informatieobject": instance.informatieobject}

    def create(self, validated_data):
        return self._call(services.create_verzoekinformatieobject, validated_data)


class ProductIdentificatieSerializer(serializers.Serializer):
    """Product identificatie."""

    code = StrictCharField(max_length=20, min_length=1)


class VerzoekProductSerializer(_LinkSerializer):
    """Een VERZOEK-PRODUCT relatie (vrz-007; product of productIdentificatie)."""

    view_name = VERZOEKPRODUCT
    url = KicUrlField(
        view_name=VERZOEKPRODUCT, model="kic_compat.VerzoekProduct", read_only=True, source="*"
    )
    verzoek = verzoek_field()
    product = UrlStringField(required=False, allow_blank=True)
    product_identificatie = ProductIdentificatieSerializer(required=False)

    def to_representation(self, instance):
        data = {**self._base(instance), "product": instance.product}
        # Not nullable in the contract and its code needs a value: left out without a code.
        if instance.product_code:
            data["product_identificatie"] = {"code": instance.product_code}
        return data

    def create(self, validated_data):
        return self._call(services.create_verzoekproduct, validated_data)


class ObjectVerzoekSerializer(_LinkSerializer):
    """Een OBJECT-VERZOEK relatie (vrz-008/009, met de ZRC)."""

    view_name = OBJECTVERZOEK
    url = KicUrlField(
        view_name=OBJECTVERZOEK, model="kic_compat.ObjectVerzoek", read_only=True, source="*"
    )
    verzoek = verzoek_field()
    object = UrlStringField(min_length=1)
    object_type = serializers.ChoiceField(choices=ObjectVerzoekObjectType.choices)

    def to_representation(self, instance):
        return {
            **self._base(instance),
            "object": instance.object,
            "object_type": instance.object_type,
        }

    def create(self, validated_data):
        request = self.context.get("request")
        verzoek_url = detail_url(request, VERZOEK, validated_data["verzoek"].uuid)
        return self._call(services.create_objectverzoek, validated_data, verzoek_url=verzoek_url)
