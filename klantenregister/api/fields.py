"""Reference fields in the Klantinteracties style: `{"uuid": ..., "url": ...}`."""

import datetime
import functools
import uuid as uuid_lib

from django.apps import apps
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from klantenregister.validators import OUT_OF_RANGE, validate_moment_in_range

_SENTINEL = "00000000-0000-4000-8000-000000000000"


@functools.cache
def _path_template(view_name: str) -> tuple[str, str]:
    # reverse() is slow relative to rendering a row; resolve each route once.
    path = reverse(view_name, kwargs={"uuid": _SENTINEL})
    head, _, tail = path.partition(_SENTINEL)
    return head, tail


def resource_url(request, view_name: str, uuid) -> str:
    head, tail = _path_template(view_name)
    path = f"{head}{uuid}{tail}"
    if request is None:
        return path
    base = getattr(request, "_absolute_base", None)
    if base is None:
        base = request.build_absolute_uri("/")[:-1]
        request._absolute_base = base
    return f"{base}{path}"


@extend_schema_field(
    {"type": "string", "format": "uri", "readOnly": True, "minLength": 1, "maxLength": 1000}
)
class ResourceUrlField(serializers.Field):
    """The read-only absolute `url` of the object itself."""

    def __init__(self, view_name: str, **kwargs):
        self.view_name = view_name
        kwargs.update(read_only=True, source="*")
        super().__init__(**kwargs)

    def to_representation(self, value):
        return resource_url(self.context.get("request"), self.view_name, value.uuid)


_FK_SCHEMA = {
    "type": "object",
    "properties": {
        "uuid": {"type": "string", "format": "uuid"},
        "url": {
            "type": "string",
            "format": "uri",
            "readOnly": True,
            "minLength": 1,
            "maxLength": 1000,
        },
    },
    "required": ["uuid", "url"],
}


@extend_schema_field(_FK_SCHEMA)
class ForeignKeyField(serializers.RelatedField):
    """A reference to another resource, written as `{"uuid": ...}`, read as uuid + url.

    Rendering uses the related object's uuid, so the view's queryset must select it. Instead
    of a `queryset`, a writable field may name its model by label (`model="app.Model"`): the
    model is then looked up when a value is checked, so a lower app can refer to a model of an
    app above it without importing it.
    """

    default_error_messages = {
        "does_not_exist": "{model} object bestaat niet.",
        "invalid": "Verwacht een object met een geldige 'uuid'.",
    }

    def __init__(self, view_name: str, *, model: str | None = None, **kwargs):
        self.view_name = view_name
        self.model_label = model
        has_queryset = kwargs.get("queryset") is not None
        if model is not None and has_queryset:
            raise TypeError("ForeignKeyField takes `model` or `queryset`, not both.")
        if model is None and not has_queryset and not kwargs.get("read_only"):
            raise TypeError("A writable ForeignKeyField needs `queryset` or `model`.")
        super().__init__(**kwargs)

    def get_queryset(self):
        if self.model_label is not None:
            return apps.get_model(self.model_label)._default_manager.all()
        return super().get_queryset()

    def use_pk_only_optimization(self) -> bool:
        return False

    def to_internal_value(self, data):
        if not isinstance(data, dict) or "uuid" not in data:
            self.fail("invalid")
        try:
            value = uuid_lib.UUID(str(data["uuid"]))
        except (TypeError, ValueError, AttributeError):
            self.fail("invalid")
        queryset = self.get_queryset()
        try:
            return queryset.get(uuid=value)
        except queryset.model.DoesNotExist:
            self.fail("does_not_exist", model=queryset.model._meta.object_name)

    def to_representation(self, value):
        return {
            "uuid": str(value.uuid),
            "url": resource_url(self.context.get("request"), self.view_name, value.uuid),
        }

    # Browsable choices would load whole tables; the API never needs them.
    def get_choices(self, cutoff=None):
        return {}


class StrictCharField(serializers.CharField):
    """A string field that refuses numbers and booleans instead of turning them into text:
    `{"naam": 0}` is a client error, not the name "0"."""

    default_error_messages = {"invalid": "Verwacht een tekst (string)."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictDateTimeField(serializers.DateTimeField):
    """A date-time that must also exist in UTC (klantenregister.validators)."""

    default_error_messages = {"out_of_range": OUT_OF_RANGE}

    def to_internal_value(self, value):
        try:
            result = super().to_internal_value(value)
            validate_moment_in_range(result)
        except (OverflowError, DjangoValidationError):
            # OverflowError: DRF itself overflowed applying the offset; the same problem.
            self.fail("out_of_range")
        return result

    def to_representation(self, value):
        # Until 1937 Amsterdam's offset had seconds (+00:19:32), which RFC 3339 cannot
        # express; such moments are rendered in UTC instead.
        if isinstance(value, datetime.datetime):
            local = self.enforce_timezone(value)
            offset = local.utcoffset()
            if offset is not None and offset.total_seconds() % 60:
                return local.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
        return super().to_representation(value)
