"""Environment readers behind settings.py: clear errors instead of surprising values."""

import pytest

from klantenregister.env import env_bool, env_int, env_list, env_str


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("Yes", True), (" off ", False)])
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("KR_TEST", raw)

    assert env_bool("KR_TEST", not expected) is expected


def test_env_bool_refuses_anything_else_naming_the_variable(monkeypatch):
    monkeypatch.setenv("KR_TEST", "misschien")

    with pytest.raises(ValueError, match="KR_TEST"):
        env_bool("KR_TEST", False)


def test_env_int_uses_the_default_when_unset_or_empty(monkeypatch):
    monkeypatch.delenv("KR_TEST", raising=False)
    assert env_int("KR_TEST", 7) == 7
    monkeypatch.setenv("KR_TEST", "  ")
    assert env_int("KR_TEST", 7) == 7
    monkeypatch.setenv("KR_TEST", "12")
    assert env_int("KR_TEST", 7) == 12


def test_env_int_refuses_a_non_number_naming_the_variable(monkeypatch):
    monkeypatch.setenv("KR_TEST", "2MB")

    with pytest.raises(ValueError, match="KR_TEST"):
        env_int("KR_TEST", 1)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("KR_TEST", "a, b,,c ")

    assert env_list("KR_TEST", []) == ["a", "b", "c"]


def test_env_str_default(monkeypatch):
    monkeypatch.delenv("KR_TEST", raising=False)

    assert env_str("KR_TEST", "x") == "x"
