"""Authentication and scopes on the real /api/kic/v1 endpoints, driven by the reference
contracts themselves: every documented operation needs exactly the scope its `security` names
(spec kic_compat §11 checks 3 and 4). 401 and 403 bodies are validated against the contract."""

import uuid
from pathlib import Path

import pytest
import yaml
from rest_framework.test import APIClient

from klantenregister.api.jwt import make_token
from klantenregister.api.scopes import KIC_SCOPES
from klantenregister.core.services import create_api_client
from tests.conftest import KIC
from tests.kic.contract import CONTRACTS, REFERENCE_DIR, assert_contract
from tests.kic_auth.helpers import SECRET, now, unsigned_token

pytestmark = pytest.mark.django_db


def _operations() -> list[tuple[str, str, str, str]]:
    """(contract, method, path template, scope) of every documented operation."""
    found = []
    for contract, filename in CONTRACTS.items():
        spec = yaml.safe_load(Path(REFERENCE_DIR, filename).read_text())
        for template, item in spec["paths"].items():
            for method, operation in item.items():
                if method not in ("get", "post", "put", "patch", "delete"):
                    continue
                [requirement] = operation["security"]
                [scope] = requirement["JWT-Claims"]
                found.append((contract, method, template, scope))
    return found


OPERATIONS = _operations()


def _path(template: str) -> str:
    path = template
    while "{" in path:
        start, end = path.index("{"), path.index("}")
        path = path[:start] + str(uuid.uuid4()) + path[end + 1 :]
    return f"{KIC}{path}"


def _request(client: APIClient, method: str, template: str):
    kwargs = {"format": "json"} if method in ("post", "put", "patch") else {}
    data = ({},) if kwargs else ()
    return getattr(client, method)(_path(template), *data, **kwargs)


def _jwt_client(naam: str, kic_scopes=(), scopes="", **claims) -> APIClient:
    create_api_client(naam, scopes, kic_scopes=kic_scopes, jwt_secret=SECRET)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {make_token(naam, SECRET, **claims)}")
    return client


def test_the_contracts_name_only_known_scopes():
    # klanten 12, contactmomenten 12, verzoeken 28.
    assert len(OPERATIONS) == 52
    assert {scope for *_, scope in OPERATIONS} <= set(KIC_SCOPES)


@pytest.mark.parametrize(
    ("contract", "method", "template", "scope"),
    OPERATIONS,
    ids=[f"{m.upper()} {t}" for _, m, t, _ in OPERATIONS],
)
def test_each_operation_needs_the_scope_its_contract_names(contract, method, template, scope):
    anonymous = _request(APIClient(), method, template)
    assert anonymous.status_code == 401, anonymous.content
    assert anonymous.json()["code"] == "not_authenticated"
    assert_contract(anonymous, contract)

    others = [other for other in KIC_SCOPES if other != scope]
    refused = _request(_jwt_client("zonder", kic_scopes=others), method, template)
    assert refused.status_code == 403, refused.content
    assert refused.json()["code"] == "permission_denied"
    assert scope in refused.json()["detail"]
    assert_contract(refused, contract)

    allowed = _request(_jwt_client("met", kic_scopes=[scope]), method, template)
    assert allowed.status_code not in (401, 403), allowed.content


@pytest.mark.parametrize(
    ("contract", "method", "template", "scope"),
    OPERATIONS,
    ids=[f"{m.upper()} {t}" for _, m, t, _ in OPERATIONS],
)
def test_kic_read_reads_and_writes_nothing_kic_write_does_both(contract, method, template, scope):
    reader = _request(_jwt_client("lezer", scopes="kic:read"), method, template)
    writer = _request(_jwt_client("schrijver", scopes="kic:write"), method, template)

    assert (reader.status_code == 403) is (method != "get")
    assert writer.status_code not in (401, 403)


@pytest.mark.parametrize(
    ("make_authorization", "code"),
    [
        (
            lambda: make_token("kcc", "een-ander-geheim-van-minstens-32-tekens"),
            "invalid-jwt-signature",
        ),
        (lambda: make_token("onbekend", SECRET), "invalid-client-identifier"),
        (lambda: make_token("", SECRET), "missing-client-identifier"),
        (
            lambda: unsigned_token({"client_id": "kcc", "iat": now()}, {"alg": "none"}),
            "jwt-decode-error",
        ),
        (lambda: make_token("kcc", SECRET, iat=now() - 3601), "jwt-expired"),
        (lambda: make_token("kcc", SECRET, iat=now() + 600), "jwt-decode-error"),
        (lambda: make_token("kcc", SECRET, exp=now() - 1), "jwt-expired"),
        (lambda: "geen-jwt", "jwt-decode-error"),
    ],
    ids=[
        "wrong-signature",
        "unknown-client-id",
        "missing-client-id",
        "alg-none",
        "stale-iat",
        "future-iat",
        "exp-passed",
        "malformed",
    ],
)
@pytest.mark.parametrize(
    ("contract", "path"),
    [
        ("klanten", f"{KIC}/klanten"),
        ("contactmomenten", f"{KIC}/contactmomenten"),
        ("verzoeken", f"{KIC}/verzoeken"),
    ],
)
def test_bad_tokens_are_401_on_the_real_endpoints(make_authorization, code, contract, path):
    create_api_client("kcc", "kic:write", jwt_secret=SECRET)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {make_authorization()}")

    response = client.get(path)

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == code
    assert_contract(response, contract)


def test_an_old_client_with_a_token_header_and_explicit_scopes():
    _, key = create_api_client("portaal", "", kic_scopes=["klanten.lezen"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    listed = client.get(f"{KIC}/klanten")
    assert listed.status_code == 200
    assert_contract(listed, "klanten")
    assert client.get(f"{KIC}/contactmomenten").status_code == 403


def test_head_on_a_detail_follows_the_read_scope(kic_api):
    created = kic_api.post(
        f"{KIC}/klanten",
        {
            "bronorganisatie": "123456782",
            "subjectType": "natuurlijk_persoon",
            "subjectIdentificatie": {"inpBsn": "111222333"},
            "websiteUrl": "https://example.com",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    detail = created.json()["url"]

    reader = _jwt_client("lezer", kic_scopes=["klanten.lezen"])
    other = _jwt_client("ander", kic_scopes=["contactmomenten.lezen"])
    assert reader.head(detail).status_code == 200
    assert other.head(detail).status_code == 403


def test_the_jwt_user_reaches_the_first_generation_audit_trail_and_the_history(make_kic_client):
    client = make_kic_client(
        ("kic:write",), user_id="medewerker-42", user_representation="Jan Jansen (KCC)"
    )
    created = client.post(
        f"{KIC}/klanten",
        {
            "bronorganisatie": "123456782",
            "subjectType": "natuurlijk_persoon",
            "subjectIdentificatie": {"inpBsn": "111222333"},
            "websiteUrl": "https://example.com",
        },
        format="json",
    )
    assert created.status_code == 201, created.content

    trail = client.get(f"{created.json()['url']}/audittrail")
    assert trail.status_code == 200
    [entry] = trail.json()
    assert entry["applicatieWeergave"] == client.api_client.naam
    assert (entry["gebruikersId"], entry["gebruikersWeergave"]) == (
        "medewerker-42",
        "Jan Jansen (KCC)",
    )
    assert_contract(trail, "klanten")

    from partijen.models import Partij

    partij = Partij.objects.get(uuid=created.json()["url"].rsplit("/", 1)[-1])
    actors = set(partij.history.values_list("history_actor", flat=True))
    assert actors == {f"applicatie {client.api_client.naam} (gebruiker Jan Jansen (KCC))"}
