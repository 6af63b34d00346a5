"""Query parameters of the first-generation verzoeken resources, names verbatim from the
contract (spec §4.5). Each acts on an indexed column (kic_compat migration 0005): a plain
column, a foreign key or one-to-one, or for `tekst` the MD5 index of the text."""

import hashlib

from django.db.models.functions import MD5
from django_filters import rest_framework as filters

from kic_compat.contactmomenten.filters import ExternalUrlFilter
from kic_compat.models import VerzoekStatus
from klantcontacten.api.filters import MomentFilter
from klantenregister.api.filters import ApiFilterSet, UrlFilter


def _registratiedatum(lookup: str) -> MomentFilter:
    return MomentFilter(field_name="registratiedatum", lookup_expr=lookup)


class VerzoekFilterSet(ApiFilterSet):
    identificatie = filters.CharFilter(field_name="identificatie")
    bronorganisatie = filters.CharFilter(field_name="bronorganisatie")
    externeIdentificatie = filters.CharFilter(field_name="externe_identificatie")  # noqa: N815
    registratiedatum = _registratiedatum("exact")
    registratiedatum__gt = _registratiedatum("gt")
    registratiedatum__gte = _registratiedatum("gte")
    registratiedatum__lt = _registratiedatum("lt")
    registratiedatum__lte = _registratiedatum("lte")
    voorkeurskanaal = filters.CharFilter(field_name="voorkeurskanaal")
    tekst = filters.CharFilter(method="filter_tekst")
    status = filters.ChoiceFilter(choices=VerzoekStatus.choices)
    inTeTrekkenVerzoek = UrlFilter(field_name="in_te_trekken_verzoek__uuid")  # noqa: N815
    intrekkendeVerzoek = UrlFilter(field_name="intrekkende_verzoek__uuid")  # noqa: N815
    aangevuldeVerzoek = UrlFilter(field_name="aangevulde_verzoek__uuid")  # noqa: N815
    aanvullendeVerzoek = UrlFilter(field_name="aanvullende_verzoek__uuid")  # noqa: N815

    def filter_tekst(self, qs, name, value):
        # The hash condition lets the database use kic_verzoek_tekst_md5; the text condition
        # keeps the match exact.
        digest = hashlib.md5(value.encode(), usedforsecurity=False).hexdigest()
        return qs.alias(tekst_md5=MD5("tekst")).filter(tekst_md5=digest, tekst=value)


class KlantVerzoekFilterSet(ApiFilterSet):
    verzoek = UrlFilter(field_name="verzoek__uuid")
    klant = ExternalUrlFilter(field_name="klant")


class VerzoekContactMomentFilterSet(ApiFilterSet):
    verzoek = UrlFilter(field_name="verzoek__uuid")
    contactmoment = ExternalUrlFilter(field_name="contactmoment")


class VerzoekInformatieObjectFilterSet(ApiFilterSet):
    verzoek = UrlFilter(field_name="verzoek__uuid")
    informatieobject = ExternalUrlFilter(field_name="informatieobject")


class VerzoekProductFilterSet(ApiFilterSet):
    verzoek = UrlFilter(field_name="verzoek__uuid")
    product = ExternalUrlFilter(field_name="product")
    productIdentificatie__code = filters.CharFilter(field_name="product_code")  # noqa: N815


class ObjectVerzoekFilterSet(ApiFilterSet):
    object = ExternalUrlFilter(field_name="object")
    verzoek = UrlFilter(field_name="verzoek__uuid")
