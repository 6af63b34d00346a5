"""The klanttaak back office: one form for a klanttaak for a partij (the "verzoek tot
aanvulling" of Taak Simpel), status changes through the lifecycle, the changelist filters and
the partij page's link to its klanttaken."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from klantenregister.events.models import Event
from partijen.models import Partij
from taken import services
from taken.models import Taak, TaakBetrokkene
from tests.admin.conftest import admin_url, errors_of, page_form_data
from tests.factories import make_persoon, valid_bsn
from tests.taken_admin.conftest import eerder, later, make_taak

pytestmark = pytest.mark.django_db

ZAAK = "https://openzaak.example.nl/zaken/api/v1/zaken/5f2c1e8a-0000-4000-8000-000000000001"


def _moment(name: str, moment) -> dict:
    local = timezone.localtime(moment)
    return {f"{name}_0": local.strftime("%d-%m-%Y"), f"{name}_1": local.strftime("%H:%M:%S")}


def _add_data(staff, partij=None, **fields) -> dict:
    """The add form as a browser posts it, filled in as a medewerker would."""
    url = admin_url(Taak, "add")
    response = staff.get(url, {"partij": partij.pk} if partij is not None else {})
    assert response.status_code == 200
    data = page_form_data(response)
    data.update(
        {
            "title": "Lever uw loonstrook aan",
            "toelichting": "Voor uw aanvraag bijzondere bijstand missen we uw laatste loonstrook.",
            "zaak": ZAAK,
            "actie_type": "url",
            "actie_value": "https://mijn.example.nl/formulieren/aanvulling",
            **_moment("vervaldatum", later(days=14)),
            **_moment("verloopdatum", later(days=28)),
        }
    )
    data.update(fields)
    return data


def _changelist(staff, **params) -> list:
    response = staff.get(admin_url(Taak, "changelist"), params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- Pages open ------------------------------------------------------------------------------


def test_pages_open(staff, jan):
    taak = make_taak(jan)
    TaakBetrokkene.objects.create(taak=taak, naam="Jan Jansen", rol_type="aanvrager")
    for url in (
        admin_url(Taak, "changelist"),
        admin_url(Taak, "add"),
        admin_url(Taak, "change", taak.pk),
        admin_url(Taak, "history", taak.pk),
        admin_url(Taak, "delete", taak.pk),
    ):
        assert staff.get(url).status_code == 200, url


# --- Creating a klanttaak for a partij in one form -------------------------------------------


def test_add_page_prefills_the_partij_and_its_bsn(staff, jan):
    response = staff.get(admin_url(Taak, "add"), {"partij": jan.pk})
    form = response.context["adminform"].form
    assert str(form["partij"].value()) == str(jan.pk)
    assert form["identificatie_type"].value() == "bsn"
    assert form["identificatie_value"].value() == jan.test_bsn


def test_create_klanttaak_for_a_partij_in_one_post(staff, jan):
    data = _add_data(staff, jan)
    # Left empty: the partij's BSN is used.
    data.update(identificatie_type="", identificatie_value="")

    response = staff.post(admin_url(Taak, "add"), data)

    assert response.status_code == 302, errors_of(response)
    taak = Taak.objects.get()
    assert taak.partij == jan
    assert taak.status == "open"
    assert (taak.identificatie_type, taak.identificatie_value) == ("bsn", jan.test_bsn)
    assert taak.soort == "url"  # derived from the actie
    assert (taak.koppeling_registratie, taak.koppeling_url) == ("zaak", ZAAK)
    assert taak.verloopdatum > taak.vervaldatum > timezone.now()
    assert taak.eigenaar == ""
    event = Event.objects.get(kanaal="taken")
    assert (event.resource, event.actie) == ("taak", "create")
    assert str(taak.uuid) in event.resource_url
    assert event.kenmerken["zaak"] == ZAAK
    assert event.actor == "medewerker beheerder"
    # The change page shows the history: made by this medewerker.
    page = staff.get(admin_url(Taak, "change", taak.pk))
    assert [(r.actie, r.actor) for r in page.context["historie"]] == [
        ("aangemaakt", "medewerker beheerder")
    ]


def test_create_without_partij_finds_it_by_the_bsn(staff, jan):
    data = _add_data(staff, identificatie_type="bsn", identificatie_value=jan.test_bsn)

    response = staff.post(admin_url(Taak, "add"), data)

    assert response.status_code == 302, errors_of(response)
    assert Taak.objects.get().partij == jan


def test_bad_bsn_is_a_form_error_and_stores_nothing(staff):
    partij = make_persoon()  # no BSN of its own
    data = _add_data(staff, partij, identificatie_type="bsn", identificatie_value="123456789")

    response = staff.post(admin_url(Taak, "add"), data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "identificatie_value" in form.errors
    assert not Taak.objects.exists()
    assert not Event.objects.filter(kanaal="taken").exists()


def test_verloopdatum_in_the_past_is_a_form_error_and_stores_nothing(staff, jan):
    data = _add_data(
        staff,
        jan,
        **_moment("vervaldatum", eerder(days=2)),
        **_moment("verloopdatum", eerder(days=1)),
    )

    response = staff.post(admin_url(Taak, "add"), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["verloopdatum"] == [
        "De verloopdatum van een nieuwe taak moet in de toekomst liggen."
    ]
    assert not Taak.objects.exists()
    assert not Event.objects.filter(kanaal="taken").exists()


def test_vervaldatum_after_verloopdatum_is_a_form_error(staff, jan):
    data = _add_data(
        staff,
        jan,
        **_moment("vervaldatum", later(days=30)),
        **_moment("verloopdatum", later(days=3)),
    )

    response = staff.post(admin_url(Taak, "add"), data)

    assert response.status_code == 200
    assert "vervaldatum" in response.context["adminform"].form.errors
    assert not Taak.objects.exists()


# --- Status changes go through the lifecycle -------------------------------------------------


def _change(staff, taak, **fields):
    url = admin_url(Taak, "change", taak.pk)
    data = page_form_data(staff.get(url))
    data.update(fields)
    return staff.post(url, data)


def test_legal_status_change_is_saved_with_an_event(staff, jan):
    taak = make_taak(jan)
    Event.objects.all().delete()

    response = _change(staff, taak, status="verwerkt")

    assert response.status_code == 302, errors_of(response)
    taak.refresh_from_db()
    assert taak.status == "verwerkt"
    event = Event.objects.get(kanaal="taken")
    assert (event.actie, event.kenmerken["status"]) == ("partial_update", "verwerkt")


def test_illegal_status_change_is_refused_with_the_service_message(staff, jan):
    taak = make_taak(jan)
    services.update_taak(taak, {"status": "verwerkt"})
    Event.objects.all().delete()

    response = _change(staff, taak, status="open")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["status"] == [
        "De status kan niet van 'verwerkt' naar 'open'. Vanuit 'verwerkt' is toegestaan: "
        "'gesloten'."
    ]
    taak.refresh_from_db()
    assert taak.status == "verwerkt"
    assert not Event.objects.exists()


def test_submitting_an_expired_taak_is_a_form_error_not_a_500(staff, jan):
    taak = make_taak(jan, verloopdatum=later(days=1))
    Taak.objects.filter(pk=taak.pk).update(verloopdatum=eerder(hours=1))

    response = _change(staff, taak, status="ingediend")

    assert response.status_code == 200
    [message] = response.context["adminform"].form.errors["status"]
    assert message.startswith("De taak is verlopen")
    taak.refresh_from_db()
    assert taak.status == "open"


def test_delete_goes_through_the_service(staff, jan):
    taak = make_taak(jan)
    Event.objects.all().delete()

    response = staff.post(admin_url(Taak, "delete", taak.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Taak.objects.exists()
    assert Event.objects.get(kanaal="taken").actie == "destroy"


# --- The changelist ---------------------------------------------------------------------------


def test_overdue_filter(staff, jan):
    achterstallig = make_taak(jan, title="vervaldatum voorbij", vervaldatum=eerder(days=1))
    verlopen = make_taak(jan, title="verloopdatum voorbij", verloopdatum=later(days=1))
    Taak.objects.filter(pk=verlopen.pk).update(verloopdatum=eerder(minutes=5))
    op_tijd = make_taak(jan, title="op tijd", vervaldatum=later(days=3))
    gesloten = make_taak(jan, title="gesloten", vervaldatum=eerder(days=1))
    services.update_taak(gesloten, {"status": "gesloten"})

    assert set(_changelist(staff, deadline="achterstallig")) == {achterstallig, verlopen}
    assert _changelist(staff, deadline="vervaldatum") == [achterstallig]
    assert _changelist(staff, deadline="verloopdatum") == [verlopen]
    assert _changelist(staff, deadline="op_tijd") == [op_tijd]


def test_filters_and_search(staff, jan):
    eigen = make_taak(jan, title="Betaal leges", eigenaar="zaaksysteem", zaak=ZAAK)
    gemeente = make_taak(jan, title="Lever uw paspoortfoto aan", verwerker_taak_id="T-77")
    services.update_taak(gemeente, {"status": "gesloten"})

    assert _changelist(staff, status="gesloten") == [gemeente]
    assert _changelist(staff, eigenaar="zaaksysteem") == [eigen]
    assert _changelist(staff, eigenaar="-") == [gemeente]
    assert set(_changelist(staff, soort="extern")) == {eigen, gemeente}
    assert _changelist(staff, q="leges") == [eigen]
    assert _changelist(staff, q=ZAAK) == [eigen]
    assert _changelist(staff, q="T-77") == [gemeente]


def _changelist_queries(staff, aantal: int) -> int:
    Taak.objects.all().delete()
    for index in range(aantal):
        partij = make_persoon(bsn=valid_bsn(), voornaam=f"Inwoner{index}")
        make_taak(partij, title=f"Taak {index}", vervaldatum=later(days=index + 1), zaak=ZAAK)
    with CaptureQueriesContext(connection) as queries:
        rows = _changelist(staff)
    assert len(rows) == aantal
    return len(queries)


def test_changelist_queries_do_not_grow_with_the_rows(staff):
    assert _changelist_queries(staff, 2) == _changelist_queries(staff, 20)


# --- Per partij -------------------------------------------------------------------------------


def test_partij_page_links_to_its_klanttaken_with_counts(staff, jan):
    make_taak(jan, title="open")
    make_taak(jan, title="achterstallig", vervaldatum=eerder(days=2))
    gesloten = make_taak(jan, title="gesloten")
    services.update_taak(gesloten, {"status": "gesloten"})
    via_betrokkene = make_taak(None, title="via betrokkene")
    TaakBetrokkene.objects.create(taak=via_betrokkene, partij=jan, naam="Jan Jansen")
    andere = make_persoon(bsn=valid_bsn(), voornaam="Piet")
    make_taak(andere, title="van een ander", vervaldatum=eerder(days=2))

    response = staff.get(admin_url(Partij, "change", jan.pk))

    klanttaken = response.context["partij_klanttaken"]
    assert (klanttaken["open"], klanttaken["achterstallig"]) == (3, 1)
    html = response.content.decode()
    assert "Klanttaken van deze partij (3 open, 1 achterstallig)" in html
    assert f"{admin_url(Taak, 'add')}?partij={jan.pk}" in html
    titels = {t.title for t in _changelist(staff, partij=jan.pk)}
    assert titels == {"open", "achterstallig", "gesloten", "via betrokkene"}
    assert [t.title for t in _changelist(staff, partij=jan.pk, deadline="achterstallig")] == [
        "achterstallig"
    ]


def test_partij_page_queries_do_not_grow_with_its_klanttaken(staff, jan):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff.get(admin_url(Partij, "change", jan.pk)).status_code == 200
        return len(captured)

    make_taak(jan)
    before = queries()
    for index in range(10):
        make_taak(jan, title=f"Taak {index}", vervaldatum=eerder(days=1))
    assert queries() == before


def test_add_link_from_the_partij_page_creates_for_that_partij(staff, jan):
    response = staff.post(admin_url(Taak, "add"), _add_data(staff, jan))

    assert response.status_code == 302, errors_of(response)
    assert _messages(response)
    assert Taak.objects.get().partij == jan


def test_partij_is_searched_as_you_type(staff, jan):
    response = staff.get(
        "/admin/autocomplete/",
        {"app_label": "taken", "model_name": "taak", "field_name": "partij", "term": "Jansen"},
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(jan.pk)]
