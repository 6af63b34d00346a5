"""`?expand=` on klantcontacten, betrokkenen, partijen and digitaleadressen inlines the full
representations of related klantcontacten resources under `_expand` (spec §4.4)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
from tests.klantcontacten.helpers import BETROKKENEN, BIJLAGEN, KLANTCONTACTEN, ONDERWERPOBJECTEN
from tests.partijen.helpers import DIGITALE_ADRESSEN, PARTIJEN, assert_invalid, contract_properties

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact():
    """A klantcontact with a known and an anonymous betrokkene (with a phone number), two
    onderwerpobjecten and a bijlage; and a second, bare klantcontact."""
    partij = make_persoon(bsn=valid_bsn())
    klantcontact = make_klantcontact()
    bekend = make_betrokkene(klantcontact, partij)
    anoniem = make_betrokkene(klantcontact, None, rol="vertegenwoordiger", initiator=False)
    adres = make_betrokkene_adres(anoniem)
    onderwerpobjecten = [
        make_onderwerpobject(klantcontact, object_id="zaak-1"),
        make_onderwerpobject(klantcontact, object_id="zaak-2"),
    ]
    bijlage = make_bijlage(klantcontact, object_id="doc-1")
    kaal = make_klantcontact(onderwerp="Zonder delen")
    return locals()


def body_of(api, path: str, obj) -> dict:
    response = api.get(f"{path}/{obj.uuid}")
    assert response.status_code == 200, response.content
    return response.json()


def by_uuid(items: list[dict]) -> dict[str, dict]:
    return {item["uuid"]: item for item in items}


def without_expand(item: dict) -> dict:
    return {key: value for key, value in item.items() if key != "_expand"}


# --- /klantcontacten ------------------------------------------------------------------------------


def test_klantcontact_expands_betrokkenen_onderwerpobjecten_and_bijlagen(api, contact):
    response = api.get(
        f"{KLANTCONTACTEN}/{contact['klantcontact'].uuid}",
        {"expand": "hadBetrokkenen,gingOverOnderwerpobjecten,omvatteBijlagen"},
    )

    assert response.status_code == 200, response.content
    body = response.json()
    expand = body["_expand"]
    assert set(expand) == {"hadBetrokkenen", "gingOverOnderwerpobjecten", "omvatteBijlagen"}
    assert by_uuid(expand["hadBetrokkenen"]) == {
        str(b.uuid): body_of(api, BETROKKENEN, b) for b in (contact["bekend"], contact["anoniem"])
    }
    assert by_uuid(expand["gingOverOnderwerpobjecten"]) == {
        str(o.uuid): body_of(api, ONDERWERPOBJECTEN, o) for o in contact["onderwerpobjecten"]
    }
    assert expand["omvatteBijlagen"] == [body_of(api, BIJLAGEN, contact["bijlage"])]
    assert all(set(item) == contract_properties("Betrokkene") for item in expand["hadBetrokkenen"])
    # The reference fields stay as they are.
    assert all(set(item) == {"uuid", "url"} for item in body["hadBetrokkenen"])
    assert len(body["hadBetrokkenen"]) == 2


def test_klantcontact_expands_the_partij_and_adressen_of_each_betrokkene(api, contact):
    response = api.get(
        f"{KLANTCONTACTEN}/{contact['klantcontact'].uuid}",
        {"expand": "hadBetrokkenen,hadBetrokkenen.wasPartij,hadBetrokkenen.digitaleAdressen"},
    )

    assert response.status_code == 200, response.content
    betrokkenen = by_uuid(response.json()["_expand"]["hadBetrokkenen"])
    bekend = betrokkenen[str(contact["bekend"].uuid)]
    anoniem = betrokkenen[str(contact["anoniem"].uuid)]
    assert set(bekend["_expand"]) == {"wasPartij", "digitaleAdressen"}
    assert bekend["_expand"]["wasPartij"] == body_of(api, PARTIJEN, contact["partij"])
    assert bekend["_expand"]["digitaleAdressen"] == []
    assert anoniem["_expand"]["wasPartij"] is None
    assert anoniem["_expand"]["digitaleAdressen"] == [
        body_of(api, DIGITALE_ADRESSEN, contact["adres"])
    ]
    assert without_expand(bekend) == body_of(api, BETROKKENEN, contact["bekend"])


def test_list_expands_each_result(api, contact):
    response = api.get(KLANTCONTACTEN, {"expand": "hadBetrokkenen,omvatteBijlagen"})

    assert response.status_code == 200, response.content
    results = by_uuid(response.json()["results"])
    assert len(results[str(contact["klantcontact"].uuid)]["_expand"]["hadBetrokkenen"]) == 2
    assert len(results[str(contact["klantcontact"].uuid)]["_expand"]["omvatteBijlagen"]) == 1
    assert results[str(contact["kaal"].uuid)]["_expand"] == {
        "hadBetrokkenen": [],
        "omvatteBijlagen": [],
    }


def test_expand_may_be_repeated(api, contact):
    url = f"{KLANTCONTACTEN}/{contact['klantcontact'].uuid}"

    body = api.get(f"{url}?expand=hadBetrokkenen&expand=omvatteBijlagen").json()

    assert set(body["_expand"]) == {"hadBetrokkenen", "omvatteBijlagen"}


def test_without_expand_there_is_no_expand_key(api, contact):
    assert "_expand" not in body_of(api, KLANTCONTACTEN, contact["klantcontact"])
    assert all("_expand" not in item for item in api.get(KLANTCONTACTEN).json()["results"])


def test_expanded_betrokkene_reflects_later_changes(api, contact):
    api.patch(
        f"{BETROKKENEN}/{contact['bekend'].uuid}", {"organisatienaam": "Nieuw BV"}, format="json"
    )

    body = api.get(
        f"{KLANTCONTACTEN}/{contact['klantcontact'].uuid}", {"expand": "hadBetrokkenen"}
    ).json()

    assert (
        by_uuid(body["_expand"]["hadBetrokkenen"])[str(contact["bekend"].uuid)]["organisatienaam"]
        == "Nieuw BV"
    )


# --- /betrokkenen, /partijen, /digitaleadressen ---------------------------------------------------


def test_betrokkene_expands_its_digitale_adressen(api, contact):
    response = api.get(f"{BETROKKENEN}/{contact['anoniem'].uuid}", {"expand": "digitaleAdressen"})

    assert response.status_code == 200, response.content
    assert response.json()["_expand"] == {
        "digitaleAdressen": [body_of(api, DIGITALE_ADRESSEN, contact["adres"])]
    }
    listed = by_uuid(api.get(BETROKKENEN, {"expand": "digitaleAdressen"}).json()["results"])
    assert listed[str(contact["bekend"].uuid)]["_expand"] == {"digitaleAdressen": []}


def test_partij_expands_its_betrokkenen_and_their_klantcontacten(api, contact):
    tweede_contact = make_klantcontact(onderwerp="Tweede gesprek")
    tweede = make_betrokkene(tweede_contact, contact["partij"])

    response = api.get(
        f"{PARTIJEN}/{contact['partij'].uuid}",
        {"expand": "betrokkenen,betrokkenen.hadKlantcontact"},
    )

    assert response.status_code == 200, response.content
    betrokkenen = by_uuid(response.json()["_expand"]["betrokkenen"])
    assert set(betrokkenen) == {str(contact["bekend"].uuid), str(tweede.uuid)}
    assert without_expand(betrokkenen[str(tweede.uuid)]) == body_of(api, BETROKKENEN, tweede)
    assert betrokkenen[str(tweede.uuid)]["_expand"]["hadKlantcontact"] == body_of(
        api, KLANTCONTACTEN, tweede_contact
    )
    assert betrokkenen[str(contact["bekend"].uuid)]["_expand"]["hadKlantcontact"] == body_of(
        api, KLANTCONTACTEN, contact["klantcontact"]
    )


def test_partij_list_expands_betrokkenen(api, contact):
    zonder = make_persoon()

    results = by_uuid(api.get(PARTIJEN, {"expand": "betrokkenen"}).json()["results"])

    assert [
        item["uuid"] for item in results[str(contact["partij"].uuid)]["_expand"]["betrokkenen"]
    ] == [str(contact["bekend"].uuid)]
    assert results[str(zonder.uuid)]["_expand"] == {"betrokkenen": []}


def test_digitaal_adres_expands_its_betrokkene_and_klantcontact(api, contact):
    response = api.get(
        f"{DIGITALE_ADRESSEN}/{contact['adres'].uuid}",
        {"expand": "verstrektDoorBetrokkene,verstrektDoorBetrokkene.hadKlantcontact"},
    )

    assert response.status_code == 200, response.content
    betrokkene = response.json()["_expand"]["verstrektDoorBetrokkene"]
    assert without_expand(betrokkene) == body_of(api, BETROKKENEN, contact["anoniem"])
    assert betrokkene["_expand"]["hadKlantcontact"] == body_of(
        api, KLANTCONTACTEN, contact["klantcontact"]
    )


def test_digitaal_adres_without_betrokkene_expands_to_null(api, contact):
    adres = make_digitaal_adres(contact["partij"])

    body = api.get(
        f"{DIGITALE_ADRESSEN}/{adres.uuid}", {"expand": "verstrektDoorBetrokkene"}
    ).json()

    assert body["_expand"] == {"verstrektDoorBetrokkene": None}


# --- unknown values -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (KLANTCONTACTEN, "betrokkenen"),
        (KLANTCONTACTEN, "hadBetrokkenen,onbekend"),
        (KLANTCONTACTEN, "had_betrokkenen"),
        (KLANTCONTACTEN, "hadBetrokkenActoren"),
        (KLANTCONTACTEN, "hadBetrokkenen.hadKlantcontact"),
        (KLANTCONTACTEN, "hadBetrokkenen.wasPartij.betrokkenen"),
        (BETROKKENEN, "wasPartij"),
        (BETROKKENEN, "hadKlantcontact"),
        (PARTIJEN, "betrokkenen.wasPartij"),
        (PARTIJEN, "klantcontacten"),
        (DIGITALE_ADRESSEN, "verstrektDoorPartij"),
        (DIGITALE_ADRESSEN, "verstrektDoorBetrokkene.wasPartij"),
    ],
)
def test_unknown_expand_gives_400(api, contact, path, value):
    obj = {
        KLANTCONTACTEN: contact["klantcontact"],
        BETROKKENEN: contact["bekend"],
        PARTIJEN: contact["partij"],
        DIGITALE_ADRESSEN: contact["adres"],
    }[path]

    assert_invalid(api.get(path, {"expand": value}), "expand")
    assert_invalid(api.get(f"{path}/{obj.uuid}", {"expand": value}), "expand")


# --- cost -----------------------------------------------------------------------------------------

FULL_EXPAND = (
    "hadBetrokkenen,hadBetrokkenen.wasPartij,hadBetrokkenen.digitaleAdressen,"
    "gingOverOnderwerpobjecten,omvatteBijlagen"
)


def _add_contacts(count: int) -> None:
    for index in range(count):
        klantcontact = make_klantcontact(onderwerp=f"Gesprek {index}")
        make_betrokkene_adres(make_betrokkene(klantcontact, make_persoon(bsn=valid_bsn())))
        make_betrokkene(klantcontact, None, rol="vertegenwoordiger", initiator=False)
        make_onderwerpobject(klantcontact, object_id=f"zaak-{index}")
        make_bijlage(klantcontact, object_id=f"doc-{index}")


def _queries(api, path: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as context:
        response = api.get(path, params)
    assert response.status_code == 200, response.content[:500]
    return len(context.captured_queries)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        (KLANTCONTACTEN, {"expand": FULL_EXPAND}),
        (KLANTCONTACTEN, {}),
        (BETROKKENEN, {"expand": "digitaleAdressen"}),
        (PARTIJEN, {"expand": "betrokkenen,betrokkenen.hadKlantcontact"}),
        (
            DIGITALE_ADRESSEN,
            {"expand": "verstrektDoorBetrokkene.hadKlantcontact,verstrektDoorBetrokkene"},
        ),
    ],
    ids=[
        "klantcontacten-expanded",
        "klantcontacten",
        "betrokkenen",
        "partijen",
        "digitaleadressen",
    ],
)
def test_expanded_lists_cost_the_same_queries_for_2_or_8_results(api, path, params):
    _add_contacts(2)
    _queries(api, path, params)  # warm-up: the first request of a client costs one extra
    few = _queries(api, path, params)
    _add_contacts(6)

    many = _queries(api, path, params)

    assert many == few, (few, many)
