"""Helpers every app's services.py shares: validate-and-save, and error keys for nested parts."""

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction


def prefixed_errors(error: ValidationError, prefix: str) -> ValidationError:
    """Re-key a ValidationError under `prefix.` so nested items name their path."""
    if not hasattr(error, "error_dict"):
        return ValidationError({prefix: error.error_list})
    return ValidationError(
        {
            (prefix if key == NON_FIELD_ERRORS else f"{prefix}.{key}"): value
            for key, value in error.error_dict.items()
        }
    )


def save_validated(instance, *, exclude: Iterable[str] = ()) -> None:
    instance.full_clean(exclude=list(exclude))
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        # A concurrent write won the race for a unique value that full_clean saw as free.
        raise ValidationError(
            {
                NON_FIELD_ERRORS: ValidationError(
                    "Er bestaat al een object met deze unieke gegevens.", code="unique"
                )
            }
        ) from exc
