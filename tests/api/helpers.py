"""Assertions shared by the API machinery tests."""

from klantenregister.api.exceptions import PROBLEM_CONTENT_TYPE

KI = "/klantinteracties/api/v1"
PROBLEM_KEYS = {"type", "title", "status", "detail", "instance", "code"}


def problem(response, status: int) -> dict:
    """Assert `response` is an application/problem+json error with `status`; return its body."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].split(";")[0] == PROBLEM_CONTENT_TYPE
    body = response.json()
    assert body.keys() >= PROBLEM_KEYS, body
    assert body["status"] == status
    assert body["type"].endswith(body["code"])
    assert body["instance"]
    return body


def invalid_param_names(body: dict) -> set[str]:
    for param in body["invalidParams"]:
        assert {"name", "code", "reason"} <= param.keys(), param
    return {param["name"] for param in body["invalidParams"]}
