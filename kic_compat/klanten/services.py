"""First-generation klanten writes: mapping onto the partijen services (spec §4.1, §9).

A klant write is one handling: the partij, its identificatoren and its digitale adressen are
written through partijen.services (same validation, same rules) inside one transaction under
`partijen.services.deel_van_handeling()`, the KlantExtensie next to it, and exactly one event
is recorded (events.record). Nothing here adds business rules of its own beyond the first-
generation ones of the contract (kla-001 klantnummer per bronorganisatie, kla-002 subject,
the immutable subjectType).

`data` is the serializer's validated data: snake_case first-generation fields, already
normalised (see mapping.py). PUT and PATCH both merge onto the stored klant (spec §1 PUT/PATCH).
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from kic_compat.klanten import events, mapping
from kic_compat.models import KlantExtensie
from klantenregister.core.models import Nummerreeks
from partijen import services as partijen_services
from partijen.models import (
    ADRES_SUBFIELDS,
    CodeObjecttype,
    CodeRegister,
    CodeSoortObjectId,
    Partij,
    PartijIdentificator,
    SoortDigitaalAdres,
    SoortPartij,
)

KLANTNUMMER_REEKS = "kic-klantnummer"

# First-generation field → KlantExtensie column, copied as is.
EXT_FIELDS = ("functie", "website_url", "subject", "aanmaakkanaal", "geverifieerd")
# subjectIdentificatie field → KlantExtensie column.
EXT_SUBJECT_FIELDS = {
    "anp_identificatie": "anp_identificatie",
    "inp_a_nummer": "inp_a_nummer",
    "ann_identificatie": "ann_identificatie",
    "vestigings_nummer": "vestigings_nummer",
}
ADRES_MAP = {  # first-generation adres field → bezoekadres subfield
    "straatnaam": "straatnaam",
    "huisnummer": "huisnummer",
    "huisnummertoevoeging": "huisnummertoevoeging",
    "postcode": "postcode",
    "woonplaatsnaam": "stad",
    "landcode": "land",
}
ADRES_FIELD_FOR = {f"bezoekadres_{new}": old for old, new in ADRES_MAP.items()}
CONTACTNAAM_FIELD_FOR = {
    "contactnaam_voorletters": "subject_identificatie.voorletters",
    "contactnaam_voornaam": "voornaam",
    "contactnaam_voorvoegsel_achternaam": "voorvoegsel_achternaam",
    "contactnaam_achternaam": "achternaam",
}


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


# --- The first-generation rules ----------------------------------------------------------------


def _check_subject(merged: dict) -> None:
    """kla-002: a klant has a `subject` or a `subjectIdentificatie`."""
    if not merged.get("subject") and not merged.get("subject_identificatie"):
        raise _error(
            NON_FIELD_ERRORS,
            "Subject of subjectIdentificatie moet ingevuld zijn.",
            "invalid-subject",
        )


def _check_klantnummer(bronorganisatie: str, klantnummer: str, partij: Partij | None) -> None:
    """kla-001: klantnummer is unique within the bronorganisatie."""
    taken = KlantExtensie.objects.filter(bronorganisatie=bronorganisatie, klantnummer=klantnummer)
    taken_by_nummer = Partij.objects.filter(kic_extensie__isnull=True, nummer=klantnummer)
    if bronorganisatie != settings.KIC_DEFAULT_BRONORGANISATIE:
        taken_by_nummer = taken_by_nummer.none()
    if partij is not None:
        taken = taken.exclude(partij=partij)
        taken_by_nummer = taken_by_nummer.exclude(pk=partij.pk)
    if taken.exists() or taken_by_nummer.exists():
        raise _error(
            "klantnummer",
            "Dit klantnummer is binnen de bronorganisatie al in gebruik.",
            "unique",
        )


def _check_bsn_free(bsn: str, partij: Partij | None) -> None:
    others = PartijIdentificator.objects.filter(
        partij_identificator_code_soort_object_id=CodeSoortObjectId.BSN,
        partij_identificator_object_id=bsn,
        sub_identificator_van__isnull=True,
    )
    if partij is not None:
        others = others.exclude(partij=partij)
    if others.exists():
        raise _error(
            "subject_identificatie.inp_bsn",
            "Er bestaat al een klant met dit BSN.",
            "unique",
        )


def _nieuw_klantnummer() -> str:
    return Nummerreeks.volgend_vrij_nummer(
        KLANTNUMMER_REEKS, KlantExtensie, field="klantnummer", lengte=8
    )


def _nummer_voor(klantnummer: str, bsn: str | None, partij: Partij | None) -> str | None:
    """The partij nummer for a klantnummer: itself when all digits, free and not a BSN."""
    if not klantnummer.isdigit():
        return None
    if bsn and klantnummer.zfill(9) == bsn:
        return None
    taken = Partij.objects.filter(nummer=klantnummer)
    if partij is not None:
        taken = taken.exclude(pk=partij.pk)
    return None if taken.exists() else klantnummer


# --- Mapping onto the partij --------------------------------------------------------------------


def _identificatie(soort: str, merged: dict, partij: Partij | None) -> dict:
    subject = merged.get("subject_identificatie") or {}
    if soort == SoortPartij.ORGANISATIE:
        naam = merged.get("bedrijfsnaam") or (subject.get("statutaire_naam") or "")[:200]
        return {"naam": naam}
    data = {
        "contactnaam": {
            "voorletters": subject.get("voorletters", "") or "",
            "voornaam": merged.get("voornaam", "") or "",
            "voorvoegsel_achternaam": merged.get("voorvoegsel_achternaam", "") or "",
            "achternaam": merged.get("achternaam", "") or "",
        }
    }
    if soort == SoortPartij.CONTACTPERSOON and partij is not None:
        contactpersoon = partij.contactpersoon
        data["werkte_voor_partij"] = contactpersoon.werkte_voor_partij
        data["uuid"] = contactpersoon.uuid
    return data


def _bezoekadres(adres: dict | None, partij: Partij | None) -> dict:
    """The new bezoekadres: mapped fields from `adres`, the rest kept (a v1-set
    nummeraanduiding or adresregel is not the first generation's to clear)."""
    kept = {}
    if partij is not None:
        kept = {sub: getattr(partij, f"bezoekadres_{sub}") for sub in ADRES_SUBFIELDS}
    if adres is None:
        return {sub: (None if sub == "huisnummer" else "") for sub in ADRES_SUBFIELDS}
    result = dict(kept)
    for old, new in ADRES_MAP.items():
        value = adres.get(old)
        result[new] = value if value is not None or new == "huisnummer" else ""
    return result


def _identificator_items(soort_id: str | None, object_id: str | None, partij: Partij | None):
    """The partij's identificatoren with the first-generation one (bsn / rsin / kvk_nummer)
    set to `object_id` (None: removed). Others are kept as they are."""
    items = []
    managed = (CodeSoortObjectId.BSN, CodeSoortObjectId.RSIN, CodeSoortObjectId.KVK_NUMMER)
    if partij is not None:
        for item in partij.partij_identificatoren.filter(sub_identificator_van__isnull=True):
            code = item.partij_identificator_code_soort_object_id
            if code in managed and code != soort_id:
                continue
            if code == soort_id:
                if not object_id:
                    continue
                items.append({"uuid": item.uuid, "partij_identificator_object_id": object_id})
                object_id = None
                continue
            items.append({"uuid": item.uuid})
        for item in partij.partij_identificatoren.filter(sub_identificator_van__isnull=False):
            items.append({"uuid": item.uuid})
    if soort_id and object_id:
        register, objecttype = (
            (CodeRegister.BRP, CodeObjecttype.NATUURLIJK_PERSOON)
            if soort_id == CodeSoortObjectId.BSN
            else (CodeRegister.HR, CodeObjecttype.NIET_NATUURLIJK_PERSOON)
        )
        items.append(
            {
                "partij_identificator_code_register": register,
                "partij_identificator_code_objecttype": objecttype,
                "partij_identificator_code_soort_object_id": soort_id,
                "partij_identificator_object_id": object_id,
            }
        )
    return items


def _subject_identificator(subject_type: str | None, merged: dict) -> tuple[str | None, str]:
    subject = merged.get("subject_identificatie") or {}
    if subject_type == mapping.NP:
        return CodeSoortObjectId.BSN, subject.get("inp_bsn") or ""
    if subject_type == mapping.NNP and subject.get("inn_nnp_id"):
        soort_id, value = mapping.normalise_inn_nnp_id(subject["inn_nnp_id"])
        return soort_id, value
    if subject_type == mapping.NNP:
        return CodeSoortObjectId.RSIN, ""
    return None, ""


def _translate(exc: ValidationError) -> ValidationError:
    """Errors of the partijen services, renamed to the first-generation field paths."""
    if not hasattr(exc, "error_dict"):
        return ValidationError({NON_FIELD_ERRORS: exc.error_list})
    renamed: dict = {}
    for key, errors in exc.error_dict.items():
        name = NON_FIELD_ERRORS
        if key in ADRES_FIELD_FOR:
            name = f"adres.{ADRES_FIELD_FOR[key]}"
        elif key.startswith("partij_identificatie."):
            sub = key.split(".", 1)[1]
            name = CONTACTNAAM_FIELD_FOR.get(sub, "bedrijfsnaam" if sub == "naam" else name)
        elif key.startswith("partij_identificatoren."):
            name = "subject_identificatie"
        renamed.setdefault(name, []).extend(errors)
    return ValidationError(renamed)


# --- Digitale adressen (§4.1.3) -----------------------------------------------------------------


def _write_adres(partij: Partij, soort: str, value: str | None, field: str):
    """Set "the" address of a soort: change the selected one, create one, or delete it.
    Returns the address created, if any."""
    partij = _reload(partij)
    selected = mapping.selected_adres(partij, soort)
    try:
        if not value:
            if selected is not None:
                partijen_services.delete_object(selected)
            return None
        if selected is not None:
            if selected.adres != value:
                partijen_services.update_digitaal_adres(selected, {"adres": value})
            return None
        return partijen_services.create_digitaal_adres(
            {
                "partij": partij,
                "adres": value,
                "soort_digitaal_adres": soort,
                "referentie": settings.KIC_PORTAAL_REFERENTIE,
                "is_standaard_adres": True,
            }
        )
    except ValidationError as exc:
        raise _error(field, exc.messages[0], "invalid") from exc


def _reload(partij: Partij) -> Partij:
    from kic_compat.klanten.selectors import klanten

    return klanten().get(pk=partij.pk)


# --- Extension row -------------------------------------------------------------------------------


def _save_extensie(partij: Partij, merged: dict, subject_type: str | None) -> KlantExtensie:
    ext = KlantExtensie.objects.filter(partij=partij).first() or KlantExtensie(partij=partij)
    ext.bronorganisatie = merged["bronorganisatie"]
    ext.klantnummer = merged["klantnummer"]
    for name in EXT_FIELDS:
        if name in merged:
            value = merged[name]
            setattr(ext, name, value if value is not None or name == "geverifieerd" else "")
    ext.subject_type = subject_type
    subject = merged.get("subject_identificatie") or {}
    for source, column in EXT_SUBJECT_FIELDS.items():
        setattr(ext, column, subject.get(source) or "")
    extra_fields = mapping.EXTRA_FIELDS.get(subject_type, ())
    ext.subject_identificatie_extra = {
        name: subject[name] for name in extra_fields if subject.get(name) not in (None, "")
    }
    soort = partij.soort_partij
    # Names the new model keeps for the other soort only.
    ext.bedrijfsnaam = "" if soort == SoortPartij.ORGANISATIE else merged.get("bedrijfsnaam") or ""
    for name in ("voornaam", "voorvoegsel_achternaam", "achternaam"):
        value = merged.get(name) or ""
        setattr(ext, name, value if soort == SoortPartij.ORGANISATIE else "")
    adres = merged.get("adres")
    ext.huisletter = (adres or {}).get("huisletter") or ""
    ext.full_clean(exclude=["partij"], validate_unique=False, validate_constraints=False)
    ext.save()
    return ext


# --- The handlings --------------------------------------------------------------------------------


def _merged(partij: Partij, data: dict) -> dict:
    """The klant after the write: the stored first-generation klant with `data` over it."""
    return {**mapping.klant_data(partij), **data}


def _partij_data(
    merged: dict, soort: str, partij: Partij | None, subject_type, *, identificatoren: bool
) -> dict:
    data = {
        "partij_identificatie": _identificatie(soort, merged, partij),
        "bezoekadres": _bezoekadres(merged.get("adres"), partij),
    }
    if identificatoren:
        soort_id, object_id = _subject_identificator(subject_type, merged)
        if soort_id is not None:
            data["partij_identificatoren"] = _identificator_items(soort_id, object_id, partij)
    return data


@transaction.atomic
def create_klant(data: dict) -> Partij:
    merged = dict(data)
    _check_subject(merged)
    subject_type = merged.get("subject_type")
    soort = (
        mapping.SOORT_FOR_SUBJECT_TYPE[subject_type]
        if subject_type
        else settings.KIC_DEFAULT_SOORT_PARTIJ
    )
    bsn = (merged.get("subject_identificatie") or {}).get("inp_bsn") if subject_type else None
    if bsn:
        _check_bsn_free(bsn, None)
    if merged.get("klantnummer"):
        _check_klantnummer(merged["bronorganisatie"], merged["klantnummer"], None)
    else:
        merged["klantnummer"] = _nieuw_klantnummer()
    partij_data = {
        "soort_partij": soort,
        "indicatie_actief": True,
        "indicatie_geheimhouding": None,
        "nummer": _nummer_voor(merged["klantnummer"], bsn, None),
        **_partij_data(merged, soort, None, subject_type, identificatoren=True),
    }
    with partijen_services.deel_van_handeling():
        try:
            partij = partijen_services.create_partij(partij_data)
        except ValidationError as exc:
            raise _translate(exc) from exc
        email = _write_adres(
            partij, SoortDigitaalAdres.EMAIL, merged.get("emailadres"), "emailadres"
        )
        telefoon = _write_adres(
            partij,
            SoortDigitaalAdres.TELEFOONNUMMER,
            merged.get("telefoonnummer"),
            "telefoonnummer",
        )
        voorkeur = email or telefoon
        if voorkeur is not None:
            partijen_services.update_partij(
                partij, {"voorkeurs_digitaal_adres": voorkeur}, partial=True
            )
    _save_extensie(partij, merged, subject_type)
    events.record(partij, "create", subject_type=subject_type)
    return partij


@transaction.atomic
def update_klant(partij: Partij, data: dict) -> Partij:
    partij = _reload(Partij.objects.select_for_update().get(pk=partij.pk))
    ext = mapping.extensie(partij)
    current_type = mapping.subject_type(partij, ext)
    if "subject_type" in data and data["subject_type"] != current_type:
        raise _error(
            "subject_type",
            "Het wijzigen van subjectType is niet toegestaan.",
            "wijzigen-niet-toegelaten",
        )
    merged = _merged(partij, data)
    _check_subject(merged)
    if "subject_type" not in data:
        merged["subject_type"] = current_type
    subject_type = current_type
    bsn = None
    if subject_type == mapping.NP:
        bsn = (merged.get("subject_identificatie") or {}).get("inp_bsn") or None
        if bsn:
            _check_bsn_free(bsn, partij)
    if "klantnummer" in data or "bronorganisatie" in data or ext is None:
        _check_klantnummer(merged["bronorganisatie"], merged["klantnummer"], partij)
    partij_data = _partij_data(
        merged,
        partij.soort_partij,
        partij,
        subject_type,
        identificatoren="subject_identificatie" in data,
    )
    if "klantnummer" in data and (ext is None or data["klantnummer"] != ext.klantnummer):
        nummer = _nummer_voor(merged["klantnummer"], bsn, partij)
        if nummer:
            partij_data["nummer"] = nummer
    with partijen_services.deel_van_handeling():
        try:
            partij = partijen_services.update_partij(partij, partij_data, partial=True)
        except ValidationError as exc:
            raise _translate(exc) from exc
        if "emailadres" in data:
            _write_adres(partij, SoortDigitaalAdres.EMAIL, data["emailadres"], "emailadres")
        if "telefoonnummer" in data:
            _write_adres(
                partij,
                SoortDigitaalAdres.TELEFOONNUMMER,
                data["telefoonnummer"],
                "telefoonnummer",
            )
    # A stored null subjectType stays null (spec §8.7); without a row the derived one is kept.
    _save_extensie(partij, merged, ext.subject_type if ext is not None else current_type)
    events.record(partij, "update", subject_type=subject_type)
    return partij


@transaction.atomic
def delete_klant(partij: Partij) -> None:
    ext = mapping.extensie(partij)
    subject_type = mapping.subject_type(partij, ext)
    with partijen_services.deel_van_handeling():
        partijen_services.delete_partij(partij)
    events.record(partij, "destroy", subject_type=subject_type)
