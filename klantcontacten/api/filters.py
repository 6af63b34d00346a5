"""Filters of the klantcontacten resources; names as in the Klantinteracties contract.

A filter on a to-many relation (the betrokkenen or onderwerpobjecten of a klantcontact) is an
`Exists` subquery, so a klantcontact appears once however many related rows match.
"""

import datetime

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Exists, OuterRef, Q
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField

from klantcontacten.models import (
    IDENTIFICATOR_SUBFIELDS,
    Actor,
    ActorKlantcontact,
    Betrokkene,
    Bijlage,
    Klantcontact,
    Onderwerpobject,
    SoortActor,
)
from klantenregister.api.filters import ApiFilterSet, StrictBooleanFilter, UrlFilter
from klantenregister.validators import OUT_OF_RANGE, validate_moment_in_range
from partijen.api.filters import grouped, identificator_match
from partijen.models import DigitaalAdres, PartijIdentificator

# Public suffix → model sub-field of the generic identificator gegevensgroep.
IDENTIFICATOR_SUFFIXES = {
    "ObjectId": "object_id",
    "CodeObjecttype": "code_objecttype",
    "CodeRegister": "code_register",
    "CodeSoortObjectId": "code_soort_object_id",
}
assert set(IDENTIFICATOR_SUFFIXES.values()) == set(IDENTIFICATOR_SUBFIELDS)

IDENTIFICATOR_HELP = {
    "ObjectId": "Waarde van de eigenschap die het object identificeert.",
    "CodeObjecttype": "Type van het object, bijvoorbeeld 'zaak'.",
    "CodeRegister": "Het register waarin het object is geregistreerd.",
    "CodeSoortObjectId": "Naam van de eigenschap die het object identificeert.",
}


def identificator_filters(prefix: str) -> type[ApiFilterSet]:
    """A base filterset with `<prefix>ObjectId`, `<prefix>CodeObjecttype`, … : exact filters
    on the flattened identificator columns."""
    declared = {
        f"{prefix}{suffix}": filters.CharFilter(
            field_name=f"{prefix}_{sub}", help_text=IDENTIFICATOR_HELP[suffix]
        )
        for suffix, sub in IDENTIFICATOR_SUFFIXES.items()
    }
    return type(f"{prefix.capitalize()}Filters", (ApiFilterSet,), declared)


def grouped_identificator_filters(*param_prefixes: str) -> type[ApiFilterSet]:
    """A base filterset with `<param_prefix>__onderwerpobjectidentificatorObjectId`, … per
    prefix; the parameters of one prefix apply together to one and the same related row."""
    declared = {
        f"{param_prefix}__onderwerpobjectidentificator{suffix}": grouped(
            f"{IDENTIFICATOR_HELP[suffix]} Samen met de andere `{param_prefix}__…` parameters: "
            f"van één en hetzelfde {param_prefix}."
        )
        for param_prefix in param_prefixes
        for suffix in IDENTIFICATOR_SUFFIXES
    }
    return type("OnderwerpobjectGroupFilters", (ApiFilterSet,), declared)


def onderwerpobject_condition(params: dict, param_prefix: str) -> Q | None:
    """Conditions on ONE onderwerpobject for the `<param_prefix>__onderwerpobjectidentificator…`
    parameters: `…CodeObjecttype=zaak&…ObjectId=X` means a zaak X, not any mix of rows."""
    condition = Q()
    for suffix, sub in IDENTIFICATOR_SUFFIXES.items():
        value = params.get(f"{param_prefix}__onderwerpobjectidentificator{suffix}")
        if value not in (None, ""):
            condition &= Q(**{f"onderwerpobjectidentificator_{sub}": value})
    return condition if condition.children else None


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 moment that also exists in UTC (the database compares in UTC):
    `0001-01-01T00:00:00+05:00` is in year 0 there and would otherwise crash the query."""

    default_validators = [validate_moment_in_range]

    def to_python(self, value):
        # Compared in UTC: PostgreSQL refuses offsets beyond ±15:59 (`+16:00` would be a 500),
        # which ISO 8601 and Python accept.
        value = super().to_python(value)
        if value is not None and value.tzinfo is not None:
            try:
                value = value.astimezone(datetime.UTC)
            except OverflowError as exc:
                raise forms.ValidationError(OUT_OF_RANGE, code="out_of_range") from exc
        return value


class MomentFilter(filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class NoEmptyEntries(forms.Field):
    """A CSV field mixin: `ordering=,` or `plaatsgevondenOp,` names an empty entry, which is
    refused instead of being passed on to `order_by`."""

    def clean(self, value):
        if value is not None and any(entry in ("", None) for entry in value):
            raise forms.ValidationError("Lege waarde in de lijst.", code="invalid_choice")
        return super().clean(value)


class PlaatsgevondenOpOrdering(filters.OrderingFilter):
    """`ordering=plaatsgevondenOp` or `-plaatsgevondenOp`; ties are broken by age, in the
    same direction, so pages never overlap."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.field_class = type("OrderingField", (NoEmptyEntries, self.field_class), {})

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = [self.get_ordering_value(param) for param in value]
        tiebreak = "-pk" if ordering[-1].startswith("-") else "pk"
        return qs.order_by(*ordering, tiebreak)


class KlantcontactFilterSet(
    grouped_identificator_filters("onderwerpobject", "wasOnderwerpobject"), ApiFilterSet
):
    nummer = filters.CharFilter(help_text="**DEPRECATED** Het nummer van het klantcontact.")
    referentienummer = filters.CharFilter()
    kanaal = filters.CharFilter()
    onderwerp = filters.CharFilter(lookup_expr="icontains", help_text="Tekst in het onderwerp.")
    inhoud = filters.CharFilter(lookup_expr="icontains", help_text="Tekst in de inhoud.")
    reactie = filters.CharFilter(lookup_expr="icontains", help_text="Tekst in de reactie.")
    indicatieContactGelukt = StrictBooleanFilter(field_name="indicatie_contact_gelukt")
    vertrouwelijk = StrictBooleanFilter(field_name="vertrouwelijk")
    plaatsgevondenOp = MomentFilter(
        field_name="plaatsgevonden_op", help_text="Precies dit tijdstip (ISO 8601)."
    )
    plaatsgevondenOp__gte = MomentFilter(
        field_name="plaatsgevonden_op",
        lookup_expr="gte",
        help_text="Op of na dit tijdstip (ISO 8601). Uitbreiding op de Klantinteracties API.",
    )
    plaatsgevondenOp__lte = MomentFilter(
        field_name="plaatsgevonden_op",
        lookup_expr="lte",
        help_text="Op of voor dit tijdstip (ISO 8601). Uitbreiding op de Klantinteracties API.",
    )
    hadBetrokkene__uuid = filters.UUIDFilter(
        method="filter_betrokkene_uuid", help_text="Met de betrokkene met deze uuid."
    )
    hadBetrokkene__url = UrlFilter(
        uuid_method="filter_betrokkene_uuid", help_text="Met de betrokkene met deze url."
    )
    hadBetrokkene__wasPartij = StrictBooleanFilter(
        method="filter_betrokkene_was_partij",
        help_text="`true`: met een betrokkene die een partij was; `false`: zonder zo een.",
    )
    hadBetrokkene__wasPartij__uuid = filters.UUIDFilter(
        method="filter_partij_uuid", help_text="Met een betrokkene die de partij met deze uuid was."
    )
    hadBetrokkene__wasPartij__url = UrlFilter(
        uuid_method="filter_partij_uuid",
        help_text="Met een betrokkene die de partij met deze url was.",
    )
    hadBetrokkene__wasPartij__partijIdentificator__codeObjecttype = grouped(
        "Het objecttype van een identificator van de partij van een betrokkene."
    )
    hadBetrokkene__wasPartij__partijIdentificator__codeSoortObjectId = grouped(
        "De soort object-id van een identificator van de partij van een betrokkene."
    )
    hadBetrokkene__wasPartij__partijIdentificator__objectId = grouped(
        "Het object-id van een identificator van de partij van een betrokkene, bv. een BSN."
    )
    hadBetrokkene__wasPartij__partijIdentificator__codeRegister = grouped(
        "Het register van een identificator van de partij van een betrokkene."
    )
    hadBetrokkene__digitaaladres__adres__icontains = filters.CharFilter(
        method="filter_digitaal_adres",
        help_text="Met een betrokkene die een digitaal adres met deze tekst verstrekte "
        "(hoofdletterongevoelig).",
    )
    onderwerpobject__uuid = filters.UUIDFilter(
        method="filter_onderwerpobject_uuid",
        help_text="Dat ging over het onderwerpobject met deze uuid.",
    )
    onderwerpobject__url = UrlFilter(
        uuid_method="filter_onderwerpobject_uuid",
        help_text="Dat ging over het onderwerpobject met deze url.",
    )
    wasOnderwerpobject__uuid = filters.UUIDFilter(
        method="filter_was_onderwerpobject_uuid",
        help_text="Dat zelf het onderwerpobject met deze uuid was.",
    )
    wasOnderwerpobject__url = UrlFilter(
        uuid_method="filter_was_onderwerpobject_uuid",
        help_text="Dat zelf het onderwerpobject met deze url was.",
    )
    leiddeTotInterneTaken = StrictBooleanFilter(
        method="filter_leidde_tot_interne_taken",
        help_text="`true`: klantcontacten die tot een interne taak leidden; `false`: die niet.",
    )
    ordering = PlaatsgevondenOpOrdering(
        fields=(("plaatsgevonden_op", "plaatsgevondenOp"),),
        help_text="Sortering: `plaatsgevondenOp` of `-plaatsgevondenOp` (standaard). "
        "Uitbreiding op de Klantinteracties API.",
    )

    class Meta:
        model = Klantcontact
        fields = []

    def _with_betrokkene(self, queryset, *conditions, **lookups):
        return queryset.filter(
            Exists(Betrokkene.objects.filter(*conditions, klantcontact=OuterRef("pk"), **lookups))
        )

    def filter_betrokkene_uuid(self, queryset, name, value):
        return self._with_betrokkene(queryset, uuid=value)

    def filter_betrokkene_was_partij(self, queryset, name, value):
        has_partij = Exists(
            Betrokkene.objects.filter(klantcontact=OuterRef("pk"), partij__isnull=False)
        )
        return queryset.filter(has_partij if value else ~has_partij)

    def filter_partij_uuid(self, queryset, name, value):
        return self._with_betrokkene(queryset, partij__uuid=value)

    def filter_digitaal_adres(self, queryset, name, value):
        return queryset.filter(
            Exists(
                DigitaalAdres.objects.filter(
                    betrokkene__klantcontact=OuterRef("pk"), adres__icontains=value
                )
            )
        )

    def filter_onderwerpobject_uuid(self, queryset, name, value):
        return queryset.filter(
            Exists(Onderwerpobject.objects.filter(klantcontact=OuterRef("pk"), uuid=value))
        )

    def filter_was_onderwerpobject_uuid(self, queryset, name, value):
        return queryset.filter(
            Exists(Onderwerpobject.objects.filter(was_klantcontact=OuterRef("pk"), uuid=value))
        )

    def filter_leidde_tot_interne_taken(self, queryset, name, value):
        # InterneTaak lives in the taken app, above this one: reached through the reverse
        # relation `interne_taken` by name. Without that app no klantcontact led to a taak.
        try:
            relation = Klantcontact._meta.get_field("interne_taken")
        except FieldDoesNotExist:
            return queryset.none() if value else queryset
        has_taak = Exists(
            relation.related_model.objects.filter(**{relation.field.name: OuterRef("pk")})
        )
        return queryset.filter(has_taak if value else ~has_taak)

    # Searches by a partij's identificator value, logged for verwerkingenlogging.
    verwerking_zoekvelden = (
        (
            "hadBetrokkene__wasPartij__partijIdentificator__objectId",
            "hadBetrokkene__wasPartij__partijIdentificator__codeSoortObjectId",
        ),
    )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        params = self.form.cleaned_data
        identificator = identificator_match(params, "hadBetrokkene__wasPartij__partijIdentificator")
        if identificator is not None:
            queryset = self._with_betrokkene(
                queryset,
                Exists(
                    PartijIdentificator.objects.filter(identificator, partij=OuterRef("partij"))
                ),
            )
        for param_prefix, link in (
            ("onderwerpobject", "klantcontact"),
            ("wasOnderwerpobject", "was_klantcontact"),
        ):
            condition = onderwerpobject_condition(params, param_prefix)
            if condition is not None:
                queryset = queryset.filter(
                    Exists(Onderwerpobject.objects.filter(condition, **{link: OuterRef("pk")}))
                )
        return queryset


class BetrokkeneFilterSet(ApiFilterSet):
    hadKlantcontact__uuid = filters.UUIDFilter(field_name="klantcontact__uuid")
    hadKlantcontact__url = UrlFilter(field_name="klantcontact__uuid")
    hadKlantcontact__nummer = filters.CharFilter(
        field_name="klantcontact__nummer", help_text="**DEPRECATED** Het klantcontact-nummer."
    )
    hadKlantcontact__referentienummer = filters.CharFilter(
        field_name="klantcontact__referentienummer"
    )
    wasPartij__uuid = filters.UUIDFilter(field_name="partij__uuid")
    wasPartij__url = UrlFilter(field_name="partij__uuid")
    wasPartij__nummer = filters.CharFilter(
        field_name="partij__nummer", help_text="**DEPRECATED** Het nummer van de partij."
    )
    wasPartij__partijIdentificator__codeObjecttype = grouped(
        "Het objecttype van een identificator van de partij."
    )
    wasPartij__partijIdentificator__codeSoortObjectId = grouped(
        "De soort object-id van een identificator van de partij."
    )
    wasPartij__partijIdentificator__objectId = grouped(
        "Het object-id van een identificator van de partij, bv. een BSN."
    )
    wasPartij__partijIdentificator__codeRegister = grouped(
        "Het register van een identificator van de partij."
    )
    verstrektedigitaalAdres__uuid = filters.UUIDFilter(
        method="filter_digitaal_adres_uuid",
        help_text="Die het digitaal adres met deze uuid verstrekte.",
    )
    verstrektedigitaalAdres__url = UrlFilter(
        uuid_method="filter_digitaal_adres_uuid",
        help_text="Die het digitaal adres met deze url verstrekte.",
    )
    verstrektedigitaalAdres__adres = filters.CharFilter(
        method="filter_digitaal_adres",
        help_text="Die een digitaal adres met precies deze waarde verstrekte.",
    )
    organisatienaam = filters.CharFilter()
    contactnaamVoorletters = filters.CharFilter(field_name="contactnaam_voorletters")
    contactnaamVoornaam = filters.CharFilter(field_name="contactnaam_voornaam")
    contactnaamVoorvoegselAchternaam = filters.CharFilter(
        field_name="contactnaam_voorvoegsel_achternaam"
    )
    contactnaamAchternaam = filters.CharFilter(field_name="contactnaam_achternaam")

    class Meta:
        model = Betrokkene
        fields = []

    def _with_digitaal_adres(self, queryset, **lookups):
        return queryset.filter(
            Exists(DigitaalAdres.objects.filter(betrokkene=OuterRef("pk"), **lookups))
        )

    def filter_digitaal_adres_uuid(self, queryset, name, value):
        return self._with_digitaal_adres(queryset, uuid=value)

    def filter_digitaal_adres(self, queryset, name, value):
        return self._with_digitaal_adres(queryset, adres=value)

    verwerking_zoekvelden = (
        (
            "wasPartij__partijIdentificator__objectId",
            "wasPartij__partijIdentificator__codeSoortObjectId",
        ),
    )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        condition = identificator_match(self.form.cleaned_data, "wasPartij__partijIdentificator")
        if condition is not None:
            queryset = queryset.filter(
                Exists(PartijIdentificator.objects.filter(condition, partij=OuterRef("partij")))
            )
        return queryset


class OnderwerpobjectFilterSet(identificator_filters("onderwerpobjectidentificator")):
    klantcontact__uuid = filters.UUIDFilter()
    klantcontact__url = UrlFilter(field_name="klantcontact__uuid")
    wasKlantcontact__uuid = filters.UUIDFilter(field_name="was_klantcontact__uuid")
    wasKlantcontact__url = UrlFilter(field_name="was_klantcontact__uuid")

    class Meta:
        model = Onderwerpobject
        fields = []


class BijlageFilterSet(identificator_filters("bijlageidentificator")):
    klantcontact__uuid = filters.UUIDFilter()

    class Meta:
        model = Bijlage
        fields = []


class ActorFilterSet(identificator_filters("actoridentificator")):
    naam = filters.CharFilter(lookup_expr="icontains", help_text="Tekst in de naam.")
    soortActor = filters.ChoiceFilter(field_name="soort_actor", choices=SoortActor.choices)
    indicatieActief = StrictBooleanFilter(field_name="indicatie_actief")

    class Meta:
        model = Actor
        fields = []


class ActorKlantcontactFilterSet(ApiFilterSet):
    actor__uuid = filters.UUIDFilter()
    actor__url = UrlFilter(field_name="actor__uuid")
    klantcontact__uuid = filters.UUIDFilter()
    klantcontact__url = UrlFilter(field_name="klantcontact__uuid")

    class Meta:
        model = ActorKlantcontact
        fields = []
