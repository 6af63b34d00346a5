"""Bad input on every write of every klantcontacten resource gives a 400 problem+json that names
the field (camelCase path), never a 500, and stores, changes or deletes nothing."""

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
    ACTOREN,
    ACTORKLANTCONTACTEN,
    BETROKKENEN,
    BIJLAGEN,
    KLANTCONTACTEN,
    MAAK_KLANTCONTACT,
    ONDERWERPOBJECTEN,
    actor_payload,
    betrokkene_payload,
    bijlage_payload,
    klantcontact_payload,
    onderwerpobject_payload,
    ref,
    row_state,
)
from tests.partijen.helpers import DIGITALE_ADRESSEN, invalid_params, problem, random_ref, value_id

pytestmark = pytest.mark.django_db

NOT_A_UUID = {"uuid": "not-a-uuid"}
MEDEWERKER = {"functie": "KCC", "telefoonnummer": "0201234567"}

RESOURCES = {
    KLANTCONTACTEN: {
        "valid": klantcontact_payload,
        "existing": lambda: make_klantcontact(metadata={"bron": "kcc"}),
    },
    BETROKKENEN: {
        "valid": lambda: betrokkene_payload(make_klantcontact(), make_persoon()),
        "existing": lambda: make_betrokkene(make_klantcontact(), make_persoon()),
    },
    ONDERWERPOBJECTEN: {
        "valid": lambda: onderwerpobject_payload(make_klantcontact()),
        "existing": lambda: make_onderwerpobject(make_klantcontact(), object_id="zaak-1"),
    },
    BIJLAGEN: {
        "valid": lambda: bijlage_payload(make_klantcontact()),
        "existing": lambda: make_bijlage(make_klantcontact(), object_id="doc-1"),
    },
    ACTOREN: {
        "valid": actor_payload,
        "existing": make_actor,
    },
    ACTORKLANTCONTACTEN: {
        "valid": lambda: {
            "actor": ref(make_actor(naam="Nieuw")),
            "klantcontact": ref(make_klantcontact()),
        },
        "existing": lambda: make_actorklantcontact(make_actor(), make_klantcontact()),
    },
    DIGITALE_ADRESSEN: {
        "valid": lambda: {
            "adres": "0612345678",
            "soortDigitaalAdres": "telefoonnummer",
            "verstrektDoorBetrokkene": ref(make_betrokkene(make_klantcontact())),
        },
        "existing": lambda: make_betrokkene_adres(make_betrokkene(make_klantcontact())),
    },
}

KLANTCONTACT_BESTAAT_NIET = "Klantcontact object bestaat niet."

# (collection, field, bad value, the invalidParams name it must produce, a text in the reason)
CASES = [
    # klantcontacten: text fields
    (KLANTCONTACTEN, "kanaal", "x" * 51, "kanaal", None),
    (KLANTCONTACTEN, "kanaal", 12, "kanaal", None),
    (KLANTCONTACTEN, "kanaal", None, "kanaal", None),
    (KLANTCONTACTEN, "kanaal", ["telefoon"], "kanaal", None),
    (KLANTCONTACTEN, "kanaal", "", "kanaal", None),
    (KLANTCONTACTEN, "taal", "", "taal", None),
    (KLANTCONTACTEN, "onderwerp", "x" * 201, "onderwerp", None),
    (KLANTCONTACTEN, "onderwerp", {"a": 1}, "onderwerp", None),
    (KLANTCONTACTEN, "onderwerp", "nul\x00teken", "onderwerp", None),
    (KLANTCONTACTEN, "inhoud", "x" * 1001, "inhoud", None),
    (KLANTCONTACTEN, "inhoud", 42, "inhoud", None),
    (KLANTCONTACTEN, "reactie", "x" * 4001, "reactie", None),
    (KLANTCONTACTEN, "reactie", True, "reactie", None),
    (KLANTCONTACTEN, "taal", "nlds", "taal", None),
    (KLANTCONTACTEN, "taal", 123, "taal", None),
    (KLANTCONTACTEN, "nummer", "12ab", "nummer", None),
    (KLANTCONTACTEN, "nummer", 1234567, "nummer", None),
    (KLANTCONTACTEN, "nummer", "12345678901", "nummer", None),
    (KLANTCONTACTEN, "referentienummer", "abc", "referentienummer", None),
    (KLANTCONTACTEN, "referentienummer", ["1"], "referentienummer", None),
    (KLANTCONTACTEN, "hoofdOnderwerpType", "geen url", "hoofdOnderwerpType", None),
    (
        KLANTCONTACTEN,
        "hoofdOnderwerpType",
        "https://example.nl/" + "a" * 200,
        "hoofdOnderwerpType",
        None,
    ),
    # klantcontacten: booleans, dates, metadata
    (KLANTCONTACTEN, "indicatieContactGelukt", "misschien", "indicatieContactGelukt", None),
    (KLANTCONTACTEN, "indicatieContactGelukt", {}, "indicatieContactGelukt", None),
    (KLANTCONTACTEN, "verdereActieOndernomen", "nooit", "verdereActieOndernomen", None),
    (KLANTCONTACTEN, "verdereActieOndernomen", None, "verdereActieOndernomen", None),
    (KLANTCONTACTEN, "vertrouwelijk", "geheim", "vertrouwelijk", None),
    (KLANTCONTACTEN, "vertrouwelijk", None, "vertrouwelijk", None),
    (KLANTCONTACTEN, "plaatsgevondenOp", "gisteren", "plaatsgevondenOp", None),
    (KLANTCONTACTEN, "plaatsgevondenOp", 1714550400, "plaatsgevondenOp", None),
    (KLANTCONTACTEN, "metadata", {"aantal": 1}, "metadata", None),
    (KLANTCONTACTEN, "metadata", {"a": {"b": "c"}}, "metadata", None),
    (KLANTCONTACTEN, "metadata", {"a": "x" * 256}, "metadata", None),
    (KLANTCONTACTEN, "metadata", "bron=kcc", "metadata", None),
    # betrokkenen
    (BETROKKENEN, "hadKlantcontact", random_ref(), "hadKlantcontact", KLANTCONTACT_BESTAAT_NIET),
    (BETROKKENEN, "hadKlantcontact", None, "hadKlantcontact", None),
    (BETROKKENEN, "hadKlantcontact", "klantcontact", "hadKlantcontact", None),
    (BETROKKENEN, "hadKlantcontact", NOT_A_UUID, "hadKlantcontact", None),
    (BETROKKENEN, "wasPartij", random_ref(), "wasPartij", "Partij object bestaat niet."),
    (BETROKKENEN, "wasPartij", [], "wasPartij", None),
    (BETROKKENEN, "rol", "toeschouwer", "rol", None),
    (BETROKKENEN, "rol", None, "rol", None),
    (BETROKKENEN, "rol", "", "rol", None),
    (BETROKKENEN, "rol", ["klant"], "rol", None),
    (BETROKKENEN, "initiator", "misschien", "initiator", None),
    (BETROKKENEN, "initiator", None, "initiator", None),
    (BETROKKENEN, "organisatienaam", "x" * 201, "organisatienaam", None),
    (BETROKKENEN, "organisatienaam", 5, "organisatienaam", None),
    (BETROKKENEN, "contactnaam", {"voornaam": "x" * 201}, "contactnaam.voornaam", None),
    (BETROKKENEN, "contactnaam", {"achternaam": 3}, "contactnaam.achternaam", None),
    (BETROKKENEN, "contactnaam", [], "contactnaam", None),
    (BETROKKENEN, "contactnaam", "Jan", "contactnaam", None),
    (BETROKKENEN, "bezoekadres", {"postcode": "1234ab"}, "bezoekadres.postcode", None),
    (BETROKKENEN, "bezoekadres", {"huisnummer": "twaalf"}, "bezoekadres.huisnummer", None),
    (BETROKKENEN, "bezoekadres", {"land": "nl"}, "bezoekadres.land", "NL"),
    (BETROKKENEN, "bezoekadres", {"huisnummer": 0}, "bezoekadres.huisnummer", None),
    (BETROKKENEN, "bezoekadres", {"huisnummer": 100000}, "bezoekadres.huisnummer", None),
    (
        BETROKKENEN,
        "bezoekadres",
        {"nummeraanduidingId": "123"},
        "bezoekadres.nummeraanduidingId",
        None,
    ),
    (
        BETROKKENEN,
        "correspondentieadres",
        {"adresregel1": "x" * 81},
        "correspondentieadres.adresregel1",
        None,
    ),
    # onderwerpobjecten
    (
        ONDERWERPOBJECTEN,
        "klantcontact",
        random_ref(),
        "klantcontact",
        KLANTCONTACT_BESTAAT_NIET,
    ),
    (ONDERWERPOBJECTEN, "klantcontact", "x", "klantcontact", None),
    (
        ONDERWERPOBJECTEN,
        "wasKlantcontact",
        random_ref(),
        "wasKlantcontact",
        KLANTCONTACT_BESTAAT_NIET,
    ),
    (
        ONDERWERPOBJECTEN,
        "onderwerpobjectidentificator",
        {"objectId": "x" * 201},
        "onderwerpobjectidentificator.objectId",
        None,
    ),
    (
        ONDERWERPOBJECTEN,
        "onderwerpobjectidentificator",
        {"codeRegister": 5},
        "onderwerpobjectidentificator.codeRegister",
        None,
    ),
    (
        ONDERWERPOBJECTEN,
        "onderwerpobjectidentificator",
        [],
        "onderwerpobjectidentificator",
        None,
    ),
    (
        ONDERWERPOBJECTEN,
        "onderwerpobjectidentificator",
        "zaak",
        "onderwerpobjectidentificator",
        None,
    ),
    # bijlagen
    (
        BIJLAGEN,
        "wasBijlageVanKlantcontact",
        random_ref(),
        "wasBijlageVanKlantcontact",
        KLANTCONTACT_BESTAAT_NIET,
    ),
    (BIJLAGEN, "wasBijlageVanKlantcontact", [], "wasBijlageVanKlantcontact", None),
    (
        BIJLAGEN,
        "bijlageidentificator",
        {"objectId": "x" * 201},
        "bijlageidentificator.objectId",
        None,
    ),
    (
        BIJLAGEN,
        "bijlageidentificator",
        {"codeObjecttype": ["brief"]},
        "bijlageidentificator.codeObjecttype",
        None,
    ),
    # actoren
    (ACTOREN, "naam", "x" * 201, "naam", None),
    (ACTOREN, "naam", None, "naam", None),
    (ACTOREN, "naam", 7, "naam", None),
    (ACTOREN, "naam", "", "naam", None),
    (ACTOREN, "soortActor", "robot", "soortActor", None),
    (ACTOREN, "soortActor", None, "soortActor", None),
    (ACTOREN, "indicatieActief", "misschien", "indicatieActief", None),
    (
        ACTOREN,
        "actoridentificator",
        {"objectId": "x" * 201},
        "actoridentificator.objectId",
        None,
    ),
    (
        ACTOREN,
        "actorIdentificatie",
        {**MEDEWERKER, "functie": "x" * 41},
        "actorIdentificatie.functie",
        None,
    ),
    (
        ACTOREN,
        "actorIdentificatie",
        {**MEDEWERKER, "telefoonnummer": "abc"},
        "actorIdentificatie.telefoonnummer",
        None,
    ),
    (
        ACTOREN,
        "actorIdentificatie",
        {**MEDEWERKER, "emailadres": "geen-mail"},
        "actorIdentificatie.emailadres",
        None,
    ),
    (ACTOREN, "actorIdentificatie", "medewerker", "actorIdentificatie", None),
    # actorklantcontacten
    (ACTORKLANTCONTACTEN, "actor", random_ref(), "actor", "Actor object bestaat niet."),
    (ACTORKLANTCONTACTEN, "actor", "x", "actor", None),
    (ACTORKLANTCONTACTEN, "actor", None, "actor", None),
    (
        ACTORKLANTCONTACTEN,
        "klantcontact",
        random_ref(),
        "klantcontact",
        KLANTCONTACT_BESTAAT_NIET,
    ),
    (ACTORKLANTCONTACTEN, "klantcontact", NOT_A_UUID, "klantcontact", None),
    # digitaleadressen: the link to a betrokkene
    (
        DIGITALE_ADRESSEN,
        "verstrektDoorBetrokkene",
        random_ref(),
        "verstrektDoorBetrokkene",
        "Betrokkene object bestaat niet.",
    ),
    (DIGITALE_ADRESSEN, "verstrektDoorBetrokkene", ["x"], "verstrektDoorBetrokkene", None),
]


def _case_id(case) -> str:
    collection, field, value, _, _ = case
    return f"{collection.rsplit('/', 1)[-1]}-{field}-{value_id(value)}"


@pytest.mark.parametrize("method", ["post", "put", "patch"])
@pytest.mark.parametrize("case", CASES, ids=[_case_id(case) for case in CASES])
def test_bad_value_gives_400_naming_the_field_and_changes_nothing(api, method, case):
    collection, field, value, name, reason = case
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
    matching = [key for key in params if key == name or key.startswith(f"{name}.")]
    assert matching, (name, params)
    assert all(params[key]["reason"] for key in matching)
    if reason is not None:
        assert any(reason in params[key]["reason"] for key in matching), params
    assert row_state() == before
    if obj_url:
        assert api.get(obj_url).json() == before_body


# --- bodies that are not a JSON object ------------------------------------------------------------

WRITE_TARGETS = [
    (collection, method) for collection in RESOURCES for method in ("post", "put", "patch")
] + [(MAAK_KLANTCONTACT, "post")]


def _target_url(collection: str, method: str) -> str:
    if method == "post":
        return collection
    return f"{collection}/{RESOURCES[collection]['existing']().uuid}"


@pytest.mark.parametrize(
    ("collection", "method"),
    WRITE_TARGETS,
    ids=[f"{c.rsplit('/', 1)[-1]}-{m}" for c, m in WRITE_TARGETS],
)
def test_malformed_json_gives_400_and_changes_nothing(api, collection, method):
    url = _target_url(collection, method)
    before = row_state()

    response = getattr(api, method)(
        url, data='{"kanaal": "telefoon",', content_type="application/json"
    )

    body = problem(response, 400)
    assert "JSON" in body["detail"]
    assert body["invalidParams"]
    assert row_state() == before


@pytest.mark.parametrize("payload", ["[]", '"tekst"', "42", "null", "[{}]", "true"])
@pytest.mark.parametrize(
    ("collection", "method"),
    WRITE_TARGETS,
    ids=[f"{c.rsplit('/', 1)[-1]}-{m}" for c, m in WRITE_TARGETS],
)
def test_body_that_is_not_an_object_gives_400(api, collection, method, payload):
    url = _target_url(collection, method)
    before = row_state()

    response = getattr(api, method)(url, data=payload, content_type="application/json")

    assert invalid_params(response)
    assert row_state() == before


@pytest.mark.parametrize("collection", [*RESOURCES, MAAK_KLANTCONTACT])
def test_non_json_content_type_gives_415(api, collection):
    before = row_state()

    response = api.post(
        collection, data="kanaal=telefoon", content_type="application/x-www-form-urlencoded"
    )

    problem(response, 415)
    assert row_state() == before


@pytest.mark.parametrize("collection", list(RESOURCES))
def test_unknown_or_malformed_uuid_in_the_url_gives_404(api, collection):
    problem(api.get(f"{collection}/{random_ref()['uuid']}"), 404)
    problem(api.patch(f"{collection}/{random_ref()['uuid']}", {}, format="json"), 404)
    problem(api.delete(f"{collection}/{random_ref()['uuid']}"), 404)
    problem(api.get(f"{collection}/not-a-uuid"), 404)


def test_history_of_a_malformed_uuid_gives_404(api):
    problem(api.get(f"{KLANTCONTACTEN}/not-a-uuid/historie"), 404)


def test_read_only_fields_in_the_body_are_ignored(api):
    response = api.post(
        KLANTCONTACTEN,
        klantcontact_payload(
            uuid="zelf-gekozen",
            url="http://elders/x",
            hadBetrokkenen=[random_ref()],
            hadBetrokkenActoren=[{"naam": "x"}],
            onbekendVeld="x",
        ),
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["uuid"] != "zelf-gekozen"
    assert body["hadBetrokkenen"] == []
    assert body["hadBetrokkenActoren"] == []
    assert "onbekendVeld" not in body
