from djangorestframework_camel_case.parser import CamelCaseJSONParser
from rest_framework.exceptions import ParseError


class ApiJSONParser(CamelCaseJSONParser):
    """camelCase JSON in, snake_case data out; a body that is not JSON is a clear 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError as exc:
            raise ParseError(f"De request body is geen geldige JSON: {exc.detail}") from exc
