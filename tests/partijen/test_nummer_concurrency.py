"""Generated partij nummers stay unique when partijen are created at the same time."""

import threading

import pytest
from django.db import connection, connections

from partijen import services
from partijen.models import Partij

WORKERS = 8
PER_WORKER = 5


def _create_many(count: int, errors: list) -> None:
    try:
        for _ in range(count):
            services.create_partij({"soort_partij": "persoon", "indicatie_actief": True})
    except Exception as exc:  # pragma: no cover - reported by the assertion below
        errors.append(exc)


def _worker(count: int, errors: list, barrier: threading.Barrier) -> None:
    try:
        barrier.wait(timeout=30)
        _create_many(count, errors)
    finally:
        # Each thread has its own database connection; close it before the test ends.
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_partijen_created_in_parallel_get_unique_nummers():
    errors: list = []
    if connection.vendor == "sqlite":
        # SQLite allows one writer at a time (the in-memory test database even refuses
        # concurrent connections), so the same amount of work runs one after the other.
        for _ in range(WORKERS):
            _create_many(PER_WORKER, errors)
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
    nummers = list(Partij.objects.values_list("nummer", flat=True))
    assert len(nummers) == WORKERS * PER_WORKER
    assert len(set(nummers)) == len(nummers)
    assert all(len(nummer) == 10 and nummer.isdigit() for nummer in nummers)
    # No gaps either: every transaction took the next value of the series.
    assert sorted(int(n) for n in nummers) == list(range(1, WORKERS * PER_WORKER + 1))
