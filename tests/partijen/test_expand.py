"""`?expand=` on partijen inlines the related resources under `_expand` (spec §4.4)."""

import pytest

from partijen import services
from tests.factories import make_digitaal_adres, make_persoon
from tests.partijen.helpers import (
    CATEGORIE_RELATIES,
    DIGITALE_ADRESSEN,
    IDENTIFICATOREN,
    PARTIJEN,
    assert_invalid,
    contract_properties,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def partij():
    partij = make_persoon()
    make_digitaal_adres(partij, adres="a@example.nl")
    make_digitaal_adres(partij, adres="0612345678", soort="telefoonnummer")
    categorie = services.create_categorie({"naam": "VIP"})
    services.create_categorie_relatie({"partij": partij, "categorie": categorie})
    return partij


def expected_expansion(api, partij) -> dict:
    adressen = api.get(DIGITALE_ADRESSEN, {"verstrektDoorPartij__uuid": partij.uuid}).json()
    relaties = api.get(CATEGORIE_RELATIES, {"partij__uuid": partij.uuid}).json()
    return {"digitaleAdressen": adressen["results"], "categorieRelaties": relaties["results"]}


def test_detail_expands_digitale_adressen_and_categorie_relaties(api, partij):
    response = api.get(
        f"{PARTIJEN}/{partij.uuid}", {"expand": "digitaleAdressen,categorieRelaties"}
    )

    assert response.status_code == 200
    body = response.json()
    expand = body["_expand"]
    assert set(expand) == {"digitaleAdressen", "categorieRelaties"}
    assert sorted(expand["digitaleAdressen"], key=lambda x: x["uuid"]) == sorted(
        expected_expansion(api, partij)["digitaleAdressen"], key=lambda x: x["uuid"]
    )
    assert expand["categorieRelaties"] == expected_expansion(api, partij)["categorieRelaties"]
    # Full representations, not references.
    assert all(
        set(item) == contract_properties("DigitaalAdres") for item in expand["digitaleAdressen"]
    )
    assert all(
        set(item) == contract_properties("CategorieRelatie") for item in expand["categorieRelaties"]
    )
    # The reference fields stay as they are.
    assert len(body["digitaleAdressen"]) == 2
    assert set(body["digitaleAdressen"][0]) == {"uuid", "url"}


def test_list_expands_each_result(api, partij):
    other = make_persoon()

    response = api.get(PARTIJEN, {"expand": "digitaleAdressen,categorieRelaties"})

    results = {item["uuid"]: item for item in response.json()["results"]}
    assert len(results[str(partij.uuid)]["_expand"]["digitaleAdressen"]) == 2
    assert len(results[str(partij.uuid)]["_expand"]["categorieRelaties"]) == 1
    assert results[str(other.uuid)]["_expand"] == {"digitaleAdressen": [], "categorieRelaties": []}


def test_expand_may_be_repeated_and_only_asks_what_it_names(api, partij):
    repeated = api.get(
        f"{PARTIJEN}/{partij.uuid}?expand=digitaleAdressen&expand=categorieRelaties"
    ).json()
    single = api.get(f"{PARTIJEN}/{partij.uuid}", {"expand": "categorieRelaties"}).json()

    assert set(repeated["_expand"]) == {"digitaleAdressen", "categorieRelaties"}
    assert set(single["_expand"]) == {"categorieRelaties"}


def test_without_expand_there_is_no_expand_key(api, partij):
    assert "_expand" not in api.get(f"{PARTIJEN}/{partij.uuid}").json()
    assert "_expand" not in api.get(PARTIJEN).json()["results"][0]


@pytest.mark.parametrize(
    "value", ["adressen", "digitaleAdressen,onbekend", "digitale_adressen", "partijIdentificatoren"]
)
def test_unknown_expand_gives_400(api, partij, value):
    assert_invalid(api.get(PARTIJEN, {"expand": value}), "expand")
    assert_invalid(api.get(f"{PARTIJEN}/{partij.uuid}", {"expand": value}), "expand")


def test_betrokkenen_expansion_is_offered(api, partij):
    # The betrokkenen live in the klantcontacten app (tests/klantcontacten_api has the rest).
    body = api.get(PARTIJEN, {"expand": "betrokkenen,betrokkenen.hadKlantcontact"}).json()

    assert body["results"][0]["_expand"] == {"betrokkenen": []}


def test_a_deeper_betrokkenen_expansion_is_refused(api, partij):
    assert_invalid(api.get(PARTIJEN, {"expand": "betrokkenen.wasPartij"}), "expand")


def test_expand_is_not_a_parameter_of_resources_without_expansions(api):
    assert_invalid(api.get(IDENTIFICATOREN, {"expand": "identificeerdePartij"}), "expand")


def test_expanded_adres_reflects_later_changes(api, partij):
    adres = partij.digitale_adressen.first()
    api.patch(f"{DIGITALE_ADRESSEN}/{adres.uuid}", {"omschrijving": "nieuw"}, format="json")

    body = api.get(f"{PARTIJEN}/{partij.uuid}", {"expand": "digitaleAdressen"}).json()

    by_uuid = {item["uuid"]: item for item in body["_expand"]["digitaleAdressen"]}
    assert by_uuid[str(adres.uuid)]["omschrijving"] == "nieuw"
