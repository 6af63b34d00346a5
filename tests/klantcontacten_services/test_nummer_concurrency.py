"""Generated klantcontact nummers stay unique when contacts are recorded at the same time."""

import pytest

from klantcontacten import services
from klantcontacten.models import Klantcontact
from tests.concurrency import run_in_parallel

WORKERS = 8
PER_WORKER = 5
TELEFOONGESPREK = {
    "kanaal": "telefoon",
    "onderwerp": "Vraag",
    "taal": "nld",
    "vertrouwelijk": False,
}


def _record() -> None:
    services.maak_klantcontact(dict(TELEFOONGESPREK))


@pytest.mark.django_db(transaction=True)
def test_klantcontacten_recorded_in_parallel_get_unique_nummers():
    assert run_in_parallel(_record, workers=WORKERS, per_worker=PER_WORKER) == []

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
