"""First-generation writes on verzoeken and their link resources (spec §4.5).

Each public function is one handling in one transaction and records its one event (spec §9,
kic_compat/verzoeken/events.py). The API (through the serializers) and the admin call these;
nothing else writes these tables. Callers pass validated values under the first-generation
field names (snake_case) with a Verzoek instance for `verzoek`, and URL strings for the
references to other resources. Errors are Django ValidationErrors keyed by those names.

The `check_*` functions hold every rule of a create without writing anything, so a form can
show the errors before it saves; the create functions run them again inside their
transaction, under a lock on the verzoek, so parallel writes cannot both pass.

kic-001 (the DRC mirror of verzoek-informatieobjecten) hooks into `_create_vio_row` and
`_delete_vio_row`: every verzoekinformatieobject created or deleted, directly or by deleting
its verzoek, passes through them inside the write's transaction.
"""

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from kic_compat.api import remote
from kic_compat.api.fields import resolve_local
from kic_compat.drc_mirror import signals as drc_mirror
from kic_compat.models import (
    KlantVerzoek,
    ObjectVerzoek,
    Verzoek,
    VerzoekContactMoment,
    VerzoekInformatieObject,
    VerzoekProduct,
)
from kic_compat.verzoeken import events
from klantenregister.core.models import Nummerreeks
from klantenregister.events.services import object_url

IDENTIFICATIE_REEKS = "kic-verzoek-{year}"
# Local routes a klant / contactmoment reference may name (the first-generation URL, or the
# v1 URL of the same record), with the model that holds it.
KLANT_ROUTES = ("kic:klant-detail", "klantinteracties:partij-detail")
CONTACTMOMENT_ROUTES = ("kic:contactmoment-detail", "klantinteracties:klantcontact-detail")
REFERENCE_MODELS = {
    "kic:klant-detail": "partijen.Partij",
    "klantinteracties:partij-detail": "partijen.Partij",
    "kic:contactmoment-detail": "klantcontacten.Klantcontact",
    "klantinteracties:klantcontact-detail": "klantcontacten.Klantcontact",
}
VERZOEK_FIELDS = (
    "identificatie",
    "bronorganisatie",
    "externe_identificatie",
    "registratiedatum",
    "voorkeurskanaal",
    "tekst",
    "status",
    "in_te_trekken_verzoek",
    "aangevulde_verzoek",
)


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def default_verzoek_url(verzoek: Verzoek) -> str:
    """The verzoek's URL outside a request (SITE_URL, else the current request's host)."""
    return object_url(events.VERZOEK, verzoek.uuid)


def _lock(verzoek: Verzoek) -> None:
    """Serialise writes that check a rule over one verzoek's rows."""
    Verzoek.objects.select_for_update().filter(pk=verzoek.pk).first()


# --- verzoeken ---------------------------------------------------------------------------


def nieuwe_identificatie(bronorganisatie: str, registratiedatum) -> str:
    """`VERZOEK-{year}-{10 digits}` from a per-year Nummerreeks (a row lock until the
    transaction ends, so parallel creates never get the same number); a number a client
    already took as its own identificatie is skipped."""
    year = timezone.localtime(registratiedatum).year
    reeks = IDENTIFICATIE_REEKS.format(year=year)
    while True:
        identificatie = f"VERZOEK-{year}-{Nummerreeks.volgende(reeks):010d}"
        if not Verzoek.objects.filter(
            bronorganisatie=bronorganisatie, identificatie=identificatie
        ).exists():
            return identificatie


def _identificatie_niet_uniek() -> ValidationError:
    return _error(
        "identificatie",
        "Deze identificatie bestaat al binnen de bronorganisatie.",
        "identificatie-niet-uniek",
    )


def _check_link(verzoek: Verzoek | None, target: Verzoek | None, field: str, reverse: str):
    """vrz-002/003: a verzoek withdraws (supplements) at most one other, never itself, and
    each one is withdrawn (supplemented) by at most one."""
    if target is None:
        return
    if verzoek is not None and target.pk == verzoek.pk:
        raise _error(field, "Een verzoek kan niet naar zichzelf verwijzen.", "invalid")
    _lock(target)
    taken = Verzoek.objects.filter(**{field: target})
    if verzoek is not None:
        taken = taken.exclude(pk=verzoek.pk)
    if taken.exists():
        raise _error(
            field,
            f"Dit verzoek heeft al een {reverse} verzoek.",
            "unique",
        )


def _save_verzoek(verzoek: Verzoek) -> None:
    verzoek.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            verzoek.save()
    except IntegrityError as exc:
        # A parallel write took the identificatie (or a one-to-one target) first.
        if (
            Verzoek.objects.filter(
                bronorganisatie=verzoek.bronorganisatie, identificatie=verzoek.identificatie
            )
            .exclude(pk=verzoek.pk)
            .exists()
        ):
            raise _identificatie_niet_uniek() from exc
        raise _error(
            NON_FIELD_ERRORS, "Er bestaat al een verzoek met deze unieke gegevens.", "unique"
        ) from exc


def _apply(verzoek: Verzoek, data: dict) -> None:
    for field in VERZOEK_FIELDS:
        if field in data:
            value = data[field]
            if value is None and field not in ("in_te_trekken_verzoek", "aangevulde_verzoek"):
                value = ""
            setattr(verzoek, field, value)


def _check_verzoek(verzoek: Verzoek, data: dict, *, creating: bool) -> None:
    if not creating and "identificatie" in data and data["identificatie"] != verzoek.identificatie:
        raise _error(
            "identificatie",
            "Het veld identificatie mag niet gewijzigd worden.",
            "wijzigen-niet-toegelaten",
        )
    current = None if creating else verzoek
    if "in_te_trekken_verzoek" in data:
        _check_link(current, data["in_te_trekken_verzoek"], "in_te_trekken_verzoek", "intrekkend")
    if "aangevulde_verzoek" in data:
        _check_link(current, data["aangevulde_verzoek"], "aangevulde_verzoek", "aanvullend")


@transaction.atomic
def create_verzoek(data: dict) -> Verzoek:
    """vrz-001: without an identificatie one is generated; (bronorganisatie, identificatie)
    is unique (`identificatie-niet-uniek`)."""
    verzoek = Verzoek()
    _check_verzoek(verzoek, data, creating=True)
    _apply(verzoek, data)
    if not data.get("registratiedatum"):
        verzoek.registratiedatum = timezone.now()
    if verzoek.identificatie:
        if Verzoek.objects.filter(
            bronorganisatie=verzoek.bronorganisatie, identificatie=verzoek.identificatie
        ).exists():
            raise _identificatie_niet_uniek()
    else:
        verzoek.identificatie = nieuwe_identificatie(
            verzoek.bronorganisatie, verzoek.registratiedatum
        )
    _save_verzoek(verzoek)
    events.record("verzoek", "create", verzoek, verzoek=verzoek)
    return verzoek


@transaction.atomic
def update_verzoek(verzoek: Verzoek, data: dict, *, partial: bool = False) -> Verzoek:
    """PUT/PATCH: fields not given keep their value (spec §1); identificatie is immutable."""
    _lock(verzoek)
    _check_verzoek(verzoek, data, creating=False)
    _apply(verzoek, data)
    if (
        Verzoek.objects.filter(
            bronorganisatie=verzoek.bronorganisatie, identificatie=verzoek.identificatie
        )
        .exclude(pk=verzoek.pk)
        .exists()
    ):
        raise _identificatie_niet_uniek()
    _save_verzoek(verzoek)
    events.record("verzoek", "partial_update" if partial else "update", verzoek, verzoek=verzoek)
    return verzoek


@transaction.atomic
def delete_verzoek(verzoek: Verzoek) -> None:
    """Deletes its link rows; verzoeken that withdrew or supplemented it keep existing with a
    null reference (the reference implementation cascaded)."""
    for vio in list(verzoek.verzoekinformatieobjecten.all()):
        _delete_vio_row(vio)
    verzoek.delete()
    events.record("verzoek", "destroy", verzoek, verzoek=verzoek)


# --- references to klanten and contactmomenten (vrz-004, vrz-005) --------------------------


def check_reference(url: str, *, field: str, routes: tuple[str, ...]) -> None:
    """A URL of this service must name an existing object of one of `routes` (`no_match`,
    `does_not_exist`); any other URL must answer GET with 200 (`bad-url`)."""
    found = resolve_local(url)
    if found is None:
        remote.check_url(url, field=field)
        return
    view_name, uuid = found
    if view_name not in routes:
        raise _error(field, "De URL verwijst niet naar een geldig object van dit type.", "no_match")
    model = apps.get_model(REFERENCE_MODELS[view_name])
    if not model._default_manager.filter(uuid=uuid).exists():
        raise _error(field, "Het object waar de URL naar verwijst bestaat niet.", "does_not_exist")


def _unique_pair(verzoek: Verzoek, message: str, model, **pair) -> None:
    # A verzoek not saved yet (an admin form adding both at once) has no rows to clash with.
    if verzoek.pk is not None and model.objects.filter(verzoek=verzoek, **pair).exists():
        raise _error(NON_FIELD_ERRORS, message, "unique")


def _save_row(row) -> None:
    # Our own unique checks ran already (naming the fields as the contract does); the
    # database constraint still catches a parallel write that passed them at the same time.
    row.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        raise _error(
            NON_FIELD_ERRORS, "Er bestaat al een relatie met deze unieke gegevens.", "unique"
        ) from exc


# --- klantverzoeken ----------------------------------------------------------------------


def check_klantverzoek(data: dict) -> None:
    _unique_pair(
        data["verzoek"],
        "De velden klant, verzoek, rol moeten een unieke set zijn.",
        KlantVerzoek,
        klant=data["klant"],
        rol=data.get("rol") or "",
    )
    check_reference(data["klant"], field="klant", routes=KLANT_ROUTES)


@transaction.atomic
def create_klantverzoek(data: dict) -> KlantVerzoek:
    verzoek = data["verzoek"]
    _lock(verzoek)
    check_klantverzoek(data)
    row = KlantVerzoek(
        verzoek=verzoek,
        klant=data["klant"],
        rol=data.get("rol") or "",
        indicatie_machtiging=data.get("indicatie_machtiging") or "",
    )
    _save_row(row)
    events.record("klantverzoek", "create", row, verzoek=verzoek)
    return row


@transaction.atomic
def delete_klantverzoek(row: KlantVerzoek) -> None:
    verzoek = row.verzoek
    row.delete()
    events.record("klantverzoek", "destroy", row, verzoek=verzoek)


# --- verzoekcontactmomenten --------------------------------------------------------------


def check_verzoekcontactmoment(data: dict) -> None:
    _unique_pair(
        data["verzoek"],
        "De velden verzoek, contactmoment moeten een unieke set zijn.",
        VerzoekContactMoment,
        contactmoment=data["contactmoment"],
    )
    check_reference(data["contactmoment"], field="contactmoment", routes=CONTACTMOMENT_ROUTES)


@transaction.atomic
def create_verzoekcontactmoment(data: dict) -> VerzoekContactMoment:
    verzoek = data["verzoek"]
    _lock(verzoek)
    check_verzoekcontactmoment(data)
    row = VerzoekContactMoment(verzoek=verzoek, contactmoment=data["contactmoment"])
    _save_row(row)
    events.record("verzoekcontactmoment", "create", row, verzoek=verzoek)
    return row


@transaction.atomic
def delete_verzoekcontactmoment(row: VerzoekContactMoment) -> None:
    verzoek = row.verzoek
    row.delete()
    events.record("verzoekcontactmoment", "destroy", row, verzoek=verzoek)


# --- verzoekinformatieobjecten -----------------------------------------------------------


def check_verzoekinformatieobject(data: dict) -> None:
    """(verzoek, informatieobject) unique; vrz-006: the URL is an informatieobject of a DRC.
    The local rule first, so a duplicate never costs a DRC call."""
    _unique_pair(
        data["verzoek"],
        "De velden verzoek, informatieobject moeten een unieke set zijn.",
        VerzoekInformatieObject,
        informatieobject=data["informatieobject"],
    )
    remote.check_informatieobject(data["informatieobject"], field="informatieobject")


def _create_vio_row(verzoek: Verzoek, informatieobject: str) -> VerzoekInformatieObject:
    """Every verzoekinformatieobject is created here (kic-001: mirror_create)."""
    row = VerzoekInformatieObject(verzoek=verzoek, informatieobject=informatieobject)
    _save_row(row)
    drc_mirror.record_create(row)
    return row


def _delete_vio_row(row: VerzoekInformatieObject) -> None:
    """Every verzoekinformatieobject is deleted here, also by delete_verzoek (kic-001:
    mirror_delete, with the pair and drc_oio_url read before the row goes)."""
    row.delete()
    drc_mirror.record_delete(row)


@transaction.atomic
def create_verzoekinformatieobject(data: dict) -> VerzoekInformatieObject:
    """The informatieobject URL is stored exactly as sent (the DRC matches on it, §6.2)."""
    verzoek = data["verzoek"]
    _lock(verzoek)
    check_verzoekinformatieobject(data)
    row = _create_vio_row(verzoek, data["informatieobject"])
    events.record("verzoekinformatieobject", "create", row, verzoek=verzoek)
    return row


@transaction.atomic
def delete_verzoekinformatieobject(row: VerzoekInformatieObject) -> None:
    verzoek = row.verzoek
    _delete_vio_row(row)
    events.record("verzoekinformatieobject", "destroy", row, verzoek=verzoek)


# --- verzoekproducten --------------------------------------------------------------------


def check_verzoekproduct(data: dict) -> None:
    """product or productIdentificatie.code (`invalid-product`); each unique per verzoek;
    vrz-007: a product URL answers 200."""
    product = data.get("product") or ""
    code = (data.get("product_identificatie") or {}).get("code") or ""
    if not product and not code:
        raise _error(
            NON_FIELD_ERRORS,
            "Geef product of productIdentificatie.code op.",
            "invalid-product",
        )
    verzoek = data["verzoek"]
    if product:
        _unique_pair(
            verzoek,
            "De velden verzoek, product moeten een unieke set zijn.",
            VerzoekProduct,
            product=product,
        )
    if code:
        _unique_pair(
            verzoek,
            "De velden verzoek, productIdentificatie.code moeten een unieke set zijn.",
            VerzoekProduct,
            product_code=code,
        )
    if product:
        remote.check_url(product, field="product")


@transaction.atomic
def create_verzoekproduct(data: dict) -> VerzoekProduct:
    verzoek = data["verzoek"]
    _lock(verzoek)
    check_verzoekproduct(data)
    row = VerzoekProduct(
        verzoek=verzoek,
        product=data.get("product") or "",
        product_code=(data.get("product_identificatie") or {}).get("code") or "",
    )
    _save_row(row)
    events.record("verzoekproduct", "create", row, verzoek=verzoek)
    return row


@transaction.atomic
def delete_verzoekproduct(row: VerzoekProduct) -> None:
    verzoek = row.verzoek
    row.delete()
    events.record("verzoekproduct", "destroy", row, verzoek=verzoek)


# --- objectverzoeken ---------------------------------------------------------------------


def check_zaakverzoek(zaak_url: str, verzoek_url: str, *, expect_present: bool) -> None:
    """vrz-009: `GET {zrc}/zaakverzoeken?zaak=&verzoek=`, as cm-006 does for contactmomenten."""
    remote.check_zaak_relatie(
        "zaakverzoeken",
        zaak_url,
        expect_present=expect_present,
        noun="verzoek",
        verzoek=verzoek_url,
    )


def check_objectverzoek(data: dict, *, verzoek_url: str | None = None) -> None:
    verzoek = data["verzoek"]
    _unique_pair(
        verzoek,
        "De velden verzoek, object moeten een unieke set zijn.",
        ObjectVerzoek,
        object=data["object"],
    )
    remote.check_url(data["object"], field="object")
    check_zaakverzoek(
        data["object"], verzoek_url or default_verzoek_url(verzoek), expect_present=True
    )


@transaction.atomic
def create_objectverzoek(data: dict, *, verzoek_url: str | None = None) -> ObjectVerzoek:
    """vrz-008/009: the zaak exists and the ZRC already holds the zaak-verzoek relation
    (`verzoek_url` is what the ZRC knows us by; default the verzoek's URL at SITE_URL)."""
    verzoek = data["verzoek"]
    _lock(verzoek)
    check_objectverzoek(data, verzoek_url=verzoek_url)
    row = ObjectVerzoek(verzoek=verzoek, object=data["object"], object_type=data["object_type"])
    _save_row(row)
    return row


@transaction.atomic
def delete_objectverzoek(row: ObjectVerzoek, *, verzoek_url: str | None = None) -> None:
    """Only once the ZRC no longer holds the relation (else `remote-relation-exists`)."""
    check_zaakverzoek(
        row.object, verzoek_url or default_verzoek_url(row.verzoek), expect_present=False
    )
    row.delete()
