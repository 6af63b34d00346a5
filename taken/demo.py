"""A klanttaak and an interne taak for local use (`make run`), made through the services.

They build on the demo partijen and klantcontacten. Each carries a fixed marker
(verwerker_taak_id, referentienummer), so loading again adds nothing.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from klantcontacten.models import Actor, Klantcontact
from taken import services
from taken.models import InterneTaak, Taak

ZAAK = "https://zaken.gemeente.example.nl/api/v1/zaken/5d8f2b8e-3c4a-4b8f-9a61-2f0d7c1e9a01"


@transaction.atomic
def load_demo_data() -> list[str]:
    """Make the demo taken that are missing; returns a line per one created."""
    created = []
    if not Taak.objects.filter(verwerker_taak_id="demo-aanvulling-1").exists():
        taak = services.create_taak(
            {
                "title": "Lever een kopie van uw loonstrook aan",
                "onderwerp": "Aanvulling aanvraag bijzondere bijstand",
                "toelichting": "Wij missen nog uw loonstrook van de afgelopen maand.",
                "zaak": ZAAK,
                "actie_type": "url",
                "actie_value": "https://mijn.gemeente.example.nl/aanvullen/demo-1",
                "identificatie_type": "bsn",
                "identificatie_value": "999993653",
                "verwerker_taak_id": "demo-aanvulling-1",
                "vervaldatum": timezone.now() + timedelta(days=10),
                "verloopdatum": timezone.now() + timedelta(days=30),
                "eigenaar": "demo-zaaksysteem",
            }
        )
        created.append(f"klanttaak {taak.title}")
    klantcontact = Klantcontact.objects.filter(referentienummer="9000000002").first()
    medewerker = Actor.objects.filter(soort_actor="medewerker").order_by("pk").first()
    if (
        klantcontact is not None
        and medewerker is not None
        and not InterneTaak.objects.filter(referentienummer="9100000001").exists()
    ):
        interne_taak = services.create_interne_taak(
            {
                "referentienummer": "9100000001",
                "gevraagde_handeling": "Bel de ondernemer terug over de terrasvergunning",
                "klantcontact": klantcontact,
                "status": "te_verwerken",
                "actoren": [medewerker],
            }
        )
        created.append(f"interne taak {interne_taak.nummer} {interne_taak.gevraagde_handeling}")
    return created
