"""Fixtures for the taken admin tests: a logged-in superuser (as in tests/admin) and a few
helpers that make data through the services."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from taken import services
from tests.factories import make_actor, make_klantcontact, make_persoon, valid_bsn


@pytest.fixture
def staff(db, django_user_model) -> Client:
    user = django_user_model.objects.create_superuser(
        username="beheerder", email="beheer@example.nl", password="een-lang-wachtwoord-123"
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def jan(db):
    """A persoon with a BSN."""
    bsn = valid_bsn()
    partij = make_persoon(bsn=bsn)
    partij.test_bsn = bsn
    return partij


def later(**kwargs):
    return timezone.now() + timedelta(**kwargs)


def eerder(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def make_taak(partij=None, **extra):
    data = {"title": "Lever uw loonstrook aan", "partij": partij, **extra}
    return services.create_taak(data)


def make_interne_taak(klantcontact=None, actoren=(), **extra):
    data = {
        "gevraagde_handeling": "Bel de inwoner terug",
        "klantcontact": klantcontact or make_klantcontact(),
        "status": "te_verwerken",
        "actoren": list(actoren),
        **extra,
    }
    return services.create_interne_taak(data)


@pytest.fixture
def medewerkers(db):
    return [
        make_actor(naam="Fatima Yilmaz"),
        make_actor(naam="Pieter de Vries"),
    ]
