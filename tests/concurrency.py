"""Run the same work in parallel threads, each with its own database connection, to test
that the database (not the application) keeps generated numbers unique."""

import threading
from collections.abc import Callable

from django.db import connection, connections


def run_in_parallel(work: Callable[[], None], *, workers: int, per_worker: int) -> list:
    """Call `work` per_worker times in each of `workers` threads started together; return
    the exceptions raised. SQLite allows one writer at a time (its in-memory test database
    even refuses other connections), so there the same work runs one call after another."""
    errors: list = []

    def _many() -> None:
        try:
            for _ in range(per_worker):
                work()
        except Exception as exc:  # pragma: no cover - reported through the returned list
            errors.append(exc)

    if connection.vendor == "sqlite":
        for _ in range(workers):
            _many()
        return errors

    barrier = threading.Barrier(workers)

    def _worker() -> None:
        try:
            barrier.wait(timeout=30)
            _many()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=_worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return errors
