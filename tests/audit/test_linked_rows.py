"""Changes a service makes to other rows while linking (ownership, standaard adres, voorkeur)
are in the audit trail too: they are saved row by row, not with a bulk update."""

import pytest

from partijen import services
from tests.factories import make_digitaal_adres, make_persoon

pytestmark = pytest.mark.django_db


def test_an_adres_taken_over_by_another_partij_records_the_move_and_the_lost_voorkeur():
    eerste = make_persoon()
    adres = make_digitaal_adres(eerste, is_standaard_adres=True)
    services.update_partij(eerste, {"voorkeurs_digitaal_adres": adres}, partial=True)
    tweede = make_persoon(voornaam="Piet")

    services.update_partij(tweede, {"digitale_adressen": [adres]}, partial=True)

    newest = adres.history.order_by("-history_id").first()
    previous = newest.prev_record
    assert (previous.partij_id, newest.partij_id) == (eerste.pk, tweede.pk)
    eerste_newest = eerste.history.order_by("-history_id").first()
    assert eerste_newest.voorkeurs_digitaal_adres_id is None
    assert eerste_newest.prev_record.voorkeurs_digitaal_adres_id == adres.pk


def test_a_new_standaard_adres_records_that_the_old_one_stopped_being_standaard():
    partij = make_persoon()
    oud = make_digitaal_adres(partij, adres="oud@example.nl", is_standaard_adres=True)

    make_digitaal_adres(partij, adres="nieuw@example.nl", is_standaard_adres=True)

    newest = oud.history.order_by("-history_id").first()
    assert newest.is_standaard_adres is False
    assert newest.prev_record.is_standaard_adres is True


def test_an_adres_unlinked_from_its_partij_records_it():
    partij = make_persoon()
    adres = make_digitaal_adres(partij)

    services.update_partij(partij, {"digitale_adressen": []}, partial=True)

    assert adres.history.order_by("-history_id").first().partij_id is None
