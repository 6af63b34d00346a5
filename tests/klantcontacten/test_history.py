"""GET /klantcontacten/{uuid}/historie: every change to a klantcontact and its parts, with who
made it and the old and new value per field (our extension)."""

from datetime import UTC, datetime

import pytest
from rest_framework.test import APIClient

from klantenregister.core.services import create_api_client
from tests.factories import make_klantcontact
from tests.klantcontacten.helpers import (
    BETROKKENEN,
    BIJLAGEN,
    KLANTCONTACTEN,
    MAAK_KLANTCONTACT,
    betrokkene_payload,
    historie_url,
    klantcontact_payload,
    onderwerpobject_payload,
    parse_datetime,
)
from tests.partijen.helpers import problem, random_ref

pytestmark = pytest.mark.django_db

ENTRY_KEYS = {"tijdstip", "actie", "resource", "uuid", "actor", "wijzigingen"}


def client_named(naam: str, scopes: str = "all") -> APIClient:
    _, key = create_api_client(naam, scopes)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def entries(response) -> list[dict]:
    """The history entries, whether the endpoint pages them or not."""
    assert response.status_code == 200, response.content[:2000]
    body = response.json()
    return body["results"] if isinstance(body, dict) else body


def changes(entry: dict) -> dict[str, tuple]:
    return {w["veld"]: (w["oud"], w["nieuw"]) for w in entry["wijzigingen"]}


def test_patch_of_reactie_shows_old_and_new_value_and_the_client(api):
    kcc = client_named("kcc-applicatie")
    created = kcc.post(
        KLANTCONTACTEN, klantcontact_payload(reactie="Wij zoeken het uit."), format="json"
    ).json()
    before_patch = datetime.now(UTC)

    patched = kcc.patch(created["url"], {"reactie": "Nieuwe pas is verstuurd."}, format="json")
    assert patched.status_code == 200, patched.content

    history = entries(api.get(historie_url(created)))
    assert all(set(entry) == ENTRY_KEYS for entry in history)
    kc_entries = [entry for entry in history if entry["resource"] == "klantcontact"]
    assert [entry["actie"] for entry in kc_entries] == ["aangemaakt", "gewijzigd"]
    aangemaakt, gewijzigd = kc_entries
    assert aangemaakt["uuid"] == created["uuid"]
    assert aangemaakt["actor"] == "applicatie kcc-applicatie"
    assert changes(aangemaakt)["onderwerp"] == (None, "Vraag over de afvalpas")
    assert changes(aangemaakt)["reactie"] == (None, "Wij zoeken het uit.")
    assert gewijzigd["uuid"] == created["uuid"]
    assert gewijzigd["actor"] == "applicatie kcc-applicatie"
    assert gewijzigd["wijzigingen"] == [
        {"veld": "reactie", "oud": "Wij zoeken het uit.", "nieuw": "Nieuwe pas is verstuurd."}
    ]
    tijdstip = parse_datetime(gewijzigd["tijdstip"])
    assert before_patch.replace(microsecond=0) <= tijdstip <= datetime.now(UTC)
    assert parse_datetime(aangemaakt["tijdstip"]) <= tijdstip


def test_each_client_is_named_with_its_own_change(api):
    kcc, portaal = client_named("kcc"), client_named("mijn-omgeving")
    created = kcc.post(KLANTCONTACTEN, klantcontact_payload(), format="json").json()
    portaal.patch(created["url"], {"inhoud": "Aangevuld door de burger"}, format="json")

    history = entries(api.get(historie_url(created)))

    assert [(entry["actie"], entry["actor"]) for entry in history] == [
        ("aangemaakt", "applicatie kcc"),
        ("gewijzigd", "applicatie mijn-omgeving"),
    ]


def test_history_covers_the_parts_of_a_klantcontact(api):
    kcc = client_named("kcc")
    made = kcc.post(
        MAAK_KLANTCONTACT,
        {
            "klantcontact": klantcontact_payload(),
            "betrokkene": betrokkene_payload(),
            "onderwerpobject": onderwerpobject_payload(),
        },
        format="json",
    ).json()
    klantcontact, betrokkene = made["klantcontact"], made["betrokkene"]
    kcc.patch(betrokkene["url"], {"organisatienaam": "Buurthuis"}, format="json")
    bijlage = kcc.post(
        BIJLAGEN, {"wasBijlageVanKlantcontact": {"uuid": klantcontact["uuid"]}}, format="json"
    ).json()
    assert kcc.delete(bijlage["url"]).status_code == 204

    history = entries(api.get(historie_url(klantcontact)))

    seen = [(entry["resource"], entry["actie"], entry["uuid"]) for entry in history]
    for expected in [
        ("klantcontact", "aangemaakt", klantcontact["uuid"]),
        ("betrokkene", "aangemaakt", betrokkene["uuid"]),
        ("onderwerpobject", "aangemaakt", made["onderwerpobject"]["uuid"]),
        ("betrokkene", "gewijzigd", betrokkene["uuid"]),
        ("bijlage", "aangemaakt", bijlage["uuid"]),
        ("bijlage", "verwijderd", bijlage["uuid"]),
    ]:
        assert expected in seen, (expected, seen)
    betrokkene_change = next(
        entry
        for entry in history
        if entry["resource"] == "betrokkene" and entry["actie"] == "gewijzigd"
    )
    assert betrokkene_change["wijzigingen"] == [
        {"veld": "organisatienaam", "oud": "", "nieuw": "Buurthuis"}
    ]
    # Oldest first.
    moments = [parse_datetime(entry["tijdstip"]) for entry in history]
    assert moments == sorted(moments)


def test_history_of_a_betrokkene_moved_elsewhere_stays_with_the_old_klantcontact(api):
    eerste, tweede = make_klantcontact(), make_klantcontact(onderwerp="Ander")
    betrokkene = api.post(BETROKKENEN, betrokkene_payload(eerste), format="json").json()

    api.patch(betrokkene["url"], {"hadKlantcontact": {"uuid": str(tweede.uuid)}}, format="json")

    history = entries(api.get(historie_url(eerste)))
    move = next(e for e in history if e["resource"] == "betrokkene" and e["actie"] == "gewijzigd")
    assert changes(move)["hadKlantcontact"] == (str(eerste.uuid), str(tweede.uuid))


def test_a_change_that_was_refused_leaves_no_history(api):
    klantcontact = make_klantcontact()
    before = entries(api.get(historie_url(klantcontact)))

    response = api.patch(
        f"{KLANTCONTACTEN}/{klantcontact.uuid}", {"taal": "nederlands"}, format="json"
    )

    problem(response, 400)
    assert entries(api.get(historie_url(klantcontact))) == before


def test_history_of_an_unknown_klantcontact_gives_404(api):
    problem(api.get(f"{KLANTCONTACTEN}/{random_ref()['uuid']}/historie"), 404)


def test_history_is_read_only(api):
    klantcontact = make_klantcontact()

    for method in ("post", "put", "patch", "delete"):
        response = getattr(api, method)(historie_url(klantcontact), {}, format="json")
        problem(response, 405)


@pytest.mark.parametrize("param", ["onbekend", "expand", "kanaal"])
def test_history_refuses_query_parameters(api, param):
    klantcontact = make_klantcontact()

    response = api.get(historie_url(klantcontact), {param: "x"})

    body = problem(response, 400)
    assert param in [item["name"] for item in body["invalidParams"]]
