"""Rules of the smaller resources: vertegenwoordiging (§3.3), categorie-relatie (§2.5, §3.8),
rekeningnummer (§2.6) and digitaal adres (§3.4)."""

import datetime

import pytest
from django.utils import timezone

from partijen import services
from partijen.models import CategorieRelatie, DigitaalAdres, Rekeningnummer, Vertegenwoordigden
from tests.factories import make_digitaal_adres, make_organisatie, make_persoon
from tests.partijen.helpers import (
    CATEGORIE_RELATIES,
    CATEGORIEEN,
    DIGITALE_ADRESSEN,
    REKENINGNUMMERS,
    VERTEGENWOORDIGINGEN,
    assert_invalid,
    random_ref,
    ref,
    row_state,
    valid_iban,
)

pytestmark = pytest.mark.django_db


# --- vertegenwoordiging ---------------------------------------------------------------------------


def test_partij_cannot_represent_itself(api):
    partij = make_persoon()

    response = api.post(
        VERTEGENWOORDIGINGEN,
        {"vertegenwoordigendePartij": ref(partij), "vertegenwoordigdePartij": ref(partij)},
        format="json",
    )

    assert_invalid(
        response,
        "vertegenwoordigdePartij",
        reason="De partij kan niet zichzelf vertegenwoordigen.",
    )
    assert not Vertegenwoordigden.objects.exists()


def test_partij_cannot_be_made_to_represent_itself_by_patch(api):
    a, b = make_persoon(), make_persoon()
    row = services.create_vertegenwoordiging(
        {"vertegenwoordigende_partij": a, "vertegenwoordigde_partij": b}
    )

    response = api.patch(
        f"{VERTEGENWOORDIGINGEN}/{row.uuid}", {"vertegenwoordigdePartij": ref(a)}, format="json"
    )

    assert_invalid(response, "vertegenwoordigdePartij")
    row.refresh_from_db()
    assert row.vertegenwoordigde_partij == b


def test_the_same_pair_cannot_be_registered_twice(api):
    a, b = make_organisatie(), make_persoon()
    data = {"vertegenwoordigendePartij": ref(a), "vertegenwoordigdePartij": ref(b)}
    assert api.post(VERTEGENWOORDIGINGEN, data, format="json").status_code == 201

    response = api.post(VERTEGENWOORDIGINGEN, data, format="json")

    assert_invalid(response, "nonFieldErrors")
    assert Vertegenwoordigden.objects.count() == 1


def test_the_reverse_pair_is_a_different_vertegenwoordiging(api):
    a, b = make_persoon(), make_persoon()
    services.create_vertegenwoordiging(
        {"vertegenwoordigende_partij": a, "vertegenwoordigde_partij": b}
    )

    response = api.post(
        VERTEGENWOORDIGINGEN,
        {"vertegenwoordigendePartij": ref(b), "vertegenwoordigdePartij": ref(a)},
        format="json",
    )

    assert response.status_code == 201


def test_vertegenwoordiging_shows_up_as_vertegenwoordigden_of_the_representing_partij(api):
    vertegenwoordiger, klant = make_persoon(), make_persoon()
    api.post(
        VERTEGENWOORDIGINGEN,
        {
            "vertegenwoordigendePartij": ref(vertegenwoordiger),
            "vertegenwoordigdePartij": ref(klant),
        },
        format="json",
    )

    body = api.get(f"/klantinteracties/api/v1/partijen/{vertegenwoordiger.uuid}").json()

    assert [item["uuid"] for item in body["vertegenwoordigden"]] == [str(klant.uuid)]
    klant_body = api.get(f"/klantinteracties/api/v1/partijen/{klant.uuid}").json()
    assert klant_body["vertegenwoordigden"] == []


@pytest.mark.parametrize("field", ["vertegenwoordigendePartij", "vertegenwoordigdePartij"])
def test_vertegenwoordiging_partijen_must_exist_and_are_not_nullable(api, field):
    partij = make_persoon()
    data = {"vertegenwoordigendePartij": ref(partij), "vertegenwoordigdePartij": ref(partij)}

    assert_invalid(
        api.post(VERTEGENWOORDIGINGEN, {**data, field: random_ref()}, format="json"),
        field,
        code="does_not_exist",
    )
    assert_invalid(
        api.post(VERTEGENWOORDIGINGEN, {**data, field: None}, format="json"), field, code="null"
    )


# --- categorie / categorie-relatie ------------------------------------------------------------


def test_categorie_relatie_begin_datum_defaults_to_today(api):
    response = api.post(CATEGORIE_RELATIES, {"partij": ref(make_persoon())}, format="json")

    assert response.status_code == 201
    assert response.json()["beginDatum"] == timezone.localdate().isoformat()
    assert response.json()["eindDatum"] is None


def test_categorie_relatie_begin_datum_null_on_create_also_defaults_to_today(api):
    response = api.post(CATEGORIE_RELATIES, {"beginDatum": None}, format="json")

    assert response.json()["beginDatum"] == timezone.localdate().isoformat()


def test_categorie_relatie_keeps_a_given_begin_datum(api):
    response = api.post(CATEGORIE_RELATIES, {"beginDatum": "2020-02-29"}, format="json")

    assert response.json()["beginDatum"] == "2020-02-29"


def test_categorie_relatie_begin_datum_can_be_cleared_by_update(api):
    relatie = services.create_categorie_relatie({})

    response = api.patch(
        f"{CATEGORIE_RELATIES}/{relatie.uuid}", {"beginDatum": None}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["beginDatum"] is None


def test_categorie_relatie_shows_on_the_partij(api):
    partij = make_persoon()
    categorie = services.create_categorie({"naam": "VIP"})
    relatie = api.post(
        CATEGORIE_RELATIES,
        {
            "partij": ref(partij),
            "categorie": ref(categorie),
            "beginDatum": "2024-01-01",
            "eindDatum": "2024-12-31",
        },
        format="json",
    ).json()

    body = api.get(f"/klantinteracties/api/v1/partijen/{partij.uuid}").json()

    assert body["categorieRelaties"] == [
        {
            "uuid": relatie["uuid"],
            "url": relatie["url"],
            "categorieNaam": "VIP",
            "beginDatum": "2024-01-01",
            "eindDatum": "2024-12-31",
        }
    ]


def test_categorie_relatie_without_categorie_has_null_naam_on_the_partij(api):
    partij = make_persoon()
    services.create_categorie_relatie({"partij": partij})

    body = api.get(f"/klantinteracties/api/v1/partijen/{partij.uuid}").json()

    assert body["categorieRelaties"][0]["categorieNaam"] is None


def test_deleting_a_categorie_deletes_its_relaties(api):
    categorie = services.create_categorie({"naam": "VIP"})
    services.create_categorie_relatie({"partij": make_persoon(), "categorie": categorie})

    assert api.delete(f"{CATEGORIEEN}/{categorie.uuid}").status_code == 204

    assert not CategorieRelatie.objects.exists()


def test_categorie_naam_is_at_most_80_chars(api):
    assert_invalid(api.post(CATEGORIEEN, {"naam": "x" * 81}, format="json"), "naam")


@pytest.mark.parametrize("field", ["partij", "categorie"])
def test_categorie_relatie_references_must_exist(api, field):
    response = api.post(CATEGORIE_RELATIES, {field: random_ref()}, format="json")

    assert_invalid(response, field, code="does_not_exist")
    assert not CategorieRelatie.objects.exists()


# --- rekeningnummer -----------------------------------------------------------------------------


def test_rekeningnummer_with_valid_iban_and_bic_is_stored(api):
    response = api.post(
        REKENINGNUMMERS, {"iban": "NL91ABNA0417164300", "bic": "ABNANL2A"}, format="json"
    )

    assert response.status_code == 201
    assert Rekeningnummer.objects.get().iban == "NL91ABNA0417164300"


def test_iban_with_bad_checksum_is_rejected_and_nothing_saved(api):
    response = api.post(REKENINGNUMMERS, {"iban": "NL92ABNA0417164300"}, format="json")

    assert_invalid(response, "iban", code="invalid")
    assert not Rekeningnummer.objects.exists()


@pytest.mark.parametrize(
    "iban", ["91ABNA0417164300", "NLXXABNA0417164300", "NL91 ABNA 0417 1643 00", "NL91", ""]
)
def test_iban_must_match_the_contract_pattern(api, iban):
    response = api.post(REKENINGNUMMERS, {"iban": iban}, format="json")

    assert_invalid(response, "iban")


def test_iban_is_at_most_34_chars(api):
    assert_invalid(api.post(REKENINGNUMMERS, {"iban": "NL91" + "A" * 31}, format="json"), "iban")


@pytest.mark.parametrize("bic", ["ABNANL2", "ABNANL2AXXXX", "ABNA NL2A", "ABNA\tNL2A"])
def test_bic_is_8_to_11_chars_without_whitespace(api, bic):
    response = api.post(REKENINGNUMMERS, {"iban": valid_iban(), "bic": bic}, format="json")

    assert_invalid(response, "bic")
    assert not Rekeningnummer.objects.exists()


@pytest.mark.parametrize("bic", ["ABNANL2A", "RABONL2UXXX", ""])
def test_bic_of_8_or_11_chars_or_empty_is_accepted(api, bic):
    response = api.post(REKENINGNUMMERS, {"iban": valid_iban(), "bic": bic}, format="json")

    assert response.status_code == 201, response.content


# --- digitaal adres -----------------------------------------------------------------------------


def post_adres(api, adres, soort, **extra):
    return api.post(
        DIGITALE_ADRESSEN, {"adres": adres, "soortDigitaalAdres": soort, **extra}, format="json"
    )


@pytest.mark.parametrize("adres", ["jan@example.nl", "j.de.vries+kcc@gemeente.example.nl"])
def test_valid_email_is_accepted(api, adres):
    assert post_adres(api, adres, "email").status_code == 201


@pytest.mark.parametrize("adres", ["jan", "jan@", "@example.nl", "jan@example", "jan @example.nl"])
def test_invalid_email_is_rejected(api, adres):
    assert_invalid(post_adres(api, adres, "email"), "adres")
    assert not DigitaalAdres.objects.exists()


@pytest.mark.parametrize("adres", ["0612345678", "0201234567", "+31612345678", "0031612345678"])
def test_valid_phone_numbers_are_accepted(api, adres):
    response = post_adres(api, adres, "telefoonnummer")

    assert response.status_code == 201, response.content


@pytest.mark.parametrize("adres", ["0800123456", "0900123456", "140123", "14020", "1400"])
def test_service_numbers_are_rejected(api, adres):
    param = assert_invalid(post_adres(api, adres, "telefoonnummer"), "adres")

    assert "0800" in param["reason"]


@pytest.mark.parametrize(
    "adres",
    ["bel me maar", "06-12345678", "061234567", "06123456789", "+31", "jan@example.nl", "0012"],
)
def test_garbage_phone_numbers_are_rejected(api, adres):
    assert_invalid(
        post_adres(api, adres, "telefoonnummer"),
        "adres",
        reason="Het opgegeven telefoonnummer is ongeldig.",
    )


@pytest.mark.parametrize("adres", ["@jan_op_x", "https://example.nl/contact", "0800-GEMEENTE"])
def test_overig_is_free_text(api, adres):
    assert post_adres(api, adres, "overig").status_code == 201


def test_adres_is_at_most_80_chars(api):
    assert_invalid(post_adres(api, "x" * 81, "overig"), "adres", code="max_length")


def test_changing_the_soort_revalidates_the_adres(api):
    adres = make_digitaal_adres(None, adres="bel me maar", soort="overig")

    response = api.patch(
        f"{DIGITALE_ADRESSEN}/{adres.uuid}", {"soortDigitaalAdres": "email"}, format="json"
    )

    assert_invalid(response, "adres")
    adres.refresh_from_db()
    assert adres.soort_digitaal_adres == "overig"


def test_standaard_adres_requires_verstrekt_door_partij(api):
    response = post_adres(api, "jan@example.nl", "email", isStandaardAdres=True)

    assert_invalid(
        response,
        "isStandaardAdres",
        reason="`is_standaard_adres` kan alleen gezet worden als `verstrekt_door_partij` niet "
        "leeg is.",
    )
    assert not DigitaalAdres.objects.exists()


def test_unlinking_a_standaard_adres_from_its_partij_is_rejected(api):
    adres = make_digitaal_adres(make_persoon(), is_standaard_adres=True)

    response = api.patch(
        f"{DIGITALE_ADRESSEN}/{adres.uuid}", {"verstrektDoorPartij": None}, format="json"
    )

    assert_invalid(response, "isStandaardAdres")


def test_second_standaard_adres_of_the_same_soort_unsets_the_first(api):
    partij = make_persoon()
    first = make_digitaal_adres(partij, adres="a@example.nl", is_standaard_adres=True)
    telefoon = make_digitaal_adres(
        partij, adres="0612345678", soort="telefoonnummer", is_standaard_adres=True
    )

    response = post_adres(
        api, "b@example.nl", "email", verstrektDoorPartij=ref(partij), isStandaardAdres=True
    )

    assert response.status_code == 201, response.content
    first.refresh_from_db()
    telefoon.refresh_from_db()
    assert first.is_standaard_adres is False
    assert telefoon.is_standaard_adres is True  # another soort is not touched
    assert DigitaalAdres.objects.filter(partij=partij, is_standaard_adres=True).count() == 2


def test_making_an_existing_adres_standaard_unsets_the_other(api):
    partij = make_persoon()
    first = make_digitaal_adres(partij, adres="a@example.nl", is_standaard_adres=True)
    second = make_digitaal_adres(partij, adres="b@example.nl")

    response = api.patch(
        f"{DIGITALE_ADRESSEN}/{second.uuid}", {"isStandaardAdres": True}, format="json"
    )

    assert response.status_code == 200
    first.refresh_from_db()
    assert first.is_standaard_adres is False


def test_standaard_adres_of_another_partij_is_not_touched(api):
    first = make_digitaal_adres(make_persoon(), adres="a@example.nl", is_standaard_adres=True)

    post_adres(
        api, "b@example.nl", "email", verstrektDoorPartij=ref(make_persoon()), isStandaardAdres=True
    )

    first.refresh_from_db()
    assert first.is_standaard_adres is True


def test_failed_standaard_adres_save_leaves_the_old_standaard_alone(api):
    partij = make_persoon()
    first = make_digitaal_adres(
        partij, adres="a@example.nl", is_standaard_adres=True, referentie="portaal"
    )

    response = post_adres(
        api,
        "b@example.nl",
        "email",
        verstrektDoorPartij=ref(partij),
        isStandaardAdres=True,
        referentie="portaal",
    )

    assert response.status_code == 400
    first.refresh_from_db()
    assert first.is_standaard_adres is True


def test_referentie_is_unique_per_partij_and_soort(api):
    partij = make_persoon()
    make_digitaal_adres(partij, adres="a@example.nl", referentie="portaalvoorkeur")
    before = row_state()

    response = post_adres(
        api,
        "b@example.nl",
        "email",
        verstrektDoorPartij=ref(partij),
        referentie="portaalvoorkeur",
    )

    assert_invalid(response, "nonFieldErrors", code="unique")
    assert row_state() == before


def test_same_referentie_is_fine_for_another_soort_partij_or_without_partij(api):
    partij = make_persoon()
    make_digitaal_adres(partij, adres="a@example.nl", referentie="portaalvoorkeur")

    assert (
        post_adres(
            api,
            "0612345678",
            "telefoonnummer",
            verstrektDoorPartij=ref(partij),
            referentie="portaalvoorkeur",
        ).status_code
        == 201
    )
    assert (
        post_adres(
            api,
            "b@example.nl",
            "email",
            verstrektDoorPartij=ref(make_persoon()),
            referentie="portaalvoorkeur",
        ).status_code
        == 201
    )
    for _ in range(2):
        assert (
            post_adres(api, "c@example.nl", "email", referentie="portaalvoorkeur").status_code
            == 201
        )


@pytest.mark.parametrize("referentie", ["met spatie", "é", "a/b", "x" * 51])
def test_referentie_is_a_slug_of_at_most_50_chars(api, referentie):
    assert_invalid(post_adres(api, "a@example.nl", "email", referentie=referentie), "referentie")


def test_omschrijving_is_at_most_40_chars(api):
    assert_invalid(post_adres(api, "a@example.nl", "email", omschrijving="x" * 41), "omschrijving")


def test_verificatie_datum_is_a_date(api):
    response = post_adres(api, "a@example.nl", "email", verificatieDatum="2024-02-30")

    assert_invalid(response, "verificatieDatum", code="invalid")


def test_verificatie_datum_is_stored(api):
    response = post_adres(api, "a@example.nl", "email", verificatieDatum="2024-02-29")

    assert DigitaalAdres.objects.get().verificatie_datum == datetime.date(2024, 2, 29)
    assert response.json()["verificatieDatum"] == "2024-02-29"


def test_verstrekt_door_partij_must_exist(api):
    response = post_adres(api, "a@example.nl", "email", verstrektDoorPartij=random_ref())

    assert_invalid(response, "verstrektDoorPartij", reason="Partij object bestaat niet.")
