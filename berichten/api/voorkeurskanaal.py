"""GET /berichten/api/v1/voorkeurskanaal: the channel a bericht to a klant would go out over.

The same decision a published bericht records (berichten.voorkeurskanaal), for an output
management component that sends itself, or to check before sending. A search by BSN and a
lookup of a persoon are reads of personal data: both land in the verwerkingenlog, the BSN
hashed (docs/privacy.md).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from berichten.voorkeurskanaal import Bron, bepaal_voorkeurskanaal, taak_by_uuid
from klantenregister.api.exceptions import QueryParameterError
from klantenregister.events.services import object_url
from klantenregister.verwerkingen.models import Kanaal as VerwerkingKanaal
from klantenregister.verwerkingen.models import SoortVerwerking
from klantenregister.verwerkingen.services import log_verwerkingen, masked_zoekwaarde
from partijen import selectors as partij_selectors
from partijen.models import CodeSoortObjectId
from partijen.validators import validate_bsn

KANALEN = ("email", "telefoonnummer", "portaal")


class VoorkeurskanaalQuerySerializer(serializers.Serializer):
    partij = serializers.UUIDField(required=False, help_text="UUID van de partij.")
    bsn = serializers.RegexField(
        r"^[0-9]{9}$",
        required=False,
        help_text="BSN van de klant: 9 cijfers, elfproef. Niet samen met `partij`.",
    )
    taak = serializers.UUIDField(
        required=False,
        help_text="UUID van de klanttaak (interactieniveau); zonder partij of bsn: de partij "
        "van die taak.",
    )

    def validate_bsn(self, value: str) -> str:
        try:
            validate_bsn(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages, code="invalid") from exc
        return value

    def validate(self, attrs):
        if "partij" in attrs and "bsn" in attrs:
            raise serializers.ValidationError(
                {"bsn": ["Geef `partij` of `bsn`, niet allebei."]}, code="invalid"
            )
        if not ({"partij", "bsn", "taak"} & attrs.keys()):
            raise serializers.ValidationError(
                {"partij": ["Geef `partij` (uuid), `bsn` of `taak`."]}, code="required"
            )
        if "partij" in attrs:
            partij = partij_selectors.partijen().filter(uuid=attrs["partij"]).first()
            if partij is None:
                raise serializers.ValidationError(
                    {"partij": ["Er is geen partij met deze uuid."]}, code="does_not_exist"
                )
            attrs["partij_object"] = partij
        elif "bsn" in attrs:
            attrs["partij_object"] = partij_selectors.partij_by_identificator(
                CodeSoortObjectId.BSN, attrs["bsn"]
            )
        if "taak" in attrs:
            taak = taak_by_uuid(attrs["taak"])
            if taak is None:
                raise serializers.ValidationError(
                    {"taak": ["Er is geen klanttaak met deze uuid."]}, code="does_not_exist"
                )
            attrs["taak_object"] = taak
            if "partij_object" not in attrs and taak.partij_id is not None:
                attrs["partij_object"] = partij_selectors.partijen().get(pk=taak.partij_id)
        return attrs


class VoorkeurskanaalSerializer(serializers.Serializer):
    kanaal = serializers.ChoiceField(
        choices=KANALEN,
        help_text="`email` of `telefoonnummer` (de soortDigitaalAdres), of `portaal`: alleen "
        "in de berichtenbox van het portaal, geen bezorging daarbuiten.",
    )
    adres = serializers.CharField(help_text="Het e-mailadres of telefoonnummer; leeg bij portaal.")
    digitaal_adres = serializers.URLField(
        allow_null=True,
        help_text="URL van het digitaal adres van de partij dat gekozen is; null als het adres "
        "uit de klanttaak komt of er geen is.",
    )
    bron = serializers.ChoiceField(
        choices=[choice for choice in Bron.choices if choice[0] != Bron.AFZENDER],
        help_text="De regel die koos: `taak` (extraData.voorkeurskanaal van de klanttaak), "
        "`voorkeur` (voorkeursDigitaalAdres), `standaard_adres` (standaardadres van die soort), "
        "`geverifieerd_adres` (het laatst geverifieerde adres van die soort) of `geen_adres`.",
    )
    toelichting = serializers.CharField(help_text="De regel in woorden.")
    partij = serializers.URLField(allow_null=True, help_text="De partij; null als er geen is.")


class VoorkeurskanaalView(APIView):
    api_name = "berichten"

    @extend_schema(
        operation_id="voorkeurskanaalBepalen",
        summary="Het voorkeurskanaal van een klant bepalen.",
        description=(
            "Over welk kanaal een bericht de klant bereikt, in de volgorde van het proces "
            "'Voorkeurskanaal vaststellen': (1) `extraData.voorkeurskanaal` van de klanttaak, "
            "(2) het voorkeursDigitaalAdres van de partij, (3) het e-mailadres, dan het "
            "telefoonnummer van de partij: per soort het standaardadres, anders het laatst "
            "geverifieerde, (4) alleen het portaal. Geef `partij` of `bsn`, en eventueel "
            "`taak`; een `taak` alleen gebruikt de partij van die taak. Een BSN zonder partij "
            "geeft `portaal`. Een zoekopdracht op BSN komt (gehasht) in de verwerkingenlog."
        ),
        tags=["voorkeurskanaal"],
        parameters=[VoorkeurskanaalQuerySerializer],
        responses=VoorkeurskanaalSerializer,
    )
    def get(self, request):
        unknown = sorted(set(request.query_params) - {"partij", "bsn", "taak"})
        if unknown:
            raise QueryParameterError(
                {name: ["Onbekende query parameter."] for name in unknown},
                code="unknown-parameters",
            )
        query = VoorkeurskanaalQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        partij = query.validated_data.get("partij_object")
        keuze = bepaal_voorkeurskanaal(partij, query.validated_data.get("taak_object"))
        self._log_verwerking(request, query.validated_data, partij)
        data = {
            "kanaal": keuze.kanaal,
            "adres": keuze.adres,
            "digitaal_adres": (
                object_url("klantinteracties:digitaaladres-detail", keuze.digitaal_adres.uuid)
                if keuze.digitaal_adres is not None
                else None
            ),
            "bron": keuze.bron,
            "toelichting": Bron(keuze.bron).label,
            "partij": (
                object_url("klantinteracties:partij-detail", partij.uuid) if partij else None
            ),
        }
        return Response(VoorkeurskanaalSerializer(data).data)

    @staticmethod
    def _log_verwerking(request, params: dict, partij) -> None:
        if "bsn" in params:
            log_verwerkingen(
                request,
                kanaal=VerwerkingKanaal.API,
                soort=SoortVerwerking.ZOEKEN_BSN,
                partijen=[partij] if partij is not None else [],
                zoekwaarde=masked_zoekwaarde(SoortVerwerking.ZOEKEN_BSN, params["bsn"]),
            )
        elif partij is not None and partij.soort_partij == "persoon":
            # The answer shows a person's address: a read of that person.
            log_verwerkingen(
                request,
                kanaal=VerwerkingKanaal.API,
                soort=SoortVerwerking.RAADPLEGEN_PERSOON,
                partijen=[partij],
            )
