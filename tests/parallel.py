"""What each pytest-xdist worker gets of its own when the suite runs in parallel (docs/testing.md).

pytest-django already gives every worker its own test database (test_<name>_gw0, _gw1, ...).
Everything else the tests share is made per worker here:

- Redis databases. The tests use two: CELERY_BROKER_URL (what the code publishes to) and
  RELIABILITY_BROKER_URL (the broker of the real Celery workers in tests/reliability, flushed
  before and after each test). Worker gwN uses database `db - N` of each configured URL: gw0
  the configured ones, gw1 one lower, and so on. Two URLs whose ranges would overlap, or a
  range that runs below database 0, stop the run before any test with a message saying which;
  nothing is shared by accident. A serial run (`-n 0`) uses the configured databases as they are.
- Files: MEDIA_ROOT and the SQLite test database of the reliability tests live in a directory
  of the worker's own.

Ports are ephemeral (port 0) everywhere, and tmp_path is per test, so they need nothing.
"""

import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

REDIS_DATABASES = 16  # Redis' default `databases`
DEFAULT_RELIABILITY_BROKER_URL = "redis://127.0.0.1:6379/13"


def worker_id() -> str:
    """The xdist worker ("gw0", "gw1", ...), or "main" outside xdist."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def worker_index() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return int(worker.removeprefix("gw")) if worker else 0


def _redis_db(url: str) -> int:
    path = urlsplit(url).path.strip("/")
    return int(path) if path else 0


def _with_db(url: str, db: int) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{db}"))


def _server(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "localhost", parts.port or 6379


def worker_redis_url(url: str, index: int | None = None) -> str:
    """`url` with the Redis database of worker `index` (default: this process's worker)."""
    if not url.startswith(("redis://", "rediss://")):
        return url  # memory:// (eager Celery) and the like need nothing
    index = worker_index() if index is None else index
    return _with_db(url, _redis_db(url) - index)


def _configured_redis_urls() -> dict[str, str]:
    urls = {
        "RELIABILITY_BROKER_URL": os.environ.get(
            "RELIABILITY_BROKER_URL", DEFAULT_RELIABILITY_BROKER_URL
        )
    }
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if broker.startswith(("redis://", "rediss://")):
        urls["CELERY_BROKER_URL"] = broker
    return urls


# As configured, before configure_worker() points the environment at this worker's databases.
CONFIGURED_REDIS_URLS = _configured_redis_urls()


def reliability_broker_url() -> str:
    """The broker of the real Celery processes the tests start, for this worker."""
    return worker_redis_url(CONFIGURED_REDIS_URLS["RELIABILITY_BROKER_URL"])


def check_redis_plan(workers: int, urls: dict[str, str] | None = None) -> None:
    """Fail unless `workers` workers get distinct, existing Redis databases for every URL."""
    urls = CONFIGURED_REDIS_URLS if urls is None else urls
    taken: dict[tuple[str, int, int], str] = {}
    for name, url in urls.items():
        for index in range(max(workers, 1)):
            db = _redis_db(worker_redis_url(url, index))
            if not 0 <= db < REDIS_DATABASES:
                raise pytest.UsageError(
                    f"{name}={url}: with {workers} xdist workers, worker gw{index} would need "
                    f"Redis database {db}. Worker gwN uses database db-N; give {name} a "
                    f"database of at least {workers - 1}, or run with fewer workers (-n)."
                )
            key = (*_server(url), db)
            if key in taken:
                raise pytest.UsageError(
                    f"With {workers} xdist workers, {name}={url} and {taken[key]} would share "
                    f"Redis database {db} (worker gwN uses database db-N of each). Put their "
                    f"databases at least {workers} apart, or run with fewer workers (-n)."
                )
            taken[key] = f"{name}={url} (worker gw{index})"


def configure_worker() -> None:
    """Point this process at its own Redis databases and files, before any test runs.

    Environment variables as well as settings: Celery reads CELERY_BROKER_URL from the
    environment before its configuration, and the Celery processes the reliability tests start
    inherit the environment.
    """
    from django.conf import settings

    urls = CONFIGURED_REDIS_URLS
    os.environ["RELIABILITY_BROKER_URL"] = reliability_broker_url()
    if "CELERY_BROKER_URL" in urls:
        own = worker_redis_url(urls["CELERY_BROKER_URL"])
        os.environ["CELERY_BROKER_URL"] = own
        settings.CELERY_BROKER_URL = own
        from klantenregister.celery import app

        app.conf.broker_url = own

    # Files the code writes (bericht bijlagen and the like) go to a directory of this worker,
    # never into the checkout; the Celery subprocesses get the same one.
    media = worker_dir() / "media"
    media.mkdir(parents=True, exist_ok=True)
    settings.MEDIA_ROOT = str(media)
    os.environ["MEDIA_ROOT"] = str(media)


_worker_dir: Path | None = None


def worker_dir() -> Path:
    """A temporary directory of this worker (this run), for files that must outlive one test."""
    global _worker_dir
    if _worker_dir is None:
        _worker_dir = Path(tempfile.mkdtemp(prefix=f"klantenregister-tests-{worker_id()}-"))
    return _worker_dir


def remove_worker_dir() -> None:
    if _worker_dir is not None:
        shutil.rmtree(_worker_dir, ignore_errors=True)
