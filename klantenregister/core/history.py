"""Change history ("wie, wanneer, wat") on top of django-simple-history.

A model that must keep every correction declares `history = historical_records()`. Each save
and delete then writes a row in its historical table, stamped with who made the change:

- a staff user in the admin: `history_user` (the Django user) and a readable `history_actor`;
- an API client: `history_api_client` and its naam in `history_actor` (an API client is not a
  Django user, so simple-history's own user column stays empty);
- anything else (Celery, manage.py, the demo loader): `history_actor` "systeem".

The request comes from simple-history's HistoryRequestMiddleware; DRF copies the
authenticated client onto the underlying Django request, so API writes are attributed too.
"""

from django.contrib.auth import get_user_model
from django.db import models
from simple_history.models import HistoricalRecords

SYSTEEM = "systeem"


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


def historical_records(**kwargs) -> HistoricalRecords:
    return HistoricalRecords(
        bases=[ActorHistoryModel], get_user=_django_user, user_db_constraint=False, **kwargs
    )


def describe_actor(request) -> tuple[object | None, str]:
    """(api client or None, readable actor) for the request behind a change."""
    from klantenregister.core.models import ApiClient

    user = getattr(request, "user", None) if request is not None else None
    if isinstance(user, ApiClient):
        return user, f"applicatie {user.naam}"
    if user is not None and getattr(user, "is_authenticated", False):
        return None, f"medewerker {user.get_username()}"
    return None, SYSTEEM


def stamp_actor(sender, history_instance, **kwargs) -> None:
    """pre_create_historical_record receiver: fill the actor columns from the request."""
    if not isinstance(history_instance, ActorHistoryModel):
        return
    request = getattr(HistoricalRecords.context, "request", None)
    client, actor = describe_actor(request)
    history_instance.history_api_client = client
    history_instance.history_actor = actor
