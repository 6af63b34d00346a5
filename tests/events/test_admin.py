"""The outbox's back office: abonnementen, read-only events and deliveries, staff retry."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from klantenregister.events import services, tasks
from klantenregister.events.models import Abonnement, AbonnementKanaal, Delivery, Event
from tests.admin.conftest import admin_url, page_form_data
from tests.events.conftest import record, run_outbox

pytestmark = pytest.mark.django_db

SECRET = "Bearer zeer-geheim-token-123"


def _add_data(**overrides) -> dict:
    data = {
        "naam": "Zaaksysteem",
        "callback_url": "https://zaken.example.nl/events",
        "formaat": "cloudevents",
        "actief": "on",
        "nieuwe_auth": SECRET,
        "kanalen-TOTAL_FORMS": "1",
        "kanalen-INITIAL_FORMS": "0",
        "kanalen-MIN_NUM_FORMS": "1",
        "kanalen-MAX_NUM_FORMS": "1000",
        "kanalen-0-naam": "testkanaal",
        "kanalen-0-filters": '{"soort": "persoon"}',
    }
    data.update(overrides)
    return data


def _errors(response) -> str:
    assert response.status_code == 200, "expected the form again, with errors"
    parts = [str(response.context["adminform"].form.errors)]
    parts += [str(inline.formset.errors) for inline in response.context["inline_admin_formsets"]]
    parts += [
        str(inline.formset.non_form_errors())
        for inline in response.context["inline_admin_formsets"]
    ]
    return " ".join(parts)


# --- Abonnementen ---


def test_abonnement_is_added_with_kanaal_filter_and_auth_header(staff, kanaal):
    response = staff.post(admin_url(Abonnement, "add"), _add_data())

    assert response.status_code == 302
    abonnement = Abonnement.objects.get()
    assert abonnement.auth == SECRET
    assert [(k.naam, k.filters) for k in abonnement.kanalen.all()] == [
        ("testkanaal", {"soort": "persoon"})
    ]


def test_auth_header_is_never_shown_back_and_kept_when_left_empty(staff, kanaal):
    staff.post(admin_url(Abonnement, "add"), _add_data())
    abonnement = Abonnement.objects.get()

    page = staff.get(admin_url(Abonnement, "change", abonnement.pk))
    assert SECRET not in page.content.decode()
    assert "zeer-geheim" not in page.content.decode()
    assert "Authorization-header ingesteld" in page.content.decode()
    listing = staff.get(admin_url(Abonnement, "changelist"))
    assert "zeer-geheim" not in listing.content.decode()

    data = page_form_data(page)
    data["naam"] = "Zaaksysteem 2"
    assert staff.post(admin_url(Abonnement, "change", abonnement.pk), data).status_code == 302
    abonnement.refresh_from_db()
    assert (abonnement.naam, abonnement.auth) == ("Zaaksysteem 2", SECRET)

    data["nieuwe_auth"] = "Token nieuw"
    staff.post(admin_url(Abonnement, "change", abonnement.pk), data)
    abonnement.refresh_from_db()
    assert abonnement.auth == "Token nieuw"

    data["nieuwe_auth"] = ""
    data["auth_wissen"] = "on"
    staff.post(admin_url(Abonnement, "change", abonnement.pk), data)
    abonnement.refresh_from_db()
    assert abonnement.auth == ""


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"callback_url": "ftp://zaken.example.nl/events"}, "http- of https-URL"),
        ({"callback_url": "niet een url"}, "geldige URL"),
        ({"nieuwe_auth": "Bearer a\r\nX-Extra: b"}, "leesbare ASCII"),
        ({"nieuwe_auth": "Bearer €"}, "leesbare ASCII"),
        ({"kanalen-0-naam": "bestaat-niet"}, "bestaat-niet"),
        ({"kanalen-0-filters": '{"kleur": "rood"}'}, "Onbekende kenmerken"),
        ({"kanalen-0-filters": '["soort"]'}, "object van kenmerk naar waarde"),
        ({"kanalen-0-filters": '{"soort": ["a"]}'}, "tekst, getal of boolean"),
        ({"kanalen-TOTAL_FORMS": "0"}, "1"),
    ],
    ids=[
        "ftp",
        "no-url",
        "header-newline",
        "header-non-ascii",
        "unknown-kanaal",
        "unknown-kenmerk",
        "filters-not-object",
        "filter-value-list",
        "no-kanaal",
    ],
)
def test_bad_abonnement_is_refused_with_a_message(staff, kanaal, overrides, message):
    response = staff.post(admin_url(Abonnement, "add"), _add_data(**overrides))

    assert message in _errors(response)
    assert not Abonnement.objects.exists()


def test_kanaal_choice_offers_the_registered_kanalen_with_their_kenmerken(staff, kanaal):
    html = staff.get(admin_url(Abonnement, "add")).content.decode()

    assert '<option value="testkanaal">testkanaal</option>' in html
    assert "testkanaal: soort, nummer" in html


def test_abonnement_list_counts_pending_and_failed_in_constant_queries(
    staff, make_abonnement, receiver
):
    def listing_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert staff.get(admin_url(Abonnement, "changelist")).status_code == 200
        return len(queries)

    eerste = make_abonnement(receiver.url)
    record("a")
    services.fan_out()
    Delivery.objects.update(status=Delivery.Status.FAILED)
    record("b")
    record("c")
    services.fan_out()
    baseline = listing_queries()

    for _ in range(4):
        make_abonnement(receiver.url)
    record("d")
    services.fan_out()

    assert listing_queries() == baseline
    html = staff.get(admin_url(Abonnement, "changelist")).content.decode()
    assert f'abonnement__id__exact={eerste.pk}&status__exact=pending">3</a>' in html
    assert f'abonnement__id__exact={eerste.pk}&status__exact=failed">1</a>' in html


def test_deleting_an_abonnement_summarises_and_drops_its_deliveries(
    staff, make_abonnement, receiver
):
    abonnement = make_abonnement(receiver.url)
    for n in range(3):
        record(str(n))
    services.fan_out()

    confirm = staff.get(admin_url(Abonnement, "delete", abonnement.pk))
    assert "3 aflevering(en)" in confirm.content.decode()
    response = staff.post(admin_url(Abonnement, "delete", abonnement.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Abonnement.objects.exists()
    assert not AbonnementKanaal.objects.exists()
    assert not Delivery.objects.exists()
    assert Event.objects.count() == 3


# --- Gebeurtenissen ---


def test_event_page_shows_its_deliveries_and_the_payload_per_format(
    staff, make_abonnement, receiver, quick_retries
):
    receiver.answer(500, "kapot")
    make_abonnement(receiver.url, auth=SECRET)
    event = record("p1", soort="persoon")
    services.fan_out()
    services.deliver_due()

    html = staff.get(admin_url(Event, "change", event.pk)).content.decode()

    assert f"&quot;id&quot;: &quot;{event.uuid}&quot;" in html  # CloudEvents
    assert "&quot;specversion&quot;: &quot;1.0&quot;" in html
    assert "&quot;resourceUrl&quot;: &quot;http://testserver/" in html  # notificatie
    assert "application/cloudevents+json" in html
    assert f"X-Event-Id: {event.uuid}" in html
    assert "Ontvanger antwoordde 500 Internal Server Error: kapot" in html
    assert "zeer-geheim" not in html


def test_events_and_deliveries_cannot_be_added_changed_or_deleted(staff, make_abonnement, receiver):
    make_abonnement(receiver.url)
    event = record("a")
    services.fan_out()
    delivery = Delivery.objects.get()

    for model, obj in ((Event, event), (Delivery, delivery)):
        assert staff.get(admin_url(model, "add")).status_code == 403
        assert staff.get(admin_url(model, "delete", obj.pk)).status_code == 403
        page = staff.get(admin_url(model, "change", obj.pk))
        assert page.status_code == 200
        assert 'name="_save"' not in page.content.decode()
        assert staff.post(admin_url(model, "change", obj.pk), {}).status_code == 403


def test_events_are_found_by_event_uuid_object_uuid_or_url(staff, kanaal):
    gezocht = record("4b8f2c1e-0000-4000-8000-000000000001")
    ander = record("4b8f2c1e-0000-4000-8000-000000000002")

    for term in (
        str(gezocht.uuid),
        "4b8f2c1e-0000-4000-8000-000000000001",
        gezocht.resource_url,
    ):
        response = staff.get(admin_url(Event, "changelist"), {"q": term})
        found = list(response.context["cl"].result_list)
        assert found == [gezocht], term
    assert (
        ander
        not in staff.get(admin_url(Event, "changelist"), {"q": "niets"}).context["cl"].result_list
    )


@pytest.mark.parametrize("model", [Event, Delivery], ids=lambda m: m.__name__)
def test_event_and_delivery_lists_take_constant_queries(staff, make_abonnement, receiver, model):
    def listing_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert staff.get(admin_url(model, "changelist")).status_code == 200
        return len(queries)

    make_abonnement(receiver.url)
    record("a")
    services.fan_out()
    baseline = listing_queries()

    make_abonnement(receiver.url)
    for n in range(5):
        record(str(n))
    services.fan_out()

    assert listing_queries() == baseline


# --- Afleveringen: staff retry ---


def _retry(client: Client, *deliveries: Delivery):
    return client.post(
        admin_url(Delivery, "changelist"),
        {"action": "nu_opnieuw_afleveren", "_selected_action": [d.pk for d in deliveries]},
        follow=True,
    )


def test_staff_retry_of_a_failed_delivery_delivers_it(
    staff, make_abonnement, receiver, quick_retries, django_capture_on_commit_callbacks
):
    receiver.answer(500, "onderhoud")
    make_abonnement(receiver.url)
    event = record("a")
    run_outbox()
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    receiver.answer(204)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _retry(staff, delivery)

    assert "1 van 1 aflevering(en) worden nu opnieuw afgeleverd." in response.content.decode()
    # The committed retry wakes a worker; run what that worker runs (eager or not, as with
    # or without a broker configured).
    assert callbacks == [services._wake_worker]
    tasks.process_outbox()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    assert receiver.event_ids() == [str(event.uuid)] * 4


def test_staff_retry_makes_a_delivery_waiting_out_its_backoff_due_now(
    staff, make_abonnement, receiver, quick_retries
):
    quick_retries.EVENTS_RETRY_BASE_SECONDS = 3600
    quick_retries.EVENTS_RETRY_MAX_SECONDS = 3600
    receiver.answer_next(503)
    make_abonnement(receiver.url)
    record("a")
    services.fan_out()
    services.deliver_due()
    assert services.deliver_due() == 0

    _retry(staff, Delivery.objects.get())

    assert services.deliver_due() == 1
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.DELIVERED, 2)


def test_staff_retry_skips_delivered_ones(staff, make_abonnement, receiver):
    make_abonnement(receiver.url)
    record("a")
    run_outbox()

    response = _retry(staff, Delivery.objects.get())

    assert "0 van 1 aflevering(en)" in response.content.decode()
    assert services.deliver_due() == 0
    assert len(receiver.requests) == 1


def test_staff_who_may_only_view_deliveries_cannot_retry_them(
    db, django_user_model, make_abonnement, receiver, quick_retries
):
    receiver.answer(500)
    make_abonnement(receiver.url)
    record("a")
    run_outbox()
    kijker = django_user_model.objects.create_user(username="kijker", is_staff=True)
    kijker.user_permissions.add(Permission.objects.get(codename="view_delivery"))
    client = Client()
    client.force_login(kijker)

    listing = client.get(admin_url(Delivery, "changelist"))
    assert listing.status_code == 200
    assert "nu_opnieuw_afleveren" not in listing.content.decode()
    _retry(client, Delivery.objects.get())
    assert Delivery.objects.get().status == Delivery.Status.FAILED
