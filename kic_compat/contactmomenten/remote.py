"""The checks a first-generation contactmoment write makes against other APIs (spec §4.2
cm-003, §4.4 cm-005/cm-006): a referenced URL must answer 200, and the ZRC must (or, before a
delete, must no longer) hold the zaak-contactmoment relation.

HTTP GETs with a short timeout (and a JWT-ZGW token for a configured ExterneDienst), made
before anything is written; any failure is a 400
for the client, never a 500. KIC_VALIDATE_REMOTE_URLS / KIC_VALIDATE_REMOTE_RELATIONS turn the
two kinds of check off.
"""

import logging

import requests
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from klantenregister.api.jwt import outbound_auth_headers

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10


def _get(url: str, params: dict | None = None) -> requests.Response | None:
    # A ZRC (or other API) configured as an ExterneDienst gets our JWT-ZGW token.
    headers = {"Accept": "application/json", **outbound_auth_headers(url)}
    try:
        return requests.get(
            url,
            params=params,
            headers=headers,
            timeout=TIMEOUT_SECONDS,
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        logger.info("Remote check of %s failed: %s", url, exc.__class__.__name__)
        return None


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def check_url(url: str, *, field: str) -> None:
    """The URL must answer GET with 200 (`bad-url`)."""
    if not settings.KIC_VALIDATE_REMOTE_URLS:
        return
    response = _get(url)
    if response is None or response.status_code != 200:
        status = "geen antwoord" if response is None else f"status {response.status_code}"
        raise _error(field, f"De URL {url} is ongeldig ({status}).", "bad-url")


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


def zaakcontactmomenten(zaak_url: str, contactmoment_url: str) -> int:
    """How many ZaakContactMomenten the ZRC holds for the pair (`relation-validation-error`
    when it cannot tell)."""
    url = f"{zrc_root(zaak_url)}/zaakcontactmomenten"
    response = _get(url, {"zaak": zaak_url, "contactmoment": contactmoment_url})
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


def check_zaakcontactmoment(zaak_url: str, contactmoment_url: str, *, expect_present: bool):
    """cm-006: on create the ZRC must hold the relation (`inconsistent-relation`); before a
    delete it must not any more (`remote-relation-exists`)."""
    if not settings.KIC_VALIDATE_REMOTE_RELATIONS or not zaak_url:
        return
    count = zaakcontactmomenten(zaak_url, contactmoment_url)
    if expect_present and count < 1:
        raise _error(
            NON_FIELD_ERRORS,
            "De zaak kent geen relatie met dit contactmoment.",
            "inconsistent-relation",
        )
    if not expect_present and count > 0:
        raise _error(
            NON_FIELD_ERRORS,
            "De zaak heeft nog een relatie met dit contactmoment.",
            "remote-relation-exists",
        )
