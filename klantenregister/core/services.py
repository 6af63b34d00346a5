"""Writes on the core models: API clients."""

from django.db import transaction

from klantenregister.api.scopes import parse_kic_scopes, parse_scopes
from klantenregister.core.models import ApiClient, ExterneDienst


@transaction.atomic
def create_api_client(
    naam: str,
    scopes: str | list[str],
    *,
    kic_scopes: str | list[str] | tuple[str, ...] = (),
    jwt_secret: str = "",
) -> tuple[ApiClient, str]:
    """Create a client and return it with its key; the key is shown once, never stored.

    `jwt_secret` lets the client (client id = `naam`) sign JWT-ZGW tokens; it is stored
    encrypted. `kic_scopes` are first-generation scopes on top of `scopes`.
    """
    if isinstance(scopes, str):
        scope_list = parse_scopes(scopes) if scopes.strip() else []
    else:
        scope_list = parse_scopes(",".join(scopes)) if scopes else []
    client = ApiClient(naam=naam, scopes=scope_list, kic_scopes=parse_kic_scopes(kic_scopes))
    key = client.set_new_key()
    if jwt_secret:
        client.set_jwt_secret(jwt_secret)
    client.full_clean()
    client.save()
    return client, key


@transaction.atomic
def rotate_api_key(client: ApiClient) -> str:
    key = client.set_new_key()
    client.save(update_fields=["key_prefix", "key_hash"])
    return key


@transaction.atomic
def set_jwt_secret(client: ApiClient, secret: str) -> None:
    """Set or replace (or with "" remove) the client's JWT-ZGW secret."""
    client.set_jwt_secret(secret)
    client.save(update_fields=["jwt_secret_encrypted"])


@transaction.atomic
def create_externe_dienst(
    naam: str, api_root: str, client_id: str, secret: str, **extra
) -> ExterneDienst:
    dienst = ExterneDienst(naam=naam, api_root=api_root, client_id=client_id, **extra)
    dienst.set_secret(secret)
    dienst.full_clean()
    dienst.save()
    return dienst
