from django.apps import AppConfig


class TakenConfig(AppConfig):
    name = "taken"
    verbose_name = "Taken"

    def ready(self):
        _register_events()


# --- Events (docs/events.md) -------------------------------------------------------------------
# Interne taken publish on `internetaken` (Klantinteracties v1), klanttaken on `taken`.
# A BSN never travels in an event: free text is masked, the identificatie value left out.

INTERNETAKEN = "internetaken"
TAKEN = "taken"


def interne_taak_kenmerken(taak) -> dict:
    from klantenregister.logging import mask_bsn

    return {
        "nummer": taak.nummer or "",
        "gevraagdeHandeling": mask_bsn(taak.gevraagde_handeling),
        "toelichting": mask_bsn(taak.toelichting),
        "status": taak.status,
    }


def taak_kenmerken(taak) -> dict:
    return {
        "status": taak.status,
        "zaak": taak.zaak,
        "identificatie.type": taak.identificatie_type,
    }


def _register_events() -> None:
    from klantenregister.events.kanalen import Kanaal, register_kanaal
    from klantenregister.events.services import Resource, register_resource
    from taken import models

    register_kanaal(
        Kanaal(
            naam=INTERNETAKEN,
            kenmerken=("nummer", "gevraagdeHandeling", "toelichting", "status"),
            omschrijving="Interne taken voor medewerkers, naar aanleiding van klantcontacten.",
        )
    )
    register_kanaal(
        Kanaal(
            naam=TAKEN,
            kenmerken=("status", "zaak", "identificatie.type"),
            omschrijving="Klanttaken: wat de klant in MijnOmgeving moet doen, met deadlines.",
        )
    )
    register_resource(
        models.InterneTaak,
        Resource(
            INTERNETAKEN,
            "internetaak",
            "klantinteracties:internetaak-detail",
            kenmerken=interne_taak_kenmerken,
        ),
    )
    register_resource(
        models.Taak,
        Resource(TAKEN, "taak", "taken:taak-detail", kenmerken=taak_kenmerken),
    )
