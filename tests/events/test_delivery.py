"""The outbox engine against a real receiver: who gets what, retries, failures, ordering."""

import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from klantenregister.events import services, tasks
from klantenregister.events.models import Abonnement, AbonnementKanaal, Delivery, Event
from tests.events.conftest import record, run_outbox

pytestmark = pytest.mark.django_db

PENDING, DELIVERED, FAILED = (
    Delivery.Status.PENDING,
    Delivery.Status.DELIVERED,
    Delivery.Status.FAILED,
)


def _delivery(event: Event, abonnement: Abonnement) -> Delivery:
    return Delivery.objects.get(event=event, abonnement=abonnement)


# --- Who receives what ---


def test_kenmerken_filter_selects_the_events_an_abonnement_gets(make_receiver, make_abonnement):
    alles, personen, nummer_42 = make_receiver(), make_receiver(), make_receiver()
    make_abonnement(alles.url)
    make_abonnement(personen.url, filters={"soort": "persoon"})
    # A number filter matches the kenmerk whether it was recorded as number or text.
    make_abonnement(nummer_42.url, filters={"nummer": 42})
    persoon = record("a", soort="persoon", nummer=42)
    organisatie = record("b", soort="organisatie", nummer="42")
    record("c", soort="persoon", nummer=7)
    record("d")  # no kenmerken at all: only for the abonnement without filters

    run_outbox()

    assert len(alles.requests) == 4
    assert set(personen.event_ids()) == {str(persoon.uuid), str(record_uuid("c"))}
    assert set(nummer_42.event_ids()) == {str(persoon.uuid), str(organisatie.uuid)}


def record_uuid(object_id: str) -> str:
    return Event.objects.get(resource_url__endswith=f"/{object_id}").uuid


def test_an_abonnement_gets_only_the_kanalen_it_chose(make_receiver, make_abonnement):
    ander_kanaal = make_receiver()
    abonnement = make_abonnement(ander_kanaal.url)
    abonnement.kanalen.update(naam="klantcontacten")
    record("a")

    run_outbox()

    assert ander_kanaal.requests == []
    assert not Delivery.objects.exists()
    assert Event.objects.get().fanned_out_at is not None


def test_inactive_abonnement_gets_no_new_events(make_receiver, make_abonnement):
    actief, inactief = make_receiver(), make_receiver()
    make_abonnement(actief.url)
    make_abonnement(inactief.url, actief=False)
    record("a")

    run_outbox()

    assert len(actief.requests) == 1
    assert inactief.requests == []
    assert Delivery.objects.count() == 1


def test_deactivated_abonnement_holds_its_pending_deliveries_until_active_again(
    receiver, make_abonnement
):
    abonnement = make_abonnement(receiver.url)
    event = record("a")
    services.fan_out()
    Abonnement.objects.filter(pk=abonnement.pk).update(actief=False)

    assert services.deliver_due() == 0
    # Nothing it could send: a worker must not be rescheduled for it.
    assert services.seconds_until_next_due() is None
    assert receiver.requests == []
    assert _delivery(event, abonnement).status == PENDING

    Abonnement.objects.filter(pk=abonnement.pk).update(actief=True)
    run_outbox()
    assert receiver.event_ids() == [str(event.uuid)]


def test_deleting_an_abonnement_drops_its_deliveries_and_keeps_the_events(
    receiver, make_abonnement, quick_retries
):
    receiver.answer(500)
    abonnement = make_abonnement(receiver.url)
    record("a")
    services.fan_out()
    services.deliver_due()

    abonnement.delete()
    time.sleep(0.25)

    assert services.deliver_due() == 0
    assert len(receiver.requests) == 1
    assert not Delivery.objects.exists()
    assert Event.objects.count() == 1


def test_each_event_is_fanned_out_once_and_sent_once(receiver, make_abonnement):
    make_abonnement(receiver.url)
    events = [record(str(n)) for n in range(3)]

    assert services.fan_out() == 3
    assert services.fan_out() == 0
    tasks.process_outbox()
    tasks.process_outbox()

    assert Delivery.objects.count() == 3
    assert sorted(receiver.event_ids()) == sorted(str(e.uuid) for e in events)


def test_abonnement_made_after_fan_out_gets_only_later_events(make_receiver, make_abonnement):
    eerste, later = make_receiver(), make_receiver()
    make_abonnement(eerste.url)
    oud = record("a")
    run_outbox()
    make_abonnement(later.url)
    nieuw = record("b")

    run_outbox()

    assert eerste.event_ids() == [str(oud.uuid), str(nieuw.uuid)]
    assert later.event_ids() == [str(nieuw.uuid)]


# --- Retries and failure ---


def test_backoff_doubles_from_the_base_with_jitter_and_a_cap(settings):
    settings.EVENTS_RETRY_BASE_SECONDS = 10.0
    settings.EVENTS_RETRY_MAX_SECONDS = 25.0
    for attempts, (low, high) in {1: (5, 10), 2: (10, 20), 3: (12.5, 25), 9: (12.5, 25)}.items():
        waits = [services.backoff_seconds(attempts) for _ in range(200)]
        assert all(low <= wait <= high for wait in waits)
        # Jitter: not every retry of a receiver's deliveries falls on the same moment.
        assert len(set(waits)) > 100


def test_failed_attempts_are_retried_with_backoff_until_delivered(
    receiver, make_abonnement, quick_retries
):
    receiver.answer_next(500, 503)
    abonnement = make_abonnement(receiver.url)
    event = record("a")
    services.fan_out()

    services.deliver_due()
    delivery = _delivery(event, abonnement)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (PENDING, 1, 500)
    wait = (delivery.next_attempt_at - delivery.last_attempt_at).total_seconds()
    assert 0.025 <= wait <= 0.06
    # Not due yet: nothing is attempted before the backoff has passed.
    assert services.deliver_due() == 0

    run_outbox()

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DELIVERED, 3, 204)
    assert delivery.last_error == ""
    assert delivery.delivered_at is not None
    assert receiver.event_ids() == [str(event.uuid)] * 3


def test_after_the_last_attempt_the_delivery_is_failed_with_its_error(
    receiver, make_abonnement, quick_retries
):
    receiver.answer(500, "database stuk")
    abonnement = make_abonnement(receiver.url)
    event = record("a")

    run_outbox()
    time.sleep(0.3)
    services.deliver_due()

    delivery = _delivery(event, abonnement)
    assert delivery.status == FAILED
    assert delivery.attempts == quick_retries.EVENTS_MAX_ATTEMPTS == 3
    assert delivery.last_status_code == 500
    assert "500" in delivery.last_error and "database stuk" in delivery.last_error
    assert len(receiver.requests) == 3
    assert services.seconds_until_next_due() is None


def test_a_receiver_that_hangs_past_the_read_timeout_is_a_failed_attempt(
    receiver, make_abonnement, quick_retries
):
    receiver.hang()
    abonnement = make_abonnement(receiver.url)
    event = record("a")
    services.fan_out()

    started = time.monotonic()
    services.deliver_due()
    assert time.monotonic() - started < 2

    delivery = _delivery(event, abonnement)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (PENDING, 1, None)
    assert "tijdslimiet" in delivery.last_error
    receiver.release()
    run_outbox()
    assert _delivery(event, abonnement).status == DELIVERED


def test_redirects_are_not_followed(receiver, make_abonnement, quick_retries):
    receiver.answer(301)
    abonnement = make_abonnement(receiver.url, auth="Token geheim")
    event = record("a")

    run_outbox()

    assert [request.path for request in receiver.requests] == ["/callback"] * 3
    delivery = _delivery(event, abonnement)
    assert delivery.status == FAILED
    assert "doorverwijzing naar http://127.0.0.1" in delivery.last_error


def test_a_huge_error_answer_with_nul_characters_is_stored_short_and_readable(
    receiver, make_abonnement, quick_retries
):
    receiver.answer(502, b"begin\x00" + b"x" * 200_000)
    abonnement = make_abonnement(receiver.url)
    event = record("a")
    services.fan_out()

    services.deliver_due()

    error = _delivery(event, abonnement).last_error
    assert error.startswith("Ontvanger antwoordde 502 Bad Gateway: begin\ufffdxxx")
    assert len(error) <= 600
    assert "\x00" not in error


def test_an_error_before_sending_fails_that_delivery_only(make_receiver, make_abonnement):
    kapot, goed = make_receiver(), make_receiver()
    # Written around the admin's validation: a header value the HTTP client cannot encode.
    kapotte = make_abonnement(kapot.url)
    Abonnement.objects.filter(pk=kapotte.pk).update(auth="Bearer €")
    make_abonnement(goed.url)
    event = record("a")
    services.fan_out()

    assert services.deliver_due() == 2

    assert goed.event_ids() == [str(event.uuid)]
    delivery = _delivery(event, kapotte)
    assert (delivery.status, delivery.attempts) == (PENDING, 1)
    assert "Interne fout" in delivery.last_error
    assert delivery.locked_until is None


# --- Bad receivers do not affect others ---


def test_bad_subscribers_do_not_hold_up_a_good_one(make_receiver, make_abonnement, quick_retries):
    goed, vier_nul_vier, hangt, plat = (make_receiver() for _ in range(4))
    vier_nul_vier.answer(404)
    hangt.hang()
    plat.stop()
    make_abonnement(vier_nul_vier.url)
    make_abonnement(hangt.url)
    make_abonnement(plat.url)
    # A row from before the http(s) rule, written around validation.
    ftp = make_abonnement(goed.url)
    Abonnement.objects.filter(pk=ftp.pk).update(callback_url="ftp://example.org/in")
    make_abonnement(goed.url)
    events = [record(str(n)) for n in range(3)]

    run_outbox(until=lambda: len(goed.requests) == 3)

    assert sorted(goed.event_ids()) == sorted(str(e.uuid) for e in events)
    ftp_delivery = Delivery.objects.filter(abonnement=ftp).first()
    assert "Verzoek mislukt" in ftp_delivery.last_error
    assert (
        Delivery.objects.filter(abonnement__callback_url=plat.url)
        .exclude(last_error__startswith="Geen verbinding")
        .count()
        == 0
    )


def test_receiver_down_then_back_gets_every_event(receiver, make_abonnement, quick_retries):
    quick_retries.EVENTS_MAX_ATTEMPTS = 50
    make_abonnement(receiver.url)
    receiver.stop()
    events = [record(str(n % 2)) for n in range(6)]

    for _ in range(3):
        services.fan_out()
        services.deliver_due()
        time.sleep(0.1)
    assert Delivery.objects.filter(attempts__gt=0, status=PENDING).exists()
    receiver.start()
    run_outbox()

    ids = receiver.event_ids()
    assert sorted(ids) == sorted(str(e.uuid) for e in events)
    assert not Delivery.objects.exclude(status=DELIVERED).exists()


# --- Ordering per object ---


def test_a_failing_event_holds_back_later_events_of_its_object_only(
    receiver, make_abonnement, quick_retries
):
    receiver.answer_next(500)
    make_abonnement(receiver.url)
    eerste_x = record("x", actie="create")
    tweede_x = record("x", actie="update")
    y = record("y")
    services.fan_out()

    services.deliver_due()

    assert receiver.event_ids() == [str(eerste_x.uuid), str(y.uuid)]
    assert Delivery.objects.get(event=tweede_x).attempts == 0

    run_outbox()

    x_ids = [i for i in receiver.event_ids() if i != str(y.uuid)]
    assert x_ids == [str(eerste_x.uuid), str(eerste_x.uuid), str(tweede_x.uuid)]


def test_a_held_back_delivery_does_not_make_the_worker_spin(
    receiver, make_abonnement, quick_retries
):
    quick_retries.EVENTS_RETRY_BASE_SECONDS = 60
    quick_retries.EVENTS_RETRY_MAX_SECONDS = 60
    receiver.answer_next(500)
    make_abonnement(receiver.url)
    record("x")
    record("x", actie="update")
    services.fan_out()
    services.deliver_due()

    # The second is overdue but waits for the first, which is due in 30-60 s.
    assert 29 <= services.seconds_until_next_due() <= 60


def test_once_failed_an_event_no_longer_holds_back_its_object(
    receiver, make_abonnement, quick_retries
):
    receiver.answer_next(500, 500, 500)
    make_abonnement(receiver.url)
    eerste = record("x")
    tweede = record("x", actie="update")

    run_outbox()

    assert Delivery.objects.get(event=eerste).status == FAILED
    assert Delivery.objects.get(event=tweede).status == DELIVERED


# --- Crashed workers ---


def test_a_claimed_delivery_whose_lease_passed_is_taken_again(receiver, make_abonnement, settings):
    settings.EVENTS_LEASE_SECONDS = 1
    abonnement = make_abonnement(receiver.url)
    event = record("a")
    services.fan_out()
    # A worker claims the delivery and dies before sending it.
    [claimed] = services._claim(10)
    assert claimed.locked_until > timezone.now()

    assert services.deliver_due() == 0
    time.sleep(1.1)
    assert services.deliver_due() == 1

    assert receiver.event_ids() == [str(event.uuid)]
    delivery = _delivery(event, abonnement)
    assert (delivery.status, delivery.locked_until) == (DELIVERED, None)


def test_a_slow_worker_does_not_send_what_another_took_over_after_its_lease(
    receiver, make_abonnement, settings
):
    settings.EVENTS_LEASE_SECONDS = 1
    make_abonnement(receiver.url)
    record("a")
    record("b")
    services.fan_out()
    slow_batch = services._claim(10)
    time.sleep(1.1)

    assert services.deliver_due() == 2  # another worker takes both over
    assert services._send_claimed(slow_batch) == 0

    assert len(receiver.requests) == 2


def test_a_lease_still_running_keeps_other_workers_off(receiver, make_abonnement):
    make_abonnement(receiver.url)
    record("a")
    services.fan_out()
    Delivery.objects.update(locked_until=timezone.now() + timedelta(minutes=1))

    assert services.deliver_due() == 0
    assert receiver.requests == []


# --- The write path ---


def test_record_event_is_one_insert(kanaal, django_assert_num_queries):
    with transaction.atomic(), django_assert_num_queries(1):
        services.record_event(
            kanaal=kanaal.naam,
            resource="partij",
            actie="create",
            resource_url="http://testserver/partijen/1",
        )


@pytest.mark.django_db(transaction=True)
def test_record_event_outside_a_transaction_is_refused(kanaal):
    with pytest.raises(RuntimeError):
        services.record_event(
            kanaal=kanaal.naam, resource="partij", actie="create", resource_url="http://x/1"
        )


def test_a_rolled_back_write_leaves_no_event(kanaal):
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        record("a")
        1 / 0  # noqa: B018

    assert not Event.objects.exists()


def test_kanaal_of_an_abonnement_is_checked(kanaal, make_abonnement, receiver):
    from django.core.exceptions import ValidationError

    abonnement = make_abonnement(receiver.url)
    with pytest.raises(ValidationError) as onbekend:
        AbonnementKanaal(abonnement=abonnement, naam="bestaat-niet").full_clean()
    assert "naam" in onbekend.value.message_dict
    with pytest.raises(ValidationError) as kenmerk:
        AbonnementKanaal(abonnement=abonnement, naam=kanaal.naam, filters={"kleur": "rood"}).clean()
    assert "kleur" in kenmerk.value.message_dict["filters"][0]


def test_a_delivery_held_by_another_worker_is_due_when_its_claim_runs_out(
    receiver, make_abonnement
):
    make_abonnement(receiver.url)
    record("held")
    services.fan_out()
    Delivery.objects.update(locked_until=timezone.now() + timedelta(seconds=30))

    due_in = services.seconds_until_next_due()

    assert 25 < due_in <= 30
    assert services.deliver_due() == 0
