"""/taken/api/v1/taken: the klanttaak per spec/taken.md (fields, lifecycle, bad input)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from klantenregister.events.models import Event
from taken.models import Taak
from tests.factories import make_klantcontact, make_persoon, valid_bsn
from tests.partijen.helpers import assert_invalid, problem
from tests.taken.conftest import TAKEN, ZAAK

pytestmark = pytest.mark.django_db


def iso(delta: timedelta) -> str:
    return (timezone.now() + delta).isoformat()


def taak_events(actie: str | None = None):
    events = Event.objects.filter(kanaal="taken")
    return list(events.filter(actie=actie) if actie else events)


def maak(client, **body):
    response = client.post(TAKEN, {"title": "Lever uw loonstrook aan", **body}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


# --- create ----------------------------------------------------------------------------------


def test_a_taak_with_only_a_title_is_open(zaaksysteem):
    body = maak(zaaksysteem)

    assert body["status"] == "open"
    assert body["soort"] == "extern"
    assert body["url"].endswith(f"{TAKEN}/{body['uuid']}")
    assert body["actie"] is None and body["identificatie"] is None
    assert body["eigenaar"].startswith("test-client-")
    assert len(taak_events("create")) == 1


def test_every_field_round_trips(zaaksysteem):
    persoon = make_persoon(bsn=(bsn := valid_bsn()))
    klantcontact = make_klantcontact()
    sent = {
        "type": "https://objecttypen.example.nl/api/v2/objecttypes/1",
        "title": "Lever een kopie van uw paspoort aan",
        "onderwerp": "Aanvulling aanvraag parkeervergunning",
        "toelichting": "Wij missen nog een kopie van uw paspoort.",
        "zaak": ZAAK,
        "actie": {"type": "url", "value": "https://formulieren.example.nl/aanvulling"},
        "data": {"kenteken": "AB-123-C"},
        "verloopdatum": iso(timedelta(days=30)),
        "vervaldatum": iso(timedelta(days=14)),
        "identificatie": {"type": "bsn", "value": bsn},
        "verwerkerTaakId": "bpmn-task-42",
        "betrokkenen": [
            {
                "betrokkeneType": "medewerker",
                "rolType": "behandelaar",
                "betrokkene": {"naam": "F. Yilmaz", "medewerkerIdentificatie": "fy01"},
            }
        ],
        "extraData": {"voorkeurskanaal": {"soortDigitaalAdres": "email", "adres": "a@b.nl"}},
        "klantcontact": {"uuid": str(klantcontact.uuid)},
        "bericht": "https://berichten.example.nl/api/v1/berichten/1",
    }
    body = maak(zaaksysteem, **sent)
    again = zaaksysteem.get(body["url"]).json()

    for key in ("type", "title", "onderwerp", "toelichting", "zaak", "actie", "data"):
        assert again[key] == sent[key], key
    assert again["extraData"] == sent["extraData"]
    assert again["identificatie"] == sent["identificatie"]
    assert again["verwerkerTaakId"] == "bpmn-task-42"
    assert again["soort"] == "url"
    assert again["koppeling"] == {"registratie": "zaak", "uuid": None, "url": ZAAK}
    assert again["partij"]["uuid"] == str(persoon.uuid)
    assert again["klantcontact"]["uuid"] == str(klantcontact.uuid)
    assert again["betrokkenen"] == [
        {
            "betrokkeneType": "medewerker",
            "rolType": "behandelaar",
            "betrokkene": {"naam": "F. Yilmaz", "medewerkerIdentificatie": "fy01", "inpBsn": ""},
            "partij": None,
        }
    ]


def test_a_payment_taak_needs_amount_and_reference(zaaksysteem):
    response = zaaksysteem.post(
        TAKEN, {"title": "Betaal leges", "soort": "betaling"}, format="json"
    )
    assert_invalid(response, "betaling.bedrag", code="required")

    body = maak(
        zaaksysteem,
        title="Betaal leges",
        soort="betaling",
        betaling={"bedrag": "41.50", "betaalkenmerk": "KR-2026-1"},
    )
    assert body["betaling"]["bedrag"] == "41.50"


@pytest.mark.parametrize(
    "body, name",
    [
        ({"status": "foo"}, "status"),
        ({"actie": {"type": "pdf", "value": "x"}}, "actie.type"),
        ({"actie": {"type": "url", "value": "geen url"}}, "actie.value"),
        ({"identificatie": {"type": "bsn", "value": "123456789"}}, "identificatie.value"),
        ({"identificatie": {"type": "kvk", "value": "1234"}}, "identificatie.value"),
        ({"verloopdatum": "2020-01-01T00:00:00Z"}, "verloopdatum"),
        (
            {"verloopdatum": "2099-01-01T00:00:00Z", "vervaldatum": "2099-02-01T00:00:00Z"},
            "vervaldatum",
        ),
        ({"partij": {"uuid": "00000000-0000-0000-0000-000000000000"}}, "partij"),
        ({"klantcontact": {"uuid": "00000000-0000-0000-0000-000000000000"}}, "klantcontact"),
        (
            {"betrokkenen": [{"betrokkene": {"inpBsn": "111111111"}}]},
            "betrokkenen.0.betrokkene.inpBsn",
        ),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"zaak": "geen-url"}, "zaak"),
        ({"status": "gesloten"}, "status"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_stores_nothing(zaaksysteem, body, name):
    response = zaaksysteem.post(TAKEN, {"title": "Taak", **body}, format="json")

    assert_invalid(response, name)
    assert not Taak.objects.exists()
    assert taak_events() == []


def test_the_partij_is_found_by_the_bsn_in_the_identificatie(zaaksysteem):
    bsn = valid_bsn()
    persoon = make_persoon(bsn=bsn)

    body = maak(zaaksysteem, identificatie={"type": "bsn", "value": bsn})

    assert body["partij"]["uuid"] == str(persoon.uuid)
    expanded = zaaksysteem.get(body["url"], {"expand": "partij"}).json()
    assert expanded["_expand"]["partij"]["uuid"] == str(persoon.uuid)


def test_events_never_carry_the_bsn(zaaksysteem):
    bsn = valid_bsn()
    maak(zaaksysteem, zaak=ZAAK, identificatie={"type": "bsn", "value": bsn})

    (event,) = taak_events("create")
    assert event.resource == "taak"
    assert event.kenmerken == {"status": "open", "zaak": ZAAK, "identificatie.type": "bsn"}
    assert bsn not in str(event.__dict__)


# --- lifecycle -------------------------------------------------------------------------------


def patch(client, body, **changes):
    return client.patch(body["url"], changes, format="json")


def test_the_full_lifecycle_open_ingediend_verwerkt_gesloten(zaaksysteem, portaal):
    taak = maak(zaaksysteem)

    ingediend = portaal.post(f"{taak['url']}/indienen", {"verzondenData": {"a": 1}}, format="json")
    assert ingediend.status_code == 200, ingediend.content
    assert ingediend.json()["status"] == "ingediend"
    assert ingediend.json()["verzondenData"] == {"a": 1}
    assert ingediend.json()["afgerondOp"] is not None

    assert patch(zaaksysteem, taak, status="verwerkt").json()["status"] == "verwerkt"
    assert patch(zaaksysteem, taak, status="gesloten").json()["status"] == "gesloten"
    assert [e.actie for e in sorted(taak_events(), key=lambda e: e.pk)] == [
        "create",
        "partial_update",
        "partial_update",
        "partial_update",
    ]


def test_the_portal_may_close_an_open_taak_in_the_simple_flow(zaaksysteem, portaal):
    taak = maak(zaaksysteem)

    response = patch(portaal, taak, status="gesloten", verzondenData={"document": "x"})

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "gesloten"


@pytest.mark.parametrize(
    "path, target",
    [
        (["gesloten"], "open"),
        (["gesloten"], "ingediend"),
        (["ingediend", "verwerkt"], "open"),
        (["ingediend", "verwerkt"], "ingediend"),
    ],
)
def test_illegal_transitions_are_a_400_on_status_naming_both_states(zaaksysteem, path, target):
    taak = maak(zaaksysteem)
    for status in path:
        assert patch(zaaksysteem, taak, status=status).status_code == 200
    before = Taak.objects.get(uuid=taak["uuid"]).status
    events = len(taak_events())

    param = assert_invalid(
        patch(zaaksysteem, taak, status=target), "status", code="invalid-transition"
    )

    assert f"'{before}'" in param["reason"] and f"'{target}'" in param["reason"]
    assert Taak.objects.get(uuid=taak["uuid"]).status == before
    assert len(taak_events()) == events


def test_a_closed_taak_cannot_be_edited(zaaksysteem):
    taak = maak(zaaksysteem)
    patch(zaaksysteem, taak, status="gesloten")

    assert_invalid(patch(zaaksysteem, taak, title="Nieuw"), "status", code="invalid-transition")


def test_submitting_a_taak_that_is_not_open_is_a_409(zaaksysteem, portaal):
    taak = maak(zaaksysteem)
    portaal.post(f"{taak['url']}/indienen", {}, format="json")

    body = problem(portaal.post(f"{taak['url']}/indienen", {}, format="json"), 409)

    assert body["code"] == "taak-niet-open"
    assert "'ingediend'" in body["detail"]


def test_submitting_after_the_verloopdatum_is_a_410(zaaksysteem, portaal):
    taak = maak(zaaksysteem, verloopdatum=iso(timedelta(days=1)))
    Taak.objects.filter(uuid=taak["uuid"]).update(verloopdatum=timezone.now() - timedelta(1))

    body = problem(portaal.post(f"{taak['url']}/indienen", {}, format="json"), 410)

    assert body["code"] == "taak-verlopen"
    assert Taak.objects.get(uuid=taak["uuid"]).status == "open"


def test_only_the_eigenaar_processes_rejects_or_deletes(zaaksysteem, portaal):
    taak = maak(zaaksysteem)
    portaal.post(f"{taak['url']}/indienen", {}, format="json")

    assert problem(patch(portaal, taak, status="verwerkt"), 403)["code"] == "alleen-eigenaar"
    assert problem(patch(portaal, taak, status="open"), 403)["code"] == "alleen-eigenaar"
    assert problem(portaal.delete(taak["url"]), 403)["code"] == "alleen-eigenaar"

    assert patch(zaaksysteem, taak, status="open").json()["afgerondOp"] is None
    assert zaaksysteem.delete(taak["url"]).status_code == 204
    assert taak_events("destroy")


def test_a_rejected_submission_can_be_submitted_again(zaaksysteem, portaal):
    taak = maak(zaaksysteem)
    portaal.post(f"{taak['url']}/indienen", {"verzondenData": {"v": 1}}, format="json")
    patch(zaaksysteem, taak, status="open")

    again = portaal.post(f"{taak['url']}/indienen", {"verzondenData": {"v": 2}}, format="json")

    assert again.json()["status"] == "ingediend"
    assert again.json()["verzondenData"] == {"v": 2}


def test_scopes(make_client, zaaksysteem):
    taak = maak(zaaksysteem)
    lezer = make_client("taken:read")
    anders = make_client("klantinteracties:write")

    assert lezer.get(TAKEN).status_code == 200
    assert problem(lezer.post(TAKEN, {"title": "x"}, format="json"), 403)
    assert problem(lezer.post(f"{taak['url']}/indienen", {}, format="json"), 403)
    assert problem(anders.get(TAKEN), 403)


def test_the_audittrail_shows_who_moved_the_status_when(zaaksysteem, portaal):
    taak = maak(zaaksysteem)
    portaal.post(f"{taak['url']}/indienen", {"verzondenData": {"a": 1}}, format="json")
    patch(zaaksysteem, taak, status="verwerkt")

    response = zaaksysteem.get(f"{taak['url']}/audittrail")

    assert response.status_code == 200, response.content
    regels = response.json()
    assert [r["actie"] for r in regels] == ["aangemaakt", "gewijzigd", "gewijzigd"]
    statussen = [
        (w["oud"], w["nieuw"]) for r in regels for w in r["wijzigingen"] if w["veld"] == "status"
    ]
    assert statussen == [(None, "open"), ("open", "ingediend"), ("ingediend", "verwerkt")]
    assert regels[1]["actor"].startswith("applicatie test-client-")
    assert regels[1]["actor"] != regels[2]["actor"]
    assert any(w["veld"] == "verzondenData" for w in regels[1]["wijzigingen"])
