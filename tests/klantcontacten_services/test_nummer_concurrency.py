"""Generated klantcontact nummers stay unique when contacts are recorded at the same time."""

import threading

import pytest
from django.db import connection, connections

from klantcontacten import services
from klantcontacten.models import Klantcontact

WORKERS = 8
PER_WORKER = 5
TELEFOONGESPREK = {
    "kanaal": "telefoon",
    "onderwerp": "Vraag",
    "taal": "nld",
    "vertrouwelijk": False,
}


def _record_many(count: int, errors: list) -> None:
    try:
        for _ in range(count):
            services.maak_klantcontact(dict(TELEFOONGESPREK))
    except Exception as exc:  # pragma: no cover - reported by the assertion below
        errors.append(exc)


def _worker(count: int, errors: list, barrier: threading.Barrier) -> None:
    try:
        barrier.wait(timeout=30)
        _record_many(count, errors)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_klantcontacten_recorded_in_parallel_get_unique_nummers():
    errors: list = []
    if connection.vendor == "sqlite":
        # SQLite has one writer at a time; the same work runs sequentially there.
        for _ in range(WORKERS):
            _record_many(PER_WORKER, errors)
    else:
        barrier = threading.Barrier(WORKERS)
        threads = [
            threading.Thread(target=_worker, args=(PER_WORKER, errors, barrier))
            for _ in range(WORKERS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not any(thread.is_alive() for thread in threads)

    assert errors == []
    nummers = list(Klantcontact.objects.values_list("nummer", flat=True))
    assert len(nummers) == WORKERS * PER_WORKER
    assert len(set(nummers)) == len(nummers)
    assert sorted(int(n) for n in nummers) == list(range(1, WORKERS * PER_WORKER + 1))


@pytest.mark.django_db
def test_a_nummer_chosen_by_a_client_is_skipped_by_the_series():
    services.create_klantcontact({**TELEFOONGESPREK, "nummer": "0000000002"})
    first = services.create_klantcontact(dict(TELEFOONGESPREK))
    second = services.create_klantcontact(dict(TELEFOONGESPREK))
    assert (first.nummer, second.nummer) == ("0000000001", "0000000003")
