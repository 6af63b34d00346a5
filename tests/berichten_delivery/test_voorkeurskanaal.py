"""Voorkeurskanaal vaststellen (processes.md §3): each rule of the resolution order, on real
partijen and klanttaken in the database."""

from datetime import date

import pytest

from berichten.voorkeurskanaal import Bron, bepaal_voorkeurskanaal
from partijen import selectors, services
from taken import services as taken_services
from tests.factories import make_digitaal_adres, make_persoon, valid_bsn

pytestmark = pytest.mark.django_db


def _partij():
    return make_persoon(bsn=valid_bsn())


def _taak(extra_data, partij=None):
    return taken_services.create_taak(
        {"title": "Lever uw gegevens aan", "extra_data": extra_data, "partij": partij}
    )


def test_taak_extra_data_with_an_address_wins_over_everything():
    partij = _partij()
    voorkeur = make_digitaal_adres(partij, adres="voorkeur@example.nl")
    services.update_partij(partij, {"voorkeurs_digitaal_adres": voorkeur}, partial=True)
    taak = _taak(
        {"voorkeurskanaal": {"soortDigitaalAdres": "telefoonnummer", "adres": "0612345678"}}
    )

    keuze = bepaal_voorkeurskanaal(partij, taak)

    assert (keuze.kanaal, keuze.adres, keuze.bron) == ("telefoonnummer", "0612345678", Bron.TAAK)
    assert keuze.digitaal_adres is None


def test_taak_extra_data_naming_only_a_soort_uses_the_partijs_address_of_that_soort():
    partij = _partij()
    make_digitaal_adres(partij, adres="jan@example.nl", is_standaard_adres=True)
    telefoon = make_digitaal_adres(
        partij, adres="0687654321", soort="telefoonnummer", verificatie_datum=date(2025, 1, 1)
    )
    # The Common Ground name of the soort, as a plain string.
    keuze = bepaal_voorkeurskanaal(partij, _taak({"voorkeurskanaal": "sms"}))

    assert (keuze.kanaal, keuze.adres, keuze.bron) == ("telefoonnummer", "0687654321", Bron.TAAK)
    assert keuze.digitaal_adres == telefoon


def test_taak_extra_data_that_is_unusable_falls_through_to_the_partij():
    partij = _partij()
    make_digitaal_adres(partij, adres="jan@example.nl", is_standaard_adres=True)
    for extra in (
        {"voorkeurskanaal": {"soortDigitaalAdres": "emailadres", "adres": "geen-mail"}},
        {"voorkeurskanaal": "postduif"},
        {"voorkeurskanaal": "telefoonnummer"},  # the partij has no phone number
        {"iets": "anders"},
        None,
    ):
        keuze = bepaal_voorkeurskanaal(partij, _taak(extra))
        assert (keuze.kanaal, keuze.adres, keuze.bron) == (
            "email",
            "jan@example.nl",
            Bron.STANDAARD_ADRES,
        ), extra


def test_taak_extra_data_portaal_means_no_external_delivery():
    partij = _partij()
    make_digitaal_adres(partij, adres="jan@example.nl", is_standaard_adres=True)

    keuze = bepaal_voorkeurskanaal(partij, _taak({"voorkeurskanaal": "berichtenbox"}))

    assert (keuze.kanaal, keuze.adres, keuze.bron) == ("portaal", "", Bron.TAAK)


def test_voorkeurs_digitaal_adres_wins_over_standaard_and_verified_addresses():
    partij = _partij()
    make_digitaal_adres(partij, adres="standaard@example.nl", is_standaard_adres=True)
    telefoon = make_digitaal_adres(partij, adres="0612345678", soort="telefoonnummer")
    services.update_partij(partij, {"voorkeurs_digitaal_adres": telefoon}, partial=True)
    partij = selectors.partijen().get(pk=partij.pk)

    keuze = bepaal_voorkeurskanaal(partij)

    assert (keuze.kanaal, keuze.adres, keuze.bron) == (
        "telefoonnummer",
        "0612345678",
        Bron.VOORKEUR,
    )
    assert keuze.digitaal_adres == telefoon


def test_a_voorkeur_of_soort_overig_cannot_be_sent_to_so_the_fallback_applies():
    partij = _partij()
    formulier = make_digitaal_adres(partij, adres="https://formulier.example.nl", soort="overig")
    make_digitaal_adres(partij, adres="jan@example.nl", verificatie_datum=date(2025, 3, 1))
    services.update_partij(partij, {"voorkeurs_digitaal_adres": formulier}, partial=True)

    keuze = bepaal_voorkeurskanaal(partij)

    assert (keuze.kanaal, keuze.adres, keuze.bron) == (
        "email",
        "jan@example.nl",
        Bron.GEVERIFIEERD_ADRES,
    )


def test_standaard_adres_of_a_soort_comes_before_its_verified_addresses():
    partij = _partij()
    make_digitaal_adres(partij, adres="geverifieerd@example.nl", verificatie_datum=date(2025, 5, 1))
    make_digitaal_adres(partij, adres="standaard@example.nl", is_standaard_adres=True)

    keuze = bepaal_voorkeurskanaal(partij)

    assert (keuze.adres, keuze.bron) == ("standaard@example.nl", Bron.STANDAARD_ADRES)


def test_verified_email_comes_first_then_the_most_recently_verified_one_wins():
    partij = _partij()
    make_digitaal_adres(partij, adres="0612345678", soort="telefoonnummer", is_standaard_adres=True)
    make_digitaal_adres(partij, adres="oud@example.nl", verificatie_datum=date(2024, 1, 1))
    make_digitaal_adres(partij, adres="nieuw@example.nl", verificatie_datum=date(2025, 6, 1))
    make_digitaal_adres(partij, adres="ongeverifieerd@example.nl")

    keuze = bepaal_voorkeurskanaal(partij)

    assert (keuze.kanaal, keuze.adres, keuze.bron) == (
        "email",
        "nieuw@example.nl",
        Bron.GEVERIFIEERD_ADRES,
    )


def test_without_a_usable_email_the_telefoonnummer_is_used():
    partij = _partij()
    make_digitaal_adres(partij, adres="ongeverifieerd@example.nl")
    make_digitaal_adres(
        partij, adres="0612345678", soort="telefoonnummer", verificatie_datum=date(2025, 2, 2)
    )

    keuze = bepaal_voorkeurskanaal(partij)

    assert (keuze.kanaal, keuze.adres, keuze.bron) == (
        "telefoonnummer",
        "0612345678",
        Bron.GEVERIFIEERD_ADRES,
    )


def test_no_usable_address_leaves_only_the_portal():
    partij = _partij()
    make_digitaal_adres(partij, adres="ongeverifieerd@example.nl")
    make_digitaal_adres(partij, adres="https://formulier.example.nl", soort="overig")

    for keuze in (bepaal_voorkeurskanaal(partij), bepaal_voorkeurskanaal(None)):
        assert (keuze.kanaal, keuze.adres, keuze.bron) == ("portaal", "", Bron.GEEN_ADRES)
        assert keuze.digitaal_adres is None


def test_the_partij_selector_needs_one_query_for_a_partij_from_the_partijen_selector(
    django_assert_num_queries,
):
    partij = _partij()
    make_digitaal_adres(partij, adres="jan@example.nl", verificatie_datum=date(2025, 1, 1))
    partij = selectors.partijen().get(pk=partij.pk)

    with django_assert_num_queries(1):
        gevonden = selectors.bereikbaar_digitaal_adres(partij)

    assert gevonden.digitaal_adres.adres == "jan@example.nl"
