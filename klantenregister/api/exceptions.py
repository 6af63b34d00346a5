"""Every API error as application/problem+json, in the style of the VNG APIs.

Body: type, code, title, status, detail, instance, and for validation errors invalidParams
(name, code, reason) with camelCase dotted names such as `partijIdentificatoren.0.objectId`.
"""

import logging
import uuid

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from django.http import Http404, JsonResponse
from djangorestframework_camel_case.util import camelize_re, underscore_to_camel
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import set_rollback

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "https://klantenregister.nl/ref/fouten/"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "De actie past niet bij de huidige toestand van het object."
    default_code = "conflict"


class Gone(exceptions.APIException):
    status_code = status.HTTP_410_GONE
    default_detail = "Het object is niet meer beschikbaar voor deze actie."
    default_code = "gone"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "De request body is groter dan toegestaan."
    default_code = "payload-too-large"


class QueryParameterError(exceptions.ValidationError):
    """A 400 about query parameters, keyed by the parameter names exactly as the client sent
    them (`page_size` stays `page_size`: camelizing it would name a parameter that is fine)."""


def camelize_name(name: str) -> str:
    # Query parameter names (`partijIdentificator__objectId`) are already in their public form.
    return ".".join(
        part if "__" in part else camelize_re.sub(underscore_to_camel, part)
        for part in name.split(".")
    )


def flatten_errors(detail, prefix: str = "", *, camelize: bool = True) -> list[dict]:
    """Turn DRF's nested error structure into a flat invalidParams list."""
    params: list[dict] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = "nonFieldErrors" if key in ("non_field_errors", "__all__") else str(key)
            name = f"{prefix}.{name}" if prefix else name
            params.extend(flatten_errors(value, name, camelize=camelize))
    elif isinstance(detail, list):
        for index, item in enumerate(detail):
            if isinstance(item, dict | list):
                name = f"{prefix}.{index}" if prefix else str(index)
                params.extend(flatten_errors(item, name, camelize=camelize))
            else:
                params.extend(flatten_errors(item, prefix, camelize=camelize))
    else:
        name = prefix or "nonFieldErrors"
        params.append(
            {
                "name": camelize_name(name) if camelize else name,
                "code": getattr(detail, "code", None) or "invalid",
                "reason": str(detail),
            }
        )
    return params


# Titles for errors whose DRF default text has a placeholder (`Methode "{method}" ...`); the
# title is generic per kind of error, the specifics go in `detail`.
TITLES = {
    status.HTTP_405_METHOD_NOT_ALLOWED: "Methode niet toegestaan.",
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: "Media type niet ondersteund.",
    status.HTTP_429_TOO_MANY_REQUESTS: "Te veel verzoeken.",
}


def problem_body(*, status_code: int, code: str, title: str, detail: str, instance: str) -> dict:
    return {
        "type": f"{TYPE_BASE}{code}",
        "code": code,
        "title": title,
        "status": status_code,
        "detail": detail,
        "instance": instance,
    }


def _instance() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def problem_exception_handler(exc, context):
    """DRF exception handler: maps every exception to a problem+json response."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, ProtectedError):
        exc = exceptions.ValidationError(
            {
                "non_field_errors": [
                    "Het object kan niet verwijderd worden: er hangen nog objecten aan."
                ]
            }
        )
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound("Het opgevraagde object bestaat niet.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    set_rollback()
    headers: dict[str, str] = {}
    if isinstance(exc, exceptions.APIException):
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        if isinstance(exc, exceptions.ValidationError):
            invalid_params = flatten_errors(
                exc.detail, camelize=not isinstance(exc, QueryParameterError)
            )
            body = problem_body(
                status_code=exc.status_code,
                code="invalid",
                title="Een of meer velden zijn ongeldig.",
                detail="; ".join(f"{p['name']}: {p['reason']}" for p in invalid_params),
                instance=_instance(),
            )
            body["invalidParams"] = invalid_params
        else:
            detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
            codes = exc.get_codes()
            body = problem_body(
                status_code=exc.status_code,
                code=codes if isinstance(codes, str) else exc.default_code,
                title=TITLES.get(exc.status_code, str(exc.default_detail)),
                detail=str(detail),
                instance=_instance(),
            )
            if exc.status_code == 400:
                # Every 400 has the ValidatieFout shape; a body that could not be parsed at
                # all is a problem of the request as a whole.
                body["invalidParams"] = [
                    {"name": "nonFieldErrors", "code": body["code"], "reason": body["detail"]}
                ]
        status_code = exc.status_code
    else:
        # Anything else is a bug: log it in full, tell the client only an incident id.
        instance = _instance()
        logger.exception("Unhandled error in API view (incident %s)", instance)
        body = problem_body(
            status_code=500,
            code="error",
            title="Er is een interne fout opgetreden.",
            detail=f"Meld incident {instance} aan de beheerder.",
            instance=instance,
        )
        status_code = 500

    response = Response(body, status=status_code, headers=headers)
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def _plain_problem(request, status_code: int, code: str, title: str, detail: str) -> JsonResponse:
    body = problem_body(
        status_code=status_code, code=code, title=title, detail=detail, instance=_instance()
    )
    return JsonResponse(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def _wants_api_response(request) -> bool:
    path = request.path
    return "/api/" in path


def handler404(request, exception=None):
    if _wants_api_response(request):
        return _plain_problem(request, 404, "not_found", "Niet gevonden.", "Deze URL bestaat niet.")
    from django.views import defaults

    return defaults.page_not_found(request, exception)


def handler500(request):
    if _wants_api_response(request):
        return _plain_problem(
            request,
            500,
            "error",
            "Er is een interne fout opgetreden.",
            "Meld dit aan de beheerder.",
        )
    from django.views import defaults

    return defaults.server_error(request)


def handler400(request, exception=None):
    if _wants_api_response(request):
        # Django reports a body above DATA_UPLOAD_MAX_MEMORY_SIZE read outside DRF as a
        # SuspiciousOperation, i.e. as a 400; the client needs to know it was the size.
        if isinstance(exception, RequestDataTooBig):
            return _plain_problem(
                request,
                413,
                PayloadTooLarge.default_code,
                str(PayloadTooLarge.default_detail),
                str(PayloadTooLarge.default_detail),
            )
        return _plain_problem(
            request, 400, "bad_request", "Ongeldig verzoek.", "Het verzoek is ongeldig."
        )
    from django.views import defaults

    return defaults.bad_request(request, exception)
