"""Check 29 with real Celery workers on Redis: the client's write never waits for the DRC,
retries run with backoff until the DRC is back, and a worker killed mid-delivery loses and
duplicates nothing."""

import time

import pytest

from kic_compat.drc_mirror.models import DrcMirrorJob
from kic_compat.models import MirrorState, VerzoekInformatieObject
from tests.kic_mirror.conftest import VIOS, verzoek_url
from tests.reliability.conftest import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

MIRROR_WORKER = {
    "KIC_DRC_MIRROR_RETRY_BASE_SECONDS": "0.2",
    "KIC_DRC_MIRROR_RETRY_MAX_SECONDS": "0.8",
    "KIC_DRC_CONNECT_TIMEOUT": "0.5",
    "KIC_DRC_READ_TIMEOUT": "2",
    "KIC_DRC_MIRROR_LEASE_SECONDS": "3",
    "CELERY_VISIBILITY_TIMEOUT": "4",
    "EVENTS_TASK_SECONDS": "3",
}


def _post_vio(kic_api, verzoek, io) -> tuple[VerzoekInformatieObject, float]:
    started = time.perf_counter()
    response = kic_api.post(
        VIOS, {"informatieobject": io, "verzoek": verzoek_url(verzoek)}, format="json"
    )
    took = time.perf_counter() - started
    assert response.status_code == 201, response.content
    return VerzoekInformatieObject.objects.get(uuid=response.json()["url"].rsplit("/", 1)[1]), took


def test_drc_down_client_gets_201_and_the_worker_delivers_after_recovery(
    kic_api, drc, drc_dienst, verzoek_factory, start_worker, settings
):
    # With the DRC down the contract's informatieobject check (vrz-006) would refuse the
    # relation; switched off (spec §10), the write does not touch the DRC at all.
    settings.KIC_VALIDATE_REMOTE_URLS = False
    verzoek = verzoek_factory()
    io = drc.add_informatieobject()
    drc.go_down()
    worker = start_worker(**MIRROR_WORKER)

    vio, took = _post_vio(kic_api, verzoek, io)

    assert took < 2  # no DRC timeout in the client's request
    wait_until(
        lambda: DrcMirrorJob.objects.filter(attempts__gte=3).exists(),
        timeout=15,
        message=lambda: f"no retries\n{worker.tail()}",
    )
    job = DrcMirrorJob.objects.get()
    assert job.status == DrcMirrorJob.Status.PENDING
    assert "geen verbinding" in job.last_error
    times = list(job.pogingen.values_list("tijdstip", flat=True))
    gaps = [(b - a).total_seconds() for a, b in zip(times, times[1:], strict=False)]
    assert all(gap >= 0.2 for gap in gaps), gaps  # backoff, not a tight loop
    vio.refresh_from_db()
    assert vio.mirror_state == MirrorState.PENDING

    drc.start()
    wait_until(
        lambda: VerzoekInformatieObject.objects.get(pk=vio.pk).mirror_state == MirrorState.DONE,
        timeout=15,
        message=lambda: f"not delivered after the DRC came back\n{worker.tail()}",
    )
    assert len(drc.posts()) == 1
    assert drc.pairs() == [(verzoek_url(verzoek), io)]


def test_worker_killed_mid_delivery_the_relation_arrives_once_after_a_restart(
    kic_api, drc, drc_dienst, verzoek_factory, start_worker, broker
):
    verzoek = verzoek_factory()
    io = drc.add_informatieobject()
    drc.hang_after_storing = 1  # the DRC stores the first POST and never answers it
    worker = start_worker(**MIRROR_WORKER)

    vio, _ = _post_vio(kic_api, verzoek, io)
    assert drc.in_flight.wait(timeout=15), f"no POST\n{worker.tail()}"
    in_flight_since = time.monotonic()
    worker.kill()

    job = DrcMirrorJob.objects.get()
    assert (job.status, job.attempts) == (DrcMirrorJob.Status.PENDING, 0)
    assert job.locked_until is not None
    assert broker.hlen("unacked") == 1

    # Redis hands the message out again after its visibility timeout; the claim ran out.
    time.sleep(max(0.0, in_flight_since + 4.5 - time.monotonic()))
    restarted = start_worker(**MIRROR_WORKER)
    wait_until(
        lambda: VerzoekInformatieObject.objects.get(pk=vio.pk).mirror_state == MirrorState.DONE,
        timeout=20,
        message=lambda: f"not delivered after the restart\n{restarted.tail()}",
    )
    # The restart looked the pair up, found what the killed attempt made, and did not POST.
    assert len(drc.posts()) == 1
    assert drc.pairs() == [(verzoek_url(verzoek), io)]
    job.refresh_from_db()
    assert (job.status, job.attempts) == (DrcMirrorJob.Status.DONE, 1)
