"""The generated Klantinteracties contract against Open Klant 2's (the drop-in promise).

For every path we serve, the reference's methods, operationIds, query parameters, `expand`
values and enum values must be there, and every reference path must be served. What waits for
a later app is listed in DEFERRED_*; those lists may only shrink. What we offer beyond the
reference is listed in EXTENSION_* (and documented in docs/api.md); nothing else may be extra.
"""

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "reference" / "openklant-klantinteracties-v1-openapi.yaml"
OURS = ROOT / "docs" / "api" / "klantinteracties.yaml"

# Paths / query parameters / expand values that wait for a later app (none left).
DEFERRED_PATHS: set[str] = set()
DEFERRED_PARAMS: dict[tuple[str, str], set[str]] = {}
DEFERRED_EXPAND: set[str] = set()

# Our documented extensions (docs/api.md): the history of a klantcontact, and time ranges and
# ordering on the klantcontacten list.
EXTENSION_PATHS = {"/klantcontacten/{uuid}/historie": {"get"}}
EXTENSION_PARAMS = {
    ("get", "/klantcontacten"): {"plaatsgevondenOp__gte", "plaatsgevondenOp__lte", "ordering"},
}


@pytest.fixture(scope="module")
def reference():
    if not REFERENCE.exists():
        pytest.fail(f"reference contract missing at {REFERENCE}")
    return yaml.safe_load(REFERENCE.read_text())


@pytest.fixture(scope="module")
def ours():
    return yaml.safe_load(OURS.read_text())


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield method, path, operation


def reference_operations(reference, ours):
    """(method, path, our operation, the reference's operation) for what both have."""
    for method, path, operation in operations(ours):
        if path in EXTENSION_PATHS:
            continue
        yield method, path, operation, reference["paths"][path][method]


def query_parameters(operation) -> set[str]:
    return {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}


def test_every_path_we_serve_exists_in_the_reference_with_the_same_methods(reference, ours):
    for path, item in ours["paths"].items():
        methods = {m for m in item if m != "parameters"}
        if path in EXTENSION_PATHS:
            assert methods == EXTENSION_PATHS[path], path
            continue
        assert path in reference["paths"], path
        ref_methods = {m for m in reference["paths"][path] if m != "parameters"}
        assert methods == ref_methods, path


def test_every_reference_path_is_served_or_deferred(reference, ours):
    missing = set(reference["paths"]) - set(ours["paths"])

    assert missing == DEFERRED_PATHS


def test_operation_ids_match_the_reference(reference, ours):
    for _, _, operation, ref_operation in reference_operations(reference, ours):
        assert operation["operationId"] == ref_operation["operationId"]


def test_every_reference_query_parameter_is_accepted(reference, ours):
    for method, path, operation, ref_operation in reference_operations(reference, ours):
        missing = (
            query_parameters(ref_operation)
            - query_parameters(operation)
            - DEFERRED_PARAMS.get((method, path), set())
        )
        assert not missing, f"{method.upper()} {path} lacks {sorted(missing)}"


def test_no_query_parameter_beyond_the_reference_but_the_documented_extensions(reference, ours):
    for method, path, operation, ref_operation in reference_operations(reference, ours):
        extra = (
            query_parameters(operation)
            - query_parameters(ref_operation)
            - EXTENSION_PARAMS.get((method, path), set())
        )
        assert not extra, f"{method.upper()} {path} has undocumented {sorted(extra)}"


def test_extension_paths_take_no_query_parameters(ours):
    for path, methods in EXTENSION_PATHS.items():
        for method in methods:
            assert query_parameters(ours["paths"][path][method]) == set(), path


def expand_values(operation) -> set[str] | None:
    found = [p for p in operation.get("parameters", []) if p["name"] == "expand"]
    return set(found[0]["schema"]["items"]["enum"]) if found else None


def test_expand_values_match_the_reference(reference, ours):
    for method, path, operation, ref_operation in reference_operations(reference, ours):
        ref_values = expand_values(ref_operation)
        mine = expand_values(operation)
        if ref_values is None:
            assert mine is None, f"{method.upper()} {path} offers expand; the reference not"
            continue
        assert mine == ref_values - DEFERRED_EXPAND, path


@pytest.mark.parametrize(
    "enum",
    [
        "SoortPartijEnum",
        "CodeObjecttypeEnum",
        "CodeRegisterEnum",
        "CodeSoortObjectIdEnum",
        "SoortDigitaalAdresEnum",
        "SoortActorEnum",
        "RolEnum",
    ],
)
def test_enum_values_match_the_reference(reference, ours, enum):
    ref_values = set(reference["components"]["schemas"][enum]["enum"])
    assert set(ours["components"]["schemas"][enum]["enum"]) == ref_values


def test_the_deferred_lists_only_name_what_is_really_missing(ours):
    for (method, path), names in DEFERRED_PARAMS.items():
        served = query_parameters(ours["paths"][path][method])
        assert not names & served, f"{path}: {names & served} is served now; drop it"
    offered = set()
    for _, _, operation in operations(ours):
        offered |= expand_values(operation) or set()
    assert not DEFERRED_EXPAND & offered, f"{DEFERRED_EXPAND & offered} is served now; drop it"
    assert not DEFERRED_PATHS & set(ours["paths"]), "a deferred path is served now; drop it"
