"""UrlFilter: `X__url` filters match on the uuid in an absolute API URL."""

import pytest
from django.http import QueryDict
from drf_spectacular.drainage import get_override
from drf_spectacular.types import OpenApiTypes

from klantenregister.api.filters import ApiFilterSet, UrlFilter
from partijen.models import DigitaalAdres
from tests.api.helpers import KI
from tests.factories import make_digitaal_adres, make_persoon

pytestmark = pytest.mark.django_db


class AdresFilterSet(ApiFilterSet):
    partij__url = UrlFilter(field_name="partij__uuid")
    nietVan__url = UrlFilter(uuid_method="filter_niet_van")

    class Meta:
        model = DigitaalAdres
        fields = []

    def filter_niet_van(self, queryset, name, value):
        return queryset.exclude(partij__uuid=value)


@pytest.fixture
def adressen():
    jan, piet = make_persoon(), make_persoon(voornaam="Piet")
    return (
        make_digitaal_adres(jan, adres="jan@example.nl"),
        make_digitaal_adres(piet, adres="piet@example.nl"),
    )


def filtered(**params) -> list[str] | dict:
    filterset = AdresFilterSet(QueryDict(mutable=True) | params, DigitaalAdres.objects.all())
    if not filterset.is_valid():
        return dict(filterset.errors)
    return sorted(adres.adres for adres in filterset.qs)


def partij_url(adres, host="http://testserver") -> str:
    return f"{host}{KI}/partijen/{adres.partij.uuid}"


def test_url_filter_matches_on_the_uuid_in_the_url(adressen):
    assert filtered(partij__url=partij_url(adressen[0])) == ["jan@example.nl"]


def test_url_filter_takes_hosts_without_a_dot(adressen):
    url = partij_url(adressen[1], host="http://klantenregister:8000")

    assert filtered(partij__url=url) == ["piet@example.nl"]


def test_url_filter_with_uuid_method_gets_the_uuid_not_the_url(adressen):
    assert filtered(nietVan__url=partij_url(adressen[0])) == ["piet@example.nl"]


@pytest.mark.parametrize(
    "url", ["http://testserver/elders/1", f"http://testserver{KI}/partijen/geen-uuid"]
)
def test_url_that_points_nowhere_matches_nothing(adressen, url):
    assert filtered(partij__url=url) == []
    assert filtered(nietVan__url=url) == []


@pytest.mark.parametrize("value", ["geen url", "/relatief/pad", "ftp://host/x"])
def test_value_that_is_not_an_absolute_http_url_is_invalid(adressen, value):
    assert "partij__url" in filtered(partij__url=value)


def test_url_filter_refuses_django_filters_method_argument():
    with pytest.raises(TypeError, match="uuid_method"):
        UrlFilter(method="iets")


def test_url_filter_is_documented_as_a_uri():
    assert get_override(UrlFilter, "field") == OpenApiTypes.URI
