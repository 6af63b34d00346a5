"""What an event of the partijen and klantcontacten kanalen must say, derived from the API's
own representation of the object and its hoofdObject."""

from klantenregister.events.models import Event
from tests.events_emission.conftest import CLIENT_NAAM

PARTIJ_KENMERKEN = ("nummer", "interneNotitie", "soortPartij")
KLANTCONTACT_KENMERKEN = ("hoofdOnderwerpType", "indicatieContactGelukt", "verdereActieOndernomen")
API_ACTOR = f"applicatie {CLIENT_NAAM}"


def kenmerken_of(hoofd: dict | None) -> dict:
    """The kenmerken an event carries for a hoofdObject given as its API body ({} when the
    hoofdObject is neither a partij nor a klantcontact)."""
    if hoofd is None:
        return {}
    if "/partijen/" in hoofd["url"]:
        return {key: hoofd[key] for key in PARTIJ_KENMERKEN}
    if "/klantcontacten/" in hoofd["url"]:
        return {key: hoofd[key] for key in KLANTCONTACT_KENMERKEN}
    return {}


def hoofd_body(api, hoofd_url: str, *, fallback: dict) -> dict:
    """The API body of the hoofdObject; `fallback` when it is gone (its own destroy)."""
    response = api.get(hoofd_url)
    if response.status_code == 404:
        assert fallback["url"] == hoofd_url
        return fallback
    assert response.status_code == 200, response.content[:500]
    return response.json()


def assert_event(
    event: Event,
    *,
    kanaal: str,
    resource: str,
    actie: str,
    resource_url: str,
    hoofd_object: str,
    kenmerken: dict,
    actor: str = API_ACTOR,
    handeling: str = "",
) -> None:
    assert {
        "kanaal": event.kanaal,
        "resource": event.resource,
        "actie": event.actie,
        "handeling": event.handeling,
        "resourceUrl": event.resource_url,
        "hoofdObject": event.hoofd_object,
        "kenmerken": event.kenmerken,
        "actor": event.actor,
    } == {
        "kanaal": kanaal,
        "resource": resource,
        "actie": actie,
        "handeling": handeling,
        "resourceUrl": resource_url,
        "hoofdObject": hoofd_object,
        "kenmerken": kenmerken,
        "actor": actor,
    }
    assert event.fanned_out_at is None
