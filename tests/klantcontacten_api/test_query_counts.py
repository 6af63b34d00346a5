"""List endpoints of the klantcontacten resources (and the partijen lists that reach into them)
issue a fixed number of queries, whatever the page size and `expand` (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_digitaal_adres, make_persoon, valid_bsn
from tests.klantcontacten_api.helpers import (
    ACTOREN,
    ACTORKLANTCONTACTEN,
    BETROKKENEN,
    BIJLAGEN,
    KLANTCONTACTEN,
    ONDERWERPOBJECTEN,
    betrokkene,
    bijlage,
    klantcontact,
    link,
    medewerker,
    onderwerpobject,
)
from tests.partijen.helpers import DIGITALE_ADRESSEN, PARTIJEN

pytestmark = pytest.mark.django_db

N = 100
KLANTCONTACT_EXPAND = (
    "hadBetrokkenen,hadBetrokkenen.wasPartij,hadBetrokkenen.digitaleAdressen,"
    "gingOverOnderwerpobjecten,omvatteBijlagen"
)

# What one request costs, measured when these tests were written. The tests assert that it
# does not grow with the page size; a change of these numbers flags a regression:
# - every list: api client + count + page = 3, plus one query per prefetched relation;
# - klantcontacten: + betrokkenen, onderwerpobjecten, bijlagen, actoren = 7. The full expand
#   adds betrokkenen (+ their digitale-adres refs) 2, wasPartij (a partij and its 6
#   prefetches) 7, digitaleAdressen 1, onderwerpobjecten 1, bijlagen 1 = 19;
# - betrokkenen: + digitale-adres refs = 4; expand digitaleAdressen + 1 = 5;
# - digitaleadressen + verstrektDoorBetrokkene (2) + .hadKlantcontact (1 + its 4) = 10;
# - partijen (9, see tests/partijen) + betrokkenen (2) + .hadKlantcontact (1 + its 4) = 16.
EXPECTED = {
    "klantcontacten": 8,
    "klantcontacten+expand": 20,
    "betrokkenen": 4,
    "betrokkenen+expand": 5,
    "digitaleadressen+expand": 11,
    "partijen+expand": 17,
    "onderwerpobjecten": 3,
    "bijlagen": 3,
    "actoren": 3,
    "actorklantcontacten": 3,
}


@pytest.fixture(scope="module")
def populated(module_db):
    """N klantcontacten, each with a known and an anonymous betrokkene (each with a digitaal
    adres), an onderwerpobject, a bijlage and two actoren; made once for the module's tests
    (tests/conftest.py module_db), each test sees them as made."""
    actoren = [medewerker("A"), medewerker("B")]
    previous = None
    for index in range(N):
        kc = klantcontact()
        partij = make_persoon(bsn=valid_bsn())
        make_digitaal_adres(partij, adres=f"p{index}@example.nl")
        bekend = betrokkene(kc, partij)
        anoniem = betrokkene(kc, None, rol="vertegenwoordiger", initiator=False)
        make_digitaal_adres(None, adres=f"b{index}@example.nl", betrokkene=bekend)
        make_digitaal_adres(None, adres="0612345678", soort="telefoonnummer", betrokkene=anoniem)
        onderwerpobject(kc, object_id=f"zaak-{index}")
        bijlage(kc, object_id=f"doc-{index}")
        for actor in actoren:
            link(actor, kc)
        # The previous contact's partij takes part too, so partijen have several betrokkenen.
        if previous is not None:
            betrokkene(kc, previous, initiator=False)
        previous = partij


def count_queries(api, path, params) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as context:
        response = api.get(path, params)
    assert response.status_code == 200, response.content[:2000]
    return len(context.captured_queries), response.json()


def measure(api, path, extra=None) -> tuple[int, int, dict]:
    extra = extra or {}
    api.get(path, {"pageSize": 1, **extra})  # warm up caches outside the measurement
    small, small_body = count_queries(api, path, {"pageSize": 1, **extra})
    large, large_body = count_queries(api, path, {"pageSize": 100, **extra})
    assert len(small_body["results"]) == 1
    assert len(large_body["results"]) == 100
    print(f"\n{path} {extra}: pageSize=1 → {small} queries, pageSize=100 → {large}")
    return small, large, large_body


def test_klantcontacten_with_every_expansion(api, populated):
    small, large, _ = measure(api, KLANTCONTACTEN)
    assert (small, large) == (EXPECTED["klantcontacten"],) * 2

    small, large, body = measure(api, KLANTCONTACTEN, {"expand": KLANTCONTACT_EXPAND})
    assert (small, large) == (EXPECTED["klantcontacten+expand"],) * 2

    # ... and the page really shows what was prefetched.
    for item in body["results"]:
        assert len(item["hadBetrokkenActoren"]) == 2
        assert item["hadBetrokkenActoren"][0]["actorIdentificatie"]["functie"] == "KCC"
        expanded = item["_expand"]
        assert len(expanded["hadBetrokkenen"]) == len(item["hadBetrokkenen"]) >= 2
        assert len(expanded["gingOverOnderwerpobjecten"]) == 1
        assert len(expanded["omvatteBijlagen"]) == 1
        for betrokkene_body in expanded["hadBetrokkenen"]:
            nested = betrokkene_body["_expand"]
            assert len(nested["digitaleAdressen"]) == len(betrokkene_body["digitaleAdressen"])
            if betrokkene_body["wasPartij"] is None:
                assert nested["wasPartij"] is None
            else:
                assert nested["wasPartij"]["uuid"] == betrokkene_body["wasPartij"]["uuid"]
                assert nested["wasPartij"]["partijIdentificatoren"]


def test_klantcontact_detail_with_every_expansion_costs_the_list_minus_the_count(api, populated):
    kc = api.get(KLANTCONTACTEN, {"pageSize": 1}).json()["results"][0]

    queries, body = count_queries(
        api, f"{KLANTCONTACTEN}/{kc['uuid']}", {"expand": KLANTCONTACT_EXPAND}
    )

    assert queries == EXPECTED["klantcontacten+expand"] - 1
    assert body["_expand"]["hadBetrokkenen"]


def test_betrokkenen_with_expansion(api, populated):
    small, large, _ = measure(api, BETROKKENEN)
    assert (small, large) == (EXPECTED["betrokkenen"],) * 2

    small, large, body = measure(api, BETROKKENEN, {"expand": "digitaleAdressen"})
    assert (small, large) == (EXPECTED["betrokkenen+expand"],) * 2
    assert all(
        len(item["_expand"]["digitaleAdressen"]) == len(item["digitaleAdressen"])
        for item in body["results"]
    )


def test_digitale_adressen_with_expansion(api, populated):
    small, large, body = measure(
        api,
        DIGITALE_ADRESSEN,
        {"expand": "verstrektDoorBetrokkene,verstrektDoorBetrokkene.hadKlantcontact"},
    )

    assert (small, large) == (EXPECTED["digitaleadressen+expand"],) * 2
    with_betrokkene = [item for item in body["results"] if item["verstrektDoorBetrokkene"]]
    assert with_betrokkene
    for item in with_betrokkene:
        expanded = item["_expand"]["verstrektDoorBetrokkene"]
        assert expanded["uuid"] == item["verstrektDoorBetrokkene"]["uuid"]
        assert expanded["_expand"]["hadKlantcontact"]["uuid"] == expanded["hadKlantcontact"]["uuid"]


def test_partijen_with_betrokkenen_expansion(api, populated):
    small, large, body = measure(
        api, PARTIJEN, {"expand": "betrokkenen,betrokkenen.hadKlantcontact"}
    )

    assert (small, large) == (EXPECTED["partijen+expand"],) * 2
    for item in body["results"]:
        expanded = item["_expand"]["betrokkenen"]
        assert {b["uuid"] for b in expanded} == {b["uuid"] for b in item["betrokkenen"]}
        for betrokkene_body in expanded:
            klantcontact_body = betrokkene_body["_expand"]["hadKlantcontact"]
            assert klantcontact_body["uuid"] == betrokkene_body["hadKlantcontact"]["uuid"]
            assert len(klantcontact_body["hadBetrokkenActoren"]) == 2


@pytest.mark.parametrize(
    ("path", "key"),
    [
        (ONDERWERPOBJECTEN, "onderwerpobjecten"),
        (BIJLAGEN, "bijlagen"),
        (ACTORKLANTCONTACTEN, "actorklantcontacten"),
    ],
)
def test_simple_lists(api, populated, path, key):
    small, large, _ = measure(api, path)

    assert (small, large) == (EXPECTED[key],) * 2


def test_actoren_list(api, populated):
    for index in range(N):
        medewerker(f"M{index}")

    small, large, body = measure(api, ACTOREN)

    assert (small, large) == (EXPECTED["actoren"],) * 2
    assert all(item["actorIdentificatie"]["telefoonnummer"] for item in body["results"])
