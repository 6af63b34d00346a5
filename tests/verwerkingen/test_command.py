"""`manage.py verwerkingen`: the log of one partij, found by uuid or by BSN."""

import json
import uuid

import pytest
from django.core.management import CommandError, call_command

from klantenregister.logging import mask_bsn
from tests.factories import valid_bsn
from tests.partijen.helpers import PARTIJEN, bsn_identificator, persoon_payload

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("verwerkingen", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def history(api, make_client):
    """Through the API: a search on a BSN before the partij existed, the partij made with that
    BSN, searched and opened by another client with a doelbinding; and a search on another BSN."""
    bsn, other = valid_bsn(), valid_bsn()
    search = {"partijIdentificator__codeSoortObjectId": "bsn", "partijIdentificator__objectId": bsn}
    assert api.get(PARTIJEN, search).json()["count"] == 0
    created = api.post(
        PARTIJEN, persoon_payload(partijIdentificatoren=[bsn_identificator(bsn)]), format="json"
    )
    assert created.status_code == 201, created.content
    partij_uuid = created.json()["uuid"]
    reader = make_client("klantinteracties:read")
    assert reader.get(PARTIJEN, search, HTTP_X_DOELBINDING="BRPACT-Zoeken").json()["count"] == 1
    reader.get(f"{PARTIJEN}/{partij_uuid}", HTTP_X_DOELBINDING="BRPACT-Inzien")
    api.get(PARTIJEN, {"partijIdentificator__objectId": other})
    return partij_uuid, bsn, other


def test_by_uuid_the_table_lists_the_reads_of_that_partij_in_time_order(history):
    partij_uuid, bsn, _ = history

    output = run(partij_uuid)

    lines = output.splitlines()
    assert lines[0] == f"Verwerkingen voor partij {partij_uuid}: 2"
    assert lines[1].split() == ["tijdstip", "actor", "doelbinding", "soort", "pad"]
    assert "BRPACT-Zoeken" in lines[2] and "Zoeken op BSN" in lines[2]
    assert lines[2].rstrip().endswith("/klantinteracties/api/v1/partijen")
    assert "BRPACT-Inzien" in lines[3] and "Raadplegen persoon" in lines[3]
    assert lines[3].rstrip().endswith(f"/klantinteracties/api/v1/partijen/{partij_uuid}")
    assert all("applicatie test-client-" in line for line in lines[2:])
    assert bsn not in output


def test_by_bsn_it_also_finds_the_search_that_found_nothing_without_printing_the_bsn(history):
    partij_uuid, bsn, other = history

    output = run("--bsn", bsn)

    lines = output.splitlines()
    assert lines[0] == f"Verwerkingen voor {mask_bsn(bsn)}: 3"
    assert bsn not in output and other not in output
    assert "BRPACT" not in lines[2]  # the first search, before the partij existed
    assert mask_bsn(other) not in output


def test_json_output_has_every_field(history):
    partij_uuid, bsn, _ = history

    data = json.loads(run("--bsn", bsn, "--format", "json"))

    assert [row["soort"] for row in data] == ["zoeken_bsn", "zoeken_bsn", "raadplegen_persoon"]
    assert [row["partij_uuid"] for row in data] == [None, partij_uuid, partij_uuid]
    assert data[1]["doelbinding"] == "BRPACT-Zoeken"
    assert {row["zoekwaarde"] for row in data[:2]} == {mask_bsn(bsn)}
    assert set(data[0]) >= {"tijdstip", "actor", "kanaal", "pad", "vertrouwelijkheid", "actie_id"}
    assert bsn not in json.dumps(data)


def test_the_log_survives_the_partij(api, history):
    partij_uuid, bsn, _ = history

    assert api.delete(f"{PARTIJEN}/{partij_uuid}").status_code == 204

    assert run(partij_uuid).startswith(f"Verwerkingen voor partij {partij_uuid}: 2")
    # The BSN is gone with the partij; its searches are still found by the keyed hash.
    assert run("--bsn", bsn).startswith(f"Verwerkingen voor {mask_bsn(bsn)}: 2")


def test_an_unknown_partij_has_an_empty_log(db):
    assert run(str(uuid.uuid4())).splitlines()[0].endswith(": 0")


@pytest.mark.parametrize(
    "args, message",
    [
        ((), "Geef een partij-uuid of --bsn"),
        ((str(uuid.uuid4()), "--bsn", "111222333"), "Geef een partij-uuid of --bsn"),
        (("geen-uuid",), "geen geldige uuid"),
        (("--bsn", "123456789"), "geen geldig BSN"),
    ],
)
def test_bad_arguments_are_refused_without_echoing_them(db, args, message):
    with pytest.raises(CommandError) as error:
        run(*args)

    assert message in str(error.value)
    assert "123456789" not in str(error.value)
