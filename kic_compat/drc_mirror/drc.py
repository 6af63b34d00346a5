"""The calls the mirror makes to a DRC (spec §6.2), each reduced to an `Answer`.

A DRC is an ExterneDienst (klantenregister.core): its API root, and the client id and secret
it issued to us for JWT-ZGW. Nothing here raises for what the network or the DRC does; the
caller decides per answer (services.py, spec §6.3).
"""

import json
from dataclasses import dataclass

import requests
from django.conf import settings

from klantenregister.api.jwt import dienst_auth_headers
from klantenregister.core.models import ExterneDienst

USER_AGENT = "KlantenRegister-kic001/1"
# How much of a DRC's answer is kept with an attempt.
BODY_CHARS = 500

_session = requests.Session()


@dataclass(frozen=True)
class Answer:
    """What one call got: a status and body, or an `error` (timeout, refused connection)."""

    call: str
    status: int | None = None
    body: object = None
    text: str = ""
    error: str = ""
    timed_out: bool = False
    retry_after: float | None = None  # seconds a 429/503 asked us to wait

    @property
    def transient(self) -> bool:
        """Worth retrying: no answer, a timeout, 5xx or 429 (spec §6.3 create 8, delete 4)."""
        return self.status is None or self.status >= 500 or self.status == 429

    @property
    def unauthorized(self) -> bool:
        return self.status in (401, 403)

    def invalid_codes(self) -> set[str]:
        """The `invalidParams[].code`s of a 400 problem body."""
        if not isinstance(self.body, dict):
            return set()
        params = self.body.get("invalidParams") or []
        return {p.get("code") for p in params if isinstance(p, dict)}

    def describe(self) -> str:
        if self.status is None:
            return f"{self.call} → {self.error}"
        return f"{self.call} → {self.status} {self.text}".rstrip()


def oio_collection(dienst: ExterneDienst) -> str:
    return dienst.api_root.rstrip("/") + "/objectinformatieobjecten"


def _call(dienst: ExterneDienst, method: str, url: str, **kwargs) -> Answer:
    label = f"{method} {url}"
    if kwargs.get("params"):
        label += " ?" + "&".join(f"{k}={v}" for k, v in kwargs["params"].items())
    headers = {
        "Accept": "application/json",
        "User-Agent": USER_AGENT,
        **dienst_auth_headers(dienst),
        **kwargs.pop("headers", {}),
    }
    try:
        response = _session.request(
            method,
            url,
            headers=headers,
            timeout=(settings.KIC_DRC_CONNECT_TIMEOUT, settings.KIC_DRC_READ_TIMEOUT),
            allow_redirects=False,
            **kwargs,
        )
    except requests.Timeout as exc:
        return Answer(label, error=f"geen antwoord binnen de tijdslimiet ({exc})", timed_out=True)
    except requests.ConnectionError as exc:
        return Answer(label, error=f"geen verbinding ({exc})")
    except requests.RequestException as exc:
        return Answer(label, error=f"aanroep mislukt ({exc})")
    text = response.text[:BODY_CHARS]
    try:
        body = response.json() if response.content else None
    except ValueError:
        body = None
    return Answer(
        label, response.status_code, body, text, retry_after=_retry_after(response.headers)
    )


def _retry_after(headers) -> float | None:
    """Retry-After in seconds (the HTTP-date form is rare for APIs and is ignored)."""
    value = headers.get("Retry-After", "").strip()
    try:
        return max(float(value), 0.0) if value else None
    except ValueError:
        return None


def lookup(dienst: ExterneDienst, verzoek_url: str, informatieobject: str) -> Answer:
    """GET the relations of the pair, matched on both fields (a plain array)."""
    return _call(
        dienst,
        "GET",
        oio_collection(dienst),
        params={"object": verzoek_url, "informatieobject": informatieobject},
    )


def matching_relation(answer: Answer, verzoek_url: str, informatieobject: str) -> dict | None:
    """The relation of a lookup answer that is exactly this pair with objectType verzoek."""
    body = answer.body
    if isinstance(body, dict):  # be lenient with a paginated answer
        body = body.get("results")
    for relation in body if isinstance(body, list) else []:
        if (
            isinstance(relation, dict)
            and relation.get("object") == verzoek_url
            and relation.get("informatieobject") == informatieobject
            and relation.get("objectType") == "verzoek"
            and relation.get("url")
        ):
            return relation
    return None


def create(dienst: ExterneDienst, verzoek_url: str, informatieobject: str) -> Answer:
    body = {"informatieobject": informatieobject, "object": verzoek_url, "objectType": "verzoek"}
    return _call(
        dienst,
        "POST",
        oio_collection(dienst),
        data=json.dumps(body),
        headers={"Content-Type": "application/json"},
    )


def delete(dienst: ExterneDienst, oio_url: str) -> Answer:
    return _call(dienst, "DELETE", oio_url)


def list_verzoek_relations(dienst: ExterneDienst, page_url: str | None = None) -> Answer:
    """One page of the DRC's objectType=verzoek relations (for reconcile)."""
    if page_url:
        return _call(dienst, "GET", page_url)
    return _call(dienst, "GET", oio_collection(dienst), params={"objectType": "verzoek"})
