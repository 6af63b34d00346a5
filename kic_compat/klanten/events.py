"""The one event of a first-generation klanten write (spec §9).

By default the event the equivalent v1 write records (kanaal `partijen`, resource `partij`,
v1 URL). With KIC_NOTIFICATIE_KANALEN=first-gen it is the first-generation notification
instead: kanaal `klanten`, resource `klant`, the first-generation URL, kenmerk `subjectType`.
Neither carries a BSN: the partij kenmerken mask one, and `subjectType` is an enum.
"""

from django.conf import settings

from klantenregister.events.kanalen import Kanaal, register_kanaal
from klantenregister.events.services import object_url, record_event, record_object_event

KANAAL = "klanten"
FIRST_GEN = "first-gen"
VIEW_NAME = "kic:klant-detail"


def register() -> None:
    """Called from KicCompatConfig.ready()."""
    register_kanaal(
        Kanaal(
            naam=KANAAL,
            kenmerken=("subjectType",),
            omschrijving="Eerste generatie Klanten API (alleen met "
            "KIC_NOTIFICATIE_KANALEN=first-gen): klanten.",
        )
    )


def record(partij, actie: str, *, subject_type: str | None) -> None:
    """Record the write's one event, inside the write's transaction (after a delete too: only
    the uuid and the given subject type are read)."""
    if settings.KIC_NOTIFICATIE_KANALEN != FIRST_GEN:
        record_object_event(partij, actie)
        return
    record_event(
        kanaal=KANAAL,
        resource="klant",
        actie=actie,
        resource_url=object_url(VIEW_NAME, partij.uuid),
        kenmerken={"subjectType": subject_type or ""},
    )
