"""Serializers of /berichten/api/v1/berichten: shape and type checks only; the rules of
spec/berichten.md §3 live in berichten.services.

The Berichtenbox names end in `ID` (`batchID`, `gebruikerID`): their serializer fields are
spelled `batch_i_d` so that the camelCase renderer writes them exactly so; the parser reads
`batchID` as `batch_id`, which `to_internal_value` maps back.
"""

import base64
import binascii
import math

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from berichten import services
from berichten.models import Bericht, BerichtBijlage, Bezorgstatus, BijlageType, Kanaal
from berichten.validators import BIJLAGE_MAX_BYTES, validate_bericht_leverancier_id
from berichten.voorkeurskanaal import Bron
from klantcontacten.api.serializers import klantcontact_ref
from klantenregister.api.expand import ExpandableSerializerMixin, Expansion
from klantenregister.api.fields import (
    ForeignKeyField,
    ResourceUrlField,
    StrictCharField,
    StrictDateTimeField,
)
from klantenregister.api.serializers import ServiceModelSerializer
from partijen.api.serializers import partij_ref
from partijen.validators import validate_bsn

# Model field → serializer field, for the names ending in ID.
ID_FIELDS = {
    "batch_id": "batch_i_d",
    "bericht_leverancier_id": "bericht_leverancier_i_d",
    "bericht_id": "bericht_i_d",
    "gebruiker_id": "gebruiker_i_d",
}
# The HEAD layout's single inline bijlage, on the bericht itself.
TOP_LEVEL_BIJLAGE = ("inhoud", "omschrijving", "volgorde", "bijlage_type")
# The longest base64 text a bijlage of BIJLAGE_MAX_BYTES can have (with padding).
MAX_BASE64_LENGTH = 4 * math.ceil(BIJLAGE_MAX_BYTES / 3)


@extend_schema_field({"type": "string", "format": "byte"})
class Base64PdfField(serializers.Field):
    """A PDF as base64 text in, bytes out; rendered back as base64 from the stored file."""

    default_error_messages = {
        "invalid": "Verwacht base64-tekst.",
        "too_large": f"De bijlage is groter dan {BIJLAGE_MAX_BYTES // (1024 * 1024)} MB.",
    }

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if len(data) > MAX_BASE64_LENGTH + 4:
            self.fail("too_large")
        try:
            return base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            self.fail("invalid")

    def to_representation(self, value):
        if not value:
            return None
        with value.open("rb") as handle:
            return base64.b64encode(handle.read()).decode("ascii")


class BerichtBijlageSerializer(serializers.ModelSerializer):
    """Een bijlage van het bericht: een PDF (inline, base64) of een informatieobject in de
    Documenten API. In lijsten zonder inhoud; die staat in het detail en achter `download`."""

    omschrijving = StrictCharField(max_length=40, required=False, allow_blank=True)
    volgorde = serializers.IntegerField(
        min_value=1,
        max_value=2147483647,
        required=False,
        help_text="Positie van de bijlage (1, 2, ...), uniek binnen het bericht. Standaard de "
        "positie in de lijst.",
    )
    bijlage_type = serializers.ChoiceField(
        choices=BijlageType.choices, required=False, default=BijlageType.PDF
    )
    inhoud = Base64PdfField(
        required=False,
        allow_null=True,
        help_text="De PDF, base64. Alleen in het detail van een bericht, niet in lijsten.",
    )
    informatieobject = serializers.URLField(
        max_length=1000,
        required=False,
        allow_blank=True,
        help_text="URL van het informatieobject in de Documenten API (in plaats van inhoud).",
    )
    download = serializers.SerializerMethodField(
        help_text="Waar de PDF te downloaden is (alleen bij inline inhoud)."
    )

    class Meta:
        model = BerichtBijlage
        fields = (
            "omschrijving",
            "volgorde",
            "bijlage_type",
            "inhoud",
            "informatieobject",
            "bestandsgrootte",
            "download",
        )
        read_only_fields = ("bestandsgrootte",)
        validators = []

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True, "readOnly": True})
    def get_download(self, bijlage) -> str | None:
        if not bijlage.inhoud:
            return None
        path = reverse(
            "berichten:bericht-download",
            kwargs={"uuid": bijlage.bericht.uuid, "volgorde": bijlage.volgorde},
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("include_inhoud"):
            data.pop("inhoud", None)
        return data


def taak_ref(**kwargs) -> ForeignKeyField:
    # taken is on the same layer as berichten: the model is named by label, not imported.
    if not kwargs.get("read_only"):
        kwargs["model"] = "taken.Taak"
    return ForeignKeyField("taken:taak-detail", **kwargs)


class BerichtSerializer(ExpandableSerializerMixin, ServiceModelSerializer):
    """Een bericht van de gemeente aan één geadresseerde, voor de berichtenbox in
    MijnOmgeving en eventueel verstuurd via het voorkeurskanaal."""

    url = ResourceUrlField("berichten:bericht-detail")
    batch_i_d = serializers.UUIDField(
        source="batch_id",
        required=False,
        allow_null=True,
        help_text="De batch waarin het bericht werd aangeleverd (GUID zonder accolades).",
    )
    aanmaak_datum = StrictDateTimeField(
        required=False, allow_null=True, help_text="Wanneer de batch werd aangemaakt."
    )
    bericht_leverancier_i_d = StrictCharField(
        source="bericht_leverancier_id",
        max_length=20,
        required=False,
        allow_blank=True,
        validators=[validate_bericht_leverancier_id],
        help_text="OIN van de verzendende organisatie: 20 cijfers.",
    )
    bericht_i_d = serializers.UUIDField(
        source="bericht_id",
        required=False,
        allow_null=True,
        help_text="Id van het bericht bij de externe berichtenbox (GUID).",
    )
    gebruiker_i_d = StrictCharField(
        source="gebruiker_id",
        max_length=9,
        required=False,
        allow_blank=True,
        validators=[validate_bsn],
        help_text="BSN van de geadresseerde (elfproef). Met een partij met dit BSN in het "
        "register wordt die partij gekoppeld. `gebruikerID` of `partij` is verplicht.",
    )
    soort_gebruiker = serializers.ChoiceField(
        choices=services.SOORT_GEBRUIKER_INPUT,
        required=False,
        help_text="`Burger` (wordt opgeslagen als `natuurlijk-persoon`), `natuurlijk-persoon` "
        "of `niet-natuurlijk-persoon`.",
    )
    handelingsperspectief = StrictCharField(
        max_length=255,
        required=False,
        help_text="Wat de klant moet doen, bv. `betalen`, `informatie verstrekken`; "
        "standaard `geen`.",
    )
    geopend = serializers.BooleanField(
        required=False,
        help_text="Of de geadresseerde het bericht opende. Gaat nooit terug van true naar "
        "false; het portaal (scope berichten:read) mag alleen dit veld op true zetten.",
    )
    bijlagen = BerichtBijlageSerializer(many=True, required=False)
    partij = partij_ref(
        required=False,
        allow_null=True,
        help_text="De partij van de geadresseerde. Zonder opgave: de partij met het BSN uit "
        "`gebruikerID`, als die in het register staat.",
    )
    taak = taak_ref(
        required=False, allow_null=True, help_text="De klanttaak die dit bericht aankondigt."
    )
    klantcontact = klantcontact_ref(
        required=False,
        allow_null=True,
        help_text="Het uitgaande klantcontact waarmee dit bericht is geregistreerd.",
    )
    kanaal = serializers.ChoiceField(
        choices=Kanaal.choices,
        required=False,
        allow_blank=True,
        help_text="Het kanaal waarlangs het bericht is verstuurd.",
    )
    # Delivery over the voorkeurskanaal (berichten/bezorging.py, docs/berichten.md).
    bezorgstatus = serializers.ChoiceField(
        choices=Bezorgstatus.choices,
        read_only=True,
        help_text="Bezorging via het voorkeurskanaal: `gepland` (publicatieDatum nog niet "
        "bereikt), `in_wachtrij`, `verzonden`, `mislukt` of `geen_kanaal` (geen bruikbaar "
        "adres: alleen in de berichtenbox van het portaal).",
    )
    kanaal_bron = serializers.ChoiceField(
        choices=Bron.choices,
        read_only=True,
        help_text="De regel die het kanaal koos: `taak`, `voorkeur`, `standaard_adres`, "
        "`geverifieerd_adres`, `geen_adres`, of `afzender` (de afzender verstuurde zelf).",
    )
    # HEAD layout: one inline PDF on the bericht itself; stored as bijlagen[0].
    inhoud = Base64PdfField(
        required=False,
        write_only=True,
        help_text="Eén PDF-bijlage, base64 (Berichtenbox-indeling); wordt `bijlagen[0]`.",
    )
    omschrijving = StrictCharField(
        max_length=40,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="Omschrijving van de bijlage in `inhoud`.",
    )
    volgorde = serializers.IntegerField(
        min_value=1,
        max_value=2147483647,
        required=False,
        write_only=True,
        help_text="Volgorde van de bijlage in `inhoud` (standaard 1).",
    )
    bijlage_type = serializers.ChoiceField(
        choices=BijlageType.choices,
        required=False,
        write_only=True,
        help_text="Type van de bijlage in `inhoud` (`Pdf`).",
    )

    expansions = {
        "partij": Expansion(
            attr="partij",
            serializer="partijen.api.serializers.PartijSerializer",
            queryset="partijen.selectors.partijen",
            many=False,
        ),
        "taak": Expansion(
            attr="taak",
            serializer="taken.api.serializers.TaakSerializer",
            queryset="taken.selectors.taken",
            many=False,
        ),
    }

    class Meta:
        model = Bericht
        fields = (
            "uuid",
            "url",
            "batch_i_d",
            "aanmaak_datum",
            "bericht_leverancier_i_d",
            "bericht_i_d",
            "bericht_type",
            "publicatie_datum",
            "onderwerp",
            "berichttekst",
            "referentie",
            "gebruiker_i_d",
            "soort_gebruiker",
            "handelingsperspectief",
            "eind_datum_handelingstermijn",
            "geopend",
            "geopend_op",
            "bijlagen",
            "partij",
            "zaak",
            "taak",
            "klantcontact",
            "kanaal",
            "verzonden_op",
            "bezorgstatus",
            "kanaal_bron",
            "aangemaakt_op",
            "gewijzigd_op",
            "inhoud",
            "omschrijving",
            "volgorde",
            "bijlage_type",
        )
        read_only_fields = ("uuid", "geopend_op", "aangemaakt_op", "gewijzigd_op")
        extra_kwargs = {
            "zaak": {"help_text": "URL van de zaak waar het bericht over gaat."},
            "verzonden_op": {"help_text": "Wanneer het bericht via het kanaal is verstuurd."},
        }
        validators = []

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = {ID_FIELDS.get(key, key): value for key, value in data.items()}
        return super().to_internal_value(data)

    def validate(self, attrs):
        top_level = {key: attrs.pop(key) for key in TOP_LEVEL_BIJLAGE if key in attrs}
        self._top_level_bijlage = bool(top_level)
        if top_level:
            if "bijlagen" in attrs:
                raise serializers.ValidationError(
                    {
                        key: ["Geef de bijlage als `bijlagen` of in de losse velden, niet beide."]
                        for key in top_level
                    },
                    code="invalid",
                )
            top_level.setdefault("volgorde", 1)
            attrs["bijlagen"] = [top_level]
        return attrs

    def create(self, validated_data):
        with self.public_errors():
            return services.create_bericht(validated_data)

    def update(self, instance, validated_data):
        with self.public_errors():
            return services.update_bericht(instance, validated_data)

    def public_errors(self):
        return _PublicErrors(top_level_bijlage=getattr(self, "_top_level_bijlage", False))


class _PublicErrors:
    """Service errors (keyed by model field) under the names the client sent: `gebruikerID`
    for `gebruiker_id`, and `inhoud` for `bijlagen.0.inhoud` when it came top-level."""

    def __init__(self, *, top_level_bijlage: bool):
        self.top_level_bijlage = top_level_bijlage

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None or not issubclass(exc_type, DjangoValidationError):
            return False
        if not hasattr(exc, "error_dict"):
            return False
        rekeyed: dict[str, list] = {}
        for key, errors in exc.error_dict.items():
            rekeyed.setdefault(self.public_key(key), []).extend(errors)
        raise DjangoValidationError(rekeyed) from exc

    def public_key(self, key: str) -> str:
        if key in ID_FIELDS:
            return ID_FIELDS[key]
        if self.top_level_bijlage and key.startswith("bijlagen.0."):
            return key.removeprefix("bijlagen.0.")
        return key


class GeopendSerializer(serializers.Serializer):
    """De leesbevestiging van het portaal: precies `{"geopend": true}`."""

    geopend = serializers.BooleanField()
