"""The klanten list filters of the first-generation contract (spec §4.1.4).

Each is an exact match on an indexed column: of the partij, its identificatoren or digitale
adressen (by `pk__in` subquery), or of the KlantExtensie; where a value may sit in either
(a klant made through v1 has no extension row) the two are OR-ed.
"""

from django.conf import settings
from django.db.models import Q
from django_filters import rest_framework as filters

from kic_compat.klanten import mapping
from kic_compat.models import SubjectType
from klantenregister.api.filters import ApiFilterSet
from partijen.models import CodeSoortObjectId, DigitaalAdres, PartijIdentificator, SoortPartij

PERSONEN = (SoortPartij.PERSOON, SoortPartij.CONTACTPERSOON)


def _met_identificator(soorten, value: str):
    return PartijIdentificator.objects.filter(
        partij_identificator_code_soort_object_id__in=soorten,
        partij_identificator_object_id=value,
        partij__isnull=False,
    ).values("partij_id")


def _met_adres(soort: str, value: str):
    return DigitaalAdres.objects.filter(
        soort_digitaal_adres=soort, adres=value, partij__isnull=False
    ).values("partij_id")


def _char(method: str, help_text: str = "") -> filters.CharFilter:
    return filters.CharFilter(method=method, help_text=help_text)


class KlantFilterSet(ApiFilterSet):
    bronorganisatie = _char("filter_bronorganisatie")
    klantnummer = _char("filter_klantnummer")
    bedrijfsnaam = _char("filter_bedrijfsnaam")
    functie = filters.CharFilter(field_name="kic_extensie__functie")
    achternaam = _char("filter_achternaam")
    telefoonnummer = _char("filter_telefoonnummer")
    emailadres = _char("filter_emailadres")
    adres__straatnaam = filters.CharFilter(field_name="bezoekadres_straatnaam")
    adres__postcode = _char("filter_postcode")
    adres__woonplaatsNaam = filters.CharFilter(field_name="bezoekadres_stad")  # noqa: N815
    adres__landcode = _char("filter_landcode")
    subject = filters.CharFilter(field_name="kic_extensie__subject")
    subjectType = filters.ChoiceFilter(  # noqa: N815
        choices=SubjectType.choices, method="filter_subject_type"
    )
    subjectNatuurlijkPersoon__inpBsn = _char("filter_bsn")  # noqa: N815
    subjectNatuurlijkPersoon__anpIdentificatie = filters.CharFilter(  # noqa: N815
        field_name="kic_extensie__anp_identificatie"
    )
    subjectNatuurlijkPersoon__inpA_nummer = filters.CharFilter(  # noqa: N815
        field_name="kic_extensie__inp_a_nummer"
    )
    subjectNietNatuurlijkPersoon__innNnpId = _char("filter_inn_nnp_id")  # noqa: N815
    subjectNietNatuurlijkPersoon__annIdentificatie = filters.CharFilter(  # noqa: N815
        field_name="kic_extensie__ann_identificatie"
    )
    subjectVestiging__vestigingsNummer = _char("filter_vestigingsnummer")  # noqa: N815

    # A search on a BSN / RSIN / KvK-nummer is logged (verwerkingenlogging, docs/privacy.md).
    verwerking_zoekvelden = (
        ("subjectNatuurlijkPersoon__inpBsn", None),
        ("subjectNietNatuurlijkPersoon__innNnpId", None),
    )

    def filter_bronorganisatie(self, queryset, name, value):
        condition = Q(kic_extensie__bronorganisatie=value)
        if value == settings.KIC_DEFAULT_BRONORGANISATIE:
            condition |= Q(kic_extensie__isnull=True)
        return queryset.filter(condition)

    def filter_klantnummer(self, queryset, name, value):
        return queryset.filter(
            Q(kic_extensie__klantnummer=value) | Q(kic_extensie__isnull=True, nummer=value)
        )

    def filter_bedrijfsnaam(self, queryset, name, value):
        return queryset.filter(Q(organisatie__naam=value) | Q(kic_extensie__bedrijfsnaam=value))

    def filter_achternaam(self, queryset, name, value):
        return queryset.filter(
            Q(persoon__contactnaam_achternaam=value)
            | Q(contactpersoon__contactnaam_achternaam=value)
            | Q(kic_extensie__achternaam=value)
        )

    def filter_telefoonnummer(self, queryset, name, value):
        value = mapping.normalise_telefoon_filter(value)
        return queryset.filter(pk__in=_met_adres("telefoonnummer", value))

    def filter_emailadres(self, queryset, name, value):
        return queryset.filter(pk__in=_met_adres("email", value))

    def filter_postcode(self, queryset, name, value):
        return queryset.filter(bezoekadres_postcode=mapping.normalise_postcode_filter(value))

    def filter_landcode(self, queryset, name, value):
        return queryset.filter(bezoekadres_land=mapping.normalise_landcode_filter(value))

    def filter_bsn(self, queryset, name, value):
        if value.isdigit() and len(value) == 8:
            value = "0" + value
        return queryset.filter(pk__in=_met_identificator([CodeSoortObjectId.BSN], value))

    def filter_inn_nnp_id(self, queryset, name, value):
        soorten = [CodeSoortObjectId.RSIN, CodeSoortObjectId.KVK_NUMMER]
        return queryset.filter(pk__in=_met_identificator(soorten, value))

    def filter_vestigingsnummer(self, queryset, name, value):
        return queryset.filter(
            Q(kic_extensie__vestigings_nummer=value)
            | Q(pk__in=_met_identificator([CodeSoortObjectId.VESTIGINGSNUMMER], value))
        )

    def filter_subject_type(self, queryset, name, value):
        """The read rule of mapping.subject_type as a query."""
        stored_null = Q(
            kic_extensie__isnull=False,
            kic_extensie__subject_type__isnull=True,
            soort_partij=settings.KIC_DEFAULT_SOORT_PARTIJ,
        )
        if value == SubjectType.NATUURLIJK_PERSOON:
            return queryset.filter(soort_partij__in=PERSONEN).exclude(stored_null)
        has_vestiging = Q(kic_extensie__vestigings_nummer__gt="") | Q(
            pk__in=PartijIdentificator.objects.filter(
                partij_identificator_code_soort_object_id=CodeSoortObjectId.VESTIGINGSNUMMER,
                partij__isnull=False,
            ).values("partij_id")
        )
        stored_fits = Q(
            kic_extensie__subject_type__in=[
                SubjectType.NIET_NATUURLIJK_PERSOON,
                SubjectType.VESTIGING,
            ]
        )
        derived = ~stored_fits & (
            has_vestiging if value == SubjectType.VESTIGING else ~has_vestiging
        )
        return (
            queryset.filter(soort_partij=SoortPartij.ORGANISATIE)
            .exclude(stored_null)
            .filter(Q(kic_extensie__subject_type=value) | derived)
        )
