"""The audit trail leaves the system as CSV or JSON Lines: from the admin (with the page's
filters, only for staff with the audittrail_inzien permission) and with
`manage.py export_audittrail`, streamed in chunks with progress on stderr."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from partijen import services
from tests.audit.conftest import EXPORT_URL
from tests.conftest import KI
from tests.factories import make_persoon, valid_bsn

pytestmark = pytest.mark.django_db

PARTIJEN = f"{KI}/partijen"


def _export(*args) -> tuple[str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("export_audittrail", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


@pytest.fixture
def deleted_partij(api):
    """A partij with a BSN, renamed and then deleted through the API; returns (uuid, bsn)."""
    bsn = valid_bsn()
    partij = make_persoon(bsn=bsn)
    response = api.patch(f"{PARTIJEN}/{partij.uuid}", {"interneNotitie": "=1+1"}, format="json")
    assert response.status_code == 200, response.content
    assert api.delete(f"{PARTIJEN}/{partij.uuid}").status_code == 204
    return str(partij.uuid), bsn


def test_jsonl_export_has_one_object_per_change_with_old_and_new_values(deleted_partij):
    uuid, bsn = deleted_partij
    make_persoon()  # not this object

    output, progress = _export("--object", uuid, "--format", "jsonl", "--chunk-size", "2")

    regels = [json.loads(line) for line in output.splitlines()]
    partij = [r for r in regels if r["model"] == "partijen.partij"]
    assert [(r["actie"], r["actor"]) for r in partij] == [
        ("verwijderd", "applicatie kcc-portaal"),
        ("gewijzigd", "applicatie kcc-portaal"),
        ("aangemaakt", "systeem"),
    ]
    assert partij[1]["wijzigingen"] == [{"veld": "interne_notitie", "oud": "", "nieuw": "=1+1"}]
    assert {r["object_uuid"] for r in partij} == {uuid}
    identificator = [r for r in regels if r["model"] == "partijen.partijidentificator"]
    aangemaakt = {w["veld"]: w["nieuw"] for w in identificator[-1]["wijzigingen"]}
    assert aangemaakt["partij_identificator_object_id"] == bsn
    assert aangemaakt["partij"] == uuid  # the reference to the deleted partij, by uuid
    assert {r["model"] for r in regels} == {
        "partijen.partij",
        "partijen.persoon",
        "partijen.partijidentificator",
    }
    assert "wijzigingen" in progress and str(len(regels)) in progress


def test_csv_export_has_a_line_per_changed_field_and_defuses_formulas(deleted_partij):
    uuid, _ = deleted_partij

    output, _ = _export("--object", uuid, "--model", "partijen.partij")

    rows = list(csv.DictReader(io.StringIO(output)))
    assert rows[0] == {
        "tijdstip": rows[0]["tijdstip"],
        "actie": "verwijderd",
        "model": "partijen.partij",
        "object_uuid": uuid,
        "object_id": rows[0]["object_id"],
        "actor": "applicatie kcc-portaal",
        "veld": "",
        "oud": "",
        "nieuw": "",
    }
    gewijzigd = [row for row in rows if row["actie"] == "gewijzigd"]
    assert [(r["veld"], r["oud"], r["nieuw"]) for r in gewijzigd] == [
        ("interne_notitie", "", "'=1+1")
    ]
    aangemaakt = {row["veld"]: row["nieuw"] for row in rows if row["actie"] == "aangemaakt"}
    assert aangemaakt["soort_partij"] == "persoon"


def test_command_filters_on_period_and_refuses_unknown_models(deleted_partij):
    output, _ = _export("--since", "2999-01-01", "--format", "jsonl")
    assert output == ""
    output, _ = _export("--until", "2999-01-01", "--format", "jsonl")
    models = [json.loads(line)["model"].split(".")[1] for line in output.splitlines()]
    # created, changed and deleted; its persoon and identificator created and deleted
    assert sorted(models) == sorted(["partij"] * 3 + ["persoon"] * 2 + ["partijidentificator"] * 2)
    with pytest.raises(CommandError, match="Unknown model"):
        _export("--model", "partijen.bestaatniet")


def test_admin_export_streams_the_filtered_trail_for_permitted_staff(deleted_partij, make_staff):
    uuid, bsn = deleted_partij
    services.create_categorie({"naam": "VIP"})
    client = make_staff("auditor", "partijen.audittrail_inzien")

    response = client.get(EXPORT_URL, {"uuid": uuid, "formaat": "csv"})

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audittrail-')
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {row["model"] for row in rows} == {
        "partijen.partij",
        "partijen.persoon",
        "partijen.partijidentificator",
    }
    assert bsn in {row["nieuw"] for row in rows}
    jsonl = client.get(EXPORT_URL, {"model": "partijen.categorie", "formaat": "jsonl"})
    regels = [json.loads(line) for line in b"".join(jsonl.streaming_content).splitlines()]
    assert [(r["model"], r["actie"]) for r in regels] == [("partijen.categorie", "aangemaakt")]


def test_staff_without_the_permission_get_403_on_the_export(deleted_partij, make_staff):
    client = make_staff("medewerker", "partijen.view_partij", "partijen.change_partij")

    assert client.get(EXPORT_URL, {"formaat": "csv"}).status_code == 403


def test_a_malformed_filter_exports_nothing_instead_of_everything(deleted_partij, staff):
    response = staff.get(EXPORT_URL, {"uuid": "geen-uuid", "formaat": "csv"})

    assert response.status_code == 400
    page = staff.get(EXPORT_URL.replace("export/", ""), {"uuid": "geen-uuid"})
    assert page.status_code == 200
    assert page.context["historie"] == []
    assert "uuid" in page.context["form"].errors
