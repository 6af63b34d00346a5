"""The notifications of first-generation verzoeken writes (spec §9): always on kanaal
`verzoeken` (the verzoeken have no v1 counterpart), kenmerk `bronorganisatie` of the verzoek,
hoofdObject the verzoek. `verzoek` for create/update/partial_update/destroy; `klantverzoek`,
`verzoekcontactmoment`, `verzoekinformatieobject` and `verzoekproduct` for create/destroy.
(Objectverzoeken publish nothing: spec §9 names no resource for them.)"""

from klantenregister.events.kanalen import Kanaal, register_kanaal
from klantenregister.events.services import object_url, record_event

KANAAL = "verzoeken"
VERZOEK = "kic:verzoek-detail"
VIEW_NAMES = {
    "verzoek": VERZOEK,
    "klantverzoek": "kic:klantverzoek-detail",
    "verzoekcontactmoment": "kic:verzoekcontactmoment-detail",
    "verzoekinformatieobject": "kic:verzoekinformatieobject-detail",
    "verzoekproduct": "kic:verzoekproduct-detail",
}


def register() -> None:
    """Called from KicCompatConfig.ready()."""
    register_kanaal(
        Kanaal(
            naam=KANAAL,
            kenmerken=("bronorganisatie",),
            omschrijving="Eerste generatie Verzoeken API: verzoeken, klantverzoeken, "
            "verzoekcontactmomenten, verzoekinformatieobjecten en verzoekproducten.",
        )
    )


def record(resource: str, actie: str, obj, *, verzoek) -> None:
    """Record the write's one event inside its transaction. After a delete only the uuids and
    the verzoek's bronorganisatie (still in memory) are read."""
    record_event(
        kanaal=KANAAL,
        resource=resource,
        actie=actie,
        resource_url=object_url(VIEW_NAMES[resource], obj.uuid),
        hoofd_object=object_url(VERZOEK, verzoek.uuid),
        kenmerken={"bronorganisatie": verzoek.bronorganisatie},
    )
