"""Field rules every app needs, raising Django's ValidationError so models, admin forms,
API fields and filters share one implementation."""

import datetime

from django.core.exceptions import ValidationError

OUT_OF_RANGE = "Dit tijdstip valt buiten het ondersteunde bereik (jaar 1 tot en met 9999)."
NUL_CHARACTERS = "Sleutels en waarden mogen geen NUL-tekens (\\x00) bevatten."


def validate_moment_in_range(value: datetime.datetime | None) -> None:
    """The moment must also exist in UTC: `0001-01-01T00:00` in Europe/Amsterdam (+00:19:32
    then) is year 0 in UTC, which neither Python nor the database can hold (a 500 otherwise)."""
    if value is None or value.tzinfo is None:
        return
    try:
        value.astimezone(datetime.UTC)
    except OverflowError as exc:
        raise ValidationError(OUT_OF_RANGE, code="out_of_range") from exc


def validate_no_nul_characters(mapping) -> None:
    """PostgreSQL cannot store U+0000 in JSON text; refuse it in keys and values alike."""
    if isinstance(mapping, dict) and any(
        "\x00" in text for item in mapping.items() for text in item if isinstance(text, str)
    ):
        raise ValidationError(NUL_CHARACTERS, code="null_characters")
