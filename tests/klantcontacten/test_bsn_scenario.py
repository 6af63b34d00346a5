"""Issue 5, "done when": a KCC application records a telephone contact for a citizen known by
BSN, and any integrator finds it back by that BSN in one call, with who was involved."""

import pytest

from tests.factories import make_betrokkene, make_klantcontact, make_persoon, valid_bsn
from tests.klantcontacten.helpers import (
    KLANTCONTACTEN,
    MAAK_KLANTCONTACT,
    ZAAK_UUID,
    parse_datetime,
    zaak_identificator,
)
from tests.partijen.helpers import PARTIJEN, bsn_identificator

pytestmark = pytest.mark.django_db


def test_telephone_contact_recorded_for_a_bsn_is_found_back_by_that_bsn_in_one_call(api):
    bsn = valid_bsn()
    # Someone else with contacts of their own, who must never turn up.
    ander = make_persoon(bsn=valid_bsn(), voornaam="Piet")
    make_betrokkene(make_klantcontact(kanaal="telefoon"), ander)

    # 1. The citizen is registered with a BSN.
    partij = api.post(
        PARTIJEN,
        {
            "soortPartij": "persoon",
            "indicatieActief": True,
            "partijIdentificatoren": [bsn_identificator(bsn)],
            "partijIdentificatie": {
                "contactnaam": {"voornaam": "Fatima", "achternaam": "El Amrani"}
            },
        },
        format="json",
    )
    assert partij.status_code == 201, partij.content
    partij = partij.json()

    # 2. The KCC records the telephone call about a zaak, in one request.
    made = api.post(
        MAAK_KLANTCONTACT,
        {
            "klantcontact": {
                "kanaal": "telefoon",
                "onderwerp": "Status van de bouwvergunning",
                "inhoud": "Burger vraagt wanneer het besluit komt.",
                "reactie": "Besluit volgt binnen twee weken.",
                "indicatieContactGelukt": True,
                "taal": "nld",
                "vertrouwelijk": False,
                "plaatsgevondenOp": "2024-06-03T09:15:00+02:00",
            },
            "betrokkene": {
                "wasPartij": {"uuid": partij["uuid"]},
                "rol": "klant",
                "initiator": True,
                "contactnaam": {"voornaam": "Fatima", "achternaam": "El Amrani"},
            },
            "onderwerpobject": {"onderwerpobjectidentificator": zaak_identificator()},
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    made = made.json()

    # 3. Found back by BSN in one call, with the betrokkenen and their partij inlined.
    found = api.get(
        KLANTCONTACTEN,
        {
            "hadBetrokkene__wasPartij__partijIdentificator__objectId": bsn,
            "expand": "hadBetrokkenen,hadBetrokkenen.wasPartij",
        },
    )

    assert found.status_code == 200, found.content
    page = found.json()
    assert page["count"] == 1
    [contact] = page["results"]
    assert contact["uuid"] == made["klantcontact"]["uuid"]
    assert contact["url"] == made["klantcontact"]["url"]
    assert contact["kanaal"] == "telefoon"
    assert contact["onderwerp"] == "Status van de bouwvergunning"
    assert contact["reactie"] == "Besluit volgt binnen twee weken."
    assert contact["indicatieContactGelukt"] is True
    assert parse_datetime(contact["plaatsgevondenOp"]) == parse_datetime(
        "2024-06-03T07:15:00+00:00"
    )
    assert contact["nummer"].isdigit() and len(contact["nummer"]) == 10
    assert contact["gingOverOnderwerpobjecten"] == [
        {"uuid": made["onderwerpobject"]["uuid"], "url": made["onderwerpobject"]["url"]}
    ]
    [betrokkene] = contact["_expand"]["hadBetrokkenen"]
    assert betrokkene["uuid"] == made["betrokkene"]["uuid"]
    assert betrokkene["rol"] == "klant"
    assert betrokkene["initiator"] is True
    assert betrokkene["volledigeNaam"] == "Fatima El Amrani"
    assert betrokkene["wasPartij"] == {"uuid": partij["uuid"], "url": partij["url"]}
    expanded_partij = betrokkene["_expand"]["wasPartij"]
    assert expanded_partij["uuid"] == partij["uuid"]
    assert expanded_partij["partijIdentificatie"]["volledigeNaam"] == "Fatima El Amrani"
    assert [
        item["partijIdentificator"]["objectId"] for item in expanded_partij["partijIdentificatoren"]
    ] == [bsn]
    # The partij now lists its betrokkene.
    assert expanded_partij["betrokkenen"] == [
        {"uuid": made["betrokkene"]["uuid"], "url": made["betrokkene"]["url"]}
    ]

    # 4. The zaaksysteem finds the same contact by its zaak.
    by_zaak = api.get(
        KLANTCONTACTEN, {"onderwerpobject__onderwerpobjectidentificatorObjectId": ZAAK_UUID}
    )
    assert [item["uuid"] for item in by_zaak.json()["results"]] == [contact["uuid"]]

    # 5. And with the BSN restricted to its soort, the same single answer.
    with_soort = api.get(
        KLANTCONTACTEN,
        {
            "hadBetrokkene__wasPartij__partijIdentificator__objectId": bsn,
            "hadBetrokkene__wasPartij__partijIdentificator__codeSoortObjectId": "bsn",
        },
    )
    assert [item["uuid"] for item in with_soort.json()["results"]] == [contact["uuid"]]


def test_bsn_lookup_of_a_citizen_without_contacts_is_an_empty_page(api):
    bsn = valid_bsn()
    make_persoon(bsn=bsn)
    make_betrokkene(make_klantcontact(), make_persoon(bsn=valid_bsn()))

    response = api.get(
        KLANTCONTACTEN,
        {
            "hadBetrokkene__wasPartij__partijIdentificator__objectId": bsn,
            "expand": "hadBetrokkenen,hadBetrokkenen.wasPartij",
        },
    )

    assert response.status_code == 200
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}
