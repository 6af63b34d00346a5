"""/health/: database and broker state for load balancers, without authentication."""

import os

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from klantenregister.celery import app as celery_app

pytestmark = pytest.mark.django_db

DEAD_BROKER = "redis://127.0.0.1:1/0"
LOCAL_REDIS = "redis://127.0.0.1:6379/15"


@pytest.fixture
def broker_url():
    """Point the Celery app at another broker for one test, and back afterwards."""
    original = celery_app.conf.broker_url

    def _set(url: str) -> None:
        celery_app.conf.broker_url = url

    yield _set
    celery_app.conf.broker_url = original


def test_health_is_200_ok_json_with_database_and_eager_broker_without_token():
    response = APIClient().get("/health/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"status": "ok"}
    assert body["checks"]["broker"]["status"] == "ok"
    assert body["checks"]["broker"]["mode"] == "eager"


def test_health_is_json_whatever_the_accept_header():
    response = APIClient().get("/health/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_health_is_never_cached():
    response = APIClient().get("/health/")

    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_health_is_503_when_the_broker_is_unreachable(broker_url):
    broker_url(DEAD_BROKER)

    response = APIClient().get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["broker"]["status"] == "error"
    assert body["checks"]["broker"]["error"]
    assert "127.0.0.1:1" not in response.content.decode()


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_health_is_200_when_redis_is_reachable(broker_url):
    # Redis runs on this machine and in CI; CELERY_BROKER_URL names it when set.
    broker_url(os.environ.get("CELERY_BROKER_URL") or LOCAL_REDIS)

    response = APIClient().get("/health/")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["checks"]["broker"] == {"status": "ok"}
    assert body["status"] == "ok"
