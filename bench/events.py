"""Benchmark of the outbox: delivery throughput and the latency an event adds to a write.

Usage (PostgreSQL and Redis; use a database of its own, the bench's events and abonnement are
removed at the start of each run, other rows are left alone):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantenregister_bench \
    CELERY_BROKER_URL=redis://127.0.0.1:6379/12 \
        .venv/bin/python -m bench.events --events 5000 --workers 1 2

Throughput: N events are recorded with the workers stopped, one abonnement points at a local
receiver (ThreadingHTTPServer in this process, keep-alive, answering 204), then W real
`celery worker --pool=solo` processes are started and woken; the clock runs from the first
request the receiver gets until every delivery is `delivered`. Write latency: partij creates
through the API test client (full Django stack, one transaction, the wake-up published to
Redis) with the outbox on and with `record_event` switched off in this process only; plus
`record_event` alone and the broker publish alone. Figures, not pass/fail tests.
"""

import argparse
import contextlib
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.partijen import analyze, setup

ROOT = Path(__file__).resolve().parent.parent
KANAAL = "bench"
ABONNEMENT = "bench-ontvanger"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real receiver behind a proxy would

    def do_POST(self):  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.count_request()
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):
        pass


class Receiver(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.requests = 0
        self.first_at: float | None = None
        self.url = f"http://127.0.0.1:{self.server_address[1]}/callback"
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def count_request(self) -> None:
        with self.lock:
            self.requests += 1
            if self.first_at is None:
                self.first_at = time.perf_counter()

    def reset(self) -> None:
        with self.lock:
            self.requests = 0
            self.first_at = None


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


# --- Throughput -----------------------------------------------------------------------------


def start_workers(count: int) -> list[subprocess.Popen]:
    env = {**os.environ, "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-only"}
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    workers = [
        subprocess.Popen(  # noqa: S603 (a fixed command line)
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "klantenregister",
                "worker",
                "--pool=solo",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=WARNING",
                f"--hostname=bench-{index}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for index in range(count)
    ]
    return workers


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


def record_events(count: int, batch: int = 500) -> float:
    """Record `count` events through record_event, `batch` per transaction; returns seconds."""
    from django.db import transaction

    from klantenregister.events.services import record_event

    started = time.perf_counter()
    for start in range(0, count, batch):
        with transaction.atomic():
            for index in range(start, min(start + batch, count)):
                url = f"http://localhost:8000/bench/objecten/{index}"
                record_event(kanaal=KANAAL, resource="object", actie="create", resource_url=url)
    return time.perf_counter() - started


def throughput(count: int, workers: int, receiver: Receiver) -> dict:
    import redis
    from django.conf import settings

    from klantenregister.events.models import Abonnement, AbonnementKanaal, Delivery, Event
    from klantenregister.events.tasks import process_outbox

    Event.objects.filter(kanaal=KANAAL).delete()
    Abonnement.objects.filter(naam=ABONNEMENT).delete()
    abonnement = Abonnement.objects.create(naam=ABONNEMENT, callback_url=receiver.url)
    AbonnementKanaal.objects.create(abonnement=abonnement, naam=KANAAL)
    recording = record_events(count)
    analyze()
    # The wake-ups of the recording are dropped: the clock starts when the workers do.
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
    receiver.reset()

    processes = start_workers(workers)
    try:
        for _ in range(workers):
            process_outbox.delay()
        deadline = time.monotonic() + 600
        pending = Delivery.objects.filter(abonnement=abonnement).exclude(
            status=Delivery.Status.DELIVERED
        )
        while True:
            done = Delivery.objects.filter(
                abonnement=abonnement, status=Delivery.Status.DELIVERED
            ).count()
            if done == count and not pending.exists():
                finished = time.perf_counter()
                break
            if time.monotonic() > deadline:
                raise SystemExit(f"only {done} of {count} delivered after 600 s")
            time.sleep(0.02)
    finally:
        stop_workers(processes)
    seconds = finished - receiver.first_at
    return {
        "workers": workers,
        "events": count,
        "requests": receiver.requests,
        "seconds": seconds,
        "per_second": count / seconds,
        "recording_per_second": count / recording,
    }


# --- Write latency --------------------------------------------------------------------------


def write_latency(runs: int) -> list[tuple[str, float, float]]:
    from django.db import transaction
    from rest_framework.test import APIClient

    from klantenregister.core.models import ApiClient
    from klantenregister.core.services import create_api_client
    from klantenregister.events import services
    from klantenregister.events.models import Event
    from klantenregister.events.tasks import process_outbox

    ApiClient.objects.filter(naam="bench-events").delete()
    _, key = create_api_client("bench-events", "klantinteracties:write")
    client = APIClient(HTTP_HOST="127.0.0.1")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    payload = {
        "soortPartij": "persoon",
        "indicatieActief": True,
        "partijIdentificatie": {"contactnaam": {"voornaam": "Bench", "achternaam": "Schrijver"}},
    }

    def create() -> None:
        response = client.post("/klantinteracties/api/v1/partijen", payload, format="json")
        assert response.status_code == 201, response.content[:300]

    # Does partijen record its own events yet? Otherwise add the one it will, in the same
    # transaction (the request's atomic block is a savepoint of this one).
    before = Event.objects.count()
    create()
    wired = Event.objects.count() > before

    def create_with_event() -> None:
        if wired:
            create()
            return
        with transaction.atomic():
            create()
            services.record_event(
                kanaal=KANAAL,
                resource="partij",
                actie="create",
                resource_url="http://localhost:8000/bench/partij",
            )

    def record_alone() -> None:
        with transaction.atomic():
            services.record_event(
                kanaal=KANAAL, resource="object", actie="create", resource_url="http://x/y"
            )

    def timed(action, *, events_on: bool) -> list[float]:
        original = services.record_event
        if not events_on:
            services.record_event = lambda **kwargs: None
        try:
            action()  # warm-up
            before = Event.objects.count()
            timings = []
            for _ in range(runs):
                started = time.perf_counter()
                action()
                timings.append((time.perf_counter() - started) * 1000)
            made = Event.objects.count() - before
        finally:
            services.record_event = original
        assert made == (runs if events_on else 0), (made, runs, events_on)
        return timings

    def publish_alone() -> list[float]:
        process_outbox.delay()
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            process_outbox.delay()
            timings.append((time.perf_counter() - started) * 1000)
        return timings

    # Interleaved rounds, so drift on a shared machine hits both sides alike.
    off: list[float] = []
    on: list[float] = []
    for _ in range(5):
        off += timed(create, events_on=False)
        on += timed(create_with_event, events_on=True)
    rows = [
        ("partij create via API, outbox off", off),
        ("partij create via API, outbox on (event + wake-up)", on),
        ("record_event alone (INSERT, commit, wake-up)", timed(record_alone, events_on=True)),
        ("wake-up publish alone (process_outbox.delay)", publish_alone()),
    ]
    print(f"\npartijen records its own events: {'yes' if wired else 'no (added by the bench)'}")
    return [(label, statistics.median(t), percentile(t, 0.95)) for label, t in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--runs", type=int, default=40, help="writes per latency round (5)")
    args = parser.parse_args()
    os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/12")
    os.environ.pop("CELERY_TASK_ALWAYS_EAGER", None)
    setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL.startswith("redis"):
        raise SystemExit("bench.events needs DATABASE_URL (PostgreSQL) and a Redis broker")
    call_command("migrate", verbosity=0)

    receiver = Receiver()
    print(f"\nDatabase: {connection.vendor}; broker {settings.CELERY_BROKER_URL}\n")
    print("| workers | events | seconds | events/s | recorded/s |")
    print("|---:|---:|---:|---:|---:|")
    for workers in args.workers:
        row = throughput(args.events, workers, receiver)
        print(
            f"| {row['workers']} | {row['events']} | {row['seconds']:.1f} | "
            f"{row['per_second']:.0f} | {row['recording_per_second']:.0f} |"
        )
    print("\n| write | median ms | p95 ms |")
    print("|---|---:|---:|")
    for label, median, p95 in write_latency(args.runs):
        print(f"| {label} | {median:.1f} | {p95:.1f} |")


if __name__ == "__main__":
    main()
