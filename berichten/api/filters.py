"""Filters of /berichten (spec/berichten.md §4). Each is backed by an index of Bericht; the
portal's inbox (`gebruikerID` or `partij`, `geopend`, `zichtbaar`, newest first) by the
composite ones."""

import uuid as uuid_lib

from django_filters import rest_framework as filters

from berichten import selectors
from berichten.models import Bericht
from klantcontacten.api.filters import MomentFilter, PlaatsgevondenOpOrdering
from klantenregister.api.filters import ApiFilterSet, StrictBooleanFilter, uuid_from_url
from partijen import validators


def _uuid_or_url(value: str) -> uuid_lib.UUID | None:
    try:
        return uuid_lib.UUID(value)
    except ValueError:
        return uuid_from_url(value)


class BerichtOrdering(PlaatsgevondenOpOrdering):
    """`ordering=publicatieDatum` or `-publicatieDatum`, ties broken by age the same way."""


class BerichtFilterSet(ApiFilterSet):
    gebruikerID = filters.CharFilter(
        field_name="gebruiker_id",
        validators=[validators.validate_bsn],
        help_text="Berichten aan deze BSN.",
    )
    bsn = filters.CharFilter(
        field_name="gebruiker_id",
        validators=[validators.validate_bsn],
        help_text="Zelfde als `gebruikerID`.",
    )
    partij = filters.CharFilter(
        method="filter_partij", help_text="Berichten van deze partij (uuid of url)."
    )
    geopend = StrictBooleanFilter(help_text="`false`: de ongelezen berichten.")
    zichtbaar = StrictBooleanFilter(
        method="filter_zichtbaar",
        help_text="`true`: alleen berichten waarvan de publicatiedatum leeg of voorbij is (wat "
        "het portaal toont); `false`: alleen de geplande.",
    )
    berichtType = filters.CharFilter(field_name="bericht_type", help_text="Exact het berichttype.")
    publicatieDatum__gte = MomentFilter(field_name="publicatie_datum", lookup_expr="gte")
    publicatieDatum__lt = MomentFilter(field_name="publicatie_datum", lookup_expr="lt")
    handelingsperspectief = filters.CharFilter(help_text="Exact het handelingsperspectief.")
    zaak = filters.CharFilter(help_text="De URL van de zaak (exact).")
    taak = filters.CharFilter(
        method="filter_taak", help_text="Berichten bij deze klanttaak (uuid of url)."
    )
    referentie = filters.CharFilter()
    batchID = filters.UUIDFilter(field_name="batch_id")
    berichtID = filters.UUIDFilter(field_name="bericht_id")
    ordering = BerichtOrdering(
        fields=(("publicatie_datum", "publicatieDatum"),),
        help_text="Sortering op `publicatieDatum`, met `-` voor aflopend. Standaard: "
        "`-publicatieDatum`.",
    )

    # Searches by a person's number, logged for verwerkingenlogging (docs/privacy.md).
    verwerking_zoekvelden = (("gebruikerID", None), ("bsn", None))

    class Meta:
        model = Bericht
        fields = []

    def filter_partij(self, queryset, name, value):
        found = _uuid_or_url(value)
        return queryset.filter(partij__uuid=found) if found else queryset.none()

    def filter_taak(self, queryset, name, value):
        found = _uuid_or_url(value)
        return queryset.filter(taak__uuid=found) if found else queryset.none()

    def filter_zichtbaar(self, queryset, name, value):
        if value is None:
            return queryset
        return selectors.zichtbaar(queryset) if value else selectors.gepland(queryset)
