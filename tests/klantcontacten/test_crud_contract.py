"""Every klantcontacten resource supports the full CRUD cycle over HTTP, and its representation
has exactly the property names the Klantinteracties contract gives its schema."""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from tests.factories import (
    make_actor,
    make_actorklantcontact,
    make_betrokkene,
    make_betrokkene_adres,
    make_bijlage,
    make_klantcontact,
    make_onderwerpobject,
    make_persoon,
)
from tests.klantcontacten.helpers import (
    ACTOR_IDENTIFICATIE_PAYLOADS,
    ACTOR_SOORT_SCHEMAS,
    ACTOREN,
    ACTORKLANTCONTACTEN,
    BETROKKENEN,
    BIJLAGEN,
    KLANTCONTACTEN,
    ONDERWERPOBJECTEN,
    actor_keys,
    actor_payload,
    betrokkene_payload,
    bijlage_payload,
    klantcontact_payload,
    onderwerpobject_payload,
    ref,
    zaak_identificator,
)
from tests.partijen.helpers import (
    DIGITALE_ADRESSEN,
    PARTIJEN,
    assert_invalid,
    contract_properties,
    invalid_params,
    problem,
)

pytestmark = pytest.mark.django_db


@dataclass
class Resource:
    """How to exercise one collection: payloads for POST, PUT and PATCH, and the values the
    change must show."""

    path: str
    contract_keys: Callable[[], set[str]]
    create: Callable[[], dict]
    put: Callable[[dict], dict]
    patch: Callable[[], dict]
    expect_put: dict
    expect_patch: dict
    state: dict = field(default_factory=dict)


def _klantcontact() -> Resource:
    return Resource(
        path=KLANTCONTACTEN,
        contract_keys=lambda: contract_properties("Klantcontact"),
        create=lambda: klantcontact_payload(
            referentienummer="4711",
            reactie="",
            indicatieContactGelukt=True,
            hoofdOnderwerpType="https://catalogi.example.nl/zaaktypen/1",
            plaatsgevondenOp="2024-05-01T10:30:00+02:00",
            metadata={"bron": "kcc"},
        ),
        put=lambda created: klantcontact_payload(
            kanaal="e-mail", onderwerp="Verhuizing", taal="eng", vertrouwelijk=True
        ),
        patch=lambda: {"reactie": "Nieuwe pas aangevraagd."},
        expect_put={"kanaal": "e-mail", "onderwerp": "Verhuizing", "taal": "eng"},
        expect_patch={"reactie": "Nieuwe pas aangevraagd."},
    )


def _betrokkene() -> Resource:
    state = {}

    def create():
        state["klantcontact"] = make_klantcontact()
        state["partij"] = make_persoon()
        return betrokkene_payload(
            state["klantcontact"],
            state["partij"],
            organisatienaam="Bakkerij De Korrel",
            contactnaam={"voorletters": "A.", "voornaam": "Anna", "achternaam": "Jansen"},
            bezoekadres={"straatnaam": "Dorpsstraat", "huisnummer": 1, "postcode": "1234 AB"},
        )

    return Resource(
        path=BETROKKENEN,
        contract_keys=lambda: contract_properties("Betrokkene"),
        create=create,
        put=lambda created: betrokkene_payload(
            state["klantcontact"], rol="vertegenwoordiger", initiator=False
        ),
        patch=lambda: {"organisatienaam": "Gemeente"},
        expect_put={"rol": "vertegenwoordiger", "initiator": False},
        expect_patch={"organisatienaam": "Gemeente"},
        state=state,
    )


def _onderwerpobject() -> Resource:
    state = {}

    def create():
        state["klantcontact"] = make_klantcontact()
        state["ander"] = make_klantcontact(onderwerp="Eerder gesprek")
        return onderwerpobject_payload(state["klantcontact"], wasKlantcontact=ref(state["ander"]))

    return Resource(
        path=ONDERWERPOBJECTEN,
        contract_keys=lambda: contract_properties("Onderwerpobject"),
        create=create,
        put=lambda created: {
            "klantcontact": ref(state["klantcontact"]),
            "onderwerpobjectidentificator": zaak_identificator("1" * 36),
        },
        patch=lambda: {"wasKlantcontact": None},
        expect_put={"onderwerpobjectidentificator": zaak_identificator("1" * 36)},
        expect_patch={"wasKlantcontact": None},
    )


def _bijlage() -> Resource:
    state = {}

    def create():
        state["klantcontact"] = make_klantcontact()
        return bijlage_payload(state["klantcontact"])

    identificator = {
        "objectId": "brief-42",
        "codeObjecttype": "brief",
        "codeRegister": "dms",
        "codeSoortObjectId": "kenmerk",
    }
    return Resource(
        path=BIJLAGEN,
        contract_keys=lambda: contract_properties("Bijlage"),
        create=create,
        put=lambda created: {"bijlageidentificator": identificator},
        patch=lambda: {"wasBijlageVanKlantcontact": None},
        expect_put={"bijlageidentificator": identificator},
        expect_patch={"wasBijlageVanKlantcontact": None},
    )


def _actor() -> Resource:
    return Resource(
        path=ACTOREN,
        contract_keys=actor_keys,
        create=lambda: actor_payload("medewerker"),
        put=lambda created: actor_payload("medewerker", naam="F. Yilmaz", indicatieActief=False),
        patch=lambda: {"naam": "Fatima Yilmaz-de Vries"},
        expect_put={"naam": "F. Yilmaz", "indicatieActief": False},
        expect_patch={"naam": "Fatima Yilmaz-de Vries"},
    )


def _actorklantcontact() -> Resource:
    state = {}

    def create():
        state["klantcontact"] = make_klantcontact()
        state["actor"] = make_actor()
        state["andere_actor"] = make_actor("geautomatiseerde_actor", naam="Gem")
        return {"actor": ref(state["actor"]), "klantcontact": ref(state["klantcontact"])}

    resource = Resource(
        path=ACTORKLANTCONTACTEN,
        contract_keys=lambda: contract_properties("ActorKlantcontact"),
        create=create,
        put=lambda created: {
            "actor": ref(state["andere_actor"]),
            "klantcontact": ref(state["klantcontact"]),
        },
        patch=lambda: {"actor": ref(state["actor"])},
        expect_put={},
        expect_patch={},
        state=state,
    )
    return resource


RESOURCES = {
    "klantcontacten": _klantcontact,
    "betrokkenen": _betrokkene,
    "onderwerpobjecten": _onderwerpobject,
    "bijlagen": _bijlage,
    "actoren": _actor,
    "actorklantcontacten": _actorklantcontact,
}


def _subset(body: dict, expected: dict) -> dict:
    return {key: body[key] for key in expected}


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
    assert _subset(put.json(), resource.expect_put) == resource.expect_put
    assert api.get(detail).json() == put.json()

    patch_data = resource.patch()
    patched = api.patch(detail, patch_data, format="json")
    assert patched.status_code == 200, patched.content
    assert set(patched.json()) == expected_keys
    assert _subset(patched.json(), resource.expect_patch) == resource.expect_patch
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


def test_created_klantcontact_returns_what_was_sent(api):
    payload = klantcontact_payload(
        referentienummer="4711",
        reactie="Nieuwe pas aangevraagd.",
        indicatieContactGelukt=True,
        hoofdOnderwerpType="https://catalogi.example.nl/zaaktypen/1",
        plaatsgevondenOp="2024-05-01T10:30:00+02:00",
        metadata={"bron": "kcc", "wachtrij": "afval"},
    )

    body = api.post(KLANTCONTACTEN, payload, format="json").json()

    assert {key: body[key] for key in payload if key != "plaatsgevondenOp"} == {
        key: value for key, value in payload.items() if key != "plaatsgevondenOp"
    }
    assert body["plaatsgevondenOp"].startswith("2024-05-01T")
    assert body["verdereActieOndernomen"] is False
    for relation in (
        "gingOverOnderwerpobjecten",
        "hadBetrokkenActoren",
        "omvatteBijlagen",
        "hadBetrokkenen",
        "leiddeTotInterneTaken",
    ):
        assert body[relation] == [], relation


def test_klantcontact_lists_its_parts_as_references(api):
    klantcontact = make_klantcontact()
    betrokkene = make_betrokkene(klantcontact, make_persoon())
    onderwerpobject = make_onderwerpobject(klantcontact, object_id="zaak-1")
    bijlage = make_bijlage(klantcontact, object_id="doc-1")
    actor = make_actor()
    make_actorklantcontact(actor, klantcontact)

    body = api.get(f"{KLANTCONTACTEN}/{klantcontact.uuid}").json()

    assert body["hadBetrokkenen"] == [
        {"uuid": str(betrokkene.uuid), "url": f"http://testserver{BETROKKENEN}/{betrokkene.uuid}"}
    ]
    assert body["gingOverOnderwerpobjecten"] == [
        {
            "uuid": str(onderwerpobject.uuid),
            "url": f"http://testserver{ONDERWERPOBJECTEN}/{onderwerpobject.uuid}",
        }
    ]
    assert body["omvatteBijlagen"] == [
        {"uuid": str(bijlage.uuid), "url": f"http://testserver{BIJLAGEN}/{bijlage.uuid}"}
    ]
    # hadBetrokkenActoren holds full actor representations (contract: items are Actor).
    [betrokken_actor] = body["hadBetrokkenActoren"]
    assert betrokken_actor == api.get(f"{ACTOREN}/{actor.uuid}").json()


def test_betrokkene_shows_partij_klantcontact_and_computed_name(api):
    klantcontact = make_klantcontact()
    partij = make_persoon()
    payload = betrokkene_payload(
        klantcontact,
        partij,
        contactnaam={
            "voorletters": "A.",
            "voornaam": "Anna",
            "voorvoegselAchternaam": "de",
            "achternaam": "Vries",
        },
        correspondentieadres={"adresregel1": "Postbus 12", "land": "NL"},
    )

    body = api.post(BETROKKENEN, payload, format="json").json()

    assert body["wasPartij"] == {
        "uuid": str(partij.uuid),
        "url": f"http://testserver{PARTIJEN}/{partij.uuid}",
    }
    assert body["hadKlantcontact"] == {
        "uuid": str(klantcontact.uuid),
        "url": f"http://testserver{KLANTCONTACTEN}/{klantcontact.uuid}",
    }
    assert body["volledigeNaam"] == "Anna de Vries"
    assert body["contactnaam"]["voorletters"] == "A."
    assert set(body["contactnaam"]) == contract_properties("Contactnaam")
    assert set(body["correspondentieadres"]) == contract_properties(
        "BetrokkeneCorrespondentieadres"
    )
    assert body["correspondentieadres"]["adresregel1"] == "Postbus 12"
    assert body["digitaleAdressen"] == []


def test_anonymous_betrokkene_without_partij_keeps_its_own_name_and_address(api):
    klantcontact = make_klantcontact()
    payload = betrokkene_payload(
        klantcontact,
        rol="klant",
        contactnaam={"voornaam": "Onbekende", "achternaam": "Beller"},
        bezoekadres={"straatnaam": "Kerkstraat", "huisnummer": 5, "stad": "Utrecht"},
    )

    created = api.post(BETROKKENEN, payload, format="json")

    assert created.status_code == 201, created.content
    body = api.get(created.json()["url"]).json()
    assert body["wasPartij"] is None
    assert body["volledigeNaam"] == "Onbekende Beller"
    assert body["bezoekadres"]["straatnaam"] == "Kerkstraat"
    assert body["bezoekadres"]["huisnummer"] == 5
    assert body["bezoekadres"]["stad"] == "Utrecht"
    kc = api.get(f"{KLANTCONTACTEN}/{klantcontact.uuid}").json()
    assert [item["uuid"] for item in kc["hadBetrokkenen"]] == [body["uuid"]]


def test_digitaal_adres_provided_by_a_betrokkene(api):
    betrokkene = make_betrokkene(make_klantcontact())

    created = api.post(
        DIGITALE_ADRESSEN,
        {
            "adres": "0612345678",
            "soortDigitaalAdres": "telefoonnummer",
            "verstrektDoorBetrokkene": ref(betrokkene),
        },
        format="json",
    )

    assert created.status_code == 201, created.content
    assert set(created.json()) == contract_properties("DigitaalAdres")
    assert created.json()["verstrektDoorBetrokkene"]["uuid"] == str(betrokkene.uuid)
    assert created.json()["verstrektDoorPartij"] is None
    betrokkene_body = api.get(f"{BETROKKENEN}/{betrokkene.uuid}").json()
    assert [item["uuid"] for item in betrokkene_body["digitaleAdressen"]] == [
        created.json()["uuid"]
    ]


def test_partij_lists_the_betrokkenen_that_were_it(api):
    partij = make_persoon()
    betrokkene = make_betrokkene(make_klantcontact(), partij)

    body = api.get(f"{PARTIJEN}/{partij.uuid}").json()

    assert body["betrokkenen"] == [
        {"uuid": str(betrokkene.uuid), "url": f"http://testserver{BETROKKENEN}/{betrokkene.uuid}"}
    ]


def test_deleting_a_betrokkene_keeps_the_adressen_it_provided_unlinked(api):
    betrokkene = make_betrokkene(make_klantcontact())
    adres = make_betrokkene_adres(betrokkene)

    assert api.delete(f"{BETROKKENEN}/{betrokkene.uuid}").status_code == 204

    body = api.get(f"{DIGITALE_ADRESSEN}/{adres.uuid}").json()
    assert body["verstrektDoorBetrokkene"] is None


def test_deleting_a_klantcontact_deletes_its_parts(api):
    klantcontact = make_klantcontact()
    betrokkene = make_betrokkene(klantcontact)
    onderwerpobject = make_onderwerpobject(klantcontact, object_id="zaak-1")
    bijlage = make_bijlage(klantcontact)
    link = make_actorklantcontact(make_actor(), klantcontact)

    assert api.delete(f"{KLANTCONTACTEN}/{klantcontact.uuid}").status_code == 204

    for path, obj in [
        (BETROKKENEN, betrokkene),
        (ONDERWERPOBJECTEN, onderwerpobject),
        (BIJLAGEN, bijlage),
        (ACTORKLANTCONTACTEN, link),
    ]:
        problem(api.get(f"{path}/{obj.uuid}"), 404)


# --- actoren: one schema per soort ----------------------------------------------------------------


@pytest.mark.parametrize("soort", ACTOR_SOORT_SCHEMAS)
def test_actor_identificatie_has_the_contract_shape_per_soort(api, soort):
    response = api.post(ACTOREN, actor_payload(soort), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == actor_keys()
    assert body["soortActor"] == soort
    assert set(body["actorIdentificatie"]) == contract_properties(ACTOR_SOORT_SCHEMAS[soort])
    assert body["actorIdentificatie"] == ACTOR_IDENTIFICATIE_PAYLOADS[soort]
    assert set(body["actoridentificator"]) == contract_properties("Actoridentificator")
    assert body["actoridentificator"]["objectId"] == "FY01"


@pytest.mark.parametrize(
    ("soort", "missing"),
    [
        ("medewerker", "functie"),
        ("medewerker", "telefoonnummer"),
        ("geautomatiseerde_actor", "functie"),
    ],
)
def test_actor_without_a_required_identificatie_field_gives_400(api, soort, missing):
    payload = actor_payload(soort)
    del payload["actorIdentificatie"][missing]
    before = api.get(ACTOREN).json()["count"]

    response = api.post(ACTOREN, payload, format="json")

    assert_invalid(response, f"actorIdentificatie.{missing}")
    assert api.get(ACTOREN).json()["count"] == before


def test_medewerker_without_any_actor_identificatie_gives_400(api):
    payload = actor_payload("medewerker")
    del payload["actorIdentificatie"]

    response = api.post(ACTOREN, payload, format="json")

    names = set(invalid_params(response))
    assert any(name.startswith("actorIdentificatie") for name in names), names
    assert api.get(ACTOREN).json()["count"] == 0


def test_organisatorische_eenheid_needs_no_identificatie_fields(api):
    response = api.post(
        ACTOREN,
        {"naam": "Burgerzaken", "soortActor": "organisatorische_eenheid"},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["indicatieActief"] is True


@pytest.mark.parametrize(
    ("field", "value"),
    [("telefoonnummer", "12345"), ("telefoonnummer", "0900123456"), ("emailadres", "geen-mail")],
)
def test_medewerker_contact_details_are_validated(api, field, value):
    payload = actor_payload("medewerker")
    payload["actorIdentificatie"][field] = value

    assert_invalid(api.post(ACTOREN, payload, format="json"), f"actorIdentificatie.{field}")


def test_actor_patch_of_identificatie_replaces_it(api):
    actor = make_actor("geautomatiseerde_actor")

    response = api.patch(
        f"{ACTOREN}/{actor.uuid}",
        {"actorIdentificatie": {"functie": "voicebot", "omschrijving": "Telefoonmenu"}},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["actorIdentificatie"] == {
        "functie": "voicebot",
        "omschrijving": "Telefoonmenu",
    }


# --- actorklantcontacten --------------------------------------------------------------------------


def test_actor_klantcontact_pair_is_unique(api):
    actor, klantcontact = make_actor(), make_klantcontact()
    make_actorklantcontact(actor, klantcontact)

    response = api.post(
        ACTORKLANTCONTACTEN,
        {"actor": ref(actor), "klantcontact": ref(klantcontact)},
        format="json",
    )

    params = invalid_params(response)
    assert [param["code"] for param in params.values()] == ["unique"], params
    assert api.get(ACTORKLANTCONTACTEN).json()["count"] == 1


def test_actor_klantcontact_repointed_onto_an_existing_pair_gives_400(api):
    actor, andere = make_actor(), make_actor("geautomatiseerde_actor", naam="Gem")
    klantcontact = make_klantcontact()
    make_actorklantcontact(actor, klantcontact)
    tweede = make_actorklantcontact(andere, klantcontact)

    response = api.patch(
        f"{ACTORKLANTCONTACTEN}/{tweede.uuid}", {"actor": ref(actor)}, format="json"
    )

    problem(response, 400)
    body = api.get(f"{ACTORKLANTCONTACTEN}/{tweede.uuid}").json()
    assert body["actor"]["uuid"] == str(andere.uuid)


def test_same_actor_on_two_klantcontacten_is_fine(api):
    actor = make_actor()
    make_actorklantcontact(actor, make_klantcontact())

    response = api.post(
        ACTORKLANTCONTACTEN,
        {"actor": ref(actor), "klantcontact": ref(make_klantcontact())},
        format="json",
    )

    assert response.status_code == 201, response.content


# --- required fields on POST and PUT; PATCH takes any subset --------------------------------------

REQUIRED = {
    KLANTCONTACTEN: {"kanaal", "onderwerp", "taal", "vertrouwelijk"},
    BETROKKENEN: {"hadKlantcontact", "rol", "initiator"},
    ACTOREN: {"naam", "soortActor"},
    ACTORKLANTCONTACTEN: {"actor", "klantcontact"},
}

EXISTING = {
    KLANTCONTACTEN: make_klantcontact,
    BETROKKENEN: lambda: make_betrokkene(make_klantcontact()),
    ACTOREN: make_actor,
    ACTORKLANTCONTACTEN: lambda: make_actorklantcontact(make_actor(), make_klantcontact()),
    ONDERWERPOBJECTEN: lambda: make_onderwerpobject(make_klantcontact(), object_id="zaak-1"),
    BIJLAGEN: lambda: make_bijlage(make_klantcontact(), object_id="doc-1"),
}


@pytest.mark.parametrize("path", REQUIRED)
def test_post_without_required_fields_names_each_of_them(api, path):
    body = problem(api.post(path, {}, format="json"), 400)

    names = {param["name"] for param in body["invalidParams"]}
    assert names == REQUIRED[path]
    assert {param["code"] for param in body["invalidParams"]} == {"required"}


@pytest.mark.parametrize("path", REQUIRED)
def test_put_without_required_fields_gives_400_and_changes_nothing(api, path):
    obj = EXISTING[path]()
    url = f"{path}/{obj.uuid}"
    before = api.get(url).json()

    body = problem(api.put(url, {}, format="json"), 400)

    assert {param["name"] for param in body["invalidParams"]} == REQUIRED[path]
    assert api.get(url).json() == before


@pytest.mark.parametrize("path", list(EXISTING))
def test_empty_patch_changes_nothing(api, path):
    obj = EXISTING[path]()
    url = f"{path}/{obj.uuid}"
    before = api.get(url).json()

    response = api.patch(url, {}, format="json")

    assert response.status_code == 200, response.content
    assert response.json() == before


@pytest.mark.parametrize("path", [ONDERWERPOBJECTEN, BIJLAGEN])
def test_onderwerpobject_and_bijlage_have_no_required_fields(api, path):
    response = api.post(path, {}, format="json")

    assert response.status_code == 201, response.content
    link = "klantcontact" if path == ONDERWERPOBJECTEN else "wasBijlageVanKlantcontact"
    assert response.json()[link] is None


def test_deleting_a_klantcontact_keeps_the_adressen_its_betrokkenen_provided(api):
    klantcontact = make_klantcontact()
    adres = make_betrokkene_adres(make_betrokkene(klantcontact))

    assert api.delete(f"{KLANTCONTACTEN}/{klantcontact.uuid}").status_code == 204

    body = api.get(f"{DIGITALE_ADRESSEN}/{adres.uuid}").json()
    assert body["adres"] == "0612345678"
    assert body["verstrektDoorBetrokkene"] is None


def test_deleting_an_actor_removes_it_from_its_klantcontacten(api):
    klantcontact = make_klantcontact()
    actor = make_actor()
    link = make_actorklantcontact(actor, klantcontact)

    assert api.delete(f"{ACTOREN}/{actor.uuid}").status_code == 204

    problem(api.get(f"{ACTORKLANTCONTACTEN}/{link.uuid}"), 404)
    assert api.get(f"{KLANTCONTACTEN}/{klantcontact.uuid}").json()["hadBetrokkenActoren"] == []


def test_put_leaves_fields_it_does_not_send_as_they_are(api):
    klantcontact = make_klantcontact(
        inhoud="Oorspronkelijke inhoud", reactie="Oorspronkelijke reactie", referentienummer="42"
    )

    response = api.put(
        f"{KLANTCONTACTEN}/{klantcontact.uuid}",
        {"kanaal": "balie", "onderwerp": "Paspoort", "taal": "nld", "vertrouwelijk": True},
        format="json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["kanaal"], body["onderwerp"], body["vertrouwelijk"]) == ("balie", "Paspoort", True)
    assert body["inhoud"] == "Oorspronkelijke inhoud"
    assert body["reactie"] == "Oorspronkelijke reactie"
    assert body["referentienummer"] == "42"


def test_actor_klantcontact_put_with_its_own_pair_is_fine(api):
    actor, klantcontact = make_actor(), make_klantcontact()
    link = make_actorklantcontact(actor, klantcontact)

    response = api.put(
        f"{ACTORKLANTCONTACTEN}/{link.uuid}",
        {"actor": ref(actor), "klantcontact": ref(klantcontact)},
        format="json",
    )

    assert response.status_code == 200, response.content


def test_changing_soort_actor_to_medewerker_needs_its_required_fields(api):
    actor = make_actor("organisatorische_eenheid", naam="Burgerzaken")
    url = f"{ACTOREN}/{actor.uuid}"
    before = api.get(url).json()

    response = api.patch(url, {"soortActor": "medewerker"}, format="json")

    params = invalid_params(response)
    assert {"actorIdentificatie.functie", "actorIdentificatie.telefoonnummer"} <= set(params)
    assert api.get(url).json() == before


def test_changing_soort_actor_with_a_new_identificatie(api):
    actor = make_actor("organisatorische_eenheid", naam="Burgerzaken")

    response = api.patch(
        f"{ACTOREN}/{actor.uuid}",
        {
            "soortActor": "medewerker",
            "actorIdentificatie": {**ACTOR_IDENTIFICATIE_PAYLOADS["medewerker"]},
        },
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["soortActor"] == "medewerker"
    assert response.json()["actorIdentificatie"] == ACTOR_IDENTIFICATIE_PAYLOADS["medewerker"]


def test_clearing_the_identificatie_of_a_medewerker_gives_400(api):
    actor = make_actor("medewerker")
    url = f"{ACTOREN}/{actor.uuid}"
    before = api.get(url).json()

    response = api.patch(url, {"actorIdentificatie": None}, format="json")

    names = set(invalid_params(response))
    assert any(name.startswith("actorIdentificatie") for name in names), names
    assert api.get(url).json() == before
