"""Shared filter machinery: strict query parameters and `X__url` filters."""

import uuid as uuid_lib

from django import forms
from django.urls import Resolver404, resolve
from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError


class UrlFilter(filters.CharFilter):
    """Filter on a related object given by its absolute API URL, matched on the uuid in it.

    `field_name` points at the related object's uuid, e.g. `partij__uuid`.
    """

    field_class = forms.URLField

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        from urllib.parse import urlparse

        path = urlparse(value).path
        try:
            match = resolve(path)
        except Resolver404:
            # An URL that points nowhere in this API matches nothing (not an error).
            return qs.none()
        found = match.kwargs.get("uuid")
        try:
            value = uuid_lib.UUID(str(found))
        except ValueError:
            return qs.none()
        return super().filter(qs, value)


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
            raise ValidationError(
                {name: ["Onbekende query parameter."] for name in unknown},
                code="unknown-parameters",
            )


class StrictBooleanFilter(filters.BooleanFilter):
    """`true`/`false` only; anything else is a 400 instead of being silently ignored."""

    field_class = forms.TypedChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("true", "true"), ("false", "false")])
        kwargs.setdefault("coerce", lambda value: value == "true")
        kwargs.setdefault("empty_value", None)
        super().__init__(*args, **kwargs)


class ApiFilterSet(filters.FilterSet):
    """Base filterset: invalid filter values raise a 400 naming the parameter."""
