"""A real Celery worker on Redis against the test database, and real receivers, per test.

The worker is `celery -A klantenregister worker` in its own process group; its environment
points DATABASE_URL at the database pytest-django created and CELERY_BROKER_URL at a Redis
database of its own (RELIABILITY_BROKER_URL, default db 13, flushed per test). The test process
is switched to the same broker and off eager mode, so the wake-up a committed write queues goes
to that worker, as in production.

Under pytest-xdist each worker has its own test database, broker database (db 13 for gw0, 12
for gw1, ...) and files (tests/parallel.py), and so do the Celery processes it starts: they
get them through their environment.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
import redis

from klantenregister.celery import app as celery_app
from tests import parallel
from tests.reliability.receiver import Receiver

ROOT = Path(__file__).resolve().parents[2]
# RELIABILITY_BROKER_URL, with this xdist worker's database.
BROKER_URL = parallel.reliability_broker_url()

SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL",
}

# Fast retries and short timeouts, so outages and give-ups fit in seconds. The lease is longer
# than a POST can take (connect + read), the visibility timeout longer than a task runs.
WORKER_SETTINGS = {
    "EVENTS_RETRY_BASE_SECONDS": "0.2",
    "EVENTS_RETRY_MAX_SECONDS": "0.8",
    "EVENTS_MAX_ATTEMPTS": "100",
    "EVENTS_CONNECT_TIMEOUT": "0.5",
    "EVENTS_READ_TIMEOUT": "2",
    "EVENTS_LEASE_SECONDS": "4",
    "EVENTS_TASK_SECONDS": "5",
    "EVENTS_SWEEP_SECONDS": "15",
    "CELERY_VISIBILITY_TIMEOUT": "30",
}


def pytest_configure(config):
    """On SQLite, give the test database a file, so a worker process can open it too.

    In memory (pytest-django's default) it lives inside this process only. Two processes
    writing one SQLite file also need IMMEDIATE transactions: a deferred one that reads first
    and writes later fails at once with "database is locked" when the other process writes in
    between, instead of waiting its turn. PostgreSQL needs nothing: the worker connects to
    test_<name> like any client.
    """
    from django.db import connections

    settings_dict = connections["default"].settings_dict
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        test = settings_dict.setdefault("TEST", {})
        if not test.get("NAME"):
            # In this worker's own directory (pytest-django adds the worker's suffix too).
            test["NAME"] = str(parallel.worker_dir() / "klantenregister-test.sqlite3")
        settings_dict.setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)


def database_url() -> str:
    """DATABASE_URL of the test database this process uses now."""
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(db["NAME"])
        assert Path(name).is_file(), f"SQLite test database is not a file: {name}"
        return f"sqlite:///{name}?{urlencode(SQLITE_OPTIONS)}"
    assert connection.vendor == "postgresql", connection.vendor
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"


def _reset_producer_pools() -> None:
    # Publishing goes through pools bound to the broker URL of the moment they were made; kombu
    # keeps one per URL, so dropping the references is enough to get the other broker's.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker(settings, monkeypatch):
    """The Redis broker of this test, empty; the test process publishes to it, not eagerly."""
    client = redis.Redis.from_url(BROKER_URL)
    client.flushdb()
    # Celery reads the CELERY_BROKER_URL environment variable before its configuration (CI
    # sets it), so the variable must point at this broker too.
    monkeypatch.setenv("CELERY_BROKER_URL", BROKER_URL)
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.update(broker_url=BROKER_URL, task_always_eager=False)
    _reset_producer_pools()
    yield client
    celery_app.conf.update(saved)
    _reset_producer_pools()
    client.flushdb()
    client.close()


class Worker:
    def __init__(self, process: subprocess.Popen, log: Path):
        self.process = process
        self.log = log

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if " ready." in self.log_text():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"Celery worker did not start:\n{self.tail()}")

    def kill(self) -> None:
        """SIGKILL the worker's whole process group: no clean shutdown, no acknowledgement."""
        # The whole group, also when the main process is gone: children may outlive it.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


def _celery_env(overrides: dict[str, str]) -> dict[str, str]:
    """The environment of a Celery process against the test database and this test's broker."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CELERY_TASK_ALWAYS_EAGER", "CELERY_RESULT_BACKEND"}
    }
    env.update(
        SECRET_KEY=os.environ.get("SECRET_KEY") or "reliability-tests",
        DJANGO_SETTINGS_MODULE="klantenregister.settings",
        DATABASE_URL=database_url(),
        CELERY_BROKER_URL=BROKER_URL,
        LOG_LEVEL="INFO",
        **WORKER_SETTINGS,
    )
    env.update(overrides)
    return env


def _spawn(arguments: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "klantenregister", *arguments],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        # Its own process group, so a kill takes its children too.
        start_new_session=True,
    )


@pytest.fixture
def start_worker(transactional_db, broker, tmp_path) -> Callable[..., Worker]:
    """Start a real worker (solo pool) against the test database; killed at teardown."""
    workers: list[Worker] = []

    def _start(**overrides: str) -> Worker:
        log = tmp_path / f"worker-{len(workers) + 1}.log"
        arguments = [
            "worker",
            "--pool=solo",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
            f"--hostname=reliability-{len(workers) + 1}@%h",
        ]
        worker = Worker(_spawn(arguments, log, _celery_env(overrides)), log)
        workers.append(worker)
        worker.wait_ready()
        return worker

    yield _start
    for worker in workers:
        worker.kill()


@pytest.fixture
def start_beat(transactional_db, broker, tmp_path) -> Callable[..., Worker]:
    """Start the real `celery beat` with the project's schedule; killed at teardown."""
    beats: list[Worker] = []

    def _start(**overrides: str) -> Worker:
        log = tmp_path / "beat.log"
        arguments = ["beat", "--loglevel=INFO", f"--schedule={tmp_path / 'beat-schedule'}"]
        beat = Worker(_spawn(arguments, log, _celery_env(overrides)), log)
        beats.append(beat)
        return beat

    yield _start
    for beat in beats:
        beat.kill()


@pytest.fixture
def make_receiver() -> Callable[..., Receiver]:
    """Receivers on 127.0.0.1, stopped at teardown; `start=False` leaves one down."""
    receivers: list[Receiver] = []

    def _make(*, start: bool = True, **options) -> Receiver:
        receiver = Receiver(**options)
        receivers.append(receiver)
        return receiver.start() if start else receiver

    yield _make
    for receiver in receivers:
        receiver.stop()


def wait_until(condition: Callable[[], bool], timeout: float, message: Callable[[], str]) -> float:
    """Poll `condition` until true; returns the seconds it took, fails after `timeout`."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise AssertionError(message())
        time.sleep(0.05)
    return time.monotonic() - started
