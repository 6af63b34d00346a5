"""/health/: database and broker state for load balancers, without authentication."""

import os

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

DEAD_BROKER = "redis://127.0.0.1:1/0"
LOCAL_REDIS = "redis://127.0.0.1:6379/15"


@override_settings(CELERY_TASK_ALWAYS_EAGER=True)
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


@override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=DEAD_BROKER)
def test_health_is_503_when_the_broker_is_unreachable():
    response = APIClient().get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["broker"]["status"] == "error"
    assert body["checks"]["broker"]["error"]
    assert "127.0.0.1:1" not in response.content.decode()


# Redis runs on this machine and in CI; CELERY_BROKER_URL names it when set.
@override_settings(
    CELERY_TASK_ALWAYS_EAGER=False,
    CELERY_BROKER_URL=os.environ.get("CELERY_BROKER_URL") or LOCAL_REDIS,
)
def test_health_is_200_when_redis_is_reachable():
    response = APIClient().get("/health/")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["checks"]["broker"] == {"status": "ok"}
    assert body["status"] == "ok"
