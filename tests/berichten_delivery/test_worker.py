"""Delivery through the real Celery worker and beat on Redis (the reliability fixtures): a
scheduled bericht goes out once, after its publicatieDatum and not before; a failing channel
is retried with backoff and then marked mislukt, while another bericht goes out."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from berichten.models import Bericht, Bezorgstatus
from tests.berichten_delivery.helpers import maak_bericht, partij_met_email, partij_met_telefoon
from tests.reliability.conftest import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def _smtp_env(smtp) -> dict[str, str]:
    return {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp.port), "EMAIL_TIMEOUT": "5"}


def test_beat_publishes_a_scheduled_bericht_after_its_moment_and_it_is_sent_once(
    smtp, start_worker, start_beat, record_property
):
    env = {**_smtp_env(smtp), "BERICHTEN_SWEEP_SECONDS": "0.5"}
    started = time.monotonic()
    worker = start_worker(**env)
    record_property("worker_start_seconds", round(time.monotonic() - started, 2))
    moment = timezone.now() + timedelta(seconds=2)
    bericht = maak_bericht(partij=partij_met_email("later@example.nl"), publicatie_datum=moment)
    assert Bericht.objects.get(pk=bericht.pk).bezorgstatus == Bezorgstatus.GEPLAND
    beat = start_beat(**env)

    seconds = wait_until(
        lambda: smtp.voor("later@example.nl"),
        timeout=20,
        message=lambda: f"not delivered\n{beat.tail()}\n{worker.tail()}",
    )
    record_property("seconds_until_delivered", round(seconds, 2))

    [mail] = smtp.voor("later@example.nl")
    assert mail.ontvangen_op >= moment
    wait_until(
        lambda: Bericht.objects.get(pk=bericht.pk).bezorgstatus == Bezorgstatus.VERZONDEN,
        timeout=5,
        message=worker.tail,
    )
    bericht = Bericht.objects.get(pk=bericht.pk)
    assert bericht.bezorgstatus == Bezorgstatus.VERZONDEN
    assert bericht.verzonden_op >= moment and bericht.kanaal == "email"
    # Later sweeps find nothing more to do: still one message, one attempt.
    sweeps = beat.log_text().count("berichten-publiceren")
    wait_until(lambda: beat.log_text().count("berichten-publiceren") >= sweeps + 2, 10, beat.tail)
    assert len(smtp.voor("later@example.nl")) == 1
    assert Bericht.objects.get(pk=bericht.pk).bezorgpogingen == 1


def test_a_failing_channel_is_retried_then_mislukt_and_another_bericht_still_goes_out(
    smtp, settings, start_worker, make_receiver
):
    gateway = make_receiver(status=500)
    settings.BERICHTEN_SMS_URL = gateway.url
    start_worker(
        **_smtp_env(smtp),
        BERICHTEN_SMS_URL=gateway.url,
        BERICHTEN_MAX_POGINGEN="3",
        BERICHTEN_RETRY_BASE_SECONDS="0.2",
        BERICHTEN_RETRY_MAX_SECONDS="0.4",
    )

    faalt = maak_bericht(partij=partij_met_telefoon())
    lukt = maak_bericht(partij=partij_met_email("lukt@example.nl"))

    wait_until(
        lambda: Bericht.objects.get(pk=faalt.pk).bezorgstatus == Bezorgstatus.MISLUKT,
        timeout=20,
        message=lambda: f"not mislukt: {Bericht.objects.get(pk=faalt.pk).__dict__}",
    )
    faalt = Bericht.objects.get(pk=faalt.pk)
    assert faalt.bezorgpogingen == 3 and gateway.requests == 3
    assert "HTTP 500" in faalt.laatste_bezorgfout
    assert faalt.verzonden_op is None
    wait_until(lambda: smtp.voor("lukt@example.nl"), timeout=10, message=lambda: "no mail")
    lukt = Bericht.objects.get(pk=lukt.pk)
    assert lukt.bezorgstatus == Bezorgstatus.VERZONDEN and lukt.bezorgpogingen == 1
    assert len(smtp.voor("lukt@example.nl")) == 1
