"""Paging of every list: count/next/previous/results, `page` and a capped `pageSize`."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.test import override_settings

from klantenregister.api.pagination import PageNumberPagination
from tests.api.helpers import KI, invalid_param_names, problem
from tests.factories import make_digitaal_adres, make_persoon

pytestmark = pytest.mark.django_db

DIGITALE_ADRESSEN = f"{KI}/digitaleadressen"


@pytest.fixture
def five_adressen(db):
    partij = make_persoon()
    return [make_digitaal_adres(partij, adres=f"a{i}@example.nl") for i in range(5)]


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def test_list_has_count_next_previous_and_results(ki_read, five_adressen):
    body = ki_read.get(DIGITALE_ADRESSEN).json()

    assert list(body) == ["count", "next", "previous", "results"]
    assert body["count"] == 5
    assert len(body["results"]) == 5
    assert body["next"] is None and body["previous"] is None


def test_empty_list_is_a_page_with_count_zero(ki_read):
    body = ki_read.get(DIGITALE_ADRESSEN).json()

    assert body == {"count": 0, "next": None, "previous": None, "results": []}


def test_page_size_is_respected_and_links_walk_the_pages(ki_read, five_adressen):
    first = ki_read.get(DIGITALE_ADRESSEN, {"pageSize": 2}).json()
    assert len(first["results"]) == 2 and first["count"] == 5
    assert first["previous"] is None
    assert query(first["next"]) == {"page": ["2"], "pageSize": ["2"]}

    second = ki_read.get(first["next"]).json()
    assert len(second["results"]) == 2
    assert second["previous"] and second["next"]

    last = ki_read.get(second["next"]).json()
    assert len(last["results"]) == 1
    assert last["next"] is None
    assert query(last["previous"]) == {"page": ["2"], "pageSize": ["2"]}

    seen = [item["uuid"] for page in (first, second, last) for item in page["results"]]
    assert sorted(seen) == sorted(str(adres.uuid) for adres in five_adressen)


def test_default_page_size_is_100(ki_read):
    assert PageNumberPagination.page_size == 100


@override_settings(API_MAX_PAGE_SIZE=3)
def test_page_size_above_the_maximum_is_capped(ki_read, five_adressen):
    body = ki_read.get(DIGITALE_ADRESSEN, {"pageSize": 1000}).json()

    assert len(body["results"]) == 3
    assert body["count"] == 5
    assert body["next"]


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5", "", "²", "٣"])
def test_invalid_page_size_gives_400_naming_page_size(ki_read, value):
    body = problem(ki_read.get(DIGITALE_ADRESSEN, {"pageSize": value}), 400)

    assert invalid_param_names(body) == {"pageSize"}


def test_page_beyond_the_end_gives_404_problem_json(ki_read, five_adressen):
    problem(ki_read.get(DIGITALE_ADRESSEN, {"page": 2}), 404)
    problem(ki_read.get(DIGITALE_ADRESSEN, {"page": 4, "pageSize": 2}), 404)


@pytest.mark.parametrize("value", ["0", "abc", "-1"])
def test_page_that_is_not_a_page_number_gives_404_problem_json(ki_read, value):
    problem(ki_read.get(DIGITALE_ADRESSEN, {"page": value}), 404)


def test_page_one_of_an_empty_list_is_not_an_error(ki_read):
    assert ki_read.get(DIGITALE_ADRESSEN, {"page": 1}).status_code == 200
