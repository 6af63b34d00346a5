"""Every write on klantcontacten, one function per handling, each in one transaction.

Callers (API serializers, admin, management commands, higher apps) pass plain values and
model instances, as in partijen.services. Errors are Django ValidationErrors keyed by model
field, dotted for nested parts (`onderwerpobject.onderwerpobjectidentificator_object_id`).

Every save goes through the model (never a queryset update), so each change lands in the
history tables with who made it (klantenregister/core/history.py).

Each public function records exactly one event in the outbox, in its own transaction
(kanaal `klantcontacten`, see apps.py and docs/events.md). A function that does another
one's work as part of its own handling (maak_klantcontact creating the parts, a klantcontact
delete removing its betrokkenen) calls the private `_` variant, which records nothing: the
handling's own event covers it.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from klantcontacten.models import (
    ACTOR_IDENTIFICATIE_FIELDS,
    ALL_ACTOR_IDENTIFICATIE_FIELDS,
    IDENTIFICATOR_SUBFIELDS,
    Actor,
    ActorKlantcontact,
    Betrokkene,
    Bijlage,
    Klantcontact,
    Onderwerpobject,
)
from klantenregister.core.models import Nummerreeks
from klantenregister.events.services import DeelVanHandeling
from klantenregister.services import prefixed_errors, save_validated
from partijen.models import ADRES_SUBFIELDS, CONTACTNAAM_SUBFIELDS, DigitaalAdres, Partij

KLANTCONTACT_NUMMER_REEKS = "klantcontact"
# The handeling of maak_klantcontact's event (a klantcontact with its parts in one go).
KLANTCONTACT_GEMAAKT = "klantcontact.gemaakt"


# A higher app (kic_compat) combines several of these functions into one handling of its own
# inside `with deel_van_handeling():`; `_record` then records nothing.
deel_van_handeling = DeelVanHandeling("klantcontacten")
_record = deel_van_handeling.record


def _assign(obj, data: dict, fields) -> None:
    for key in fields:
        if key in data:
            setattr(obj, key, data[key])


def _assign_group(obj, prefix: str, subfields, data: dict, *, replace: bool) -> None:
    """Store a gegevensgroep (dict or None) in its flattened `<prefix>_<sub>` columns.

    `replace` (a full group was sent, or None): sub-fields left out become empty.
    """
    if prefix not in data:
        return
    group = data[prefix] or {}
    for sub in subfields:
        if sub in group or replace:
            empty = None if sub == "huisnummer" else ""
            value = group.get(sub, empty)
            setattr(obj, f"{prefix}_{sub}", empty if value is None else value)


# --- Klantcontact ---------------------------------------------------------------------------

KLANTCONTACT_FIELDS = (
    "nummer",
    "referentienummer",
    "kanaal",
    "onderwerp",
    "inhoud",
    "reactie",
    "indicatie_contact_gelukt",
    "hoofd_onderwerp_type",
    "verdere_actie_ondernomen",
    "taal",
    "vertrouwelijk",
    "plaatsgevonden_op",
    "metadata",
)


def volgend_klantcontact_nummer() -> str:
    """A free klantcontact nummer; unique across concurrent transactions (see Nummerreeks)."""
    return Nummerreeks.volgend_vrij_nummer(KLANTCONTACT_NUMMER_REEKS, Klantcontact)


def _normalise_klantcontact(klantcontact: Klantcontact) -> None:
    # Empty strings for the optional unique numbers would collide with each other.
    klantcontact.referentienummer = klantcontact.referentienummer or None
    if klantcontact.metadata is None:
        klantcontact.metadata = {}
    if klantcontact.plaatsgevonden_op is None:
        klantcontact.plaatsgevonden_op = timezone.now()


@transaction.atomic
def create_klantcontact(data: dict) -> Klantcontact:
    """Record a klantcontact; a nummer is generated when the caller gives none."""
    klantcontact = _create_klantcontact(data)
    _record(klantcontact, "create")
    return klantcontact


def _create_klantcontact(data: dict) -> Klantcontact:
    klantcontact = Klantcontact()
    _assign(klantcontact, data, KLANTCONTACT_FIELDS)
    _normalise_klantcontact(klantcontact)
    klantcontact.nummer = klantcontact.nummer or volgend_klantcontact_nummer()
    save_validated(klantcontact)
    return klantcontact


@transaction.atomic
def update_klantcontact(klantcontact: Klantcontact, data: dict) -> Klantcontact:
    """Correct or supplement a klantcontact; the previous version stays in its history.

    Fields not in `data` keep their value; the rule on indicatieContactGelukt and
    verdereActieOndernomen is checked on the combination of sent and stored values.
    """
    # The nummer identifies the contact for people; it is kept when a client blanks it.
    nummer = klantcontact.nummer
    _assign(klantcontact, data, KLANTCONTACT_FIELDS)
    _normalise_klantcontact(klantcontact)
    klantcontact.nummer = klantcontact.nummer or nummer or volgend_klantcontact_nummer()
    save_validated(klantcontact)
    _record(klantcontact, "update")
    return klantcontact


@transaction.atomic
def delete_klantcontact(klantcontact: Klantcontact) -> None:
    """Delete a klantcontact with its betrokkenen, onderwerpobjecten, bijlagen and
    actor-links (CASCADE). Digitale adressen its betrokkenen provided stay, unlinked.
    The deleted rows remain readable in the history tables. One event: the klantcontact's
    destroy."""
    _delete_klantcontact(klantcontact)
    _record(klantcontact, "destroy")


def _delete_klantcontact(klantcontact: Klantcontact) -> None:
    for child in (
        *klantcontact.betrokkenen.all(),
        *klantcontact.onderwerpobjecten.all(),
        *klantcontact.was_onderwerpobjecten.all(),
        *klantcontact.bijlagen.all(),
        *klantcontact.actorklantcontacten.all(),
    ):
        # One by one (not a cascading bulk delete) so each removal is in the history.
        child.delete()
    klantcontact.delete()


# --- Betrokkene -----------------------------------------------------------------------------

BETROKKENE_FIELDS = ("klantcontact", "partij", "rol", "organisatienaam", "initiator")


def _assign_betrokkene(betrokkene: Betrokkene, data: dict, *, partial: bool) -> None:
    _assign(betrokkene, data, BETROKKENE_FIELDS)
    for prefix in ("bezoekadres", "correspondentieadres"):
        _assign_group(betrokkene, prefix, ADRES_SUBFIELDS, data, replace=not partial)
    _assign_group(betrokkene, "contactnaam", CONTACTNAAM_SUBFIELDS, data, replace=not partial)


@transaction.atomic
def create_betrokkene(data: dict) -> Betrokkene:
    """A party in a klantcontact: a known partij, or anonymous with only the details given."""
    betrokkene = _create_betrokkene(data)
    _record(betrokkene, "create")
    return betrokkene


def _create_betrokkene(data: dict) -> Betrokkene:
    betrokkene = Betrokkene()
    _assign_betrokkene(betrokkene, data, partial=False)
    save_validated(betrokkene)
    return betrokkene


@transaction.atomic
def update_betrokkene(betrokkene: Betrokkene, data: dict, *, partial: bool = False) -> Betrokkene:
    _assign_betrokkene(betrokkene, data, partial=partial)
    save_validated(betrokkene)
    _record(betrokkene, "update")
    return betrokkene


@transaction.atomic
def delete_betrokkene(betrokkene: Betrokkene) -> None:
    """Delete a betrokkene; the digitale adressen it provided stay, without the link (SET
    NULL), as the contract prescribes."""
    betrokkene.delete()
    _record(betrokkene, "destroy")


@transaction.atomic
def detach_partij(partij: Partij) -> int:
    """Unlink the betrokkenen that were `partij`, keeping their klantcontacten.

    Called when a partij is deleted: the record of what happened stays (anonymous from then
    on), and each detach is a change in the betrokkene's history. Returns how many.
    Each detach is also an `update` event on the klantcontacten kanaal: subscribers there
    follow the klantcontact (the hoofdObject), not the partij whose destroy caused it.
    """
    betrokkenen = list(Betrokkene.objects.filter(partij=partij).select_related("klantcontact"))
    for betrokkene in betrokkenen:
        betrokkene.partij = None
        betrokkene.save(update_fields=["partij"])
        _record(betrokkene, "update")
    return len(betrokkenen)


# --- Onderwerpobject ------------------------------------------------------------------------

ONDERWERPOBJECT_FIELDS = ("klantcontact", "was_klantcontact")


def _assign_identificator(obj, prefix: str, data: dict, *, partial: bool) -> None:
    _assign_group(obj, prefix, IDENTIFICATOR_SUBFIELDS, data, replace=not partial)


@transaction.atomic
def create_onderwerpobject(data: dict) -> Onderwerpobject:
    onderwerpobject = _create_onderwerpobject(data)
    _record(onderwerpobject, "create")
    return onderwerpobject


def _create_onderwerpobject(data: dict) -> Onderwerpobject:
    onderwerpobject = Onderwerpobject()
    _assign(onderwerpobject, data, ONDERWERPOBJECT_FIELDS)
    _assign_identificator(onderwerpobject, "onderwerpobjectidentificator", data, partial=False)
    save_validated(onderwerpobject)
    return onderwerpobject


@transaction.atomic
def update_onderwerpobject(
    onderwerpobject: Onderwerpobject, data: dict, *, partial: bool = False
) -> Onderwerpobject:
    _assign(onderwerpobject, data, ONDERWERPOBJECT_FIELDS)
    _assign_identificator(onderwerpobject, "onderwerpobjectidentificator", data, partial=partial)
    save_validated(onderwerpobject)
    _record(onderwerpobject, "update")
    return onderwerpobject


@transaction.atomic
def delete_onderwerpobject(
    onderwerpobject: Onderwerpobject, *, cascade: bool = False
) -> list[Klantcontact]:
    """Delete an onderwerpobject (spec §4.6).

    With `cascade`, its klantcontact and wasKlantcontact go too, unless another
    onderwerpobject still refers to them: those are kept and returned. A klantcontact that
    goes takes the digitale adressen of its anonymous betrokkenen (no partij) with it.
    Events: the onderwerpobject's destroy and, with `cascade`, the destroy of each
    klantcontact that goes (a klantcontact is a hoofdObject of its own).
    """
    related = [kc for kc in (onderwerpobject.klantcontact, onderwerpobject.was_klantcontact) if kc]
    onderwerpobject.delete()
    _record(onderwerpobject, "destroy")
    behouden = []
    if not cascade:
        return behouden
    for klantcontact in dict.fromkeys(related):
        if Onderwerpobject.objects.filter(
            Q(klantcontact=klantcontact) | Q(was_klantcontact=klantcontact)
        ).exists():
            behouden.append(klantcontact)
            continue
        DigitaalAdres.objects.filter(
            betrokkene__klantcontact=klantcontact, betrokkene__partij__isnull=True
        ).delete()
        _delete_klantcontact(klantcontact)
        _record(klantcontact, "destroy")
    return behouden


# --- Bijlage ----------------------------------------------------------------------------------


@transaction.atomic
def create_bijlage(data: dict) -> Bijlage:
    bijlage = Bijlage()
    _assign(bijlage, data, ("klantcontact",))
    _assign_identificator(bijlage, "bijlageidentificator", data, partial=False)
    save_validated(bijlage)
    _record(bijlage, "create")
    return bijlage


@transaction.atomic
def update_bijlage(bijlage: Bijlage, data: dict, *, partial: bool = False) -> Bijlage:
    _assign(bijlage, data, ("klantcontact",))
    _assign_identificator(bijlage, "bijlageidentificator", data, partial=partial)
    save_validated(bijlage)
    _record(bijlage, "update")
    return bijlage


# --- Actor ------------------------------------------------------------------------------------

ACTOR_FIELDS = ("naam", "soort_actor", "indicatie_actief")


def _assign_actor(actor: Actor, data: dict, *, partial: bool) -> None:
    _assign(actor, data, ACTOR_FIELDS)
    _assign_identificator(actor, "actoridentificator", data, partial=partial)
    if "actor_identificatie" in data:
        # The soort-specific part is replaced as a whole, like partijIdentificatie.
        identificatie = data["actor_identificatie"] or {}
        for field in ALL_ACTOR_IDENTIFICATIE_FIELDS:
            setattr(actor, field, identificatie.get(field) or "")
    else:
        # A new soort without a new identificatie: drop what the new soort does not have.
        allowed = ACTOR_IDENTIFICATIE_FIELDS.get(actor.soort_actor, ())
        for field in ALL_ACTOR_IDENTIFICATIE_FIELDS:
            if field not in allowed:
                setattr(actor, field, "")


@transaction.atomic
def create_actor(data: dict) -> Actor:
    actor = Actor()
    _assign_actor(actor, data, partial=False)
    save_validated(actor)
    _record(actor, "create")
    return actor


@transaction.atomic
def update_actor(actor: Actor, data: dict, *, partial: bool = False) -> Actor:
    _assign_actor(actor, data, partial=partial)
    save_validated(actor)
    _record(actor, "update")
    return actor


@transaction.atomic
def delete_actor(actor: Actor) -> None:
    for link in actor.actorklantcontacten.all():
        link.delete()  # each removal from a klantcontact is in its history
    actor.delete()
    _record(actor, "destroy")


# --- ActorKlantcontact -----------------------------------------------------------------------


def _check_actor_actief(link: ActorKlantcontact, *, was_actor_id: int | None) -> None:
    """An actor that is no longer active (indicatieActief false) may not be linked to a
    klantcontact anew; existing links stay as they are."""
    actor = link.actor if link.actor_id is not None else None
    if actor is not None and not actor.indicatie_actief and link.actor_id != was_actor_id:
        raise ValidationError(
            {
                "actor": ValidationError(
                    f"Actor {actor.naam} is niet actief en kan niet aan een klantcontact "
                    "gekoppeld worden.",
                    code="inactive",
                )
            }
        )


@transaction.atomic
def create_actorklantcontact(data: dict) -> ActorKlantcontact:
    link = ActorKlantcontact()
    _assign(link, data, ("actor", "klantcontact"))
    _check_actor_actief(link, was_actor_id=None)
    save_validated(link)
    _record(link, "create")
    return link


@transaction.atomic
def update_actorklantcontact(link: ActorKlantcontact, data: dict) -> ActorKlantcontact:
    was_actor_id = link.actor_id
    _assign(link, data, ("actor", "klantcontact"))
    _check_actor_actief(link, was_actor_id=was_actor_id)
    save_validated(link)
    _record(link, "update")
    return link


@transaction.atomic
def delete_object(obj) -> None:
    """Delete a row whose removal has no rule of its own (bijlage, actor-link)."""
    obj.delete()
    _record(obj, "destroy")


# --- maak-klantcontact ------------------------------------------------------------------------


@dataclass(frozen=True)
class GemaaktKlantcontact:
    klantcontact: Klantcontact
    betrokkene: Betrokkene | None
    onderwerpobject: Onderwerpobject | None


@transaction.atomic
def maak_klantcontact(
    klantcontact: dict, betrokkene: dict | None = None, onderwerpobject: dict | None = None
) -> GemaaktKlantcontact:
    """Record a klantcontact with its betrokkene and onderwerpobject as one handling.

    All or nothing: an invalid part raises a ValidationError keyed under the part's name
    (`onderwerpobject.onderwerpobjectidentificator_object_id`) and nothing is stored.
    One event: klantcontact create with handeling `klantcontact.gemaakt`.
    """
    try:
        gemaakt = _create_klantcontact(klantcontact)
    except ValidationError as exc:
        raise prefixed_errors(exc, "klantcontact") from exc
    nieuwe_betrokkene = nieuw_onderwerpobject = None
    if betrokkene is not None:
        try:
            nieuwe_betrokkene = _create_betrokkene({**betrokkene, "klantcontact": gemaakt})
        except ValidationError as exc:
            raise prefixed_errors(exc, "betrokkene") from exc
    if onderwerpobject is not None:
        try:
            nieuw_onderwerpobject = _create_onderwerpobject(
                {**onderwerpobject, "klantcontact": gemaakt}
            )
        except ValidationError as exc:
            raise prefixed_errors(exc, "onderwerpobject") from exc
    _record(gemaakt, "create", handeling=KLANTCONTACT_GEMAAKT)
    return GemaaktKlantcontact(gemaakt, nieuwe_betrokkene, nieuw_onderwerpobject)
