"""Change history ("wie, wanneer, wat") on top of django-simple-history.

A model that must keep every correction declares `history = historical_records()` (or, when
columns are added after the class, is passed to `register_history()`). Each save and delete
then writes a row in its historical table, stamped with who made the change:

- a staff user in the admin: `history_user` (the Django user) and "medewerker <username>";
- an API client: `history_api_client` and "applicatie <naam>" (an API client is not a Django
  user, so simple-history's own user column stays empty); with a JWT-ZGW token that names its
  user, "applicatie <naam> (gebruiker <user_representation or user_id>)";
- outside a request, whatever runs declares itself with `acting_as(...)`: management commands
  built on `AuditedCommand` as "beheer: manage.py <command>", Celery tasks as "taak <name>"
  (task_prerun/task_postrun, connected in CoreConfig.ready); anything else is "systeem".

The request comes from simple-history's HistoryRequestMiddleware; DRF copies the
authenticated client onto the underlying Django request, so API writes are attributed too.
The request wins over `acting_as`: an eager task started by an API call is that client's.
"""

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

import simple_history
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import models
from simple_history.models import HistoricalRecords

SYSTEEM = "systeem"

# The actor declared for work outside a request (a command, a task); None: not declared.
_acting_actor: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "history_acting_actor", default=None
)


class ActorHistoryModel(models.Model):
    """Extra columns on every historical table: the API client and a readable actor."""

    history_api_client = models.ForeignKey(
        "core.ApiClient",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_constraint=False,
        related_name="+",
    )
    history_actor = models.CharField(max_length=250, blank=True)

    class Meta:
        abstract = True


def _django_user(request, **kwargs):
    """simple-history's user column holds only Django users (staff), never an API client."""
    user = getattr(request, "user", None)
    if isinstance(user, get_user_model()) and user.is_authenticated:
        return user
    return None


def _records_config() -> dict:
    return {"bases": [ActorHistoryModel], "get_user": _django_user, "user_db_constraint": False}


class ActorHistoricalRecords(HistoricalRecords):
    """HistoricalRecords that keep no row for a save that changed nothing (for example a
    service saving the voorkeuren right after creating a partij): such a row would be an
    empty "gewijzigd" in the audit trail. Costs one indexed read per update."""

    def post_save(self, instance, created, using=None, **kwargs):
        if not created and not kwargs.get("raw", False) and self._unchanged(instance, using):
            return
        super().post_save(instance, created, using=using, **kwargs)

    def _unchanged(self, instance, using) -> bool:
        latest = getattr(instance, self.manager_name).using(using).first()
        if latest is None or latest.history_type == "-":
            return False
        return all(
            getattr(latest, model_field.attname) == getattr(instance, model_field.attname)
            for model_field in self.fields_included(instance)
        )


def historical_records(**kwargs) -> HistoricalRecords:
    return ActorHistoricalRecords(**_records_config(), **kwargs)


def register_history(model, **kwargs) -> None:
    """History for a model whose columns are (partly) added after its class statement, as
    Partij's address fields are: `historical_records()` on the class would build the
    historical model before those columns exist. Call it after the last `add_to_class`."""
    simple_history.register(
        model, records_class=ActorHistoricalRecords, **_records_config(), **kwargs
    )


@contextmanager
def acting_as(actor: str) -> Iterator[None]:
    """Attribute every change made inside the block (outside a request) to `actor`, e.g.
    `with acting_as("beheer: manage.py load_demo_data"): ...`."""
    token = _acting_actor.set(actor)
    try:
        yield
    finally:
        _acting_actor.reset(token)


ACTOR_MAX_LENGTH = 250


def describe_client(client) -> str:
    """ "applicatie <naam>", and with a JWT-ZGW token that names the person working in the
    application (`user_representation`, else `user_id`) "applicatie <naam> (gebruiker <wie>)";
    cut to the 250 characters the actor columns hold."""
    actor = f"applicatie {client.naam}"
    gebruiker = getattr(client, "jwt_user_representation", "") or getattr(client, "jwt_user_id", "")
    if gebruiker:
        actor = f"{actor} (gebruiker {gebruiker})"
    return actor[:ACTOR_MAX_LENGTH]


def describe_actor(request) -> tuple[object | None, str]:
    """(api client or None, readable actor) for the request behind a change; without a
    request (or an anonymous one) the actor declared with `acting_as`, else "systeem"."""
    from klantenregister.core.models import ApiClient

    user = getattr(request, "user", None) if request is not None else None
    if isinstance(user, ApiClient):
        return user, describe_client(user)
    if user is not None and getattr(user, "is_authenticated", False):
        return None, f"medewerker {user.get_username()}"
    return None, _acting_actor.get() or SYSTEEM


def current_actor() -> tuple[object | None, str]:
    """(api client or None, readable actor) of whoever is changing data right now."""
    return describe_actor(getattr(HistoricalRecords.context, "request", None))


def stamp_actor(sender, history_instance, **kwargs) -> None:
    """pre_create_historical_record receiver: fill the actor columns from the request."""
    if not isinstance(history_instance, ActorHistoryModel):
        return
    client, actor = current_actor()
    history_instance.history_api_client = client
    history_instance.history_actor = actor


# --- Outside a request: management commands and Celery tasks ----------------------------------


class AuditedCommand(BaseCommand):
    """Base for this project's management commands: every change the command makes is
    attributed to "beheer: manage.py <command>" (simple-history has no hook for commands)."""

    def execute(self, *args, **options):
        name = self.__module__.rsplit(".", 1)[-1]
        with acting_as(f"beheer: manage.py {name}"):
            return super().execute(*args, **options)


# Task id → token of its acting_as, reset when the task ends (eager or in a worker).
_task_tokens: dict[str, contextvars.Token] = {}


def task_started(sender=None, task_id=None, task=None, **kwargs) -> None:
    name = getattr(task, "name", None) or getattr(sender, "name", "onbekend")
    _task_tokens[task_id] = _acting_actor.set(f"taak {name}")


def task_finished(sender=None, task_id=None, **kwargs) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is None:
        return
    try:
        _acting_actor.reset(token)
    except ValueError:  # set in another context (a pool thread): just clear it
        _acting_actor.set(None)
