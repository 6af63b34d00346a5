"""A bericht for local use (`make run`), made through the services.

It goes to the demo inwoner with BSN 999993653 and announces the demo klanttaak when that
is there (the taken demo loads first). Its fixed referentie marks it, so loading again adds
nothing.
"""

from datetime import timedelta

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from berichten import services
from berichten.models import Bericht

REFERENTIE = "demo-bericht-1"
ZAAK = "https://zaken.gemeente.example.nl/api/v1/zaken/5d8f2b8e-3c4a-4b8f-9a61-2f0d7c1e9a01"
# A minimal, valid one-page PDF, so the download in the API and admin shows something real.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@transaction.atomic
def load_demo_data() -> list[str]:
    """Make the demo bericht when it is missing; returns a line per one created."""
    if Bericht.objects.filter(referentie=REFERENTIE).exists():
        return []
    # The demo klanttaak, found by its marker; taken is on the same layer, so by label.
    taak = (
        apps.get_model("taken", "Taak")
        .objects.filter(verwerker_taak_id="demo-aanvulling-1")
        .first()
    )
    bericht = services.create_bericht(
        {
            "gebruiker_id": "999993653",
            "soort_gebruiker": "Burger",
            "bericht_type": "Verzoek tot aanvulling",
            "onderwerp": "Wij missen nog een document",
            "berichttekst": (
                "Voor uw aanvraag bijzondere bijstand hebben wij nog een kopie van uw loonstrook "
                "nodig. U kunt die aanleveren via MijnOmgeving."
            ),
            "referentie": REFERENTIE,
            "handelingsperspectief": "informatie verstrekken",
            "eind_datum_handelingstermijn": timezone.now() + timedelta(days=10),
            "zaak": ZAAK,
            "taak": taak,
            "bijlagen": [{"omschrijving": "Brief aanvulling", "inhoud": DEMO_PDF}],
        }
    )
    return [f"bericht {bericht.onderwerp}"]
