"""Read querysets for klantcontacten, with what the API and admin render, and the history of a
klantcontact (every correction: who, when, what changed)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from klantcontacten.models import (
    Actor,
    ActorKlantcontact,
    Betrokkene,
    Bijlage,
    Klantcontact,
    Onderwerpobject,
)
from klantenregister.core import audit
from partijen.models import DigitaalAdres, Partij, PartijIdentificator


def _refs(model, *fk_names: str) -> QuerySet:
    """Rows reduced to what a {uuid, url} reference needs."""
    return model.objects.only("uuid", *fk_names)


def klantcontacten() -> QuerySet[Klantcontact]:
    """Klantcontacten with every reference the representation shows, in a fixed number of
    queries whatever the page size."""
    prefetches = [
        Prefetch("betrokkenen", queryset=_refs(Betrokkene, "klantcontact_id")),
        Prefetch("onderwerpobjecten", queryset=_refs(Onderwerpobject, "klantcontact_id")),
        Prefetch("bijlagen", queryset=_refs(Bijlage, "klantcontact_id")),
        Prefetch("actoren", queryset=Actor.objects.order_by("actorklantcontacten__pk")),
    ]
    # InterneTaak lives in the taken app, above this one; it adds `interne_taken`.
    if hasattr(Klantcontact, "interne_taken"):
        prefetches.append("interne_taken")
    return Klantcontact.objects.prefetch_related(*prefetches)


def betrokkenen() -> QuerySet[Betrokkene]:
    return Betrokkene.objects.select_related("klantcontact", "partij").prefetch_related(
        Prefetch("digitale_adressen", queryset=_refs(DigitaalAdres, "betrokkene_id"))
    )


def gezochte_partijen(klantcontacten, identificator: Q) -> list[Partij]:
    """The partijen that took part in these klantcontacten and have an identificator matching
    `identificator`: the persons a search of klantcontacten by BSN (or KVK) looked up."""
    return list(
        Partij.objects.filter(betrokkenen__klantcontact__in=klantcontacten)
        .filter(Exists(PartijIdentificator.objects.filter(identificator, partij=OuterRef("pk"))))
        .distinct()
        .only("uuid", "soort_partij", "indicatie_geheimhouding")
    )


def onderwerpobjecten() -> QuerySet[Onderwerpobject]:
    return Onderwerpobject.objects.select_related("klantcontact", "was_klantcontact")


def bijlagen() -> QuerySet[Bijlage]:
    return Bijlage.objects.select_related("klantcontact")


def actoren() -> QuerySet[Actor]:
    return Actor.objects.all()


def actorklantcontacten() -> QuerySet[ActorKlantcontact]:
    return ActorKlantcontact.objects.select_related("actor", "klantcontact")


def klantcontacten_van_partij(partij: Partij) -> QuerySet[Klantcontact]:
    """The klantcontacten in which the partij took part, newest first, each once."""
    return Klantcontact.objects.filter(
        pk__in=Betrokkene.objects.filter(partij=partij).values("klantcontact_id")
    ).order_by("-plaatsgevonden_op", "-pk")


# --- History ---------------------------------------------------------------------------------

VERWIJDERD = audit.VERWIJDERD
# Model field → name in the API, where they differ (other names are camelCased, and the
# flattened gegevensgroepen become "<groep>.<veld>").
API_NAMES = {
    Betrokkene: {"partij": "wasPartij", "klantcontact": "hadKlantcontact"},
    Bijlage: {"klantcontact": "wasBijlageVanKlantcontact"},
}
GROUPS = (
    "bezoekadres",
    "correspondentieadres",
    "contactnaam",
    "onderwerpobjectidentificator",
    "bijlageidentificator",
)
RESOURCES = {
    Klantcontact: "klantcontact",
    Betrokkene: "betrokkene",
    Onderwerpobject: "onderwerpobject",
    Bijlage: "bijlage",
    ActorKlantcontact: "actorklantcontact",
}
# The parts of a klantcontact in its history, with their links to it.
KLANTCONTACT_ONDERDELEN = {
    Betrokkene: ("klantcontact",),
    Onderwerpobject: ("klantcontact", "was_klantcontact"),
    Bijlage: ("klantcontact",),
    ActorKlantcontact: ("klantcontact",),
}
Wijziging = audit.Wijziging


@dataclass(frozen=True)
class HistorieRegel:
    """One change to a klantcontact or one of its parts."""

    tijdstip: datetime
    actie: str  # aangemaakt / gewijzigd / verwijderd
    resource: str  # klantcontact / betrokkene / onderwerpobject / bijlage / actorklantcontact
    uuid: object
    actor: str
    wijzigingen: list[Wijziging] = field(default_factory=list)


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.capitalize() for part in rest)


def api_name(model, field_name: str) -> str:
    if field_name in API_NAMES.get(model, {}):
        return API_NAMES[model][field_name]
    for group in GROUPS:
        if field_name.startswith(f"{group}_"):
            return f"{group}.{_camel(field_name[len(group) + 1 :])}"
    return _camel(field_name)


def klantcontact_historie(klantcontact: Klantcontact) -> list[HistorieRegel]:
    """The history of a klantcontact and its betrokkenen, onderwerpobjecten, bijlagen and
    actor-links (also the ones later moved elsewhere or deleted): one entry per change, oldest
    first, with old and new values per field under their API names.

    Read by the shared audit reader (klantenregister/core/audit.py). Foreign keys are shown as
    the uuid of the object they point to, VERWIJDERD when it is gone. Costs one query per
    model plus one per kind of referenced object, whatever the number of changes.
    """
    regels = audit.object_history(
        Klantcontact,
        klantcontact.pk,
        KLANTCONTACT_ONDERDELEN,
        include_deleted_references=False,
    )
    return [
        HistorieRegel(
            tijdstip=regel.tijdstip,
            actie=regel.actie,
            resource=RESOURCES[regel.model],
            uuid=regel.uuid,
            actor=regel.actor,
            wijzigingen=[
                Wijziging(api_name(regel.model, w.veld), w.oud, w.nieuw) for w in regel.wijzigingen
            ],
        )
        for regel in regels
    ]
