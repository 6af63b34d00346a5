"""How an event goes over the wire: the body per format, and one HTTP POST with its outcome."""

from dataclasses import dataclass

import requests
from cloudevents.core.bindings.http import to_structured_event
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

from klantenregister.events.models import Abonnement, Event, _as_text

USER_AGENT = "KlantenRegister-events/1"
# How much of a receiver's answer is kept with a failed attempt.
_ERROR_BODY_CHARS = 500

_session = requests.Session()


@dataclass(frozen=True)
class Outcome:
    delivered: bool
    status_code: int | None = None
    error: str = ""


def event_type(event: Event) -> str:
    if event.handeling:
        return f"nl.klantenregister.{event.handeling}"
    return f"nl.klantenregister.{event.kanaal}.{event.resource}.{event.actie}"


def notificatie(event: Event) -> dict:
    """The event in the VNG Notificaties API format (kenmerken are strings there)."""
    return {
        "kanaal": event.kanaal,
        "hoofdObject": event.hoofd_object,
        "resource": event.resource,
        "resourceUrl": event.resource_url,
        "actie": event.actie,
        "aanmaakdatum": event.aanmaakdatum.isoformat().replace("+00:00", "Z"),
        "kenmerken": {key: _as_text(value) for key, value in (event.kenmerken or {}).items()},
    }


def cloud_event(event: Event) -> CloudEvent:
    data = notificatie(event)
    if event.handeling:
        data["handeling"] = event.handeling
    return CloudEvent(
        {
            "specversion": "1.0",
            "id": str(event.uuid),
            "source": settings.EVENTS_SOURCE,
            "type": event_type(event),
            "subject": event.resource_url,
            "time": event.aanmaakdatum,
            "datacontenttype": "application/json",
            # Zero-padded so that receivers can order events of one object as text.
            "sequence": f"{event.pk:020d}",
        },
        data,
    )


def request_for(event: Event, abonnement: Abonnement) -> tuple[dict, bytes]:
    """(headers, body) of the POST that delivers `event` to `abonnement`."""
    headers = {"User-Agent": USER_AGENT}
    if abonnement.formaat == Abonnement.Formaat.NOTIFICATIE:
        body = DjangoJSONEncoder().encode(notificatie(event)).encode()
        headers["Content-Type"] = "application/json"
    else:
        message = to_structured_event(cloud_event(event), JSONFormat())
        headers.update(message.headers)
        body = message.body
    # Also for NRC receivers, which have no id of their own to de-duplicate on.
    headers["X-Event-Id"] = str(event.uuid)
    if abonnement.auth:
        headers["Authorization"] = abonnement.auth
    return headers, body


def post(event: Event, abonnement: Abonnement) -> Outcome:
    """One POST of `event` to `abonnement`; a 2xx answer is delivered, anything else is not.

    Redirects are not followed (a 3xx is a failed attempt that names the new location): the
    Authorization header must not travel to a host nobody configured.
    """
    headers, body = request_for(event, abonnement)
    try:
        # Streamed, so a receiver that answers with a huge body costs no more than we read.
        response = _session.post(
            abonnement.callback_url,
            data=body,
            headers=headers,
            timeout=(settings.EVENTS_CONNECT_TIMEOUT, settings.EVENTS_READ_TIMEOUT),
            allow_redirects=False,
            stream=True,
        )
    except requests.Timeout as exc:
        return Outcome(False, error=f"Geen antwoord binnen de tijdslimiet: {exc}")
    except requests.ConnectionError as exc:
        return Outcome(False, error=f"Geen verbinding met {abonnement.callback_url}: {exc}")
    except requests.RequestException as exc:
        return Outcome(False, error=f"Verzoek mislukt: {exc}")
    with response:
        if 200 <= response.status_code < 300:
            return Outcome(True, response.status_code)
        error = f"Ontvanger antwoordde {response.status_code} {response.reason}"
        if response.is_redirect:
            location = response.headers.get("Location", "")
            error += f"; doorverwijzing naar {location} wordt niet gevolgd, pas de callback-URL aan"
        text = _read_start(response)
        return Outcome(False, response.status_code, f"{error}: {text}" if text else error)


def _read_start(response: requests.Response) -> str:
    try:
        start = response.raw.read(_ERROR_BODY_CHARS, decode_content=True)
    except Exception as exc:  # a body that breaks off is still a failed attempt, with its code
        return f"(antwoord niet leesbaar: {exc})"
    return start.decode(response.encoding or "utf-8", errors="replace")
