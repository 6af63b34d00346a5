"""Writes and subscriptions for the reliability tests."""

import time

from django.db import transaction

from klantenregister.events import services
from klantenregister.events.models import Abonnement, AbonnementKanaal, Event
from tests.conftest import KI

PARTIJEN = f"{KI}/partijen"
KANAAL = "partijen"


def subscribe(naam: str, callback_url: str) -> Abonnement:
    abonnement = Abonnement.objects.create(naam=naam, callback_url=callback_url)
    AbonnementKanaal.objects.create(abonnement=abonnement, naam=KANAAL)
    return abonnement


def persoon(achternaam: str = "Dijk") -> dict:
    return {
        "soortPartij": "persoon",
        "indicatieActief": True,
        "partijIdentificatie": {"contactnaam": {"voornaam": "Jan", "achternaam": achternaam}},
    }


def create_partij(api, achternaam: str = "Dijk") -> Event:
    """POST a partij through the API and commit it with its event; returns that event.

    Until the partijen services record their own events, the event they will record is added
    in the same transaction (the request's atomic block is a savepoint of this one, so the
    wake-up is queued when this block commits, as it will be then).
    """
    with transaction.atomic():
        last = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = api.post(PARTIJEN, persoon(achternaam), format="json")
        assert response.status_code == 201, response.content[:500]
        event = Event.objects.filter(id__gt=last, kanaal=KANAAL).order_by("id").first()
        if event is None:
            event = services.record_event(
                kanaal=KANAAL,
                resource="partij",
                actie="create",
                resource_url=response.json()["url"],
            )
    return event


def timed_create_partij(api, achternaam: str = "Dijk") -> tuple[Event, float]:
    started = time.perf_counter()
    event = create_partij(api, achternaam)
    return event, time.perf_counter() - started
