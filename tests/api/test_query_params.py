"""Strict query parameters: what an endpoint does not know is a 400, never silently ignored."""

import pytest

from tests.api.helpers import KI, invalid_param_names, problem
from tests.factories import make_digitaal_adres, make_persoon

pytestmark = pytest.mark.django_db

PARTIJEN = f"{KI}/partijen"
DIGITALE_ADRESSEN = f"{KI}/digitaleadressen"


@pytest.fixture
def partij(db):
    partij = make_persoon()
    make_digitaal_adres(partij, adres="jan@example.nl")
    return partij


def test_unknown_query_parameters_on_a_list_give_400_naming_each(ki_read):
    response = ki_read.get(DIGITALE_ADRESSEN, {"onbekend": "1", "ookOnbekend": "2"})

    body = problem(response, 400)
    assert invalid_param_names(body) == {"onbekend", "ookOnbekend"}
    assert {param["code"] for param in body["invalidParams"]} == {"unknown-parameters"}


def test_unknown_query_parameter_is_named_exactly_as_sent(ki_read):
    response = ki_read.get(DIGITALE_ADRESSEN, {"page_size": "10", "soort_digitaal_adres": "x"})

    assert invalid_param_names(problem(response, 400)) == {"page_size", "soort_digitaal_adres"}


def test_unknown_query_parameter_on_a_detail_gives_400(ki_read, partij):
    response = ki_read.get(f"{PARTIJEN}/{partij.uuid}", {"soortPartij": "persoon"})

    assert invalid_param_names(problem(response, 400)) == {"soortPartij"}


def test_paging_parameters_are_unknown_on_a_detail(ki_read, partij):
    response = ki_read.get(f"{PARTIJEN}/{partij.uuid}", {"page": 1})

    assert invalid_param_names(problem(response, 400)) == {"page"}


def test_known_filter_parameters_are_accepted_and_applied(ki_read, partij):
    email = ki_read.get(DIGITALE_ADRESSEN, {"soortDigitaalAdres": "email", "pageSize": 10})
    telefoon = ki_read.get(DIGITALE_ADRESSEN, {"soortDigitaalAdres": "telefoonnummer"})

    assert email.status_code == 200 and email.json()["count"] == 1
    assert telefoon.status_code == 200 and telefoon.json()["count"] == 0


def test_boolean_filters_accept_true_and_false_and_apply_them(ki_read, partij):
    make_digitaal_adres(partij, adres="standaard@example.nl", is_standaard_adres=True)

    ja = ki_read.get(DIGITALE_ADRESSEN, {"isStandaardAdres": "true"})
    nee = ki_read.get(DIGITALE_ADRESSEN, {"isStandaardAdres": "false"})

    assert ja.status_code == 200, ja.json()
    assert [item["adres"] for item in ja.json()["results"]] == ["standaard@example.nl"]
    assert [item["adres"] for item in nee.json()["results"]] == ["jan@example.nl"]


def test_boolean_filter_on_a_method_accepts_false(ki_read, partij):
    response = ki_read.get(DIGITALE_ADRESSEN, {"isGeverifieerd": "false"})

    assert response.status_code == 200, response.json()
    assert response.json()["count"] == 1


def test_filter_on_a_related_uuid_is_accepted(ki_read, partij):
    response = ki_read.get(DIGITALE_ADRESSEN, {"verstrektDoorPartij__uuid": str(partij.uuid)})

    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_filter_on_a_related_url_is_accepted(ki_read, partij):
    url = f"http://testserver{PARTIJEN}/{partij.uuid}"

    response = ki_read.get(DIGITALE_ADRESSEN, {"verstrektDoorPartij__url": url})

    assert response.status_code == 200, response.json()
    assert response.json()["count"] == 1


def test_filter_on_a_related_url_that_points_nowhere_matches_nothing(ki_read, partij):
    url = "http://testserver/elders/00000000-0000-0000-0000-000000000000"

    response = ki_read.get(DIGITALE_ADRESSEN, {"verstrektDoorPartij__url": url})

    assert response.status_code == 200, response.json()
    assert response.json()["count"] == 0


def test_url_filter_with_a_method_gets_the_uuid_from_the_url(ki_read):
    vertegenwoordiger = make_persoon()
    url = f"http://klantenregister:8000{PARTIJEN}/{vertegenwoordiger.uuid}"

    response = ki_read.get(PARTIJEN, {"vertegenwoordigdePartij__url": url})

    assert response.status_code == 200, response.json()
    assert response.json()["count"] == 0


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("soortDigitaalAdres", "postduif"),
        ("isStandaardAdres", "misschien"),
        ("isStandaardAdres", "1"),
        ("isGeverifieerd", "True"),
        ("verificatieDatum", "gisteren"),
        ("verstrektDoorPartij__uuid", "geen-uuid"),
        ("verstrektDoorPartij__url", "geen url"),
    ],
)
def test_invalid_filter_value_gives_400_naming_the_parameter(ki_read, name, value):
    response = ki_read.get(DIGITALE_ADRESSEN, {name: value})

    assert invalid_param_names(problem(response, 400)) == {name}


def test_query_parameters_are_not_checked_on_writes(api, partij):
    response = api.patch(
        f"{DIGITALE_ADRESSEN}?onbekend=1",
        {},
        format="json",
    )
    # A write to a list URL is not allowed at all; the unknown parameter is not the problem.
    assert response.status_code == 405


# --- expand -----------------------------------------------------------------------------------


def test_expand_with_an_unknown_value_gives_400_naming_expand(ki_read, partij):
    body = problem(ki_read.get(PARTIJEN, {"expand": "betrokkenen.wasPartij"}), 400)

    assert invalid_param_names(body) == {"expand"}
    assert "betrokkenen.wasPartij" in body["invalidParams"][0]["reason"]


def test_expand_with_an_unknown_value_on_a_detail_gives_400(ki_read, partij):
    body = problem(ki_read.get(f"{PARTIJEN}/{partij.uuid}", {"expand": "onzin"}), 400)

    assert invalid_param_names(body) == {"expand"}


def test_expand_on_an_endpoint_without_expansions_is_an_unknown_parameter(ki_read):
    body = problem(ki_read.get(f"{KI}/categorieen", {"expand": "partij"}), 400)

    assert invalid_param_names(body) == {"expand"}


def test_expand_inlines_the_relation_under_underscore_expand(ki_read, partij):
    body = ki_read.get(f"{PARTIJEN}/{partij.uuid}", {"expand": "digitaleAdressen"}).json()

    assert [item["adres"] for item in body["_expand"]["digitaleAdressen"]] == ["jan@example.nl"]


def test_repeated_expand_parameter_combines_the_values(ki_read, partij):
    response = ki_read.get(f"{PARTIJEN}?expand=digitaleAdressen&expand=categorieRelaties")

    assert response.status_code == 200, response.json()
    expanded = response.json()["results"][0]["_expand"]
    assert set(expanded) == {"digitaleAdressen", "categorieRelaties"}


def test_comma_separated_expand_equals_repeated_expand(ki_read, partij):
    comma = ki_read.get(f"{PARTIJEN}?expand=digitaleAdressen,categorieRelaties").json()
    repeated = ki_read.get(f"{PARTIJEN}?expand=digitaleAdressen&expand=categorieRelaties").json()

    assert comma == repeated


def test_without_expand_there_is_no_underscore_expand_key(ki_read, partij):
    body = ki_read.get(f"{PARTIJEN}/{partij.uuid}").json()

    assert "_expand" not in body
