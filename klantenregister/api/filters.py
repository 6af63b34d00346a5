"""Shared filter machinery: strict query parameters and `X__url` filters."""

import uuid as uuid_lib
from urllib.parse import urlsplit

from django import forms
from django.urls import Resolver404, resolve
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from klantenregister.api.exceptions import QueryParameterError


class AbsoluteUrlField(forms.CharField):
    """An absolute http(s) URL. Unlike forms.URLField it also takes hosts without a dot, such
    as `http://klantenregister:8000/...` inside a container network."""

    def to_python(self, value):
        value = super().to_python(value)
        if value:
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise forms.ValidationError("Voer een geldige absolute URL in.", code="invalid")
        return value


def uuid_from_url(value: str) -> uuid_lib.UUID | None:
    """The uuid in an API detail URL; None when the URL points to no object of this API."""
    try:
        match = resolve(urlsplit(value).path)
    except Resolver404:
        return None
    try:
        return uuid_lib.UUID(str(match.kwargs.get("uuid")))
    except ValueError:
        return None


@extend_schema_field(OpenApiTypes.URI)
class UrlFilter(filters.CharFilter):
    """Filter on a related object given by its absolute API URL, matched on the uuid in it.

    `field_name` points at the related object's uuid, e.g. `partij__uuid`. For a custom
    condition pass `uuid_method`: that filterset method is called with the uuid from the URL.
    (django-filter's own `method` would receive the raw URL, so it is refused here.) An URL
    that points nowhere in this API matches nothing; it is not an error.
    """

    field_class = AbsoluteUrlField
    uuid_method: str | None = None

    def __init__(self, *args, uuid_method: str | None = None, **kwargs):
        if "method" in kwargs:
            raise TypeError("UrlFilter takes `uuid_method`, not `method`.")
        if uuid_method is not None:
            self.uuid_method = uuid_method
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        found = uuid_from_url(value)
        if found is None:
            return qs.none()
        if self.uuid_method is not None:
            return getattr(self.parent, self.uuid_method)(qs, self.field_name, found)
        return super().filter(qs, found)


class StrictQueryParamsMixin:
    """Refuse query parameters the endpoint does not know (VNG CheckQueryParamsMixin).

    Known are the filterset's filters, paging, `expand` where the view offers it and
    `extra_query_params` of the view.
    """

    paging_params = ("page", "pageSize")
    extra_query_params: tuple[str, ...] = ()

    def known_query_params(self) -> set[str]:
        known = set(self.extra_query_params)
        if getattr(self, "expand_options", None):
            known.add("expand")
        if self.action == "list":
            known.update(self.paging_params)
            filterset_class = getattr(self, "filterset_class", None)
            if filterset_class is not None:
                known.update(filterset_class.base_filters.keys())
        return known

    def check_query_params(self, request) -> None:
        if request.method not in ("GET", "HEAD"):
            return
        unknown = sorted(set(request.query_params.keys()) - self.known_query_params())
        if unknown:
            raise QueryParameterError(
                {name: ["Onbekende query parameter."] for name in unknown},
                code="unknown-parameters",
            )


class TrueFalseField(forms.TypedChoiceField):
    """The text `true` or `false` as a bool; anything else is invalid."""

    def __init__(self, **kwargs):
        # The choices live in the field, not in the filter's arguments: drf-spectacular would
        # document those as a string enum on a boolean parameter, which no validator accepts.
        kwargs.setdefault("choices", [("true", "true"), ("false", "false")])
        kwargs.setdefault("coerce", lambda value: value == "true")
        kwargs.setdefault("empty_value", None)
        super().__init__(**kwargs)


class StrictBooleanFilter(filters.BooleanFilter):
    """`true`/`false` only; anything else is a 400 instead of being silently ignored."""

    field_class = TrueFalseField

    def __init__(self, *args, **kwargs):
        # The rest_framework BooleanFilter's BooleanWidget turns the raw value into
        # True/False/None before the field sees it: "misschien" would become None (ignored)
        # and "true" a bool that is not among the choices (400). Pass the raw text through.
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class ApiFilterSet(filters.FilterSet):
    """Base of every filterset, the place for behaviour they all share. (An invalid filter
    value is already a 400 naming the parameter: DjangoFilterBackend raises the form errors.)"""
