"""The Berichten API end to end with delivery: POST a bericht, it reaches a real SMTP server;
and GET /voorkeurskanaal, with scopes, bad input and the verwerkingenlog."""

from datetime import date

import pytest

from klantenregister.verwerkingen.models import SoortVerwerking, Verwerkingsactie
from tests.berichten_delivery.helpers import partij_met_email
from tests.factories import make_digitaal_adres, make_persoon, valid_bsn

API = "/berichten/api/v1"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]


def _bsn(partij) -> str:
    return partij.partij_identificatoren.get().partij_identificator_object_id


def test_a_bericht_posted_for_a_partij_whose_voorkeur_is_email_reaches_the_smtp_server(
    make_client, smtp, django_capture_on_commit_callbacks
):
    partij = partij_met_email("inwoner@example.nl")
    sender, portal = make_client("berichten:write"), make_client("berichten:read")

    with django_capture_on_commit_callbacks(execute=True):
        response = sender.post(
            f"{API}/berichten",
            {
                "gebruikerID": _bsn(partij),
                "onderwerp": "Uw paspoort ligt klaar",
                "berichttekst": "U kunt uw paspoort ophalen bij het stadskantoor.",
                "berichtType": "Besluit",
            },
            format="json",
        )

    assert response.status_code == 201, response.json()
    [mail] = smtp.ontvangen
    assert mail.rcpt_tos == ["inwoner@example.nl"]
    assert mail.subject == "Uw paspoort ligt klaar"
    assert mail.body.startswith("U kunt uw paspoort ophalen bij het stadskantoor.")
    url = response.json()["url"]
    bericht = sender.get(url).json()
    assert bericht["kanaal"] == "email"
    assert bericht["verzondenOp"] is not None
    assert bericht["bezorgstatus"] == "verzonden"
    assert bericht["kanaalBron"] == "voorkeur"

    # The read status round-trips through the portal.
    assert portal.patch(url, {"geopend": True}, format="json").status_code == 200
    gelezen = portal.get(url).json()
    assert gelezen["geopend"] is True and gelezen["geopendOp"] is not None


def test_voorkeurskanaal_by_partij_names_the_address_and_the_rule(make_client):
    partij = make_persoon(bsn=valid_bsn())
    adres = make_digitaal_adres(
        partij, adres="jan@example.nl", is_standaard_adres=True, verificatie_datum=date(2025, 1, 1)
    )

    response = make_client("berichten:read").get(
        f"{API}/voorkeurskanaal", {"partij": str(partij.uuid)}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["kanaal"] == "email" and body["adres"] == "jan@example.nl"
    assert body["bron"] == "standaard_adres"
    assert body["digitaalAdres"].endswith(f"/klantinteracties/api/v1/digitaleadressen/{adres.uuid}")
    assert body["partij"].endswith(f"/klantinteracties/api/v1/partijen/{partij.uuid}")
    assert Verwerkingsactie.objects.get().soort == SoortVerwerking.RAADPLEGEN_PERSOON


def test_voorkeurskanaal_with_a_taak_uses_its_extra_data(make_client):
    from taken import services as taken_services

    partij = make_persoon(bsn=valid_bsn())
    make_digitaal_adres(partij, adres="jan@example.nl", is_standaard_adres=True)
    taak = taken_services.create_taak(
        {
            "title": "Betaal de leges",
            "partij": partij,
            "extra_data": {"voorkeurskanaal": {"soortDigitaalAdres": "portaal"}},
        }
    )

    response = make_client("berichten:read").get(f"{API}/voorkeurskanaal", {"taak": str(taak.uuid)})

    assert response.status_code == 200
    assert response.json()["kanaal"] == "portaal" and response.json()["bron"] == "taak"


def test_voorkeurskanaal_by_bsn_is_logged_hashed_and_an_unknown_bsn_means_portal_only(
    make_client,
):
    client = make_client("berichten:read")
    partij = partij_met_email()
    bsn = _bsn(partij)

    found = client.get(f"{API}/voorkeurskanaal", {"bsn": bsn})
    unknown = client.get(f"{API}/voorkeurskanaal", {"bsn": valid_bsn()})

    assert found.status_code == 200 and found.json()["bron"] == "voorkeur"
    assert unknown.status_code == 200
    assert unknown.json() | {} == {
        "kanaal": "portaal",
        "adres": "",
        "digitaalAdres": None,
        "bron": "geen_adres",
        "toelichting": "Geen bruikbaar adres: alleen het portaal",
        "partij": None,
    }
    logged = list(Verwerkingsactie.objects.order_by("id"))
    assert [row.soort for row in logged] == [SoortVerwerking.ZOEKEN_BSN] * 2
    assert logged[0].partij_uuid == partij.uuid and logged[1].partij_uuid is None
    assert all(row.zoekwaarde.startswith("bsn:") and bsn not in row.zoekwaarde for row in logged)
    assert all("?" not in row.pad for row in logged)


@pytest.mark.parametrize(
    "params, field",
    [
        ({}, "partij"),
        ({"partij": "geen-uuid"}, "partij"),
        ({"partij": "6b0c8a3e-5d1b-4b8e-9a53-0f3f4b1f6a11"}, "partij"),
        ({"bsn": "123456789"}, "bsn"),
        ({"bsn": "12345"}, "bsn"),
        ({"taak": "6b0c8a3e-5d1b-4b8e-9a53-0f3f4b1f6a11"}, "taak"),
        ({"onbekend": "x"}, "onbekend"),
    ],
)
def test_voorkeurskanaal_bad_input_is_a_400_naming_the_field(make_client, params, field):
    response = make_client("berichten:read").get(f"{API}/voorkeurskanaal", params)

    assert response.status_code == 400, response.json()
    assert response["Content-Type"].startswith("application/problem+json")
    assert field in [p["name"] for p in response.json()["invalidParams"]]
    assert not Verwerkingsactie.objects.exists()


def test_partij_and_bsn_together_is_a_400(make_client):
    partij = partij_met_email()
    response = make_client("berichten:read").get(
        f"{API}/voorkeurskanaal", {"partij": str(partij.uuid), "bsn": _bsn(partij)}
    )
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "bsn"


def test_voorkeurskanaal_needs_a_client_with_a_berichten_scope(make_client):
    partij = partij_met_email()
    params = {"partij": str(partij.uuid)}
    from rest_framework.test import APIClient

    assert APIClient().get(f"{API}/voorkeurskanaal", params).status_code == 401
    assert make_client("taken:write").get(f"{API}/voorkeurskanaal", params).status_code == 403
    assert make_client("berichten:write").get(f"{API}/voorkeurskanaal", params).status_code == 200
