from rest_framework import permissions

from klantenregister.api.scopes import KIC_API, grants, grants_kic
from klantenregister.core.models import ApiClient


class KicScopePermission(permissions.BasePermission):
    """First-generation scopes (spec kic_compat §2) for the /api/kic/v1 views.

    A view declares `api_name = "kic"` and `kic_scopes`, a dict from DRF action name (`list`,
    `retrieve`, `create`, `update`, `partial_update`, `destroy`, custom actions) to the scope it
    needs, e.g. `{"list": "klanten.lezen", "create": "klanten.aanmaken", ...}`. Views without
    actions (plain APIViews) are looked up by lower-case HTTP method (`get`, `post`, ...). HEAD
    follows GET (DRF routes it to the same action). An action missing from the dict is refused
    for everyone, so forgetting one never opens it.
    """

    message = "Deze API-client heeft niet de benodigde scope voor deze actie."

    @staticmethod
    def needed_scope(request, view) -> str | None:
        scopes = getattr(view, "kic_scopes", None) or {}
        action = getattr(view, "action", None)
        if action:
            return scopes.get(action)
        method = request.method.lower()
        return scopes.get(method) or (scopes.get("get") if method == "head" else None)

    def has_permission(self, request, view) -> bool:
        client = request.auth
        if not isinstance(client, ApiClient):
            return False
        if getattr(view, "api_name", None) != KIC_API:
            self.message = "Dit endpoint hoort niet bij de eerste-generatie API."
            return False
        needed = self.needed_scope(request, view)
        if needed is None:
            self.message = "Deze actie is op dit endpoint voor niemand toegestaan."
            return False
        if not grants_kic(client.scopes, client.kic_scopes, needed):
            self.message = f"Deze actie vereist de scope '{needed}'."
            return False
        return True


class HasApiScope(permissions.BasePermission):
    """The client needs `<api>:read` for safe methods and `<api>:write` for the others.

    Views name their API in `api_name`; a view without one is refused, so forgetting it can
    never open an endpoint. Views of the first-generation API (`api_name = "kic"`) are checked
    by KicScopePermission instead, whichever of the two a view lists.
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
        if api == KIC_API:
            kic = KicScopePermission()
            allowed = kic.has_permission(request, view)
            self.message = kic.message
            return allowed
        write = request.method not in permissions.SAFE_METHODS
        allowed = grants(client.scopes, api, write=write)
        if not allowed:
            level = "write" if write else "read"
            self.message = f"Deze actie vereist de scope '{api}:{level}'."
        return allowed
