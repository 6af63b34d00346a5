"""The berichten back office: compose a bericht for a partij through the services, the
changelist filters, read-only bijlagen with a download, and the link on the partij page."""

import os
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from berichten import services
from berichten.models import Bericht, BerichtBijlage
from klantenregister.events.models import Event
from tests.admin.conftest import admin_url, errors_of, page_form_data
from tests.berichten.conftest import PDF
from tests.factories import make_persoon, valid_bsn

pytestmark = pytest.mark.django_db


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
    bsn = valid_bsn()
    partij = make_persoon(bsn=bsn)
    partij.test_bsn = bsn
    return partij


def _add_data(staff, voor, **fields) -> dict:
    response = staff.get(admin_url(Bericht, "add"), {"partij": voor.pk})
    assert response.status_code == 200
    data = page_form_data(response)
    data.update(
        {
            "bericht_type": "Aanslag",
            "onderwerp": "Uw aanslag 2027",
            "berichttekst": "In de bijlage vindt u uw aanslag.",
            "handelingsperspectief": "betalen",
        }
    )
    data.update(fields)
    return data


def test_compose_a_bericht_for_a_partij_with_a_pdf(staff, jan):
    data = _add_data(staff, jan, gebruiker_id="")
    data["bijlage"] = SimpleUploadedFile("aanslag.pdf", PDF, content_type="application/pdf")
    data["bijlage_omschrijving"] = "Aanslag"

    response = staff.post(admin_url(Bericht, "add"), data)

    assert response.status_code == 302, errors_of(response)
    bericht = Bericht.objects.get()
    assert bericht.partij == jan and bericht.gebruiker_id == jan.test_bsn
    (bijlage,) = bericht.bijlagen.all()
    assert (bijlage.volgorde, bijlage.omschrijving) == (1, "Aanslag")
    assert bijlage.inhoud.read() == PDF
    # The dry run that validated the form wrote no file of its own.
    assert os.listdir(os.path.dirname(bijlage.inhoud.path)) == [
        os.path.basename(bijlage.inhoud.name)
    ]
    event = Event.objects.get(kanaal="berichten")
    assert (event.actie, event.actor) == ("create", "medewerker beheerder")

    page = staff.get(admin_url(Bericht, "change", bericht.pk))
    assert page.status_code == 200
    download = staff.get(f"/admin/berichten/bericht/{bericht.pk}/bijlagen/1/download/")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF
    assert staff.get(admin_url(Bericht, "history", bericht.pk)).status_code == 200


def test_the_add_page_prefills_the_bsn_of_the_partij(staff, jan):
    response = staff.get(admin_url(Bericht, "add"), {"partij": jan.pk})
    assert response.context["adminform"].form["gebruiker_id"].value() == jan.test_bsn


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"onderwerp": "x" * 51}, "onderwerp"),
        ({"gebruiker_id": "123456789"}, "gebruiker_id"),
        ({"gebruiker_id": "", "partij": ""}, "gebruiker_id"),
    ],
)
def test_service_errors_show_on_the_field_and_store_nothing(staff, jan, fields, field):
    response = staff.post(admin_url(Bericht, "add"), _add_data(staff, jan, **fields))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not Bericht.objects.exists() and not Event.objects.filter(kanaal="berichten").exists()


def test_a_file_that_is_no_pdf_is_refused(staff, jan):
    data = _add_data(staff, jan)
    data["bijlage"] = SimpleUploadedFile("foto.pdf", b"GIF89a....", content_type="application/pdf")
    response = staff.post(admin_url(Bericht, "add"), data)
    assert "bijlage" in response.context["adminform"].form.errors
    assert not BerichtBijlage.objects.exists()


def test_published_content_is_refused_on_the_field(staff, jan):
    bericht = services.create_bericht({"partij": jan, "onderwerp": "Oud"})
    url = admin_url(Bericht, "change", bericht.pk)
    data = page_form_data(staff.get(url))
    data["onderwerp"] = "Nieuw"
    response = staff.post(url, data)
    assert "onderwerp" in response.context["adminform"].form.errors
    assert Bericht.objects.get().onderwerp == "Oud"


def test_changelist_filters_and_read_state(staff, jan):
    gelezen = services.create_bericht({"partij": jan, "onderwerp": "gelezen", "bericht_type": "A"})
    services.markeer_geopend(gelezen)
    services.create_bericht({"partij": jan, "onderwerp": "nieuw", "bericht_type": "B"})
    services.create_bericht(
        {
            "partij": jan,
            "onderwerp": "gepland",
            "publicatie_datum": timezone.now() + timedelta(days=3),
        }
    )

    def onderwerpen(**params):
        response = staff.get(admin_url(Bericht, "changelist"), params)
        assert response.status_code == 200
        return {b.onderwerp for b in response.context["cl"].result_list}

    assert onderwerpen(geopend__exact="1") == {"gelezen"}
    assert onderwerpen(geopend__exact="0") == {"nieuw", "gepland"}
    assert onderwerpen(zichtbaar="gepland") == {"gepland"}
    assert onderwerpen(zichtbaar="ja") == {"gelezen", "nieuw"}
    assert onderwerpen(bericht_type="B") == {"nieuw"}
    assert onderwerpen(partij=str(jan.pk)) == {"gelezen", "nieuw", "gepland"}


def test_the_partij_page_links_to_its_berichten(staff, jan):
    services.create_bericht({"partij": jan, "onderwerp": "een"})
    services.markeer_geopend(services.create_bericht({"partij": jan, "onderwerp": "twee"}))
    html = staff.get(admin_url(type(jan), "change", jan.pk)).content.decode()
    assert "Berichten aan deze partij (1 ongelezen)" in html
    assert f"/admin/berichten/bericht/?partij={jan.pk}" in html
    # The sections of the apps below stay.
    assert "Klanttaken van deze partij" in html
