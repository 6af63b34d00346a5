"""POST /maak-klantcontact records a klantcontact with its betrokkene and onderwerpobject as
one handling: all three parts are stored, or, when any part is invalid, none (spec §2.15)."""

import pytest
from django.db import connection

from tests.factories import make_klantcontact, make_persoon, valid_bsn
from tests.klantcontacten.helpers import (
    BETROKKENEN,
    KLANTCONTACTEN,
    MAAK_KLANTCONTACT,
    ONDERWERPOBJECTEN,
    betrokkene_payload,
    kc_counts,
    klantcontact_payload,
    onderwerpobject_payload,
    ref,
    row_state,
    zaak_identificator,
)
from tests.partijen.helpers import (
    assert_invalid,
    contract_properties,
    invalid_params,
    problem,
)

pytestmark = pytest.mark.django_db


def test_creates_klantcontact_betrokkene_and_onderwerpobject_linked_together(api):
    partij = make_persoon(bsn=valid_bsn())

    response = api.post(
        MAAK_KLANTCONTACT,
        {
            "klantcontact": klantcontact_payload(),
            "betrokkene": betrokkene_payload(
                partij=partij, contactnaam={"voornaam": "Jan", "achternaam": "Jansen"}
            ),
            "onderwerpobject": onderwerpobject_payload(),
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == contract_properties("MaakKlantcontact")
    klantcontact, betrokkene, onderwerpobject = (
        body["klantcontact"],
        body["betrokkene"],
        body["onderwerpobject"],
    )
    assert set(klantcontact) == contract_properties("Klantcontact")
    assert set(betrokkene) == contract_properties("BetrokkeneKlantcontactReadOnly")
    assert set(onderwerpobject) == contract_properties("OnderwerpobjectKlantcontactReadOnly")
    kc_ref = {"uuid": klantcontact["uuid"], "url": klantcontact["url"]}
    assert betrokkene["hadKlantcontact"] == kc_ref
    assert onderwerpobject["klantcontact"] == kc_ref
    assert betrokkene["wasPartij"]["uuid"] == str(partij.uuid)
    assert betrokkene["volledigeNaam"] == "Jan Jansen"
    assert onderwerpobject["onderwerpobjectidentificator"] == zaak_identificator()
    assert klantcontact["kanaal"] == "telefoon"
    assert klantcontact["nummer"].isdigit() and len(klantcontact["nummer"]) == 10
    # What was returned is what is stored, each part at its own URL.
    assert api.get(klantcontact["url"]).json() == klantcontact
    assert api.get(betrokkene["url"]).json() == betrokkene
    assert api.get(onderwerpobject["url"]).json() == onderwerpobject
    assert klantcontact["url"].startswith(f"http://testserver{KLANTCONTACTEN}/")
    assert betrokkene["url"].startswith(f"http://testserver{BETROKKENEN}/")
    assert onderwerpobject["url"].startswith(f"http://testserver{ONDERWERPOBJECTEN}/")
    # The stored klantcontact lists its parts.
    stored = api.get(klantcontact["url"]).json()
    assert [item["uuid"] for item in stored["hadBetrokkenen"]] == [betrokkene["uuid"]]
    assert [item["uuid"] for item in stored["gingOverOnderwerpobjecten"]] == [
        onderwerpobject["uuid"]
    ]
    assert kc_counts() == (1, 1, 1)


@pytest.mark.parametrize(
    ("parts", "expected_counts"),
    [
        ({}, (1, 0, 0)),
        ({"betrokkene": None, "onderwerpobject": None}, (1, 0, 0)),
        ({"betrokkene": betrokkene_payload()}, (1, 1, 0)),
        ({"onderwerpobject": onderwerpobject_payload()}, (1, 0, 1)),
    ],
    ids=["only-klantcontact", "explicit-nulls", "with-betrokkene", "with-onderwerpobject"],
)
def test_parts_not_sent_are_null_in_the_response(api, parts, expected_counts):
    response = api.post(
        MAAK_KLANTCONTACT, {"klantcontact": klantcontact_payload(), **parts}, format="json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    for part in ("betrokkene", "onderwerpobject"):
        if parts.get(part) is None:
            assert body[part] is None, part
        else:
            assert body[part]["uuid"], part
    assert kc_counts() == expected_counts


def test_anonymous_contact_without_partij_is_recorded(api):
    response = api.post(
        MAAK_KLANTCONTACT,
        {
            "klantcontact": klantcontact_payload(kanaal="balie"),
            "betrokkene": betrokkene_payload(
                contactnaam={"voornaam": "Anoniem"},
                bezoekadres={"adresregel1": "Onbekend adres"},
                organisatienaam="Buurtvereniging",
            ),
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    betrokkene = response.json()["betrokkene"]
    assert betrokkene["wasPartij"] is None
    assert betrokkene["volledigeNaam"] == "Anoniem"
    assert betrokkene["bezoekadres"]["adresregel1"] == "Onbekend adres"
    assert betrokkene["organisatienaam"] == "Buurtvereniging"


def test_had_klantcontact_and_klantcontact_in_the_parts_are_ignored(api):
    ander = make_klantcontact(onderwerp="Ander gesprek")

    response = api.post(
        MAAK_KLANTCONTACT,
        {
            "klantcontact": klantcontact_payload(),
            "betrokkene": betrokkene_payload(hadKlantcontact=ref(ander)),
            "onderwerpobject": onderwerpobject_payload(klantcontact=ref(ander)),
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    new_uuid = body["klantcontact"]["uuid"]
    assert body["betrokkene"]["hadKlantcontact"]["uuid"] == new_uuid
    assert body["onderwerpobject"]["klantcontact"]["uuid"] == new_uuid
    assert api.get(f"{KLANTCONTACTEN}/{ander.uuid}").json()["hadBetrokkenen"] == []


def test_metadata_keys_are_kept_exactly_as_sent(api):
    metadata = {"bron_systeem": "portaal", "kanaalId": "42"}

    response = api.post(
        MAAK_KLANTCONTACT, {"klantcontact": klantcontact_payload(metadata=metadata)}, format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["klantcontact"]["metadata"] == metadata
    assert api.get(response.json()["klantcontact"]["url"]).json()["metadata"] == metadata


def test_client_given_nummer_is_kept(api):
    response = api.post(
        MAAK_KLANTCONTACT,
        {"klantcontact": klantcontact_payload(nummer="0000000042", referentienummer="77")},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["klantcontact"]["nummer"] == "0000000042"
    assert response.json()["klantcontact"]["referentienummer"] == "77"


# --- any invalid part: 400 naming part and field, and nothing stored ------------------------------


def _valid_request(partij) -> dict:
    return {
        "klantcontact": klantcontact_payload(),
        "betrokkene": betrokkene_payload(partij=partij),
        "onderwerpobject": onderwerpobject_payload(),
    }


INVALID_PARTS = [
    (
        "onderwerpobject",
        {"onderwerpobjectidentificator": {**zaak_identificator(), "objectId": "x" * 201}},
        "onderwerpobject.onderwerpobjectidentificator.objectId",
    ),
    (
        "onderwerpobject",
        {"onderwerpobjectidentificator": {**zaak_identificator(), "codeRegister": 12}},
        "onderwerpobject.onderwerpobjectidentificator.codeRegister",
    ),
    (
        "onderwerpobject",
        {"wasKlantcontact": {"uuid": "7f0c41d4-98a4-4a57-b1ac-ea3e8ab27dbb"}},
        "onderwerpobject.wasKlantcontact",
    ),
    ("betrokkene", {"rol": "toeschouwer"}, "betrokkene.rol"),
    ("betrokkene", {"initiator": "misschien"}, "betrokkene.initiator"),
    (
        "betrokkene",
        {"wasPartij": {"uuid": "7f0c41d4-98a4-4a57-b1ac-ea3e8ab27dbb"}},
        "betrokkene.wasPartij",
    ),
    (
        "betrokkene",
        {"contactnaam": {"voorletters": "x" * 11}},
        "betrokkene.contactnaam.voorletters",
    ),
    ("betrokkene", {"bezoekadres": {"postcode": "1234ab"}}, "betrokkene.bezoekadres.postcode"),
    ("klantcontact", {"taal": "nlds"}, "klantcontact.taal"),
    ("klantcontact", {"kanaal": "x" * 51}, "klantcontact.kanaal"),
    ("klantcontact", {"nummer": "12ab"}, "klantcontact.nummer"),
    ("klantcontact", {"metadata": {"bron": 1}}, "klantcontact.metadata"),
    ("klantcontact", {"metadata": {"bron": "k\x00c"}}, "klantcontact.metadata"),
    ("klantcontact", {"vertrouwelijk": None}, "klantcontact.vertrouwelijk"),
]


@pytest.mark.parametrize(
    ("part", "change", "name"),
    INVALID_PARTS,
    ids=[f"{case[2]}-{index}" for index, case in enumerate(INVALID_PARTS)],
)
def test_an_invalid_part_gives_400_naming_part_and_field_and_stores_nothing(
    api, part, change, name
):
    partij = make_persoon(bsn=valid_bsn())
    request = _valid_request(partij)
    request[part] = {**request[part], **change}
    before = row_state()

    response = api.post(MAAK_KLANTCONTACT, request, format="json")

    params = invalid_params(response)
    matching = [key for key in params if key == name or key.startswith(f"{name}.")]
    assert matching, (name, params)
    assert params[matching[0]]["reason"]
    assert row_state() == before


def test_unknown_partij_says_the_object_does_not_exist(api):
    request = _valid_request(make_persoon())
    request["betrokkene"]["wasPartij"] = {"uuid": "7f0c41d4-98a4-4a57-b1ac-ea3e8ab27dbb"}

    response = api.post(MAAK_KLANTCONTACT, request, format="json")

    assert_invalid(response, "betrokkene.wasPartij", reason="Partij object bestaat niet.")
    assert kc_counts() == (0, 0, 0)


def test_contact_gelukt_with_verdere_actie_stores_nothing(api):
    request = _valid_request(make_persoon())
    request["klantcontact"].update(indicatieContactGelukt=True, verdereActieOndernomen=True)

    response = api.post(MAAK_KLANTCONTACT, request, format="json")

    params = invalid_params(response)
    codes = {name: param["code"] for name, param in params.items()}
    assert "no-further-action-when-contact-succesful" in codes.values(), codes
    assert all(name.startswith("klantcontact.") for name in codes), codes
    assert kc_counts() == (0, 0, 0)


def test_duplicate_nummer_stores_nothing(api):
    make_klantcontact(nummer="1234567890")
    before = row_state()

    response = api.post(
        MAAK_KLANTCONTACT,
        {
            "klantcontact": klantcontact_payload(nummer="1234567890"),
            "betrokkene": betrokkene_payload(),
            "onderwerpobject": onderwerpobject_payload(),
        },
        format="json",
    )

    assert_invalid(response, "klantcontact.nummer")
    assert row_state() == before


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"klantcontact": None},
        {"klantcontact": {}},
        {"klantcontact": "gesprek"},
        {"betrokkene": {"rol": "klant", "initiator": True}},
    ],
    ids=["empty", "null", "empty-object", "string", "only-betrokkene"],
)
def test_klantcontact_part_is_required(api, body):
    response = api.post(MAAK_KLANTCONTACT, body, format="json")

    names = set(invalid_params(response))
    assert any(name == "klantcontact" or name.startswith("klantcontact.") for name in names), names
    assert kc_counts() == (0, 0, 0)


@pytest.mark.parametrize("part", ["betrokkene", "onderwerpobject"])
def test_a_part_that_is_not_an_object_gives_400(api, part):
    response = api.post(
        MAAK_KLANTCONTACT,
        {"klantcontact": klantcontact_payload(), part: ["niet", "goed"]},
        format="json",
    )

    names = set(invalid_params(response))
    assert any(name == part or name.startswith(f"{part}.") for name in names), names
    assert kc_counts() == (0, 0, 0)


def test_malformed_json_gives_400_and_stores_nothing(api):
    response = api.post(
        MAAK_KLANTCONTACT, data='{"klantcontact": {', content_type="application/json"
    )

    assert "JSON" in problem(response, 400)["detail"]
    assert kc_counts() == (0, 0, 0)


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_maak_klantcontact_is_post_only(api, method):
    response = getattr(api, method)(MAAK_KLANTCONTACT)

    problem(response, 405)


# --- atomicity with real transactions (PostgreSQL in CI) ------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_invalid_onderwerpobject_rolls_back_klantcontact_and_betrokkene_in_a_real_transaction(
    api,
):
    # transaction=True: the request runs in a real transaction that commits or rolls back,
    # on PostgreSQL when DATABASE_URL points there (CI).
    partij = make_persoon(bsn=valid_bsn())
    before = row_state()

    response = api.post(
        MAAK_KLANTCONTACT,
        {
            "klantcontact": klantcontact_payload(),
            "betrokkene": betrokkene_payload(partij=partij),
            "onderwerpobject": {
                "onderwerpobjectidentificator": {**zaak_identificator(), "objectId": "x" * 201}
            },
        },
        format="json",
    )

    assert_invalid(response, "onderwerpobject.onderwerpobjectidentificator.objectId")
    assert row_state() == before
    assert kc_counts() == (0, 0, 0)
    assert connection.vendor in ("postgresql", "sqlite")
    # And a valid request afterwards commits all three.
    ok = api.post(MAAK_KLANTCONTACT, _valid_request(partij), format="json")
    assert ok.status_code == 201, ok.content
    assert kc_counts() == (1, 1, 1)
