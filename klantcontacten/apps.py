from django.apps import AppConfig


class KlantcontactenConfig(AppConfig):
    name = "klantcontacten"
    verbose_name = "Klantcontacten"

    def ready(self):
        from django.db.models.signals import pre_delete

        from partijen.models import Partij

        # The foreign key from betrokkene to partij lives here, so the rule for deleting a
        # partij that took part in klantcontacten lives here too (partijen cannot know it).
        pre_delete.connect(_detach_betrokkenen, sender=Partij, dispatch_uid="kc.detach_partij")
        _register_events()


def _detach_betrokkenen(sender, instance, **kwargs):
    from klantcontacten.services import detach_partij

    detach_partij(instance)


# --- Events (docs/events.md) -------------------------------------------------------------------
# Every write in klantcontacten.services records one event on the kanaal `klantcontacten`. Its
# hoofdObject is the klantcontact a row belongs to (a row without klantcontact, and an actor,
# stands for itself); the kenmerken are those of that klantcontact.

KANAAL = "klantcontacten"
VIEW_NAME = "klantinteracties:{}-detail"


def klantcontact_kenmerken(hoofd) -> dict:
    """hoofdOnderwerpType, indicatieContactGelukt and verdereActieOndernomen of a
    klantcontact; {} for anything else. (The URL is masked for a BSN as in the logs.)"""
    from klantcontacten.models import Klantcontact
    from klantenregister.logging import mask_bsn

    if not isinstance(hoofd, Klantcontact):
        return {}
    return {
        "hoofdOnderwerpType": mask_bsn(hoofd.hoofd_onderwerp_type or ""),
        "indicatieContactGelukt": hoofd.indicatie_contact_gelukt,
        "verdereActieOndernomen": hoofd.verdere_actie_ondernomen,
    }


def _own_klantcontact(obj):
    return obj.klantcontact if obj.klantcontact_id is not None else obj


def _onderwerpobject_klantcontact(obj):
    # The klantcontact it was the subject of; else the klantcontact it is itself.
    if obj.klantcontact_id is not None:
        return obj.klantcontact
    if obj.was_klantcontact_id is not None:
        return obj.was_klantcontact
    return obj


def _register_events() -> None:
    from klantcontacten import models
    from klantenregister.events.kanalen import Kanaal, register_kanaal
    from klantenregister.events.services import Resource, register_resource

    register_kanaal(
        Kanaal(
            naam=KANAAL,
            kenmerken=("hoofdOnderwerpType", "indicatieContactGelukt", "verdereActieOndernomen"),
            omschrijving="Klantcontacten met hun betrokkenen, onderwerpobjecten, bijlagen en "
            "actoren.",
        )
    )
    register_resource(
        models.Klantcontact,
        Resource(
            KANAAL,
            "klantcontact",
            VIEW_NAME.format("klantcontact"),
            kenmerken=klantcontact_kenmerken,
        ),
    )
    register_resource(models.Actor, Resource(KANAAL, "actor", VIEW_NAME.format("actor")))
    owned_by = {
        models.Betrokkene: ("betrokkene", _own_klantcontact),
        models.Onderwerpobject: ("onderwerpobject", _onderwerpobject_klantcontact),
        models.Bijlage: ("bijlage", _own_klantcontact),
        models.ActorKlantcontact: ("actorklantcontact", _own_klantcontact),
    }
    for model, (resource, hoofd) in owned_by.items():
        register_resource(
            model,
            Resource(
                KANAAL,
                resource,
                VIEW_NAME.format(resource),
                hoofd_object=hoofd,
                kenmerken=klantcontact_kenmerken,
            ),
        )
