"""What deleting does to klantcontacten: a deleted partij is detached from its betrokkenen
(the record of what happened stays), and DELETE /onderwerpobjecten/{uuid}?cascade=true takes
the klantcontact along unless another onderwerpobject still refers to it (spec §4.6)."""

import pytest
from rest_framework.test import APIClient

from klantenregister.core.services import create_api_client
from tests.factories import (
    make_betrokkene,
    make_betrokkene_adres,
    make_bijlage,
    make_digitaal_adres,
    make_klantcontact,
    make_onderwerpobject,
    make_persoon,
    valid_bsn,
)
from tests.klantcontacten.helpers import (
    BETROKKENEN,
    BIJLAGEN,
    KLANTCONTACTEN,
    ONDERWERPOBJECTEN,
    historie_url,
    row_state,
)
from tests.partijen.helpers import DIGITALE_ADRESSEN, PARTIJEN, absolute, assert_invalid, problem

pytestmark = pytest.mark.django_db


def history(api, klantcontact) -> list[dict]:
    response = api.get(historie_url(klantcontact))
    assert response.status_code == 200, response.content[:2000]
    body = response.json()
    return body["results"] if isinstance(body, dict) else body


# --- deleting a partij detaches its betrokkenen ---------------------------------------------------


def test_deleting_a_partij_keeps_its_klantcontacten_and_detaches_the_betrokkenen():
    _, key = create_api_client("crm-opschoning", "all")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    bsn = valid_bsn()
    partij = make_persoon(bsn=bsn)
    klantcontacten = [make_klantcontact(), make_klantcontact(onderwerp="Tweede")]
    betrokkenen = [
        make_betrokkene(kc, partij, contactnaam={"voornaam": "Jan"}) for kc in klantcontacten
    ]

    response = api.delete(f"{PARTIJEN}/{partij.uuid}")

    assert response.status_code == 204, response.content
    problem(api.get(f"{PARTIJEN}/{partij.uuid}"), 404)
    for klantcontact, betrokkene in zip(klantcontacten, betrokkenen, strict=True):
        kc_body = api.get(f"{KLANTCONTACTEN}/{klantcontact.uuid}")
        assert kc_body.status_code == 200
        assert [item["uuid"] for item in kc_body.json()["hadBetrokkenen"]] == [str(betrokkene.uuid)]
        b_body = api.get(f"{BETROKKENEN}/{betrokkene.uuid}").json()
        assert b_body["wasPartij"] is None
        assert b_body["volledigeNaam"] == "Jan"
        # The detach is a change in the betrokkene's history, by the client that deleted.
        detach = [
            entry
            for entry in history(api, klantcontact)
            if entry["resource"] == "betrokkene" and entry["actie"] == "gewijzigd"
        ]
        assert len(detach) == 1, detach
        [wijziging] = detach[0]["wijzigingen"]
        assert wijziging["veld"] == "wasPartij"
        assert wijziging["nieuw"] is None
        assert wijziging["oud"] in (str(partij.uuid), "(verwijderd)")
        assert detach[0]["uuid"] == str(betrokkene.uuid)
        assert detach[0]["actor"] == "applicatie crm-opschoning"
    # The contact can no longer be found by the BSN of the deleted partij.
    found = api.get(
        KLANTCONTACTEN, {"hadBetrokkene__wasPartij__partijIdentificator__objectId": bsn}
    )
    assert found.json()["count"] == 0


def test_deleting_a_partij_without_klantcontacten_is_plain(api):
    partij = make_persoon()
    ander = make_betrokkene(make_klantcontact(), make_persoon())

    assert api.delete(f"{PARTIJEN}/{partij.uuid}").status_code == 204

    assert api.get(f"{BETROKKENEN}/{ander.uuid}").json()["wasPartij"] is not None


# --- DELETE /onderwerpobjecten/{uuid} -------------------------------------------------------------


def test_without_cascade_only_the_onderwerpobject_goes(api):
    klantcontact = make_klantcontact()
    onderwerpobject = make_onderwerpobject(klantcontact, object_id="zaak-1")

    response = api.delete(f"{ONDERWERPOBJECTEN}/{onderwerpobject.uuid}")

    assert response.status_code == 204
    assert response.content == b""
    problem(api.get(f"{ONDERWERPOBJECTEN}/{onderwerpobject.uuid}"), 404)
    assert api.get(f"{KLANTCONTACTEN}/{klantcontact.uuid}").status_code == 200


def test_cascade_false_is_the_same_as_no_cascade(api):
    klantcontact = make_klantcontact()
    onderwerpobject = make_onderwerpobject(klantcontact, object_id="zaak-1")

    response = api.delete(f"{ONDERWERPOBJECTEN}/{onderwerpobject.uuid}?cascade=false")

    assert response.status_code == 204
    assert api.get(f"{KLANTCONTACTEN}/{klantcontact.uuid}").status_code == 200


def test_cascade_deletes_the_klantcontact_its_parts_and_anonymous_adressen(api):
    partij = make_persoon()
    klantcontact = make_klantcontact()
    bekend = make_betrokkene(klantcontact, partij)
    anoniem = make_betrokkene(klantcontact, None)
    anoniem_adres = make_betrokkene_adres(anoniem, adres="0612345678")
    bekend_adres = make_betrokkene_adres(bekend, adres="0687654321")
    partij_adres = make_digitaal_adres(partij)
    bijlage = make_bijlage(klantcontact)
    onderwerpobject = make_onderwerpobject(klantcontact, object_id="zaak-1")
    los = make_klantcontact(onderwerp="Blijft staan")

    response = api.delete(f"{ONDERWERPOBJECTEN}/{onderwerpobject.uuid}?cascade=true")

    assert response.status_code == 200, response.content
    assert response.json() == {"behouden": []}
    for path, obj in [
        (ONDERWERPOBJECTEN, onderwerpobject),
        (KLANTCONTACTEN, klantcontact),
        (BETROKKENEN, bekend),
        (BETROKKENEN, anoniem),
        (BIJLAGEN, bijlage),
        (DIGITALE_ADRESSEN, anoniem_adres),
    ]:
        problem(api.get(f"{path}/{obj.uuid}"), 404)
    # Addresses of a betrokkene that was a partij stay (unlinked), as does the partij's own.
    assert (
        api.get(f"{DIGITALE_ADRESSEN}/{bekend_adres.uuid}").json()["verstrektDoorBetrokkene"]
        is None
    )
    assert api.get(f"{DIGITALE_ADRESSEN}/{partij_adres.uuid}").status_code == 200
    assert api.get(f"{PARTIJEN}/{partij.uuid}").status_code == 200
    assert api.get(f"{KLANTCONTACTEN}/{los.uuid}").status_code == 200


def test_cascade_keeps_a_klantcontact_another_onderwerpobject_refers_to(api):
    klantcontact = make_klantcontact()
    betrokkene = make_betrokkene(klantcontact)
    onderwerpobject = make_onderwerpobject(klantcontact, object_id="zaak-1")
    make_onderwerpobject(klantcontact, object_id="zaak-2")

    response = api.delete(f"{ONDERWERPOBJECTEN}/{onderwerpobject.uuid}?cascade=true")

    assert response.status_code == 200, response.content
    assert response.json() == {"behouden": [absolute(f"{KLANTCONTACTEN}/{klantcontact.uuid}")]}
    problem(api.get(f"{ONDERWERPOBJECTEN}/{onderwerpobject.uuid}"), 404)
    assert api.get(f"{KLANTCONTACTEN}/{klantcontact.uuid}").status_code == 200
    assert api.get(f"{BETROKKENEN}/{betrokkene.uuid}").status_code == 200


def test_cascade_keeps_a_klantcontact_that_is_the_object_of_another_onderwerpobject(api):
    klantcontact = make_klantcontact()
    elders = make_klantcontact(onderwerp="Vervolggesprek")
    make_onderwerpobject(elders, was_klantcontact=klantcontact)
    onderwerpobject = make_onderwerpobject(klantcontact, object_id="zaak-1")

    response = api.delete(f"{ONDERWERPOBJECTEN}/{onderwerpobject.uuid}?cascade=true")

    assert response.status_code == 200, response.content
    assert response.json() == {"behouden": [absolute(f"{KLANTCONTACTEN}/{klantcontact.uuid}")]}
    assert api.get(f"{KLANTCONTACTEN}/{klantcontact.uuid}").status_code == 200


def test_cascade_deletes_both_klantcontact_and_was_klantcontact(api):
    gesprek = make_klantcontact(onderwerp="Gesprek")
    eerder = make_klantcontact(onderwerp="Eerder gesprek")
    onderwerpobject = make_onderwerpobject(gesprek, was_klantcontact=eerder)

    response = api.delete(f"{ONDERWERPOBJECTEN}/{onderwerpobject.uuid}?cascade=true")

    assert response.status_code == 200, response.content
    assert response.json() == {"behouden": []}
    problem(api.get(f"{KLANTCONTACTEN}/{gesprek.uuid}"), 404)
    problem(api.get(f"{KLANTCONTACTEN}/{eerder.uuid}"), 404)


def test_cascade_of_an_onderwerpobject_without_klantcontact(api):
    onderwerpobject = make_onderwerpobject(None, object_id="zaak-1")
    klantcontact = make_klantcontact()

    response = api.delete(f"{ONDERWERPOBJECTEN}/{onderwerpobject.uuid}?cascade=true")

    assert response.status_code == 200, response.content
    assert response.json() == {"behouden": []}
    assert api.get(f"{KLANTCONTACTEN}/{klantcontact.uuid}").status_code == 200


def test_cascade_with_a_non_boolean_value_gives_400_and_deletes_nothing(api):
    onderwerpobject = make_onderwerpobject(make_klantcontact(), object_id="zaak-1")
    before = row_state()

    response = api.delete(f"{ONDERWERPOBJECTEN}/{onderwerpobject.uuid}?cascade=misschien")

    assert_invalid(response, "cascade")
    assert row_state() == before
