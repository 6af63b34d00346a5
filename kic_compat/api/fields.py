"""Reference fields of the first-generation APIs: absolute URL strings (spec §1 "References").

An URL of this service is resolved by its path (whatever host the client used), to the
object it names: an unknown uuid is `does_not_exist`, a path of another resource `no_match`.
A klant or contactmoment field also takes the Klantinteracties v1 URL of the same object
(a partij or klantcontact), since they are the same record.
"""

import uuid as uuid_lib
from urllib.parse import urlsplit

from django.apps import apps
from django.urls import Resolver404, resolve
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from klantenregister.api.fields import resource_url


def detail_url(request, view_name: str, uuid) -> str:
    """The absolute URL of a first-generation (or v1) detail route for this request's host."""
    return resource_url(request, view_name, uuid)


def resolve_local(value: str) -> tuple[str, uuid_lib.UUID] | None:
    """(view name, uuid) of a detail URL of this service; None when it names none."""
    try:
        match = resolve(urlsplit(value).path)
    except (Resolver404, ValueError):
        return None
    raw = match.kwargs.get("uuid")
    if raw is None:
        return None
    try:
        return match.view_name, uuid_lib.UUID(str(raw))
    except ValueError:
        return None


def is_absolute_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@extend_schema_field({"type": "string", "format": "uri", "maxLength": 1000, "minLength": 1})
class KicUrlField(serializers.CharField):
    """A reference to a local object by its absolute URL; internal value: the model instance.

    `view_name` renders the URL (`kic:klant-detail`); `also_accepts` lists further detail
    routes that name the same object (`klantinteracties:partij-detail`). `model` is the
    object's model label, looked up when a value is checked.
    """

    default_error_messages = {
        "invalid": "Voer een geldige URL in.",
        "no_match": "De URL verwijst niet naar een geldig object van dit type.",
        "does_not_exist": "Het object waar de URL naar verwijst bestaat niet.",
    }

    def __init__(self, *, view_name: str, model: str, also_accepts: tuple[str, ...] = (), **kw):
        self.view_name = view_name
        self.model_label = model
        self.accepted = (view_name, *also_accepts)
        kw.setdefault("max_length", 1000)
        super().__init__(**kw)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        value = super().to_internal_value(data)
        # The validators (max_length) check the URL string; run_validators skips the object.
        super().run_validators(value)
        if not is_absolute_url(value):
            self.fail("invalid")
        found = resolve_local(value)
        if found is None or found[0] not in self.accepted:
            self.fail("no_match")
        model = apps.get_model(self.model_label)
        obj = model._default_manager.filter(uuid=found[1]).first()
        if obj is None:
            self.fail("does_not_exist")
        return obj

    def run_validators(self, value):
        if isinstance(value, str):
            super().run_validators(value)

    def to_representation(self, value):
        if value is None:
            return None
        if isinstance(value, str):
            return value
        return detail_url(self.context.get("request"), self.view_name, value.uuid)
