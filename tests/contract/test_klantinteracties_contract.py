"""The generated Klantinteracties contract against Open Klant 2's (the drop-in promise).

For every path we serve, the reference's methods, operationIds, query parameters, `expand`
values and enum values must be there. What waits for a later app is listed in DEFERRED; that
list may only shrink.
"""

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "reference" / "openklant-klantinteracties-v1-openapi.yaml"
OURS = ROOT / "docs" / "api" / "klantinteracties.yaml"

# (method, path) -> query parameters / expand values that arrive with the klantcontacten app.
DEFERRED_PARAMS = {
    ("get", "/digitaleadressen"): {
        "expand",
        "verstrektDoorBetrokkene__rol",
        "verstrektDoorBetrokkene__url",
        "verstrektDoorBetrokkene__uuid",
    },
    ("get", "/digitaleadressen/{uuid}"): {"expand"},
}
DEFERRED_EXPAND = {"betrokkenen", "betrokkenen.hadKlantcontact"}


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


def test_every_path_we_serve_exists_in_the_reference_with_the_same_methods(reference, ours):
    for path, item in ours["paths"].items():
        assert path in reference["paths"], path
        ref_methods = {m for m in reference["paths"][path] if m != "parameters"}
        assert {m for m in item if m != "parameters"} == ref_methods, path


def test_operation_ids_match_the_reference(reference, ours):
    for method, path, operation in operations(ours):
        assert operation["operationId"] == reference["paths"][path][method]["operationId"]


def test_every_reference_query_parameter_is_accepted(reference, ours):
    for method, path, operation in operations(ours):
        ref_params = {p["name"] for p in reference["paths"][path][method].get("parameters", [])}
        our_params = {p["name"] for p in operation.get("parameters", [])}
        missing = ref_params - our_params - DEFERRED_PARAMS.get((method, path), set())
        assert not missing, f"{method.upper()} {path} lacks {sorted(missing)}"


def test_expand_values_match_the_reference(reference, ours):
    for method, path, operation in operations(ours):
        ref = [
            p
            for p in reference["paths"][path][method].get("parameters", [])
            if p["name"] == "expand"
        ]
        mine = [p for p in operation.get("parameters", []) if p["name"] == "expand"]
        if not ref or not mine:
            continue
        ref_values = set(ref[0]["schema"]["items"]["enum"]) - DEFERRED_EXPAND
        assert ref_values <= set(mine[0]["schema"]["items"]["enum"]), path


@pytest.mark.parametrize(
    "enum",
    [
        "SoortPartijEnum",
        "CodeObjecttypeEnum",
        "CodeRegisterEnum",
        "CodeSoortObjectIdEnum",
        "SoortDigitaalAdresEnum",
    ],
)
def test_enum_values_match_the_reference(reference, ours, enum):
    ref_values = set(reference["components"]["schemas"][enum]["enum"])
    assert set(ours["components"]["schemas"][enum]["enum"]) == ref_values


def test_the_deferred_list_only_names_what_is_really_missing(reference, ours):
    for (method, path), names in DEFERRED_PARAMS.items():
        our_params = {p["name"] for p in ours["paths"][path][method].get("parameters", [])}
        assert not names & our_params, f"{path}: {names & our_params} is served now; drop it"
