"""Every path and method of the first-generation reference contracts is in the generated
docs/api/kic.yaml, with the contract's query parameters, and nothing else is (spec §11 check 2;
the 405s for the rest are tested per resource)."""

import re
from pathlib import Path

import pytest
import yaml

from tests.kic.contract import CONTRACTS, REFERENCE_DIR

OURS = Path(__file__).resolve().parents[2] / "docs" / "api" / "kic.yaml"
METHODS = {"get", "post", "put", "patch", "delete"}
# Query parameters we accept beyond a contract (documented in docs/kic-migration.md).
EXTENSION_PARAMS: dict[tuple[str, str], set[str]] = {}


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def _operations(schema: dict) -> dict:
    found = {}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                params = {
                    p["name"]
                    for p in operation.get("parameters", []) + item.get("parameters", [])
                    if isinstance(p, dict) and p.get("in") == "query"
                }
                found[(method, _shape(path))] = params
    return found


@pytest.fixture(scope="module")
def ours() -> dict:
    return _operations(yaml.safe_load(OURS.read_text()))


@pytest.mark.parametrize("contract", ["klanten", "contactmomenten", "verzoeken"])
def test_every_reference_operation_is_served_with_its_query_parameters(ours, contract):
    reference = _operations(yaml.safe_load((REFERENCE_DIR / CONTRACTS[contract]).read_text()))
    for key, params in reference.items():
        assert key in ours, f"{key} of the {contract} contract is not served"
        extra = ours[key] - params - EXTENSION_PARAMS.get(key, set())
        assert params <= ours[key], (key, params - ours[key])
        if contract in ("klanten", "verzoeken"):
            assert not extra, (key, extra)


def test_nothing_is_served_beyond_the_contracts(ours):
    reference = {}
    for name in CONTRACTS:
        reference.update(_operations(yaml.safe_load((REFERENCE_DIR / CONTRACTS[name]).read_text())))
    assert set(ours) <= set(reference), set(ours) - set(reference)
