"""A few klantcontacten for local use (`make run`), recorded through the services.

They build on the demo partijen of partijen/demo.py. Each demo contact carries a fixed
referentienummer, so loading again adds nothing.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from klantcontacten import services
from klantcontacten.models import Actor, Klantcontact
from partijen.selectors import partij_by_identificator

MEDEWERKER = {
    "naam": "Fatima El Amrani",
    "soort_actor": "medewerker",
    "actoridentificator": {"object_id": "famrani", "code_register": "ad"},
    "actor_identificatie": {
        "functie": "KCC-medewerker",
        "emailadres": "f.elamrani@gemeente.example.nl",
        "telefoonnummer": "0201234567",
    },
}

# (referentienummer, identificator of the partij or None for an anonymous contact, days ago,
#  klantcontact fields, betrokkene fields, zaak uuid or None)
DEMO_CONTACTEN = [
    (
        "9000000001",
        ("bsn", "999993653"),
        2,
        {
            "kanaal": "telefoon",
            "onderwerp": "Vraag over de aanvraag van een afvalpas",
            "inhoud": "Inwoner vraagt wanneer de afvalpas wordt bezorgd.",
            "reactie": "Bezorging binnen vijf werkdagen toegezegd.",
            "indicatie_contact_gelukt": True,
        },
        {"rol": "klant", "initiator": True},
        "5d8f2b8e-3c4a-4b8f-9a61-2f0d7c1e9a01",
    ),
    (
        "9000000002",
        ("kvk_nummer", "69599084"),
        1,
        {
            "kanaal": "e-mail",
            "onderwerp": "Terrasvergunning zomerseizoen",
            "inhoud": "Ondernemer vraagt naar de stand van de aanvraag.",
            "indicatie_contact_gelukt": None,
        },
        {"rol": "vertegenwoordiger", "initiator": True, "organisatienaam": "Bakkerij De Korrel"},
        "8a3e6c1f-0b7d-4e25-8f4a-6d9b2c7e1f02",
    ),
    (
        "9000000003",
        None,
        0,
        {
            "kanaal": "balie",
            "onderwerp": "Informatie over parkeervergunning",
            "inhoud": "Anonieme bezoeker vraagt naar de tarieven.",
            "indicatie_contact_gelukt": True,
        },
        {"rol": "klant", "initiator": True, "contactnaam": {"achternaam": "onbekend"}},
        None,
    ),
]


def _zaak(uuid: str) -> dict:
    return {
        "onderwerpobjectidentificator": {
            "object_id": uuid,
            "code_objecttype": "zaak",
            "code_register": "open-zaak",
            "code_soort_object_id": "uuid",
        }
    }


@transaction.atomic
def load_demo_data() -> list[str]:
    """Record the demo klantcontacten that are missing; returns a line per one created."""
    created = []
    medewerker = Actor.objects.filter(naam=MEDEWERKER["naam"]).first()
    if medewerker is None:
        medewerker = services.create_actor(MEDEWERKER)
        created.append(f"actor {medewerker}")
    for referentie, key, days_ago, fields, betrokkene, zaak in DEMO_CONTACTEN:
        if Klantcontact.objects.filter(referentienummer=referentie).exists():
            continue
        partij = partij_by_identificator(*key) if key else None
        if key and partij is None:
            continue  # the demo partij was removed; nothing to attach this contact to
        gemaakt = services.maak_klantcontact(
            {
                **fields,
                "referentienummer": referentie,
                "taal": "nld",
                "vertrouwelijk": False,
                "plaatsgevonden_op": timezone.now() - timedelta(days=days_ago),
            },
            {**betrokkene, "partij": partij},
            _zaak(zaak) if zaak else None,
        )
        services.create_actorklantcontact(
            {"actor": medewerker, "klantcontact": gemaakt.klantcontact}
        )
        created.append(f"klantcontact {gemaakt.klantcontact.nummer} {fields['onderwerp']}")
    return created
