"""Klanttaken deadlines through the real Celery beat and worker on Redis: an open taak whose
verloopdatum passes is closed by the scheduled task, and subscribers hear of it; a taak near
its vervaldatum gets one reminder event."""

from datetime import timedelta

import pytest
from django.utils import timezone

from klantenregister.events.models import Abonnement, AbonnementKanaal, Event
from taken import services
from taken.models import Taak
from tests.reliability.conftest import wait_until


@pytest.mark.django_db(transaction=True)
def test_beat_closes_an_expired_taak_and_the_update_reaches_a_subscriber(
    start_worker, start_beat, make_receiver, record_property
):
    receiver = make_receiver()
    abonnement = Abonnement.objects.create(naam="afhandelcomponent", callback_url=receiver.url)
    AbonnementKanaal.objects.create(abonnement=abonnement, naam="taken")
    schedule = {"TAKEN_DEADLINE_SWEEP_SECONDS": "1", "TAKEN_HERINNERING_DAGEN": "2"}
    start_worker(**schedule)

    verloopt = services.create_taak(
        {"title": "Lever uw paspoort aan", "verloopdatum": timezone.now() + timedelta(seconds=2)}
    )
    blijft = services.create_taak(
        {"title": "Nog lang de tijd", "verloopdatum": timezone.now() + timedelta(days=30)}
    )
    herinner = services.create_taak(
        {"title": "Bijna verlopen", "vervaldatum": timezone.now() + timedelta(days=1)}
    )
    ingediend = services.create_taak(
        {"title": "Al ingediend", "verloopdatum": timezone.now() + timedelta(seconds=2)}
    )
    services.dien_taak_in(ingediend, {"document": "ok"})
    beat = start_beat(**schedule)

    seconds = wait_until(
        lambda: Taak.objects.get(pk=verloopt.pk).status == "gesloten",
        timeout=30,
        message=lambda: f"the expired taak was not closed\n{beat.tail()}",
    )
    record_property("seconds_until_closed", round(seconds, 2))
    closed = Taak.objects.get(pk=verloopt.pk)
    assert closed.sluitreden == "verlopen"
    assert Taak.objects.get(pk=blijft.pk).status == "open"
    assert Taak.objects.get(pk=ingediend.pk).status == "ingediend"

    update = Event.objects.get(handeling="taak.verlopen")
    assert update.actie == "update"
    assert update.kenmerken["status"] == "gesloten"
    assert update.resource_url.endswith(f"/taken/api/v1/taken/{verloopt.uuid}")
    wait_until(
        lambda: str(update.uuid) in receiver.delivered_ids(),
        timeout=20,
        message=lambda: f"the update did not reach the subscriber\n{beat.tail()}",
    )

    wait_until(
        lambda: Taak.objects.get(pk=herinner.pk).herinnerd_op is not None,
        timeout=10,
        message=lambda: f"no reminder\n{beat.tail()}",
    )
    # Several sweeps ran by now; each taak got exactly one closing or reminder event.
    wait_until(lambda: "Sending due task taken-deadlines" in beat.log_text(), 5, beat.tail)
    assert Event.objects.filter(handeling="taak.verlopen").count() == 1
    assert Event.objects.filter(handeling="taak.herinnering").count() == 1
    assert Event.objects.get(handeling="taak.herinnering").resource_url.endswith(str(herinner.uuid))
