"""Filters of the Partij family; names as in the Klantinteracties contract."""

from django.apps import apps
from django.db.models import Exists, OuterRef, Q
from django_filters import rest_framework as filters

from klantenregister.api.filters import ApiFilterSet, StrictBooleanFilter, UrlFilter
from partijen.models import (
    CategorieRelatie,
    CodeObjecttype,
    CodeRegister,
    CodeSoortObjectId,
    DigitaalAdres,
    Partij,
    PartijIdentificator,
    Rekeningnummer,
    SoortDigitaalAdres,
    SoortPartij,
    Vertegenwoordigden,
)

# Public suffix → model field of the partijIdentificator group.
IDENTIFICATOR_PARTS = {
    "codeObjecttype": "partij_identificator_code_objecttype",
    "codeSoortObjectId": "partij_identificator_code_soort_object_id",
    "objectId": "partij_identificator_object_id",
    "codeRegister": "partij_identificator_code_register",
}


def _ignore(queryset, name, value):
    """Grouped filters are applied together in `filter_queryset`, not one by one."""
    return queryset


def grouped(help_text: str) -> filters.CharFilter:
    return filters.CharFilter(method=_ignore, help_text=help_text)


def identificator_match(params: dict, prefix: str, parent_prefix: str | None = None) -> Q | None:
    """Conditions on ONE identificator for the given `prefix__part` (and parent) parameters,
    so `codeSoortObjectId=bsn&objectId=X` means a BSN equal to X, not any mix of rows."""
    condition = Q()
    for suffix, field in IDENTIFICATOR_PARTS.items():
        value = params.get(f"{prefix}__{suffix}")
        if value not in (None, ""):
            condition &= Q(**{field: value})
        if parent_prefix:
            value = params.get(f"{parent_prefix}__{suffix}")
            if value not in (None, ""):
                condition &= Q(**{f"sub_identificator_van__{field}": value})
    return condition if condition.children else None


class PartijFilterSet(ApiFilterSet):
    nummer = filters.CharFilter()
    indicatieGeheimhouding = StrictBooleanFilter(field_name="indicatie_geheimhouding")
    indicatieActief = StrictBooleanFilter(field_name="indicatie_actief")
    soortPartij = filters.ChoiceFilter(field_name="soort_partij", choices=SoortPartij.choices)
    bezoekadresNummeraanduidingId = filters.CharFilter(field_name="bezoekadres_nummeraanduiding_id")
    bezoekadresAdresregel1 = filters.CharFilter(field_name="bezoekadres_adresregel1")
    bezoekadresAdresregel2 = filters.CharFilter(field_name="bezoekadres_adresregel2")
    bezoekadresAdresregel3 = filters.CharFilter(field_name="bezoekadres_adresregel3")
    bezoekadresLand = filters.CharFilter(field_name="bezoekadres_land")
    correspondentieadresNummeraanduidingId = filters.CharFilter(
        field_name="correspondentieadres_nummeraanduiding_id"
    )
    correspondentieadresAdresregel1 = filters.CharFilter(
        field_name="correspondentieadres_adresregel1"
    )
    correspondentieadresAdresregel2 = filters.CharFilter(
        field_name="correspondentieadres_adresregel2"
    )
    correspondentieadresAdresregel3 = filters.CharFilter(
        field_name="correspondentieadres_adresregel3"
    )
    correspondentieadresLand = filters.CharFilter(field_name="correspondentieadres_land")
    vertegenwoordigdePartij__uuid = filters.UUIDFilter(
        method="filter_vertegenwoordigd_door",
        help_text="Partijen die vertegenwoordigd worden door de partij met deze uuid.",
    )
    vertegenwoordigdePartij__url = UrlFilter(
        uuid_method="filter_vertegenwoordigd_door",
        help_text="Partijen die vertegenwoordigd worden door de partij met deze url.",
    )
    partijIdentificator__codeObjecttype = grouped("Het objecttype van een identificator.")
    partijIdentificator__codeSoortObjectId = grouped("De soort object-id van een identificator.")
    partijIdentificator__objectId = grouped("Het object-id van een identificator, bv. een BSN.")
    partijIdentificator__codeRegister = grouped("Het register van een identificator.")
    subIdentificatorVan__codeObjecttype = grouped("Het objecttype van de ouder-identificator.")
    subIdentificatorVan__codeSoortObjectId = grouped("De soort object-id van de ouder.")
    subIdentificatorVan__objectId = grouped("Het object-id van de ouder, bv. een KVK-nummer.")
    subIdentificatorVan__codeRegister = grouped("Het register van de ouder-identificator.")
    categorierelatie__categorie__naam = filters.CharFilter(
        method="filter_categorie_naam",
        help_text="Komma-gescheiden lijst van categorienamen; één match is genoeg.",
    )

    # Searches by identificator value that are logged for verwerkingenlogging:
    # (value filter, codeSoortObjectId filter).
    verwerking_zoekvelden = (
        ("partijIdentificator__objectId", "partijIdentificator__codeSoortObjectId"),
        ("subIdentificatorVan__objectId", "subIdentificatorVan__codeSoortObjectId"),
    )

    class Meta:
        model = Partij
        fields = []

    def filter_vertegenwoordigd_door(self, queryset, name, value):
        return queryset.filter(
            Exists(
                Vertegenwoordigden.objects.filter(
                    vertegenwoordigde_partij=OuterRef("pk"), vertegenwoordigende_partij__uuid=value
                )
            )
        )

    def filter_categorie_naam(self, queryset, name, value):
        names = [part.strip() for part in value.split(",") if part.strip()]
        return queryset.filter(
            Exists(
                CategorieRelatie.objects.filter(partij=OuterRef("pk"), categorie__naam__in=names)
            )
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        condition = identificator_match(
            self.form.cleaned_data, "partijIdentificator", "subIdentificatorVan"
        )
        if condition is not None:
            queryset = queryset.filter(
                Exists(PartijIdentificator.objects.filter(condition, partij=OuterRef("pk")))
            )
        return queryset


class PartijIdentificatorFilterSet(ApiFilterSet):
    anderePartijIdentificator = filters.CharFilter(field_name="andere_partij_identificator")
    partijIdentificatorCodeObjecttype = filters.ChoiceFilter(
        field_name="partij_identificator_code_objecttype", choices=CodeObjecttype.choices
    )
    partijIdentificatorCodeSoortObjectId = filters.ChoiceFilter(
        field_name="partij_identificator_code_soort_object_id", choices=CodeSoortObjectId.choices
    )
    partijIdentificatorObjectId = filters.CharFilter(field_name="partij_identificator_object_id")
    partijIdentificatorCodeRegister = filters.ChoiceFilter(
        field_name="partij_identificator_code_register", choices=CodeRegister.choices
    )

    verwerking_zoekvelden = (
        ("partijIdentificatorObjectId", "partijIdentificatorCodeSoortObjectId"),
    )

    class Meta:
        model = PartijIdentificator
        fields = []


class VertegenwoordigdenFilterSet(ApiFilterSet):
    vertegenwoordigendePartij__uuid = filters.UUIDFilter(
        field_name="vertegenwoordigende_partij__uuid"
    )
    vertegenwoordigendePartij__url = UrlFilter(field_name="vertegenwoordigende_partij__uuid")
    vertegenwoordigdePartij__uuid = filters.UUIDFilter(field_name="vertegenwoordigde_partij__uuid")
    vertegenwoordigdePartij__url = UrlFilter(field_name="vertegenwoordigde_partij__uuid")

    class Meta:
        model = Vertegenwoordigden
        fields = []


class CategorieRelatieFilterSet(ApiFilterSet):
    partij__uuid = filters.UUIDFilter()
    partij__url = UrlFilter(field_name="partij__uuid")
    partij__nummer = filters.CharFilter()
    categorie__uuid = filters.UUIDFilter()
    categorie__url = UrlFilter(field_name="categorie__uuid")
    categorie__naam = filters.CharFilter()
    beginDatum = filters.DateFilter(field_name="begin_datum")
    eindDatum = filters.DateFilter(field_name="eind_datum")

    class Meta:
        model = CategorieRelatie
        fields = []


class RekeningnummerFilterSet(ApiFilterSet):
    uuid = filters.UUIDFilter()
    iban = filters.CharFilter()
    bic = filters.CharFilter()

    class Meta:
        model = Rekeningnummer
        fields = []


class DigitaalAdresFilterSet(ApiFilterSet):
    adres = filters.CharFilter()
    adres__icontains = filters.CharFilter(field_name="adres", lookup_expr="icontains")
    soortDigitaalAdres = filters.ChoiceFilter(
        field_name="soort_digitaal_adres", choices=SoortDigitaalAdres.choices
    )
    isStandaardAdres = StrictBooleanFilter(field_name="is_standaard_adres")
    omschrijving = filters.CharFilter(lookup_expr="icontains")
    referentie = filters.CharFilter()
    verificatieDatum = filters.DateFilter(field_name="verificatie_datum")
    verificatieDatum__gt = filters.DateFilter(field_name="verificatie_datum", lookup_expr="gt")
    verificatieDatum__gte = filters.DateFilter(field_name="verificatie_datum", lookup_expr="gte")
    verificatieDatum__lt = filters.DateFilter(field_name="verificatie_datum", lookup_expr="lt")
    verificatieDatum__lte = filters.DateFilter(field_name="verificatie_datum", lookup_expr="lte")
    isGeverifieerd = StrictBooleanFilter(method="filter_is_geverifieerd")
    # Betrokkene lives in klantcontacten (above partijen): named by label, never imported.
    verstrektDoorBetrokkene__uuid = filters.UUIDFilter(field_name="betrokkene__uuid")
    verstrektDoorBetrokkene__url = UrlFilter(field_name="betrokkene__uuid")
    verstrektDoorBetrokkene__rol = filters.ChoiceFilter(
        field_name="betrokkene__rol",
        choices=apps.get_model("klantcontacten", "Betrokkene")._meta.get_field("rol").choices,
    )
    verstrektDoorPartij__uuid = filters.UUIDFilter(field_name="partij__uuid")
    verstrektDoorPartij__url = UrlFilter(field_name="partij__uuid")
    verstrektDoorPartij__soortPartij = filters.ChoiceFilter(
        field_name="partij__soort_partij", choices=SoortPartij.choices
    )
    verstrektDoorPartij__partijIdentificator__codeObjecttype = grouped(
        "Het objecttype van een identificator van de partij."
    )
    verstrektDoorPartij__partijIdentificator__codeSoortObjectId = grouped(
        "De soort object-id van een identificator van de partij."
    )
    verstrektDoorPartij__partijIdentificator__objectId = grouped(
        "Het object-id van een identificator van de partij, bv. een BSN."
    )
    verstrektDoorPartij__partijIdentificator__codeRegister = grouped(
        "Het register van een identificator van de partij."
    )

    verwerking_zoekvelden = (
        (
            "verstrektDoorPartij__partijIdentificator__objectId",
            "verstrektDoorPartij__partijIdentificator__codeSoortObjectId",
        ),
    )

    class Meta:
        model = DigitaalAdres
        fields = []

    def filter_is_geverifieerd(self, queryset, name, value):
        return queryset.filter(verificatie_datum__isnull=not value)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        condition = identificator_match(
            self.form.cleaned_data, "verstrektDoorPartij__partijIdentificator"
        )
        if condition is not None:
            queryset = queryset.filter(
                Exists(PartijIdentificator.objects.filter(condition, partij=OuterRef("partij")))
            )
        return queryset
