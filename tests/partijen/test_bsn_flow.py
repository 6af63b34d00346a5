"""The flow an integrator (a portal, a KCC application) goes through for a citizen known by
BSN: register, find, change, remove."""

import pytest

from partijen.models import DigitaalAdres, Partij, PartijIdentificator, Persoon
from tests.factories import make_persoon, valid_bsn
from tests.partijen.helpers import DIGITALE_ADRESSEN, PARTIJEN, bsn_identificator

pytestmark = pytest.mark.django_db


def test_persoon_with_bsn_and_email_from_registration_to_removal(api):
    bsn = valid_bsn()
    make_persoon(bsn=valid_bsn())  # someone else, who must never turn up

    # 1. The e-mail address first, then the partij that lists it, with its BSN, in one go.
    adres = api.post(
        DIGITALE_ADRESSEN,
        {"adres": "burger@example.nl", "soortDigitaalAdres": "email", "omschrijving": "privé"},
        format="json",
    )
    assert adres.status_code == 201, adres.content
    adres_ref = {"uuid": adres.json()["uuid"]}
    created = api.post(
        PARTIJEN,
        {
            "soortPartij": "persoon",
            "indicatieActief": True,
            "voorkeurstaal": "nld",
            "digitaleAdressen": [adres_ref],
            "voorkeursDigitaalAdres": adres_ref,
            "partijIdentificatoren": [bsn_identificator(bsn)],
            "partijIdentificatie": {
                "contactnaam": {"voornaam": "Fatima", "achternaam": "El Amrani"}
            },
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    partij = created.json()
    assert partij["voorkeursDigitaalAdres"]["uuid"] == adres_ref["uuid"]
    assert partij["partijIdentificatoren"][0]["partijIdentificator"]["objectId"] == bsn
    adres_body = api.get(adres.json()["url"]).json()
    assert adres_body["verstrektDoorPartij"]["uuid"] == partij["uuid"]

    # 2. Found by BSN, exactly once.
    found = api.get(
        PARTIJEN,
        {"partijIdentificator__codeSoortObjectId": "bsn", "partijIdentificator__objectId": bsn},
    )
    assert found.status_code == 200
    assert found.json()["count"] == 1
    assert found.json()["results"][0]["uuid"] == partij["uuid"]
    assert found.json()["results"][0]["partijIdentificatie"]["volledigeNaam"] == "Fatima El Amrani"
    # The addresses of that citizen are found by BSN as well.
    by_bsn = api.get(
        DIGITALE_ADRESSEN,
        {
            "verstrektDoorPartij__partijIdentificator__codeSoortObjectId": "bsn",
            "verstrektDoorPartij__partijIdentificator__objectId": bsn,
        },
    )
    assert [item["uuid"] for item in by_bsn.json()["results"]] == [adres_ref["uuid"]]

    # 3. Changed.
    patched = api.patch(
        partij["url"],
        {
            "indicatieGeheimhouding": True,
            "bezoekadres": {"straatnaam": "Stationsplein", "huisnummer": 1},
        },
        format="json",
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["indicatieGeheimhouding"] is True
    assert patched.json()["bezoekadres"]["straatnaam"] == "Stationsplein"
    assert patched.json()["digitaleAdressen"] == partij["digitaleAdressen"]
    assert patched.json()["partijIdentificatoren"] == partij["partijIdentificatoren"]

    # 4. Removed, with its addresses and identificatoren.
    assert api.delete(partij["url"]).status_code == 204
    assert api.get(partij["url"]).status_code == 404
    assert api.get(adres.json()["url"]).status_code == 404
    assert not Partij.objects.filter(uuid=partij["uuid"]).exists()
    assert not DigitaalAdres.objects.exists()
    assert not PartijIdentificator.objects.filter(partij_identificator_object_id=bsn).exists()
    assert Persoon.objects.count() == 1  # only the other citizen remains
    again = api.get(
        PARTIJEN,
        {"partijIdentificator__codeSoortObjectId": "bsn", "partijIdentificator__objectId": bsn},
    )
    assert again.json()["count"] == 0
    # The BSN is free again.
    assert (
        api.post(
            PARTIJEN,
            {
                "soortPartij": "persoon",
                "indicatieActief": True,
                "partijIdentificatoren": [bsn_identificator(bsn)],
            },
            format="json",
        ).status_code
        == 201
    )


def test_read_only_client_can_find_but_not_change(make_client, api):
    bsn = valid_bsn()
    partij = make_persoon(bsn=bsn)
    reader = make_client("klantinteracties:read")

    found = reader.get(
        PARTIJEN,
        {"partijIdentificator__codeSoortObjectId": "bsn", "partijIdentificator__objectId": bsn},
    )
    refused = reader.patch(f"{PARTIJEN}/{partij.uuid}", {"indicatieActief": False}, format="json")

    assert found.json()["count"] == 1
    assert refused.status_code == 403
    assert refused["Content-Type"].startswith("application/problem+json")
    partij.refresh_from_db()
    assert partij.indicatie_actief is True
