"""Which API reads are logged for verwerkingenlogging, and what a row holds."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from klantenregister.logging import mask_bsn
from klantenregister.verwerkingen.models import Verwerkingsactie
from tests.factories import make_digitaal_adres, make_organisatie, make_persoon, valid_bsn
from tests.partijen.helpers import DIGITALE_ADRESSEN, IDENTIFICATOREN, PARTIJEN
from tests.verwerkingen.conftest import rows

pytestmark = pytest.mark.django_db


def bsn_search(bsn: str) -> dict:
    return {"partijIdentificator__codeSoortObjectId": "bsn", "partijIdentificator__objectId": bsn}


# --- what is logged ---------------------------------------------------------------------------


def test_opening_a_persoon_by_uuid_is_logged_with_actor_path_time_and_partij(api, persoon):
    partij, _ = persoon

    response = api.get(f"{PARTIJEN}/{partij.uuid}", {"expand": "digitaleAdressen"})

    assert response.status_code == 200
    [row] = rows()
    assert row.partij_uuid == partij.uuid
    assert row.soort == "raadplegen_persoon"
    assert row.kanaal == "api"
    assert row.actor.startswith("applicatie test-client-")
    assert row.api_client is not None and row.actor == f"applicatie {row.api_client.naam}"
    assert row.pad == f"/klantinteracties/api/v1/partijen/{partij.uuid}"  # no query string
    assert row.zoekwaarde == ""
    assert row.tijdstip is not None


def test_searching_partijen_by_bsn_logs_the_found_partij_and_the_keyed_hash(api, persoon):
    partij, bsn = persoon

    response = api.get(PARTIJEN, bsn_search(bsn))

    assert [item["uuid"] for item in response.json()["results"]] == [str(partij.uuid)]
    [row] = rows()
    assert (row.partij_uuid, row.soort) == (partij.uuid, "zoeken_bsn")
    assert row.zoekwaarde == mask_bsn(bsn) and bsn not in row.zoekwaarde
    assert row.pad == "/klantinteracties/api/v1/partijen"


def test_a_bsn_search_that_finds_nothing_is_logged_once_without_partij(api, persoon):
    unknown = valid_bsn()

    response = api.get(PARTIJEN, bsn_search(unknown))

    assert response.json()["count"] == 0
    [row] = rows()
    assert row.partij_uuid is None
    assert row.soort == "zoeken_bsn"
    assert row.zoekwaarde == mask_bsn(unknown)


def test_a_nine_digit_object_id_without_code_that_passes_the_11_proef_counts_as_a_bsn(api, persoon):
    partij, bsn = persoon

    api.get(PARTIJEN, {"partijIdentificator__objectId": bsn})

    [row] = rows()
    assert (row.soort, row.partij_uuid, row.zoekwaarde) == (
        "zoeken_bsn",
        partij.uuid,
        mask_bsn(bsn),
    )


def test_a_bsn_search_on_a_number_failing_the_11_proef_keeps_no_search_value(api):
    api.get(PARTIJEN, bsn_search("123456789"))

    [row] = rows()
    assert (row.soort, row.partij_uuid, row.zoekwaarde) == ("zoeken_bsn", None, "")


def test_searching_vestigingen_by_kvk_nummer_logs_one_row_per_partij_on_the_page(
    api, bedrijf_met_vestigingen
):
    _, vestigingen = bedrijf_met_vestigingen(3)

    response = api.get(
        PARTIJEN,
        {
            "subIdentificatorVan__codeSoortObjectId": "kvk_nummer",
            "subIdentificatorVan__objectId": "11111111",
            "pageSize": 2,
        },
    )

    returned = [uuid.UUID(item["uuid"]) for item in response.json()["results"]]
    assert len(returned) == 2
    logged = rows()
    assert [row.partij_uuid for row in logged] == returned
    assert {row.soort for row in logged} == {"zoeken_kvk_nummer"}
    # A KvK-nummer is a public register number: kept as it is.
    assert {row.zoekwaarde for row in logged} == {"11111111"}
    assert len({row.actie_id for row in logged}) == 1  # one read, one actie-id


def test_searching_by_vestigingsnummer_is_its_own_soort(api, bedrijf_met_vestigingen):
    _, [vestiging] = bedrijf_met_vestigingen(1)

    api.get(
        PARTIJEN,
        {
            "partijIdentificator__codeSoortObjectId": "vestigingsnummer",
            "partijIdentificator__objectId": "000000000001",
        },
    )

    [row] = rows()
    assert (row.soort, row.partij_uuid) == ("zoeken_vestigingsnummer", vestiging.uuid)


def test_partij_identificatoren_searched_by_bsn_are_logged_against_their_partij(api, persoon):
    partij, bsn = persoon

    response = api.get(
        IDENTIFICATOREN,
        {"partijIdentificatorCodeSoortObjectId": "bsn", "partijIdentificatorObjectId": bsn},
    )

    assert response.json()["count"] == 1
    [row] = rows()
    assert (row.partij_uuid, row.soort, row.zoekwaarde) == (
        partij.uuid,
        "zoeken_bsn",
        mask_bsn(bsn),
    )
    assert row.pad == "/klantinteracties/api/v1/partij-identificatoren"


def test_digitale_adressen_searched_by_bsn_log_each_partij_once(api, persoon):
    partij, bsn = persoon
    make_digitaal_adres(partij, adres="a@example.nl")
    make_digitaal_adres(partij, adres="b@example.nl")

    response = api.get(
        DIGITALE_ADRESSEN,
        {
            "verstrektDoorPartij__partijIdentificator__codeSoortObjectId": "bsn",
            "verstrektDoorPartij__partijIdentificator__objectId": bsn,
        },
    )

    assert response.json()["count"] == 2
    [row] = rows()
    assert (row.partij_uuid, row.soort) == (partij.uuid, "zoeken_bsn")


def test_doelbinding_verwerking_and_gebruiker_headers_are_recorded(api, persoon):
    partij, bsn = persoon

    api.get(
        f"{PARTIJEN}/{partij.uuid}",
        HTTP_X_DOELBINDING="BRPACT-Klantcontact",
        HTTP_X_VERWERKING="Klantcontact registreren",
        HTTP_X_GEBRUIKER="kcc-medewerker-12",
    )
    api.get(PARTIJEN, bsn_search(bsn))  # without the headers

    with_headers, without = rows()
    assert with_headers.doelbinding == "BRPACT-Klantcontact"
    assert with_headers.verwerking == "Klantcontact registreren"
    assert with_headers.gebruiker == "kcc-medewerker-12"
    assert (without.doelbinding, without.verwerking, without.gebruiker) == ("", "", "")


def test_a_bsn_in_a_header_is_stored_masked(api, persoon):
    partij, bsn = persoon

    api.get(f"{PARTIJEN}/{partij.uuid}", HTTP_X_DOELBINDING=f"dossier {bsn}")

    [row] = rows()
    assert row.doelbinding == f"dossier {mask_bsn(bsn)}"


def test_a_geheim_partij_is_logged_as_vertrouwelijk(api):
    bsn = valid_bsn()
    partij = make_persoon(bsn=bsn, indicatie_geheimhouding=True)

    api.get(f"{PARTIJEN}/{partij.uuid}")

    [row] = rows()
    assert row.vertrouwelijkheid == "vertrouwelijk"


# --- what is not logged -----------------------------------------------------------------------


def test_opening_an_organisatie_is_not_logged(api):
    organisatie = make_organisatie(kvk="12345678")

    assert api.get(f"{PARTIJEN}/{organisatie.uuid}").status_code == 200
    assert rows() == []


def test_lists_without_an_identificator_value_are_not_logged(api, persoon):
    partij, _ = persoon
    make_digitaal_adres(partij)

    for path, params in [
        (PARTIJEN, {}),
        (PARTIJEN, {"soortPartij": "persoon"}),
        (PARTIJEN, {"partijIdentificator__codeSoortObjectId": "bsn"}),
        (IDENTIFICATOREN, {"partijIdentificatorCodeSoortObjectId": "bsn"}),
        (DIGITALE_ADRESSEN, {}),
    ]:
        response = api.get(path, params)
        assert response.status_code == 200 and response.json()["count"] >= 1, path

    assert rows() == []


def test_failed_requests_log_nothing(api, make_client, persoon):
    partij, bsn = persoon
    anonymous = make_client("all")
    anonymous.credentials()  # no token

    responses = [
        api.get(PARTIJEN, {**bsn_search(bsn), "onbekend": "1"}),  # 400: strict parameters
        api.get(PARTIJEN, {**bsn_search(bsn), "page": 5}),  # 404: no such page
        api.get(f"{PARTIJEN}/{uuid.uuid4()}"),  # 404
        anonymous.get(PARTIJEN, bsn_search(bsn)),  # 401
        anonymous.get(f"{PARTIJEN}/{partij.uuid}"),  # 401
    ]

    assert [r.status_code for r in responses] == [400, 404, 404, 401, 401]
    assert rows() == []


def test_writes_are_not_logged_as_reads(api, persoon):
    partij, _ = persoon

    response = api.patch(f"{PARTIJEN}/{partij.uuid}", {"indicatieActief": False}, format="json")

    assert response.status_code == 200
    assert rows() == []


# --- logging changes neither the response nor the query count (beyond one INSERT) -------------


def test_a_logged_search_answers_exactly_as_an_unlogged_list_of_the_same_partij(api, persoon):
    partij, bsn = persoon

    logged = api.get(PARTIJEN, bsn_search(bsn))
    unlogged = api.get(PARTIJEN, {"nummer": partij.nummer})

    assert Verwerkingsactie.objects.count() == 1
    assert logged.json()["results"] == unlogged.json()["results"]
    assert logged.headers["Content-Type"] == unlogged.headers["Content-Type"]


def count_queries(api, path, params) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as context:
        response = api.get(path, params)
    assert response.status_code == 200, response.content
    return len(context.captured_queries), [q["sql"] for q in context.captured_queries]


def test_a_logged_list_costs_one_insert_more_whatever_the_page_size(api, bedrijf_met_vestigingen):
    bedrijf_met_vestigingen(6)
    search = {
        "subIdentificatorVan__codeSoortObjectId": "kvk_nummer",
        "subIdentificatorVan__objectId": "11111111",
    }
    api.get(PARTIJEN, {"pageSize": 1})  # warm up (content types, client lookup caches)

    small, _ = count_queries(api, PARTIJEN, {**search, "pageSize": 2})
    large, large_sql = count_queries(api, PARTIJEN, {**search, "pageSize": 6})
    unlogged, _ = count_queries(api, PARTIJEN, {"soortPartij": "organisatie", "pageSize": 6})

    assert small == large == unlogged + 1
    inserts = [sql for sql in large_sql if "verwerkingen_verwerkingsactie" in sql]
    assert len(inserts) == 1 and inserts[0].startswith("INSERT")
    assert Verwerkingsactie.objects.filter(partij_uuid__isnull=False).count() == 2 + 6


def test_opening_a_persoon_costs_one_insert_more_than_an_organisatie(api, persoon):
    partij, _ = persoon
    organisatie = make_organisatie()
    api.get(f"{PARTIJEN}/{organisatie.uuid}")  # warm up

    persoon_queries, _ = count_queries(api, f"{PARTIJEN}/{partij.uuid}", {})
    organisatie_queries, _ = count_queries(api, f"{PARTIJEN}/{organisatie.uuid}", {})

    assert persoon_queries == organisatie_queries + 1
