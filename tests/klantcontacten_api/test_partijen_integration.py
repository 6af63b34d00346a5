"""Where partijen meets klantcontacten: verstrektDoorBetrokkene on a digitaal adres, the
betrokkenen of a partij, and the expansions and filters that cross the two apps."""

import uuid

import pytest

from partijen.models import DigitaalAdres
from tests.factories import make_digitaal_adres, make_persoon
from tests.klantcontacten_api.helpers import (
    BETROKKENEN,
    KLANTCONTACTEN,
    betrokkene,
    klantcontact,
)
from tests.partijen.helpers import (
    DIGITALE_ADRESSEN,
    PARTIJEN,
    absolute,
    assert_invalid,
    contract_properties,
    ref,
    uuids,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def jan():
    return make_persoon(voornaam="Jan")


@pytest.fixture
def contact(jan):
    kc = klantcontact(onderwerp="Paspoort")
    return {"klantcontact": kc, "betrokkene": betrokkene(kc, jan)}


# --- verstrektDoorBetrokkene ------------------------------------------------------------------


def test_a_digitaal_adres_is_linked_to_a_betrokkene_on_create_and_shown_both_ways(api, contact):
    b = contact["betrokkene"]

    response = api.post(
        DIGITALE_ADRESSEN,
        {
            "verstrektDoorBetrokkene": ref(b),
            "adres": "0612345678",
            "soortDigitaalAdres": "telefoonnummer",
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == contract_properties("DigitaalAdres")
    assert body["verstrektDoorBetrokkene"] == {
        "uuid": str(b.uuid),
        "url": absolute(f"{BETROKKENEN}/{b.uuid}"),
    }
    assert DigitaalAdres.objects.get(uuid=body["uuid"]).betrokkene == b
    betrokkene_body = api.get(f"{BETROKKENEN}/{b.uuid}").json()
    assert betrokkene_body["digitaleAdressen"] == [{"uuid": body["uuid"], "url": body["url"]}]


def test_the_link_can_be_changed_and_removed(api, contact, jan):
    adres = make_digitaal_adres(jan)
    other = betrokkene(klantcontact(), None)
    detail = f"{DIGITALE_ADRESSEN}/{adres.uuid}"

    linked = api.patch(detail, {"verstrektDoorBetrokkene": ref(other)}, format="json")
    assert linked.json()["verstrektDoorBetrokkene"]["uuid"] == str(other.uuid)
    # PATCH of another field leaves the link alone.
    kept = api.patch(detail, {"omschrijving": "werk"}, format="json")
    assert kept.json()["verstrektDoorBetrokkene"]["uuid"] == str(other.uuid)

    unlinked = api.patch(detail, {"verstrektDoorBetrokkene": None}, format="json")

    assert unlinked.status_code == 200
    assert unlinked.json()["verstrektDoorBetrokkene"] is None
    assert unlinked.json()["verstrektDoorPartij"]["uuid"] == str(jan.uuid)
    assert DigitaalAdres.objects.get(pk=adres.pk).betrokkene is None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ({"uuid": str(uuid.UUID(int=7))}, "does_not_exist"),
        ({"uuid": "geen-uuid"}, "invalid"),
        ("niet een object", "invalid"),
    ],
)
def test_an_unknown_or_malformed_betrokkene_is_a_400_naming_the_field(api, value, code):
    response = api.post(
        DIGITALE_ADRESSEN,
        {"verstrektDoorBetrokkene": value, "adres": "a@example.nl", "soortDigitaalAdres": "email"},
        format="json",
    )

    param = assert_invalid(response, "verstrektDoorBetrokkene", code=code)
    if code == "does_not_exist":
        assert param["reason"] == "Betrokkene object bestaat niet."
    assert DigitaalAdres.objects.count() == 0


def test_deleting_the_betrokkene_keeps_its_digitaal_adres_unlinked(api, contact):
    b = contact["betrokkene"]
    adres = make_digitaal_adres(None, betrokkene=b)

    assert api.delete(f"{BETROKKENEN}/{b.uuid}").status_code == 204

    body = api.get(f"{DIGITALE_ADRESSEN}/{adres.uuid}").json()
    assert body["verstrektDoorBetrokkene"] is None


def test_digitale_adressen_filter_on_their_betrokkene(api, contact):
    b = contact["betrokkene"]
    vertegenwoordiger = betrokkene(klantcontact(), None, rol="vertegenwoordiger")
    van_klant = make_digitaal_adres(None, adres="klant@example.nl", betrokkene=b)
    van_vertegenwoordiger = make_digitaal_adres(
        None, adres="vert@example.nl", betrokkene=vertegenwoordiger
    )
    make_digitaal_adres(make_persoon(), adres="los@example.nl")

    by_uuid = api.get(DIGITALE_ADRESSEN, {"verstrektDoorBetrokkene__uuid": b.uuid})
    by_url = api.get(
        DIGITALE_ADRESSEN, {"verstrektDoorBetrokkene__url": absolute(f"{BETROKKENEN}/{b.uuid}")}
    )
    by_rol = api.get(DIGITALE_ADRESSEN, {"verstrektDoorBetrokkene__rol": "vertegenwoordiger"})

    assert uuids(by_uuid) == [str(van_klant.uuid)]
    assert uuids(by_url) == [str(van_klant.uuid)]
    assert uuids(by_rol) == [str(van_vertegenwoordiger.uuid)]
    assert_invalid(
        api.get(DIGITALE_ADRESSEN, {"verstrektDoorBetrokkene__rol": "klantje"}),
        "verstrektDoorBetrokkene__rol",
    )


def test_digitaal_adres_expands_its_betrokkene_and_that_ones_klantcontact(api, contact):
    b, kc = contact["betrokkene"], contact["klantcontact"]
    adres = make_digitaal_adres(None, betrokkene=b)
    los = make_digitaal_adres(make_persoon(), adres="los@example.nl")

    body = api.get(
        DIGITALE_ADRESSEN,
        {"expand": "verstrektDoorBetrokkene,verstrektDoorBetrokkene.hadKlantcontact"},
    ).json()

    by_uuid = {item["uuid"]: item for item in body["results"]}
    expanded = by_uuid[str(adres.uuid)]["_expand"]["verstrektDoorBetrokkene"]
    assert expanded == {
        **api.get(f"{BETROKKENEN}/{b.uuid}").json(),
        "_expand": {"hadKlantcontact": expanded["_expand"]["hadKlantcontact"]},
    }
    assert expanded["_expand"]["hadKlantcontact"]["onderwerp"] == "Paspoort"
    assert expanded["_expand"]["hadKlantcontact"]["uuid"] == str(kc.uuid)
    assert by_uuid[str(los.uuid)]["_expand"] == {"verstrektDoorBetrokkene": None}


def test_digitaal_adres_detail_expands_too_down_to_the_interne_taken(api, contact):
    adres = make_digitaal_adres(None, betrokkene=contact["betrokkene"])
    detail = f"{DIGITALE_ADRESSEN}/{adres.uuid}"

    body = api.get(detail, {"expand": "verstrektDoorBetrokkene"}).json()

    assert body["_expand"]["verstrektDoorBetrokkene"]["uuid"] == str(contact["betrokkene"].uuid)
    assert "_expand" not in body["_expand"]["verstrektDoorBetrokkene"]
    deep = api.get(
        detail, {"expand": "verstrektDoorBetrokkene.hadKlantcontact.leiddeTotInterneTaken"}
    ).json()
    klantcontact = deep["_expand"]["verstrektDoorBetrokkene"]["_expand"]["hadKlantcontact"]
    assert klantcontact["_expand"] == {"leiddeTotInterneTaken": []}


# --- betrokkenen of a partij ------------------------------------------------------------------


def test_a_partij_lists_the_betrokkenen_that_were_it(api, jan, contact):
    tweede = betrokkene(klantcontact(), jan)
    betrokkene(klantcontact(), make_persoon())  # someone else's

    body = api.get(f"{PARTIJEN}/{jan.uuid}").json()

    assert sorted(item["uuid"] for item in body["betrokkenen"]) == sorted(
        [str(contact["betrokkene"].uuid), str(tweede.uuid)]
    )
    assert all(set(item) == {"uuid", "url"} for item in body["betrokkenen"])


def test_a_partij_expands_its_betrokkenen_and_their_klantcontacten(api, jan, contact):
    b, kc = contact["betrokkene"], contact["klantcontact"]

    body = api.get(
        f"{PARTIJEN}/{jan.uuid}", {"expand": "betrokkenen,betrokkenen.hadKlantcontact"}
    ).json()

    [expanded] = body["_expand"]["betrokkenen"]
    assert set(expanded) - {"_expand"} == contract_properties("Betrokkene")
    assert expanded["uuid"] == str(b.uuid)
    assert expanded["_expand"]["hadKlantcontact"] == api.get(f"{KLANTCONTACTEN}/{kc.uuid}").json()


def test_a_partij_expands_betrokkenen_without_their_klantcontacten(api, jan, contact):
    body = api.get(f"{PARTIJEN}/{jan.uuid}", {"expand": "betrokkenen"}).json()

    [expanded] = body["_expand"]["betrokkenen"]
    assert "_expand" not in expanded


def test_deleting_a_partij_detaches_its_betrokkenen(api, jan, contact):
    b = contact["betrokkene"]

    assert api.delete(f"{PARTIJEN}/{jan.uuid}").status_code == 204

    body = api.get(f"{BETROKKENEN}/{b.uuid}").json()
    assert body["wasPartij"] is None
    assert body["hadKlantcontact"]["uuid"] == str(contact["klantcontact"].uuid)
