"""Filters of /internetaken (names of the Klantinteracties contract) and /taken (the portal
queries of spec/taken.md §5). Every filter is backed by an index; a filter on a to-many
relation is an `Exists` subquery or an id union, so a taak appears once."""

import uuid as uuid_lib

from django.db.models import Exists, OuterRef
from django_filters import rest_framework as filters

from klantcontacten.api.filters import MomentFilter, PlaatsgevondenOpOrdering
from klantenregister.api.filters import ApiFilterSet, UrlFilter, uuid_from_url
from partijen import validators
from taken import selectors
from taken.models import (
    ActieType,
    IdentificatieType,
    InterneTaak,
    InterneTaakActor,
    InterneTaakStatus,
    Soort,
    Taak,
    TaakBetrokkene,
    TaakStatus,
)


class InterneTaakFilterSet(ApiFilterSet):
    nummer = filters.CharFilter(help_text="**DEPRECATED** Het nummer van de interne taak.")
    referentienummer = filters.CharFilter()
    status = filters.ChoiceFilter(choices=InterneTaakStatus.choices)
    toegewezenOp = MomentFilter(field_name="toegewezen_op")
    actoren__naam = filters.CharFilter(
        method="filter_actor_naam", help_text="Toegewezen aan een actor met precies deze naam."
    )
    toegewezenAanActor__uuid = filters.UUIDFilter(
        method="filter_actor_uuid", help_text="Toegewezen aan (onder meer) deze actor."
    )
    toegewezenAanActor__url = UrlFilter(
        uuid_method="filter_actor_uuid", help_text="Toegewezen aan (onder meer) deze actor."
    )
    aanleidinggevendKlantcontact__uuid = filters.UUIDFilter(field_name="klantcontact__uuid")
    aanleidinggevendKlantcontact__url = UrlFilter(field_name="klantcontact__uuid")
    klantcontact__uuid = filters.UUIDFilter(field_name="klantcontact__uuid")
    klantcontact__nummer = filters.CharFilter(field_name="klantcontact__nummer")
    klantcontact__referentienummer = filters.CharFilter(field_name="klantcontact__referentienummer")

    class Meta:
        model = InterneTaak
        fields = []

    def _assigned(self, queryset, **lookups):
        return queryset.filter(
            Exists(InterneTaakActor.objects.filter(interne_taak=OuterRef("pk"), **lookups))
        )

    def filter_actor_naam(self, queryset, name, value):
        return self._assigned(queryset, actor__naam=value)

    def filter_actor_uuid(self, queryset, name, value):
        return self._assigned(queryset, actor__uuid=value)


class CsvChoiceFilter(filters.BaseInFilter, filters.ChoiceFilter):
    """`status__in=open,ingediend`."""


class TaakOrdering(PlaatsgevondenOpOrdering):
    """Ordering with a tiebreak by age in the same direction, so pages never overlap."""


def _bsn(value: str) -> None:
    validators.validate_bsn(value)


class TaakFilterSet(ApiFilterSet):
    identificatie__type = filters.ChoiceFilter(
        field_name="identificatie_type",
        choices=IdentificatieType.choices,
        help_text="Het soort identificatie van wie de taak moet doen (bsn, kvk, ...).",
    )
    identificatie__value = filters.CharFilter(
        field_name="identificatie_value",
        help_text="De identificatie van wie de taak moet doen, bv. een BSN.",
    )
    bsn = filters.CharFilter(
        method="filter_bsn",
        validators=[_bsn],
        help_text="Taken voor deze BSN: als identificatie, als betrokkene, of via een partij "
        "met dit BSN. Elke taak één keer.",
    )
    kvk = filters.CharFilter(
        method="filter_kvk",
        validators=[validators.validate_kvk_nummer],
        help_text="Taken voor dit KvK-nummer: als identificatie of via een partij.",
    )
    partij = filters.CharFilter(
        method="filter_partij",
        help_text="Taken van deze partij (uuid of url): direct of als betrokkene.",
    )
    status = filters.ChoiceFilter(choices=TaakStatus.choices)
    status__in = CsvChoiceFilter(
        field_name="status", choices=TaakStatus.choices, help_text="Bv. `open,ingediend`."
    )
    zaak = filters.CharFilter(help_text="De URL van de zaak (exact).")
    verwerkerTaakId = filters.CharFilter(field_name="verwerker_taak_id")
    verwerker_taak_id = filters.CharFilter(
        field_name="verwerker_taak_id", help_text="Zelfde als `verwerkerTaakId`."
    )
    actie__type = filters.ChoiceFilter(field_name="actie_type", choices=ActieType.choices)
    actie__value = filters.CharFilter(field_name="actie_value")
    formulier = filters.CharFilter(
        field_name="actie_value", help_text="Zelfde als `actie__value` (oude naam)."
    )
    verloopdatum__lt = MomentFilter(field_name="verloopdatum", lookup_expr="lt")
    verloopdatum__gte = MomentFilter(field_name="verloopdatum", lookup_expr="gte")
    vervaldatum__lt = MomentFilter(field_name="vervaldatum", lookup_expr="lt")
    vervaldatum__gte = MomentFilter(field_name="vervaldatum", lookup_expr="gte")
    title = filters.CharFilter(lookup_expr="icontains", help_text="Tekst in de titel.")
    onderwerp = filters.CharFilter(lookup_expr="icontains", help_text="Tekst in het onderwerp.")
    soort = filters.ChoiceFilter(choices=Soort.choices)
    eigenaar = filters.CharFilter()
    ordering = TaakOrdering(
        fields=(
            ("verloopdatum", "verloopdatum"),
            ("vervaldatum", "vervaldatum"),
            ("aangemaakt_op", "aangemaaktOp"),
            ("status", "status"),
        ),
        help_text="Sortering op `verloopdatum`, `vervaldatum`, `aangemaaktOp` of `status`, "
        "met `-` voor aflopend. Standaard: `-aangemaaktOp`.",
    )

    # Searches by a person's number, logged for verwerkingenlogging (docs/privacy.md).
    verwerking_zoekvelden = (
        ("bsn", None),
        ("kvk", None),
        ("identificatie__value", "identificatie__type"),
    )

    class Meta:
        model = Taak
        fields = []

    def filter_bsn(self, queryset, name, value):
        return selectors.taken_voor_identificatie(queryset, IdentificatieType.BSN, value)

    def filter_kvk(self, queryset, name, value):
        return selectors.taken_voor_identificatie(queryset, IdentificatieType.KVK, value)

    def filter_partij(self, queryset, name, value):
        try:
            found = uuid_lib.UUID(value)
        except ValueError:
            found = uuid_from_url(value)
        if found is None:
            return queryset.none()
        direct = Taak.objects.filter(partij__uuid=found).order_by().values("pk")
        via = TaakBetrokkene.objects.filter(partij__uuid=found).order_by().values("taak_id")
        return queryset.filter(pk__in=direct.union(via))
