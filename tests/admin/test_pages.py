"""Every admin page of the partijen and core models opens for a superuser."""

import pytest

from klantenregister.core.models import ApiClient, Nummerreeks
from klantenregister.core.services import create_api_client
from partijen import services
from partijen.models import (
    Categorie,
    CategorieRelatie,
    DigitaalAdres,
    Partij,
    PartijIdentificator,
    Rekeningnummer,
    Vertegenwoordigden,
)
from tests.admin.conftest import admin_url
from tests.factories import make_digitaal_adres, make_organisatie, make_persoon, valid_bsn

pytestmark = pytest.mark.django_db


def _one_of_each(model):
    persoon = make_persoon(bsn=valid_bsn())
    organisatie = make_organisatie(kvk="12345678")
    makers = {
        Partij: lambda: persoon,
        PartijIdentificator: lambda: persoon.partij_identificatoren.get(),
        DigitaalAdres: lambda: make_digitaal_adres(persoon, is_standaard_adres=True),
        Rekeningnummer: lambda: services.create_rekeningnummer(
            {"partij": persoon, "iban": "NL91ABNA0417164300"}
        ),
        Vertegenwoordigden: lambda: services.create_vertegenwoordiging(
            {"vertegenwoordigende_partij": persoon, "vertegenwoordigde_partij": organisatie}
        ),
        Categorie: lambda: services.create_categorie({"naam": "Ondernemer"}),
        CategorieRelatie: lambda: services.create_categorie_relatie(
            {"partij": organisatie, "categorie": services.create_categorie({"naam": "Bedrijf"})}
        ),
        ApiClient: lambda: create_api_client("Zaaksysteem", "klantinteracties:read")[0],
        Nummerreeks: lambda: Nummerreeks.objects.get(naam="partij"),
    }
    return makers[model]()


EDITABLE = [
    Partij,
    PartijIdentificator,
    DigitaalAdres,
    Rekeningnummer,
    Vertegenwoordigden,
    Categorie,
    CategorieRelatie,
    ApiClient,
]


@pytest.mark.parametrize("model", [*EDITABLE, Nummerreeks], ids=lambda m: m.__name__)
def test_changelist_and_change_page_open(staff, model):
    obj = _one_of_each(model)
    assert staff.get(admin_url(model, "changelist")).status_code == 200
    assert staff.get(admin_url(model, "change", obj.pk)).status_code == 200
    # Searching goes through each admin's search_fields (also used by autocomplete).
    assert staff.get(admin_url(model, "changelist"), {"q": "x"}).status_code == 200


@pytest.mark.parametrize("model", EDITABLE, ids=lambda m: m.__name__)
def test_add_page_opens(staff, model):
    assert staff.get(admin_url(model, "add")).status_code == 200


def test_change_pages_offer_no_full_table_dropdowns(staff):
    """Foreign keys are autocomplete fields, or a choice of the partij's own rows."""
    organisaties = [make_organisatie(naam=f"Organisatie {n}") for n in range(3)]
    persoon = make_persoon(bsn=valid_bsn())
    eigen = make_digitaal_adres(persoon, adres="eigen@example.nl")
    make_digitaal_adres(organisaties[0], adres="vreemd@example.nl")
    response = staff.get(admin_url(Partij, "change", persoon.pk))
    html = response.content.decode()
    assert "vreemd@example.nl" not in html
    form = response.context["adminform"].form
    assert list(form.fields["voorkeurs_digitaal_adres"].queryset) == [eigen]
    assert "admin-autocomplete" in str(form["werkte_voor_partij"])
    for naam in ("Organisatie 0", "Organisatie 1", "Organisatie 2"):
        assert naam not in html


def test_nummerreeks_is_read_only(staff):
    reeks = _one_of_each(Nummerreeks)
    assert staff.get(admin_url(Nummerreeks, "add")).status_code == 403
    response = staff.post(admin_url(Nummerreeks, "change", reeks.pk), {"naam": "x", "laatste": 0})
    assert response.status_code == 403
    reeks.refresh_from_db()
    assert reeks.naam == "partij"


def test_autocomplete_for_werkgever_offers_only_organisaties(staff):
    make_organisatie(naam="Gemeente Voorbeeld")
    make_persoon(voornaam="Gemma", achternaam="Voorbeeld")
    response = staff.get(
        "/admin/autocomplete/",
        {
            "app_label": "partijen",
            "model_name": "contactpersoon",
            "field_name": "werkte_voor_partij",
            "term": "Voorbeeld",
        },
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Gemeente Voorbeeld"]
