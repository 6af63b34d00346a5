"""List endpoints issue a fixed number of queries, whatever the page size (no N+1)."""

import copy

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partijen import services
from tests.factories import make_digitaal_adres, make_organisatie, make_persoon
from tests.partijen.helpers import DIGITALE_ADRESSEN, IDENTIFICATOREN, PARTIJEN, valid_iban

pytestmark = pytest.mark.django_db

N = 100

# The numbers measured when these tests were written. The tests assert that they do not grow
# with the page size; these constants document what one request costs and flag a regression
# when they change:
# - partijen: api client + count + page (with persoon/organisatie/contactpersoon, voorkeuren
#   joined) + 5 prefetches (digitale adressen, rekeningnummers, identificatoren with their
#   parent, categorie-relaties with categorie, vertegenwoordigingen with the partij) = 8;
#   expand adds one query per expanded relation.
# - digitaleadressen, partij-identificatoren: api client + count + page (relations joined) = 3.
EXPECTED = {
    # 9: one of them fetches the betrokkenen (klantcontacten) of the page's partijen.
    "partijen": 9,
    "partijen+expand": 11,
    "digitaleadressen": 3,
    "partij-identificatoren": 3,
}


@pytest.fixture(scope="module")
def populated_once(module_db):
    """N partijen with every relation, made once for the module (tests/conftest.py module_db)."""
    categorie = services.create_categorie({"naam": "VIP"})
    organisatie = make_organisatie(kvk="12345678")
    kvk = organisatie.partij_identificatoren.get()
    partijen = []
    for index in range(N):
        partij = make_persoon(bsn=None)
        services.create_partij_identificator(
            {
                "partij": partij,
                "partij_identificator_code_register": "hr",
                "partij_identificator_code_objecttype": "vestiging",
                "partij_identificator_code_soort_object_id": "vestigingsnummer",
                "partij_identificator_object_id": f"{index:012d}",
                "sub_identificator_van": kvk,
            }
        )
        first = make_digitaal_adres(partij, adres=f"p{index}@example.nl")
        make_digitaal_adres(partij, adres="0612345678", soort="telefoonnummer")
        rekening = services.create_rekeningnummer({"partij": partij, "iban": valid_iban()})
        services.create_categorie_relatie({"partij": partij, "categorie": categorie})
        services.create_vertegenwoordiging(
            {"vertegenwoordigende_partij": partij, "vertegenwoordigde_partij": organisatie}
        )
        services.update_partij(
            partij,
            {"voorkeurs_digitaal_adres": first, "voorkeurs_rekeningnummer": rekening},
            partial=True,
        )
        partijen.append(partij)
    contactpersoon = services.create_partij(
        {
            "soort_partij": "contactpersoon",
            "indicatie_actief": True,
            "partij_identificatie": {"werkte_voor_partij": organisatie},
        }
    )
    return partijen + [organisatie, contactpersoon]


@pytest.fixture
def populated(populated_once):
    # A copy per test, so that no test sees another's changes to the instances in memory.
    return copy.deepcopy(populated_once)


def count_queries(api, path, params) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as context:
        response = api.get(path, params)
    assert response.status_code == 200, response.content
    return len(context.captured_queries), response.json()


def measure(api, path, extra=None) -> tuple[int, int]:
    extra = extra or {}
    api.get(path, {"pageSize": 1, **extra})  # warm up caches outside the measurement
    small, small_body = count_queries(api, path, {"pageSize": 1, **extra})
    large, large_body = count_queries(api, path, {"pageSize": 100, **extra})
    assert len(small_body["results"]) == 1
    assert len(large_body["results"]) == 100
    return small, large


def test_partijen_list_queries_do_not_grow_with_page_size(api, populated):
    plain = measure(api, PARTIJEN)
    expanded = measure(api, PARTIJEN, {"expand": "digitaleAdressen,categorieRelaties"})
    partij = populated[0]
    path = f"{PARTIJEN}/{partij.uuid}"
    detail, _ = count_queries(api, path, {"expand": "digitaleAdressen,categorieRelaties"})
    print(
        f"\npartijen list: pageSize=1 → {plain[0]} queries, pageSize=100 → {plain[1]} queries"
        f"\npartijen list + expand: pageSize=1 → {expanded[0]}, pageSize=100 → {expanded[1]}"
        f"\npartij detail + expand: {detail}"
    )

    assert plain == (EXPECTED["partijen"], EXPECTED["partijen"])
    assert expanded == (EXPECTED["partijen+expand"], EXPECTED["partijen+expand"])
    # The detail skips the count query of the list but, for a persoon, writes one row to the
    # verwerkingenlog (klantenregister/verwerkingen).
    assert partij.soort_partij == "persoon"
    assert detail == EXPECTED["partijen+expand"]

    # ... and the page really shows what was prefetched.
    _, body = count_queries(api, PARTIJEN, {"pageSize": 100, "expand": "digitaleAdressen"})
    persoon = next(item for item in body["results"] if item["soortPartij"] == "persoon")
    assert len(persoon["digitaleAdressen"]) == 2
    assert len(persoon["_expand"]["digitaleAdressen"]) == 2
    assert len(persoon["rekeningnummers"]) == 1
    assert persoon["voorkeursDigitaalAdres"] is not None
    assert persoon["voorkeursRekeningnummer"] is not None
    assert len(persoon["categorieRelaties"]) == 1
    assert persoon["categorieRelaties"][0]["categorieNaam"] == "VIP"
    assert len(persoon["vertegenwoordigden"]) == 1
    assert persoon["partijIdentificatoren"][0]["subIdentificatorVan"] is not None
    assert persoon["partijIdentificatie"]["volledigeNaam"] == "Jan Jansen"


def test_digitale_adressen_and_identificatoren_lists_do_not_grow_with_page_size(api, populated):
    adressen = measure(api, DIGITALE_ADRESSEN)
    identificatoren = measure(api, IDENTIFICATOREN)
    print(
        f"\ndigitaleadressen list: pageSize=1 → {adressen[0]}, pageSize=100 → {adressen[1]}"
        f"\npartij-identificatoren list: pageSize=1 → {identificatoren[0]}, "
        f"pageSize=100 → {identificatoren[1]}"
    )

    assert adressen == (EXPECTED["digitaleadressen"], EXPECTED["digitaleadressen"])
    assert identificatoren == (
        EXPECTED["partij-identificatoren"],
        EXPECTED["partij-identificatoren"],
    )
