"""Shared helpers for the klantcontacten API tests: URLs and objects made through the
services (the same functions the API and admin use)."""

from klantcontacten import services
from tests.klantcontacten.helpers import (  # noqa: F401 - re-exported for these tests
    ACTOREN,
    ACTORKLANTCONTACTEN,
    BETROKKENEN,
    BIJLAGEN,
    KLANTCONTACTEN,
    MAAK_KLANTCONTACT,
    ONDERWERPOBJECTEN,
)


def klantcontact(**extra):
    return services.create_klantcontact(
        {"kanaal": "telefoon", "onderwerp": "Afvalpas", "taal": "nld", "vertrouwelijk": False}
        | extra
    )


def betrokkene(klantcontact, partij=None, **extra):
    return services.create_betrokkene(
        {"klantcontact": klantcontact, "partij": partij, "rol": "klant", "initiator": True} | extra
    )


def onderwerpobject(klantcontact=None, object_id="", **extra):
    return services.create_onderwerpobject(
        {
            "klantcontact": klantcontact,
            "onderwerpobjectidentificator": {
                "object_id": object_id,
                "code_objecttype": "zaak" if object_id else "",
            },
        }
        | extra
    )


def bijlage(klantcontact=None, object_id="doc-1"):
    return services.create_bijlage(
        {"klantcontact": klantcontact, "bijlageidentificator": {"object_id": object_id}}
    )


def medewerker(naam="Fatima Yilmaz", **extra):
    return services.create_actor(
        {
            "naam": naam,
            "soort_actor": "medewerker",
            "actor_identificatie": {"functie": "KCC", "telefoonnummer": "0201234567"},
        }
        | extra
    )


def link(actor, klantcontact):
    return services.create_actorklantcontact({"actor": actor, "klantcontact": klantcontact})


def klantcontact_payload(**extra) -> dict:
    return {
        "kanaal": "telefoon",
        "onderwerp": "Vraag over de afvalpas",
        "taal": "nld",
        "vertrouwelijk": False,
    } | extra
