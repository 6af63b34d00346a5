"""Klant ↔ Partij, field by field (spec §4.1, §4.1.1-4.1.3, §5).

Read: `klant_data(partij)` gives the first-generation klant (snake_case; the renderer
camelCases it) from a partij loaded by selectors.klanten(): the new model first, the
KlantExtensie for what only it holds, the defaults of spec §4.1 where neither has a value.

Write: the normalisers turn first-generation input into new-model values or raise
ValidationError with the first-generation code; services.py applies them.
"""

import re

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from stdnum import exceptions as stdnum_exceptions
from stdnum.nl import bsn as stdnum_bsn

from kic_compat.models import KlantExtensie, SubjectType
from partijen import validators as partij_validators
from partijen.models import CodeSoortObjectId, SoortDigitaalAdres, SoortPartij

NP = SubjectType.NATUURLIJK_PERSOON
NNP = SubjectType.NIET_NATUURLIJK_PERSOON
VESTIGING = SubjectType.VESTIGING

SOORT_FOR_SUBJECT_TYPE = {
    NP: SoortPartij.PERSOON,
    NNP: SoortPartij.ORGANISATIE,
    VESTIGING: SoortPartij.ORGANISATIE,
}

# subjectIdentificatie fields kept in KlantExtensie.subject_identificatie_extra, per variant.
EXTRA_FIELDS = {
    NP: (
        "geslachtsnaam",
        "voorvoegsel_geslachtsnaam",
        "voornamen",
        "geslachtsaanduiding",
        "geboortedatum",
        "verblijfsadres",
        "sub_verblijf_buitenland",
    ),
    NNP: ("statutaire_naam", "inn_rechtsvorm", "bezoekadres", "sub_verblijf_buitenland"),
    VESTIGING: ("handelsnaam", "verblijfsadres", "sub_verblijf_buitenland"),
}
# The string fields of each variant, read as "" when unknown (as the reference implementations).
STRING_FIELDS = {
    NP: (
        "inp_bsn",
        "anp_identificatie",
        "inp_a_nummer",
        "geslachtsnaam",
        "voorvoegsel_geslachtsnaam",
        "voorletters",
        "voornamen",
        "geslachtsaanduiding",
        "geboortedatum",
    ),
    NNP: ("inn_nnp_id", "ann_identificatie", "statutaire_naam", "inn_rechtsvorm", "bezoekadres"),
    VESTIGING: ("vestigings_nummer",),
}


# --- Normalisers (write) ------------------------------------------------------------------------


def _invalid(message: str, code: str = "invalid") -> ValidationError:
    return ValidationError(message, code=code)


def normalise_rsin(value: str) -> str:
    if not (len(value) == 9 and value.isdigit()):
        raise _invalid("Een RSIN bestaat uit 9 cijfers.", "invalid-length")
    try:
        stdnum_bsn.validate(value)
    except stdnum_exceptions.ValidationError as exc:
        raise _invalid("Ongeldig RSIN: de elfproef klopt niet.") from exc
    return value


def normalise_bsn(value: str) -> str:
    """8 digits are left-padded with 0 (BRP drops the leading zero); then the 11-proef."""
    if value.isdigit() and len(value) == 8:
        value = "0" + value
    try:
        partij_validators.validate_bsn(value)
    except ValidationError as exc:
        raise _invalid(f"Ongeldig BSN: {exc.messages[0]}", exc.error_list[0].code) from exc
    return value


def normalise_inn_nnp_id(value: str) -> tuple[str, str]:
    """(codeSoortObjectId, objectId): 9 digits → rsin, 8 digits → kvk_nummer."""
    if value.isdigit() and len(value) == 9:
        return CodeSoortObjectId.RSIN, normalise_rsin(value)
    if value.isdigit() and len(value) == 8:
        return CodeSoortObjectId.KVK_NUMMER, value
    raise _invalid(
        "Een innNnpId is een RSIN (9 cijfers) of een KvK-nummer (8 cijfers).", "invalid-length"
    )


_PHONE_NOISE = re.compile(r"[\s\-.()]")


def normalise_telefoonnummer(value: str) -> str:
    value = _PHONE_NOISE.sub("", value)
    partij_validators.validate_telefoonnummer(value)
    return value


EMAIL_MAX = 80  # DigitaalAdres.adres


def normalise_emailadres(value: str) -> str:
    if len(value) > EMAIL_MAX:
        raise _invalid(
            f"Zorg ervoor dat dit veld niet meer dan {EMAIL_MAX} tekens bevat.", "max_length"
        )
    partij_validators.validate_email(value)
    return value


_POSTCODE = re.compile(r"^([1-9][0-9]{3})([A-Z]{2})$")


def normalise_postcode(value: str) -> str:
    if not value:
        return ""
    match = _POSTCODE.match(re.sub(r"\s", "", value).upper())
    if match is None:
        raise _invalid("Een postcode heeft de vorm '1234 AB'.")
    return f"{match.group(1)} {match.group(2)}"


# BRP Land/Gebied codes the first generation used for the Netherlands.
BRP_LANDCODES = {"6030": "NL"}


def normalise_landcode(value: str) -> str:
    if not value:
        return ""
    if value in BRP_LANDCODES:
        return BRP_LANDCODES[value]
    if re.fullmatch(r"[A-Za-z]{2}", value):
        return value.upper()
    raise _invalid("De landcode is een ISO 3166-1 alpha-2 code (of BRP-code 6030).")


def normalise_telefoon_filter(value: str) -> str:
    return _PHONE_NOISE.sub("", value)


def normalise_postcode_filter(value: str) -> str:
    try:
        return normalise_postcode(value)
    except ValidationError:
        return value


def normalise_landcode_filter(value: str) -> str:
    try:
        return normalise_landcode(value)
    except ValidationError:
        return value


# --- Read ---------------------------------------------------------------------------------------


def extensie(partij) -> KlantExtensie | None:
    try:
        return partij.kic_extensie
    except KlantExtensie.DoesNotExist:
        return None


def identificator(partij, soort: str):
    """The partij's (top-level) identificator of a codeSoortObjectId, from the prefetch."""
    for item in partij.partij_identificatoren.all():
        if item.partij_identificator_code_soort_object_id == soort:
            return item
    return None


def selected_adres(partij, soort: str):
    """ "The" e-mail or phone of spec §4.1.3: voorkeur → standaard → portaal → oldest."""
    adressen = [a for a in partij.digitale_adressen.all() if a.soort_digitaal_adres == soort]
    if not adressen:
        return None
    voorkeur_id = partij.voorkeurs_digitaal_adres_id
    for adres in adressen:
        if adres.pk == voorkeur_id:
            return adres
    for adres in adressen:
        if adres.is_standaard_adres:
            return adres
    for adres in adressen:
        if adres.referentie == settings.KIC_PORTAAL_REFERENTIE:
            return adres
    return min(adressen, key=lambda a: a.pk)


def _naam_record(partij):
    """The persoon or contactpersoon row holding contactnaam; None for an organisatie."""
    for attr in ("persoon", "contactpersoon"):
        try:
            return getattr(partij, attr)
        except ObjectDoesNotExist:
            continue
    return None


def _organisatie(partij):
    try:
        return partij.organisatie
    except ObjectDoesNotExist:
        return None


def vestigingsnummer(partij, ext) -> str:
    if ext is not None and ext.vestigings_nummer:
        return ext.vestigings_nummer
    for item in partij.partij_identificatoren.all():
        if item.partij_identificator_code_soort_object_id == CodeSoortObjectId.VESTIGINGSNUMMER:
            return item.partij_identificator_object_id
    return ""


def subject_type(partij, ext) -> str | None:
    """The stored subjectType when it still fits the soort, else derived from it (§4.1)."""
    soort = partij.soort_partij
    if ext is not None:
        stored = ext.subject_type
        if stored is None and soort == settings.KIC_DEFAULT_SOORT_PARTIJ:
            return None
        if stored is not None:
            fits = SOORT_FOR_SUBJECT_TYPE[stored] == soort or (
                stored == NP and soort == SoortPartij.CONTACTPERSOON
            )
            if fits:
                return stored
    if soort in (SoortPartij.PERSOON, SoortPartij.CONTACTPERSOON):
        return NP
    return VESTIGING if vestigingsnummer(partij, ext) else NNP


def bedrijfsnaam(partij, ext) -> str:
    organisatie = _organisatie(partij)
    if organisatie is not None:
        return organisatie.naam
    if ext is not None and ext.bedrijfsnaam:
        return ext.bedrijfsnaam
    if partij.soort_partij == SoortPartij.CONTACTPERSOON:
        contactpersoon = _naam_record(partij)
        werkgever = getattr(contactpersoon, "werkte_voor_partij", None)
        if werkgever is not None:
            org = _organisatie(werkgever)
            return org.naam if org is not None else ""
    return ""


def namen(partij, ext) -> dict:
    record = _naam_record(partij)
    if record is not None:
        return {
            "voornaam": record.contactnaam_voornaam,
            "voorvoegsel_achternaam": record.contactnaam_voorvoegsel_achternaam,
            "achternaam": record.contactnaam_achternaam,
        }
    return {
        "voornaam": ext.voornaam if ext else "",
        "voorvoegsel_achternaam": ext.voorvoegsel_achternaam if ext else "",
        "achternaam": ext.achternaam if ext else "",
    }


def adres(partij, ext) -> dict | None:
    values = {
        "straatnaam": partij.bezoekadres_straatnaam,
        "huisnummer": partij.bezoekadres_huisnummer,
        "huisletter": ext.huisletter if ext else "",
        "huisnummertoevoeging": partij.bezoekadres_huisnummertoevoeging,
        "postcode": partij.bezoekadres_postcode,
        "woonplaatsnaam": partij.bezoekadres_stad,
        "landcode": partij.bezoekadres_land,
    }
    if not any(value not in (None, "") for value in values.values()):
        return None
    return values


def subject_identificatie(partij, ext, soort: str | None) -> dict | None:
    if soort is None:
        return None
    extra = dict(ext.subject_identificatie_extra) if ext else {}
    data = {name: "" for name in STRING_FIELDS[soort]}
    data.update({k: v for k, v in extra.items() if k in EXTRA_FIELDS[soort] and v is not None})
    if soort == NP:
        bsn = identificator(partij, CodeSoortObjectId.BSN)
        record = _naam_record(partij)
        data.update(
            inp_bsn=bsn.partij_identificator_object_id if bsn else "",
            anp_identificatie=ext.anp_identificatie if ext else "",
            inp_a_nummer=ext.inp_a_nummer if ext else "",
            voorletters=record.contactnaam_voorletters if record is not None else "",
        )
    elif soort == NNP:
        found = identificator(partij, CodeSoortObjectId.RSIN) or identificator(
            partij, CodeSoortObjectId.KVK_NUMMER
        )
        data.update(
            inn_nnp_id=found.partij_identificator_object_id if found else "",
            ann_identificatie=ext.ann_identificatie if ext else "",
        )
    else:
        data["vestigings_nummer"] = vestigingsnummer(partij, ext)
    return data


def klant_data(partij) -> dict:
    """The first-generation klant of a partij, without `url` (the serializer adds it)."""
    ext = extensie(partij)
    soort = subject_type(partij, ext)
    email = selected_adres(partij, SoortDigitaalAdres.EMAIL)
    telefoon = selected_adres(partij, SoortDigitaalAdres.TELEFOONNUMMER)
    data = {
        "bronorganisatie": ext.bronorganisatie if ext else settings.KIC_DEFAULT_BRONORGANISATIE,
        "klantnummer": ext.klantnummer if ext else (partij.nummer or ""),
        "bedrijfsnaam": bedrijfsnaam(partij, ext),
        "functie": ext.functie if ext else "",
        "website_url": ext.website_url if ext else "",
        **namen(partij, ext),
        "telefoonnummer": telefoon.adres if telefoon else "",
        "emailadres": email.adres if email else "",
        "adres": adres(partij, ext),
        "subject": ext.subject if ext else "",
        "subject_type": soort,
        "subject_identificatie": subject_identificatie(partij, ext, soort),
    }
    if "openklant1" in settings.KIC_PROFILES:
        data["aanmaakkanaal"] = ext.aanmaakkanaal if ext else ""
        data["geverifieerd"] = ext.geverifieerd if ext else None
    if "commongateway" in settings.KIC_PROFILES:
        adressen = sorted(partij.digitale_adressen.all(), key=lambda a: a.pk)
        data["emails"] = [
            {"naam": a.omschrijving, "email": a.adres}
            for a in adressen
            if a.soort_digitaal_adres == SoortDigitaalAdres.EMAIL
        ]
        data["telefoonnummers"] = [
            {"naam": a.omschrijving, "telefoonnummer": a.adres}
            for a in adressen
            if a.soort_digitaal_adres == SoortDigitaalAdres.TELEFOONNUMMER
        ]
    return data
