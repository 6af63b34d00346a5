"""Field-level rules for partijen, built on python-stdnum and Django's validators.

Every function raises django.core.exceptions.ValidationError, so the same rule serves the
API, the admin and management commands.
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, RegexValidator
from stdnum import bic as stdnum_bic
from stdnum import exceptions as stdnum_exceptions
from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn

validate_digits = RegexValidator(
    r"^[0-9]*$", message="Alleen cijfers zijn toegestaan.", code="only-digits"
)
validate_referentie = RegexValidator(
    r"^[-a-zA-Z0-9_]+$",
    message="Alleen letters, cijfers, '-' en '_' zijn toegestaan.",
    code="invalid",
)
validate_nummeraanduiding_id = RegexValidator(
    r"^[0-9]{16}$", message="Een nummeraanduiding-id bestaat uit 16 cijfers.", code="invalid"
)
validate_postcode = RegexValidator(
    r"^[1-9][0-9]{3} [A-Z]{2}$",
    message="Een postcode heeft de vorm '1234 AB' (met spatie, hoofdletters).",
    code="invalid",
)


def validate_land(value: str) -> None:
    if value and value != value.upper():
        raise ValidationError(
            f"De landcode moet in hoofdletters, bijvoorbeeld '{value.upper()}'.", code="invalid"
        )
    if value and not re.fullmatch(r"[A-Z]{2}", value):
        raise ValidationError("De landcode is een ISO 3166-1 alpha-2 code.", code="invalid")


def _exact_digits(value: str, length: int) -> None:
    if len(value) != length:
        raise ValidationError(f"Waarde moet {length} tekens lang zijn", code="invalid-length")
    if not value.isdigit():
        raise ValidationError("Voer een numerieke waarde in", code="only-digits")


def _elfproef(value: str, what: str) -> None:
    # The 11-proef of BSN and RSIN is the same; stdnum's BSN check implements it.
    try:
        stdnum_bsn.validate(value)
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(f"Ongeldig {what}: de elfproef klopt niet.", code="invalid") from exc


def validate_bsn(value: str) -> None:
    _exact_digits(value, 9)
    _elfproef(value, "BSN")


def validate_rsin(value: str) -> None:
    _exact_digits(value, 9)
    _elfproef(value, "RSIN")


def validate_kvk_nummer(value: str) -> None:
    _exact_digits(value, 8)


def validate_vestigingsnummer(value: str) -> None:
    _exact_digits(value, 12)


OBJECT_ID_VALIDATORS = {
    "bsn": validate_bsn,
    "rsin": validate_rsin,
    "kvk_nummer": validate_kvk_nummer,
    "vestigingsnummer": validate_vestigingsnummer,
}

_IBAN_SHAPE = re.compile(r"^[A-Za-z]{2}[0-9]{2}[A-Za-z0-9]{1,30}$")


def validate_iban(value: str) -> None:
    """Shape as in the contract, plus the ISO 7064 checksum (which Open Klant skips)."""
    if not _IBAN_SHAPE.match(value):
        raise ValidationError(
            "Een IBAN begint met een landcode en twee cijfers, gevolgd door letters/cijfers.",
            code="invalid",
        )
    try:
        stdnum_iban.validate(value)
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(
            "Dit IBAN is ongeldig (controlegetal of lengte klopt niet).", code="invalid"
        ) from exc


def validate_bic(value: str) -> None:
    """8 or 11 characters without whitespace (contract pattern `^[\\S]+$`), valid structure."""
    if not value:
        return
    # stdnum strips spaces before checking, so it would pass "ABNA NL2A" as stored.
    if re.search(r"\s", value):
        raise ValidationError("Een BIC mag geen spaties bevatten.", code="invalid")
    try:
        stdnum_bic.validate(value)
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError("Deze BIC is ongeldig.", code="invalid") from exc


_PHONE = re.compile(r"^(0[1-9][0-9]{8}|\+[0-9]{9,15}|00[0-9]{7,13})$")
_SERVICE_PREFIXES = ("0800", "0900", "1400", "140")


def validate_telefoonnummer(value: str) -> None:
    if value.startswith(_SERVICE_PREFIXES):
        raise ValidationError(
            "Informatienummers (0800, 0900, 14xx) zijn niet toegestaan als telefoonnummer.",
            code="invalid",
        )
    if not _PHONE.match(value):
        raise ValidationError("Het opgegeven telefoonnummer is ongeldig.", code="invalid")
    # The contract's pattern accepts any digits; libphonenumber also knows the numbering plans.
    try:
        parsed = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError("Het opgegeven telefoonnummer is ongeldig.", code="invalid") from exc
    if not phonenumbers.is_possible_number(parsed):
        raise ValidationError("Het opgegeven telefoonnummer is ongeldig.", code="invalid")


validate_email = EmailValidator(message="Voer een geldig e-mailadres in.", code="invalid")


def validate_digitaal_adres(soort: str, adres: str) -> None:
    """The address must fit its soort; `overig` is free text."""
    if soort == "email":
        validate_email(adres)
    elif soort == "telefoonnummer":
        validate_telefoonnummer(adres)


# Allowed combinations of the partijIdentificator codes: register → objecttype → soorten.
IDENTIFICATOR_COMBINATIES = {
    "brp": {"natuurlijk_persoon": ("bsn",)},
    "hr": {
        "niet_natuurlijk_persoon": ("rsin", "kvk_nummer"),
        "vestiging": ("vestigingsnummer",),
    },
}


def validate_partij_identificator_codes(
    code_register: str, code_objecttype: str, code_soort_object_id: str, object_id: str
) -> None:
    """The codes must form an allowed combination and objectId must fit its soort.

    Errors are keyed by the model field they concern.
    """
    objecttypes = IDENTIFICATOR_COMBINATIES.get(code_register, {})
    if code_objecttype not in objecttypes:
        raise ValidationError(
            {
                "partij_identificator_code_objecttype": ValidationError(
                    f"voor `codeRegister` {code_register} zijn alleen deze waarden toegestaan: "
                    f"{list(objecttypes)}",
                    code="invalid",
                )
            }
        )
    soorten = objecttypes[code_objecttype]
    if code_soort_object_id not in soorten:
        raise ValidationError(
            {
                "partij_identificator_code_soort_object_id": ValidationError(
                    f"voor `codeObjecttype` {code_objecttype} zijn alleen deze waarden "
                    f"toegestaan: {list(soorten)}",
                    code="invalid",
                )
            }
        )
    validator = OBJECT_ID_VALIDATORS[code_soort_object_id]
    try:
        validator(object_id)
    except ValidationError as exc:
        raise ValidationError(
            {
                "partij_identificator_object_id": ValidationError(
                    f"Deze waarde is ongeldig, reden: {exc.messages[0]}",
                    code=exc.error_list[0].code or "invalid",
                )
            }
        ) from exc
