"""Every write on berichten, one function per handling, each in one transaction that also
records its event on kanaal `berichten` (resource `bericht`, see apps.py).

The API, the admin and the demo data all come through here. Errors are Django
ValidationErrors keyed by model field (`bijlagen.0.inhoud` for a bijlage), so every caller
shows them on the field that caused them.

The event is the hook for what follows a write: delivery over the voorkeurskanaal listens to
`berichten/bericht/create` (and `update`) after commit, so nothing here knows about channels.
"""

import contextvars
import uuid as uuid_lib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from klantenregister.events.services import record_object_event
from klantenregister.services import prefixed_errors, save_validated
from partijen.models import CodeSoortObjectId, Partij

from . import bezorging
from .models import Bericht, BerichtBijlage, SoortGebruiker
from .validators import validate_pdf_content

BERICHT_FIELDS = (
    "batch_id",
    "aanmaak_datum",
    "bericht_leverancier_id",
    "bericht_id",
    "bericht_type",
    "publicatie_datum",
    "onderwerp",
    "berichttekst",
    "referentie",
    "gebruiker_id",
    "soort_gebruiker",
    "handelingsperspectief",
    "eind_datum_handelingstermijn",
    "partij",
    "zaak",
    "taak",
    "klantcontact",
    "kanaal",
    "verzonden_op",
)
# What may still change once the bericht is published (spec §3): the read status and the
# koppelingen. Everything else is the content the klant has seen.
CHANGEABLE_AFTER_PUBLICATION = frozenset(
    {"geopend", "partij", "zaak", "taak", "klantcontact", "kanaal", "verzonden_op"}
)
BIJLAGE_FIELDS = ("omschrijving", "volgorde", "bijlage_type", "informatieobject")

# HEAD's fixed value `Burger` is a natuurlijk persoon (spec §2.2).
SOORT_GEBRUIKER_ALIASES = {
    "Burger": SoortGebruiker.NATUURLIJK_PERSOON,
    "burger": SoortGebruiker.NATUURLIJK_PERSOON,
    "natuurlijk_persoon": SoortGebruiker.NATUURLIJK_PERSOON,
    "niet_natuurlijk_persoon": SoortGebruiker.NIET_NATUURLIJK_PERSOON,
}
SOORT_GEBRUIKER_INPUT = ("Burger", *SoortGebruiker.values)

GEEN_GEADRESSEERDE = "Geef de geadresseerde: een gebruikerID (BSN) of een partij."


def normalise_soort_gebruiker(value: str) -> str:
    return SOORT_GEBRUIKER_ALIASES.get(value, value)


def partij_met_bsn(bsn: str) -> Partij | None:
    """The partij of the register with this BSN identificator, if any."""
    if not bsn:
        return None
    return (
        Partij.objects.filter(
            partij_identificatoren__partij_identificator_code_soort_object_id=CodeSoortObjectId.BSN,
            partij_identificatoren__partij_identificator_object_id=bsn,
        )
        .order_by("pk")
        .first()
    )


def bsn_van_partij(partij: Partij) -> list[str]:
    return list(
        partij.partij_identificatoren.filter(
            partij_identificator_code_soort_object_id=CodeSoortObjectId.BSN
        ).values_list("partij_identificator_object_id", flat=True)
    )


def is_gepubliceerd(bericht: Bericht, now=None) -> bool:
    """Visible to the klant: no publicatieDatum (at once) or one that has passed."""
    return bericht.publicatie_datum is None or bericht.publicatie_datum <= (now or timezone.now())


def _assign(obj, data: dict, fields: Iterable[str]) -> None:
    for key in fields:
        if key in data:
            setattr(obj, key, data[key])


def _settle_addressee(bericht: Bericht, data: dict) -> None:
    """gebruikerID or partij is required; either fills in the other (spec §3 Addressee)."""
    if "soort_gebruiker" in data:
        bericht.soort_gebruiker = normalise_soort_gebruiker(bericht.soort_gebruiker)
    if (
        "partij" not in data
        and bericht.gebruiker_id
        and ("gebruiker_id" in data or bericht.partij is None)
    ):
        bericht.partij = partij_met_bsn(bericht.gebruiker_id)
    if bericht.partij is not None:
        bsns = bsn_van_partij(bericht.partij)
        if not bericht.gebruiker_id and bsns:
            bericht.gebruiker_id = bsns[0]
        elif bericht.gebruiker_id and bsns and bericht.gebruiker_id not in bsns:
            raise ValidationError(
                {
                    "gebruiker_id": ValidationError(
                        "Deze BSN hoort niet bij de opgegeven partij.", code="partij-mismatch"
                    )
                }
            )
    if not bericht.gebruiker_id and bericht.partij is None:
        raise ValidationError(
            {
                "gebruiker_id": ValidationError(GEEN_GEADRESSEERDE, code="required"),
                "partij": ValidationError(GEEN_GEADRESSEERDE, code="required"),
            }
        )


def _set_geopend(bericht: Bericht, geopend: bool, was_geopend: bool) -> None:
    """Read status only goes false → true; geopendOp records that moment, once."""
    if was_geopend and not geopend:
        raise ValidationError(
            {
                "geopend": ValidationError(
                    "Een geopend bericht kan niet meer ongeopend worden.", code="invalid-transition"
                )
            }
        )
    bericht.geopend = geopend
    if geopend and bericht.geopend_op is None:
        bericht.geopend_op = timezone.now()


def _check_bijlagen(bijlagen: list[dict]) -> None:
    seen: set[int] = set()
    for index, item in enumerate(bijlagen):
        has_inhoud = item.get("inhoud") not in (None, b"")
        has_link = bool(item.get("informatieobject"))
        if has_inhoud == has_link:
            raise ValidationError(
                {
                    f"bijlagen.{index}.inhoud": ValidationError(
                        "Geef de inhoud (base64) of een informatieobject, precies één van beide.",
                        code="invalid",
                    )
                }
            )
        if has_inhoud:
            try:
                validate_pdf_content(item["inhoud"])
            except ValidationError as exc:
                raise prefixed_errors(
                    ValidationError({"inhoud": exc.error_list}), f"bijlagen.{index}"
                ) from exc
        volgorde = item.get("volgorde")
        if volgorde in seen:
            raise ValidationError(
                {
                    f"bijlagen.{index}.volgorde": ValidationError(
                        "Twee bijlagen hebben dezelfde volgorde.", code="unique"
                    )
                }
            )
        seen.add(volgorde)


# Off during a validation dry run (the admin's forms): a file written then would outlive the
# rolled-back rows, so the row gets its file name only.
_write_files = contextvars.ContextVar("berichten_write_files", default=True)


@contextmanager
def zonder_bestanden() -> Iterator[None]:
    """Validate and save as always, but write no bijlage files (for a dry run that is rolled
    back)."""
    token = _write_files.set(False)
    try:
        yield
    finally:
        _write_files.reset(token)


def _discard_files(names: list[str]) -> None:
    """Remove stored files once the rows pointing at them are gone for good."""
    if not names:
        return

    def discard():
        storage = BerichtBijlage._meta.get_field("inhoud").storage
        for name in names:
            storage.delete(name)

    transaction.on_commit(discard)


def _save_bijlagen(bericht: Bericht, bijlagen: list[dict]) -> None:
    """Replace the bijlagen by `bijlagen` (in order; volgorde defaults to the position)."""
    for index, item in enumerate(bijlagen):
        item.setdefault("volgorde", index + 1)
        if item.get("volgorde") is None:
            item["volgorde"] = index + 1
    _check_bijlagen(bijlagen)
    old_files = [b.inhoud.name for b in bericht.bijlagen.all() if b.inhoud]
    for bijlage in bericht.bijlagen.all():
        bijlage.delete()
    rows = []
    for index, item in enumerate(bijlagen):
        bijlage = BerichtBijlage(bericht=bericht)
        _assign(bijlage, item, BIJLAGE_FIELDS)
        try:
            # Everything but the file first: a refused row leaves no file behind.
            bijlage.full_clean(exclude=["bericht", "inhoud"], validate_constraints=False)
        except ValidationError as exc:
            raise prefixed_errors(exc, f"bijlagen.{index}") from exc
        rows.append((bijlage, item.get("inhoud")))
    for bijlage, inhoud in rows:
        if inhoud:
            bijlage.bestandsgrootte = len(inhoud)
            if _write_files.get():
                bijlage.inhoud.save("bijlage.pdf", ContentFile(inhoud), save=False)
            else:
                bijlage.inhoud.name = f"berichten/bijlagen/{uuid_lib.uuid4().hex}.pdf"
        bijlage.save()
    _discard_files(old_files)


@transaction.atomic
def create_bericht(data: dict) -> Bericht:
    """Store a bericht for one addressee (gebruikerID and/or partij), with its bijlagen.

    `data` holds model fields plus `bijlagen`: a list of dicts with omschrijving, volgorde,
    bijlage_type and either `inhoud` (the PDF as bytes) or `informatieobject` (a URL).
    Records `berichten/bericht/create` and publishes it over the voorkeurskanaal (bezorging;
    the delivery itself runs after commit).
    """
    bericht = Bericht()
    _assign(bericht, data, BERICHT_FIELDS)
    _settle_addressee(bericht, data)
    if "geopend" in data:
        _set_geopend(bericht, bool(data["geopend"]), was_geopend=False)
    save_validated(bericht)
    _save_bijlagen(bericht, list(data.get("bijlagen") or []))
    record_object_event(bericht, "create")
    bezorging.na_aanmaken(bericht)
    return bericht


def _changed_fields(bericht: Bericht, data: dict) -> set[str]:
    changed = {key for key in BERICHT_FIELDS if key in data and getattr(bericht, key) != data[key]}
    if "geopend" in data and bool(data["geopend"]) != bericht.geopend:
        changed.add("geopend")
    if "bijlagen" in data:
        changed.add("bijlagen")
    return changed


@transaction.atomic
def update_bericht(bericht: Bericht, data: dict) -> Bericht:
    """Change a bericht. Once published (publicatieDatum passed) only the read status and the
    koppelingen may change; `bijlagen`, when given, replaces the list. Records
    `berichten/bericht/update` when something changed."""
    bericht = Bericht.objects.select_for_update().get(pk=bericht.pk)
    if "soort_gebruiker" in data:
        data = {**data, "soort_gebruiker": normalise_soort_gebruiker(data["soort_gebruiker"])}
    changed = _changed_fields(bericht, data)
    if not changed:
        return bericht
    if is_gepubliceerd(bericht):
        frozen = sorted(changed - CHANGEABLE_AFTER_PUBLICATION)
        if frozen:
            raise ValidationError(
                {
                    field: ValidationError(
                        "Het bericht is gepubliceerd; de inhoud kan niet meer worden gewijzigd.",
                        code="gepubliceerd",
                    )
                    for field in frozen
                }
            )
    was_geopend = bericht.geopend
    _assign(bericht, data, BERICHT_FIELDS)
    _settle_addressee(bericht, data)
    if "geopend" in data:
        _set_geopend(bericht, bool(data["geopend"]), was_geopend)
    save_validated(bericht)
    if "bijlagen" in data:
        _save_bijlagen(bericht, list(data["bijlagen"] or []))
    record_object_event(bericht, "update")
    bezorging.na_wijzigen(bericht)
    return bericht


def markeer_geopend(bericht: Bericht) -> Bericht:
    """The addressee opened the bericht (the portal's read receipt): geopend becomes true and
    geopendOp is set, once. Opening it again changes nothing and records no event."""
    return update_bericht(bericht, {"geopend": True})


@transaction.atomic
def delete_bericht(bericht: Bericht) -> None:
    """Delete a bericht with its bijlagen (and their files, after commit)."""
    files = [b.inhoud.name for b in bericht.bijlagen.all() if b.inhoud]
    uuid = bericht.uuid
    bericht.delete()
    bericht.uuid = uuid
    _discard_files(files)
    record_object_event(bericht, "destroy")
