"""First-generation scopes (spec kic_compat §2): kic:read grants every `*.lezen`, kic:write
every first-generation scope, `all` everything; explicit scopes per client. A missing scope is a
403 problem+json naming the scope; an action a view does not list is closed to everyone."""

import pytest

from klantenregister.api.scopes import (
    KIC_READ_SCOPES,
    KIC_SCOPES,
    kic_scopes_held,
    parse_kic_scopes,
    parse_scopes,
    split_scopes,
)
from tests.kic_auth.helpers import PROBLEM, bearer, call, jwt_client
from tests.kic_auth.views import (
    KlantenProbeDefaultPermission,
    KlantenProbeWithoutDestroy,
    NotKicProbe,
)

SPEC_SCOPES = {
    "klanten.lezen",
    "klanten.aanmaken",
    "klanten.bijwerken",
    "klanten.verwijderen",
    "contactmomenten.lezen",
    "contactmomenten.aanmaken",
    "contactmomenten.bijwerken",
    "contactmomenten.verwijderen",
    "verzoeken.lezen",
    "verzoeken.aanmaken",
    "verzoeken.bijwerken",
    "verzoeken.verwijderen",
    "audittrails.lezen",
}

# (method, detail, scope the probe view needs)
OPERATIONS = [
    ("get", False, "klanten.lezen"),
    ("head", False, "klanten.lezen"),
    ("get", True, "klanten.lezen"),
    ("head", True, "klanten.lezen"),
    ("post", False, "klanten.aanmaken"),
    ("put", True, "klanten.bijwerken"),
    ("patch", True, "klanten.bijwerken"),
    ("delete", True, "klanten.verwijderen"),
]


def test_the_first_generation_scopes_are_those_of_the_spec():
    assert set(KIC_SCOPES) == SPEC_SCOPES
    assert set(KIC_READ_SCOPES) == {scope for scope in SPEC_SCOPES if scope.endswith(".lezen")}


def test_kic_read_grants_every_read_scope_and_nothing_else():
    held = kic_scopes_held(["kic:read"], [])

    assert held == {
        "klanten.lezen",
        "contactmomenten.lezen",
        "verzoeken.lezen",
        "audittrails.lezen",
    }


def test_kic_write_and_all_grant_every_first_generation_scope():
    assert kic_scopes_held(["kic:write"], []) == SPEC_SCOPES
    assert kic_scopes_held(parse_scopes("all"), []) == SPEC_SCOPES


def test_other_product_scopes_grant_no_first_generation_scope():
    assert kic_scopes_held(["klantinteracties:write", "taken:write"], []) == frozenset()


def test_explicit_scopes_add_to_the_product_scopes():
    assert kic_scopes_held([], ["klanten.aanmaken"]) == {"klanten.aanmaken"}
    assert kic_scopes_held(["kic:read"], ["klanten.aanmaken"]) == set(KIC_READ_SCOPES) | {
        "klanten.aanmaken"
    }


def test_unknown_first_generation_scopes_are_refused():
    with pytest.raises(ValueError, match="klanten.lezn"):
        parse_kic_scopes("klanten.lezen,klanten.lezn")


def test_mixed_scope_lists_are_split():
    assert split_scopes("kic:read, klanten.aanmaken,taken:read") == (
        ["kic:read", "taken:read"],
        ["klanten.aanmaken"],
    )
    with pytest.raises(ValueError, match="klanten:lezen"):
        split_scopes("klanten:lezen")


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "detail", "scope"), OPERATIONS)
def test_each_operation_needs_its_scope(method, detail, scope):
    others = [other for other in SPEC_SCOPES if other != scope]
    jwt_client(naam="Zonder", scopes="", kic_scopes=others)
    jwt_client(naam="Met", scopes="", kic_scopes=[scope])

    refused = call(method, bearer(client_id="Zonder"), detail=detail)
    allowed = call(method, bearer(client_id="Met"), detail=detail)

    assert refused.status_code == 403
    assert allowed.status_code == 200
    if method != "head":
        assert refused["Content-Type"] == PROBLEM
        assert refused.data["code"] == "permission_denied"
        assert scope in refused.data["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("scopes", "kic_scopes", "allowed"),
    [
        ("kic:read", [], {"get", "head"}),
        ("kic:write", [], {"get", "head", "post", "put", "patch", "delete"}),
        ("all", [], {"get", "head", "post", "put", "patch", "delete"}),
        ("klantinteracties:write", [], set()),
        ("", ["contactmomenten.lezen", "klanten.verwijderen"], {"delete"}),
        ("kic:read", ["klanten.bijwerken"], {"get", "head", "put", "patch"}),
    ],
)
def test_what_a_client_may_do(scopes, kic_scopes, allowed):
    jwt_client(scopes=scopes, kic_scopes=kic_scopes)

    result = {
        method
        for method, detail, _ in OPERATIONS
        if call(method, bearer(), detail=detail).status_code == 200
    }

    assert result == allowed


@pytest.mark.django_db
def test_the_token_header_carries_the_same_first_generation_scopes():
    _, key = jwt_client(scopes="", kic_scopes=["klanten.lezen"])

    assert call("get", f"Token {key}").status_code == 200
    assert call("post", f"Token {key}").status_code == 403


@pytest.mark.django_db
def test_an_action_missing_from_the_view_is_closed_even_to_kic_write():
    jwt_client(scopes="all")

    response = call("delete", bearer(), view=KlantenProbeWithoutDestroy, detail=True)

    assert response.status_code == 403
    assert response.data["code"] == "permission_denied"
    assert call("get", bearer(), view=KlantenProbeWithoutDestroy).status_code == 200


@pytest.mark.django_db
def test_options_is_closed_unless_the_view_lists_metadata():
    jwt_client(scopes="all")

    assert call("options", bearer()).status_code == 403


@pytest.mark.django_db
def test_the_default_permission_applies_first_generation_scopes_to_kic_views():
    jwt_client(naam="Lezer", scopes="", kic_scopes=["klanten.lezen"])
    jwt_client(naam="Product", scopes="klantinteracties:write")

    view = KlantenProbeDefaultPermission
    assert call("get", bearer(client_id="Lezer"), view=view).status_code == 200
    refused = call("post", bearer(client_id="Lezer"), view=view)
    assert refused.status_code == 403
    assert "klanten.aanmaken" in refused.data["detail"]
    assert call("get", bearer(client_id="Product"), view=view).status_code == 403


@pytest.mark.django_db
def test_first_generation_scopes_open_no_view_of_another_api():
    jwt_client(scopes="", kic_scopes=list(SPEC_SCOPES))

    assert call("get", bearer(), view=NotKicProbe).status_code == 403


@pytest.mark.django_db
def test_unauthenticated_is_401_before_any_scope_check():
    response = call("post")

    assert response.status_code == 401
    assert response.data["code"] == "not_authenticated"
