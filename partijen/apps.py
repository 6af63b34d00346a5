from django.apps import AppConfig


class PartijenConfig(AppConfig):
    name = "partijen"
    verbose_name = "Partijen"

    def ready(self):
        _register_events()


# --- Events (docs/events.md) -------------------------------------------------------------------
# Every write in partijen.services records one event on the kanaal `partijen`. Its hoofdObject
# is the partij a row belongs to (a row without partij, and a categorie, stands for itself);
# the kenmerken are those of that partij.

KANAAL = "partijen"
VIEW_NAME = "klantinteracties:{}-detail"


def partij_kenmerken(hoofd) -> dict:
    """nummer, interneNotitie and soortPartij of a partij; {} for anything else.

    Free text can hold a BSN, which must never travel in an event: a 9-digit run that passes
    the 11-proef is masked as in the logs (klantenregister.logging.mask_bsn).
    """
    from klantenregister.logging import mask_bsn
    from partijen.models import Partij

    if not isinstance(hoofd, Partij):
        return {}
    return {
        "nummer": mask_bsn(hoofd.nummer or ""),
        "interneNotitie": mask_bsn(hoofd.interne_notitie or ""),
        "soortPartij": hoofd.soort_partij,
    }


def _own_partij(obj):
    return obj.partij if obj.partij_id is not None else obj


def _register_events() -> None:
    from klantenregister.events.kanalen import Kanaal, register_kanaal
    from klantenregister.events.services import Resource, register_resource
    from partijen import models

    register_kanaal(
        Kanaal(
            naam=KANAAL,
            kenmerken=("nummer", "interneNotitie", "soortPartij"),
            omschrijving="Partijen met hun identificatoren, digitale adressen, "
            "rekeningnummers, vertegenwoordigingen en categorieën.",
        )
    )
    owned_by = {
        models.PartijIdentificator: ("partijidentificator", _own_partij),
        models.DigitaalAdres: ("digitaaladres", _own_partij),
        models.Rekeningnummer: ("rekeningnummer", _own_partij),
        models.CategorieRelatie: ("categorierelatie", _own_partij),
        # The partij that represents the other one (its page lists the vertegenwoordigingen).
        models.Vertegenwoordigden: (
            "vertegenwoordigden",
            lambda obj: obj.vertegenwoordigende_partij,
        ),
    }
    register_resource(
        models.Partij,
        Resource(KANAAL, "partij", VIEW_NAME.format("partij"), kenmerken=partij_kenmerken),
    )
    register_resource(
        models.Categorie, Resource(KANAAL, "categorie", VIEW_NAME.format("categorie"))
    )
    for model, (resource, hoofd) in owned_by.items():
        register_resource(
            model,
            Resource(
                KANAAL,
                resource,
                VIEW_NAME.format(resource),
                hoofd_object=hoofd,
                kenmerken=partij_kenmerken,
            ),
        )
