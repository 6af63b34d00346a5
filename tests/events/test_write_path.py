"""Writes through the API and the outbox: a refused write leaves nothing to deliver."""

import pytest

from klantenregister.events import services
from klantenregister.events.models import Delivery, Event
from tests.conftest import KI
from tests.events.conftest import run_outbox

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path, body",
    [
        ("partijen", {"soortPartij": "robot"}),
        ("categorieen", {"naam": "x" * 5000}),
        ("categorieen", ["geen object"]),
    ],
)
def test_a_refused_write_produces_nothing_to_deliver(api, receiver, path, body):
    from klantenregister.events.models import Abonnement, AbonnementKanaal

    abonnement = Abonnement.objects.create(naam="alles", callback_url=receiver.url)
    AbonnementKanaal.objects.create(abonnement=abonnement, naam="partijen")

    refused = api.post(f"{KI}/{path}", body, format="json")
    assert refused.status_code == 400
    assert services.fan_out() == 0
    assert not Event.objects.exists()
    assert not Delivery.objects.exists()

    # The same path with a good write does produce exactly one delivery.
    accepted = api.post(f"{KI}/categorieen", {"naam": "Ondernemer"}, format="json")
    assert accepted.status_code == 201
    run_outbox()
    [request] = receiver.requests
    assert request.json()["data"]["resourceUrl"] == accepted.json()["url"]
