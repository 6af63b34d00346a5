from django.apps import AppConfig


class BerichtenConfig(AppConfig):
    name = "berichten"
    verbose_name = "Berichten"

    def ready(self):
        _register_events()
        _register_bezorging()


# --- Events (docs/events.md) -------------------------------------------------------------------
# Berichten publish on `berichten`. A BSN never travels in an event: the kenmerken are the
# berichtType and the handelingsperspectief only.

BERICHTEN = "berichten"


def bericht_kenmerken(bericht) -> dict:
    return {
        "berichtType": bericht.bericht_type,
        "handelingsperspectief": bericht.handelingsperspectief,
    }


def _register_events() -> None:
    from berichten import models
    from klantenregister.events.kanalen import Kanaal, register_kanaal
    from klantenregister.events.services import Resource, register_resource

    register_kanaal(
        Kanaal(
            naam=BERICHTEN,
            kenmerken=("berichtType", "handelingsperspectief"),
            omschrijving="Berichten aan inwoners en ondernemers (MijnOmgeving, voorkeurskanaal).",
        )
    )
    register_resource(
        models.Bericht,
        Resource(BERICHTEN, "bericht", "berichten:bericht-detail", kenmerken=bericht_kenmerken),
    )


def _register_bezorging() -> None:
    # The kanaal backends named in the settings must exist (berichten/bezorging.py).
    from django.core.checks import register

    from berichten import checks

    register(checks.check_kanaal_backends)
