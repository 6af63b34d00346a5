"""Fixtures for the event emission tests: an API client with a known name, a staff user, and
a log that tells which events a single write recorded."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from klantenregister.core.services import create_api_client
from klantenregister.events.models import Event

CLIENT_NAAM = "gemeente-portaal"
STAFF_USERNAME = "beheerder"


@pytest.fixture
def api(db) -> APIClient:
    """An API client with every scope, named CLIENT_NAAM (events say "applicatie <naam>")."""
    _, key = create_api_client(CLIENT_NAAM, "all")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def staff(db, django_user_model) -> Client:
    """A client logged in as a superuser (force_login bypasses django-axes)."""
    # No password: hashing one costs half a second per test, and force_login needs none.
    user = django_user_model.objects.create(
        username=STAFF_USERNAME, email="beheer@example.nl", is_staff=True, is_superuser=True
    )
    client = Client()
    client.force_login(user)
    return client


class EventLog:
    """The events recorded since the last `mark()` (test data made through the services
    records events too, so each write is measured from a mark)."""

    def __init__(self):
        self.mark()

    def mark(self) -> None:
        self._since = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def new(self) -> list[Event]:
        events = list(Event.objects.filter(id__gt=self._since).order_by("id"))
        self.mark()
        return events


@pytest.fixture
def events(db) -> EventLog:
    return EventLog()
