"""Thin viewsets: reading via selectors, writing via services (through the serializers)."""

import datetime
import decimal
import uuid
from operator import attrgetter

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.fields import DateTimeField
from rest_framework.response import Response

from klantcontacten import selectors, services
from klantcontacten.api import filters, serializers
from klantcontacten.models import Klantcontact
from klantenregister.api.exceptions import QueryParameterError
from klantenregister.api.fields import resource_url
from klantenregister.verwerkingen.mixins import VerwerkingenViewMixin
from partijen.api.filters import identificator_match
from partijen.api.views import KlantinteractiesViewSet, resource_docs

HISTORIE_TEXT = (
    "De geschiedenis van een klantcontact: elke aanmaak, correctie en verwijdering van het "
    "klantcontact en zijn betrokkenen, onderwerpobjecten, bijlagen en actor-koppelingen, met "
    "wie, wanneer en welke velden (oud → nieuw), oudste eerst. Uitbreiding op de "
    "Klantinteracties API."
)


def json_value(value):
    """A value of a historical row as JSON: datetimes in ISO 8601 (like the resources show
    them), uuids and decimals as strings."""
    if isinstance(value, datetime.datetime):
        return DateTimeField().to_representation(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    return value


@resource_docs("klant contact", "klanten contacten")
class KlantcontactViewSet(VerwerkingenViewMixin, KlantinteractiesViewSet):
    serializer_class = serializers.KlantcontactSerializer
    filterset_class = filters.KlantcontactFilterSet
    selector = selectors.klantcontacten
    destroy_service = services.delete_klantcontact
    expand_options = (
        "gingOverOnderwerpobjecten",
        "hadBetrokkenen",
        "hadBetrokkenen.digitaleAdressen",
        "hadBetrokkenen.wasPartij",
        "leiddeTotInterneTaken",
        "omvatteBijlagen",
    )

    def verwerking_partijen(self, page) -> list:
        # A search by BSN looks up the persons with that BSN, not every betrokkene on the page.
        condition = identificator_match(
            self.request.query_params, "hadBetrokkene__wasPartij__partijIdentificator"
        )
        return selectors.gezochte_partijen(page, condition) if condition is not None else []

    def get_queryset(self):
        if self.action == "historie":
            return Klantcontact.objects.all()
        return super().get_queryset()

    def known_query_params(self) -> set[str]:
        known = super().known_query_params()
        if self.action == "historie":
            known.discard("expand")
        return known

    @extend_schema(
        operation_id="klantcontactenHistorie",
        summary="De geschiedenis van een klantcontact opvragen.",
        description=HISTORIE_TEXT,
        tags=["klanten contacten"],
        responses=serializers.HistorieRegelSerializer(many=True),
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="historie",
        pagination_class=None,
        filter_backends=[],
    )
    def historie(self, request, uuid=None):
        klantcontact = self.get_object()
        regels = [
            {
                "tijdstip": regel.tijdstip,
                "actie": regel.actie,
                "resource": regel.resource,
                "uuid": regel.uuid,
                "actor": regel.actor,
                "wijzigingen": [
                    {
                        "veld": wijziging.veld,
                        "oud": json_value(wijziging.oud),
                        "nieuw": json_value(wijziging.nieuw),
                    }
                    for wijziging in regel.wijzigingen
                ],
            }
            for regel in selectors.klantcontact_historie(klantcontact)
        ]
        return Response(serializers.HistorieRegelSerializer(regels, many=True).data)


@resource_docs("betrokkene", "betrokkenen")
class BetrokkeneViewSet(VerwerkingenViewMixin, KlantinteractiesViewSet):
    verwerking_partij = staticmethod(attrgetter("partij"))
    serializer_class = serializers.BetrokkeneSerializer
    filterset_class = filters.BetrokkeneFilterSet
    selector = selectors.betrokkenen
    destroy_service = services.delete_betrokkene
    expand_options = ("digitaleAdressen",)


CASCADE = OpenApiParameter(
    name="cascade",
    type=OpenApiTypes.BOOL,
    location=OpenApiParameter.QUERY,
    default=False,
    description="Als `true`: verwijder ook het klantcontact en het wasKlantcontact van het "
    "onderwerpobject (met de digitale adressen van hun anonieme betrokkenen), tenzij een "
    "ander onderwerpobject er nog naar verwijst; die blijven en staan in `behouden`.",
)


@resource_docs("onderwerpobject", "onderwerpobjecten")
class OnderwerpobjectViewSet(KlantinteractiesViewSet):
    serializer_class = serializers.OnderwerpobjectSerializer
    filterset_class = filters.OnderwerpobjectFilterSet
    selector = selectors.onderwerpobjecten

    @extend_schema(
        parameters=[CASCADE],
        responses={
            204: OpenApiResponse(description="Verwijderd (zonder cascade)."),
            200: OpenApiResponse(
                response=serializers.OnderwerpobjectDeleteResponseSerializer,
                description="Verwijderd met `cascade=true`; `behouden` noemt de "
                "klantcontacten die bleven.",
            ),
        },
    )
    def destroy(self, request, *args, **kwargs):
        raw = request.query_params.getlist("cascade")
        if len(raw) > 1 or (raw and raw[0] not in ("true", "false")):
            raise QueryParameterError({"cascade": ["Moet 'true' of 'false' zijn."]}, code="invalid")
        cascade = raw == ["true"]
        behouden = services.delete_onderwerpobject(self.get_object(), cascade=cascade)
        if not cascade:
            return Response(status=status.HTTP_204_NO_CONTENT)
        view_name = "klantinteracties:klantcontact-detail"
        return Response(
            {"behouden": [resource_url(request, view_name, kc.uuid) for kc in behouden]}
        )


@resource_docs("bijlage", "bijlagen")
class BijlageViewSet(KlantinteractiesViewSet):
    serializer_class = serializers.BijlageSerializer
    filterset_class = filters.BijlageFilterSet
    selector = selectors.bijlagen
    destroy_service = services.delete_object


# The actor schema is polymorphic on soortActor (oneOf with a discriminator, as the contract).
ACTOR = serializers.actor_schema()


@extend_schema_view(
    list=extend_schema(responses=serializers.actor_schema(many=True)),
    retrieve=extend_schema(responses=ACTOR),
    create=extend_schema(request=ACTOR, responses={201: ACTOR}),
    update=extend_schema(request=ACTOR, responses=ACTOR),
    # drf-spectacular derives PatchedActor (no required fields) from the same proxy.
    partial_update=extend_schema(request=ACTOR, responses=ACTOR),
)
@resource_docs("actor", "actoren")
class ActorViewSet(KlantinteractiesViewSet):
    serializer_class = serializers.ActorSerializer
    filterset_class = filters.ActorFilterSet
    selector = selectors.actoren
    destroy_service = services.delete_actor


@resource_docs("actor klantcontact", "actor klantcontacten")
class ActorKlantcontactViewSet(KlantinteractiesViewSet):
    serializer_class = serializers.ActorKlantcontactSerializer
    filterset_class = filters.ActorKlantcontactFilterSet
    selector = selectors.actorklantcontacten
    destroy_service = services.delete_object


class MaakKlantcontactViewSet(viewsets.GenericViewSet):
    """POST only: a klantcontact with its betrokkene and onderwerpobject in one transaction."""

    api_name = "klantinteracties"
    serializer_class = serializers.MaakKlantcontactSerializer

    @extend_schema(
        summary="Maak een klantcontact, betrokkene en onderwerpobject in één keer aan.",
        description="Legt een klantcontact vast met (optioneel) een betrokkene en een "
        "onderwerpobject, in één transactie: is één deel ongeldig, dan wordt niets opgeslagen "
        "en noemt de fout het deel en het veld (bv. "
        "`onderwerpobject.onderwerpobjectidentificator.objectId`). `hadKlantcontact` van de "
        "betrokkene en `klantcontact` van het onderwerpobject worden het nieuwe klantcontact.",
        tags=["maak-klantcontact"],
        responses={201: serializers.MaakKlantcontactSerializer},
    )
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        gemaakt = serializer.save()
        context = self.get_serializer_context()
        klantcontact = selectors.klantcontacten().get(pk=gemaakt.klantcontact.pk)
        body = {
            "klantcontact": serializers.KlantcontactSerializer(klantcontact, context=context).data,
            "betrokkene": None,
            "onderwerpobject": None,
        }
        if gemaakt.betrokkene is not None:
            betrokkene = selectors.betrokkenen().get(pk=gemaakt.betrokkene.pk)
            body["betrokkene"] = serializers.BetrokkeneSerializer(betrokkene, context=context).data
        if gemaakt.onderwerpobject is not None:
            body["onderwerpobject"] = serializers.OnderwerpobjectSerializer(
                gemaakt.onderwerpobject, context=context
            ).data
        return Response(body, status=status.HTTP_201_CREATED)
