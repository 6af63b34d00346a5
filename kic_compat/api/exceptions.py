"""The first-generation error shape (spec §1 "Errors") on top of the product's handler.

The product's problem+json handler already gives type/code/title/status/detail/instance and
invalidParams with camelCase names; what differs is collected here.
"""

from rest_framework import exceptions
from rest_framework.exceptions import ErrorDetail

from klantenregister.api.exceptions import QueryParameterError


class UnknownParameters(QueryParameterError):
    """Unknown query parameters: one invalidParam `nonFieldErrors`, code `unknown-parameters`."""

    def __init__(self, names: list[str]):
        message = f"Onbekende query parameters: {', '.join(names)}"
        super().__init__(
            {"nonFieldErrors": [ErrorDetail(message, code="unknown-parameters")]},
        )


class UnsupportedMediaType(exceptions.UnsupportedMediaType):
    pass


def field_error(name: str, message: str, code: str) -> exceptions.ValidationError:
    """A 400 naming one field (snake_case dotted path; the handler camelizes it)."""
    return exceptions.ValidationError({name: [ErrorDetail(message, code=code)]})
