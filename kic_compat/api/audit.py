"""The first-generation audit trail (spec §4.6): `{collection}/{uuid}/audittrail[/{uuid}]`.

Every first-generation write on a main object (create, update, partial_update, destroy) adds
one KicAuditTrail row in the write's own transaction: who (applicatie from the client, user
from the JWT's `user_id`/`user_representation`), what (the object's first-generation JSON
before and after) and why (`X-Audit-Toelichting`). Changes made through Klantinteracties v1
or the admin stay in the product's own history (klantenregister/core/audit.py); this trail
shows first-generation writes only (spec §8.15).

A resource reuses it with `record_audit(...)` from its viewset (KicViewSet does that for the
writes when the view sets `audit_bron`) and `audittrail_urls(...)` in urls.py.
"""

from django.urls import path
from rest_framework import serializers

from kic_compat.models import KicAuditTrail

ACTIE_WEERGAVE = {
    "create": "Object aangemaakt",
    "update": "Object bijgewerkt",
    "partial_update": "Object deels bijgewerkt",
    "destroy": "Object verwijderd",
}


def _identity(request) -> dict:
    client = getattr(request, "auth", None)
    naam = getattr(client, "naam", "") or ""
    return {
        "applicatie_id": naam[:100],
        "applicatie_weergave": naam[:200],
        "gebruikers_id": (getattr(client, "jwt_user_id", "") or "")[:255],
        "gebruikers_weergave": (getattr(client, "jwt_user_representation", "") or "")[:255],
    }


def record_audit(
    request,
    *,
    bron: str,
    collectie: str,
    resource: str,
    actie: str,
    resultaat: int,
    object_uuid,
    url: str,
    weergave: str,
    oud: dict | None,
    nieuw: dict | None,
    hoofd_object: str | None = None,
) -> KicAuditTrail:
    """Add one audit entry; call it inside the write's transaction."""
    return KicAuditTrail.objects.create(
        bron=bron,
        collectie=collectie,
        hoofd_object_uuid=object_uuid,
        actie=actie,
        actie_weergave=ACTIE_WEERGAVE.get(actie, actie),
        resultaat=resultaat,
        hoofd_object=hoofd_object or url,
        resource=resource,
        resource_url=url,
        toelichting=request.headers.get("X-Audit-Toelichting", ""),
        resource_weergave=weergave[:200],
        oud=oud,
        nieuw=nieuw,
        **_identity(request),
    )


class WijzigingenSerializer(serializers.Serializer):
    def to_representation(self, instance):
        # The contract's Wijzigingen has object-typed oud/nieuw: absent rather than null.
        data = {}
        if instance.oud is not None:
            data["oud"] = instance.oud
        if instance.nieuw is not None:
            data["nieuw"] = instance.nieuw
        return data


class AuditTrailSerializer(serializers.ModelSerializer):
    wijzigingen = WijzigingenSerializer(source="*", read_only=True)
    # The contract's range, whatever the database's small-integer range is.
    resultaat = serializers.IntegerField(read_only=True, min_value=100, max_value=599)

    class Meta:
        model = KicAuditTrail
        fields = (
            "uuid",
            "bron",
            "applicatie_id",
            "applicatie_weergave",
            "gebruikers_id",
            "gebruikers_weergave",
            "actie",
            "actie_weergave",
            "resultaat",
            "hoofd_object",
            "resource",
            "resource_url",
            "toelichting",
            "resource_weergave",
            "aanmaakdatum",
            "wijzigingen",
        )


def audittrail_urls(collectie: str, parent_kwarg: str, viewset) -> list:
    """The two audit trail routes of one collection, e.g. klanten/{klant_uuid}/audittrail."""
    base = f"{collectie}/<uuid:{parent_kwarg}>/audittrail"
    return [
        path(base, viewset.as_view({"get": "list"}), name=f"{collectie}-audittrail-list"),
        path(
            f"{base}/<uuid:uuid>",
            viewset.as_view({"get": "retrieve"}),
            name=f"{collectie}-audittrail-detail",
        ),
    ]
