"""First-generation contactmomenten resources: the contract's shape and type checks.

Fields are declared for validation and the schema; a row is rendered by mapping.py (read
rules of spec §4.2-4.4) and written by services.py. Names are snake_case here; the camelCase
renderer and parser turn them into the contract's names.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kic_compat.api.fields import KicUrlField, detail_url, is_absolute_url
from kic_compat.contactmomenten import mapping, services
from kic_compat.models import Initiatiefnemer, KlantcontactmomentRol
from klantenregister.api.fields import StrictCharField, StrictDateTimeField
from partijen.validators import validate_rsin

CONTACTMOMENT = "kic:contactmoment-detail"
KLANTCONTACTMOMENT = "kic:klantcontactmoment-detail"
OBJECTCONTACTMOMENT = "kic:objectcontactmoment-detail"
KLANT = "kic:klant-detail"
V1_KLANTCONTACT = "klantinteracties:klantcontact-detail"
V1_PARTIJ = "klantinteracties:partij-detail"


def contactmoment_field(**kwargs) -> KicUrlField:
    return KicUrlField(
        view_name=CONTACTMOMENT,
        model="klantcontacten.Klantcontact",
        also_accepts=(V1_KLANTCONTACT,),
        **kwargs,
    )


@extend_schema_field({"type": "string", "format": "uri", "maxLength": 1000})
class UrlStringField(serializers.CharField):
    """An absolute http(s) URL of another API (max 1000), kept as the string sent."""

    default_error_messages = {"invalid": "Voer een geldige URL in."}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 1000)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        value = super().to_internal_value(data)
        if value and not is_absolute_url(value):
            self.fail("invalid")
        return value


class ServiceErrorsMixin:
    """Service ValidationErrors become DRF ones (same keys), so the handler names them."""

    def _call(self, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc


# --- contactmomenten -------------------------------------------------------------------------


class MedewerkerSerializer(serializers.Serializer):
    """Medewerker identificatie."""

    identificatie = StrictCharField(max_length=24, required=False, allow_blank=True)
    achternaam = StrictCharField(max_length=200, required=False, allow_blank=True)
    voorletters = StrictCharField(max_length=20, required=False, allow_blank=True)
    voorvoegsel_achternaam = StrictCharField(max_length=10, required=False, allow_blank=True)


class ContactMomentSerializer(ServiceErrorsMixin, serializers.Serializer):
    """Een CONTACTMOMENT: een Klantcontact van Klantinteracties (zelfde uuid)."""

    url = KicUrlField(
        view_name=CONTACTMOMENT, model="klantcontacten.Klantcontact", read_only=True, source="*"
    )
    vorig_contactmoment = contactmoment_field(required=False, allow_null=True)
    volgend_contactmoment = contactmoment_field(read_only=True, allow_null=True)
    bronorganisatie = StrictCharField(max_length=9, validators=[validate_rsin])
    registratiedatum = StrictDateTimeField(required=False)
    kanaal = StrictCharField(max_length=50, required=False, allow_blank=True)
    voorkeurskanaal = StrictCharField(max_length=50, required=False, allow_blank=True)
    voorkeurstaal = StrictCharField(max_length=3, required=False, allow_blank=True)
    tekst = StrictCharField(required=False, allow_blank=True, trim_whitespace=False)
    onderwerp_links = serializers.ListField(child=UrlStringField(min_length=1), required=False)
    initiatiefnemer = serializers.ChoiceField(
        choices=Initiatiefnemer.choices, required=False, allow_blank=True
    )
    medewerker = UrlStringField(required=False, allow_blank=True)
    medewerker_identificatie = MedewerkerSerializer(required=False, allow_null=True)

    def to_representation(self, instance):
        request = self.context.get("request")

        def url(klantcontact):
            return detail_url(request, CONTACTMOMENT, klantcontact.uuid) if klantcontact else None

        return {
            "url": url(instance),
            "vorig_contactmoment": url(mapping.vorig_contactmoment(instance)),
            "volgend_contactmoment": url(mapping.volgend_contactmoment(instance)),
            "bronorganisatie": mapping.bronorganisatie(instance),
            "registratiedatum": self.fields["registratiedatum"].to_representation(
                instance.plaatsgevonden_op
            ),
            "kanaal": mapping.kanaal(instance),
            "voorkeurskanaal": (mapping.extensie(instance) or _NO_EXT).voorkeurskanaal,
            "voorkeurstaal": mapping.voorkeurstaal(instance),
            "tekst": mapping.tekst(instance),
            "onderwerp_links": list((mapping.extensie(instance) or _NO_EXT).onderwerp_links),
            "initiatiefnemer": mapping.initiatiefnemer(instance),
            "medewerker": mapping.medewerker(instance),
            "medewerker_identificatie": _medewerker(mapping.medewerker_identificatie(instance)),
        }

    def create(self, validated_data):
        return self._call(services.create_contactmoment, validated_data)

    def update(self, instance, validated_data):
        return self._call(services.update_contactmoment, instance, validated_data)


class _NoExtensie:
    voorkeurskanaal = ""
    onderwerp_links: tuple = ()


_NO_EXT = _NoExtensie()


def _medewerker(value: dict | None) -> dict | None:
    if value is None:
        return None
    return {
        key: value.get(key, "")
        for key in ("identificatie", "achternaam", "voorletters", "voorvoegsel_achternaam")
    }


# --- klantcontactmomenten --------------------------------------------------------------------


class KlantContactMomentSerializer(ServiceErrorsMixin, serializers.Serializer):
    """Een KLANTCONTACTMOMENT: een Betrokkene met een Partij (zelfde uuid)."""

    url = KicUrlField(
        view_name=KLANTCONTACTMOMENT, model="klantcontacten.Betrokkene", read_only=True, source="*"
    )
    contactmoment = contactmoment_field()
    klant = KicUrlField(view_name=KLANT, model="partijen.Partij", also_accepts=(V1_PARTIJ,))
    rol = serializers.ChoiceField(choices=KlantcontactmomentRol.choices)

    def to_representation(self, instance):
        request = self.context.get("request")
        return {
            "url": detail_url(request, KLANTCONTACTMOMENT, instance.uuid),
            "contactmoment": detail_url(request, CONTACTMOMENT, instance.klantcontact.uuid),
            "klant": detail_url(request, KLANT, instance.partij.uuid),
            "rol": mapping.klantcontactmoment_rol(instance),
        }

    def create(self, validated_data):
        return self._call(services.create_klantcontactmoment, validated_data)


# --- objectcontactmomenten -------------------------------------------------------------------


class ObjectContactMomentSerializer(ServiceErrorsMixin, serializers.Serializer):
    """Een OBJECTCONTACTMOMENT: een Onderwerpobject van een Klantcontact (zelfde uuid)."""

    url = KicUrlField(
        view_name=OBJECTCONTACTMOMENT,
        model="klantcontacten.Onderwerpobject",
        read_only=True,
        source="*",
    )
    contactmoment = contactmoment_field()
    object = UrlStringField(min_length=1)
    object_type = serializers.ChoiceField(choices=[("zaak", "Zaak")])

    def to_representation(self, instance):
        request = self.context.get("request")
        return {
            "url": detail_url(request, OBJECTCONTACTMOMENT, instance.uuid),
            "contactmoment": detail_url(request, CONTACTMOMENT, instance.klantcontact.uuid),
            "object": mapping.object_url(instance),
            "object_type": mapping.object_type(instance),
        }

    def create(self, validated_data):
        request = self.context.get("request")
        contactmoment_url = detail_url(request, CONTACTMOMENT, validated_data["contactmoment"].uuid)
        return self._call(
            services.create_objectcontactmoment,
            validated_data,
            contactmoment_url=contactmoment_url,
        )
