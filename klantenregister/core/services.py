"""Writes on the core models: API clients."""

from django.db import transaction

from klantenregister.api.scopes import parse_scopes
from klantenregister.core.models import ApiClient


@transaction.atomic
def create_api_client(naam: str, scopes: str | list[str]) -> tuple[ApiClient, str]:
    """Create a client and return it with its key; the key is shown once, never stored."""
    scope_list = parse_scopes(scopes) if isinstance(scopes, str) else parse_scopes(",".join(scopes))
    client = ApiClient(naam=naam, scopes=scope_list)
    key = client.set_new_key()
    client.full_clean()
    client.save()
    return client, key


@transaction.atomic
def rotate_api_key(client: ApiClient) -> str:
    key = client.set_new_key()
    client.save(update_fields=["key_prefix", "key_hash"])
    return key
