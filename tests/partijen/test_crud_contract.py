"""Every partijen resource supports the full CRUD cycle, and its representation has exactly
the property names the Klantinteracties contract gives the schema."""

from collections.abc import Callable
from dataclasses import dataclass

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
    contract_properties,
    persoon_payload,
    problem,
    ref,
    schema,
    valid_iban,
)

pytestmark = pytest.mark.django_db


@dataclass
class Resource:
    """How to exercise one collection: payloads for POST, PUT and PATCH, and a check that the
    change arrived."""

    path: str
    contract_keys: Callable[[], set[str]]
    create: Callable[[], dict]
    put: Callable[[dict], dict]
    patch: Callable[[], dict]
    check_put: Callable[[dict], None]
    check_patch: Callable[[dict], None]


def partij_keys() -> set[str]:
    # A partij is Base_PartijSerializer plus the soort-specific `partijIdentificatie`.
    return contract_properties("Base_PartijSerializer") | contract_properties(
        "partij_identificatie_Persoon"
    )


def _partij_resource() -> Resource:
    return Resource(
        path=PARTIJEN,
        contract_keys=partij_keys,
        create=lambda: persoon_payload(
            interneNotitie="Belt liever 's ochtends",
            voorkeurstaal="nld",
            partijIdentificatoren=[bsn_identificator()],
        ),
        put=lambda created: persoon_payload(
            indicatieActief=False,
            partijIdentificatie={"contactnaam": {"voornaam": "Piet", "achternaam": "Puk"}},
        ),
        patch=lambda: {"interneNotitie": "gewijzigd"},
        check_put=lambda body: (
            body["indicatieActief"] is False
            and body["partijIdentificatie"]["volledigeNaam"] == "Piet Puk"
        ),
        check_patch=lambda body: body["interneNotitie"] == "gewijzigd",
    )


def _identificator_resource() -> Resource:
    def create():
        return {**bsn_identificator(), "identificeerdePartij": ref(make_persoon())}

    def put(created):
        return bsn_identificator("111222333", identificeerdePartij=created["identificeerdePartij"])

    return Resource(
        path=IDENTIFICATOREN,
        contract_keys=lambda: contract_properties("PartijIdentificator"),
        create=create,
        put=put,
        patch=lambda: {"anderePartijIdentificator": "klantnummer 42"},
        check_put=lambda body: body["partijIdentificator"]["objectId"] == "111222333",
        check_patch=lambda body: body["anderePartijIdentificator"] == "klantnummer 42",
    )


def _digitaal_adres_resource() -> Resource:
    return Resource(
        path=DIGITALE_ADRESSEN,
        contract_keys=lambda: contract_properties("DigitaalAdres"),
        create=lambda: {
            "verstrektDoorPartij": ref(make_persoon()),
            "adres": "jan@example.nl",
            "soortDigitaalAdres": "email",
            "isStandaardAdres": True,
            "omschrijving": "privé",
            "referentie": "portaalvoorkeur",
            "verificatieDatum": "2024-05-01",
        },
        put=lambda created: {"adres": "0612345678", "soortDigitaalAdres": "telefoonnummer"},
        patch=lambda: {"omschrijving": "werk"},
        check_put=lambda body: body["soortDigitaalAdres"] == "telefoonnummer",
        check_patch=lambda body: body["omschrijving"] == "werk",
    )


def _rekeningnummer_resource() -> Resource:
    return Resource(
        path=REKENINGNUMMERS,
        contract_keys=lambda: contract_properties("Rekeningnummer"),
        create=lambda: {"partij": ref(make_persoon()), "iban": valid_iban(), "bic": "ABNANL2A"},
        put=lambda created: {"iban": "NL91ABNA0417164300", "bic": "RABONL2UXXX"},
        patch=lambda: {"bic": "INGBNL2A"},
        check_put=lambda body: body["iban"] == "NL91ABNA0417164300",
        check_patch=lambda body: body["bic"] == "INGBNL2A",
    )


def _vertegenwoordiging_resource() -> Resource:
    state = {}

    def create():
        state["org"] = make_organisatie()
        state["persoon"] = make_persoon()
        state["ander"] = make_persoon(voornaam="Els")
        return {
            "vertegenwoordigendePartij": ref(state["org"]),
            "vertegenwoordigdePartij": ref(state["persoon"]),
        }

    def patch():
        state["andere_org"] = make_organisatie(naam="Ander BV")
        return {"vertegenwoordigendePartij": ref(state["andere_org"])}

    return Resource(
        path=VERTEGENWOORDIGINGEN,
        contract_keys=lambda: contract_properties("Vertegenwoordigden"),
        create=create,
        put=lambda created: {
            "vertegenwoordigendePartij": ref(state["org"]),
            "vertegenwoordigdePartij": ref(state["ander"]),
        },
        patch=patch,
        check_put=lambda body: body["vertegenwoordigdePartij"]["uuid"] == str(state["ander"].uuid),
        check_patch=lambda body: (
            body["vertegenwoordigendePartij"]["uuid"] == str(state["andere_org"].uuid)
        ),
    )


def _categorie_resource() -> Resource:
    return Resource(
        path=CATEGORIEEN,
        contract_keys=lambda: contract_properties("Categorie"),
        create=lambda: {"naam": "VIP"},
        put=lambda created: {"naam": "Ondernemer"},
        patch=lambda: {"naam": "Bezwaarmaker"},
        check_put=lambda body: body["naam"] == "Ondernemer",
        check_patch=lambda body: body["naam"] == "Bezwaarmaker",
    )


def _categorie_relatie_resource() -> Resource:
    def create():
        categorie = services.create_categorie({"naam": "VIP"})
        return {
            "partij": ref(make_persoon()),
            "categorie": ref(categorie),
            "beginDatum": "2024-01-01",
            "eindDatum": "2024-12-31",
        }

    return Resource(
        path=CATEGORIE_RELATIES,
        contract_keys=lambda: contract_properties("CategorieRelatie"),
        create=create,
        put=lambda created: {**created_refs(created), "eindDatum": "2025-06-30"},
        patch=lambda: {"beginDatum": "2024-02-01"},
        check_put=lambda body: body["eindDatum"] == "2025-06-30",
        check_patch=lambda body: body["beginDatum"] == "2024-02-01",
    )


def created_refs(created: dict) -> dict:
    return {
        "partij": {"uuid": created["partij"]["uuid"]},
        "categorie": {"uuid": created["categorie"]["uuid"]},
    }


RESOURCES = {
    "partijen": _partij_resource,
    "partij-identificatoren": _identificator_resource,
    "digitaleadressen": _digitaal_adres_resource,
    "rekeningnummers": _rekeningnummer_resource,
    "vertegenwoordigingen": _vertegenwoordiging_resource,
    "categorieen": _categorie_resource,
    "categorie-relaties": _categorie_relatie_resource,
}


@pytest.mark.parametrize("name", RESOURCES)
def test_full_crud_cycle_with_contract_field_names(api, name):
    resource = RESOURCES[name]()
    expected_keys = resource.contract_keys()

    created = api.post(resource.path, resource.create(), format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert set(body) == expected_keys
    assert body["url"] == f"http://testserver{resource.path}/{body['uuid']}"
    detail = body["url"]

    listed = api.get(resource.path)
    assert listed.status_code == 200
    page = listed.json()
    assert set(page) == {"count", "next", "previous", "results"}
    assert body["uuid"] in [item["uuid"] for item in page["results"]]
    assert all(set(item) == expected_keys for item in page["results"])

    fetched = api.get(detail)
    assert fetched.status_code == 200
    assert fetched.json() == body

    put = api.put(detail, resource.put(body), format="json")
    assert put.status_code == 200, put.content
    assert set(put.json()) == expected_keys
    assert resource.check_put(put.json())
    assert resource.check_put(api.get(detail).json())

    patch_data = resource.patch()
    patched = api.patch(detail, patch_data, format="json")
    assert patched.status_code == 200, patched.content
    assert set(patched.json()) == expected_keys
    assert resource.check_patch(patched.json())
    # PATCH changes only what it sends.
    untouched = expected_keys - set(patch_data)
    assert {key: patched.json()[key] for key in untouched} == {
        key: put.json()[key] for key in untouched
    }

    deleted = api.delete(detail)
    assert deleted.status_code == 204
    assert deleted.content == b""
    problem(api.get(detail), 404)
    problem(api.delete(detail), 404)
    problem(api.put(detail, resource.put(body), format="json"), 404)


def test_digitaal_adres_has_exactly_the_contract_properties(api):
    adres = make_digitaal_adres(make_persoon())

    body = api.get(f"{DIGITALE_ADRESSEN}/{adres.uuid}").json()

    assert set(body) == contract_properties("DigitaalAdres")
    assert body["verstrektDoorBetrokkene"] is None


@pytest.mark.parametrize(
    ("soort", "contract_schema"),
    [("persoon", "Persoon"), ("organisatie", "Organisatie"), ("contactpersoon", "Contactpersoon")],
)
def test_partij_identificatie_has_the_contract_shape_per_soort(api, soort, contract_schema):
    identificatie = {
        "persoon": {"contactnaam": {"voornaam": "Jan"}},
        "organisatie": {"naam": "Gemeente"},
        "contactpersoon": {
            "werkteVoorPartij": ref(make_organisatie()),
            "contactnaam": {"voornaam": "Kees"},
        },
    }[soort]

    response = api.post(
        PARTIJEN,
        {"soortPartij": soort, "indicatieActief": True, "partijIdentificatie": identificatie},
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == partij_keys()
    assert set(body["partijIdentificatie"]) == contract_properties(contract_schema)
    if "contactnaam" in body["partijIdentificatie"]:
        assert set(body["partijIdentificatie"]["contactnaam"]) == contract_properties("Contactnaam")


def test_nested_objects_of_a_partij_have_the_contract_shape(api):
    partij = make_persoon(bsn=valid_bsn())
    adres = make_digitaal_adres(partij)
    rekening = services.create_rekeningnummer({"partij": partij, "iban": valid_iban()})
    categorie = services.create_categorie({"naam": "VIP"})
    services.create_categorie_relatie({"partij": partij, "categorie": categorie})
    vertegenwoordigde = make_persoon(voornaam="Oma")
    services.create_vertegenwoordiging(
        {"vertegenwoordigende_partij": partij, "vertegenwoordigde_partij": vertegenwoordigde}
    )
    api.patch(
        f"{PARTIJEN}/{partij.uuid}",
        {
            "voorkeursDigitaalAdres": ref(adres),
            "voorkeursRekeningnummer": ref(rekening),
            "bezoekadres": {"straatnaam": "Dorpsstraat"},
        },
        format="json",
    )

    body = api.get(f"{PARTIJEN}/{partij.uuid}").json()

    assert set(body["bezoekadres"]) == contract_properties("PartijBezoekadres")
    assert set(body["correspondentieadres"]) == contract_properties("PartijCorrespondentieadres")
    assert set(body["categorieRelaties"][0]) == contract_properties("CategorieRelatieForeignKey")
    assert set(body["digitaleAdressen"][0]) == contract_properties("DigitaalAdresForeignKey")
    assert set(body["voorkeursDigitaalAdres"]) == contract_properties("DigitaalAdresForeignKey")
    assert set(body["rekeningnummers"][0]) == contract_properties("RekeningnummerForeignKey")
    assert set(body["voorkeursRekeningnummer"]) == contract_properties("RekeningnummerForeignKey")
    assert set(body["vertegenwoordigden"][0]) == contract_properties("PartijForeignKey")
    assert body["vertegenwoordigden"][0]["uuid"] == str(vertegenwoordigde.uuid)
    identificator = body["partijIdentificatoren"][0]
    assert set(identificator) == contract_properties("PartijIdentificator")
    assert set(identificator["partijIdentificator"]) == contract_properties(
        "PartijIdentificatorGroepType"
    )
    assert body["betrokkenen"] == []


def test_categorie_relatie_shows_the_categorie_naam_in_its_reference(api):
    categorie = services.create_categorie({"naam": "VIP"})
    relatie = services.create_categorie_relatie({"partij": make_persoon(), "categorie": categorie})

    body = api.get(f"{CATEGORIE_RELATIES}/{relatie.uuid}").json()

    assert set(body["categorie"]) == contract_properties("CategorieForeignKey")
    assert body["categorie"]["naam"] == "VIP"
    assert set(body["partij"]) == contract_properties("PartijForeignkeyBase")


def test_required_fields_match_the_contract_on_post(api):
    expectations = {
        PARTIJEN: {"soortPartij", "indicatieActief"},
        IDENTIFICATOREN: {"partijIdentificator"},
        DIGITALE_ADRESSEN: {"adres", "soortDigitaalAdres"},
        REKENINGNUMMERS: {"iban"},
        VERTEGENWOORDIGINGEN: {"vertegenwoordigendePartij", "vertegenwoordigdePartij"},
    }
    for path, required in expectations.items():
        response = api.post(path, {}, format="json")
        body = problem(response, 400)
        names = {param["name"] for param in body["invalidParams"]}
        assert names == required, (path, names)
        assert {param["code"] for param in body["invalidParams"]} == {"required"}
    # The contract lists the same required write fields (url/uuid are read-only).
    assert set(schema("DigitaalAdres")["required"]) - {"url", "uuid"} == {
        "adres",
        "soortDigitaalAdres",
    }
    for path in (CATEGORIEEN, CATEGORIE_RELATIES):
        assert api.post(path, {}, format="json").status_code == 201
