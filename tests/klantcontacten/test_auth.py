"""Every klantcontacten endpoint needs a token (401) with a klantinteracties scope (403), and
writes need the write scope; the answers are problem+json and change nothing."""

import pytest
from rest_framework.test import APIClient

from tests.factories import (
    make_actor,
    make_actorklantcontact,
    make_betrokkene,
    make_bijlage,
    make_klantcontact,
    make_onderwerpobject,
)
from tests.klantcontacten.helpers import (
    ACTOREN,
    ACTORKLANTCONTACTEN,
    BETROKKENEN,
    BIJLAGEN,
    KLANTCONTACTEN,
    MAAK_KLANTCONTACT,
    ONDERWERPOBJECTEN,
    actor_payload,
    betrokkene_payload,
    bijlage_payload,
    klantcontact_payload,
    onderwerpobject_payload,
    ref,
    row_state,
)
from tests.partijen.helpers import problem

pytestmark = pytest.mark.django_db


def _existing(path: str):
    klantcontact = make_klantcontact()
    return {
        KLANTCONTACTEN: klantcontact,
        BETROKKENEN: make_betrokkene(klantcontact),
        ONDERWERPOBJECTEN: make_onderwerpobject(klantcontact, object_id="zaak-1"),
        BIJLAGEN: make_bijlage(klantcontact),
        ACTOREN: make_actor(),
        ACTORKLANTCONTACTEN: make_actorklantcontact(make_actor(naam="Ander"), klantcontact),
    }[path]


def _body(path: str) -> dict:
    return {
        KLANTCONTACTEN: klantcontact_payload,
        BETROKKENEN: lambda: betrokkene_payload(make_klantcontact()),
        ONDERWERPOBJECTEN: onderwerpobject_payload,
        BIJLAGEN: bijlage_payload,
        ACTOREN: actor_payload,
        ACTORKLANTCONTACTEN: lambda: {
            "actor": ref(make_actor(naam="Nieuw")),
            "klantcontact": ref(make_klantcontact()),
        },
    }[path]()


COLLECTIONS = [
    KLANTCONTACTEN,
    BETROKKENEN,
    ONDERWERPOBJECTEN,
    BIJLAGEN,
    ACTOREN,
    ACTORKLANTCONTACTEN,
]

READS = [("get", "list"), ("get", "detail")]
WRITES = [("post", "list"), ("put", "detail"), ("patch", "detail"), ("delete", "detail")]
ENDPOINT_CASES = [(path, method, kind) for path in COLLECTIONS for method, kind in READS + WRITES]
ENDPOINT_CASES += [(MAAK_KLANTCONTACT, "post", "maak"), (KLANTCONTACTEN, "get", "historie")]
WRITE_CASES = [case for case in ENDPOINT_CASES if case[1] != "get"]
READ_CASES = [case for case in ENDPOINT_CASES if case[1] == "get"]


def _ids(cases) -> list[str]:
    return [f"{path.rsplit('/', 1)[-1]}-{method}-{kind}" for path, method, kind in cases]


def prepare(path: str, method: str, kind: str):
    """Create the data the request needs; return a function that sends it with a client."""
    if kind == "maak":
        return lambda client: client.post(
            path, {"klantcontact": klantcontact_payload()}, format="json"
        )
    if kind == "historie":
        url = f"{path}/{_existing(path).uuid}/historie"
        return lambda client: client.get(url)
    url = path if kind == "list" else f"{path}/{_existing(path).uuid}"
    if method in ("post", "put", "patch"):
        body = _body(path)
        return lambda client: getattr(client, method)(url, body, format="json")
    return lambda client: getattr(client, method)(url)


@pytest.mark.parametrize(("path", "method", "kind"), ENDPOINT_CASES, ids=_ids(ENDPOINT_CASES))
def test_without_token_gives_401_and_changes_nothing(path, method, kind):
    send = prepare(path, method, kind)
    before = row_state()

    response = send(APIClient())

    body = problem(response, 401)
    assert body["code"] == "not_authenticated"
    assert row_state() == before


@pytest.mark.parametrize(("path", "method", "kind"), ENDPOINT_CASES, ids=_ids(ENDPOINT_CASES))
def test_token_of_another_api_gives_403_and_changes_nothing(make_client, path, method, kind):
    client = make_client("taken:read")
    send = prepare(path, method, kind)
    before = row_state()

    response = send(client)

    body = problem(response, 403)
    assert body["code"] == "permission_denied"
    assert "klantinteracties:" in body["detail"]
    assert row_state() == before


@pytest.mark.parametrize(("path", "method", "kind"), WRITE_CASES, ids=_ids(WRITE_CASES))
def test_read_scope_cannot_write(ki_read, path, method, kind):
    send = prepare(path, method, kind)
    before = row_state()

    response = send(ki_read)

    body = problem(response, 403)
    assert "klantinteracties:write" in body["detail"]
    assert row_state() == before


@pytest.mark.parametrize(("path", "method", "kind"), READ_CASES, ids=_ids(READ_CASES))
def test_read_scope_can_read(ki_read, path, method, kind):
    response = prepare(path, method, kind)(ki_read)

    assert response.status_code == 200, response.content[:500]


@pytest.mark.parametrize(("path", "method", "kind"), WRITE_CASES, ids=_ids(WRITE_CASES))
def test_write_scope_can_write(make_client, path, method, kind):
    response = prepare(path, method, kind)(make_client("klantinteracties:write"))

    assert response.status_code < 400, (response.status_code, response.content[:500])
