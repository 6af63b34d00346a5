"""The audit trail: reading the change history of every model with history
(klantenregister/core/history.py) as "who, when, which field, old → new", per object and
across all models, and exporting it.

Built on django-simple-history's tables (one per model) and `diff_against`. Nothing here
imports a domain app: the models are found in simple-history's registry, so the core stays
below partijen and klantcontacten.

Costs: reading one object's history is one query per model read plus one per kind of
referenced object; a page (or an export chunk) of the trail is one query for the page plus at
most three per model on it. Never one per change.
"""

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import CharField, F, OuterRef, Q, QuerySet, Subquery, UUIDField, Value

from klantenregister.core.history import ActorHistoryModel

VERWIJDERD = "(verwijderd)"
ACTIES = {"+": "aangemaakt", "~": "gewijzigd", "-": "verwijderd"}
EXPORT_FORMATS = ("csv", "jsonl")
CSV_COLUMNS = ("tijdstip", "actie", "model", "object_uuid", "object_id", "actor", "veld")
CSV_COLUMNS += ("oud", "nieuw")


@dataclass(frozen=True)
class Wijziging:
    veld: str  # the model field's name
    oud: object
    nieuw: object


@dataclass(frozen=True)
class AuditRegel:
    """One change of one object: its historical row, with the fields that changed."""

    model: type[models.Model]
    history_id: int
    tijdstip: datetime
    actie: str  # aangemaakt / gewijzigd / verwijderd
    object_id: int
    uuid: UUID | None  # the object's uuid; for a record without one, its owner's
    actor: str
    wijzigingen: list[Wijziging] = field(default_factory=list)

    @property
    def model_label(self) -> str:
        return self.model._meta.label_lower


# --- Which models, which fields ----------------------------------------------------------------


def history_model(model) -> type[models.Model]:
    return getattr(model, model._meta.simple_history_manager_attribute).model


def audited_models() -> list[type[models.Model]]:
    """Every model whose changes are kept with an actor, in app registry order."""
    return [
        model
        for model in apps.get_models()
        if not model._meta.proxy
        and getattr(model._meta, "simple_history_manager_attribute", None)
        and issubclass(history_model(model), ActorHistoryModel)
    ]


def model_by_label(label: str) -> type[models.Model]:
    """The audited model for "app_label.modelname"; LookupError if there is none."""
    for model in audited_models():
        if model._meta.label_lower == label.lower():
            return model
    raise LookupError(label)


def tracked_fields(model) -> list[models.Field]:
    """The fields whose changes are shown: what a person or client can set."""
    return [f for f in model._meta.concrete_fields if f.name not in ("id", "uuid") and f.editable]


def _owner_field(model) -> models.Field | None:
    """For a record without a uuid of its own (a partij's persoon): the one-to-one link to
    the object that owns it, whose uuid identifies it in the trail."""
    for model_field in model._meta.concrete_fields:
        if model_field.one_to_one and _has_uuid(model_field.related_model):
            return model_field
    return None


def _has_uuid(model) -> bool:
    return any(f.name == "uuid" for f in model._meta.concrete_fields)


# --- Values -------------------------------------------------------------------------------------


def _reference_uuids(wanted: dict, *, include_deleted: bool) -> dict:
    """(model, pk) → uuid for the ids in foreign-key columns, one query per referenced model.
    With `include_deleted`, objects that are gone are found in their history table."""
    found = {}
    for related, ids in wanted.items():
        ids -= {None}
        if not ids or not _has_uuid(related):
            continue
        # No ORDER BY inside a UNION (SQLite refuses it; the models have a default ordering).
        rows = related._default_manager.filter(pk__in=ids).order_by().values_list("pk", "uuid")
        has_history = getattr(related._meta, "simple_history_manager_attribute", None)
        if include_deleted and has_history:
            gone = history_model(related).objects.filter(id__in=ids).order_by()
            gone = gone.values_list("id", "uuid")
            rows = rows.union(gone)
        found.update({(related, pk): value for pk, value in rows})
    return found


def _wanted_references(model, rows: Iterable) -> dict:
    wanted: dict = defaultdict(set)
    for model_field in tracked_fields(model):
        if model_field.is_relation:
            wanted[model_field.related_model].update(
                getattr(row, model_field.attname) for row in rows
            )
    return wanted


def _value(model_field, row, uuids: dict):
    value = getattr(row, model_field.attname)
    if model_field.is_relation and value is not None:
        return uuids.get((model_field.related_model, value), VERWIJDERD)
    return value


def _changes(model, row, previous, uuids: dict) -> list[Wijziging]:
    """The fields a historical row changed compared with the object's previous row (all
    filled-in fields for a creation, nothing for a deletion), in the model's field order."""
    if row.history_type == "-":
        return []
    fields = tracked_fields(model)
    if previous is None:
        changed = fields
    else:
        delta = row.diff_against(previous, included_fields=[f.name for f in fields])
        names = set(delta.changed_fields)
        changed = [f for f in fields if f.name in names]
    wijzigingen = []
    for model_field in changed:
        new = _value(model_field, row, uuids)
        if previous is None:
            if new in (None, "", {}):
                continue
            wijzigingen.append(Wijziging(model_field.name, None, new))
        else:
            old = _value(model_field, previous, uuids)
            wijzigingen.append(Wijziging(model_field.name, old, new))
    return wijzigingen


def _regel(model, row, previous, uuids: dict, object_uuid=None) -> AuditRegel:
    uuid = getattr(row, "uuid", None) or object_uuid
    owner = None if uuid is not None else _owner_field(model)
    if owner is not None:
        uuid = uuids.get((owner.related_model, getattr(row, owner.attname)))
    return AuditRegel(
        model=model,
        history_id=row.history_id,
        tijdstip=row.history_date,
        actie=ACTIES[row.history_type],
        object_id=row.id,
        uuid=uuid,
        actor=row.history_actor or "onbekend",
        wijzigingen=_changes(model, row, previous, uuids),
    )


# --- One object and the records it owns ---------------------------------------------------------


def object_history(
    model,
    pk,
    onderdelen: dict | None = None,
    *,
    include_deleted_references: bool = True,
) -> list[AuditRegel]:
    """Every change of the object `model(pk)` and of the records it owns, oldest first.

    `onderdelen` maps an owned model to the names of its foreign keys to the object, e.g.
    `{DigitaalAdres: ("partij",)}`. A record counts when any of its versions pointed to the
    object, so records later moved elsewhere or deleted stay in. References to other objects
    are shown as their uuid; without `include_deleted_references` a reference to an object
    that is gone reads VERWIJDERD.
    """
    per_model = {model: history_model(model).objects.filter(id=pk)}
    for onderdeel, fk_names in (onderdelen or {}).items():
        history = history_model(onderdeel).objects
        belonged = Q()
        for name in fk_names:
            belonged |= Q(**{f"{onderdeel._meta.get_field(name).attname}": pk})
        per_model[onderdeel] = history.filter(id__in=history.filter(belonged).values("id"))
    rows = {
        key: list(queryset.order_by("history_date", "history_id"))
        for key, queryset in per_model.items()
    }
    wanted: dict = defaultdict(set)
    for key, key_rows in rows.items():
        for related, ids in _wanted_references(key, key_rows).items():
            wanted[related].update(ids)
    uuids = _reference_uuids(wanted, include_deleted=include_deleted_references)
    regels = []
    for key, key_rows in rows.items():
        previous: dict = {}
        for row in key_rows:
            regels.append(_regel(key, row, previous.get(row.id), uuids))
            previous[row.id] = row
    # Stable: equal moments keep the object's own rows first, then its records in order.
    regels.sort(key=lambda regel: regel.tijdstip)
    return regels


# --- The whole trail: filter, page, export ------------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    """What the trail is narrowed to; every part optional."""

    models: tuple = ()  # model classes; empty: all
    actor: str = ""  # part of the actor text, case-insensitive
    since: datetime | None = None  # from this moment
    until: datetime | None = None  # up to (not including) this moment
    object_uuid: UUID | None = None  # the object, the records it owns or that refer to it


def _uuid_expression(model):
    if _has_uuid(model):
        return F("uuid")
    owner = _owner_field(model)
    if owner is None:
        return Value(None, output_field=UUIDField())
    owner_history = history_model(owner.related_model).objects
    return Subquery(owner_history.filter(id=OuterRef(owner.attname)).values("uuid")[:1])


def _ids_with_uuid(object_uuid: UUID) -> dict:
    """model → ids of the objects (also deleted ones) that have this uuid."""
    found = {}
    for model in audited_models():
        if _has_uuid(model):
            ids = history_model(model).objects.filter(uuid=object_uuid).values("id")
            found[model] = ids
    return found


def _about_object(model, object_uuid: UUID, ids_with_uuid: dict) -> Q:
    """The rows of `model` of the object with this uuid or pointing to it (a partij's
    identificatoren and digitale adressen, its persoon, a betrokkene of it)."""
    condition = Q(uuid=object_uuid) if _has_uuid(model) else Q(pk__in=[])
    for model_field in tracked_fields(model) + [_owner_field(model)]:
        if model_field is None or not model_field.is_relation:
            continue
        ids = ids_with_uuid.get(model_field.related_model)
        if ids is not None:
            condition |= Q(**{f"{model_field.attname}__in": ids})
    return condition


def audit_trail(audit_filter: AuditFilter | None = None) -> QuerySet:
    """The changes matching the filter across every audited model, newest first, as one
    UNION query of (model_label, history_id, history_date, history_type, history_actor,
    object_uuid) rows; page or iterate it, then `describe()` the rows."""
    audit_filter = audit_filter or AuditFilter()
    wanted = audit_filter.models or tuple(audited_models())
    ids_with_uuid = _ids_with_uuid(audit_filter.object_uuid) if audit_filter.object_uuid else {}
    parts = []
    for model in wanted:
        rows = history_model(model).objects.order_by()  # no ORDER BY inside the UNION
        if audit_filter.actor:
            rows = rows.filter(history_actor__icontains=audit_filter.actor)
        if audit_filter.since is not None:
            rows = rows.filter(history_date__gte=audit_filter.since)
        if audit_filter.until is not None:
            rows = rows.filter(history_date__lt=audit_filter.until)
        if audit_filter.object_uuid is not None:
            rows = rows.filter(_about_object(model, audit_filter.object_uuid, ids_with_uuid))
        parts.append(
            rows.annotate(
                model_label=Value(model._meta.label_lower, output_field=CharField()),
                object_uuid=_uuid_expression(model),
            ).values(
                "history_id",
                "history_date",
                "history_type",
                "history_actor",
                "model_label",
                "object_uuid",
            )
        )
    first, *rest = parts
    combined = first.union(*rest, all=True) if rest else first
    return combined.order_by("-history_date", "-history_id", "model_label")


def describe(rows: Iterable[dict]) -> list[AuditRegel]:
    """AuditRegels for rows of `audit_trail()`, in the same order, with each change's fields
    compared with the object's previous version (which may lie outside the rows)."""
    rows = list(rows)
    by_model: dict = defaultdict(list)
    for row in rows:
        by_model[row["model_label"]].append(row["history_id"])
    found = {}
    for label, history_ids in by_model.items():
        model = model_by_label(label)
        history = history_model(model).objects
        earlier = history.filter(id=OuterRef("id")).filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        current = list(
            history.filter(history_id__in=history_ids).annotate(
                previous_history_id=Subquery(
                    earlier.order_by("-history_date", "-history_id").values("history_id")[:1]
                )
            )
        )
        previous_ids = {row.previous_history_id for row in current} - {None}
        previous = history.in_bulk(previous_ids, field_name="history_id") if previous_ids else {}
        uuids = _reference_uuids(
            _wanted_references(model, [*current, *previous.values()]), include_deleted=True
        )
        for row in current:
            found[(label, row.history_id)] = (model, row, previous.get(row.previous_history_id))
        found.update({(label, "uuids"): uuids})
    regels = []
    for row in rows:
        model, history_row, previous = found[(row["model_label"], row["history_id"])]
        uuids = found[(row["model_label"], "uuids")]
        regels.append(_regel(model, history_row, previous, uuids, row["object_uuid"]))
    return regels


def iterate_trail(audit_filter: AuditFilter | None = None, chunk_size: int = 500):
    """Every matching change as an AuditRegel, newest first, read in chunks (a server-side
    cursor on PostgreSQL), so a large export never holds the whole trail in memory."""
    chunk = []
    for row in audit_trail(audit_filter).iterator(chunk_size=chunk_size):
        chunk.append(row)
        if len(chunk) >= chunk_size:
            yield from describe(chunk)
            chunk = []
    if chunk:
        yield from describe(chunk)


# --- Export ---------------------------------------------------------------------------------


def _plain(value):
    """A value as JSON or CSV carries it."""
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def as_json(regel: AuditRegel) -> dict:
    return {
        "tijdstip": regel.tijdstip.isoformat(),
        "actie": regel.actie,
        "model": regel.model_label,
        "object_uuid": _plain(regel.uuid),
        "object_id": regel.object_id,
        "actor": regel.actor,
        "wijzigingen": [
            {"veld": w.veld, "oud": _plain(w.oud), "nieuw": _plain(w.nieuw)}
            for w in regel.wijzigingen
        ],
    }


# A cell a spreadsheet would run as a formula; "+31 6…" and "-12" stay as they are.
_FORMULA = re.compile(r"^[=@\t\r]|^[+-](?![\d\s]*$)")


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        value = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    elif isinstance(value, bool):
        value = "true" if value else "false"
    else:
        value = str(_plain(value))
    return "'" + value if _FORMULA.match(value) else value


def csv_lines(regels: Iterable[AuditRegel]) -> Iterator[str]:
    """The trail as CSV text, a header line first, then one line per changed field (a
    change without fields, such as a deletion, is one line with an empty veld)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield flush()
    for regel in regels:
        head = [
            regel.tijdstip.isoformat(),
            regel.actie,
            regel.model_label,
            _csv_cell(regel.uuid),
            regel.object_id,
            _csv_cell(regel.actor),
        ]
        for wijziging in regel.wijzigingen or [None]:
            if wijziging is None:
                writer.writerow([*head, "", "", ""])
            else:
                writer.writerow(
                    [*head, wijziging.veld, _csv_cell(wijziging.oud), _csv_cell(wijziging.nieuw)]
                )
        yield flush()


def jsonl_lines(regels: Iterable[AuditRegel]) -> Iterator[str]:
    """The trail as JSON Lines: one object per change with its list of wijzigingen."""
    for regel in regels:
        yield json.dumps(as_json(regel), cls=DjangoJSONEncoder, ensure_ascii=False) + "\n"


def export_lines(regels: Iterable[AuditRegel], export_format: str) -> Iterator[str]:
    if export_format == "csv":
        return csv_lines(regels)
    if export_format == "jsonl":
        return jsonl_lines(regels)
    raise ValueError(f"Unknown export format {export_format!r}; use one of {EXPORT_FORMATS}.")
