"""Bad input on every write of every partijen resource gives a 400 problem+json that names the
field (camelCase path), never a 500, and saves nothing."""

import pytest

from partijen import services
from tests.factories import make_digitaal_adres, make_organisatie, make_persoon, valid_bsn
from tests.partijen.helpers import (
    CATEGORIE_RELATIES,
    CATEGORIEEN,
    DIGITALE_ADRESSEN,
    IDENTIFICATOREN,
    PARTIJEN,
    REKENINGNUMMERS,
    VERTEGENWOORDIGINGEN,
    bsn_identificator,
    invalid_params,
    persoon_payload,
    problem,
    random_ref,
    ref,
    row_state,
    valid_iban,
    value_id,
)

pytestmark = pytest.mark.django_db

NOT_A_UUID = {"uuid": "not-a-uuid"}


def _existing_partij():
    partij = make_persoon(bsn=valid_bsn())
    make_digitaal_adres(partij)
    return partij


def _existing_vertegenwoordiging():
    return services.create_vertegenwoordiging(
        {
            "vertegenwoordigende_partij": make_organisatie(),
            "vertegenwoordigde_partij": make_persoon(),
        }
    )


RESOURCES = {
    PARTIJEN: {
        "valid": persoon_payload,
        "existing": _existing_partij,
    },
    IDENTIFICATOREN: {
        "valid": lambda: bsn_identificator(),
        "existing": lambda: make_persoon(bsn=valid_bsn()).partij_identificatoren.get(),
    },
    DIGITALE_ADRESSEN: {
        "valid": lambda: {"adres": "a@example.nl", "soortDigitaalAdres": "email"},
        "existing": lambda: make_digitaal_adres(make_persoon()),
    },
    REKENINGNUMMERS: {
        "valid": lambda: {"iban": valid_iban()},
        "existing": lambda: services.create_rekeningnummer({"iban": valid_iban()}),
    },
    VERTEGENWOORDIGINGEN: {
        "valid": lambda: {
            "vertegenwoordigendePartij": ref(make_organisatie()),
            "vertegenwoordigdePartij": ref(make_persoon()),
        },
        "existing": _existing_vertegenwoordiging,
    },
    CATEGORIEEN: {
        "valid": lambda: {"naam": "VIP"},
        "existing": lambda: services.create_categorie({"naam": "VIP"}),
    },
    CATEGORIE_RELATIES: {
        "valid": lambda: {},
        "existing": lambda: services.create_categorie_relatie({"partij": make_persoon()}),
    },
}

# (collection, field, bad value, the invalidParams name it must produce)
CASES = [
    # partijen: scalars
    (PARTIJEN, "soortPartij", "alien", "soortPartij"),
    (PARTIJEN, "soortPartij", ["persoon"], "soortPartij"),
    (PARTIJEN, "indicatieActief", "misschien", "indicatieActief"),
    (PARTIJEN, "indicatieActief", None, "indicatieActief"),
    (PARTIJEN, "indicatieActief", {}, "indicatieActief"),
    (PARTIJEN, "indicatieGeheimhouding", "geheim", "indicatieGeheimhouding"),
    (PARTIJEN, "interneNotitie", {"tekst": "x"}, "interneNotitie"),
    (PARTIJEN, "interneNotitie", "x" * 1001, "interneNotitie"),
    (PARTIJEN, "interneNotitie", "nul\x00teken", "interneNotitie"),
    (PARTIJEN, "voorkeurstaal", "nlds", "voorkeurstaal"),
    (PARTIJEN, "voorkeurstaal", ["nld"], "voorkeurstaal"),
    (PARTIJEN, "nummer", ["1"], "nummer"),
    (PARTIJEN, "nummer", True, "nummer"),
    # partijen: adressen
    (PARTIJEN, "bezoekadres", [], "bezoekadres.nonFieldErrors"),
    (PARTIJEN, "bezoekadres", "Dorpsstraat 1", "bezoekadres.nonFieldErrors"),
    (PARTIJEN, "bezoekadres", {"straatnaam": "x" * 256}, "bezoekadres.straatnaam"),
    (PARTIJEN, "bezoekadres", {"huisnummer": "twaalf"}, "bezoekadres.huisnummer"),
    (PARTIJEN, "bezoekadres", {"huisnummer": 10**30}, "bezoekadres.huisnummer"),
    (
        PARTIJEN,
        "correspondentieadres",
        {"adresregel1": "x" * 81},
        "correspondentieadres.adresregel1",
    ),
    (PARTIJEN, "correspondentieadres", {"land": {}}, "correspondentieadres.land"),
    # partijen: partijIdentificatie
    (PARTIJEN, "partijIdentificatie", [], "partijIdentificatie"),
    (PARTIJEN, "partijIdentificatie", "Jan", "partijIdentificatie"),
    (
        PARTIJEN,
        "partijIdentificatie",
        {"contactnaam": []},
        "partijIdentificatie.contactnaam.nonFieldErrors",
    ),
    (
        PARTIJEN,
        "partijIdentificatie",
        {"contactnaam": {"voorletters": "x" * 11}},
        "partijIdentificatie.contactnaam.voorletters",
    ),
    (
        PARTIJEN,
        "partijIdentificatie",
        {"contactnaam": {"voornaam": {"a": 1}}},
        "partijIdentificatie.contactnaam.voornaam",
    ),
    # partijen: references and lists
    (PARTIJEN, "digitaleAdressen", {"uuid": "x"}, "digitaleAdressen"),
    (PARTIJEN, "digitaleAdressen", [random_ref()], "digitaleAdressen"),
    (PARTIJEN, "digitaleAdressen", ["a@example.nl"], "digitaleAdressen"),
    (PARTIJEN, "digitaleAdressen", [NOT_A_UUID], "digitaleAdressen"),
    (PARTIJEN, "voorkeursDigitaalAdres", [], "voorkeursDigitaalAdres"),
    (PARTIJEN, "voorkeursDigitaalAdres", random_ref(), "voorkeursDigitaalAdres"),
    (PARTIJEN, "voorkeursDigitaalAdres", "a@example.nl", "voorkeursDigitaalAdres"),
    (PARTIJEN, "voorkeursDigitaalAdres", {}, "voorkeursDigitaalAdres"),
    (PARTIJEN, "rekeningnummers", [random_ref()], "rekeningnummers"),
    (PARTIJEN, "rekeningnummers", "NL91ABNA0417164300", "rekeningnummers"),
    (PARTIJEN, "voorkeursRekeningnummer", random_ref(), "voorkeursRekeningnummer"),
    (PARTIJEN, "voorkeursRekeningnummer", {"uuid": 12}, "voorkeursRekeningnummer"),
    (PARTIJEN, "partijIdentificatoren", {}, "partijIdentificatoren.nonFieldErrors"),
    (PARTIJEN, "partijIdentificatoren", ["bsn"], "partijIdentificatoren.0.nonFieldErrors"),
    (
        PARTIJEN,
        "partijIdentificatoren",
        [{"partijIdentificator": []}],
        "partijIdentificatoren.0.partijIdentificator.nonFieldErrors",
    ),
    (
        PARTIJEN,
        "partijIdentificatoren",
        [{**bsn_identificator("111222333"), "subIdentificatorVan": random_ref()}],
        "partijIdentificatoren.0.subIdentificatorVan",
    ),
    (
        PARTIJEN,
        "partijIdentificatoren",
        [bsn_identificator("111222333", uuid="not-a-uuid")],
        "partijIdentificatoren.0.uuid",
    ),
    # partij-identificatoren
    (IDENTIFICATOREN, "partijIdentificator", [], "partijIdentificator.nonFieldErrors"),
    (IDENTIFICATOREN, "partijIdentificator", "bsn", "partijIdentificator.nonFieldErrors"),
    (IDENTIFICATOREN, "partijIdentificator", None, "partijIdentificator"),
    (
        IDENTIFICATOREN,
        "partijIdentificator",
        {**bsn_identificator("111222333")["partijIdentificator"], "objectId": "1" * 201},
        "partijIdentificator.objectId",
    ),
    (
        IDENTIFICATOREN,
        "partijIdentificator",
        {**bsn_identificator("111222333")["partijIdentificator"], "objectId": {}},
        "partijIdentificator.objectId",
    ),
    (
        IDENTIFICATOREN,
        "partijIdentificator",
        {**bsn_identificator("111222333")["partijIdentificator"], "codeRegister": "xx"},
        "partijIdentificator.codeRegister",
    ),
    (IDENTIFICATOREN, "identificeerdePartij", random_ref(), "identificeerdePartij"),
    (IDENTIFICATOREN, "identificeerdePartij", [], "identificeerdePartij"),
    (IDENTIFICATOREN, "identificeerdePartij", NOT_A_UUID, "identificeerdePartij"),
    (IDENTIFICATOREN, "subIdentificatorVan", random_ref(), "subIdentificatorVan"),
    (IDENTIFICATOREN, "subIdentificatorVan", "kvk", "subIdentificatorVan"),
    (IDENTIFICATOREN, "anderePartijIdentificator", {}, "anderePartijIdentificator"),
    (IDENTIFICATOREN, "anderePartijIdentificator", "x" * 201, "anderePartijIdentificator"),
    (IDENTIFICATOREN, "uuid", "not-a-uuid", "uuid"),
    # digitaleadressen
    (DIGITALE_ADRESSEN, "soortDigitaalAdres", "fax", "soortDigitaalAdres"),
    (DIGITALE_ADRESSEN, "soortDigitaalAdres", None, "soortDigitaalAdres"),
    (DIGITALE_ADRESSEN, "adres", {}, "adres"),
    (DIGITALE_ADRESSEN, "adres", "x" * 81, "adres"),
    (DIGITALE_ADRESSEN, "adres", None, "adres"),
    (DIGITALE_ADRESSEN, "adres", "geen-email", "adres"),
    (DIGITALE_ADRESSEN, "isStandaardAdres", "misschien", "isStandaardAdres"),
    (DIGITALE_ADRESSEN, "verstrektDoorPartij", random_ref(), "verstrektDoorPartij"),
    (DIGITALE_ADRESSEN, "verstrektDoorPartij", [], "verstrektDoorPartij"),
    (DIGITALE_ADRESSEN, "verificatieDatum", "gisteren", "verificatieDatum"),
    (DIGITALE_ADRESSEN, "verificatieDatum", 20240101, "verificatieDatum"),
    (DIGITALE_ADRESSEN, "referentie", "a b", "referentie"),
    (DIGITALE_ADRESSEN, "omschrijving", ["werk"], "omschrijving"),
    # rekeningnummers
    (REKENINGNUMMERS, "iban", {}, "iban"),
    (REKENINGNUMMERS, "iban", "", "iban"),
    (REKENINGNUMMERS, "iban", "NL91ABNA04171643001234567890123456", "iban"),
    (REKENINGNUMMERS, "iban", "NL92ABNA0417164300", "iban"),
    (REKENINGNUMMERS, "bic", ["ABNANL2A"], "bic"),
    (REKENINGNUMMERS, "bic", "ABNANL2AXXXX", "bic"),
    (REKENINGNUMMERS, "partij", random_ref(), "partij"),
    (REKENINGNUMMERS, "partij", "partij", "partij"),
    # vertegenwoordigingen
    (VERTEGENWOORDIGINGEN, "vertegenwoordigendePartij", random_ref(), "vertegenwoordigendePartij"),
    (VERTEGENWOORDIGINGEN, "vertegenwoordigendePartij", [], "vertegenwoordigendePartij"),
    (VERTEGENWOORDIGINGEN, "vertegenwoordigdePartij", "x", "vertegenwoordigdePartij"),
    (VERTEGENWOORDIGINGEN, "vertegenwoordigdePartij", NOT_A_UUID, "vertegenwoordigdePartij"),
    # categorieen
    (CATEGORIEEN, "naam", {}, "naam"),
    (CATEGORIEEN, "naam", "x" * 81, "naam"),
    (CATEGORIEEN, "naam", ["VIP"], "naam"),
    # categorie-relaties
    (CATEGORIE_RELATIES, "partij", random_ref(), "partij"),
    (CATEGORIE_RELATIES, "partij", [], "partij"),
    (CATEGORIE_RELATIES, "categorie", random_ref(), "categorie"),
    (CATEGORIE_RELATIES, "categorie", "VIP", "categorie"),
    (CATEGORIE_RELATIES, "beginDatum", "morgen", "beginDatum"),
    (CATEGORIE_RELATIES, "beginDatum", {}, "beginDatum"),
    (CATEGORIE_RELATIES, "eindDatum", "2024-13-01", "eindDatum"),
]


def _case_id(case) -> str:
    collection, field, value, _ = case
    return f"{collection.rsplit('/', 1)[-1]}-{field}-{value_id(value)}"


@pytest.mark.parametrize("method", ["post", "put", "patch"])
@pytest.mark.parametrize("case", CASES, ids=[_case_id(case) for case in CASES])
def test_bad_value_gives_400_naming_the_field_and_saves_nothing(api, method, case):
    collection, field, value, name = case
    resource = RESOURCES[collection]
    obj_url = None
    if method != "post":
        obj_url = f"{collection}/{resource['existing']().uuid}"
    valid = resource["valid"]()
    before = row_state()
    before_body = api.get(obj_url).json() if obj_url else None

    if method == "post":
        response = api.post(collection, {**valid, field: value}, format="json")
    elif method == "put":
        response = api.put(obj_url, {**valid, field: value}, format="json")
    else:
        response = api.patch(obj_url, {field: value}, format="json")

    params = invalid_params(response)
    assert name in params, (name, params)
    assert params[name]["reason"]
    assert row_state() == before
    if obj_url:
        assert api.get(obj_url).json() == before_body


# --- bodies that are not a JSON object ----------------------------------------------------------


@pytest.mark.parametrize("collection", RESOURCES)
@pytest.mark.parametrize("method", ["post", "put", "patch"])
def test_malformed_json_gives_400_and_saves_nothing(api, collection, method):
    url = collection
    if method != "post":
        url = f"{collection}/{RESOURCES[collection]['existing']().uuid}"
    before = row_state()

    response = getattr(api, method)(url, data='{"naam": "VIP",', content_type="application/json")

    body = problem(response, 400)
    assert "JSON" in body["detail"]
    assert row_state() == before


@pytest.mark.parametrize("collection", RESOURCES)
@pytest.mark.parametrize("payload", ["[]", '"tekst"', "42", "null", "[{}]", "true"])
@pytest.mark.parametrize("method", ["post", "put", "patch"])
def test_body_that_is_not_an_object_gives_400(api, collection, payload, method):
    url = collection
    if method != "post":
        url = f"{collection}/{RESOURCES[collection]['existing']().uuid}"
    before = row_state()

    response = getattr(api, method)(url, data=payload, content_type="application/json")

    params = invalid_params(response)
    assert params, params
    assert row_state() == before


@pytest.mark.parametrize("collection", RESOURCES)
def test_non_json_content_type_gives_415(api, collection):
    response = api.post(
        collection, data="naam=VIP", content_type="application/x-www-form-urlencoded"
    )

    problem(response, 415)


@pytest.mark.parametrize("collection", RESOURCES)
def test_unknown_or_malformed_uuid_in_the_url_gives_404(api, collection):
    problem(api.get(f"{collection}/{random_ref()['uuid']}"), 404)
    problem(api.patch(f"{collection}/{random_ref()['uuid']}", {}, format="json"), 404)
    problem(api.get(f"{collection}/not-a-uuid"), 404)


def test_unknown_fields_in_the_body_are_ignored(api):
    response = api.post(PARTIJEN, persoon_payload(onbekendVeld="x", uuid="zelf"), format="json")

    assert response.status_code == 201
    assert "onbekendVeld" not in response.json()
