"""The partij back office: finding partijen, and adding and changing them with the same rules
as the API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from klantenregister.core.models import Nummerreeks
from partijen import services
from partijen.models import (
    CategorieRelatie,
    Contactpersoon,
    DigitaalAdres,
    Organisatie,
    Partij,
    PartijIdentificator,
    Persoon,
    Rekeningnummer,
)
from tests.admin.conftest import (
    add_inline_row,
    admin_url,
    errors_of,
    inline_index,
    page_form_data,
)
from tests.factories import make_digitaal_adres, make_organisatie, make_persoon, valid_bsn

pytestmark = pytest.mark.django_db

IDENTIFICATOREN = "partij_identificatoren"
ADRESSEN = "digitale_adressen"
REKENINGNUMMERS = "rekeningnummers"
CATEGORIEEN = "categorie_relaties"


def _changelist(staff, **params):
    response = staff.get(admin_url(Partij, "changelist"), params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def _bsn_row(bsn: str) -> dict:
    return {
        "partij_identificator_code_register": "brp",
        "partij_identificator_code_objecttype": "natuurlijk_persoon",
        "partij_identificator_code_soort_object_id": "bsn",
        "partij_identificator_object_id": bsn,
    }


def _add_form(staff) -> dict:
    return page_form_data(staff.get(admin_url(Partij, "add")))


def _change_form(staff, partij) -> tuple[object, dict]:
    response = staff.get(admin_url(Partij, "change", partij.pk))
    return response, page_form_data(response)


# --- Finding partijen ---------------------------------------------------------------------------


def test_search_by_exact_bsn_finds_only_its_partij(staff):
    bsn, other_bsn = valid_bsn(), valid_bsn()
    jan = make_persoon(bsn=bsn, voornaam="Jan")
    make_persoon(bsn=other_bsn, voornaam="Piet")
    assert _changelist(staff, q=bsn) == [jan]
    assert _changelist(staff, q=f" {bsn[:3]} {bsn[3:6]} {bsn[6:]} ") == [jan]


def test_search_by_partial_bsn_finds_no_partij(staff):
    bsn = valid_bsn()
    make_persoon(bsn=bsn)
    make_persoon(bsn=valid_bsn())
    # 8 digits is a KvK-nummer length: searched exactly, so the BSN prefix matches nothing.
    assert _changelist(staff, q=bsn[:8]) == []
    assert _changelist(staff, q=bsn[2:7]) == []


def test_search_by_exact_kvk_nummer(staff):
    bakker = make_organisatie(naam="Bakkerij", kvk="12345678")
    make_organisatie(naam="Slagerij", kvk="12345679")
    assert _changelist(staff, q="12345678") == [bakker]


def test_search_by_email_lists_a_partij_once(staff):
    jan = make_persoon(voornaam="Jan")
    make_digitaal_adres(jan, adres="jan@example.nl")
    make_digitaal_adres(jan, adres="jan.werk@example.nl")
    make_digitaal_adres(make_persoon(voornaam="Piet"), adres="piet@example.org")
    assert _changelist(staff, q="jan@example.nl") == [jan]
    assert _changelist(staff, q="example.nl") == [jan]


def test_search_by_name_and_nummer(staff):
    jan = make_persoon(voornaam="Jan", achternaam="Jansen")
    bakker = make_organisatie(naam="Bakkerij De Korrel")
    assert _changelist(staff, q="jansen") == [jan]
    assert _changelist(staff, q="korrel") == [bakker]
    assert _changelist(staff, q=bakker.nummer) == [bakker]


def test_filter_by_soort_and_categorie(staff):
    jan = make_persoon()
    bakker = make_organisatie()
    categorie = services.create_categorie({"naam": "Ondernemer"})
    services.create_categorie_relatie({"partij": bakker, "categorie": categorie})
    assert _changelist(staff, soort_partij__exact="persoon") == [jan]
    assert _changelist(staff, soort_partij__exact="organisatie") == [bakker]
    assert _changelist(staff, categorie_relaties__categorie__id__exact=categorie.pk) == [bakker]


def _changelist_queries(staff) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = staff.get(admin_url(Partij, "changelist"))
    assert response.status_code == 200
    return len(queries)


def _make_rich_partij(n: int) -> None:
    if n % 2:
        partij = make_persoon(bsn=valid_bsn(), voornaam=f"Persoon{n}")
    else:
        partij = make_organisatie(naam=f"Organisatie {n}", kvk=f"{10000000 + n}")
    adres = make_digitaal_adres(partij, adres=f"p{n}@example.nl", is_standaard_adres=True)
    services.update_partij(partij, {"voorkeurs_digitaal_adres": adres}, partial=True)


def test_changelist_query_count_does_not_grow_with_rows(staff):
    _make_rich_partij(0)
    one = _changelist_queries(staff)
    for n in range(1, 20):
        _make_rich_partij(n)
    assert Partij.objects.count() == 20
    assert _changelist_queries(staff) == one


# --- Adding a partij ----------------------------------------------------------------------------


def test_add_with_invalid_bsn_shows_the_error_and_saves_nothing(staff):
    data = _add_form(staff)
    data.update(soort_partij="persoon", contactnaam_voornaam="Jan", contactnaam_achternaam="Jansen")
    add_inline_row(data, IDENTIFICATOREN, **_bsn_row("123456789"))  # fails the 11-proef
    response = staff.post(admin_url(Partij, "add"), data)
    assert response.status_code == 200
    assert any("elfproef" in error for error in errors_of(response))
    assert Partij.objects.count() == 0
    assert Persoon.objects.count() == 0
    assert PartijIdentificator.objects.count() == 0


def test_add_persoon_with_bsn_and_email_generates_a_nummer(staff):
    bsn = valid_bsn()
    data = _add_form(staff)
    data.update(soort_partij="persoon", contactnaam_voornaam="Jan", contactnaam_achternaam="Jansen")
    add_inline_row(data, IDENTIFICATOREN, **_bsn_row(bsn))
    add_inline_row(
        data,
        ADRESSEN,
        soort_digitaal_adres="email",
        adres="jan@example.nl",
        is_standaard_adres="on",
    )
    add_inline_row(data, REKENINGNUMMERS, iban="NL91ABNA0417164300")
    response = staff.post(admin_url(Partij, "add"), data)
    assert response.status_code == 302, errors_of(response)
    partij = Partij.objects.get()
    assert partij.nummer and partij.nummer.isdigit() and len(partij.nummer) == 10
    assert partij.persoon.contactnaam_achternaam == "Jansen"
    assert partij.partij_identificatoren.get().partij_identificator_object_id == bsn
    adres = partij.digitale_adressen.get()
    assert adres.adres == "jan@example.nl" and adres.is_standaard_adres
    assert partij.rekeningnummers.get().iban == "NL91ABNA0417164300"


def test_numbers_follow_the_series_shared_with_the_api(staff):
    eerste = make_persoon()
    data = _add_form(staff)
    data.update(soort_partij="organisatie", organisatie_naam="Bakkerij")
    assert staff.post(admin_url(Partij, "add"), data).status_code == 302
    tweede = Partij.objects.exclude(pk=eerste.pk).get()
    assert int(tweede.nummer) == int(eerste.nummer) + 1
    assert tweede.organisatie.naam == "Bakkerij"
    assert Nummerreeks.objects.get(naam="partij").laatste == int(tweede.nummer)


def test_add_with_a_chosen_nummer_keeps_it(staff):
    data = _add_form(staff)
    data.update(soort_partij="organisatie", organisatie_naam="Bakkerij", nummer="4242")
    assert staff.post(admin_url(Partij, "add"), data).status_code == 302
    assert Partij.objects.get().nummer == "4242"


def test_add_with_a_taken_nummer_is_refused(staff):
    bestaand = make_persoon()
    data = _add_form(staff)
    data.update(soort_partij="organisatie", organisatie_naam="Bakkerij", nummer=bestaand.nummer)
    response = staff.post(admin_url(Partij, "add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["nummer"]
    assert Partij.objects.count() == 1


def test_name_fields_of_another_soort_are_refused(staff):
    data = _add_form(staff)
    data.update(soort_partij="persoon", organisatie_naam="Bakkerij")
    response = staff.post(admin_url(Partij, "add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["organisatie_naam"]
    assert Partij.objects.count() == 0


def test_contactpersoon_must_work_for_an_organisatie(staff):
    persoon = make_persoon()
    bakker = make_organisatie(naam="Bakkerij")
    data = _add_form(staff)
    data.update(soort_partij="contactpersoon", contactnaam_achternaam="Klaassen")
    data["werkte_voor_partij"] = str(persoon.pk)
    response = staff.post(admin_url(Partij, "add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["werkte_voor_partij"]

    data["werkte_voor_partij"] = str(bakker.pk)
    assert staff.post(admin_url(Partij, "add"), data).status_code == 302
    assert Contactpersoon.objects.get().werkte_voor_partij == bakker


def test_two_identificatoren_of_one_soort_are_refused(staff):
    data = _add_form(staff)
    data.update(soort_partij="persoon")
    add_inline_row(data, IDENTIFICATOREN, **_bsn_row(valid_bsn()))
    add_inline_row(data, IDENTIFICATOREN, **_bsn_row(valid_bsn()))
    response = staff.post(admin_url(Partij, "add"), data)
    assert response.status_code == 200
    assert any("moet uniek zijn voor de Partij" in error for error in errors_of(response))
    assert Partij.objects.count() == 0


def test_bsn_of_another_partij_is_refused(staff):
    bsn = valid_bsn()
    make_persoon(bsn=bsn)
    data = _add_form(staff)
    data.update(soort_partij="persoon")
    add_inline_row(data, IDENTIFICATOREN, **_bsn_row(bsn))
    response = staff.post(admin_url(Partij, "add"), data)
    assert response.status_code == 200
    assert any("moet uniek zijn" in error for error in errors_of(response))
    assert Partij.objects.count() == 1


def test_a_refused_save_shows_the_form_again_and_keeps_nothing(staff, monkeypatch):
    """When a service refuses a row after validation passed (a concurrent change), the whole
    submission is rolled back and the form comes back with the reason."""

    def refuse(data):
        from django.core.exceptions import ValidationError

        raise ValidationError({"iban": "Zojuist door een ander opgeslagen."})

    monkeypatch.setattr(services, "create_rekeningnummer", refuse)
    data = _add_form(staff)
    data.update(soort_partij="organisatie", organisatie_naam="Bakkerij")
    add_inline_row(data, REKENINGNUMMERS, iban="NL91ABNA0417164300")
    response = staff.post(admin_url(Partij, "add"), data)
    assert response.status_code == 200
    assert any("Zojuist door een ander" in error for error in errors_of(response))
    assert Partij.objects.count() == 0
    assert Organisatie.objects.count() == 0


# --- Changing a partij --------------------------------------------------------------------------


def test_voorkeurs_adres_must_be_one_of_the_partijs_own(staff):
    jan = make_persoon()
    eigen = make_digitaal_adres(jan, adres="jan@example.nl")
    vreemd = make_digitaal_adres(make_persoon(), adres="piet@example.nl")
    _, data = _change_form(staff, jan)
    data["voorkeurs_digitaal_adres"] = str(vreemd.pk)
    response = staff.post(admin_url(Partij, "change", jan.pk), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["voorkeurs_digitaal_adres"]
    jan.refresh_from_db()
    assert jan.voorkeurs_digitaal_adres is None

    data["voorkeurs_digitaal_adres"] = str(eigen.pk)
    assert staff.post(admin_url(Partij, "change", jan.pk), data).status_code == 302
    jan.refresh_from_db()
    assert jan.voorkeurs_digitaal_adres == eigen


def test_new_standaard_adres_replaces_the_old_one_as_in_the_api(staff):
    jan = make_persoon()
    oud = make_digitaal_adres(jan, adres="oud@example.nl", is_standaard_adres=True)
    _, data = _change_form(staff, jan)
    add_inline_row(
        data,
        ADRESSEN,
        soort_digitaal_adres="email",
        adres="nieuw@example.nl",
        is_standaard_adres="on",
    )
    response = staff.post(admin_url(Partij, "change", jan.pk), data)
    assert response.status_code == 302, errors_of(response)
    oud.refresh_from_db()
    assert not oud.is_standaard_adres
    assert DigitaalAdres.objects.get(adres="nieuw@example.nl").is_standaard_adres


def test_two_new_standaard_adressen_of_one_soort_are_refused(staff):
    jan = make_persoon()
    _, data = _change_form(staff, jan)
    for adres in ("a@example.nl", "b@example.nl"):
        add_inline_row(
            data, ADRESSEN, soort_digitaal_adres="email", adres=adres, is_standaard_adres="on"
        )
    response = staff.post(admin_url(Partij, "change", jan.pk), data)
    assert response.status_code == 200
    assert DigitaalAdres.objects.count() == 0


def test_invalid_telefoonnummer_is_refused(staff):
    jan = make_persoon()
    _, data = _change_form(staff, jan)
    add_inline_row(data, ADRESSEN, soort_digitaal_adres="telefoonnummer", adres="0900-1234")
    response = staff.post(admin_url(Partij, "change", jan.pk), data)
    assert response.status_code == 200
    assert any("nummer" in error for error in errors_of(response))
    assert DigitaalAdres.objects.count() == 0


def test_changing_the_soort_replaces_the_identificatie(staff):
    partij = make_persoon(voornaam="Jan", achternaam="Jansen")
    _, data = _change_form(staff, partij)
    data.update(soort_partij="organisatie", organisatie_naam="Jansen BV")
    response = staff.post(admin_url(Partij, "change", partij.pk), data)
    assert response.status_code == 302, errors_of(response)
    assert not Persoon.objects.filter(partij=partij).exists()
    assert Organisatie.objects.get(partij=partij).naam == "Jansen BV"


def test_changing_a_name_keeps_the_contactpersoon_uuid(staff):
    bakker = make_organisatie()
    partij = services.create_partij(
        {
            "soort_partij": "contactpersoon",
            "partij_identificatie": {
                "contactnaam": {"achternaam": "Klaassen"},
                "werkte_voor_partij": bakker,
            },
        }
    )
    uuid = partij.contactpersoon.uuid
    _, data = _change_form(staff, partij)
    data["contactnaam_achternaam"] = "Klaasen"
    assert staff.post(admin_url(Partij, "change", partij.pk), data).status_code == 302
    contactpersoon = Contactpersoon.objects.get(partij=partij)
    assert contactpersoon.contactnaam_achternaam == "Klaasen"
    assert contactpersoon.uuid == uuid
    assert contactpersoon.werkte_voor_partij == bakker


def test_categorie_relatie_begins_today_by_default(staff):
    from django.utils import timezone

    bakker = make_organisatie()
    categorie = services.create_categorie({"naam": "Ondernemer"})
    _, data = _change_form(staff, bakker)
    add_inline_row(data, CATEGORIEEN, categorie=str(categorie.pk))
    assert staff.post(admin_url(Partij, "change", bakker.pk), data).status_code == 302
    assert CategorieRelatie.objects.get().begin_datum == timezone.localdate()


def test_deleting_an_inline_row_unsets_the_voorkeur(staff):
    jan = make_persoon()
    rekening = services.create_rekeningnummer({"partij": jan, "iban": "NL91ABNA0417164300"})
    services.update_partij(jan, {"voorkeurs_rekeningnummer": rekening}, partial=True)
    response, data = _change_form(staff, jan)
    index = inline_index(response, REKENINGNUMMERS, rekening.pk)
    data[f"{REKENINGNUMMERS}-{index}-DELETE"] = "on"
    assert staff.post(admin_url(Partij, "change", jan.pk), data).status_code == 302
    assert not Rekeningnummer.objects.exists()
    jan.refresh_from_db()
    assert jan.voorkeurs_rekeningnummer is None


# --- Identificatoren with sub-identificatoren ----------------------------------------------------


def _bakker_met_vestiging():
    bakker = make_organisatie(naam="Bakkerij", kvk="12345678")
    kvk = bakker.partij_identificatoren.get()
    vestiging = services.create_partij_identificator(
        {
            "partij_identificator_code_register": "hr",
            "partij_identificator_code_objecttype": "vestiging",
            "partij_identificator_code_soort_object_id": "vestigingsnummer",
            "partij_identificator_object_id": "000012345678",
            "sub_identificator_van": kvk,
        }
    )
    return bakker, kvk, vestiging


def test_deleting_a_kvk_nummer_with_a_vestiging_under_it_is_refused_inline(staff):
    bakker, kvk, vestiging = _bakker_met_vestiging()
    response, data = _change_form(staff, bakker)
    data[f"{IDENTIFICATOREN}-{inline_index(response, IDENTIFICATOREN, kvk.pk)}-DELETE"] = "on"
    response = staff.post(admin_url(Partij, "change", bakker.pk), data)
    assert response.status_code == 200
    assert any("subidentificatoren" in error for error in errors_of(response))
    assert PartijIdentificator.objects.filter(pk=kvk.pk).exists()
    assert PartijIdentificator.objects.filter(pk=vestiging.pk).exists()


def test_deleting_a_kvk_nummer_with_a_vestiging_under_it_is_refused_on_its_page(staff):
    _, kvk, _ = _bakker_met_vestiging()
    url = admin_url(PartijIdentificator, "delete", kvk.pk)
    response = staff.get(url)
    assert response.status_code == 200
    assert response.context["protected"]
    response = staff.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert response.context["protected"]
    assert PartijIdentificator.objects.filter(pk=kvk.pk).exists()


def test_deleting_a_kvk_nummer_with_a_vestiging_in_bulk_is_refused(staff):
    _, kvk, _ = _bakker_met_vestiging()
    response = staff.post(
        admin_url(PartijIdentificator, "changelist"),
        {"action": "delete_selected", "_selected_action": [kvk.pk], "post": "yes"},
    )
    assert response.status_code == 200
    assert response.context["protected"]
    assert PartijIdentificator.objects.filter(pk=kvk.pk).exists()


def test_deleting_a_vestiging_and_its_kvk_nummer_together_works(staff):
    bakker, kvk, vestiging = _bakker_met_vestiging()
    services.update_partij_identificator(vestiging, {"partij": bakker})
    response, data = _change_form(staff, bakker)
    for obj in (kvk, vestiging):
        data[f"{IDENTIFICATOREN}-{inline_index(response, IDENTIFICATOREN, obj.pk)}-DELETE"] = "on"
    response = staff.post(admin_url(Partij, "change", bakker.pk), data)
    assert response.status_code == 302, errors_of(response)
    assert not PartijIdentificator.objects.exists()


def test_deleting_a_partij_with_its_own_vestiging_works(staff):
    bakker, _, vestiging = _bakker_met_vestiging()
    services.update_partij_identificator(vestiging, {"partij": bakker})
    url = admin_url(Partij, "delete", bakker.pk)
    assert not staff.get(url).context["protected"]
    assert staff.post(url, {"post": "yes"}).status_code == 302
    assert not Partij.objects.exists()
    assert not PartijIdentificator.objects.exists()


def test_deleting_a_partij_whose_kvk_holds_another_partijs_vestiging_is_refused(staff):
    bakker, _, vestiging = _bakker_met_vestiging()
    filiaal = make_organisatie(naam="Bakkerij filiaal")
    services.update_partij_identificator(vestiging, {"partij": filiaal})
    url = admin_url(Partij, "delete", bakker.pk)
    response = staff.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert response.context["protected"]
    assert Partij.objects.filter(pk=bakker.pk).exists()


def test_deleting_a_kvk_nummer_and_its_vestiging_in_bulk_together_works(staff):
    _, kvk, vestiging = _bakker_met_vestiging()
    response = staff.post(
        admin_url(PartijIdentificator, "changelist"),
        {"action": "delete_selected", "_selected_action": [kvk.pk, vestiging.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not PartijIdentificator.objects.filter(pk__in=[kvk.pk, vestiging.pk]).exists()
