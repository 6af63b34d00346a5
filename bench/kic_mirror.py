"""Benchmark of kic-001: how many verzoek–informatieobject relations per second reach a local DRC.

Usage (PostgreSQL and Redis; a database of its own — the bench's verzoeken, relations, jobs
and DRC service are removed at the start of each run, other rows are left alone):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantenregister_bench \
    CELERY_BROKER_URL=redis://127.0.0.1:6379/12 \
        .venv/bin/python -m bench.kic_mirror --relations 500 --workers 1 2

N relations are made through the verzoeken service (the informatieobject check off, so the
figure is the mirror's alone) with the workers stopped; the DRC is the tests' DRC
(tests/kic_mirror/drc.py: a threaded HTTP server in this process that checks the JWT-ZGW token
of every call). Then W real `celery worker --pool=solo` processes are started and woken; the
clock runs from the DRC's first request until every relation is `done`. Each relation costs a
lookup and a POST (two calls, each with a fresh token). A figure, not a pass/fail test.
"""

import argparse
import time

from bench.events import start_workers, stop_workers
from bench.partijen import analyze, setup

BRONORGANISATIE = "999990019"  # the bench's verzoeken, removed at the start of each run


def make_relations(count: int, drc, batch: int = 250) -> float:
    from django.conf import settings
    from django.db import transaction

    from kic_compat.verzoeken import services

    settings.KIC_VALIDATE_REMOTE_URLS = False
    started = time.perf_counter()
    for start in range(0, count, batch):
        with transaction.atomic():
            for index in range(start, min(start + batch, count)):
                if index % 2 == 0:  # two documents per verzoek
                    verzoek = services.create_verzoek(
                        {"bronorganisatie": BRONORGANISATIE, "status": "ontvangen"}
                    )
                services.create_verzoekinformatieobject(
                    {"verzoek": verzoek, "informatieobject": drc.add_informatieobject()}
                )
    return time.perf_counter() - started


def throughput(count: int, workers: int) -> dict:
    import redis
    from django.conf import settings

    from kic_compat.drc_mirror.models import DrcMirrorJob
    from kic_compat.models import MirrorState, Verzoek, VerzoekInformatieObject
    from kic_compat.tasks import mirror_drc_relations
    from klantenregister.core.models import ExterneDienst
    from klantenregister.core.services import create_externe_dienst
    from tests.kic_mirror.drc import FakeDrc

    drc = FakeDrc().start()
    try:
        # The previous run's verzoeken; deleting them records delete jobs, which go too.
        old = Verzoek.objects.filter(bronorganisatie=BRONORGANISATIE)
        old_uuids = list(old.values_list("uuid", flat=True))
        old.delete()
        DrcMirrorJob.objects.filter(verzoek_uuid__in=old_uuids).delete()
        ExterneDienst.objects.filter(naam="bench-drc").delete()
        create_externe_dienst("bench-drc", f"{drc.root}/", drc.client_id, drc.secret)
        recording = make_relations(count, drc)
        analyze()
        redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
        drc.received.clear()
        drc.first_request_at = None

        relations = VerzoekInformatieObject.objects.filter(verzoek__bronorganisatie=BRONORGANISATIE)
        processes = start_workers(workers)
        try:
            for _ in range(workers):
                mirror_drc_relations.delay()
            deadline = time.monotonic() + 600
            while relations.exclude(mirror_state=MirrorState.DONE).exists():
                if time.monotonic() > deadline:
                    raise SystemExit("not all relations mirrored after 600 s")
                time.sleep(0.02)
            finished = time.perf_counter()
        finally:
            stop_workers(processes)
        seconds = finished - drc.first_request_at
        assert len(drc.relations) == count, (len(drc.relations), count)
        return {
            "workers": workers,
            "relations": count,
            "drc_requests": len(drc.received),
            "seconds": seconds,
            "per_second": count / seconds,
            "recording_per_second": count / recording,
        }
    finally:
        drc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relations", type=int, default=500)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    setup()
    for workers in args.workers:
        result = throughput(args.relations, workers)
        print(
            f"kic-001 mirror, {result['workers']} worker(s): {result['relations']} relations in "
            f"{result['seconds']:.2f} s = {result['per_second']:.0f} relations/s "
            f"({result['drc_requests']} DRC requests; recording "
            f"{result['recording_per_second']:.0f} relations/s)"
        )


if __name__ == "__main__":
    main()
