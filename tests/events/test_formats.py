"""What a receiver gets on the wire: CloudEvents 1.0 or the VNG notificatie, with its headers."""

import uuid

import pytest
from cloudevents.core.bindings.http import HTTPMessage, from_http_event
from dateutil.parser import isoparse

from klantenregister.events.models import Abonnement, Delivery
from tests.events.conftest import OBJECT_URL, record, run_outbox

pytestmark = pytest.mark.django_db


def test_cloudevents_body_is_a_valid_structured_cloudevent(receiver, make_abonnement, settings):
    settings.EVENTS_SOURCE = "urn:nld:gemeente:test"
    make_abonnement(receiver.url)
    event = record("p1", soort="persoon", nummer=42)

    run_outbox()

    [request] = receiver.requests
    assert request.header("Content-Type").startswith("application/cloudevents+json")
    parsed = from_http_event(HTTPMessage(headers=request.headers, body=request.body))
    assert parsed.get_specversion() == "1.0"
    assert parsed.get_id() == str(event.uuid)
    assert parsed.get_source() == "urn:nld:gemeente:test"
    assert parsed.get_type() == "nl.klantenregister.testkanaal.partij.create"
    assert parsed.get_subject() == OBJECT_URL.format("p1")
    assert parsed.get_time() == event.aanmaakdatum
    assert parsed.get_extension("sequence") == f"{event.pk:020d}"
    assert parsed.get_data() == {
        "kanaal": "testkanaal",
        "hoofdObject": OBJECT_URL.format("p1"),
        "resource": "partij",
        "resourceUrl": OBJECT_URL.format("p1"),
        "actie": "create",
        "aanmaakdatum": event.aanmaakdatum.isoformat().replace("+00:00", "Z"),
        "kenmerken": {"soort": "persoon", "nummer": "42"},
    }


def test_cloudevent_of_a_handeling_is_typed_by_the_handeling(receiver, make_abonnement):
    from django.db import transaction

    from klantenregister.events import services

    make_abonnement(receiver.url)
    with transaction.atomic():
        services.record_event(
            kanaal="testkanaal",
            resource="klantcontact",
            actie="create",
            handeling="klantcontact.gemaakt",
            resource_url=OBJECT_URL.format("k1"),
        )

    run_outbox()

    [request] = receiver.requests
    parsed = from_http_event(HTTPMessage(headers=request.headers, body=request.body))
    assert parsed.get_type() == "nl.klantenregister.klantcontact.gemaakt"
    assert parsed.get_data()["handeling"] == "klantcontact.gemaakt"


def test_notificatie_body_has_the_nrc_fields_with_kenmerken_as_text(receiver, make_abonnement):
    make_abonnement(receiver.url, formaat=Abonnement.Formaat.NOTIFICATIE)
    event = record("p2", actie="destroy", soort="organisatie", nummer=7)

    run_outbox()

    [request] = receiver.requests
    assert request.header("Content-Type") == "application/json"
    body = request.json()
    assert body == {
        "kanaal": "testkanaal",
        "hoofdObject": OBJECT_URL.format("p2"),
        "resource": "partij",
        "resourceUrl": OBJECT_URL.format("p2"),
        "actie": "destroy",
        "aanmaakdatum": body["aanmaakdatum"],
        "kenmerken": {"soort": "organisatie", "nummer": "7"},
    }
    assert body["aanmaakdatum"].endswith("Z")
    assert isoparse(body["aanmaakdatum"]) == event.aanmaakdatum


@pytest.mark.parametrize("formaat", Abonnement.Formaat.values)
def test_auth_header_and_stable_event_id_are_sent(receiver, make_abonnement, formaat):
    make_abonnement(receiver.url, formaat=formaat, auth="Bearer geheim-123")
    event = record("p3")

    run_outbox()

    [request] = receiver.requests
    assert request.header("Authorization") == "Bearer geheim-123"
    assert uuid.UUID(request.header("X-Event-Id")) == event.uuid
    assert request.header("User-Agent").startswith("KlantenRegister-events/")
    assert request.path == "/callback"


def test_no_authorization_header_without_auth(receiver, make_abonnement):
    make_abonnement(receiver.url)
    record("p4")

    run_outbox()

    [request] = receiver.requests
    assert request.header("Authorization") is None
    assert Delivery.objects.get().status == Delivery.Status.DELIVERED
