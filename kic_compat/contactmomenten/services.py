"""First-generation writes on contactmomenten, klantcontactmomenten and objectcontactmomenten.

Each function is one handling in one transaction: the klantcontacten services do the writes
(same validation, same history) as parts of it (`deel_van_handeling`), the extension rows of
spec §3 are saved beside them, and exactly one event is recorded at the end (spec §9): the one
the equivalent v1 write records, or with KIC_NOTIFICATIE_KANALEN=first-gen the
first-generation one on kanaal `contactmomenten`.

Callers pass validated values under the first-generation field names (snake_case) and model
instances for references. Errors are Django ValidationErrors keyed by those names.
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from kic_compat.contactmomenten import events, mapping, remote
from kic_compat.models import (
    ContactmomentExtensie,
    Initiatiefnemer,
    KlantcontactmomentExtensie,
    OnderwerpobjectExtensie,
    OnderwerpobjectSoort,
)
from klantcontacten import services as kc_services
from klantcontacten.models import (
    Actor,
    ActorKlantcontact,
    Betrokkene,
    Klantcontact,
    Onderwerpobject,
    SoortActor,
)
from klantenregister.services import save_validated
from partijen.models import Partij

# Klantcontact fields as the first-generation contactmoment names them (for error keys).
KLANTCONTACT_ERROR_KEYS = {
    "kanaal": "kanaal",
    "taal": "voorkeurstaal",
    "inhoud": "tekst",
    "plaatsgevonden_op": "registratiedatum",
    NON_FIELD_ERRORS: NON_FIELD_ERRORS,
}


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _rekeyed(error: ValidationError, keys: dict[str, str]) -> ValidationError:
    """A new-model error under the first-generation names; fields the first generation does
    not have become nonFieldErrors (their message says which)."""
    if not hasattr(error, "error_dict"):
        return ValidationError({NON_FIELD_ERRORS: error.error_list})
    rekeyed: dict[str, list] = {}
    for key, errors in error.error_dict.items():
        rekeyed.setdefault(keys.get(key, NON_FIELD_ERRORS), []).extend(errors)
    return ValidationError(rekeyed)


# --- contactmomenten -------------------------------------------------------------------------


def _check_medewerker(data: dict, klantcontact: Klantcontact | None) -> None:
    """cm-003: `medewerker` or `medewerkerIdentificatie` (as it reads after the write) is
    required."""
    current = klantcontact is not None
    medewerker = data.get("medewerker", mapping.medewerker(klantcontact) if current else "")
    identificatie = data.get(
        "medewerker_identificatie",
        mapping.medewerker_identificatie(klantcontact) if current else None,
    )
    if not medewerker and not identificatie:
        raise _error(
            NON_FIELD_ERRORS,
            "Geef medewerker of medewerkerIdentificatie op.",
            "invalid-medewerker",
        )
    if data.get("medewerker"):
        remote.check_url(data["medewerker"], field="medewerker")


def _klantcontact_values(data: dict, defaulted: set[str]) -> dict:
    """Klantcontact fields from first-generation values; records which got a default."""
    values = {}
    if "kanaal" in data:
        values["kanaal"] = data["kanaal"] or settings.KIC_DEFAULT_KANAAL
        (defaulted.discard if data["kanaal"] else defaulted.add)(mapping.KANAAL)
    if "voorkeurstaal" in data:
        values["taal"] = data["voorkeurstaal"] or settings.KIC_DEFAULT_TAAL
        (defaulted.discard if data["voorkeurstaal"] else defaulted.add)(mapping.VOORKEURSTAAL)
    if "registratiedatum" in data:
        values["plaatsgevonden_op"] = data["registratiedatum"] or timezone.now()
    return values


def _apply_tekst(data: dict, values: dict, ext: ContactmomentExtensie) -> None:
    if "tekst" in data:
        values["inhoud"], ext.tekst_volledig = mapping.split_tekst(data["tekst"] or "")


def _apply_extensie(ext: ContactmomentExtensie, data: dict, defaulted: set[str]) -> None:
    for field in ("bronorganisatie", "voorkeurskanaal", "initiatiefnemer", "medewerker"):
        if field in data:
            setattr(ext, field, data[field] or "")
    if "onderwerp_links" in data:
        ext.onderwerp_links = list(data["onderwerp_links"] or [])
    if "medewerker_identificatie" in data:
        ext.medewerker_identificatie = data["medewerker_identificatie"] or None
    ext.defaulted_fields = sorted(defaulted)


def _set_vorig(klantcontact: Klantcontact, vorig: Klantcontact | None) -> None:
    """cm-001: replace (or with None remove) the marked vorigContactmoment link."""
    current = mapping.marked_vorig_link(klantcontact)
    if current is not None and vorig is not None and current.was_klantcontact_id == vorig.pk:
        return
    if vorig is not None:
        if vorig.pk == klantcontact.pk:
            raise _error(
                "vorig_contactmoment",
                "Een contactmoment kan niet zijn eigen vorige contactmoment zijn.",
                "invalid",
            )
        # Lock the earlier contactmoment: two writes claiming it at once queue here.
        Klantcontact.objects.select_for_update().filter(pk=vorig.pk).first()
        taken = OnderwerpobjectExtensie.objects.filter(
            soort=OnderwerpobjectSoort.VORIG_CONTACTMOMENT,
            onderwerpobject__was_klantcontact=vorig,
        ).exclude(klantcontact=klantcontact)
        if taken.exists():
            raise _error(
                "vorig_contactmoment",
                "Dit contactmoment is al het vorige contactmoment van een ander contactmoment.",
                "unique",
            )
    if current is not None:
        kc_services.delete_onderwerpobject(current)
    if vorig is not None:
        link = kc_services.create_onderwerpobject(
            {"klantcontact": klantcontact, "was_klantcontact": vorig}
        )
        _save_row(
            OnderwerpobjectExtensie(
                onderwerpobject=link,
                soort=OnderwerpobjectSoort.VORIG_CONTACTMOMENT,
                klantcontact=klantcontact,
            )
        )


def _set_medewerker_actor(klantcontact: Klantcontact, ext: ContactmomentExtensie) -> None:
    """Link the Actor of medewerkerIdentificatie.identificatie (replacing an earlier link).

    The Actor is found by its kic actoridentificator. None is created: the new model requires
    a medewerker Actor's functie and telefoonnummer, which the first generation does not know
    (docs/kic-migration.md); the identificatie stays readable from the extension row.
    """
    identificatie = (ext.medewerker_identificatie or {}).get("identificatie") or ""
    actor = None
    if identificatie:
        codes = mapping.medewerker_actoridentificator(identificatie)
        actor = (
            Actor.objects.filter(
                soort_actor=SoortActor.MEDEWERKER,
                **{f"actoridentificator_{key}": value for key, value in codes.items()},
            )
            .order_by("pk")
            .first()
        )
    old = ext.medewerker_link
    if old is not None and actor is not None and old.actor_id == actor.pk:
        return
    if old is not None:
        ext.medewerker_link = None
        kc_services.delete_object(old)
    if actor is None:
        return
    existing = ActorKlantcontact.objects.filter(actor=actor, klantcontact=klantcontact).first()
    if existing is None:
        existing = kc_services.create_actorklantcontact(
            {"actor": actor, "klantcontact": klantcontact}
        )
    ext.medewerker_link = existing


def _save_row(row) -> None:
    """An extension row, validated (its unique constraints included) and saved; a clash the
    checks above did not see (say, copies a v1 write made stale) is a 400, never a 500."""
    try:
        save_validated(row)
    except ValidationError as exc:
        raise _rekeyed(exc, {}) from exc


def _save_extensie(ext: ContactmomentExtensie) -> None:
    try:
        save_validated(ext)
    except ValidationError as exc:
        raise _rekeyed(exc, {"bronorganisatie": "bronorganisatie"}) from exc


@transaction.atomic
def create_contactmoment(data: dict) -> Klantcontact:
    """A first-generation contactmoment: a Klantcontact (onderwerp KIC_DEFAULT_ONDERWERP, not
    vertrouwelijk), its vorigContactmoment link, its medewerker Actor link and the extension
    row. One event: the klantcontact's create."""
    _check_medewerker(data, None)
    defaulted: set[str] = set()
    data = {"kanaal": "", "voorkeurstaal": "", "tekst": "", **data}
    values = _klantcontact_values(data, defaulted)
    values.update(onderwerp=settings.KIC_DEFAULT_ONDERWERP, vertrouwelijk=False)
    ext = ContactmomentExtensie()
    _apply_tekst(data, values, ext)
    with kc_services.deel_van_handeling():
        try:
            klantcontact = kc_services.create_klantcontact(values)
        except ValidationError as exc:
            raise _rekeyed(exc, KLANTCONTACT_ERROR_KEYS) from exc
        ext.klantcontact = klantcontact
        _apply_extensie(ext, data, defaulted)
        _set_medewerker_actor(klantcontact, ext)
        _save_extensie(ext)
        _set_vorig(klantcontact, data.get("vorig_contactmoment"))
    events.record(klantcontact, "create", contactmoment=klantcontact)
    return klantcontact


@transaction.atomic
def update_contactmoment(klantcontact: Klantcontact, data: dict) -> Klantcontact:
    """PUT (the serializer passes every sent field) or PATCH (a subset); fields not sent keep
    their value. One event: the klantcontact's update."""
    klantcontact = Klantcontact.objects.select_for_update().get(pk=klantcontact.pk)
    ext = mapping.extensie(klantcontact) or ContactmomentExtensie(klantcontact=klantcontact)
    _check_medewerker(data, klantcontact)
    defaulted = set(ext.defaulted_fields)
    values = _klantcontact_values(data, defaulted)
    _apply_tekst(data, values, ext)
    with kc_services.deel_van_handeling():
        try:
            kc_services.update_klantcontact(klantcontact, values)
        except ValidationError as exc:
            raise _rekeyed(exc, KLANTCONTACT_ERROR_KEYS) from exc
        _apply_extensie(ext, data, defaulted)
        if "medewerker_identificatie" in data:
            _set_medewerker_actor(klantcontact, ext)
        _save_extensie(ext)
        if "vorig_contactmoment" in data:
            _set_vorig(klantcontact, data["vorig_contactmoment"])
        if "initiatiefnemer" in data:
            _recompute(klantcontact, ext.initiatiefnemer)
    events.record(klantcontact, "update", contactmoment=klantcontact)
    return klantcontact


@transaction.atomic
def delete_contactmoment(klantcontact: Klantcontact) -> None:
    """Delete the Klantcontact with its betrokkenen (klantcontactmomenten), onderwerpobjecten
    (objectcontactmomenten, vorig/volgend links) and actor links, as the v1 delete does.
    (InterneTaken go with it once the taken app exists.) One event: the destroy."""
    vooraf = events.kenmerken(klantcontact)
    with kc_services.deel_van_handeling():
        kc_services.delete_klantcontact(klantcontact)
    events.record(klantcontact, "destroy", contactmoment=klantcontact, kenmerken_vooraf=vooraf)


# --- klantcontactmomenten (Betrokkene) ------------------------------------------------------


def _recompute(klantcontact: Klantcontact, initiatiefnemer: str | None = None) -> None:
    """Spec §4.3: the new-model rol and initiator of each betrokkene with an extension row."""
    if initiatiefnemer is None:
        ext = mapping.extensie(klantcontact)
        initiatiefnemer = ext.initiatiefnemer if ext else ""
    betrokkenen = [
        (betrokkene, betrokkene.kic_extensie.rol, betrokkene.partij_id)
        for betrokkene in Betrokkene.objects.filter(
            klantcontact=klantcontact, kic_extensie__isnull=False
        )
        .select_related("kic_extensie")
        .order_by("pk")
    ]
    nieuw = mapping.recomputed_rollen(betrokkenen, initiatiefnemer)
    for betrokkene, _, _ in betrokkenen:
        rol, initiator = nieuw[betrokkene.pk]
        if (betrokkene.rol, betrokkene.initiator) != (rol, initiator):
            kc_services.update_betrokkene(
                betrokkene, {"rol": rol, "initiator": initiator}, partial=True
            )


@transaction.atomic
def create_klantcontactmoment(data: dict) -> Betrokkene:
    """`klant` (a Partij) took part in `contactmoment` as `rol`: a Betrokkene with the
    extension row, then the rollen of the klantcontact recomputed. One event: the
    betrokkene's create."""
    klantcontact: Klantcontact = data["contactmoment"]
    partij: Partij = data["klant"]
    rol = data["rol"]
    # cm-004, checked under a lock on the klantcontact so two equal requests cannot both pass.
    Klantcontact.objects.select_for_update().filter(pk=klantcontact.pk).first()
    if KlantcontactmomentExtensie.objects.filter(
        klantcontact=klantcontact, partij=partij, rol=rol
    ).exists():
        raise _error(
            NON_FIELD_ERRORS,
            "De velden contactmoment, klant, rol moeten een unieke set zijn.",
            "unique",
        )
    ext = mapping.extensie(klantcontact)
    initiatiefnemer = ext.initiatiefnemer if ext else ""
    with kc_services.deel_van_handeling():
        betrokkene = kc_services.create_betrokkene(
            {
                "klantcontact": klantcontact,
                "partij": partij,
                "rol": "klant",
                "initiator": initiatiefnemer == Initiatiefnemer.KLANT,
            }
        )
        _save_row(
            KlantcontactmomentExtensie(
                betrokkene=betrokkene, rol=rol, klantcontact=klantcontact, partij=partij
            )
        )
        _recompute(klantcontact, initiatiefnemer)
    betrokkene.refresh_from_db()
    events.record(betrokkene, "create", contactmoment=klantcontact)
    return betrokkene


@transaction.atomic
def delete_klantcontactmoment(betrokkene: Betrokkene) -> None:
    klantcontact = betrokkene.klantcontact
    with kc_services.deel_van_handeling():
        kc_services.delete_betrokkene(betrokkene)
        _recompute(klantcontact)
    events.record(betrokkene, "destroy", contactmoment=klantcontact)


# --- objectcontactmomenten (Onderwerpobject) -------------------------------------------------


@transaction.atomic
def create_objectcontactmoment(data: dict, *, contactmoment_url: str) -> Onderwerpobject:
    """The contactmoment was about `object` (a zaak): an Onderwerpobject with the zaak
    identificator and the URL kept verbatim. cm-005/cm-006: the object must exist and the ZRC
    must already hold the relation (`contactmoment_url` is what it knows us by)."""
    klantcontact: Klantcontact = data["contactmoment"]
    object_url = data["object"]
    object_id = mapping.object_id(object_url)
    if object_id is None:
        raise _error("object", "De URL van het object moet eindigen op een UUID.", "invalid")
    Klantcontact.objects.select_for_update().filter(pk=klantcontact.pk).first()
    if OnderwerpobjectExtensie.objects.filter(
        klantcontact=klantcontact, object_url=object_url, soort=OnderwerpobjectSoort.OBJECT
    ).exists():
        raise _error(
            NON_FIELD_ERRORS,
            "De velden contactmoment, object moeten een unieke set zijn.",
            "unique",
        )
    remote.check_url(object_url, field="object")
    remote.check_zaakcontactmoment(object_url, contactmoment_url, expect_present=True)
    with kc_services.deel_van_handeling():
        identificator = {**mapping.zaak_codes(), "object_id": object_id}
        try:
            onderwerpobject = kc_services.create_onderwerpobject(
                {"klantcontact": klantcontact, "onderwerpobjectidentificator": identificator}
            )
        except ValidationError as exc:
            raise _rekeyed(exc, {}) from exc
        _save_row(
            OnderwerpobjectExtensie(
                onderwerpobject=onderwerpobject,
                soort=OnderwerpobjectSoort.OBJECT,
                object_url=object_url,
                object_type=data["object_type"],
                klantcontact=klantcontact,
            )
        )
    events.record(onderwerpobject, "create", contactmoment=klantcontact)
    return onderwerpobject


@transaction.atomic
def delete_objectcontactmoment(onderwerpobject: Onderwerpobject, *, contactmoment_url: str):
    """Only once the ZRC no longer holds the relation (else `remote-relation-exists`)."""
    klantcontact = onderwerpobject.klantcontact
    remote.check_zaakcontactmoment(
        mapping.object_url(onderwerpobject), contactmoment_url, expect_present=False
    )
    with kc_services.deel_van_handeling():
        kc_services.delete_onderwerpobject(onderwerpobject)
    events.record(onderwerpobject, "destroy", contactmoment=klantcontact)
