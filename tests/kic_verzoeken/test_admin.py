"""The verzoeken admin: a verzoek with its link rows as inlines, every change through the
services (events, generated identificatie, remote checks shown as form errors)."""

import pytest

from kic_compat.models import Verzoek, VerzoekInformatieObject, VerzoekProduct
from kic_compat.verzoeken import services
from klantenregister.events.models import Event
from tests.admin.conftest import add_inline_row, admin_url, errors_of, page_form_data
from tests.kic_verzoeken.conftest import BRONORGANISATIE

pytestmark = pytest.mark.django_db
VIO_PREFIX = "verzoekinformatieobjecten"
PRODUCT_PREFIX = "verzoekproducten"


def _add_page_data(staff, **fields) -> dict:
    data = page_form_data(staff.get(admin_url(Verzoek, "add")))
    data.update(
        {
            "bronorganisatie": BRONORGANISATIE,
            "status": "ontvangen",
            "registratiedatum_0": "2024-05-01",
            "registratiedatum_1": "10:00:00",
            "tekst": "Via de balie",
            **fields,
        }
    )
    return data


def test_adding_a_verzoek_with_a_document_goes_through_the_services(staff, api):
    document = api.add_informatieobject()
    data = _add_page_data(staff)
    add_inline_row(data, VIO_PREFIX, informatieobject=document)
    add_inline_row(data, PRODUCT_PREFIX, product_code="PARK")
    response = staff.post(admin_url(Verzoek, "add"), data)
    assert response.status_code == 302, errors_of(response)
    verzoek = Verzoek.objects.get()
    assert verzoek.identificatie.startswith("VERZOEK-2024-")
    assert VerzoekInformatieObject.objects.get().informatieobject == document
    assert VerzoekProduct.objects.get().product_code == "PARK"
    assert (f"{api.root}/enkelvoudiginformatieobjecten/{document.rsplit('/', 1)[-1]}", {}) in [
        (f"{api.host}{path}", query) for path, query in api.requests
    ]
    events = {(e.resource, e.actie) for e in Event.objects.filter(kanaal="verzoeken")}
    assert events == {
        ("verzoek", "create"),
        ("verzoekinformatieobject", "create"),
        ("verzoekproduct", "create"),
    }
    page = staff.get(admin_url(Verzoek, "change", verzoek.pk))
    assert page.status_code == 200
    assert document.encode() in page.content


def test_a_row_that_is_no_informatieobject_is_a_form_error_and_nothing_saved(staff, api):
    data = _add_page_data(staff)
    add_inline_row(data, VIO_PREFIX, informatieobject=api.add_zaak())
    response = staff.post(admin_url(Verzoek, "add"), data)
    assert response.status_code == 200
    assert any("enkelvoudiginformatieobject" in error for error in errors_of(response))
    assert Verzoek.objects.count() == 0
    assert VerzoekInformatieObject.objects.count() == 0


def test_change_keeps_identificatie_and_deletes_rows_through_the_services(staff, api):
    verzoek = services.create_verzoek({"bronorganisatie": BRONORGANISATIE, "status": "ontvangen"})
    vio = services.create_verzoekinformatieobject(
        {"verzoek": verzoek, "informatieobject": api.add_informatieobject()}
    )
    page = staff.get(admin_url(Verzoek, "change", verzoek.pk))
    data = page_form_data(page)
    data["status"] = "afgehandeld"
    data[f"{VIO_PREFIX}-0-DELETE"] = "on"
    data[f"{VIO_PREFIX}-0-id"] = str(vio.pk)
    response = staff.post(admin_url(Verzoek, "change", verzoek.pk), data)
    assert response.status_code == 302, errors_of(response)
    verzoek.refresh_from_db()
    assert verzoek.status == "afgehandeld"
    assert VerzoekInformatieObject.objects.count() == 0
    actions = [(e.resource, e.actie) for e in Event.objects.filter(kanaal="verzoeken")]
    assert ("verzoekinformatieobject", "destroy") in actions
    assert ("verzoek", "partial_update") in actions


def test_delete_and_bulk_delete_go_through_the_services(staff, api):
    made = [
        services.create_verzoek({"bronorganisatie": BRONORGANISATIE, "status": "ontvangen"})
        for _ in range(3)
    ]
    for verzoek in made:
        services.create_verzoekinformatieobject(
            {"verzoek": verzoek, "informatieobject": api.add_informatieobject()}
        )
    response = staff.post(admin_url(Verzoek, "delete", made[0].pk), {"post": "yes"})
    assert response.status_code == 302
    response = staff.post(
        admin_url(Verzoek, "changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [str(v.pk) for v in made[1:]],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert Verzoek.objects.count() == 0 and VerzoekInformatieObject.objects.count() == 0
    destroyed = Event.objects.filter(kanaal="verzoeken", actie="destroy")
    assert sorted(destroyed.values_list("resource", flat=True)) == ["verzoek"] * 3
