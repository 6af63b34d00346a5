"""Fixtures for the audit trail tests: an API client with a known name, staff with and
without the audit trail permission."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from rest_framework.test import APIClient

from klantenregister.core.services import create_api_client

AUDITTRAIL_URL = "/admin/partijen/audittrail/"
EXPORT_URL = "/admin/partijen/audittrail/export/"


@pytest.fixture
def api(db) -> APIClient:
    """An API client named "kcc-portaal" with every scope."""
    _, key = create_api_client("kcc-portaal", "all")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _login(user) -> Client:
    client = Client()
    client.force_login(user)  # bypasses django-axes
    return client


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="beheerder", email="beheer@example.nl", password="een-lang-wachtwoord-123"
    )


@pytest.fixture
def staff(superuser) -> Client:
    return _login(superuser)


@pytest.fixture
def make_staff(db, django_user_model):
    """A logged-in staff member (not superuser) with the given permissions
    ("app_label.codename")."""

    def _make(username: str, *perms: str) -> Client:
        user = django_user_model.objects.create_user(
            username=username, password="een-lang-wachtwoord-123", is_staff=True
        )
        for perm in perms:
            app_label, codename = perm.split(".")
            user.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        return _login(user)

    return _make
