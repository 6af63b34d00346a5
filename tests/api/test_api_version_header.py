"""Every response of a versioned API carries the `API-version` header."""

import pytest
from rest_framework.test import APIClient

from klantenregister.api.versions import APIS, api_for_path
from tests.api.helpers import KI
from tests.factories import make_persoon

pytestmark = pytest.mark.django_db

VERSION = APIS["klantinteracties"].version


def test_version_comes_from_the_versions_module():
    assert api_for_path(f"{KI}/partijen") is APIS["klantinteracties"]
    assert api_for_path("/health/") is None


def test_list_and_detail_carry_the_api_version(ki_read):
    partij = make_persoon()

    assert ki_read.get(f"{KI}/partijen")["API-version"] == VERSION
    assert ki_read.get(f"{KI}/partijen/{partij.uuid}")["API-version"] == VERSION


def test_writes_carry_the_api_version(api):
    response = api.post(f"{KI}/categorieen", {"naam": "VIP"}, format="json")

    assert response.status_code == 201
    assert response["API-version"] == VERSION


@pytest.mark.parametrize("path", [f"{KI}/partijen", f"{KI}/does-not-exist"])
def test_error_responses_carry_the_api_version(path):
    response = APIClient().get(path)

    assert response.status_code in (401, 404)
    assert response["API-version"] == VERSION


def test_schema_carries_the_api_version():
    assert APIClient().get(f"{KI}/schema/openapi.yaml")["API-version"] == VERSION


def test_api_version_is_set_behind_a_script_name_prefix(ki_read):
    response = ki_read.get(f"{KI}/partijen", SCRIPT_NAME="/klantenregister")

    assert response.status_code == 200
    assert response["API-version"] == VERSION


def test_responses_outside_the_apis_have_no_api_version():
    assert not APIClient().get("/health/").has_header("API-version")
