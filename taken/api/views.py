"""Thin viewsets: reading via selectors, writing via services (through the serializers)."""

from operator import attrgetter

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from klantcontacten.api.views import json_value
from klantenregister.api.exceptions import Conflict, Gone
from klantenregister.api.viewsets import ApiViewSet
from klantenregister.verwerkingen.mixins import VerwerkingenViewMixin
from partijen.api.views import KlantinteractiesViewSet, resource_docs
from taken import selectors, services
from taken.api import filters, serializers
from taken.models import Taak


@resource_docs("interne taak", "interne taken")
class InterneTaakViewSet(KlantinteractiesViewSet):
    serializer_class = serializers.InterneTaakSerializer
    filterset_class = filters.InterneTaakFilterSet
    selector = selectors.interne_taken
    destroy_service = services.delete_interne_taak


@resource_docs("taak", "taken")
class TaakViewSet(VerwerkingenViewMixin, ApiViewSet):
    api_name = "taken"
    verwerking_partij = staticmethod(attrgetter("partij"))
    serializer_class = serializers.TaakSerializer
    filterset_class = filters.TaakFilterSet
    selector = selectors.taken
    destroy_service = services.delete_taak
    expand_options = ("partij", "klantcontact")

    def handle_exception(self, exc):
        # The lifecycle's refusals that are not about the input (taken.services).
        if isinstance(exc, services.TaakNietOpen):
            exc = Conflict(str(exc), code="taak-niet-open")
        elif isinstance(exc, services.TaakVerlopen):
            exc = Gone(str(exc), code="taak-verlopen")
        elif isinstance(exc, services.AlleenEigenaar):
            exc = exceptions.PermissionDenied(str(exc), code="alleen-eigenaar")
        return super().handle_exception(exc)

    def verwerking_partijen(self, page) -> list:
        return [taak.partij for taak in page if taak.partij is not None]

    def get_queryset(self):
        if self.action == "audittrail":
            return Taak.objects.all()
        return super().get_queryset()

    def known_query_params(self) -> set[str]:
        known = super().known_query_params()
        if self.action == "audittrail":
            known.discard("expand")
        return known

    @extend_schema(
        operation_id="taakAudittrail",
        summary="De geschiedenis van een taak opvragen.",
        description="Elke wijziging van de taak en haar betrokkenen, oudste eerst: wie, "
        "wanneer en welke velden (oud → nieuw), waaronder elke statuswijziging.",
        tags=["taken"],
        responses=serializers.AudittrailRegelSerializer(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def audittrail(self, request, uuid=None):
        regels = [
            {
                "tijdstip": regel.tijdstip,
                "actie": regel.actie,
                "resource": "taak" if regel.model is Taak else "betrokkene",
                "actor": regel.actor,
                "wijzigingen": [
                    {"veld": w.veld, "oud": json_value(w.oud), "nieuw": json_value(w.nieuw)}
                    for w in regel.wijzigingen
                ],
            }
            for regel in selectors.taak_audittrail(self.get_object())
        ]
        return Response(serializers.AudittrailRegelSerializer(regels, many=True).data)

    @extend_schema(
        operation_id="taakIndienen",
        summary="De taak indienen namens de klant.",
        description="Zet een open taak op `ingediend`, met wat de klant indiende "
        "(`verzondenData`). 409 als de taak niet open is, 410 als de verloopdatum voorbij is.",
        tags=["taken"],
        request=serializers.IndienenSerializer,
        responses={
            200: serializers.TaakSerializer,
            409: OpenApiResponse(description="De taak is niet open."),
            410: OpenApiResponse(description="De verloopdatum van de taak is voorbij."),
        },
    )
    @action(detail=True, methods=["post"], url_path="indienen", filter_backends=[])
    def indienen(self, request, uuid=None):
        taak = self.get_object()
        body = serializers.IndienenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        taak = services.dien_taak_in(taak, body.validated_data.get("verzonden_data"))
        taak = self.get_queryset().get(pk=taak.pk)
        return Response(self.get_serializer(taak).data, status=status.HTTP_200_OK)
