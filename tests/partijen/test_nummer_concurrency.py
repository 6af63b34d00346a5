"""Generated partij nummers stay unique when partijen are created at the same time."""

import pytest

from partijen import services
from partijen.models import Partij
from tests.concurrency import run_in_parallel

WORKERS = 8
PER_WORKER = 5


def _create_partij() -> None:
    services.create_partij({"soort_partij": "persoon", "indicatie_actief": True})


@pytest.mark.django_db(transaction=True)
def test_partijen_created_in_parallel_get_unique_nummers():
    assert run_in_parallel(_create_partij, workers=WORKERS, per_worker=PER_WORKER) == []

    nummers = list(Partij.objects.values_list("nummer", flat=True))
    assert len(nummers) == WORKERS * PER_WORKER
    assert len(set(nummers)) == len(nummers)
    assert all(len(nummer) == 10 and nummer.isdigit() for nummer in nummers)
    # No gaps either: every transaction took the next value of the series.
    assert sorted(int(n) for n in nummers) == list(range(1, WORKERS * PER_WORKER + 1))
