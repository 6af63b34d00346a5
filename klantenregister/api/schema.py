"""OpenAPI generation shared by every API: errors, the API-version header and `expand`."""

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from klantenregister.api.exceptions import PROBLEM_CONTENT_TYPE
from klantenregister.api.serializers import FoutSerializer, ValidatieFoutSerializer
from klantenregister.api.versions import api_for_path


class AutoSchema(openapi.AutoSchema):
    def get_override_parameters(self):
        params = list(super().get_override_parameters())
        params.append(
            OpenApiParameter(
                name="API-version",
                type=OpenApiTypes.STR,
                location=OpenApiParameter.HEADER,
                response=True,
                description="De versie van de API die dit antwoord gaf, bijvoorbeeld 0.9.0.",
            )
        )
        options = getattr(self.view, "expand_options", ())
        action = getattr(self.view, "action", None)
        if options and action in ("list", "retrieve"):
            params.append(
                OpenApiParameter(
                    name="expand",
                    type={"type": "array", "items": {"type": "string", "enum": list(options)}},
                    location=OpenApiParameter.QUERY,
                    explode=False,
                    style="form",
                    description="Sluit de genoemde gerelateerde resources in onder `_expand`.",
                )
            )
        return params

    def _error(self, serializer, code: str):
        response = self._get_response_for_code(serializer, code)
        response["content"] = {PROBLEM_CONTENT_TYPE: response["content"]["application/json"]}
        return response

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if api_for_path(self.path) is None or direction != "response":
            return responses
        action = getattr(self.view, "action", None)
        errors = {"401": FoutSerializer, "403": FoutSerializer, "500": FoutSerializer}
        # Every GET refuses unknown query parameters (and a bad `expand`) with a 400.
        if self.method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            errors["400"] = ValidatieFoutSerializer
        # A list answers 404 for a page beyond the last one.
        if "{" in self.path or action == "list":
            errors["404"] = FoutSerializer
        if self.method in ("POST", "PUT", "PATCH"):
            errors["413"] = FoutSerializer
            errors["415"] = FoutSerializer
        for code, serializer in sorted(errors.items()):
            responses.setdefault(code, self._error(serializer, code))
        return responses


class TokenAuthScheme(OpenApiAuthenticationExtension):
    target_class = "klantenregister.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token-authenticatie met het voorvoegsel 'Token', "
            "bijvoorbeeld `Authorization: Token <sleutel>`.",
        }


class JwtZgwAuthScheme(OpenApiAuthenticationExtension):
    """`Authorization: Bearer <JWT-ZGW>`, named as in the first-generation contracts. On a
    first-generation operation the requirement lists the scope it needs, as they do."""

    target_class = "klantenregister.api.authentication.JwtZgwAuthentication"
    name = "JWT-Claims"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "JWT-ZGW: een HS256-token dat de client zelf ondertekent met zijn "
            "gedeelde secret, met de claims `client_id` (de naam van de API-client) en `iat`; "
            "`Authorization: Bearer <jwt>`.",
        }

    def get_security_requirement(self, auto_schema):
        from klantenregister.api.permissions import KicScopePermission

        view = auto_schema.view
        if getattr(view, "api_name", None) != "kic":
            return {self.name: []}
        scope = KicScopePermission.needed_scope(auto_schema.view.request, view)
        return {self.name: [scope] if scope else []}
