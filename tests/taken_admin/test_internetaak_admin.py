"""The interne taken back office: create and edit through the services, the list per
medewerker, and assigning and completing interne taken in bulk and on the change page."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from klantcontacten.models import Actor
from klantenregister.events.models import Event
from taken.models import InterneTaak
from tests.admin.conftest import admin_url, errors_of, page_form_data
from tests.factories import make_actor, make_klantcontact
from tests.taken_admin.conftest import make_interne_taak

pytestmark = pytest.mark.django_db

ACTION_CHECKBOX = "_selected_action"


def _changelist(staff, **params) -> list:
    response = staff.get(admin_url(InterneTaak, "changelist"), params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def _actie(staff, action: str, taken):
    return staff.post(
        admin_url(InterneTaak, "changelist"),
        {"action": action, ACTION_CHECKBOX: [str(t.pk) for t in taken]},
    )


def _actoren(taak) -> list[str]:
    return [t.actor.naam for t in taak.toewijzingen.order_by("pk")]


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_pages_open(staff, medewerkers):
    taak = make_interne_taak(actoren=medewerkers)
    for url in (
        admin_url(InterneTaak, "changelist"),
        admin_url(InterneTaak, "add"),
        admin_url(InterneTaak, "change", taak.pk),
        admin_url(InterneTaak, "history", taak.pk),
        admin_url(InterneTaak, "toewijzen") + f"?ids={taak.pk}",
    ):
        assert staff.get(url).status_code == 200, url


def test_create_through_the_form_with_actoren_in_order(staff, medewerkers):
    fatima, pieter = medewerkers
    klantcontact = make_klantcontact()
    data = page_form_data(staff.get(admin_url(InterneTaak, "add")))
    data.update(
        gevraagde_handeling="Bel mevrouw terug over haar aanvraag",
        klantcontact=str(klantcontact.pk),
        status="te_verwerken",
        toegewezen_aan=[str(pieter.pk), str(fatima.pk)],
    )

    response = staff.post(admin_url(InterneTaak, "add"), data)

    assert response.status_code == 302, errors_of(response)
    taak = InterneTaak.objects.get()
    assert taak.nummer  # generated
    assert _actoren(taak) == ["Pieter de Vries", "Fatima Yilmaz"]
    assert taak.afgehandeld_op is None
    event = Event.objects.get(kanaal="internetaken")
    assert (event.resource, event.actie) == ("internetaak", "create")
    page = staff.get(admin_url(InterneTaak, "change", taak.pk))
    form = page.context["adminform"].form
    assert form["toegewezen_aan"].value() == [pieter.pk, fatima.pk]
    assert {r.onderdeel for r in page.context["historie"]} == {"interne taak", "toewijzing"}


def test_afgehandeld_op_without_verwerkt_is_a_form_error(staff, medewerkers):
    taak = make_interne_taak(actoren=medewerkers)
    url = admin_url(InterneTaak, "change", taak.pk)
    data = page_form_data(staff.get(url))
    now = timezone.localtime()
    data.update(
        afgehandeld_op_0=now.strftime("%d-%m-%Y"), afgehandeld_op_1=now.strftime("%H:%M:%S")
    )

    response = staff.post(url, data)

    assert response.status_code == 200
    assert "afgehandeld_op" in response.context["adminform"].form.errors


def test_edit_status_through_the_form_sets_afgehandeld_op(staff, medewerkers):
    taak = make_interne_taak(actoren=medewerkers)
    url = admin_url(InterneTaak, "change", taak.pk)
    data = page_form_data(staff.get(url))
    data["status"] = "verwerkt"

    response = staff.post(url, data)

    assert response.status_code == 302, errors_of(response)
    taak.refresh_from_db()
    assert taak.status == "verwerkt"
    assert taak.afgehandeld_op is not None
    assert _actoren(taak) == ["Fatima Yilmaz", "Pieter de Vries"]  # unchanged


def test_filter_per_medewerker_and_search(staff, medewerkers):
    fatima, pieter = medewerkers
    van_fatima = make_interne_taak(actoren=[fatima], gevraagde_handeling="Stuur de folder")
    van_beiden = make_interne_taak(actoren=[pieter, fatima])
    van_niemand = make_interne_taak()

    assert set(_changelist(staff, actor=fatima.pk)) == {van_fatima, van_beiden}
    assert _changelist(staff, actor=pieter.pk) == [van_beiden]
    assert _changelist(staff, actor="-") == [van_niemand]
    assert _changelist(staff, q="folder") == [van_fatima]
    assert _changelist(staff, q=van_beiden.nummer) == [van_beiden]
    lookups = staff.get(admin_url(InterneTaak, "changelist")).context["cl"].filter_specs
    namen = [
        titel
        for spec in lookups
        if spec.title == "toegewezen aan"
        for _, titel in spec.lookup_choices
    ]
    assert namen == ["Niemand", "Fatima Yilmaz", "Pieter de Vries"]


def test_assign_in_bulk(staff, medewerkers):
    fatima, pieter = medewerkers
    taken = [make_interne_taak(actoren=[fatima]) for _ in range(3)]
    team = make_actor("organisatorische_eenheid", naam="Team Burgerzaken")
    Event.objects.all().delete()

    response = _actie(staff, "toewijzen", taken[:2])
    assert response.status_code == 302
    choose_url = response["Location"]
    page = staff.get(choose_url)
    assert page.status_code == 200
    assert set(page.context["taken"]) == set(taken[:2])
    response = staff.post(choose_url, {"actoren": [str(pieter.pk), str(team.pk)]})

    assert response.status_code == 302
    for taak in taken[:2]:
        assert _actoren(taak) == ["Pieter de Vries", "Team Burgerzaken"]
    assert _actoren(taken[2]) == ["Fatima Yilmaz"]
    events = Event.objects.filter(kanaal="internetaken")
    assert sorted(e.resource_url.rstrip("/").rsplit("/")[-1] for e in events) == sorted(
        str(t.uuid) for t in taken[:2]
    )
    assert {e.actie for e in events} == {"partial_update"}
    assert "2 interne taken toegewezen aan Pieter de Vries, Team Burgerzaken." in _messages(
        response
    )


def test_assign_without_actoren_is_a_form_error(staff, medewerkers):
    taak = make_interne_taak(actoren=medewerkers[:1])
    url = admin_url(InterneTaak, "toewijzen") + f"?ids={taak.pk}"

    response = staff.post(url, {"actoren": []})

    assert response.status_code == 200
    assert "actoren" in response.context["form"].errors
    assert _actoren(taak) == ["Fatima Yilmaz"]


def test_complete_in_bulk(staff, medewerkers):
    taken = [make_interne_taak(actoren=medewerkers) for _ in range(3)]
    al_verwerkt = make_interne_taak(status="verwerkt")
    gisteren = al_verwerkt.afgehandeld_op
    Event.objects.all().delete()

    response = _actie(staff, "afhandelen", [*taken[:2], al_verwerkt])

    assert response.status_code == 302
    for taak in taken[:2]:
        taak.refresh_from_db()
        assert taak.status == "verwerkt"
        assert taak.afgehandeld_op is not None
    taken[2].refresh_from_db()
    assert (taken[2].status, taken[2].afgehandeld_op) == ("te_verwerken", None)
    al_verwerkt.refresh_from_db()
    assert al_verwerkt.afgehandeld_op == gisteren
    events = Event.objects.filter(kanaal="internetaken")
    assert events.count() == 2
    assert {e.kenmerken["status"] for e in events} == {"verwerkt"}
    messages = _messages(response)
    assert "2 interne taken afgehandeld." in messages
    assert "1 was al verwerkt en is ongewijzigd gelaten." in messages


def test_complete_and_assign_from_the_change_page(staff, medewerkers):
    fatima, pieter = medewerkers
    taak = make_interne_taak(actoren=[fatima])
    page = staff.get(admin_url(InterneTaak, "change", taak.pk)).content.decode()
    afhandelen = admin_url(InterneTaak, "afhandelen", taak.pk)
    toewijzen = admin_url(InterneTaak, "toewijzen") + f"?ids={taak.pk}"
    assert afhandelen in page
    assert toewijzen in page

    response = staff.post(toewijzen, {"actoren": [str(pieter.pk)]})
    assert response["Location"] == admin_url(InterneTaak, "change", taak.pk)
    assert _actoren(taak) == ["Pieter de Vries"]

    assert staff.get(afhandelen).status_code == 405
    response = staff.post(afhandelen)
    assert response.status_code == 302
    taak.refresh_from_db()
    assert taak.status == "verwerkt"
    assert taak.afgehandeld_op is not None
    assert afhandelen not in staff.get(admin_url(InterneTaak, "change", taak.pk)).content.decode()


def test_delete_goes_through_the_service(staff, medewerkers):
    taak = make_interne_taak(actoren=medewerkers)
    Event.objects.all().delete()

    response = staff.post(admin_url(InterneTaak, "delete", taak.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not InterneTaak.objects.exists()
    assert Event.objects.get(kanaal="internetaken").actie == "destroy"


def _changelist_queries(staff, aantal: int) -> int:
    InterneTaak.objects.all().delete()
    klantcontact = make_klantcontact()
    actoren = [make_actor(naam=f"Medewerker {index}") for index in range(3)]
    for index in range(aantal):
        make_interne_taak(klantcontact if index % 2 else None, actoren=actoren[: index % 3 + 1])
    with CaptureQueriesContext(connection) as queries:
        rows = _changelist(staff)
    assert len(rows) == aantal
    return len(queries)


def test_changelist_queries_do_not_grow_with_the_rows(staff):
    assert _changelist_queries(staff, 2) == _changelist_queries(staff, 20)


def test_actor_page_links_to_its_interne_taken(staff, medewerkers):
    fatima, pieter = medewerkers
    open_taken = [make_interne_taak(actoren=[fatima]) for _ in range(2)]
    make_interne_taak(actoren=[fatima], status="verwerkt")
    make_interne_taak(actoren=[pieter])

    page = staff.get(admin_url(Actor, "change", fatima.pk))

    link = page.context["actor_interne_taken"]
    assert link["te_verwerken"] == 2
    assert "Interne taken (2 te verwerken)" in page.content.decode()
    response = staff.get(link["url"])
    assert set(response.context["cl"].result_list) == set(open_taken)


def test_actoren_and_klantcontact_are_searched_as_you_type(staff, medewerkers):
    response = staff.get(
        "/admin/autocomplete/",
        {"app_label": "taken", "model_name": "internetaak", "field_name": "actoren", "term": "Fat"},
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(medewerkers[0].pk)]
    klantcontact = make_klantcontact(onderwerp="Afvalpas kwijt")
    response = staff.get(
        "/admin/autocomplete/",
        {
            "app_label": "taken",
            "model_name": "internetaak",
            "field_name": "klantcontact",
            "term": "Afvalpas",
        },
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(klantcontact.pk)]
