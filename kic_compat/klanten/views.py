"""/api/kic/v1/klanten: the first-generation Klanten API served from the partijen (§4.1)."""

from drf_spectacular.utils import extend_schema, extend_schema_view

from kic_compat.api.audit import audittrail_urls
from kic_compat.api.viewsets import KicAuditTrailViewSet, KicViewSet, scopes_for
from kic_compat.klanten import selectors, services
from kic_compat.klanten.filters import KlantFilterSet
from kic_compat.klanten.serializers import KlantSerializer
from klantenregister.verwerkingen.mixins import VerwerkingenViewMixin


@extend_schema_view(
    list=extend_schema(summary="Alle KLANTen opvragen."),
    retrieve=extend_schema(summary="Een specifieke KLANT opvragen."),
    create=extend_schema(summary="Maak een KLANT aan."),
    update=extend_schema(summary="Werk een KLANT in zijn geheel bij."),
    partial_update=extend_schema(summary="Werk een KLANT deels bij."),
    destroy=extend_schema(summary="Verwijder een KLANT."),
)
class KlantViewSet(VerwerkingenViewMixin, KicViewSet):
    """Klanten: each one a partij (same uuid), with its extension row where it has one."""

    selector = staticmethod(selectors.klanten)
    serializer_class = KlantSerializer
    filterset_class = KlantFilterSet
    destroy_service = staticmethod(services.delete_klant)
    kic_scopes = scopes_for("klanten")
    verwerking_raadplegen = True
    audit_bron = "kc"
    audit_collectie = "klanten"
    audit_resource = "klant"

    def audit_weergave(self, data: dict) -> str:
        return f"Klant {data.get('klantnummer', '')}".strip()


class KlantAuditTrailViewSet(KicAuditTrailViewSet):
    """The first-generation audit trail of a klant."""

    audit_collectie = "klanten"
    parent_kwarg = "klant_uuid"


def register(router) -> None:
    router.register("klanten", KlantViewSet, basename="klant")


def extra_urls() -> list:
    """The audit trail routes (not a router resource: nested under the klant)."""
    return audittrail_urls("klanten", "klant_uuid", KlantAuditTrailViewSet)
