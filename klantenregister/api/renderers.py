from djangorestframework_camel_case.render import CamelCaseJSONRenderer


class ApiJSONRenderer(CamelCaseJSONRenderer):
    """JSON in camelCase; the `_expand` key keeps its underscore (see settings)."""

    media_type = "application/json"
    format = "json"
