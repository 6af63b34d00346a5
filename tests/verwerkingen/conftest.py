"""Fixtures for the verwerkingenlogging tests: partijen with identificatoren, a logged-in
staff member, and the stream the configured log handler writes to."""

import io
import logging

import pytest
from django.test import Client

from klantenregister.logging import MaskBsnFilter
from klantenregister.verwerkingen.models import Verwerkingsactie
from partijen import services
from tests.factories import make_organisatie, make_persoon, valid_bsn


def add_identificator(partij, soort, object_id, parent=None):
    register, objecttype = {
        "bsn": ("brp", "natuurlijk_persoon"),
        "kvk_nummer": ("hr", "niet_natuurlijk_persoon"),
        "vestigingsnummer": ("hr", "vestiging"),
    }[soort]
    return services.create_partij_identificator(
        {
            "partij": partij,
            "partij_identificator_code_register": register,
            "partij_identificator_code_objecttype": objecttype,
            "partij_identificator_code_soort_object_id": soort,
            "partij_identificator_object_id": object_id,
            "sub_identificator_van": parent,
        }
    )


@pytest.fixture
def persoon(db):
    """A persoon partij and its BSN."""
    bsn = valid_bsn()
    return make_persoon(bsn=bsn), bsn


@pytest.fixture
def bedrijf_met_vestigingen(db):
    """An organisatie with a KvK-nummer and `n` vestigingen (partijen) under it."""

    def _make(n: int, kvk: str = "11111111"):
        bedrijf = make_organisatie(naam="Hoofdkantoor", kvk=kvk)
        parent = bedrijf.partij_identificatoren.get()
        vestigingen = []
        for index in range(n):
            vestiging = make_organisatie(naam=f"Filiaal {index}")
            add_identificator(vestiging, "vestigingsnummer", f"{index + 1:012d}", parent=parent)
            vestigingen.append(vestiging)
        return bedrijf, vestigingen

    return _make


@pytest.fixture
def staff(db, django_user_model) -> Client:
    # No password: force_login needs none, and hashing one costs most of a test's time.
    user = django_user_model.objects.create_superuser(
        username="beheerder", email="beheer@example.nl", password=None
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def written_logs():
    """What the configured console handler (root, django, django.server) writes, after the
    BSN mask: the lines that would reach the terminal or a log collector."""
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, MaskBsnFilter) for f in handler.filters)
    ]
    assert handlers, "settings.LOGGING must put MaskBsnFilter on the console handler"
    stream = io.StringIO()
    previous = [handler.setStream(stream) for handler in handlers]
    yield stream
    for handler, old in zip(handlers, previous, strict=True):
        handler.setStream(old)


def rows() -> list[Verwerkingsactie]:
    return list(Verwerkingsactie.objects.order_by("id"))
