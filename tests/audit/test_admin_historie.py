"""The admin shows the real history of every object (also API changes), and the Audit trail
page finds every change, also of objects that are gone."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partijen import services
from partijen.models import Categorie, Partij
from tests.audit.conftest import AUDITTRAIL_URL
from tests.conftest import KI
from tests.factories import make_digitaal_adres, make_persoon, valid_bsn

pytestmark = pytest.mark.django_db

PARTIJEN = f"{KI}/partijen"


def _history_url(obj) -> str:
    opts = obj._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/history/"


def test_the_geschiedenis_page_of_a_partij_shows_api_changes_of_it_and_its_identificator(
    api, staff
):
    oud, nieuw = valid_bsn(), valid_bsn()
    partij = make_persoon(bsn=oud)
    identificator = partij.partij_identificatoren.get()
    response = api.patch(
        f"{KI}/partij-identificatoren/{identificator.uuid}",
        {"partijIdentificator": {"objectId": nieuw}},
        format="json",
    )
    assert response.status_code == 200, response.content

    page = staff.get(_history_url(partij))

    assert page.status_code == 200
    rijen = page.context["historie"]
    assert rijen[0].actor == "applicatie kcc-portaal"
    assert rijen[0].actie == "gewijzigd"
    assert rijen[0].onderdeel == "partij-identificator"
    assert rijen[0].wijzigingen == [("object-id", oud, nieuw)]
    assert {rij.onderdeel for rij in rijen} >= {"partij", "persoon", "partij-identificator"}
    html = page.content.decode()
    assert "applicatie kcc-portaal" in html and nieuw in html


def test_every_object_page_has_the_real_history_not_only_admin_log_entries(api, staff):
    categorie = services.create_categorie({"naam": "VIP"})
    api.patch(f"{KI}/categorieen/{categorie.uuid}", {"naam": "Goud"}, format="json")

    rijen = staff.get(_history_url(categorie)).context["historie"]

    assert [(r.actie, r.actor, r.wijzigingen) for r in rijen] == [
        ("gewijzigd", "applicatie kcc-portaal", [("naam", "VIP", "Goud")]),
        ("aangemaakt", "systeem", [("naam", None, "VIP")]),
    ]


def test_the_historie_page_costs_the_same_queries_however_many_changes(staff):
    def measure(changes: int) -> int:
        partij = make_persoon(bsn=valid_bsn())
        for index in range(changes):
            services.update_partij(partij, {"interne_notitie": f"n{index}"}, partial=True)
            make_digitaal_adres(partij, adres=f"p{index}@example.nl")
        with CaptureQueriesContext(connection) as context:
            assert staff.get(_history_url(partij)).status_code == 200
        return len(context.captured_queries)

    assert measure(1) == measure(8)


def test_a_deleted_partij_is_found_on_the_audit_trail_page_by_its_uuid(api, staff):
    partij = make_persoon(bsn=valid_bsn())
    uuid = partij.uuid
    make_persoon(bsn=valid_bsn())  # another partij, not asked for
    assert api.delete(f"{PARTIJEN}/{uuid}").status_code == 204
    assert not Partij.objects.filter(uuid=uuid).exists()

    page = staff.get(AUDITTRAIL_URL, {"uuid": str(uuid)})

    assert page.status_code == 200
    rijen = page.context["historie"]
    assert rijen[0].actie == "verwijderd"
    assert rijen[0].actor == "applicatie kcc-portaal"
    assert rijen[0].beschrijving == f"{uuid} (verwijderd)"
    assert {r.onderdeel for r in rijen} == {"partij", "persoon", "partij-identificator"}
    assert all(r.link is None for r in rijen)  # nothing left to open


def test_the_audit_trail_filters_on_model_actor_and_period(api, staff):
    categorie = services.create_categorie({"naam": "VIP"})
    api.patch(f"{KI}/categorieen/{categorie.uuid}", {"naam": "Goud"}, format="json")
    make_persoon()

    by_client = staff.get(AUDITTRAIL_URL, {"actor": "kcc-portaal"}).context["historie"]
    assert [(r.onderdeel, r.actie) for r in by_client] == [("categorie", "gewijzigd")]
    categorieen = staff.get(AUDITTRAIL_URL, {"model": "partijen.categorie"}).context["historie"]
    assert [r.actie for r in categorieen] == ["gewijzigd", "aangemaakt"]
    later = staff.get(AUDITTRAIL_URL, {"van": "2999-01-01"}).context["historie"]
    assert later == []
    today = staff.get(AUDITTRAIL_URL, {"tot_en_met": "2999-01-01"}).context["historie"]
    assert len(today) == 4  # categorie twice, partij and persoon


def test_the_audit_trail_page_costs_the_same_queries_whatever_the_number_of_rows(staff):
    def measure() -> int:
        with CaptureQueriesContext(connection) as context:
            assert staff.get(AUDITTRAIL_URL).status_code == 200
        return len(context.captured_queries)

    make_persoon(bsn=valid_bsn())
    Categorie.objects.create(naam="A")
    few = measure()
    for index in range(10):
        make_persoon(bsn=valid_bsn())
        services.create_categorie({"naam": f"C{index}"})
    assert measure() == few


def test_the_audit_trail_is_in_the_admin_index_only_for_who_may_see_it(staff, make_staff):
    assert AUDITTRAIL_URL in staff.get("/admin/").content.decode()
    gewoon = make_staff("medewerker", "partijen.view_partij")
    assert AUDITTRAIL_URL not in gewoon.get("/admin/").content.decode()
    assert gewoon.get(AUDITTRAIL_URL).status_code == 403
