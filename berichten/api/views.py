"""Thin viewset of /berichten: reading via selectors, writing via services (through the
serializer).

Two roles (spec §3): the sender holds `berichten:write` and may do everything; the portal
holds `berichten:read`, sees only berichten whose publicatieDatum has come, and may make one
write — `PATCH {"geopend": true}`, the read receipt.
"""

from operator import attrgetter

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer

from berichten import selectors, services
from berichten.api import filters, serializers
from klantenregister.api.permissions import HasApiScope
from klantenregister.api.renderers import ApiJSONRenderer
from klantenregister.api.scopes import grants
from klantenregister.api.viewsets import ApiViewSet
from klantenregister.core.models import ApiClient
from klantenregister.verwerkingen.mixins import VerwerkingenViewMixin
from partijen.api.views import resource_docs

API = "berichten"
ALLEEN_GEOPEND = (
    "Met scope 'berichten:read' mag alleen de leesbevestiging worden gegeven: precies "
    '`{"geopend": true}`.'
)


def is_sender(request) -> bool:
    client = request.auth
    return isinstance(client, ApiClient) and grants(client.scopes, API, write=True)


class BerichtScopes(HasApiScope):
    """`berichten:read` for reading, `berichten:write` for writing; a PATCH is let through on
    `berichten:read` as well, and the view then allows only the read receipt."""

    def has_permission(self, request, view) -> bool:
        if getattr(view, "action", None) == "partial_update":
            client = request.auth
            if isinstance(client, ApiClient) and grants(client.scopes, API, write=False):
                return True
        return super().has_permission(request, view)


class PdfRenderer(BaseRenderer):
    """Lets `Accept: application/pdf` through content negotiation for the download; the PDF
    itself is a FileResponse, and errors still render as JSON."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return ApiJSONRenderer().render(data, "application/json", renderer_context)


@resource_docs("bericht", "berichten")
class BerichtViewSet(VerwerkingenViewMixin, ApiViewSet):
    api_name = API
    permission_classes = [BerichtScopes]
    verwerking_partij = staticmethod(attrgetter("partij"))
    serializer_class = serializers.BerichtSerializer
    filterset_class = filters.BerichtFilterSet
    selector = selectors.berichten
    destroy_service = services.delete_bericht
    expand_options = ("partij", "taak")

    def get_queryset(self):
        queryset = super().get_queryset()
        if not is_sender(self.request):
            # The portal never sees a bericht before its publicatieDatum.
            queryset = selectors.zichtbaar(queryset)
        return queryset

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["include_inhoud"] = getattr(self, "action", None) == "retrieve"
        return context

    def verwerking_partijen(self, page) -> list:
        return [bericht.partij for bericht in page if bericht.partij is not None]

    def partial_update(self, request, *args, **kwargs):
        if not is_sender(request):
            data = request.data
            if (
                not isinstance(data, dict)
                or set(data) != {"geopend"}
                or data["geopend"] is not True
            ):
                raise exceptions.PermissionDenied(ALLEEN_GEOPEND, code="alleen-geopend")
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(
        operation_id="berichtBijlageDownload",
        summary="De PDF van een bijlage downloaden.",
        description="De inhoud van de bijlage met deze volgorde, als application/pdf. 404 als "
        "het bericht geen bijlage met die volgorde heeft of als de bijlage een "
        "informatieobject in de Documenten API is (haal het daar op).",
        tags=["berichten"],
        parameters=[
            OpenApiParameter(
                "volgorde",
                OpenApiTypes.INT,
                OpenApiParameter.PATH,
                description="De volgorde van de bijlage (1, 2, ...).",
            )
        ],
        responses={
            (200, "application/pdf"): OpenApiResponse(
                response=OpenApiTypes.BINARY, description="De PDF."
            )
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"bijlagen/(?P<volgorde>[0-9]{1,9})/download",
        url_name="download",
        renderer_classes=[ApiJSONRenderer, PdfRenderer],
        pagination_class=None,
        filter_backends=[],
    )
    def download(self, request, uuid=None, volgorde=None):
        bericht = self.get_object()
        bijlage = next((b for b in bericht.bijlagen.all() if b.volgorde == int(volgorde)), None)
        if bijlage is None:
            raise exceptions.NotFound("Het bericht heeft geen bijlage met deze volgorde.")
        if not bijlage.inhoud:
            raise exceptions.NotFound(
                "Deze bijlage is een informatieobject in de Documenten API; haal het daar op: "
                f"{bijlage.informatieobject}"
            )
        return FileResponse(
            bijlage.inhoud.open("rb"),
            content_type="application/pdf",
            as_attachment=True,
            filename=f"bijlage-{bijlage.volgorde}.pdf",
        )
