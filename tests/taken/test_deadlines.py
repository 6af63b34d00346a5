"""The deadline services behind the beat task: closing expired klanttaken, reminders."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from klantenregister.events.models import Event
from taken import services, tasks
from taken.models import Taak

pytestmark = pytest.mark.django_db


def taak(title="Taak", **data) -> Taak:
    return services.create_taak({"title": title, **data})


def expire(*taken: Taak) -> None:
    """Move verloopdatum into the past (the API refuses one at creation)."""
    Taak.objects.filter(pk__in=[t.pk for t in taken]).update(
        verloopdatum=timezone.now() - timedelta(minutes=1)
    )


def events(handeling: str) -> list[Event]:
    return list(Event.objects.filter(handeling=handeling))


def test_only_open_taken_past_their_verloopdatum_are_closed_once():
    later = timezone.now() + timedelta(days=1)
    verlopen = taak("verlopen", verloopdatum=later)
    ingediend = taak("ingediend", verloopdatum=later)
    services.dien_taak_in(ingediend, {"x": 1})
    nog_niet = taak("nog niet", verloopdatum=later)
    zonder = taak("zonder verloopdatum")
    expire(verlopen, ingediend)

    assert services.sluit_verlopen_taken() == 1
    assert services.sluit_verlopen_taken() == 0

    verlopen.refresh_from_db()
    assert (verlopen.status, verlopen.sluitreden) == ("gesloten", "verlopen")
    assert Taak.objects.get(pk=ingediend.pk).status == "ingediend"
    assert Taak.objects.get(pk=nog_niet.pk).status == "open"
    assert Taak.objects.get(pk=zonder.pk).status == "open"
    (event,) = events("taak.verlopen")
    assert (event.actie, event.kenmerken["status"]) == ("update", "gesloten")


def test_reminders_go_out_once_within_the_configured_days():
    now = timezone.now()
    binnenkort = taak("binnenkort", vervaldatum=now + timedelta(days=2))
    alleen_verloop = taak("alleen verloopdatum", verloopdatum=now + timedelta(hours=5))
    ver_weg = taak("ver weg", vervaldatum=now + timedelta(days=20))
    al_voorbij = taak("al voorbij")
    Taak.objects.filter(pk=al_voorbij.pk).update(vervaldatum=now - timedelta(days=1))

    assert services.herinner_taken(3) == 2
    assert services.herinner_taken(3) == 0
    assert services.herinner_taken(0) == 0

    reminded = {e.resource_url.rsplit("/", 1)[1] for e in events("taak.herinnering")}
    assert reminded == {str(binnenkort.uuid), str(alleen_verloop.uuid)}
    assert Taak.objects.get(pk=ver_weg.pk).herinnerd_op is None
    assert {e.actie for e in events("taak.herinnering")} == {"herinnering"}


def test_the_beat_task_does_both_and_is_scheduled():
    later = timezone.now() + timedelta(days=1)
    expire(taak("verlopen", verloopdatum=later))
    taak("herinner", vervaldatum=timezone.now() + timedelta(hours=1))

    assert tasks.bewaak_deadlines() == {"gesloten": 1, "herinnerd": 1}

    entry = settings.CELERY_BEAT_SCHEDULE["taken-deadlines"]
    assert entry["task"] == tasks.bewaak_deadlines.name


def test_an_open_taak_cannot_get_a_verloopdatum_in_the_past(api):
    created = taak(verloopdatum=timezone.now() + timedelta(days=1))

    response = api.patch(
        f"/taken/api/v1/taken/{created.uuid}",
        {"verloopdatum": "2020-01-01T00:00:00Z"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "verloopdatum"
