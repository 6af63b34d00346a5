"""The one event of a first-generation contactmomenten write (spec §9).

By default the event the equivalent v1 write records (kanaal `klantcontacten`, v1 URLs). With
KIC_NOTIFICATIE_KANALEN=first-gen it is the first-generation notification instead: kanaal
`contactmomenten`, resource `contactmoment` / `klantcontactmoment` / `objectcontactmoment`,
first-generation URLs, kenmerken `bronorganisatie` and `kanaal` of the contactmoment.
"""

from django.conf import settings

from kic_compat.contactmomenten import mapping
from klantcontacten.models import Betrokkene, Klantcontact, Onderwerpobject
from klantenregister.events.kanalen import Kanaal, register_kanaal
from klantenregister.events.services import object_url, record_event, record_object_event

KANAAL = "contactmomenten"
FIRST_GEN = "first-gen"

# Resource name and view name (namespace `kic`) of each model in the first-generation API.
RESOURCES = {
    Klantcontact: ("contactmoment", "kic:contactmoment-detail"),
    Betrokkene: ("klantcontactmoment", "kic:klantcontactmoment-detail"),
    Onderwerpobject: ("objectcontactmoment", "kic:objectcontactmoment-detail"),
}


def register() -> None:
    """Called from KicCompatConfig.ready()."""
    register_kanaal(
        Kanaal(
            naam=KANAAL,
            kenmerken=("bronorganisatie", "kanaal"),
            omschrijving="Eerste generatie Contactmomenten API (alleen met "
            "KIC_NOTIFICATIE_KANALEN=first-gen): contactmomenten, klantcontactmomenten en "
            "objectcontactmomenten.",
        )
    )


def kenmerken(contactmoment: Klantcontact) -> dict:
    return {
        "bronorganisatie": mapping.bronorganisatie(contactmoment),
        "kanaal": mapping.kanaal(contactmoment),
    }


def record(obj, actie: str, *, contactmoment: Klantcontact, kenmerken_vooraf=None) -> None:
    """Record the write's one event; inside the write's transaction. For a destroy, pass the
    kenmerken read before the delete (`kenmerken_vooraf`)."""
    if settings.KIC_NOTIFICATIE_KANALEN != FIRST_GEN:
        record_object_event(obj, actie)
        return
    resource, view_name = RESOURCES[type(obj)]
    record_event(
        kanaal=KANAAL,
        resource=resource,
        actie=actie,
        resource_url=object_url(view_name, obj.uuid),
        hoofd_object=object_url("kic:contactmoment-detail", contactmoment.uuid),
        kenmerken=kenmerken_vooraf if kenmerken_vooraf is not None else kenmerken(contactmoment),
    )
