"""Delivery of published berichten over their kanaal, in-process (eager Celery, as `make run`),
against a real SMTP server and real HTTP receivers on 127.0.0.1."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from berichten import bezorging
from berichten.models import Bericht, Bezorgstatus
from berichten.voorkeurskanaal import Bron
from klantenregister.events.models import Event
from tests.berichten_delivery.helpers import maak_bericht, partij_met_email, partij_met_telefoon
from tests.factories import make_persoon, valid_bsn
from tests.reliability.receiver import Receiver

pytestmark = pytest.mark.usefixtures("eager")


@pytest.fixture
def receiver():
    receivers = []

    def _make(**options):
        receivers.append(Receiver(**options).start())
        return receivers[-1]

    yield _make
    for r in receivers:
        r.stop()


def _publiceer(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return maak_bericht(**kwargs)


@pytest.mark.django_db
def test_a_published_bericht_reaches_the_smtp_server_once_and_records_the_decision(
    smtp, django_capture_on_commit_callbacks
):
    partij = partij_met_email("inwoner@example.nl")

    bericht = _publiceer(django_capture_on_commit_callbacks, partij=partij)

    [mail] = smtp.ontvangen
    assert mail.rcpt_tos == ["inwoner@example.nl"]
    assert mail.subject == "Uw aanvraag is ontvangen"
    assert "parkeervergunning ontvangen" in mail.body
    assert (
        mail.message["Message-ID"].strip() == f"<bericht-{bericht.uuid}@klantenregister.localhost>"
    )
    bericht.refresh_from_db()
    assert bericht.bezorgstatus == Bezorgstatus.VERZONDEN
    assert (bericht.kanaal, bericht.bezorgadres, bericht.kanaal_bron) == (
        "email",
        "inwoner@example.nl",
        Bron.VOORKEUR,
    )
    assert bericht.bezorg_digitaal_adres == partij.voorkeurs_digitaal_adres
    assert bericht.verzonden_op is not None and bericht.bezorgpogingen == 1
    assert Event.objects.filter(handeling="bericht.verzonden").count() == 1
    # Registered as an outbound klantcontact over the kanaal used, with the partij as klant.
    klantcontact = bericht.klantcontact
    assert (klantcontact.kanaal, klantcontact.onderwerp) == ("email", "Uw aanvraag is ontvangen")
    assert klantcontact.plaatsgevonden_op == bericht.verzonden_op
    [betrokkene] = klantcontact.betrokkenen.all()
    assert (betrokkene.partij, betrokkene.rol, betrokkene.initiator) == (partij, "klant", False)
    assert Event.objects.filter(handeling="klantcontact.gemaakt").count() == 1


@pytest.mark.django_db
def test_without_klantcontact_registration_only_the_bericht_records_the_delivery(
    smtp, settings, django_capture_on_commit_callbacks
):
    settings.BERICHTEN_KLANTCONTACT_REGISTREREN = False

    bericht = _publiceer(django_capture_on_commit_callbacks, partij=partij_met_email())

    bericht.refresh_from_db()
    assert bericht.bezorgstatus == Bezorgstatus.VERZONDEN and bericht.klantcontact is None


@pytest.mark.django_db
def test_a_kanaal_without_a_configured_backend_is_geen_kanaal_with_the_reason(
    settings, django_capture_on_commit_callbacks
):
    settings.BERICHTEN_SMS_URL = ""  # the sms backend has no target

    bericht = _publiceer(django_capture_on_commit_callbacks, partij=partij_met_telefoon())

    bericht.refresh_from_db()
    assert (bericht.bezorgstatus, bericht.kanaal, bericht.bezorgadres) == (
        Bezorgstatus.GEEN_KANAAL,
        "telefoonnummer",
        "0612345678",
    )
    assert "Geen backend geconfigureerd voor kanaal telefoonnummer" in bericht.laatste_bezorgfout


@pytest.mark.django_db
def test_sms_goes_to_the_configured_gateway_with_an_idempotency_key(
    settings, receiver, django_capture_on_commit_callbacks
):
    gateway = receiver()
    settings.BERICHTEN_SMS_URL = gateway.url
    settings.BERICHTEN_PORTAAL_LINK = "https://mijn.gemeente.nl/berichten"

    bericht = _publiceer(django_capture_on_commit_callbacks, partij=partij_met_telefoon())

    [request] = gateway.received
    assert request.body == {
        "bericht": str(bericht.uuid),
        "telefoonnummer": "0612345678",
        "tekst": "Nieuw bericht van de gemeente: Uw aanvraag is ontvangen"
        " - https://mijn.gemeente.nl/berichten",
    }
    bericht.refresh_from_db()
    assert (bericht.bezorgstatus, bericht.kanaal, bericht.kanaal_bron) == (
        Bezorgstatus.VERZONDEN,
        "telefoonnummer",
        Bron.STANDAARD_ADRES,
    )


@pytest.mark.django_db
def test_without_any_address_the_bericht_is_stored_for_the_portal_only_and_says_so(
    smtp, django_capture_on_commit_callbacks
):
    bsn = valid_bsn()
    bericht = _publiceer(
        django_capture_on_commit_callbacks, partij=make_persoon(bsn=bsn), gebruiker_id=bsn
    )

    bericht.refresh_from_db()
    assert (bericht.bezorgstatus, bericht.kanaal, bericht.kanaal_bron) == (
        Bezorgstatus.GEEN_KANAAL,
        "portaal",
        Bron.GEEN_ADRES,
    )
    assert "alleen in het portaal" in bericht.laatste_bezorgfout
    assert smtp.ontvangen == []


@pytest.mark.django_db
def test_portal_only_berichten_go_to_the_portal_hook_when_configured_without_the_bsn(
    settings, receiver, django_capture_on_commit_callbacks
):
    portaal = receiver()
    settings.BERICHTEN_PORTAAL_URL = portaal.url
    bsn = valid_bsn()
    partij = make_persoon(bsn=bsn)

    bericht = _publiceer(django_capture_on_commit_callbacks, partij=partij, gebruiker_id=bsn)

    [request] = portaal.received
    assert request.body["bericht"] == str(bericht.uuid)
    assert request.body["url"].endswith(f"/berichten/api/v1/berichten/{bericht.uuid}")
    assert request.body["partij"].endswith(f"/partijen/{partij.uuid}")
    assert bsn not in str(request.body)
    bericht.refresh_from_db()
    assert (bericht.bezorgstatus, bericht.kanaal) == (Bezorgstatus.VERZONDEN, "portaal")


@pytest.mark.django_db
def test_a_temporary_smtp_refusal_is_retried_later_and_a_permanent_one_fails_at_once(
    smtp, settings, django_capture_on_commit_callbacks
):
    settings.BERICHTEN_RETRY_BASE_SECONDS = 60
    smtp.weiger("bezet@example.nl", "451 4.2.1 Mailbox busy, try again later")
    smtp.weiger("weg@example.nl", "550 5.1.1 No such user")
    bezet = _publiceer(
        django_capture_on_commit_callbacks, partij=partij_met_email("bezet@example.nl")
    )
    weg = _publiceer(django_capture_on_commit_callbacks, partij=partij_met_email("weg@example.nl"))
    goed = _publiceer(
        django_capture_on_commit_callbacks, partij=partij_met_email("goed@example.nl")
    )

    bezet.refresh_from_db()
    assert bezet.bezorgstatus == Bezorgstatus.IN_WACHTRIJ
    assert "451" in bezet.laatste_bezorgfout and bezet.bezorgpogingen == 1
    # 60 s doubling from the first attempt, half of it random: between 30 and 60 s from now.
    wacht = (bezet.volgende_bezorgpoging_op - timezone.now()).total_seconds()
    assert 25 < wacht <= 60
    # Not due yet: the sweep leaves it alone.
    assert bezorging.publiceer_due_berichten()["opnieuw_in_wachtrij"] == 0
    weg.refresh_from_db()
    assert weg.bezorgstatus == Bezorgstatus.MISLUKT and "550" in weg.laatste_bezorgfout
    assert weg.bezorgpogingen == 1
    goed.refresh_from_db()
    assert goed.bezorgstatus == Bezorgstatus.VERZONDEN
    assert [m.rcpt_tos for m in smtp.ontvangen] == [["goed@example.nl"]]

    # The mailbox is free again; once the retry is due, the sweep sends it.
    smtp.weigeringen.clear()
    with django_capture_on_commit_callbacks(execute=True):
        later = timezone.now() + timedelta(seconds=61)
        assert bezorging.publiceer_due_berichten(now=later)["opnieuw_in_wachtrij"] == 1
    # ...but the attempt itself still checks the real clock: not sent before its time.
    assert len(smtp.ontvangen) == 1
    Bericht.objects.filter(pk=bezet.pk).update(volgende_bezorgpoging_op=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        bezorging.publiceer_due_berichten()
    bezet.refresh_from_db()
    assert bezet.bezorgstatus == Bezorgstatus.VERZONDEN and bezet.bezorgpogingen == 2
    assert [m.rcpt_tos for m in smtp.ontvangen][-1] == ["bezet@example.nl"]


@pytest.mark.django_db
def test_after_the_configured_attempts_a_failing_channel_is_marked_mislukt(
    settings, receiver, smtp, django_capture_on_commit_callbacks
):
    gateway = receiver(status=503)
    settings.BERICHTEN_SMS_URL = gateway.url
    settings.BERICHTEN_MAX_POGINGEN = 3
    bericht = _publiceer(django_capture_on_commit_callbacks, partij=partij_met_telefoon())

    for _ in range(5):
        Bericht.objects.filter(pk=bericht.pk).update(volgende_bezorgpoging_op=None)
        bezorging.bezorg(bericht.pk)

    bericht.refresh_from_db()
    assert bericht.bezorgstatus == Bezorgstatus.MISLUKT
    assert bericht.bezorgpogingen == 3 and gateway.requests == 3
    assert "HTTP 503" in bericht.laatste_bezorgfout
    assert Event.objects.filter(handeling="bericht.mislukt").count() == 1

    # Opnieuw versturen (the admin action) starts again, over the kanaal decided anew.
    gateway.status = 204
    with django_capture_on_commit_callbacks(execute=True):
        bezorging.opnieuw_versturen(bericht)
    bericht.refresh_from_db()
    assert bericht.bezorgstatus == Bezorgstatus.VERZONDEN and bericht.bezorgpogingen == 1
    assert gateway.requests == 4


@pytest.mark.django_db
def test_a_bericht_with_a_future_publicatiedatum_is_neither_published_nor_sent_before_then(
    smtp, django_capture_on_commit_callbacks
):
    moment = timezone.now() + timedelta(hours=1)
    bericht = _publiceer(
        django_capture_on_commit_callbacks, partij=partij_met_email(), publicatie_datum=moment
    )

    bericht.refresh_from_db()
    assert bericht.bezorgstatus == Bezorgstatus.GEPLAND and bericht.kanaal == ""
    assert bezorging.bezorg(bericht.pk) is None  # a stray task does nothing
    with django_capture_on_commit_callbacks(execute=True):
        assert bezorging.publiceer_due_berichten()["gepubliceerd"] == 0
    assert smtp.ontvangen == []

    with django_capture_on_commit_callbacks(execute=True):
        assert bezorging.publiceer_due_berichten(now=moment)["gepubliceerd"] == 1
    bericht.refresh_from_db()
    # Published by the clock of the sweep; the attempt waits for the real moment.
    assert bericht.bezorgstatus == Bezorgstatus.IN_WACHTRIJ and bericht.kanaal == "email"
    assert smtp.ontvangen == []
    assert Event.objects.filter(handeling="bericht.gepubliceerd").count() == 1
    # Beat's publication is a change of its own in the history.
    assert [h.history_type for h in bericht.history.order_by("history_date")] == ["+", "~"]


@pytest.mark.django_db
def test_a_bericht_the_sender_already_sent_is_registered_not_sent_again(
    smtp, django_capture_on_commit_callbacks
):
    verzonden = timezone.now() - timedelta(minutes=5)
    bericht = _publiceer(
        django_capture_on_commit_callbacks,
        partij=partij_met_email(),
        kanaal="email",
        verzonden_op=verzonden,
    )

    bericht.refresh_from_db()
    assert (bericht.bezorgstatus, bericht.kanaal_bron) == (Bezorgstatus.VERZONDEN, Bron.AFZENDER)
    assert bericht.verzonden_op == verzonden
    assert smtp.ontvangen == []


@pytest.mark.django_db
def test_a_claimed_bericht_is_not_sent_by_a_second_task_and_a_dead_claim_expires(
    smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        bericht = maak_bericht(partij=partij_met_email())
    # Published in the create itself: one write, one history row, with the decision stored.
    assert [h.history_type for h in bericht.history.all()] == ["+"]
    assert Bericht.objects.get(pk=bericht.pk).kanaal == "email"
    # Another worker claimed it and is sending (or died doing so).
    assert bezorging._claim(bericht.pk) is not None

    assert bezorging.bezorg(bericht.pk) is None
    assert smtp.ontvangen == []

    # Its lease ran out: the worker is gone. The next attempt sends, once.
    Bericht.objects.filter(pk=bericht.pk).update(
        bezorging_geclaimd_tot=timezone.now() - timedelta(seconds=1)
    )
    assert bezorging.bezorg(bericht.pk) == Bezorgstatus.VERZONDEN
    assert bezorging.bezorg(bericht.pk) is None
    assert len(smtp.ontvangen) == 1
    bericht.refresh_from_db()
    assert bericht.bezorgpogingen == 2  # the dead worker's claim counted as an attempt


@pytest.mark.django_db(transaction=True)
def test_two_workers_delivering_the_same_bericht_at_once_send_it_once(smtp):
    # Scheduled, so its commit queues nothing; then made due and queued by hand.
    bericht = maak_bericht(
        partij=partij_met_email(), publicatie_datum=timezone.now() + timedelta(hours=1)
    )
    Bericht.objects.filter(pk=bericht.pk).update(
        publicatie_datum=timezone.now() - timedelta(seconds=1),
        bezorgstatus=Bezorgstatus.IN_WACHTRIJ,
        kanaal="email",
        bezorgadres="jan@example.nl",
    )
    smtp.vertraging = 0.3  # both are inside the attempt at the same time
    results = []
    start = threading.Barrier(2)

    def worker():
        try:
            start.wait()
            results.append(bezorging.bezorg(bericht.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert sorted(results, key=str) == [None, Bezorgstatus.VERZONDEN]
    assert len(smtp.ontvangen) == 1
    bericht.refresh_from_db()
    assert bericht.bezorgpogingen == 1


@pytest.mark.django_db
def test_a_kanaal_patched_after_the_decision_does_not_send_an_address_of_another_soort(
    settings, make_client, receiver, django_capture_on_commit_callbacks
):
    gateway = receiver()
    settings.BERICHTEN_SMS_URL = gateway.url
    with django_capture_on_commit_callbacks(execute=False):
        bericht = maak_bericht(partij=partij_met_email())
    response = make_client("berichten:write").patch(
        f"/berichten/api/v1/berichten/{bericht.uuid}", {"kanaal": "telefoonnummer"}, format="json"
    )
    assert response.status_code == 200

    assert bezorging.bezorg(bericht.pk) == Bezorgstatus.MISLUKT

    bericht.refresh_from_db()
    assert "past niet bij kanaal telefoonnummer" in bericht.laatste_bezorgfout
    assert gateway.requests == 0


def test_a_wrong_kanaal_backend_is_a_system_check_error(settings):
    from berichten.checks import check_kanaal_backends

    settings.BERICHTEN_KANAAL_BACKENDS = {
        "email": "berichten.kanalen.EmailBackend",
        "telefoonnummer": "",
        "portaal": "berichten.kanalen.bestaat.Niet",
        "overig": "berichten.kanalen.USER_AGENT",
    }

    assert [error.id for error in check_kanaal_backends()] == ["berichten.E001", "berichten.E002"]


@pytest.mark.django_db
def test_a_long_address_from_the_taak_is_stored_and_used(smtp, django_capture_on_commit_callbacks):
    from taken import services as taken_services

    lang = f"{'a' * 64}@{'b' * 63}.example.nl"  # 139 characters, longer than a DigitaalAdres
    taak = taken_services.create_taak(
        {
            "title": "Lever uw gegevens aan",
            "extra_data": {"voorkeurskanaal": {"soortDigitaalAdres": "email", "adres": lang}},
        }
    )

    bericht = _publiceer(django_capture_on_commit_callbacks, partij=partij_met_email(), taak=taak)

    bericht.refresh_from_db()
    assert (bericht.bezorgadres, bericht.kanaal_bron) == (lang, Bron.TAAK)
    assert [m.rcpt_tos for m in smtp.ontvangen] == [[lang]]
