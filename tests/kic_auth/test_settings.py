"""The first-generation settings (spec kic_compat §10): defaults without any variable, values
from the environment, and system checks that stop a wrong value at start-up."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import run_checks

from klantenregister.core import apps as core_apps
from klantenregister.core.checks import is_valid_rsin

ROOT = Path(__file__).resolve().parents[2]


def _settings_in_subprocess(env: dict, *names: str) -> list[str]:
    """Read settings in a fresh interpreter, so settings.py runs against exactly `env`."""
    code = (
        "import django, os; django.setup(); from django.conf import settings; "
        f"print('\\n'.join(repr(getattr(settings, n)) for n in {list(names)!r}))"
    )
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("KIC_", "JWT_", "FIELD_ENCRYPTION"))
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **base,
            "DJANGO_SETTINGS_MODULE": "klantenregister.settings",
            "SECRET_KEY": "x",
            **env,
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().splitlines()


def test_defaults_without_any_variable():
    names = (
        "KIC_DEFAULT_BRONORGANISATIE",
        "KIC_DEFAULT_BRONORGANISATIE_IS_DEMO",
        "KIC_DEFAULT_SOORT_PARTIJ",
        "KIC_DEFAULT_KANAAL",
        "KIC_DEFAULT_TAAL",
        "KIC_DEFAULT_ONDERWERP",
        "KIC_PORTAAL_REFERENTIE",
        "KIC_ZAAK_IDENTIFICATOR",
        "KIC_ZAAK_URL_TEMPLATE",
        "KIC_VALIDATE_REMOTE_URLS",
        "KIC_VALIDATE_REMOTE_RELATIONS",
        "KIC_PLAIN_LIST_CLIENTS",
        "KIC_NOTIFICATIE_KANALEN",
        "KIC_PROFILES",
        "JWT_EXPIRY",
        "JWT_LEEWAY",
        "FIELD_ENCRYPTION_KEYS",
    )

    assert _settings_in_subprocess({}, *names) == [
        "'123456782'",
        "True",
        "'persoon'",
        "'onbekend'",
        "'nld'",
        "'Contactmoment'",
        "'portaalvoorkeur'",
        "('zaak', 'openzaak', 'uuid')",
        "''",
        "True",
        "True",
        "[]",
        "'v1'",
        "()",
        "3600",
        "0",
        "[]",
    ]


def test_values_come_from_the_environment():
    env = {
        "KIC_DEFAULT_BRONORGANISATIE": "002220647",
        "KIC_DEFAULT_SOORT_PARTIJ": "organisatie",
        "KIC_ZAAK_IDENTIFICATOR": "zaak,openzaak-test,uuid",
        "KIC_ZAAK_URL_TEMPLATE": "https://zaken.example/api/v1/zaken/{objectId}",
        "KIC_VALIDATE_REMOTE_URLS": "false",
        "KIC_PLAIN_LIST_CLIENTS": "drc, open-zaak",
        "KIC_NOTIFICATIE_KANALEN": "first-gen",
        "KIC_PROFILES": "openklant1,commongateway",
        "JWT_EXPIRY": "600",
        "JWT_LEEWAY": "5",
    }
    names = (
        "KIC_DEFAULT_BRONORGANISATIE",
        "KIC_DEFAULT_BRONORGANISATIE_IS_DEMO",
        "KIC_DEFAULT_SOORT_PARTIJ",
        "KIC_ZAAK_IDENTIFICATOR",
        "KIC_ZAAK_URL_TEMPLATE",
        "KIC_VALIDATE_REMOTE_URLS",
        "KIC_PLAIN_LIST_CLIENTS",
        "KIC_NOTIFICATIE_KANALEN",
        "KIC_PROFILES",
        "JWT_EXPIRY",
        "JWT_LEEWAY",
    )

    assert _settings_in_subprocess(env, *names) == [
        "'002220647'",
        "False",
        "'organisatie'",
        "('zaak', 'openzaak-test', 'uuid')",
        "'https://zaken.example/api/v1/zaken/{objectId}'",
        "False",
        "['drc', 'open-zaak']",
        "'first-gen'",
        "('openklant1', 'commongateway')",
        "600",
        "5",
    ]


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("123456782", True),
        ("002220647", True),
        ("123456789", False),  # 11-proef fails
        ("12345678", False),
        ("1234567820", False),
        ("12345678a", False),
        ("000000000", False),
    ],
)
def test_rsin_check(value, valid):
    assert is_valid_rsin(value) is valid


def _ids(**kwargs) -> set[str]:
    return {message.id for message in run_checks(**kwargs)}


def test_the_defaults_pass_the_system_checks():
    assert not {id_ for id_ in _ids() if id_.startswith("kic.")}


def test_an_invalid_bronorganisatie_fails_the_system_check(settings):
    settings.KIC_DEFAULT_BRONORGANISATIE = "123456789"
    settings.KIC_DEFAULT_BRONORGANISATIE_IS_DEMO = False

    [message] = [m for m in run_checks() if m.id == "kic.E001"]
    assert "123456789" in message.msg
    assert message.is_serious()


@pytest.mark.parametrize(
    ("name", "value", "check_id"),
    [
        ("KIC_DEFAULT_SOORT_PARTIJ", "klant", "kic.E003"),
        ("KIC_NOTIFICATIE_KANALEN", "beide", "kic.E004"),
        ("KIC_PROFILES", ("openklant1", "onbekend"), "kic.E005"),
        ("KIC_ZAAK_IDENTIFICATOR", ("zaak", "uuid"), "kic.E006"),
        ("KIC_ZAAK_URL_TEMPLATE", "https://zaken.example/zaken/", "kic.E007"),
        ("JWT_EXPIRY", 0, "kic.E008"),
        ("JWT_LEEWAY", -1, "kic.E008"),
    ],
)
def test_other_wrong_values_fail_the_system_checks(settings, name, value, check_id):
    setattr(settings, name, value)

    assert check_id in _ids()


def test_production_without_a_bronorganisatie_fails_check_deploy(settings):
    settings.DEBUG = False
    settings.KIC_DEFAULT_BRONORGANISATIE_IS_DEMO = True

    assert "kic.E002" in _ids(include_deployment_checks=True)
    assert "kic.E002" not in _ids()

    settings.DEBUG = True
    assert "kic.E002" not in _ids(include_deployment_checks=True)

    settings.DEBUG = False
    settings.KIC_DEFAULT_BRONORGANISATIE_IS_DEMO = False
    settings.KIC_DEFAULT_BRONORGANISATIE = "002220647"
    assert "kic.E002" not in _ids(include_deployment_checks=True)


def test_runserver_in_debug_prints_the_demo_bronorganisatie_once(settings, monkeypatch):
    settings.DEBUG = True
    settings.KIC_DEFAULT_BRONORGANISATIE_IS_DEMO = True
    monkeypatch.setattr("sys.argv", ["manage.py", "runserver"])
    stderr = io.StringIO()
    monkeypatch.setattr("sys.stderr", stderr)

    monkeypatch.delenv("RUN_MAIN", raising=False)
    core_apps._announce_demo_bronorganisatie()  # the autoreloader's parent: silent
    assert stderr.getvalue() == ""

    monkeypatch.setenv("RUN_MAIN", "true")
    core_apps._announce_demo_bronorganisatie()
    assert "123456782" in stderr.getvalue()
    assert stderr.getvalue().count("\n") == 1


def test_nothing_is_printed_outside_runserver_or_with_a_bronorganisatie(settings, monkeypatch):
    stderr = io.StringIO()
    monkeypatch.setattr("sys.stderr", stderr)
    monkeypatch.setenv("RUN_MAIN", "true")
    settings.DEBUG = True

    settings.KIC_DEFAULT_BRONORGANISATIE_IS_DEMO = True
    monkeypatch.setattr("sys.argv", ["manage.py", "migrate"])
    core_apps._announce_demo_bronorganisatie()

    settings.KIC_DEFAULT_BRONORGANISATIE_IS_DEMO = False
    monkeypatch.setattr("sys.argv", ["manage.py", "runserver"])
    core_apps._announce_demo_bronorganisatie()

    assert stderr.getvalue() == ""
