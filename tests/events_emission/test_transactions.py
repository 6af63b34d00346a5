"""An event exists exactly when its change was committed: a committed write queues one wake-up
of the outbox worker, a rolled-back write leaves neither an event nor a wake-up."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection

from klantcontacten.models import Klantcontact
from klantenregister.events import services as event_services
from klantenregister.events import tasks
from klantenregister.events.models import Event
from partijen.models import Partij
from tests.factories import make_klantcontact, make_persoon, valid_bsn
from tests.klantcontacten.helpers import (
    KLANTCONTACTEN,
    MAAK_KLANTCONTACT,
    betrokkene_payload,
    klantcontact_payload,
    onderwerpobject_payload,
)
from tests.partijen.helpers import CATEGORIEEN, PARTIJEN, bsn_identificator, persoon_payload


@pytest.fixture
def wake_ups(monkeypatch) -> list:
    """Each time the outbox worker is asked to run (process_outbox.apply_async)."""
    calls = []
    monkeypatch.setattr(
        tasks.process_outbox, "apply_async", lambda *args, **kwargs: calls.append(1)
    )
    return calls


def _put_partij(api):
    partij = make_persoon(bsn=valid_bsn())
    body = persoon_payload(interneNotitie="nieuw", partijIdentificatoren=[bsn_identificator()])
    return lambda: api.put(f"{PARTIJEN}/{partij.uuid}", body, format="json")


def _maak_klantcontact(api):
    body = {
        "klantcontact": klantcontact_payload(),
        "betrokkene": betrokkene_payload(partij=make_persoon()),
        "onderwerpobject": onderwerpobject_payload(),
    }
    return lambda: api.post(MAAK_KLANTCONTACT, body, format="json")


COMMITTED = {
    "post-categorie": lambda api: lambda: api.post(CATEGORIEEN, {"naam": "VIP"}, format="json"),
    "put-partij-with-identificatoren": _put_partij,
    "maak-klantcontact": _maak_klantcontact,
    "delete-partij": lambda api: (lambda partij: lambda: api.delete(f"{PARTIJEN}/{partij.uuid}"))(
        make_persoon(bsn=valid_bsn())
    ),
    "delete-klantcontact": lambda api: (
        lambda kc: lambda: api.delete(f"{KLANTCONTACTEN}/{kc.uuid}")
    )(make_klantcontact()),
}


def _as_if_the_setup_had_committed() -> None:
    """The setup's writes share the test's transaction, which never commits, and the outbox
    queues one wake-up per transaction: drop the setup's so the write under test starts as a
    new request would."""
    connection.run_on_commit[:] = [
        entry for entry in connection.run_on_commit if entry[1] is not event_services._wake_worker
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("name", COMMITTED)
def test_a_committed_write_queues_exactly_the_wake_up(
    api, wake_ups, django_capture_on_commit_callbacks, name
):
    write = COMMITTED[name](api)
    _as_if_the_setup_had_committed()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = write()

    assert response.status_code in (200, 201, 204), response.content
    assert len(callbacks) == 1
    wake_ups.clear()
    callbacks[0]()
    assert wake_ups == [1]


def _klantcontact_gelukt_met_verdere_actie(api):
    klantcontact = make_klantcontact(indicatie_contact_gelukt=False, verdere_actie_ondernomen=True)
    return lambda: api.patch(
        f"{KLANTCONTACTEN}/{klantcontact.uuid}", {"indicatieContactGelukt": True}, format="json"
    )


def _partij_met_twee_bsns(api):
    partij = make_persoon()
    body = {
        "interneNotitie": "gewijzigd",
        "partijIdentificatoren": [bsn_identificator(), bsn_identificator()],
    }
    return lambda: api.patch(f"{PARTIJEN}/{partij.uuid}", body, format="json")


ROLLED_BACK = {
    "refused-before-writing": _klantcontact_gelukt_met_verdere_actie,
    "refused-after-saving-the-partij": _partij_met_twee_bsns,
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", ROLLED_BACK)
def test_a_rolled_back_write_queues_nothing(api, django_capture_on_commit_callbacks, name):
    write = ROLLED_BACK[name](api)
    Event.objects.all().delete()
    _as_if_the_setup_had_committed()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = write()

    assert response.status_code == 400, response.content
    assert callbacks == []
    assert not Event.objects.exists()


def _fail_once_after_the_event(monkeypatch) -> list[Event]:
    """Make the next event a write service records be followed by a failure (as if the
    transaction broke at its very end); returns the events recorded that way. The services
    record through their DeelVanHandeling, which calls the events module's
    record_object_event."""
    real = event_services.record_object_event
    recorded: list[Event] = []

    def record_then_fail(*args, **kwargs):
        event = real(*args, **kwargs)
        if recorded:
            return event
        recorded.append(event)
        raise ValidationError({NON_FIELD_ERRORS: "Mislukt na het vastleggen van het event."})

    monkeypatch.setattr(event_services, "record_object_event", record_then_fail)
    return recorded


@pytest.mark.django_db
def test_a_write_failing_after_its_event_queues_nothing(
    api, monkeypatch, django_capture_on_commit_callbacks
):
    write = _put_partij(api)
    recorded = _fail_once_after_the_event(monkeypatch)
    Event.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = write()

    assert response.status_code == 400, response.content
    assert len(recorded) == 1
    assert callbacks == []
    assert not Event.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_writes_failing_late_leave_no_event_in_a_real_transaction(api, monkeypatch, wake_ups):
    """transaction=True: each request's transaction really commits or rolls back (PostgreSQL
    in CI). The event row was written, then the transaction failed: the event is gone with
    the change, and the worker was never woken. The same write retried commits one event.
    (One test for both writes: emptying the tables after a transaction=True test is slow.)"""
    assert connection.vendor in ("postgresql", "sqlite")
    for make_write in (_put_partij, _maak_klantcontact):
        write = make_write(api)
        partijen_before = list(Partij.objects.order_by("pk").values())
        klantcontacten_before = Klantcontact.objects.count()
        recorded = _fail_once_after_the_event(monkeypatch)
        Event.objects.all().delete()
        wake_ups.clear()

        response = write()

        assert response.status_code == 400, response.content
        assert len(recorded) == 1 and recorded[0].pk is not None
        assert not Event.objects.exists()
        assert wake_ups == []
        assert list(Partij.objects.order_by("pk").values()) == partijen_before
        assert Klantcontact.objects.count() == klantcontacten_before

        retried = write()

        assert retried.status_code in (200, 201), retried.content
        assert Event.objects.count() == 1
        assert wake_ups == [1]
