"""GET /klantcontacten/{uuid}/historie: who changed what, when, in a klantcontact and its
parts (our extension, docs/api.md)."""

import datetime

import pytest
from django.utils.dateparse import parse_datetime

from klantenregister.core.services import create_api_client
from tests.klantcontacten_api.helpers import (
    BETROKKENEN,
    KLANTCONTACTEN,
    ONDERWERPOBJECTEN,
    klantcontact,
    klantcontact_payload,
)
from tests.partijen.helpers import assert_invalid, problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def loket():
    """An API client with a recognisable naam."""
    from rest_framework.test import APIClient

    _, key = create_api_client("loket-app", "klantinteracties:write")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def historie(client, uuid) -> list[dict]:
    response = client.get(f"{KLANTCONTACTEN}/{uuid}/historie")
    assert response.status_code == 200, response.content
    return response.json()


def changes(regel) -> dict:
    return {w["veld"]: (w["oud"], w["nieuw"]) for w in regel["wijzigingen"]}


def test_creation_and_correction_via_the_api_show_who_when_and_what(loket, ki_read):
    created = loket.post(
        KLANTCONTACTEN,
        klantcontact_payload(onderwerp="Afvalpas kwijt", metadata={"zaak_id": "Z-1"}),
        format="json",
    ).json()
    before_patch = datetime.datetime.now(datetime.UTC)
    loket.patch(
        f"{KLANTCONTACTEN}/{created['uuid']}",
        {"onderwerp": "Afvalpas gevonden", "indicatieContactGelukt": True},
        format="json",
    )

    regels = historie(ki_read, created["uuid"])  # read scope is enough

    assert [(r["actie"], r["resource"]) for r in regels] == [
        ("aangemaakt", "klantcontact"),
        ("gewijzigd", "klantcontact"),
    ]
    aangemaakt, gewijzigd = regels
    assert {r["actor"] for r in regels} == {"applicatie loket-app"}
    assert {r["uuid"] for r in regels} == {created["uuid"]}
    assert changes(aangemaakt)["onderwerp"] == (None, "Afvalpas kwijt")
    # Values are plain JSON: free-form metadata keys as sent, datetimes as ISO 8601.
    assert changes(aangemaakt)["metadata"] == (None, {"zaak_id": "Z-1"})
    assert parse_datetime(changes(aangemaakt)["plaatsgevondenOp"][1]) == parse_datetime(
        created["plaatsgevondenOp"]
    )
    assert changes(gewijzigd) == {
        "onderwerp": ("Afvalpas kwijt", "Afvalpas gevonden"),
        "indicatieContactGelukt": (None, True),
    }
    assert parse_datetime(gewijzigd["tijdstip"]) >= before_patch
    assert parse_datetime(aangemaakt["tijdstip"]) <= parse_datetime(gewijzigd["tijdstip"])


def test_history_covers_the_parts_with_their_public_field_names(loket, api):
    created = loket.post(
        f"{KLANTCONTACTEN.rsplit('/', 1)[0]}/maak-klantcontact",
        {
            "klantcontact": klantcontact_payload(),
            "betrokkene": {"rol": "klant", "initiator": True, "contactnaam": {"voornaam": "Jan"}},
            "onderwerpobject": {"onderwerpobjectidentificator": {"objectId": "Z-9"}},
        },
        format="json",
    ).json()
    kc_uuid = created["klantcontact"]["uuid"]
    loket.patch(
        f"{BETROKKENEN}/{created['betrokkene']['uuid']}",
        {"contactnaam": {"achternaam": "Jansen"}},
        format="json",
    )
    api.delete(f"{ONDERWERPOBJECTEN}/{created['onderwerpobject']['uuid']}")

    regels = historie(api, kc_uuid)

    assert [(r["actie"], r["resource"]) for r in regels] == [
        ("aangemaakt", "klantcontact"),
        ("aangemaakt", "betrokkene"),
        ("aangemaakt", "onderwerpobject"),
        ("gewijzigd", "betrokkene"),
        ("verwijderd", "onderwerpobject"),
    ]
    assert changes(regels[1])["hadKlantcontact"] == (None, kc_uuid)
    assert changes(regels[1])["contactnaam.voornaam"] == (None, "Jan")
    assert changes(regels[2])["onderwerpobjectidentificator.objectId"] == (None, "Z-9")
    assert changes(regels[3]) == {"contactnaam.achternaam": ("", "Jansen")}
    assert regels[4]["wijzigingen"] == []
    # The delete came from another client than the creation.
    assert regels[0]["actor"] == "applicatie loket-app"
    assert regels[4]["actor"].startswith("applicatie test-client-")


def test_changes_outside_the_api_are_attributed_to_the_system(api):
    kc = klantcontact()

    [regel] = historie(api, kc.uuid)

    assert regel["actor"] == "systeem"


def test_unknown_klantcontact_is_a_404(api):
    problem(api.get(f"{KLANTCONTACTEN}/00000000-0000-4000-8000-000000000000/historie"), 404)


def test_history_takes_no_query_parameters(api):
    kc = klantcontact()

    for params in ({"expand": "hadBetrokkenen"}, {"page": "1"}, {"onderwerp": "x"}):
        response = api.get(f"{KLANTCONTACTEN}/{kc.uuid}/historie", params)
        assert_invalid(response, next(iter(params)))


def test_history_needs_a_token_and_the_read_scope(make_client):
    kc = klantcontact()
    path = f"{KLANTCONTACTEN}/{kc.uuid}/historie"
    from rest_framework.test import APIClient

    problem(APIClient().get(path), 401)
    problem(make_client("taken:read").get(path), 403)
    assert make_client("klantinteracties:read").get(path).status_code == 200
