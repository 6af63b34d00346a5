"""A test-only first-generation view: enough to exercise authentication and scopes without
depending on the real resources (those are tested against /api/kic/v1 as well)."""

from rest_framework import viewsets
from rest_framework.response import Response

from klantenregister.api.permissions import HasApiScope, KicScopePermission

SCOPES = {
    "list": "klanten.lezen",
    "retrieve": "klanten.lezen",
    "create": "klanten.aanmaken",
    "update": "klanten.bijwerken",
    "partial_update": "klanten.bijwerken",
    "destroy": "klanten.verwijderen",
}


class KlantenProbe(viewsets.ViewSet):
    api_name = "kic"
    kic_scopes = SCOPES
    permission_classes = [KicScopePermission]

    def _echo(self, request):
        client = request.auth
        return Response(
            {
                "client": client.naam,
                "user_id": getattr(client, "jwt_user_id", ""),
                "user_representation": getattr(client, "jwt_user_representation", ""),
            }
        )

    def list(self, request, pk=None):
        return self._echo(request)

    retrieve = create = update = partial_update = destroy = list


class KlantenProbeDefaultPermission(KlantenProbe):
    """The project default (HasApiScope) must apply first-generation scopes to a kic view."""

    permission_classes = [HasApiScope]


class KlantenProbeWithoutDestroy(KlantenProbe):
    kic_scopes = {key: value for key, value in SCOPES.items() if key != "destroy"}


class NotKicProbe(KlantenProbe):
    api_name = "klantinteracties"


ACTIONS = {
    "get": "list",
    "post": "create",
}
DETAIL_ACTIONS = {
    "get": "retrieve",
    "put": "update",
    "patch": "partial_update",
    "delete": "destroy",
}
