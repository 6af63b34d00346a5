"""Read querysets for klantcontacten, with what the API and admin render, and the history of a
klantcontact (every correction: who, when, what changed)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet

from klantcontacten.models import (
    Actor,
    ActorKlantcontact,
    Betrokkene,
    Bijlage,
    Klantcontact,
    Onderwerpobject,
)
from partijen.models import DigitaalAdres, Partij


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


# --- History ----------------------------------------------------------------------------------

VERWIJDERD = "(verwijderd)"
ACTIES = {"+": "aangemaakt", "~": "gewijzigd", "-": "verwijderd"}
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


@dataclass(frozen=True)
class Wijziging:
    veld: str
    oud: object
    nieuw: object


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


def _tracked_fields(model) -> list:
    return [f for f in model._meta.concrete_fields if f.name not in ("id", "uuid") and f.editable]


def _history_rows(model, klantcontact: Klantcontact) -> list:
    """Every historical row of the objects of `model` that ever belonged to the klantcontact
    (also the ones later moved elsewhere or deleted), oldest first."""
    history = model.history.model.objects
    if model is Klantcontact:
        rows = history.filter(id=klantcontact.pk)
    else:
        belonged = Q(klantcontact_id=klantcontact.pk)
        if model is Onderwerpobject:
            belonged |= Q(was_klantcontact_id=klantcontact.pk)
        rows = history.filter(id__in=history.filter(belonged).values("id"))
    return list(rows.order_by("history_date", "history_id"))


def _value(model_field, row, uuids: dict):
    value = getattr(row, model_field.attname)
    if model_field.is_relation and value is not None:
        # The object may be gone since (a deleted partij); say so rather than show nothing.
        return uuids.get((model_field.related_model, value), VERWIJDERD)
    return value


def klantcontact_historie(klantcontact: Klantcontact) -> list[HistorieRegel]:
    """The history of a klantcontact and its betrokkenen, onderwerpobjecten, bijlagen and
    actor-links: one entry per change, oldest first, with old and new values per field.

    Foreign keys are shown as the uuid of the object they point to. Costs one query per
    model plus one per kind of referenced object, whatever the number of changes.
    """
    per_model = {model: _history_rows(model, klantcontact) for model in RESOURCES}
    # Resolve the ids in foreign-key columns to uuids, one query per referenced model.
    wanted: dict = {}
    for model, rows in per_model.items():
        for model_field in _tracked_fields(model):
            if model_field.is_relation:
                ids = {getattr(row, model_field.attname) for row in rows} - {None}
                wanted.setdefault(model_field.related_model, set()).update(ids)
    uuids = {
        (related, pk): value
        for related, ids in wanted.items()
        if ids
        for pk, value in related.objects.filter(pk__in=ids).values_list("pk", "uuid")
    }
    regels = []
    for model, rows in per_model.items():
        fields = _tracked_fields(model)
        previous = {}
        for row in rows:
            before = previous.get(row.id)
            wijzigingen = []
            if row.history_type != "-":
                for model_field in fields:
                    new = _value(model_field, row, uuids)
                    old = _value(model_field, before, uuids) if before is not None else None
                    if before is None and new in (None, "", {}):
                        continue
                    if before is not None and old == new:
                        continue
                    wijzigingen.append(Wijziging(api_name(model, model_field.name), old, new))
            regels.append(
                HistorieRegel(
                    tijdstip=row.history_date,
                    actie=ACTIES[row.history_type],
                    resource=RESOURCES[model],
                    uuid=row.uuid,
                    actor=row.history_actor or "onbekend",
                    wijzigingen=wijzigingen,
                )
            )
            previous[row.id] = row
    regels.sort(key=lambda regel: regel.tijdstip)
    return regels
