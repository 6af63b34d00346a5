"""Validate /api/kic/v1 responses against the first-generation reference contracts.

`assert_contract(response, contract="klanten" | "contactmomenten" | "verzoeken")` checks the
status code, the body (with openapi-core, against the reference yaml in ../shared/reference,
found like tests/contract does it) and the presence of the headers the contract documents for that
response (`API-version`, `ETag`, `Location`).

Five departures are applied to the loaded contract, each as narrow as possible and each a
rule of spec/kic_compat.md that the contract cannot express (docs/kic-migration.md):
- `Klant.websiteUrl` and `Klant.emailadres` may also be the empty string: a klant without a
  website or e-mail address (made through v1, or with the field left out, as Open Klant 1.x
  allows) reads them as "" (spec §4.1, §8.14), which `minLength: 1` / `format: email` refuse;
- `Klant.klantnummer` may be up to 10 characters: a partij numbered by the product reads its
  10-digit `nummer` (spec §8.1);
- `ContactMoment.initiatiefnemer` may also be the empty string: unknown (no stored value and no
  betrokkenen) reads "" (spec §4.2), as in the reference implementation;
- `VerzoekProduct.product` may also be the empty string: a verzoekproduct known only by its
  code reads "" (the contract has no minLength there, but `format: uri` refuses "" under a
  strict format checker), as in the reference implementation.
"""

import copy
import functools
import json
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest, MockResponse

ROOT = Path(__file__).resolve().parents[2]
REFERENCE_DIR = ROOT.parent / "shared" / "reference"
CONTRACTS = {
    "klanten": "kic-v1-klanten-openapi.yaml",
    "contactmomenten": "kic-v1-contactmomenten-openapi.yaml",
    "verzoeken": "kic-v1-verzoeken-openapi.yaml",
}
OUR_PREFIX = "/api/kic/v1"
CONTRACT_PREFIX = "/api/v1"
CHECKED_HEADERS = ("API-version", "ETag", "Location")


EMPTY_STRING = {"type": "string", "enum": [""]}


def _relax(spec: dict) -> dict:
    spec = copy.deepcopy(spec)
    klant = spec.get("components", {}).get("schemas", {}).get("Klant")
    if klant is not None:
        props = klant["properties"]
        for name in ("websiteUrl", "emailadres"):
            props[name] = {"anyOf": [props[name], EMPTY_STRING]}
        props["klantnummer"]["maxLength"] = 10
    contactmoment = spec.get("components", {}).get("schemas", {}).get("ContactMoment")
    if contactmoment is not None:
        props = contactmoment["properties"]
        props["initiatiefnemer"] = {"anyOf": [props["initiatiefnemer"], EMPTY_STRING]}
    verzoekproduct = spec.get("components", {}).get("schemas", {}).get("VerzoekProduct")
    if verzoekproduct is not None:
        props = verzoekproduct["properties"]
        props["product"] = {"anyOf": [props["product"], EMPTY_STRING]}
    return spec


@functools.cache
def _load(contract: str) -> tuple[dict, OpenAPI]:
    path = REFERENCE_DIR / CONTRACTS[contract]
    if not path.exists():
        raise AssertionError(f"reference contract missing at {path}")
    spec = yaml.safe_load(path.read_text())
    # Errors are application/problem+json, a JSON body the contracts declare as such.
    config = Config(extra_media_type_deserializers={"application/problem+json": json.loads})
    return spec, OpenAPI.from_dict(_relax(spec), config=config)


def _operation(spec: dict, path: str, method: str) -> tuple[str, dict]:
    """The contract's path template and operation for a concrete path."""
    parts = path.strip("/").split("/")
    for template, item in spec["paths"].items():
        tparts = template.strip("/").split("/")
        same_shape = len(tparts) == len(parts) and all(
            t.startswith("{") or t == p for t, p in zip(tparts, parts, strict=True)
        )
        if same_shape and method in item:
            return template, item[method]
    raise AssertionError(f"{method.upper()} {path} is not in the contract")


def _documented_headers(spec: dict, operation: dict, status: int) -> list[str]:
    response = operation["responses"].get(str(status))
    if response is None:
        raise AssertionError(f"status {status} is not documented for this operation")
    if "$ref" in response:
        name = response["$ref"].rsplit("/", 1)[-1]
        response = spec["components"]["responses"][name]
    return [h for h in response.get("headers", {}) if h in CHECKED_HEADERS]


def assert_contract(response, contract: str) -> None:
    request = response.wsgi_request
    method = request.method.lower()
    full_path = request.path
    assert full_path.startswith(OUR_PREFIX), full_path
    path = CONTRACT_PREFIX + full_path[len(OUR_PREFIX) :]
    spec, openapi = _load(contract)
    template, operation = _operation(spec, path[len(CONTRACT_PREFIX) :], method)
    for header in _documented_headers(spec, operation, response.status_code):
        assert response.has_header(header), f"{header} missing on {response.status_code}"
    mock_request = MockRequest(
        "http://testserver",
        method,
        path,
        path_pattern=CONTRACT_PREFIX + template,
        args=dict(request.GET.items()),
    )
    content_type = response.get("Content-Type", "application/json").split(";")[0]
    mock_response = MockResponse(
        response.content or b"",
        status_code=response.status_code,
        headers={k: v for k, v in response.items()},
        content_type=content_type,
    )
    openapi.validate_response(mock_request, mock_response)
    if response.content and content_type.endswith("json"):
        # openapi-core does not see absolute URLs of another host as an error; we do.
        body = json.loads(response.content)
        url = body.get("url") if isinstance(body, dict) else None
        if url:
            assert urlsplit(url).path.startswith(OUR_PREFIX), url
