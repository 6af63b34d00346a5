"""Making berichten the way the API and admin do (berichten.services) for the delivery tests."""

from datetime import date

from berichten import services
from tests.factories import make_digitaal_adres, make_persoon, valid_bsn


def partij_met_email(adres: str = "jan@example.nl"):
    """A persoon with a BSN whose voorkeursDigitaalAdres is an e-mail address."""
    from partijen import services as partij_services

    partij = make_persoon(bsn=valid_bsn())
    email = make_digitaal_adres(partij, adres=adres, verificatie_datum=date(2025, 1, 1))
    partij_services.update_partij(partij, {"voorkeurs_digitaal_adres": email}, partial=True)
    partij.refresh_from_db()
    return partij


def partij_met_telefoon(nummer: str = "0612345678"):
    partij = make_persoon(bsn=valid_bsn())
    make_digitaal_adres(partij, adres=nummer, soort="telefoonnummer", is_standaard_adres=True)
    return partij


def maak_bericht(partij, **extra):
    data = {
        "onderwerp": "Uw aanvraag is ontvangen",
        "berichttekst": "Wij hebben uw aanvraag voor een parkeervergunning ontvangen.",
        "partij": partij,
        **extra,
    }
    return services.create_bericht(data)
