import json

from django.conf import settings
from djangorestframework_camel_case.parser import CamelCaseJSONParser
from djangorestframework_camel_case.util import underscoreize
from rest_framework.exceptions import ParseError

_INVALID = "De request body is geen geldige JSON"


def _refuse_constant(name: str):
    # Python's json accepts NaN and Infinity; JSON (RFC 8259) does not, and neither do we.
    raise ValueError(f"'{name}' is geen geldige JSON-waarde")


class ApiJSONParser(CamelCaseJSONParser):
    """camelCase JSON in, snake_case data out; a body that is not JSON is a clear 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding)
            data = json.loads(text, parse_constant=_refuse_constant)
            return underscoreize(data, **self.json_underscoreize)
        except RecursionError as exc:
            raise ParseError(f"{_INVALID}: te diep genest.") from exc
        except LookupError as exc:  # an unknown charset in the Content-Type
            raise ParseError(f"{_INVALID}: onbekende tekenset '{encoding}'.") from exc
        except ValueError as exc:  # also UnicodeDecodeError
            raise ParseError(f"{_INVALID}: {exc}") from exc
