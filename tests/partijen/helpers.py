"""Shared helpers for the partijen API tests: URLs, payload builders, contract access and
row counts."""

import functools
import json
import re
import uuid
from pathlib import Path

import yaml
from stdnum import iban as stdnum_iban

from partijen.models import (
    Categorie,
    CategorieRelatie,
    Contactpersoon,
    DigitaalAdres,
    Organisatie,
    Partij,
    PartijIdentificator,
    Persoon,
    Rekeningnummer,
    Vertegenwoordigden,
)
from tests.conftest import KI
from tests.factories import valid_bsn

CONTRACT = Path("/work/shared/reference/openklant-klantinteracties-v1-openapi.yaml")

PARTIJEN = f"{KI}/partijen"
IDENTIFICATOREN = f"{KI}/partij-identificatoren"
DIGITALE_ADRESSEN = f"{KI}/digitaleadressen"
REKENINGNUMMERS = f"{KI}/rekeningnummers"
VERTEGENWOORDIGINGEN = f"{KI}/vertegenwoordigingen"
CATEGORIEEN = f"{KI}/categorieen"
CATEGORIE_RELATIES = f"{KI}/categorie-relaties"

PROBLEM_JSON = "application/problem+json"


# --- contract ---------------------------------------------------------------------------------


@functools.cache
def contract() -> dict:
    return yaml.safe_load(CONTRACT.read_text())


def schema(name: str) -> dict:
    return contract()["components"]["schemas"][name]


def contract_properties(name: str) -> set[str]:
    return set(schema(name).get("properties", {}))


def contract_query_parameters(path: str) -> set[str]:
    return {param["name"] for param in contract()["paths"][path]["get"].get("parameters", [])}


# --- responses --------------------------------------------------------------------------------


def problem(response, status: int) -> dict:
    """Assert a problem+json response with `status` and return its body."""
    assert response.status_code == status, (response.status_code, response.content[:2000])
    assert response["Content-Type"].startswith(PROBLEM_JSON), response["Content-Type"]
    body = response.json()
    assert body["status"] == status
    return body


def invalid_params(response, status: int = 400) -> dict[str, dict]:
    """The invalidParams of a 400 problem response, keyed by (camelCase) name."""
    body = problem(response, status)
    return {param["name"]: param for param in body["invalidParams"]}


def assert_invalid(response, name: str, *, code: str | None = None, reason: str | None = None):
    """400 with an invalidParam `name` (and `code` / a `reason` containing the text)."""
    params = invalid_params(response)
    assert name in params, (name, params)
    if code is not None:
        assert params[name]["code"] == code, params[name]
    if reason is not None:
        assert reason in params[name]["reason"], params[name]
    return params[name]


def detail_url(response_or_body) -> str:
    body = response_or_body if isinstance(response_or_body, dict) else response_or_body.json()
    return body["url"]


def ref(obj) -> dict:
    return {"uuid": str(obj.uuid)}


def absolute(path: str) -> str:
    return f"http://testserver{path}"


def uuids(response) -> list[str]:
    assert response.status_code == 200, response.content[:2000]
    return [item["uuid"] for item in response.json()["results"]]


# --- row counts -------------------------------------------------------------------------------

MODELS = (
    Partij,
    Persoon,
    Organisatie,
    Contactpersoon,
    PartijIdentificator,
    Vertegenwoordigden,
    Categorie,
    CategorieRelatie,
    Rekeningnummer,
    DigitaalAdres,
)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def row_state() -> dict:
    """Counts plus the owner and flags of linked rows, to see that nothing changed."""
    return {
        **row_counts(),
        "adressen": sorted(
            DigitaalAdres.objects.values_list("uuid", "partij_id", "is_standaard_adres")
        ),
        "rekeningnummers": sorted(Rekeningnummer.objects.values_list("uuid", "partij_id")),
        "identificatoren": sorted(
            PartijIdentificator.objects.values_list(
                "uuid", "partij_id", "partij_identificator_object_id"
            )
        ),
        "partijen": sorted(
            Partij.objects.values_list(
                "uuid", "nummer", "voorkeurs_digitaal_adres_id", "voorkeurs_rekeningnummer_id"
            )
        ),
    }


# --- payloads ---------------------------------------------------------------------------------


def bsn_identificator(bsn: str | None = None, **extra) -> dict:
    return {
        "partijIdentificator": {
            "codeObjecttype": "natuurlijk_persoon",
            "codeSoortObjectId": "bsn",
            "objectId": valid_bsn() if bsn is None else bsn,
            "codeRegister": "brp",
        },
        **extra,
    }


def kvk_identificator(kvk: str = "12345678", **extra) -> dict:
    return {
        "partijIdentificator": {
            "codeObjecttype": "niet_natuurlijk_persoon",
            "codeSoortObjectId": "kvk_nummer",
            "objectId": kvk,
            "codeRegister": "hr",
        },
        **extra,
    }


def rsin_identificator(rsin: str | None = None, **extra) -> dict:
    return {
        "partijIdentificator": {
            "codeObjecttype": "niet_natuurlijk_persoon",
            "codeSoortObjectId": "rsin",
            "objectId": valid_bsn() if rsin is None else rsin,
            "codeRegister": "hr",
        },
        **extra,
    }


def vestiging_identificator(parent, nummer: str = "000012345678", **extra) -> dict:
    parent_uuid = parent["uuid"] if isinstance(parent, dict) else str(parent.uuid)
    return {
        "partijIdentificator": {
            "codeObjecttype": "vestiging",
            "codeSoortObjectId": "vestigingsnummer",
            "objectId": nummer,
            "codeRegister": "hr",
        },
        "subIdentificatorVan": {"uuid": parent_uuid},
        **extra,
    }


def persoon_payload(**extra) -> dict:
    return {
        "soortPartij": "persoon",
        "indicatieActief": True,
        "partijIdentificatie": {
            "contactnaam": {
                "voorletters": "J.",
                "voornaam": "Jan",
                "voorvoegselAchternaam": "van",
                "achternaam": "Dijk",
            }
        },
        **extra,
    }


def organisatie_payload(naam: str = "Bakkerij De Korrel", **extra) -> dict:
    return {
        "soortPartij": "organisatie",
        "indicatieActief": True,
        "partijIdentificatie": {"naam": naam},
        **extra,
    }


def adres_payload(**extra) -> dict:
    return {
        "nummeraanduidingId": "0363200000123456",
        "straatnaam": "Dorpsstraat",
        "huisnummer": 12,
        "huisnummertoevoeging": "A",
        "postcode": "1234 AB",
        "stad": "Utrecht",
        "adresregel1": "Dorpsstraat 12A",
        "adresregel2": "1234 AB Utrecht",
        "adresregel3": "",
        "land": "NL",
        **extra,
    }


_iban_counter = iter(range(10_000_000, 99_999_999))


def valid_iban() -> str:
    """A Dutch IBAN with a correct checksum, different on every call."""
    bban = f"ABNA00{next(_iban_counter):08d}"
    check = stdnum_iban.calc_check_digits(f"NL00{bban}")
    return f"NL{check}{bban}"


def random_ref() -> dict:
    return {"uuid": str(uuid.uuid4())}


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def value_id(value, length: int = 20) -> str:
    """A short test id for a parameter value, the same in every process: pytest-xdist needs
    every worker to collect the same test ids, so a random_ref() shows as "uuid"."""
    return _UUID.sub("uuid", json.dumps(value))[:length]
