"""Thin viewsets of /api/kic/v1 contactmomenten, klantcontactmomenten, objectcontactmomenten
(Contactmomenten API 1.0.0): reading via selectors, writing via services (through the
serializers); the conventions of spec §1 come from KicViewSet."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.exceptions import MethodNotAllowed

from kic_compat.api.fields import detail_url
from kic_compat.api.viewsets import KicAuditTrailViewSet, KicViewSet, scopes_for
from kic_compat.contactmomenten import filters, selectors, serializers, services


class WithoutUpdateMixin:
    """PUT/PATCH are 405 (spec §2), before authorisation decides on a scope for them."""

    http_method_names = ["get", "post", "delete", "head", "options"]

    def initial(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)


@extend_schema_view(
    list=extend_schema(summary="Alle CONTACTMOMENTen opvragen.", tags=["contactmomenten"]),
    retrieve=extend_schema(
        summary="Een specifiek CONTACTMOMENT opvragen.", tags=["contactmomenten"]
    ),
    create=extend_schema(summary="Maak een CONTACTMOMENT aan.", tags=["contactmomenten"]),
    update=extend_schema(
        summary="Werk een CONTACTMOMENT in zijn geheel bij.", tags=["contactmomenten"]
    ),
    partial_update=extend_schema(
        summary="Werk een CONTACTMOMENT deels bij.", tags=["contactmomenten"]
    ),
    destroy=extend_schema(summary="Verwijder een CONTACTMOMENT.", tags=["contactmomenten"]),
)
class ContactmomentViewSet(KicViewSet):
    """Een contactmoment is een Klantcontact van het nieuwe model (zelfde uuid)."""

    serializer_class = serializers.ContactMomentSerializer
    filterset_class = filters.ContactmomentFilterSet
    selector = selectors.contactmomenten
    destroy_service = services.delete_contactmoment
    kic_scopes = scopes_for("contactmomenten")
    audit_bron = "cmc"
    audit_collectie = "contactmomenten"
    audit_resource = "contactmoment"


@extend_schema_view(
    list=extend_schema(
        summary="Alle KLANTCONTACTMOMENTen opvragen.", tags=["klantcontactmomenten"]
    ),
    retrieve=extend_schema(
        summary="Een specifiek KLANTCONTACTMOMENT opvragen.", tags=["klantcontactmomenten"]
    ),
    create=extend_schema(summary="Maak een KLANTCONTACTMOMENT aan.", tags=["klantcontactmomenten"]),
    destroy=extend_schema(
        summary="Verwijder een KLANTCONTACTMOMENT.", tags=["klantcontactmomenten"]
    ),
)
class KlantcontactmomentViewSet(WithoutUpdateMixin, KicViewSet):
    """Een klantcontactmoment is een Betrokkene met een Partij (zelfde uuid)."""

    serializer_class = serializers.KlantContactMomentSerializer
    filterset_class = filters.KlantcontactmomentFilterSet
    selector = selectors.klantcontactmomenten
    destroy_service = services.delete_klantcontactmoment
    kic_scopes = scopes_for("contactmomenten", update=False)


@extend_schema_view(
    list=extend_schema(
        summary="Alle OBJECT-CONTACTMOMENT relaties opvragen.", tags=["objectcontactmomenten"]
    ),
    retrieve=extend_schema(
        summary="Een specifieke OBJECT-CONTACTMOMENT relatie opvragen.",
        tags=["objectcontactmomenten"],
    ),
    create=extend_schema(
        summary="Maak een OBJECT-CONTACTMOMENT relatie aan.", tags=["objectcontactmomenten"]
    ),
    destroy=extend_schema(
        summary="Verwijder een OBJECT-CONTACTMOMENT relatie.", tags=["objectcontactmomenten"]
    ),
)
class ObjectcontactmomentViewSet(WithoutUpdateMixin, KicViewSet):
    """Een objectcontactmoment is een Onderwerpobject van een Klantcontact (zelfde uuid)."""

    serializer_class = serializers.ObjectContactMomentSerializer
    filterset_class = filters.ObjectcontactmomentFilterSet
    selector = selectors.objectcontactmomenten
    kic_scopes = scopes_for("contactmomenten", update=False)

    def perform_destroy(self, instance):
        contactmoment_url = detail_url(
            self.request, serializers.CONTACTMOMENT, instance.klantcontact.uuid
        )
        services.delete_objectcontactmoment(instance, contactmoment_url=contactmoment_url)


@extend_schema_view(
    list=extend_schema(summary="Alle audit trail regels behorend bij het CONTACTMOMENT."),
    retrieve=extend_schema(summary="Een specifieke audit trail regel opvragen."),
)
class ContactmomentAuditTrailViewSet(KicAuditTrailViewSet):
    audit_collectie = "contactmomenten"
    parent_kwarg = "contactmoment_uuid"


def register(router) -> None:
    """Add the contactmomenten routes to the /api/kic/v1 router (kic_compat/api/urls.py)."""
    router.register("contactmomenten", ContactmomentViewSet, basename="contactmoment")
    router.register(
        r"contactmomenten/(?P<contactmoment_uuid>[0-9a-fA-F-]{36})/audittrail",
        ContactmomentAuditTrailViewSet,
        basename="contactmoment-audittrail",
    )
    router.register(
        "klantcontactmomenten", KlantcontactmomentViewSet, basename="klantcontactmoment"
    )
    router.register(
        "objectcontactmomenten", ObjectcontactmomentViewSet, basename="objectcontactmoment"
    )
