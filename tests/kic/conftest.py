import pytest

from tests.conftest import KIC

KLANTEN = f"{KIC}/klanten"


def klant_body(**overrides) -> dict:
    """A natuurlijk persoon klant with every mapped field (spec §11 check 8)."""
    body = {
        "bronorganisatie": "123456782",
        "klantnummer": "1234",
        "bedrijfsnaam": "Jansen Advies",
        "functie": "Eigenaar",
        "websiteUrl": "https://jansen.example.com",
        "voornaam": "Jan",
        "voorvoegselAchternaam": "van",
        "achternaam": "Jansen",
        "telefoonnummer": "06 1234 5678",
        "emailadres": "jan@example.com",
        "adres": {
            "straatnaam": "Dorpsstraat",
            "huisnummer": 12,
            "huisletter": "a",
            "huisnummertoevoeging": "bis",
            "postcode": "1234ab",
            "woonplaatsnaam": "Utrecht",
            "landcode": "6030",
        },
        "subjectType": "natuurlijk_persoon",
        "subjectIdentificatie": {
            "inpBsn": "111222333",
            "anpIdentificatie": "anp-1",
            "inpANummer": "1234567890",
            "geslachtsnaam": "Jansen",
            "voorvoegselGeslachtsnaam": "van",
            "voorletters": "J",
            "voornamen": "Jan Pieter",
            "geslachtsaanduiding": "m",
            "geboortedatum": "1980-01-01",
            "verblijfsadres": {
                "aoaIdentificatie": "0344200000000001",
                "wplWoonplaatsNaam": "Utrecht",
                "gorOpenbareRuimteNaam": "Dorpsstraat",
                "aoaPostcode": "1234AB",
                "aoaHuisnummer": 12,
                "aoaHuisletter": "a",
                "aoaHuisnummertoevoeging": "bis",
                "inpLocatiebeschrijving": "",
            },
            "subVerblijfBuitenland": {
                "lndLandcode": "5010",
                "lndLandnaam": "België",
                "subAdresBuitenland1": "Rue 1",
                "subAdresBuitenland2": "",
                "subAdresBuitenland3": "",
            },
        },
    }
    body.update(overrides)
    return body


@pytest.fixture
def post_klant(kic_api):
    def _post(**overrides) -> dict:
        response = kic_api.post(KLANTEN, klant_body(**overrides), format="json")
        assert response.status_code == 201, response.json()
        return response.json()

    return _post
