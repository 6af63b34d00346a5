import pytest

from partijen.models import Categorie
from tests.conftest import KI


@pytest.mark.parametrize("value", [0, 1.5, True, ["x"], {"a": "b"}])
def test_a_non_string_for_a_text_field_is_rejected_and_nothing_saved(api, value):
    response = api.post(f"{KI}/categorieen", {"naam": value}, format="json")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [p["name"] for p in response.json()["invalidParams"]] == ["naam"]
    assert Categorie.objects.count() == 0


def test_an_unparseable_body_still_lists_invalid_params(api):
    response = api.generic(
        "POST", f"{KI}/categorieen", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "parse_error"
    assert body["invalidParams"] == [
        {"name": "nonFieldErrors", "code": "parse_error", "reason": body["detail"]}
    ]
