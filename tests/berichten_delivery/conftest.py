"""Fixtures of the berichten delivery tests: a real SMTP server, e-mail through it."""

import pytest

from tests.berichten_delivery.smtp import SmtpServer


@pytest.fixture(scope="session")
def _smtp_server():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def smtp(_smtp_server, settings) -> SmtpServer:
    """The session's SMTP server, emptied, with Django's e-mail pointed at it over SMTP."""
    _smtp_server.reset()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _smtp_server.port
    settings.EMAIL_TIMEOUT = 5
    yield _smtp_server
    _smtp_server.reset()


@pytest.fixture
def eager(settings):
    """Celery tasks run in-process right away, as in `make run` (CI sets a broker, which
    would otherwise send them to a Redis queue no worker reads in these tests)."""
    from klantenregister.celery import app

    saved = app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


# The real Celery worker and beat of the reliability tests, reused as they are (not copied):
# their broker is RELIABILITY_BROKER_URL, their database the test database.
from tests.reliability.conftest import (  # noqa: E402, F401
    broker,
    make_receiver,
    pytest_configure,
    start_beat,
    start_worker,
)
