"""The admin logs what staff open and search, and shows the log read-only."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from klantenregister.logging import mask_bsn
from klantenregister.verwerkingen.models import Verwerkingsactie
from partijen.models import Partij
from tests.admin.conftest import admin_url
from tests.factories import make_organisatie, valid_bsn
from tests.partijen.helpers import PARTIJEN
from tests.verwerkingen.conftest import rows

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/verwerkingen/verwerkingsactie/"


# --- the partij pages log the reads -----------------------------------------------------------


def test_opening_a_persoon_in_the_admin_is_logged_as_the_medewerker(staff, persoon):
    partij, _ = persoon
    url = admin_url(Partij, "change", partij.pk)

    response = staff.get(url)

    assert response.status_code == 200
    [row] = rows()
    assert (row.kanaal, row.soort, row.partij_uuid) == ("admin", "raadplegen_persoon", partij.uuid)
    assert row.actor == "medewerker beheerder" and row.api_client is None
    assert row.pad == url


def test_opening_an_organisatie_in_the_admin_is_not_logged(staff):
    organisatie = make_organisatie()

    assert staff.get(admin_url(Partij, "change", organisatie.pk)).status_code == 200
    assert rows() == []


def test_a_changelist_search_on_a_bsn_logs_each_partij_shown(staff, persoon):
    partij, bsn = persoon
    spaced = f"{bsn[:4]} {bsn[4:]}"  # staff may type spaces; the search ignores them

    response = staff.get(admin_url(Partij, "changelist"), {"q": spaced})

    assert list(response.context["cl"].result_list) == [partij]
    [row] = rows()
    assert (row.kanaal, row.soort, row.partij_uuid) == ("admin", "zoeken_bsn", partij.uuid)
    assert row.zoekwaarde == mask_bsn(bsn)
    assert row.pad == admin_url(Partij, "changelist")


def test_a_changelist_search_on_an_unknown_bsn_is_logged_without_partij(staff, persoon):
    unknown = valid_bsn()

    staff.get(admin_url(Partij, "changelist"), {"q": unknown})

    [row] = rows()
    assert (row.partij_uuid, row.zoekwaarde) == (None, mask_bsn(unknown))


def test_a_changelist_search_on_a_kvk_nummer_is_logged_as_such(staff):
    organisatie = make_organisatie(kvk="12345678")

    staff.get(admin_url(Partij, "changelist"), {"q": "12345678"})

    [row] = rows()
    assert (row.soort, row.partij_uuid, row.zoekwaarde) == (
        "zoeken_kvk_nummer",
        organisatie.uuid,
        "12345678",
    )


def test_the_changelist_without_an_identificator_search_is_not_logged(staff, persoon):
    staff.get(admin_url(Partij, "changelist"))
    staff.get(admin_url(Partij, "changelist"), {"q": "Jansen"})
    staff.get(admin_url(Partij, "changelist"), {"soort_partij__exact": "persoon"})

    assert rows() == []


# --- the log itself: read-only, filtered, searchable by BSN -----------------------------------


@pytest.fixture
def logged(api, staff, persoon):
    """A persoon opened through the API and in the admin, and a search on another BSN."""
    partij, bsn = persoon
    other = valid_bsn()
    api.get(f"{PARTIJEN}/{partij.uuid}", HTTP_X_DOELBINDING="BRPACT-Test")
    staff.get(admin_url(Partij, "change", partij.pk))
    api.get(PARTIJEN, {"partijIdentificator__objectId": other})
    return partij, bsn, other


def shown(response) -> list[Verwerkingsactie]:
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_nobody_can_add_change_or_delete_a_row_in_the_admin(staff, logged):
    row = Verwerkingsactie.objects.first()

    assert staff.get(admin_url(Verwerkingsactie, "add")).status_code == 403
    assert staff.post(admin_url(Verwerkingsactie, "change", row.pk), {}).status_code == 403
    assert (
        staff.post(admin_url(Verwerkingsactie, "delete", row.pk), {"post": "yes"}).status_code
        == 403
    )
    changelist = staff.get(CHANGELIST)
    assert "delete_selected" not in changelist.context["cl"].model_admin.get_actions(
        changelist.wsgi_request
    )
    view = staff.get(admin_url(Verwerkingsactie, "change", row.pk))
    assert view.status_code == 200 and not view.context["has_change_permission"]
    assert Verwerkingsactie.objects.filter(pk=row.pk).exists()


def test_the_log_is_searchable_by_the_bsn_staff_type(staff, logged):
    partij, bsn, other = logged

    by_bsn = shown(staff.get(CHANGELIST, {"q": bsn}))
    by_other = shown(staff.get(CHANGELIST, {"q": other}))

    assert {row.partij_uuid for row in by_bsn} == {partij.uuid} and len(by_bsn) == 2
    [search] = by_other
    assert search.partij_uuid is None and search.zoekwaarde == mask_bsn(other)


def test_the_log_is_searchable_by_partij_uuid_and_by_the_mask_from_the_logs(staff, logged):
    partij, _, other = logged

    assert len(shown(staff.get(CHANGELIST, {"q": str(partij.uuid)}))) == 2
    assert len(shown(staff.get(CHANGELIST, {"q": mask_bsn(other)}))) == 1
    assert shown(staff.get(CHANGELIST, {"q": str(uuid.uuid4())})) == []
    assert shown(staff.get(CHANGELIST, {"q": "iets anders"})) == []


def test_the_log_filters_on_actor_soort_kanaal_and_period(staff, logged):
    all_rows = shown(staff.get(CHANGELIST))
    api_actor = next(row.actor for row in all_rows if row.kanaal == "api")

    medewerker = shown(staff.get(CHANGELIST, {"actor": "medewerker beheerder"}))
    applicatie = shown(staff.get(CHANGELIST, {"actor": api_actor}))
    zoeken = shown(staff.get(CHANGELIST, {"soort__exact": "zoeken_bsn"}))
    admin_rows = shown(staff.get(CHANGELIST, {"kanaal__exact": "admin"}))
    period = staff.get(CHANGELIST).context["cl"].filter_specs[0]
    vandaag = dict(period.links)["Vandaag"]
    long_ago = {
        "tijdstip__gte": "2000-01-01 00:00:00+00:00",
        "tijdstip__lt": "2000-01-02 00:00:00+00:00",
    }

    assert len(all_rows) == 3
    assert [row.kanaal for row in medewerker] == ["admin"]
    assert {row.kanaal for row in applicatie} == {"api"} and len(applicatie) == 2
    assert [row.partij_uuid for row in zoeken] == [None]
    assert admin_rows == medewerker
    assert len(shown(staff.get(CHANGELIST, vandaag))) == 3
    assert shown(staff.get(CHANGELIST, long_ago)) == []
    actor_choices = staff.get(CHANGELIST).context["cl"].filter_specs[1].lookup_choices
    assert ("medewerker beheerder", "medewerker beheerder") in actor_choices
    assert (api_actor, api_actor) in actor_choices


def test_searching_the_log_does_not_add_to_it(staff, logged):
    partij, bsn, _ = logged
    before = Verwerkingsactie.objects.count()

    staff.get(CHANGELIST, {"q": bsn})

    assert Verwerkingsactie.objects.count() == before


def test_a_logged_changelist_search_costs_one_insert_more_than_a_name_search(staff, persoon):
    partij, bsn = persoon
    url = admin_url(Partij, "changelist")
    staff.get(url)  # warm up

    counts = {}
    for term in (bsn, "Jansen"):
        with CaptureQueriesContext(connection) as context:
            response = staff.get(url, {"q": term})
        assert list(response.context["cl"].result_list) == [partij]
        counts[term] = len(context.captured_queries)

    assert counts[bsn] == counts["Jansen"] + 1
