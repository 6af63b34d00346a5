"""The checks a first-generation write makes against other APIs before it writes anything
(spec §4.2 cm-003, §4.4 cm-005/006, §4.5 vrz-004..009): a referenced URL must answer 200,
an informatieobject must be one, and a ZRC must (or, before a delete, must no longer) hold
the zaak relation.

HTTP GETs with a short timeout and, for an API configured as an ExterneDienst, a JWT-ZGW
token (klantenregister.api.jwt.outbound_auth_headers); any failure is a 400 for the client,
never a 500. KIC_VALIDATE_REMOTE_URLS / KIC_VALIDATE_REMOTE_RELATIONS turn the two kinds of
check off.
"""

import logging

import requests
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from klantenregister.api.jwt import outbound_auth_headers

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
# The properties the Documenten API requires of every EnkelvoudigInformatieObject (its
# responses always carry them); a body without them is some other resource.
INFORMATIEOBJECT_KEYS = (
    "url",
    "bronorganisatie",
    "creatiedatum",
    "titel",
    "auteur",
    "taal",
    "informatieobjecttype",
)


def _get(url: str, params: dict | None = None) -> requests.Response | None:
    headers = {"Accept": "application/json", **outbound_auth_headers(url)}
    try:
        return requests.get(
            url,
            params=params,
            headers=headers,
            timeout=TIMEOUT_SECONDS,
            allow_redirects=False,
        )
    except (requests.RequestException, ValueError) as exc:
        logger.info("Remote check of %s failed: %s", url, exc.__class__.__name__)
        return None


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _bad_url(url: str, response, field: str) -> ValidationError:
    status = "geen antwoord" if response is None else f"status {response.status_code}"
    return _error(field, f"De URL {url} is ongeldig ({status}).", "bad-url")


def check_url(url: str, *, field: str) -> None:
    """The URL must answer GET with 200 (`bad-url`)."""
    if not settings.KIC_VALIDATE_REMOTE_URLS:
        return
    response = _get(url)
    if response is None or response.status_code != 200:
        raise _bad_url(url, response, field)


def check_informatieobject(url: str, *, field: str) -> None:
    """vrz-006: the URL answers 200 (`bad-url`) with an EnkelvoudigInformatieObject
    (`invalid-resource`)."""
    if not settings.KIC_VALIDATE_REMOTE_URLS:
        return
    response = _get(url)
    if response is None or response.status_code != 200:
        raise _bad_url(url, response, field)
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict) or any(key not in body for key in INFORMATIEOBJECT_KEYS):
        raise _error(
            field,
            f"De URL {url} verwijst niet naar een enkelvoudiginformatieobject.",
            "invalid-resource",
        )


def zrc_root(zaak_url: str) -> str:
    """The ZRC's API root of a zaak URL (`{root}/zaken/{uuid}`)."""
    head, sep, _ = zaak_url.rpartition("/zaken/")
    return head if sep else zaak_url.rsplit("/", 2)[0]


def _count(body) -> int | None:
    """How many results a remote list holds: a plain array or a paginated `count`/`results`."""
    if isinstance(body, list):
        return len(body)
    if isinstance(body, dict):
        if isinstance(body.get("count"), int):
            return body["count"]
        if isinstance(body.get("results"), list):
            return len(body["results"])
    return None


def zaak_relaties(collection: str, zaak_url: str, **params: str) -> int:
    """How many relations the ZRC's `collection` (`zaakcontactmomenten`, `zaakverzoeken`)
    holds for the zaak and `params` (`relation-validation-error` when it cannot tell)."""
    url = f"{zrc_root(zaak_url)}/{collection}"
    response = _get(url, {"zaak": zaak_url, **params})
    count = None
    if response is not None and response.status_code == 200:
        try:
            count = _count(response.json())
        except ValueError:
            count = None
    if count is None:
        raise _error(
            NON_FIELD_ERRORS,
            f"De relatie met de zaak kon niet gecontroleerd worden bij {url}.",
            "relation-validation-error",
        )
    return count


def check_zaak_relatie(
    collection: str, zaak_url: str, *, expect_present: bool, noun: str, **params: str
) -> None:
    """On create the ZRC must hold the relation (`inconsistent-relation`); before a delete it
    must not any more (`remote-relation-exists`). `noun` names our side in the message."""
    if not settings.KIC_VALIDATE_REMOTE_RELATIONS or not zaak_url:
        return
    count = zaak_relaties(collection, zaak_url, **params)
    if expect_present and count < 1:
        raise _error(
            NON_FIELD_ERRORS,
            f"De zaak kent geen relatie met dit {noun}.",
            "inconsistent-relation",
        )
    if not expect_present and count > 0:
        raise _error(
            NON_FIELD_ERRORS,
            f"De zaak heeft nog een relatie met dit {noun}.",
            "remote-relation-exists",
        )
