"""klantcontacten.services.deel_van_handeling: a higher app combines several klantcontacten
writes into one handling of its own and records that handling's single event itself."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from klantcontacten import services
from klantcontacten.models import Klantcontact
from klantenregister.events.models import Event

GESPREK = {"kanaal": "telefoon", "onderwerp": "Afval", "taal": "nld", "vertrouwelijk": False}


@pytest.mark.django_db
def test_inside_the_block_the_services_record_no_event():
    with transaction.atomic(), services.deel_van_handeling():
        klantcontact = services.create_klantcontact(dict(GESPREK))
        vorig = services.create_klantcontact(dict(GESPREK))
        link = services.create_onderwerpobject(
            {"klantcontact": klantcontact, "was_klantcontact": vorig}
        )
        services.update_klantcontact(klantcontact, {"inhoud": "Bericht"})
        services.delete_onderwerpobject(link)
    assert not Event.objects.exists()
    # Outside it, every service records its event again.
    services.update_klantcontact(klantcontact, {"inhoud": "Nog een bericht"})
    assert list(Event.objects.values_list("resource", "actie")) == [("klantcontact", "update")]


@pytest.mark.django_db
def test_an_error_inside_the_block_leaves_events_on_afterwards():
    with pytest.raises(ValidationError), transaction.atomic(), services.deel_van_handeling():
        services.create_klantcontact({**GESPREK, "taal": "te lang"})
    assert not Klantcontact.objects.exists()
    services.create_klantcontact(dict(GESPREK))
    assert Event.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_block_needs_the_callers_transaction():
    with pytest.raises(RuntimeError), services.deel_van_handeling():
        pass
