"""The list filters of the klantcontacten endpoints (spec §4.3), ordering and the date ranges of
our extension, strict parameter checking, and no duplicate rows through relations."""

from datetime import UTC, datetime

import pytest

from partijen import services as partij_services
from tests.factories import (
    make_actor,
    make_actorklantcontact,
    make_betrokkene,
    make_betrokkene_adres,
    make_bijlage,
    make_digitaal_adres,
    make_klantcontact,
    make_onderwerpobject,
    make_organisatie,
    make_persoon,
    valid_bsn,
)
from tests.klantcontacten.helpers import (
    ACTOREN,
    ACTORKLANTCONTACTEN,
    BETROKKENEN,
    BIJLAGEN,
    KLANTCONTACTEN,
    ONDERWERPOBJECTEN,
)
from tests.partijen.helpers import (
    DIGITALE_ADRESSEN,
    PARTIJEN,
    absolute,
    assert_invalid,
    contract_query_parameters,
    random_ref,
    uuids,
)

pytestmark = pytest.mark.django_db

ZAAK_A = "11111111-1111-4111-8111-111111111111"
ZAAK_B = "22222222-2222-4222-8222-222222222222"


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2024, 5, day, hour, 0, tzinfo=UTC)


@pytest.fixture
def data():
    """Three klantcontacten with different parts:

    - `telefoon` (1 May): Jan (BSN) as klant, twice; about zaak A, twice; bijlage; actor.
    - `email` (2 May): Bakkerij (KVK) + an anonymous betrokkene with a phone number; zaak B.
    - `balie` (3 May): nobody known; it *was* the telefoon contact (wasKlantcontact).
    """
    bsn = valid_bsn()
    jan = make_persoon(bsn=bsn, nummer="0000000101")
    bakkerij = make_organisatie(kvk="12345678")
    telefoon = make_klantcontact(
        kanaal="telefoon",
        onderwerp="Afvalpas kwijt",
        inhoud="Pas is gestolen",
        reactie="Nieuwe pas besteld",
        indicatie_contact_gelukt=True,
        vertrouwelijk=False,
        nummer="0000000001",
        referentienummer="501",
        plaatsgevonden_op=at(1),
    )
    email = make_klantcontact(
        kanaal="e-mail",
        onderwerp="Terrasvergunning",
        inhoud="Vraag over de aanvraag",
        indicatie_contact_gelukt=False,
        vertrouwelijk=True,
        nummer="0000000002",
        referentienummer="502",
        plaatsgevonden_op=at(2),
    )
    balie = make_klantcontact(kanaal="balie", onderwerp="Paspoort", plaatsgevonden_op=at(3))
    jan_klant = make_betrokkene(telefoon, jan, contactnaam={"voornaam": "Jan"})
    jan_nogmaals = make_betrokkene(telefoon, jan, rol="vertegenwoordiger", initiator=False)
    bakker = make_betrokkene(
        email,
        bakkerij,
        organisatienaam="Bakkerij De Korrel",
        contactnaam={
            "voorletters": "P.",
            "voornaam": "Piet",
            "voorvoegsel_achternaam": "de",
            "achternaam": "Bakker",
        },
    )
    anoniem = make_betrokkene(email, None, rol="vertegenwoordiger", initiator=False)
    anoniem_adres = make_betrokkene_adres(anoniem, adres="0612345678")
    zaak_a = make_onderwerpobject(telefoon, object_id=ZAAK_A)
    zaak_a_nogmaals = make_onderwerpobject(telefoon, object_id=ZAAK_A)
    zaak_b = make_onderwerpobject(email, object_id=ZAAK_B, code_objecttype="zaak-b")
    was_telefoon = make_onderwerpobject(balie, was_klantcontact=telefoon)
    bijlage = make_bijlage(telefoon, object_id="doc-1")
    actor = make_actor()
    link = make_actorklantcontact(actor, telefoon)
    return locals()


def kc(response) -> list[str]:
    return uuids(response)


def names(data, *keys) -> list[str]:
    return [str(data[key].uuid) for key in keys]


# --- /klantcontacten ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"nummer": "0000000002"}, ["email"]),
        ({"referentienummer": "501"}, ["telefoon"]),
        ({"kanaal": "balie"}, ["balie"]),
        ({"kanaal": "BALIE"}, []),
        ({"onderwerp": "VERGUNNING"}, ["email"]),
        ({"inhoud": "gestolen"}, ["telefoon"]),
        ({"reactie": "pas besteld"}, ["telefoon"]),
        ({"indicatieContactGelukt": "true"}, ["telefoon"]),
        ({"indicatieContactGelukt": "false"}, ["email"]),
        ({"vertrouwelijk": "true"}, ["email"]),
        ({"vertrouwelijk": "false"}, ["balie", "telefoon"]),
        ({"hadBetrokkene__wasPartij": "true"}, ["email", "telefoon"]),
        ({"hadBetrokkene__wasPartij": "false"}, ["balie"]),
        ({"hadBetrokkene__digitaaladres__adres__icontains": "061234"}, ["email"]),
        ({"onderwerpobject__onderwerpobjectidentificatorObjectId": ZAAK_A}, ["telefoon"]),
        ({"onderwerpobject__onderwerpobjectidentificatorCodeObjecttype": "zaak-b"}, ["email"]),
        (
            {"onderwerpobject__onderwerpobjectidentificatorCodeRegister": "open-zaak"},
            ["email", "telefoon"],
        ),
        (
            {"onderwerpobject__onderwerpobjectidentificatorCodeSoortObjectId": "uuid"},
            ["email", "telefoon"],
        ),
        ({"kanaal": "telefoon", "vertrouwelijk": "true"}, []),
    ],
)
def test_klantcontacten_filters(api, data, params, expected):
    response = api.get(KLANTCONTACTEN, params)

    assert sorted(kc(response)) == sorted(names(data, *expected))
    assert response.json()["count"] == len(expected)


def test_plaatsgevonden_op_filter_is_an_exact_moment(api, data):
    assert kc(api.get(KLANTCONTACTEN, {"plaatsgevondenOp": "2024-05-02T10:00:00Z"})) == names(
        data, "email"
    )
    assert kc(api.get(KLANTCONTACTEN, {"plaatsgevondenOp": "2024-05-02T12:00:00+02:00"})) == names(
        data, "email"
    )
    assert kc(api.get(KLANTCONTACTEN, {"plaatsgevondenOp": "2024-05-02T10:00:01Z"})) == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"plaatsgevondenOp__gte": "2024-05-02T10:00:00Z"}, ["balie", "email"]),
        ({"plaatsgevondenOp__gte": "2024-05-02T10:00:01Z"}, ["balie"]),
        ({"plaatsgevondenOp__lte": "2024-05-02T10:00:00Z"}, ["email", "telefoon"]),
        ({"plaatsgevondenOp__lte": "2024-05-01T09:59:59Z"}, []),
        (
            {
                "plaatsgevondenOp__gte": "2024-05-01T12:00:00+02:00",
                "plaatsgevondenOp__lte": "2024-05-02T23:59:59Z",
            },
            ["email", "telefoon"],
        ),
        (
            {
                "plaatsgevondenOp__gte": "2024-05-02T00:00:00Z",
                "plaatsgevondenOp__lte": "2024-05-02T23:59:59Z",
            },
            ["email"],
        ),
    ],
)
def test_plaatsgevonden_op_ranges(api, data, params, expected):
    response = api.get(KLANTCONTACTEN, params)

    assert kc(response) == names(data, *expected)


def test_default_order_is_newest_first(api, data):
    assert kc(api.get(KLANTCONTACTEN)) == names(data, "balie", "email", "telefoon")


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("plaatsgevondenOp", ["telefoon", "email", "balie"]),
        ("-plaatsgevondenOp", ["balie", "email", "telefoon"]),
    ],
)
def test_ordering_by_plaatsgevonden_op(api, data, ordering, expected):
    assert kc(api.get(KLANTCONTACTEN, {"ordering": ordering})) == names(data, *expected)


def test_ordering_applies_across_pages(api, data):
    first = api.get(KLANTCONTACTEN, {"ordering": "plaatsgevondenOp", "pageSize": 2}).json()
    second = api.get(first["next"]).json()

    assert [item["uuid"] for item in first["results"] + second["results"]] == names(
        data, "telefoon", "email", "balie"
    )


def test_same_moment_orders_newest_created_first(api):
    first = make_klantcontact(plaatsgevonden_op=at(4))
    second = make_klantcontact(plaatsgevonden_op=at(4))

    assert kc(api.get(KLANTCONTACTEN)) == [str(second.uuid), str(first.uuid)]


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("ordering", "onderwerp"),
        ("ordering", "plaatsgevonden_op"),
        ("ordering", "-pk"),
        ("plaatsgevondenOp", "gisteren"),
        ("plaatsgevondenOp__gte", "2024-05-32T00:00:00Z"),
        ("plaatsgevondenOp__lte", "morgen"),
        ("indicatieContactGelukt", "misschien"),
        ("vertrouwelijk", "ja"),
        ("hadBetrokkene__wasPartij", "soms"),
        ("hadBetrokkene__uuid", "kapot"),
        ("hadBetrokkene__url", "kapot"),
        ("hadBetrokkene__wasPartij__uuid", "kapot"),
        ("hadBetrokkene__wasPartij__url", "geen url"),
        ("onderwerpobject__uuid", "kapot"),
        ("wasOnderwerpobject__uuid", "kapot"),
        ("kanaal", "a\x00b"),
    ],
)
def test_klantcontacten_invalid_filter_values_give_400(api, param, value):
    assert_invalid(api.get(KLANTCONTACTEN, {param: value}), param)


def test_filter_on_betrokkene(api, data):
    betrokkene = data["bakker"]
    expected = names(data, "email")

    assert kc(api.get(KLANTCONTACTEN, {"hadBetrokkene__uuid": betrokkene.uuid})) == expected
    url = absolute(f"{BETROKKENEN}/{betrokkene.uuid}")
    assert kc(api.get(KLANTCONTACTEN, {"hadBetrokkene__url": url})) == expected
    assert kc(api.get(KLANTCONTACTEN, {"hadBetrokkene__uuid": random_ref()["uuid"]})) == []


def test_filter_on_partij_finds_each_contact_once(api, data):
    jan = data["jan"]
    url = absolute(f"{PARTIJEN}/{jan.uuid}")

    by_uuid = api.get(KLANTCONTACTEN, {"hadBetrokkene__wasPartij__uuid": jan.uuid})
    by_url = api.get(KLANTCONTACTEN, {"hadBetrokkene__wasPartij__url": url})

    # Jan is twice betrokkene of the telefoon contact: it is listed once.
    for response in (by_uuid, by_url):
        assert kc(response) == names(data, "telefoon")
        assert response.json()["count"] == 1


def test_bsn_lookup_finds_the_contact_once_even_with_two_betrokkenen(api, data):
    response = api.get(
        KLANTCONTACTEN,
        {
            "hadBetrokkene__wasPartij__partijIdentificator__objectId": data["bsn"],
            "hadBetrokkene__wasPartij__partijIdentificator__codeSoortObjectId": "bsn",
        },
    )

    assert kc(response) == names(data, "telefoon")
    assert response.json()["count"] == 1


def test_bsn_lookup_with_another_soort_does_not_match(api, data):
    response = api.get(
        KLANTCONTACTEN,
        {
            "hadBetrokkene__wasPartij__partijIdentificator__objectId": data["bsn"],
            "hadBetrokkene__wasPartij__partijIdentificator__codeSoortObjectId": "rsin",
        },
    )

    assert kc(response) == []


@pytest.mark.parametrize(
    ("part", "value", "expected"),
    [
        ("codeObjecttype", "niet_natuurlijk_persoon", ["email"]),
        ("codeSoortObjectId", "kvk_nummer", ["email"]),
        ("objectId", "12345678", ["email"]),
        ("codeRegister", "brp", ["telefoon"]),
    ],
)
def test_partij_identificator_filters_one_by_one(api, data, part, value, expected):
    param = f"hadBetrokkene__wasPartij__partijIdentificator__{part}"

    assert kc(api.get(KLANTCONTACTEN, {param: value})) == names(data, *expected)


def test_zaak_lookup_finds_the_contact_once_even_with_two_onderwerpobjecten(api, data):
    response = api.get(
        KLANTCONTACTEN,
        {
            "onderwerpobject__onderwerpobjectidentificatorObjectId": ZAAK_A,
            "onderwerpobject__onderwerpobjectidentificatorCodeObjecttype": "zaak",
        },
    )

    assert kc(response) == names(data, "telefoon")
    assert response.json()["count"] == 1


def test_filter_on_onderwerpobject_reference(api, data):
    onderwerpobject = data["zaak_b"]
    url = absolute(f"{ONDERWERPOBJECTEN}/{onderwerpobject.uuid}")

    assert kc(api.get(KLANTCONTACTEN, {"onderwerpobject__uuid": onderwerpobject.uuid})) == names(
        data, "email"
    )
    assert kc(api.get(KLANTCONTACTEN, {"onderwerpobject__url": url})) == names(data, "email")


def test_filter_on_was_onderwerpobject(api, data):
    # The telefoon contact *is* the object of an onderwerpobject of the balie contact.
    was = data["was_telefoon"]
    url = absolute(f"{ONDERWERPOBJECTEN}/{was.uuid}")

    assert kc(api.get(KLANTCONTACTEN, {"wasOnderwerpobject__uuid": was.uuid})) == names(
        data, "telefoon"
    )
    assert kc(api.get(KLANTCONTACTEN, {"wasOnderwerpobject__url": url})) == names(data, "telefoon")


def test_no_duplicates_when_combining_relation_filters(api, data):
    response = api.get(
        KLANTCONTACTEN,
        {
            "hadBetrokkene__wasPartij__uuid": data["jan"].uuid,
            "onderwerpobject__onderwerpobjectidentificatorObjectId": ZAAK_A,
            "hadBetrokkene__wasPartij": "true",
        },
    )

    assert kc(response) == names(data, "telefoon")
    assert response.json()["count"] == 1


def test_every_contract_query_parameter_is_accepted(api, data):
    values = {
        "expand": "hadBetrokkenen",
        "plaatsgevondenOp": "2024-05-01T10:00:00Z",
        "page": "1",
        "pageSize": "10",
    }
    for param in sorted(contract_query_parameters("/klantcontacten")):
        if param in values:
            value = values[param]
        elif param.endswith("__uuid"):
            value = random_ref()["uuid"]
        elif param.endswith("__url"):
            value = absolute(f"{KLANTCONTACTEN}/{random_ref()['uuid']}")
        elif param in (
            "hadBetrokkene__wasPartij",
            "indicatieContactGelukt",
            "vertrouwelijk",
            "leiddeTotInterneTaken",
        ):
            value = "true"
        else:
            value = "123"
        response = api.get(KLANTCONTACTEN, {param: value})
        assert response.status_code == 200, (param, response.content[:500])


@pytest.mark.parametrize(
    "path",
    [KLANTCONTACTEN, BETROKKENEN, ONDERWERPOBJECTEN, BIJLAGEN, ACTOREN, ACTORKLANTCONTACTEN],
)
def test_unknown_query_parameter_gives_400(api, path):
    assert_invalid(api.get(path, {"onbekend": "x"}), "onbekend")


@pytest.mark.parametrize(
    ("path", "param"),
    [
        (KLANTCONTACTEN, "hadBetrokkene__wasPartij__bsn"),
        (KLANTCONTACTEN, "kanaal__icontains"),
        (BETROKKENEN, "rol"),
        (ONDERWERPOBJECTEN, "ordering"),
        (BIJLAGEN, "klantcontact__url"),
        (ACTOREN, "expand"),
    ],
)
def test_near_miss_query_parameters_give_400(api, path, param):
    assert_invalid(api.get(path, {param: "x"}), param)


# --- /betrokkenen ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("param", "value_of", "expected"),
    [
        ("hadKlantcontact__uuid", lambda d: d["email"].uuid, ["anoniem", "bakker"]),
        (
            "hadKlantcontact__url",
            lambda d: absolute(f"{KLANTCONTACTEN}/{d['email'].uuid}"),
            ["anoniem", "bakker"],
        ),
        ("hadKlantcontact__nummer", lambda d: "0000000001", ["jan_klant", "jan_nogmaals"]),
        ("hadKlantcontact__referentienummer", lambda d: "502", ["anoniem", "bakker"]),
        ("wasPartij__uuid", lambda d: d["jan"].uuid, ["jan_klant", "jan_nogmaals"]),
        (
            "wasPartij__url",
            lambda d: absolute(f"{PARTIJEN}/{d['bakkerij'].uuid}"),
            ["bakker"],
        ),
        ("wasPartij__nummer", lambda d: "0000000101", ["jan_klant", "jan_nogmaals"]),
        (
            "wasPartij__partijIdentificator__objectId",
            lambda d: d["bsn"],
            ["jan_klant", "jan_nogmaals"],
        ),
        ("wasPartij__partijIdentificator__codeSoortObjectId", lambda d: "kvk_nummer", ["bakker"]),
        ("wasPartij__partijIdentificator__codeRegister", lambda d: "hr", ["bakker"]),
        (
            "wasPartij__partijIdentificator__codeObjecttype",
            lambda d: "natuurlijk_persoon",
            ["jan_klant", "jan_nogmaals"],
        ),
        ("verstrektedigitaalAdres__uuid", lambda d: d["anoniem_adres"].uuid, ["anoniem"]),
        (
            "verstrektedigitaalAdres__url",
            lambda d: absolute(f"{DIGITALE_ADRESSEN}/{d['anoniem_adres'].uuid}"),
            ["anoniem"],
        ),
        ("verstrektedigitaalAdres__adres", lambda d: "0612345678", ["anoniem"]),
        ("organisatienaam", lambda d: "Bakkerij De Korrel", ["bakker"]),
        ("contactnaamVoorletters", lambda d: "P.", ["bakker"]),
        ("contactnaamVoornaam", lambda d: "Jan", ["jan_klant"]),
        ("contactnaamVoorvoegselAchternaam", lambda d: "de", ["bakker"]),
        ("contactnaamAchternaam", lambda d: "Bakker", ["bakker"]),
    ],
)
def test_betrokkenen_filters(api, data, param, value_of, expected):
    response = api.get(BETROKKENEN, {param: value_of(data)})

    assert sorted(uuids(response)) == sorted(names(data, *expected))


def test_betrokkenen_of_a_partij_once_each(api, data):
    response = api.get(
        BETROKKENEN,
        {
            "wasPartij__uuid": data["jan"].uuid,
            "wasPartij__partijIdentificator__codeRegister": "brp",
        },
    )

    assert sorted(uuids(response)) == sorted(names(data, "jan_klant", "jan_nogmaals"))
    assert response.json()["count"] == 2


@pytest.mark.parametrize(
    "param",
    [
        "hadKlantcontact__uuid",
        "hadKlantcontact__url",
        "wasPartij__uuid",
        "wasPartij__url",
        "verstrektedigitaalAdres__uuid",
    ],
)
def test_betrokkenen_invalid_reference_filters_give_400(api, param):
    assert_invalid(api.get(BETROKKENEN, {param: "kapot"}), param)


def test_betrokkenen_query_parameters_are_the_contracts(api, data):
    for param in sorted(contract_query_parameters("/betrokkenen")):
        value = {"expand": "digitaleAdressen", "page": "1", "pageSize": "5"}.get(param, "")
        if param.endswith("__uuid"):
            value = random_ref()["uuid"]
        elif param.endswith("__url"):
            value = absolute(f"{PARTIJEN}/{random_ref()['uuid']}")
        elif not value:
            value = "123"
        response = api.get(BETROKKENEN, {param: value})
        assert response.status_code == 200, (param, response.content[:500])


# --- /digitaleadressen by betrokkene and by partij ------------------------------------------------


def test_digitale_adressen_by_betrokkene(api, data):
    anoniem = data["anoniem"]
    expected = names(data, "anoniem_adres")
    make_digitaal_adres(data["jan"], adres="jan@example.nl")

    assert uuids(api.get(DIGITALE_ADRESSEN, {"verstrektDoorBetrokkene__uuid": anoniem.uuid})) == (
        expected
    )
    url = absolute(f"{BETROKKENEN}/{anoniem.uuid}")
    assert uuids(api.get(DIGITALE_ADRESSEN, {"verstrektDoorBetrokkene__url": url})) == expected
    assert (
        uuids(api.get(DIGITALE_ADRESSEN, {"verstrektDoorBetrokkene__rol": "vertegenwoordiger"}))
        == expected
    )
    assert uuids(api.get(DIGITALE_ADRESSEN, {"verstrektDoorBetrokkene__rol": "klant"})) == []
    assert_invalid(
        api.get(DIGITALE_ADRESSEN, {"verstrektDoorBetrokkene__rol": "toeschouwer"}),
        "verstrektDoorBetrokkene__rol",
    )
    assert_invalid(
        api.get(DIGITALE_ADRESSEN, {"verstrektDoorBetrokkene__uuid": "kapot"}),
        "verstrektDoorBetrokkene__uuid",
    )


def test_digitale_adressen_by_partij(api, data):
    adres = make_digitaal_adres(data["jan"], adres="jan@example.nl")

    response = api.get(DIGITALE_ADRESSEN, {"verstrektDoorPartij__uuid": data["jan"].uuid})

    assert uuids(response) == [str(adres.uuid)]


def test_digitale_adressen_query_parameters_are_the_contracts(api, data):
    values = {
        "expand": "verstrektDoorBetrokkene",
        "page": "1",
        "pageSize": "5",
        "isGeverifieerd": "true",
        "isStandaardAdres": "false",
        "soortDigitaalAdres": "email",
        "verstrektDoorPartij__soortPartij": "persoon",
        "verstrektDoorBetrokkene__rol": "klant",
    }
    for param in sorted(contract_query_parameters("/digitaleadressen")):
        value = values.get(param, "123")
        if param.endswith("__uuid"):
            value = random_ref()["uuid"]
        elif param.endswith("__url"):
            value = absolute(f"{BETROKKENEN}/{random_ref()['uuid']}")
        elif param.startswith("verificatieDatum"):
            value = "2024-01-01"
        response = api.get(DIGITALE_ADRESSEN, {param: value})
        assert response.status_code == 200, (param, response.content[:500])


# --- /onderwerpobjecten, /bijlagen, /actoren, /actorklantcontacten --------------------------------


@pytest.mark.parametrize(
    ("param", "value_of", "expected"),
    [
        ("klantcontact__uuid", lambda d: d["telefoon"].uuid, ["zaak_a", "zaak_a_nogmaals"]),
        (
            "klantcontact__url",
            lambda d: absolute(f"{KLANTCONTACTEN}/{d['email'].uuid}"),
            ["zaak_b"],
        ),
        ("wasKlantcontact__uuid", lambda d: d["telefoon"].uuid, ["was_telefoon"]),
        (
            "wasKlantcontact__url",
            lambda d: absolute(f"{KLANTCONTACTEN}/{d['telefoon'].uuid}"),
            ["was_telefoon"],
        ),
        ("onderwerpobjectidentificatorObjectId", lambda d: ZAAK_B, ["zaak_b"]),
        ("onderwerpobjectidentificatorCodeObjecttype", lambda d: "zaak-b", ["zaak_b"]),
        (
            "onderwerpobjectidentificatorCodeRegister",
            lambda d: "open-zaak",
            ["zaak_a", "zaak_a_nogmaals", "zaak_b"],
        ),
        (
            "onderwerpobjectidentificatorCodeSoortObjectId",
            lambda d: "uuid",
            ["zaak_a", "zaak_a_nogmaals", "zaak_b"],
        ),
    ],
)
def test_onderwerpobjecten_filters(api, data, param, value_of, expected):
    response = api.get(ONDERWERPOBJECTEN, {param: value_of(data)})

    assert sorted(uuids(response)) == sorted(names(data, *expected))


def test_bijlagen_filters(api, data):
    andere = make_bijlage(data["email"], object_id="doc-2")
    expected = names(data, "bijlage")

    assert uuids(api.get(BIJLAGEN, {"klantcontact__uuid": data["telefoon"].uuid})) == expected
    assert uuids(api.get(BIJLAGEN, {"bijlageidentificatorObjectId": "doc-2"})) == [str(andere.uuid)]
    for param, value in [
        ("bijlageidentificatorCodeObjecttype", "informatieobject"),
        ("bijlageidentificatorCodeRegister", "drc"),
        ("bijlageidentificatorCodeSoortObjectId", "uuid"),
    ]:
        assert sorted(uuids(api.get(BIJLAGEN, {param: value}))) == sorted(
            [str(data["bijlage"].uuid), str(andere.uuid)]
        )
    assert_invalid(api.get(BIJLAGEN, {"klantcontact__uuid": "kapot"}), "klantcontact__uuid")


def test_actoren_filters(api, data):
    medewerker = data["actor"]
    bot = make_actor("geautomatiseerde_actor", naam="Gem de chatbot", indicatie_actief=False)
    team = make_actor(
        "organisatorische_eenheid",
        naam="Team Burgerzaken",
        actoridentificator={
            "object_id": "OE-12",
            "code_objecttype": "afdeling",
            "code_register": "hr-systeem",
            "code_soort_object_id": "code",
        },
    )

    assert uuids(api.get(ACTOREN, {"naam": "CHATBOT"})) == [str(bot.uuid)]
    assert uuids(api.get(ACTOREN, {"soortActor": "medewerker"})) == [str(medewerker.uuid)]
    assert uuids(api.get(ACTOREN, {"indicatieActief": "false"})) == [str(bot.uuid)]
    assert sorted(uuids(api.get(ACTOREN, {"indicatieActief": "true"}))) == sorted(
        [str(medewerker.uuid), str(team.uuid)]
    )
    for param, value in [
        ("actoridentificatorObjectId", "OE-12"),
        ("actoridentificatorCodeObjecttype", "afdeling"),
        ("actoridentificatorCodeRegister", "hr-systeem"),
        ("actoridentificatorCodeSoortObjectId", "code"),
    ]:
        assert uuids(api.get(ACTOREN, {param: value})) == [str(team.uuid)], param
    assert_invalid(api.get(ACTOREN, {"soortActor": "robot"}), "soortActor")
    assert_invalid(api.get(ACTOREN, {"indicatieActief": "soms"}), "indicatieActief")


def test_actorklantcontacten_filters(api, data):
    actor, telefoon = data["actor"], data["telefoon"]
    ander = make_actorklantcontact(make_actor(naam="Ander"), data["email"])
    expected = [str(data["link"].uuid)]

    assert uuids(api.get(ACTORKLANTCONTACTEN, {"actor__uuid": actor.uuid})) == expected
    assert (
        uuids(api.get(ACTORKLANTCONTACTEN, {"actor__url": absolute(f"{ACTOREN}/{actor.uuid}")}))
        == expected
    )
    assert uuids(api.get(ACTORKLANTCONTACTEN, {"klantcontact__uuid": telefoon.uuid})) == expected
    assert uuids(
        api.get(
            ACTORKLANTCONTACTEN,
            {"klantcontact__url": absolute(f"{KLANTCONTACTEN}/{data['email'].uuid}")},
        )
    ) == [str(ander.uuid)]
    assert_invalid(api.get(ACTORKLANTCONTACTEN, {"actor__uuid": "kapot"}), "actor__uuid")


@pytest.mark.parametrize("path", [ONDERWERPOBJECTEN, BIJLAGEN, ACTOREN, ACTORKLANTCONTACTEN])
def test_query_parameters_of_the_other_lists_are_the_contracts(api, path):
    collection = path.rsplit("/", 1)[-1]
    enums = {"soortActor": "medewerker", "indicatieActief": "true"}
    for param in sorted(contract_query_parameters(f"/{collection}")):
        value = enums.get(param, "1")
        if param.endswith("__uuid"):
            value = random_ref()["uuid"]
        elif param.endswith("__url"):
            value = absolute(f"{KLANTCONTACTEN}/{random_ref()['uuid']}")
        response = api.get(path, {param: value})
        assert response.status_code == 200, (param, response.content[:500])


def test_lists_are_paged_newest_first(api):
    actoren = [make_actor(naam=f"Actor {index}") for index in range(3)]

    first = api.get(ACTOREN, {"pageSize": 2}).json()

    assert first["count"] == 3
    assert [item["uuid"] for item in first["results"]] == [
        str(actoren[2].uuid),
        str(actoren[1].uuid),
    ]
    assert api.get(first["next"]).json()["results"][0]["uuid"] == str(actoren[0].uuid)


def test_bsn_lookup_matches_one_identificator_row_not_a_mix(api):
    bsn, rsin = valid_bsn(), valid_bsn()
    partij = make_persoon(bsn=bsn)
    partij_services.create_partij_identificator(
        {
            "partij": partij,
            "partij_identificator_code_register": "hr",
            "partij_identificator_code_objecttype": "niet_natuurlijk_persoon",
            "partij_identificator_code_soort_object_id": "rsin",
            "partij_identificator_object_id": rsin,
        }
    )
    klantcontact = make_klantcontact()
    make_betrokkene(klantcontact, partij)
    prefix = "hadBetrokkene__wasPartij__partijIdentificator"

    found = api.get(
        KLANTCONTACTEN, {f"{prefix}__codeSoortObjectId": "bsn", f"{prefix}__objectId": bsn}
    )
    mixed = api.get(
        KLANTCONTACTEN, {f"{prefix}__codeSoortObjectId": "bsn", f"{prefix}__objectId": rsin}
    )
    mixed_betrokkenen = api.get(
        BETROKKENEN,
        {
            "wasPartij__partijIdentificator__codeSoortObjectId": "bsn",
            "wasPartij__partijIdentificator__objectId": rsin,
        },
    )

    assert kc(found) == [str(klantcontact.uuid)]
    assert kc(mixed) == []
    assert uuids(mixed_betrokkenen) == []


def test_zaak_lookup_matches_one_onderwerpobject_not_a_mix(api):
    klantcontact = make_klantcontact()
    make_onderwerpobject(klantcontact, object_id=ZAAK_A, code_objecttype="document")
    make_onderwerpobject(klantcontact, object_id=ZAAK_B, code_objecttype="zaak")

    mixed = api.get(
        KLANTCONTACTEN,
        {
            "onderwerpobject__onderwerpobjectidentificatorObjectId": ZAAK_A,
            "onderwerpobject__onderwerpobjectidentificatorCodeObjecttype": "zaak",
        },
    )
    matching = api.get(
        KLANTCONTACTEN,
        {
            "onderwerpobject__onderwerpobjectidentificatorObjectId": ZAAK_B,
            "onderwerpobject__onderwerpobjectidentificatorCodeObjecttype": "zaak",
        },
    )

    assert kc(mixed) == []
    assert kc(matching) == [str(klantcontact.uuid)]


@pytest.mark.parametrize(
    ("path", "param"),
    [
        (KLANTCONTACTEN, "nummer"),
        (KLANTCONTACTEN, "kanaal"),
        (KLANTCONTACTEN, "onderwerp"),
        (KLANTCONTACTEN, "hadBetrokkene__wasPartij__partijIdentificator__objectId"),
        (KLANTCONTACTEN, "hadBetrokkene__digitaaladres__adres__icontains"),
        (KLANTCONTACTEN, "onderwerpobject__onderwerpobjectidentificatorObjectId"),
        (KLANTCONTACTEN, "wasOnderwerpobject__onderwerpobjectidentificatorCodeRegister"),
        (BETROKKENEN, "organisatienaam"),
        (BETROKKENEN, "verstrektedigitaalAdres__adres"),
        (BETROKKENEN, "wasPartij__partijIdentificator__objectId"),
        (ONDERWERPOBJECTEN, "onderwerpobjectidentificatorObjectId"),
        (BIJLAGEN, "bijlageidentificatorObjectId"),
        (ACTOREN, "naam"),
        (ACTOREN, "actoridentificatorCodeSoortObjectId"),
    ],
)
def test_filter_values_with_a_nul_character_give_400_not_500(api, path, param):
    assert_invalid(api.get(path, {param: "a\x00b"}), param)


@pytest.mark.parametrize("value", [",", ",,", "plaatsgevondenOp,"])
def test_ordering_with_an_empty_entry_gives_400_not_500(api, data, value):
    assert_invalid(api.get(KLANTCONTACTEN, {"ordering": value}), "ordering")


@pytest.mark.parametrize(
    ("param", "value", "expected"),
    [
        # 10000-01-01T13:59:59Z: after every contact.
        ("plaatsgevondenOp", "9999-12-31T23:59:59-14:00", []),
        ("plaatsgevondenOp__gte", "9999-12-31T23:59:59-14:00", []),
        ("plaatsgevondenOp__lte", "9999-12-31T23:59:59-14:00", ["balie", "email", "telefoon"]),
        # 0000-12-31T23:30:00Z: before every contact.
        ("plaatsgevondenOp", "0001-01-01T00:30:00+01:00", []),
        ("plaatsgevondenOp__gte", "0001-01-01T00:30:00+01:00", ["balie", "email", "telefoon"]),
        ("plaatsgevondenOp__lte", "0001-01-01T00:30:00+01:00", []),
        # Local time (Europe/Amsterdam, +00:19:32 then): also before year 1 in UTC.
        ("plaatsgevondenOp__lte", "0001-01-01T00:00:00", []),
    ],
)
def test_moments_at_the_edge_of_the_calendar_give_an_answer_not_500(
    api, data, param, value, expected
):
    response = api.get(KLANTCONTACTEN, {param: value})

    # Either the right (empty or full) answer, or a 400 that names the parameter.
    if response.status_code == 400:
        assert_invalid(response, param)
    else:
        assert kc(response) == names(data, *expected)
