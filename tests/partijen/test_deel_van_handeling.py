"""partijen.services.deel_van_handeling: a higher app combines several partijen writes into one
handling of its own and records that handling's single event itself."""

import pytest
from django.db import transaction

from klantenregister.events.models import Event
from partijen import services
from tests import factories


@pytest.mark.django_db
def test_inside_the_block_the_services_record_no_event():
    with transaction.atomic(), services.deel_van_handeling():
        partij = factories.make_persoon()
        adres = services.create_digitaal_adres(
            {"partij": partij, "adres": "a@example.com", "soort_digitaal_adres": "email"}
        )
        services.update_partij(partij, {"voorkeurs_digitaal_adres": adres}, partial=True)
        services.delete_object(adres)
    assert not Event.objects.exists()
    # Outside it, every service records its event again.
    services.update_partij(partij, {"interne_notitie": "x"}, partial=True)
    assert list(Event.objects.values_list("resource", "actie")) == [("partij", "update")]


@pytest.mark.django_db(transaction=True)
def test_the_block_needs_the_callers_transaction():
    with pytest.raises(RuntimeError), services.deel_van_handeling():
        pass


@pytest.mark.django_db
def test_validation_still_applies_inside_the_block():
    from django.core.exceptions import ValidationError

    partij = factories.make_persoon()
    with (
        pytest.raises(ValidationError),
        transaction.atomic(),
        services.deel_van_handeling(),
    ):
        services.create_digitaal_adres(
            {"partij": partij, "adres": "geen-email", "soort_digitaal_adres": "email"}
        )
