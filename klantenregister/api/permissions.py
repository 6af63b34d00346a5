from rest_framework import permissions

from klantenregister.api.scopes import grants
from klantenregister.core.models import ApiClient


class HasApiScope(permissions.BasePermission):
    """The client needs `<api>:read` for safe methods and `<api>:write` for the others.

    Views name their API in `api_name`; a view without one is refused, so forgetting it can
    never open an endpoint.
    """

    message = "Deze API-client heeft niet de benodigde scope voor deze actie."

    def has_permission(self, request, view) -> bool:
        client = request.auth
        if not isinstance(client, ApiClient):
            return False
        api = getattr(view, "api_name", None)
        if not api:
            self.message = "Dit endpoint hoort bij geen API; niemand heeft er toegang toe."
            return False
        write = request.method not in permissions.SAFE_METHODS
        allowed = grants(client.scopes, api, write=write)
        if not allowed:
            level = "write" if write else "read"
            self.message = f"Deze actie vereist de scope '{api}:{level}'."
        return allowed
