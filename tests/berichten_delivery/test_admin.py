"""The delivery state in the berichten admin: columns, filter, the read-only decision on the
change page, and the "Opnieuw versturen" action (through bezorging.opnieuw_versturen)."""

import pytest
from django.test import Client

from berichten.models import Bericht, Bezorgstatus
from tests.admin.conftest import admin_url
from tests.berichten_delivery.helpers import maak_bericht, partij_met_email
from tests.factories import make_digitaal_adres, make_persoon, valid_bsn

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]


@pytest.fixture
def staff(django_user_model) -> Client:
    user = django_user_model.objects.create_superuser(
        username="beheerder", email="beheer@example.nl", password="een-lang-wachtwoord-123"
    )
    client = Client()
    client.force_login(user)
    return client


def test_the_changelist_shows_and_filters_the_bezorgstatus(
    staff, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        verzonden = maak_bericht(partij=partij_met_email(), onderwerp="Verzonden bericht")
        maak_bericht(partij=make_persoon(bsn=valid_bsn()), onderwerp="Alleen portaal")

    page = staff.get(admin_url(Bericht, "changelist"), {"bezorgstatus__exact": "geen_kanaal"})

    assert page.status_code == 200
    assert [b.onderwerp for b in page.context["cl"].result_list] == ["Alleen portaal"]
    assert "Geen kanaal (alleen in het portaal)" in page.content.decode()
    detail = staff.get(admin_url(Bericht, "change", verzonden.pk)).content.decode()
    assert "Bezorging via het voorkeurskanaal" in detail
    assert "Voorkeursdigitaaladres van de partij" in detail  # kanaal_bron, read-only
    assert "jan@example.nl" in detail


def test_opnieuw_versturen_reaches_a_partij_that_has_an_address_now(
    staff, smtp, django_capture_on_commit_callbacks
):
    partij = make_persoon(bsn=valid_bsn())
    with django_capture_on_commit_callbacks(execute=True):
        bericht = maak_bericht(partij=partij)
        gepland = maak_bericht(partij=partij, publicatie_datum="2999-01-01T00:00:00Z")
    assert Bericht.objects.get(pk=bericht.pk).bezorgstatus == Bezorgstatus.GEEN_KANAAL
    make_digitaal_adres(partij, adres="nieuw@example.nl", is_standaard_adres=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            admin_url(Bericht, "changelist"),
            {"action": "opnieuw_versturen", "_selected_action": [bericht.pk, gepland.pk]},
            follow=True,
        )

    assert response.status_code == 200
    text = response.content.decode()
    assert "1 bericht(en) opnieuw in de wachtrij gezet." in text
    assert "1 bericht(en) overgeslagen" in text
    bericht.refresh_from_db()
    assert (bericht.bezorgstatus, bericht.kanaal, bericht.bezorgadres) == (
        Bezorgstatus.VERZONDEN,
        "email",
        "nieuw@example.nl",
    )
    assert [m.rcpt_tos for m in smtp.ontvangen] == [["nieuw@example.nl"]]
    assert Bericht.objects.get(pk=gepland.pk).bezorgstatus == Bezorgstatus.GEPLAND
