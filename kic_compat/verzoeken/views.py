"""Thin viewsets of /api/kic/v1 verzoeken and its link resources (Verzoeken API 1.0.0-beta):
reading via selectors, writing via services (through the serializers); the conventions of
spec §1 come from KicViewSet. Writes on the link resources land in the audit trail of their
verzoek (spec §4.6)."""

import uuid as uuid_lib

from django.conf import settings
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response

from kic_compat.api.audit import audittrail_urls
from kic_compat.api.fields import detail_url, resolve_local
from kic_compat.api.viewsets import (
    KicAuditTrailViewSet,
    KicViewSet,
    scopes_for,
)
from kic_compat.contactmomenten.views import WithoutUpdateMixin
from kic_compat.verzoeken import filters, selectors, serializers, services

API_VERSION = "1.0.0-beta"
AUDIT_BRON = "kic"
COLLECTIE = "verzoeken"


def _schema(tag: str, noun: str, *, update: bool = False):
    views = {
        "list": extend_schema(summary=f"Alle {noun} opvragen.", tags=[tag]),
        "retrieve": extend_schema(summary=f"Een specifiek(e) {noun} opvragen.", tags=[tag]),
        "create": extend_schema(summary=f"Maak een {noun} aan.", tags=[tag]),
        "destroy": extend_schema(summary=f"Verwijder een {noun}.", tags=[tag]),
    }
    if update:
        views["update"] = extend_schema(summary=f"Werk een {noun} in zijn geheel bij.", tags=[tag])
        views["partial_update"] = extend_schema(summary=f"Werk een {noun} deels bij.", tags=[tag])
    return extend_schema_view(**views)


@_schema("verzoeken", "VERZOEK", update=True)
class VerzoekViewSet(KicViewSet):
    """Verzoeken: native rows of kic_compat (spec §3, §4.5)."""

    api_version = API_VERSION
    serializer_class = serializers.VerzoekSerializer
    filterset_class = filters.VerzoekFilterSet
    selector = staticmethod(selectors.verzoeken)
    destroy_service = staticmethod(services.delete_verzoek)
    kic_scopes = scopes_for("verzoeken")
    audit_bron = AUDIT_BRON
    audit_collectie = COLLECTIE
    audit_resource = "verzoek"

    def audit_weergave(self, data: dict) -> str:
        return f"Verzoek {data.get('identificatie', '')}".strip()


class _LinkViewSet(WithoutUpdateMixin, KicViewSet):
    """A link resource of a verzoek: no PUT/PATCH (spec §2); each write is an entry in the
    verzoek's audit trail, with the verzoek as hoofdObject."""

    api_version = API_VERSION
    kic_scopes = scopes_for("verzoeken", update=False)
    audit_bron = AUDIT_BRON
    audit_collectie = COLLECTIE

    def audit_weergave(self, data: dict) -> str:
        return f"{self.audit_resource} {data['url'].rsplit('/', 1)[-1]}"

    def audit_hoofd_object(self, data: dict, uuid) -> tuple:
        found = resolve_local(data["verzoek"])
        return (found[1] if found else uuid_lib.UUID(int=0)), data["verzoek"]

    def verzoek_url(self, row) -> str:
        return detail_url(self.request, serializers.VERZOEK, row.verzoek.uuid)


@_schema("klantverzoeken", "KLANT-VERZOEK relatie")
class KlantVerzoekViewSet(_LinkViewSet):
    serializer_class = serializers.KlantVerzoekSerializer
    filterset_class = filters.KlantVerzoekFilterSet
    selector = staticmethod(selectors.klantverzoeken)
    destroy_service = staticmethod(services.delete_klantverzoek)
    audit_resource = "klantverzoek"


@_schema("verzoekcontactmomenten", "VERZOEK-CONTACTMOMENT relatie")
class VerzoekContactMomentViewSet(_LinkViewSet):
    serializer_class = serializers.VerzoekContactMomentSerializer
    filterset_class = filters.VerzoekContactMomentFilterSet
    selector = staticmethod(selectors.verzoekcontactmomenten)
    destroy_service = staticmethod(services.delete_verzoekcontactmoment)
    audit_resource = "verzoekcontactmoment"


@_schema("verzoekinformatieobjecten", "VERZOEK-INFORMATIEOBJECT relatie")
class VerzoekInformatieObjectViewSet(_LinkViewSet):
    """Immutable (no PUT/PATCH); the DRC's client (KIC_PLAIN_LIST_CLIENTS) gets its list as a
    plain array, since Open Zaak counts the body with len() (spec §6.2)."""

    serializer_class = serializers.VerzoekInformatieObjectSerializer
    filterset_class = filters.VerzoekInformatieObjectFilterSet
    selector = staticmethod(selectors.verzoekinformatieobjecten)
    destroy_service = staticmethod(services.delete_verzoekinformatieobject)
    audit_resource = "verzoekinformatieobject"

    def list(self, request, *args, **kwargs):
        naam = getattr(request.auth, "naam", None)
        if naam is not None and naam in settings.KIC_PLAIN_LIST_CLIENTS:
            queryset = self.filter_queryset(self.get_queryset())
            return Response(self.get_serializer(queryset, many=True).data)
        return super().list(request, *args, **kwargs)


@_schema("verzoekproducten", "VERZOEK-PRODUCT relatie")
class VerzoekProductViewSet(_LinkViewSet):
    serializer_class = serializers.VerzoekProductSerializer
    filterset_class = filters.VerzoekProductFilterSet
    selector = staticmethod(selectors.verzoekproducten)
    destroy_service = staticmethod(services.delete_verzoekproduct)
    audit_resource = "verzoekproduct"


@_schema("objectverzoeken", "OBJECT-VERZOEK relatie")
class ObjectVerzoekViewSet(_LinkViewSet):
    serializer_class = serializers.ObjectVerzoekSerializer
    filterset_class = filters.ObjectVerzoekFilterSet
    selector = staticmethod(selectors.objectverzoeken)
    audit_resource = "objectverzoek"

    def perform_destroy(self, instance):
        services.delete_objectverzoek(instance, verzoek_url=self.verzoek_url(instance))


@extend_schema_view(
    list=extend_schema(summary="Alle audit trail regels behorend bij het VERZOEK."),
    retrieve=extend_schema(summary="Een specifieke audit trail regel opvragen."),
)
class VerzoekAuditTrailViewSet(KicAuditTrailViewSet):
    api_version = API_VERSION
    audit_collectie = COLLECTIE
    parent_kwarg = "verzoek_uuid"


def register(router) -> None:
    """Add the verzoeken routes to the /api/kic/v1 router (kic_compat/api/urls.py)."""
    router.register("verzoeken", VerzoekViewSet, basename="verzoek")
    router.register("klantverzoeken", KlantVerzoekViewSet, basename="klantverzoek")
    router.register(
        "verzoekcontactmomenten", VerzoekContactMomentViewSet, basename="verzoekcontactmoment"
    )
    router.register(
        "verzoekinformatieobjecten",
        VerzoekInformatieObjectViewSet,
        basename="verzoekinformatieobject",
    )
    router.register("verzoekproducten", VerzoekProductViewSet, basename="verzoekproduct")
    router.register("objectverzoeken", ObjectVerzoekViewSet, basename="objectverzoek")


def extra_urls() -> list:
    """The audit trail routes (nested under the verzoek)."""
    return audittrail_urls(COLLECTIE, "verzoek_uuid", VerzoekAuditTrailViewSet)
