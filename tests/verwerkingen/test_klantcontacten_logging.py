"""Searching klantcontacten or betrokkenen by a partij's BSN looks up that person: logged for
verwerkingenlogging like a search of partijen, against the person searched for only."""

import pytest

from klantenregister.logging import mask_bsn
from tests.conftest import KI
from tests.factories import make_betrokkene, make_klantcontact, make_persoon, valid_bsn
from tests.verwerkingen.conftest import rows

pytestmark = pytest.mark.django_db

KLANTCONTACTEN = f"{KI}/klantcontacten"
BETROKKENEN = f"{KI}/betrokkenen"


def by_bsn(prefix: str, bsn: str) -> dict:
    return {
        f"{prefix}__partijIdentificator__codeSoortObjectId": "bsn",
        f"{prefix}__partijIdentificator__objectId": bsn,
    }


@pytest.fixture
def gesprek(db):
    """A klantcontact between an inwoner (with a BSN) and a medewerker-partij (another BSN)."""
    bsn = valid_bsn()
    inwoner = make_persoon(bsn=bsn)
    ander = make_persoon(bsn=valid_bsn(), voornaam="Anna")
    klantcontact = make_klantcontact()
    make_betrokkene(klantcontact, inwoner)
    make_betrokkene(klantcontact, ander, rol="vertegenwoordiger", initiator=False)
    return klantcontact, inwoner, bsn


def test_klantcontacten_searched_by_bsn_log_the_person_searched_not_the_other_betrokkenen(
    api, gesprek
):
    klantcontact, inwoner, bsn = gesprek

    response = api.get(KLANTCONTACTEN, by_bsn("hadBetrokkene__wasPartij", bsn))

    assert [item["uuid"] for item in response.json()["results"]] == [str(klantcontact.uuid)]
    [row] = rows()
    assert (row.partij_uuid, row.soort) == (inwoner.uuid, "zoeken_bsn")
    assert row.zoekwaarde == mask_bsn(bsn)
    assert row.pad == "/klantinteracties/api/v1/klantcontacten"


def test_betrokkenen_searched_by_bsn_log_the_partij_of_each_betrokkene(api, gesprek):
    _, inwoner, bsn = gesprek

    response = api.get(BETROKKENEN, by_bsn("wasPartij", bsn))

    assert response.json()["count"] == 1
    [row] = rows()
    assert (row.partij_uuid, row.soort) == (inwoner.uuid, "zoeken_bsn")


def test_a_klantcontacten_search_for_an_unknown_bsn_is_logged_without_partij(api, gesprek):
    unknown = valid_bsn()

    response = api.get(KLANTCONTACTEN, by_bsn("hadBetrokkene__wasPartij", unknown))

    assert response.json()["count"] == 0
    [row] = rows()
    assert row.partij_uuid is None and row.zoekwaarde == mask_bsn(unknown)


def test_klantcontacten_without_an_identificator_filter_are_not_logged(api, gesprek):
    assert api.get(KLANTCONTACTEN).status_code == 200
    assert api.get(BETROKKENEN).status_code == 200
    assert rows() == []
