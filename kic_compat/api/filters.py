"""Filter fields shared by the first-generation resources."""

import datetime

from django import forms
from django_filters import rest_framework as filters

from klantcontacten.api.filters import UtcIsoDateTimeField
from klantenregister.validators import OUT_OF_RANGE


class UtcMomentField(UtcIsoDateTimeField):
    """An ISO 8601 moment, compared in UTC. Python accepts offsets up to ±23:59, PostgreSQL
    only up to ±15:59 (`+16:00` was a 500): converted to UTC first, any offset works."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is not None and moment.tzinfo is not None:
            try:
                moment = moment.astimezone(datetime.UTC)
            except OverflowError as exc:
                raise forms.ValidationError(OUT_OF_RANGE, code="out_of_range") from exc
        return moment


class MomentFilter(filters.IsoDateTimeFilter):
    field_class = UtcMomentField
