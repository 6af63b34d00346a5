"""The partijen rows on their own admin pages go through the same services as the API."""

import pytest
from django.utils import timezone

from partijen import services
from partijen.models import (
    Categorie,
    CategorieRelatie,
    DigitaalAdres,
    PartijIdentificator,
    Rekeningnummer,
    Vertegenwoordigden,
)
from tests.admin.conftest import admin_url, page_form_data
from tests.factories import make_digitaal_adres, make_organisatie, make_persoon, valid_bsn

pytestmark = pytest.mark.django_db


def _add(staff, model, **fields):
    data = page_form_data(staff.get(admin_url(model, "add")))
    data.update(fields)
    return staff.post(admin_url(model, "add"), data)


def test_identificator_with_invalid_bsn_is_refused(staff):
    jan = make_persoon()
    response = _add(
        staff,
        PartijIdentificator,
        partij=str(jan.pk),
        partij_identificator_code_register="brp",
        partij_identificator_code_objecttype="natuurlijk_persoon",
        partij_identificator_code_soort_object_id="bsn",
        partij_identificator_object_id="123456789",
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "elfproef" in str(errors["partij_identificator_object_id"])
    assert not PartijIdentificator.objects.exists()


def test_identificator_codes_must_fit_together(staff):
    response = _add(
        staff,
        PartijIdentificator,
        partij_identificator_code_register="brp",
        partij_identificator_code_objecttype="vestiging",
        partij_identificator_code_soort_object_id="bsn",
        partij_identificator_object_id=valid_bsn(),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["partij_identificator_code_objecttype"]


def test_vestigingsnummer_needs_a_kvk_nummer_above_it(staff):
    bakker = make_organisatie(kvk="12345678")
    fields = {
        "partij_identificator_code_register": "hr",
        "partij_identificator_code_objecttype": "vestiging",
        "partij_identificator_code_soort_object_id": "vestigingsnummer",
        "partij_identificator_object_id": "000012345678",
    }
    response = _add(staff, PartijIdentificator, **fields)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["sub_identificator_van"]

    kvk = bakker.partij_identificatoren.get()
    response = _add(staff, PartijIdentificator, sub_identificator_van=str(kvk.pk), **fields)
    assert response.status_code == 302
    assert (
        PartijIdentificator.objects.get(
            partij_identificator_code_soort_object_id="vestigingsnummer"
        ).sub_identificator_van
        == kvk
    )


def test_sub_identificator_autocomplete_offers_only_kvk_nummers(staff):
    make_organisatie(kvk="12345678")
    make_persoon(bsn="123456782")
    params = {
        "app_label": "partijen",
        "model_name": "partijidentificator",
        "field_name": "sub_identificator_van",
    }
    found = staff.get("/admin/autocomplete/", {**params, "term": "12345678"}).json()["results"]
    assert [item["text"] for item in found] == ["KvK-nummer 12345678"]
    found = staff.get("/admin/autocomplete/", {**params, "term": "123456782"}).json()["results"]
    assert found == []


def test_digitaal_adres_must_fit_its_soort(staff):
    response = _add(staff, DigitaalAdres, soort_digitaal_adres="email", adres="geen-adres")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["adres"]
    assert not DigitaalAdres.objects.exists()


def test_standaard_adres_needs_a_partij(staff):
    response = _add(
        staff,
        DigitaalAdres,
        soort_digitaal_adres="email",
        adres="jan@example.nl",
        is_standaard_adres="on",
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["is_standaard_adres"]


def test_new_standaard_adres_replaces_the_old_one(staff):
    jan = make_persoon()
    oud = make_digitaal_adres(jan, adres="oud@example.nl", is_standaard_adres=True)
    response = _add(
        staff,
        DigitaalAdres,
        partij=str(jan.pk),
        soort_digitaal_adres="email",
        adres="nieuw@example.nl",
        is_standaard_adres="on",
    )
    assert response.status_code == 302
    oud.refresh_from_db()
    assert not oud.is_standaard_adres
    assert DigitaalAdres.objects.get(adres="nieuw@example.nl").is_standaard_adres


def test_changing_an_adres_passes_the_same_rules(staff):
    jan = make_persoon()
    adres = make_digitaal_adres(jan, adres="jan@example.nl")
    url = admin_url(DigitaalAdres, "change", adres.pk)
    data = page_form_data(staff.get(url))
    data["adres"] = "kapot@"
    response = staff.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["adres"]
    data["adres"] = "jan.jansen@example.nl"
    assert staff.post(url, data).status_code == 302
    adres.refresh_from_db()
    assert adres.adres == "jan.jansen@example.nl"


def test_partij_cannot_represent_itself(staff):
    jan = make_persoon()
    response = _add(
        staff,
        Vertegenwoordigden,
        vertegenwoordigende_partij=str(jan.pk),
        vertegenwoordigde_partij=str(jan.pk),
    )
    assert response.status_code == 200
    assert "zichzelf" in str(response.context["adminform"].form.errors)
    assert not Vertegenwoordigden.objects.exists()


def test_categorie_relatie_begins_today_by_default(staff):
    bakker = make_organisatie()
    categorie = services.create_categorie({"naam": "Ondernemer"})
    response = _add(staff, CategorieRelatie, partij=str(bakker.pk), categorie=str(categorie.pk))
    assert response.status_code == 302
    assert CategorieRelatie.objects.get().begin_datum == timezone.localdate()


def _make_rows(start: int, stop: int) -> None:
    """Organisaties with one row of every kind."""
    for i in range(start, stop):
        bakker = make_organisatie(naam=f"Bakkerij {i}", kvk=f"{20000000 + i}")
        jan = make_persoon(bsn=valid_bsn(), voornaam=f"Jan{i}")
        make_digitaal_adres(bakker, adres=f"info{i}@example.nl")
        services.create_rekeningnummer({"partij": bakker, "iban": "NL91ABNA0417164300"})
        services.create_vertegenwoordiging(
            {"vertegenwoordigende_partij": jan, "vertegenwoordigde_partij": bakker}
        )
        categorie = services.create_categorie({"naam": f"Categorie {i}"})
        services.create_categorie_relatie({"partij": bakker, "categorie": categorie})


def _queries(staff, model) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert staff.get(admin_url(model, "changelist")).status_code == 200
    return len(queries)


def test_changelists_cost_the_same_for_1_and_10_rows(staff):
    models = [
        PartijIdentificator,
        DigitaalAdres,
        Rekeningnummer,
        Vertegenwoordigden,
        Categorie,
        CategorieRelatie,
    ]
    _make_rows(0, 1)
    one = {model.__name__: _queries(staff, model) for model in models}
    _make_rows(1, 10)
    ten = {model.__name__: _queries(staff, model) for model in models}
    assert ten == one
