"""Every error of the API is application/problem+json in the VNG style."""

import json
import logging
import uuid

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from tests.api.failing_urls import SECRET_TEXT
from tests.api.helpers import KI, invalid_param_names, problem
from tests.factories import make_digitaal_adres, make_persoon

pytestmark = pytest.mark.django_db

DIGITALE_ADRESSEN = f"{KI}/digitaleadressen"
CATEGORIEEN = f"{KI}/categorieen"


# --- 400 --------------------------------------------------------------------------------------


def test_validation_error_gives_400_with_camelcase_invalid_params(api):
    response = api.post(DIGITALE_ADRESSEN, {"adres": ""}, format="json")

    body = problem(response, 400)
    assert body["code"] == "invalid"
    names = invalid_param_names(body)
    assert "soortDigitaalAdres" in names
    assert not any("_" in name for name in names), names
    by_name = {param["name"]: param for param in body["invalidParams"]}
    assert by_name["soortDigitaalAdres"]["code"] == "required"
    assert by_name["soortDigitaalAdres"]["reason"]
    assert "soortDigitaalAdres" in body["detail"]


def test_nested_validation_error_names_the_dotted_camelcase_path(api):
    response = api.post(
        f"{KI}/partijen",
        {
            "soortPartij": "persoon",
            "indicatieActief": True,
            "digitaleAdressen": [],
            "rekeningnummers": [],
            "voorkeursDigitaalAdres": None,
            "voorkeursRekeningnummer": None,
            "partijIdentificatoren": [
                {"partijIdentificator": {"codeObjecttype": "natuurlijk_persoon"}}
            ],
            "partijIdentificatie": {"contactnaam": {"voornaam": "Jan"}},
        },
        format="json",
    )

    names = invalid_param_names(problem(response, 400))
    assert "partijIdentificatoren.0.partijIdentificator.objectId" in names, names


def test_malformed_json_gives_400_naming_the_problem(api):
    response = api.post(DIGITALE_ADRESSEN, '{"adres": ', content_type="application/json")

    body = problem(response, 400)
    assert body["code"] == "parse_error"
    assert "JSON" in body["detail"]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (b'{"naam": NaN}', "NaN"),
        (b'{"naam": Infinity}', "Infinity"),
        (b"\xff\xfe{}", "utf-8"),
        (b"[" * 100_000 + b"]" * 100_000, "genest"),
    ],
)
def test_body_that_is_not_strict_json_gives_400_not_500(api, body, fragment):
    response = api.post(CATEGORIEEN, body, content_type="application/json")

    assert fragment in problem(response, 400)["detail"]


def test_empty_body_counts_as_an_empty_object(api):
    response = api.post(DIGITALE_ADRESSEN, b"", content_type="application/json")

    assert {"adres", "soortDigitaalAdres"} <= invalid_param_names(problem(response, 400))


def test_keys_are_translated_from_camelcase(api):
    response = api.post(
        DIGITALE_ADRESSEN,
        b'{"adres": "a@example.nl", "soortDigitaalAdres": "overig"}',
        content_type="application/json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["soortDigitaalAdres"] == "overig"


@pytest.mark.parametrize("payload", [[{"adres": "a@example.nl"}], "tekst", 42, None])
def test_json_body_that_is_not_an_object_gives_400_not_500(api, payload):
    response = api.post(DIGITALE_ADRESSEN, json.dumps(payload), content_type="application/json")

    body = problem(response, 400)
    assert body["invalidParams"]


def test_non_object_body_on_update_gives_400(api):
    adres = make_digitaal_adres(make_persoon())

    response = api.put(
        f"{DIGITALE_ADRESSEN}/{adres.uuid}", json.dumps(["x"]), content_type="application/json"
    )

    problem(response, 400)


# --- 401 / 403 --------------------------------------------------------------------------------


def test_401_and_403_are_problem_json(make_client):
    problem(APIClient().get(DIGITALE_ADRESSEN), 401)
    problem(make_client("taken:read").get(DIGITALE_ADRESSEN), 403)


# --- 404 --------------------------------------------------------------------------------------


def test_unknown_uuid_gives_404_problem_json(api):
    body = problem(api.get(f"{DIGITALE_ADRESSEN}/{uuid.uuid4()}"), 404)

    assert body["code"] == "not_found"


def test_malformed_uuid_in_url_gives_404_problem_json(api):
    problem(api.get(f"{DIGITALE_ADRESSEN}/geen-uuid"), 404)


@pytest.mark.parametrize("path", [f"{KI}/does-not-exist", f"{KI}/does-not-exist/", f"{KI}/"])
def test_unknown_url_under_the_api_gives_404_problem_json(api, path):
    problem(api.get(path), 404)


def test_unknown_url_under_the_api_gives_404_problem_json_without_token():
    problem(APIClient().get(f"{KI}/does-not-exist"), 404)


def test_unknown_url_outside_the_api_gives_a_plain_404():
    response = APIClient().get("/bestaat-niet/")

    assert response.status_code == 404
    assert "problem+json" not in response["Content-Type"]


# --- 405 / 413 / 415 --------------------------------------------------------------------------


def test_patch_on_a_list_url_gives_405_problem_json(api):
    body = problem(api.patch(DIGITALE_ADRESSEN, {}, format="json"), 405)

    assert "PATCH" in body["detail"]
    assert "{" not in body["title"]
    assert "Allow" in api.patch(DIGITALE_ADRESSEN, {}, format="json")


def test_post_on_a_detail_url_gives_405_problem_json(api):
    adres = make_digitaal_adres(make_persoon())

    problem(api.post(f"{DIGITALE_ADRESSEN}/{adres.uuid}", {}, format="json"), 405)


def test_method_outside_the_allowed_set_gives_405_problem_json(api):
    problem(api.generic("TRACE", DIGITALE_ADRESSEN), 405)


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_body_above_the_upload_limit_gives_413_problem_json(api):
    payload = {"adres": "a@example.nl", "soortDigitaalAdres": "email", "omschrijving": "x" * 2000}

    body = problem(api.post(DIGITALE_ADRESSEN, payload, format="json"), 413)

    assert body["code"] == "payload-too-large"


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_body_above_the_upload_limit_gives_413_on_update_too(api):
    adres = make_digitaal_adres(make_persoon())
    payload = {"adres": "a@example.nl", "soortDigitaalAdres": "email", "omschrijving": "x" * 2000}

    problem(api.put(f"{DIGITALE_ADRESSEN}/{adres.uuid}", payload, format="json"), 413)


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024, ROOT_URLCONF="tests.api.failing_urls")
def test_body_above_the_upload_limit_read_outside_drf_gives_413_problem_json(api):
    api.raise_request_exception = False

    response = api.post(f"{KI}/leest-body-buiten-drf", "x" * 2000, content_type="text/plain")

    problem(response, 413)


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=4096)
def test_body_below_the_upload_limit_is_accepted(api):
    payload = {"adres": "a@example.nl", "soortDigitaalAdres": "email", "omschrijving": "x" * 40}

    assert api.post(DIGITALE_ADRESSEN, payload, format="json").status_code == 201


def test_post_with_text_plain_gives_415_problem_json(api):
    response = api.post(DIGITALE_ADRESSEN, "adres=a@example.nl", content_type="text/plain")

    body = problem(response, 415)
    assert "text/plain" in body["detail"]
    assert "{" not in body["title"]


# --- 500 --------------------------------------------------------------------------------------


@override_settings(ROOT_URLCONF="tests.api.failing_urls")
def test_unhandled_error_gives_500_problem_json_without_leaking_and_is_logged(api, caplog):
    with caplog.at_level(logging.ERROR, logger="klantenregister.api.exceptions"):
        response = api.get(f"{KI}/kapot")

    body = problem(response, 500)
    assert SECRET_TEXT not in response.content.decode()
    assert "RuntimeError" not in response.content.decode()
    assert body["instance"] in body["detail"]
    logged = [r for r in caplog.records if r.name == "klantenregister.api.exceptions"]
    assert logged and logged[0].exc_info and logged[0].exc_info[0] is RuntimeError
    assert body["instance"] in logged[0].getMessage()


@override_settings(ROOT_URLCONF="tests.api.failing_urls")
def test_unhandled_error_outside_drf_under_the_api_gives_500_problem_json(api):
    api.raise_request_exception = False

    response = api.get(f"{KI}/kapot-buiten-drf")

    problem(response, 500)
    assert SECRET_TEXT not in response.content.decode()


@override_settings(ROOT_URLCONF="tests.api.failing_urls")
def test_errors_raised_inside_the_api_carry_the_api_version_header(api):
    response = api.get(f"{KI}/kapot")

    assert response["API-version"]
