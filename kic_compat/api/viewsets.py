"""The base of every /api/kic/v1 resource: spec §1 conventions in one place.

- auth: the product's `Token` header or a JWT-ZGW bearer token; the first-generation scope of
  each action from the view's `kic_scopes` (KicScopePermission);
- `page`-only pagination of 100 (KicPagination); an unknown query parameter is a 400 with
  code `unknown-parameters` named `nonFieldErrors`;
- `API-version` on every response, `Location` on a 201, `ETag` on a detail GET with
  `If-None-Match` → 304, `HEAD` on details (not on lists: the contracts have none);
- writes need `Content-Type: application/json` (415), an `Accept` without JSON gets 406;
  `Accept-Crs`/`Content-Crs` are ignored;
- each write runs in one transaction with its audit trail entry (when `audit_bron` is set).

Subclasses set `selector`, `serializer_class`, `filterset_class`, `kic_scopes`,
`destroy_service`, and for the audit trail `audit_bron` / `audit_collectie` /
`audit_resource` (and may override `audit_weergave`).
"""

import hashlib
import json
import logging
from datetime import timedelta

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import quote_etag
from djangorestframework_camel_case.settings import api_settings as camel_settings
from djangorestframework_camel_case.util import camelize
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from kic_compat.api.audit import AuditTrailSerializer, record_audit
from kic_compat.api.exceptions import UnknownParameters
from kic_compat.api.pagination import KicPagination
from kic_compat.models import KicAuditTrail, KicIdempotentie
from klantenregister.api.authentication import ApiTokenAuthentication, JwtZgwAuthentication
from klantenregister.api.permissions import KicScopePermission
from klantenregister.api.viewsets import ApiViewSet
from klantenregister.core.models import ApiClient

logger = logging.getLogger(__name__)

WRITE_METHODS = ("POST", "PUT", "PATCH")
IDEMPOTENCY_WINDOW = timedelta(hours=24)
# NLX headers a first-generation client may send (spec §1 "Headers in"): logged, not used.
NLX_HEADERS = ("X-NLX-Logrecord-ID", "X-NLX-Request-Application-Id", "X-NLX-Request-User-Id")


def scopes_for(prefix: str, *, update: bool = True) -> dict[str, str]:
    """The usual `kic_scopes` of a collection (spec §2): `klanten` → klanten.lezen, ..."""
    scopes = {
        "list": f"{prefix}.lezen",
        "retrieve": f"{prefix}.lezen",
        "create": f"{prefix}.aanmaken",
        "destroy": f"{prefix}.verwijderen",
    }
    if update:
        scopes.update(update=f"{prefix}.bijwerken", partial_update=f"{prefix}.bijwerken")
    return scopes


def body_etag(data) -> str:
    """A strong ETag over the JSON body (key order fixed, so equal bodies give equal tags)."""
    encoded = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return quote_etag(hashlib.md5(encoded.encode(), usedforsecurity=False).hexdigest())


def first_gen_json(data) -> dict:
    """Serializer data as the client sees it: camelCase, plain JSON values."""
    camel = camelize(data, **camel_settings.JSON_UNDERSCOREIZE)
    return json.loads(json.dumps(camel, cls=DjangoJSONEncoder))


class KicConventionsMixin:
    """Spec §1 for any first-generation view (the main resources and the audit trail)."""

    api_name = "kic"
    api_version = "1.0.0"
    kic_scopes: dict[str, str] = {}
    authentication_classes = [ApiTokenAuthentication, JwtZgwAuthentication]
    permission_classes = [KicScopePermission]
    pagination_class = KicPagination
    paging_params = ("page",)

    def check_query_params(self, request) -> None:
        if request.method not in ("GET", "HEAD"):
            return
        unknown = sorted(set(request.query_params.keys()) - self.known_query_params())
        if unknown:
            raise UnknownParameters(unknown)

    def initial(self, request, *args, **kwargs):
        # A method the route does not have is a 405 before auth and scopes are looked at.
        action_map = getattr(self, "action_map", None) or {}
        method = request.method.lower()
        if method != "options" and method not in action_map:
            raise exceptions.MethodNotAllowed(request.method)
        if request.method == "HEAD" and getattr(self, "action", None) == "list":
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        nlx = {name: request.headers[name][:200] for name in NLX_HEADERS if name in request.headers}
        if nlx:
            logger.info("NLX request %s %s: %s", request.method, request.path, nlx)
        if request.method in WRITE_METHODS:
            content_type = (request.content_type or "").split(";")[0].strip().lower()
            if content_type != JSONParser.media_type:
                raise exceptions.UnsupportedMediaType(content_type or "(geen)")

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["API-version"] = self.api_version
        return response

    def detail_response(self, request, data):
        """A detail GET/HEAD with its ETag; an `If-None-Match` hit is a 304 without body."""
        etag = body_etag(data)
        wanted = [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]
        if etag in wanted or "*" in wanted:
            response = HttpResponse(status=status.HTTP_304_NOT_MODIFIED)
        elif request.method == "HEAD":
            response = HttpResponse(status=status.HTTP_200_OK, content_type="application/json")
        else:
            response = Response(data)
        response["ETag"] = etag
        return response


class KicViewSet(KicConventionsMixin, ApiViewSet):
    # The audit trail: bron (`kc`, `cmc`), collection and resource name; None: no trail.
    audit_bron: str | None = None
    audit_collectie: str = ""
    audit_resource: str = ""

    def audit_weergave(self, data: dict) -> str:
        return data.get("url", "")

    def audit_hoofd_object(self, data: dict, uuid) -> tuple:
        """(uuid, url) of the object an entry is filed under; None for the url means the
        resource itself. A link resource files under the object it links (a verzoek)."""
        return uuid, None

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        return self.detail_response(request, self.get_serializer(instance).data)

    def _audit(self, actie: str, resultaat: int, uuid, oud, nieuw) -> None:
        if self.audit_bron is None:
            return
        oud = first_gen_json(oud) if oud is not None else None
        nieuw = first_gen_json(nieuw) if nieuw is not None else None
        shown = nieuw if nieuw is not None else oud
        object_uuid, hoofd_object = self.audit_hoofd_object(shown, uuid)
        record_audit(
            self.request,
            bron=self.audit_bron,
            collectie=self.audit_collectie,
            resource=self.audit_resource,
            actie=actie,
            resultaat=resultaat,
            object_uuid=object_uuid,
            url=shown.get("url", ""),
            weergave=self.audit_weergave(shown),
            oud=oud,
            nieuw=nieuw,
            hoofd_object=hoofd_object,
        )

    def create(self, request, *args, **kwargs):
        key = self._idempotency_key(request)
        if key is not None:
            earlier = self._earlier_answer(request, key)
            if earlier is not None:
                return earlier
        try:
            with transaction.atomic():
                response = super().create(request, *args, **kwargs)
                data = dict(response.data)
                self._audit("create", response.status_code, self._created_uuid, None, data)
                if key is not None:
                    self._remember_answer(request, key, response.data)
        except IntegrityError:
            # A parallel POST with the same key won the race; give its answer.
            earlier = self._earlier_answer(request, key) if key is not None else None
            if earlier is None:
                raise
            return earlier
        if "url" in response.data:
            response["Location"] = response.data["url"]
        return response

    # --- Idempotency-Key (spec §1, extension) ---------------------------------------------------

    @staticmethod
    def _idempotency_key(request) -> str | None:
        key = request.headers.get("Idempotency-Key", "").strip()
        return key[:255] if key and isinstance(request.auth, ApiClient) else None

    def _earlier_answer(self, request, key: str):
        cutoff = timezone.now() - IDEMPOTENCY_WINDOW
        earlier = KicIdempotentie.objects.filter(
            api_client=request.auth, sleutel=key, aangemaakt__gte=cutoff
        ).first()
        if earlier is None:
            return None
        response = Response(earlier.antwoord, status=status.HTTP_200_OK)
        if "url" in earlier.antwoord:
            response["Location"] = earlier.antwoord["url"]
        return response

    def _remember_answer(self, request, key: str, data) -> None:
        cutoff = timezone.now() - IDEMPOTENCY_WINDOW
        stale = KicIdempotentie.objects.filter(api_client=request.auth, sleutel=key)
        stale.filter(aangemaakt__lt=cutoff).delete()
        KicIdempotentie.objects.create(
            api_client=request.auth,
            sleutel=key,
            pad=request.path[:200],
            antwoord=json.loads(json.dumps(data, cls=DjangoJSONEncoder)),
        )

    def perform_create(self, serializer):
        serializer.save()
        self._created_uuid = serializer.instance.uuid

    def update(self, request, *args, **kwargs):
        partial = kwargs.get("partial", False)
        with transaction.atomic():
            instance = self.get_object()
            oud = dict(self.get_serializer(instance).data)
            response = super().update(request, *args, **kwargs)
            self._audit(
                "partial_update" if partial else "update",
                response.status_code,
                instance.uuid,
                oud,
                dict(response.data),
            )
        return response

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            instance = self.get_object()
            oud = dict(self.get_serializer(instance).data)
            uuid = instance.uuid
            self.perform_destroy(instance)
            self._audit("destroy", status.HTTP_204_NO_CONTENT, uuid, oud, None)
        return Response(status=status.HTTP_204_NO_CONTENT)


class KicAuditTrailViewSet(
    KicConventionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """`{collection}/{parent_uuid}/audittrail[/{uuid}]`: a plain array and its entries.

    Subclass per collection with `audit_collectie` and `parent_kwarg` (`klant_uuid`)."""

    audit_collectie = ""
    parent_kwarg = ""
    serializer_class = AuditTrailSerializer
    pagination_class = None
    lookup_field = "uuid"
    kic_scopes = {"list": "audittrails.lezen", "retrieve": "audittrails.lezen"}
    http_method_names = ["get", "head", "options"]

    def known_query_params(self) -> set[str]:
        return set()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no parent
            return KicAuditTrail.objects.none()
        return KicAuditTrail.objects.filter(
            collectie=self.audit_collectie, hoofd_object_uuid=self.kwargs[self.parent_kwarg]
        ).order_by("pk")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.check_query_params(request)

    def retrieve(self, request, *args, **kwargs):
        return self.detail_response(request, self.get_serializer(self.get_object()).data)
