"""The list filters of the partijen endpoints (spec §4.3), with strict parameter checking."""

import pytest

from partijen import services
from partijen.api import filters as partij_filters
from tests.factories import make_digitaal_adres, make_organisatie, make_persoon, valid_bsn
from tests.partijen.helpers import (
    CATEGORIE_RELATIES,
    CATEGORIEEN,
    DIGITALE_ADRESSEN,
    IDENTIFICATOREN,
    PARTIJEN,
    REKENINGNUMMERS,
    VERTEGENWOORDIGINGEN,
    absolute,
    assert_invalid,
    contract_query_parameters,
    problem,
    random_ref,
    uuids,
    valid_iban,
)

pytestmark = pytest.mark.django_db


def add_identificator(partij, soort, object_id, parent=None):
    register, objecttype = {
        "bsn": ("brp", "natuurlijk_persoon"),
        "rsin": ("hr", "niet_natuurlijk_persoon"),
        "kvk_nummer": ("hr", "niet_natuurlijk_persoon"),
        "vestigingsnummer": ("hr", "vestiging"),
    }[soort]
    return services.create_partij_identificator(
        {
            "partij": partij,
            "partij_identificator_code_register": register,
            "partij_identificator_code_objecttype": objecttype,
            "partij_identificator_code_soort_object_id": soort,
            "partij_identificator_object_id": object_id,
            "sub_identificator_van": parent,
        }
    )


# --- the filter names -------------------------------------------------------------------------

FILTERSETS = {
    "/partijen": (partij_filters.PartijFilterSet, {"expand"}),
    "/partij-identificatoren": (partij_filters.PartijIdentificatorFilterSet, set()),
    "/vertegenwoordigingen": (partij_filters.VertegenwoordigdenFilterSet, set()),
    "/categorieen": (None, set()),
    "/categorie-relaties": (partij_filters.CategorieRelatieFilterSet, set()),
    "/rekeningnummers": (partij_filters.RekeningnummerFilterSet, set()),
    "/digitaleadressen": (partij_filters.DigitaalAdresFilterSet, {"expand"}),
}


@pytest.mark.parametrize("path", FILTERSETS)
def test_query_parameters_are_the_contracts(path):
    filterset, extra = FILTERSETS[path]
    ours = {"page", "pageSize", *extra}
    if filterset is not None:
        ours |= set(filterset.base_filters)

    assert ours == contract_query_parameters(path)


@pytest.mark.parametrize(
    "path",
    [
        PARTIJEN,
        IDENTIFICATOREN,
        VERTEGENWOORDIGINGEN,
        CATEGORIEEN,
        CATEGORIE_RELATIES,
        REKENINGNUMMERS,
        DIGITALE_ADRESSEN,
    ],
)
def test_unknown_query_parameter_gives_400(api, path):
    assert_invalid(api.get(path, {"onbekend": "x"}), "onbekend")


# --- /partijen --------------------------------------------------------------------------------


def test_partijen_filter_on_nummer(api):
    wanted = make_persoon(nummer="4711")
    make_persoon(nummer="4712")

    assert uuids(api.get(PARTIJEN, {"nummer": "4711"})) == [str(wanted.uuid)]


@pytest.mark.parametrize("field", ["indicatieActief", "indicatieGeheimhouding"])
def test_partijen_filter_on_booleans(api, field):
    model_field = {
        "indicatieActief": "indicatie_actief",
        "indicatieGeheimhouding": "indicatie_geheimhouding",
    }[field]
    yes = make_persoon(**{model_field: True})
    no = make_persoon(**{model_field: False})

    assert uuids(api.get(PARTIJEN, {field: "true"})) == [str(yes.uuid)]
    assert uuids(api.get(PARTIJEN, {field: "false"})) == [str(no.uuid)]
    assert_invalid(api.get(PARTIJEN, {field: "maybe"}), field)


def test_partijen_filter_on_soort_partij(api):
    persoon = make_persoon()
    organisatie = make_organisatie()

    assert uuids(api.get(PARTIJEN, {"soortPartij": "persoon"})) == [str(persoon.uuid)]
    assert uuids(api.get(PARTIJEN, {"soortPartij": "organisatie"})) == [str(organisatie.uuid)]
    assert_invalid(api.get(PARTIJEN, {"soortPartij": "alien"}), "soortPartij")


@pytest.mark.parametrize("prefix", ["bezoekadres", "correspondentieadres"])
@pytest.mark.parametrize(
    ("part", "value"),
    [
        ("NummeraanduidingId", "0363200000123456"),
        ("Adresregel1", "Dorpsstraat 1"),
        ("Adresregel2", "1234 AB Utrecht"),
        ("Adresregel3", "Postbus 12"),
        ("Land", "BE"),
    ],
)
def test_partijen_filter_on_adres_fields(api, prefix, part, value):
    sub = part[0].lower() + part[1:]
    wanted = services.create_partij(
        {"soort_partij": "persoon", "indicatie_actief": True, prefix: {_snake(sub): value}}
    )
    make_persoon()

    assert uuids(api.get(PARTIJEN, {f"{prefix}{part}": value})) == [str(wanted.uuid)]


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def test_vertegenwoordigde_partij_filter_returns_the_partijen_it_represents(api):
    vertegenwoordiger = make_organisatie()
    klant, andere_klant, vreemde = make_persoon(), make_persoon(), make_persoon()
    for partij in (klant, andere_klant):
        services.create_vertegenwoordiging(
            {"vertegenwoordigende_partij": vertegenwoordiger, "vertegenwoordigde_partij": partij}
        )
    services.create_vertegenwoordiging(
        {"vertegenwoordigende_partij": klant, "vertegenwoordigde_partij": vreemde}
    )
    expected = {str(klant.uuid), str(andere_klant.uuid)}
    url = absolute(f"{PARTIJEN}/{vertegenwoordiger.uuid}")

    assert (
        set(uuids(api.get(PARTIJEN, {"vertegenwoordigdePartij__uuid": vertegenwoordiger.uuid})))
        == expected
    )
    assert set(uuids(api.get(PARTIJEN, {"vertegenwoordigdePartij__url": url}))) == expected
    internal = f"http://klantenregister:8000{PARTIJEN}/{vertegenwoordiger.uuid}"
    assert set(uuids(api.get(PARTIJEN, {"vertegenwoordigdePartij__url": internal}))) == expected


def test_vertegenwoordigde_partij_filter_with_bad_values(api):
    assert_invalid(
        api.get(PARTIJEN, {"vertegenwoordigdePartij__uuid": "x"}), "vertegenwoordigdePartij__uuid"
    )
    assert_invalid(
        api.get(PARTIJEN, {"vertegenwoordigdePartij__url": "geen url"}),
        "vertegenwoordigdePartij__url",
    )
    nowhere = absolute(f"{PARTIJEN}/{random_ref()['uuid']}")
    assert uuids(api.get(PARTIJEN, {"vertegenwoordigdePartij__url": nowhere})) == []
    assert (
        uuids(api.get(PARTIJEN, {"vertegenwoordigdePartij__url": "http://testserver/elders"})) == []
    )


def test_bsn_lookup_matches_one_identificator_row_not_a_mix(api):
    bsn, rsin = valid_bsn(), valid_bsn()
    partij = make_persoon(bsn=bsn)
    add_identificator(partij, "rsin", rsin)

    found = api.get(
        PARTIJEN,
        {"partijIdentificator__codeSoortObjectId": "bsn", "partijIdentificator__objectId": bsn},
    )
    mixed = api.get(
        PARTIJEN,
        {"partijIdentificator__codeSoortObjectId": "bsn", "partijIdentificator__objectId": rsin},
    )

    assert uuids(found) == [str(partij.uuid)]
    assert uuids(mixed) == []


@pytest.mark.parametrize(
    ("part", "value"),
    [
        ("codeObjecttype", "niet_natuurlijk_persoon"),
        ("codeSoortObjectId", "kvk_nummer"),
        ("objectId", "12345678"),
        ("codeRegister", "hr"),
    ],
)
def test_partij_identificator_filters_one_by_one(api, part, value):
    organisatie = make_organisatie(kvk="12345678")
    make_persoon(bsn=valid_bsn())

    assert uuids(api.get(PARTIJEN, {f"partijIdentificator__{part}": value})) == [
        str(organisatie.uuid)
    ]


def test_all_four_identificator_filters_together_find_the_partij(api):
    bsn = valid_bsn()
    partij = make_persoon(bsn=bsn)
    make_persoon(bsn=valid_bsn())

    response = api.get(
        PARTIJEN,
        {
            "partijIdentificator__codeRegister": "brp",
            "partijIdentificator__codeObjecttype": "natuurlijk_persoon",
            "partijIdentificator__codeSoortObjectId": "bsn",
            "partijIdentificator__objectId": bsn,
        },
    )

    assert uuids(response) == [str(partij.uuid)]


def test_vestiging_is_found_by_its_number_within_its_kvk(api):
    hoofd, ander = make_organisatie(kvk="11111111"), make_organisatie(kvk="22222222")
    filiaal, ander_filiaal = make_organisatie(naam="Filiaal"), make_organisatie(naam="Ander")
    add_identificator(
        filiaal, "vestigingsnummer", "000000000001", parent=hoofd.partij_identificatoren.get()
    )
    add_identificator(
        ander_filiaal, "vestigingsnummer", "000000000001", parent=ander.partij_identificatoren.get()
    )

    response = api.get(
        PARTIJEN,
        {
            "partijIdentificator__codeSoortObjectId": "vestigingsnummer",
            "partijIdentificator__objectId": "000000000001",
            "subIdentificatorVan__codeSoortObjectId": "kvk_nummer",
            "subIdentificatorVan__objectId": "11111111",
        },
    )
    by_parent_only = api.get(
        PARTIJEN,
        {
            "subIdentificatorVan__objectId": "22222222",
            "subIdentificatorVan__codeRegister": "hr",
            "subIdentificatorVan__codeObjecttype": "niet_natuurlijk_persoon",
        },
    )

    assert uuids(response) == [str(filiaal.uuid)]
    assert uuids(by_parent_only) == [str(ander_filiaal.uuid)]


def test_categorie_naam_filter_takes_a_comma_separated_list(api):
    vip, ondernemer, overig = (
        services.create_categorie({"naam": n}) for n in ("VIP", "Ondernemer", "Overig")
    )
    a, b, c, geen = make_persoon(), make_persoon(), make_persoon(), make_persoon()
    services.create_categorie_relatie({"partij": a, "categorie": vip})
    services.create_categorie_relatie({"partij": b, "categorie": ondernemer})
    services.create_categorie_relatie({"partij": c, "categorie": overig})
    # Two matching categorieën on one partij: it must appear once.
    services.create_categorie_relatie({"partij": a, "categorie": ondernemer})

    response = api.get(PARTIJEN, {"categorierelatie__categorie__naam": "VIP, Ondernemer"})

    assert sorted(uuids(response)) == sorted([str(a.uuid), str(b.uuid)])
    assert response.json()["count"] == 2
    assert uuids(api.get(PARTIJEN, {"categorierelatie__categorie__naam": "VIP"})) == [str(a.uuid)]
    assert uuids(api.get(PARTIJEN, {"categorierelatie__categorie__naam": "Onbekend"})) == []
    assert geen


def test_no_duplicate_partijen_when_several_identificatoren_match(api):
    partij = make_organisatie(kvk="12345678")
    add_identificator(partij, "rsin", valid_bsn())

    response = api.get(PARTIJEN, {"partijIdentificator__codeRegister": "hr"})

    assert uuids(response) == [str(partij.uuid)]
    assert response.json()["count"] == 1


def test_filters_combine_with_and(api):
    wanted = make_persoon(bsn=valid_bsn(), indicatie_actief=True)
    make_persoon(bsn=valid_bsn(), indicatie_actief=False)

    response = api.get(
        PARTIJEN, {"partijIdentificator__codeSoortObjectId": "bsn", "indicatieActief": "true"}
    )

    assert uuids(response) == [str(wanted.uuid)]


# --- /partij-identificatoren ------------------------------------------------------------------


def test_partij_identificatoren_filters(api):
    bsn = valid_bsn()
    persoon = make_persoon(bsn=bsn)
    organisatie = make_organisatie(kvk="12345678")
    bsn_id = persoon.partij_identificatoren.get()
    kvk_id = organisatie.partij_identificatoren.get()
    services.update_partij_identificator(kvk_id, {"andere_partij_identificator": "klant-42"})

    assert uuids(api.get(IDENTIFICATOREN, {"partijIdentificatorObjectId": bsn})) == [
        str(bsn_id.uuid)
    ]
    assert uuids(
        api.get(IDENTIFICATOREN, {"partijIdentificatorCodeSoortObjectId": "kvk_nummer"})
    ) == [str(kvk_id.uuid)]
    assert uuids(
        api.get(IDENTIFICATOREN, {"partijIdentificatorCodeObjecttype": "natuurlijk_persoon"})
    ) == [str(bsn_id.uuid)]
    assert uuids(api.get(IDENTIFICATOREN, {"partijIdentificatorCodeRegister": "hr"})) == [
        str(kvk_id.uuid)
    ]
    assert uuids(api.get(IDENTIFICATOREN, {"anderePartijIdentificator": "klant-42"})) == [
        str(kvk_id.uuid)
    ]


@pytest.mark.parametrize(
    "param",
    [
        "partijIdentificatorCodeObjecttype",
        "partijIdentificatorCodeSoortObjectId",
        "partijIdentificatorCodeRegister",
    ],
)
def test_partij_identificatoren_enum_filters_reject_unknown_values(api, param):
    assert_invalid(api.get(IDENTIFICATOREN, {param: "alien"}), param)


# --- /vertegenwoordigingen ---------------------------------------------------------------------


def test_vertegenwoordigingen_filters(api):
    a, b, c = make_persoon(), make_persoon(), make_persoon()
    ab = services.create_vertegenwoordiging(
        {"vertegenwoordigende_partij": a, "vertegenwoordigde_partij": b}
    )
    cb = services.create_vertegenwoordiging(
        {"vertegenwoordigende_partij": c, "vertegenwoordigde_partij": b}
    )
    services.create_vertegenwoordiging(
        {"vertegenwoordigende_partij": b, "vertegenwoordigde_partij": c}
    )

    assert uuids(api.get(VERTEGENWOORDIGINGEN, {"vertegenwoordigendePartij__uuid": a.uuid})) == [
        str(ab.uuid)
    ]
    assert uuids(
        api.get(
            VERTEGENWOORDIGINGEN,
            {"vertegenwoordigendePartij__url": absolute(f"{PARTIJEN}/{a.uuid}")},
        )
    ) == [str(ab.uuid)]
    assert set(uuids(api.get(VERTEGENWOORDIGINGEN, {"vertegenwoordigdePartij__uuid": b.uuid}))) == {
        str(ab.uuid),
        str(cb.uuid),
    }
    assert set(
        uuids(
            api.get(
                VERTEGENWOORDIGINGEN,
                {"vertegenwoordigdePartij__url": absolute(f"{PARTIJEN}/{b.uuid}")},
            )
        )
    ) == {str(ab.uuid), str(cb.uuid)}
    assert_invalid(
        api.get(VERTEGENWOORDIGINGEN, {"vertegenwoordigdePartij__uuid": "123"}),
        "vertegenwoordigdePartij__uuid",
    )
    assert_invalid(
        api.get(VERTEGENWOORDIGINGEN, {"vertegenwoordigendePartij__url": "partij a"}),
        "vertegenwoordigendePartij__url",
    )


# --- /categorieen and /categorie-relaties ------------------------------------------------------


def test_categorieen_has_only_paging(api):
    for naam in ("A", "B", "C"):
        services.create_categorie({"naam": naam})

    response = api.get(CATEGORIEEN, {"pageSize": 2, "page": 2})

    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert [item["naam"] for item in response.json()["results"]] == ["A"]
    assert_invalid(api.get(CATEGORIEEN, {"naam": "A"}), "naam")


def test_categorie_relaties_filters(api):
    vip, ondernemer = (
        services.create_categorie({"naam": "VIP"}),
        services.create_categorie({"naam": "Ondernemer"}),
    )
    a, b = make_persoon(nummer="1001"), make_persoon(nummer="1002")
    a_vip = services.create_categorie_relatie(
        {"partij": a, "categorie": vip, "begin_datum": "2024-01-01", "eind_datum": "2024-06-30"}
    )
    b_ond = services.create_categorie_relatie(
        {"partij": b, "categorie": ondernemer, "begin_datum": "2023-05-05"}
    )

    cases = {
        "partij__uuid": (a.uuid, a_vip),
        "partij__url": (absolute(f"{PARTIJEN}/{a.uuid}"), a_vip),
        "partij__nummer": ("1002", b_ond),
        "categorie__uuid": (ondernemer.uuid, b_ond),
        "categorie__url": (absolute(f"{CATEGORIEEN}/{vip.uuid}"), a_vip),
        "categorie__naam": ("VIP", a_vip),
        "beginDatum": ("2023-05-05", b_ond),
        "eindDatum": ("2024-06-30", a_vip),
    }
    for param, (value, expected) in cases.items():
        assert uuids(api.get(CATEGORIE_RELATIES, {param: value})) == [str(expected.uuid)], param
    for param in ("beginDatum", "eindDatum", "partij__uuid", "categorie__uuid", "partij__url"):
        assert_invalid(api.get(CATEGORIE_RELATIES, {param: "kapot"}), param)


# --- /rekeningnummers ---------------------------------------------------------------------------


def test_rekeningnummers_filters(api):
    iban = valid_iban()
    wanted = services.create_rekeningnummer({"iban": iban, "bic": "ABNANL2A"})
    other = services.create_rekeningnummer({"iban": valid_iban(), "bic": "RABONL2U"})

    assert uuids(api.get(REKENINGNUMMERS, {"iban": iban})) == [str(wanted.uuid)]
    assert uuids(api.get(REKENINGNUMMERS, {"bic": "RABONL2U"})) == [str(other.uuid)]
    assert uuids(api.get(REKENINGNUMMERS, {"uuid": wanted.uuid})) == [str(wanted.uuid)]
    assert_invalid(api.get(REKENINGNUMMERS, {"uuid": "kapot"}), "uuid")


# --- /digitaleadressen --------------------------------------------------------------------------


@pytest.fixture
def adressen():
    persoon = make_persoon(bsn="111222333")
    organisatie = make_organisatie(kvk="12345678")
    return {
        "persoon": persoon,
        "organisatie": organisatie,
        "mail": make_digitaal_adres(
            persoon,
            adres="Jan@Example.nl",
            omschrijving="Privé mail",
            referentie="portaal",
            is_standaard_adres=True,
            verificatie_datum="2024-03-01",
        ),
        "telefoon": make_digitaal_adres(
            persoon,
            adres="0612345678",
            soort="telefoonnummer",
            omschrijving="werk",
            verificatie_datum="2024-04-01",
        ),
        "bedrijf": make_digitaal_adres(organisatie, adres="info@bakkerij.nl"),
        "los": make_digitaal_adres(None, adres="@bakkerij", soort="overig"),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"adres": "Jan@Example.nl"}, ["mail"]),
        ({"adres": "jan@example.nl"}, []),
        ({"adres__icontains": "bakkerij"}, ["bedrijf", "los"]),
        ({"soortDigitaalAdres": "telefoonnummer"}, ["telefoon"]),
        ({"isStandaardAdres": "true"}, ["mail"]),
        ({"isStandaardAdres": "false"}, ["telefoon", "bedrijf", "los"]),
        ({"omschrijving": "MAIL"}, ["mail"]),
        ({"omschrijving": "wer"}, ["telefoon"]),
        ({"referentie": "portaal"}, ["mail"]),
        ({"verificatieDatum": "2024-03-01"}, ["mail"]),
        ({"verificatieDatum__gt": "2024-03-01"}, ["telefoon"]),
        ({"verificatieDatum__gte": "2024-03-01"}, ["mail", "telefoon"]),
        ({"verificatieDatum__lt": "2024-04-01"}, ["mail"]),
        ({"verificatieDatum__lte": "2024-04-01"}, ["mail", "telefoon"]),
        (
            {"verificatieDatum__gte": "2024-03-02", "verificatieDatum__lte": "2024-04-01"},
            ["telefoon"],
        ),
        ({"isGeverifieerd": "true"}, ["mail", "telefoon"]),
        ({"isGeverifieerd": "false"}, ["bedrijf", "los"]),
        ({"verstrektDoorPartij__soortPartij": "organisatie"}, ["bedrijf"]),
        ({"verstrektDoorPartij__partijIdentificator__objectId": "111222333"}, ["mail", "telefoon"]),
        (
            {"verstrektDoorPartij__partijIdentificator__codeSoortObjectId": "kvk_nummer"},
            ["bedrijf"],
        ),
        ({"verstrektDoorPartij__partijIdentificator__codeRegister": "brp"}, ["mail", "telefoon"]),
        (
            {"verstrektDoorPartij__partijIdentificator__codeObjecttype": "niet_natuurlijk_persoon"},
            ["bedrijf"],
        ),
        (
            {
                "verstrektDoorPartij__partijIdentificator__codeSoortObjectId": "bsn",
                "verstrektDoorPartij__partijIdentificator__objectId": "12345678",
            },
            [],
        ),
    ],
)
def test_digitale_adressen_filters(api, adressen, params, expected):
    response = api.get(DIGITALE_ADRESSEN, params)

    assert sorted(uuids(response)) == sorted(str(adressen[name].uuid) for name in expected)


def test_digitale_adressen_filter_on_verstrekt_door_partij(api, adressen):
    persoon = adressen["persoon"]
    expected = sorted([str(adressen["mail"].uuid), str(adressen["telefoon"].uuid)])

    assert (
        sorted(uuids(api.get(DIGITALE_ADRESSEN, {"verstrektDoorPartij__uuid": persoon.uuid})))
        == expected
    )
    url = absolute(f"{PARTIJEN}/{persoon.uuid}")
    assert sorted(uuids(api.get(DIGITALE_ADRESSEN, {"verstrektDoorPartij__url": url}))) == expected


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("soortDigitaalAdres", "fax"),
        ("isStandaardAdres", "ja"),
        ("isGeverifieerd", "maybe"),
        ("verificatieDatum", "gisteren"),
        ("verificatieDatum__gt", "2024-02-30"),
        ("verstrektDoorPartij__uuid", "kapot"),
        ("verstrektDoorPartij__url", "kapot"),
        ("verstrektDoorPartij__soortPartij", "alien"),
    ],
)
def test_digitale_adressen_invalid_filter_values_give_400(api, param, value):
    assert_invalid(api.get(DIGITALE_ADRESSEN, {param: value}), param)


def test_filter_values_with_a_nul_character_give_400_not_500(api):
    for path, param in [
        (PARTIJEN, "nummer"),
        (PARTIJEN, "partijIdentificator__objectId"),
        (DIGITALE_ADRESSEN, "adres__icontains"),
        (IDENTIFICATOREN, "partijIdentificatorObjectId"),
    ]:
        assert_invalid(api.get(path, {param: "a\x00b"}), param)


# --- paging -------------------------------------------------------------------------------------


def test_lists_are_paged_newest_first(api):
    partijen = [make_persoon() for _ in range(3)]

    first = api.get(PARTIJEN, {"pageSize": 2}).json()
    second = api.get(first["next"]).json()

    assert first["count"] == 3
    assert [item["uuid"] for item in first["results"]] == [str(p.uuid) for p in partijen[:0:-1]]
    assert first["previous"] is None
    assert [item["uuid"] for item in second["results"]] == [str(partijen[0].uuid)]
    assert second["next"] is None
    assert second["previous"] is not None


@pytest.mark.parametrize("page_size", ["0", "-1", "veel"])
def test_invalid_page_size_gives_400(api, page_size):
    assert_invalid(api.get(PARTIJEN, {"pageSize": page_size}), "pageSize")


def test_page_beyond_the_end_gives_404(api):
    make_persoon()

    problem(api.get(PARTIJEN, {"page": 5}), 404)
