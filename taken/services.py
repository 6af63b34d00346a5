"""Every write on interne taken and klanttaken, one function per handling, each in one
transaction that also records its event (kanalen `internetaken` and `taken`, see apps.py).

The API, the admin and the Celery deadline tasks all come through here. Errors are Django
ValidationErrors keyed by model field (dotted for nested betrokkenen); a status change that
the lifecycle does not allow is a ValidationError on `status` with code
`invalid-transition`. Two refusals are not about the input but about the taak's state or the
caller, and have their own exceptions: `TaakNietOpen` (an action on a taak in the wrong
state, 409), `TaakVerlopen` (the verloopdatum has passed, 410) and `AlleenEigenaar` (only
the application that made the taak may do this, 403).
"""

from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from klantcontacten.models import Actor
from klantenregister.core.history import current_actor
from klantenregister.core.models import Nummerreeks
from klantenregister.events.services import record_object_event
from klantenregister.services import prefixed_errors, save_validated
from partijen.models import CodeSoortObjectId, Partij
from taken.models import (
    ActieType,
    IdentificatieType,
    InterneTaak,
    InterneTaakActor,
    InterneTaakStatus,
    KoppelingRegistratie,
    Sluitreden,
    Soort,
    Taak,
    TaakBetrokkene,
    TaakStatus,
)

INTERNE_TAAK_NUMMER_REEKS = "internetaak"


def _assign(obj, data: dict, fields: Iterable[str]) -> None:
    for key in fields:
        if key in data:
            setattr(obj, key, data[key])


# --- InterneTaak ------------------------------------------------------------------------------

INTERNE_TAAK_FIELDS = (
    "nummer",
    "referentienummer",
    "gevraagde_handeling",
    "klantcontact",
    "toelichting",
    "status",
    "afgehandeld_op",
)


def _settle_afgehandeld_op(taak: InterneTaak, data: dict, was_afgehandeld_op) -> None:
    """The server keeps afgehandeldOp in step with the status (spec §3.6): set when the taak
    becomes verwerkt without one, cleared when it is reopened. A client may send it only for
    a verwerkt taak; `clean()` refuses the other case."""
    if taak.status == InterneTaakStatus.VERWERKT:
        if taak.afgehandeld_op is None:
            taak.afgehandeld_op = was_afgehandeld_op or timezone.now()
    elif "afgehandeld_op" not in data or data["afgehandeld_op"] is None:
        taak.afgehandeld_op = None


def _set_actoren(taak: InterneTaak, actoren: list[Actor]) -> None:
    """Replace the assignment, keeping the order given; row by row, so history sees it."""
    seen: list[int] = []
    for actor in actoren:
        if actor.pk in seen:
            raise ValidationError(
                {
                    "actoren": ValidationError(
                        "Een actor staat twee keer in de lijst.", code="unique"
                    )
                }
            )
        seen.append(actor.pk)
    for toewijzing in taak.toewijzingen.all():
        toewijzing.delete()
    for actor in actoren:
        InterneTaakActor.objects.create(interne_taak=taak, actor=actor)


def _save_interne_taak(taak: InterneTaak, data: dict, *, was_afgehandeld_op=None) -> None:
    taak.referentienummer = taak.referentienummer or None
    _settle_afgehandeld_op(taak, data, was_afgehandeld_op)
    if not taak.nummer:
        taak.nummer = Nummerreeks.volgend_vrij_nummer(INTERNE_TAAK_NUMMER_REEKS, InterneTaak)
    save_validated(taak)
    if "actoren" in data:
        _set_actoren(taak, list(data["actoren"]))


@transaction.atomic
def create_interne_taak(data: dict) -> InterneTaak:
    """Make an interne taak for the klantcontact it arose from, assigned to `actoren` (in
    that order). A nummer is generated when none is given."""
    taak = InterneTaak()
    _assign(taak, data, INTERNE_TAAK_FIELDS)
    _save_interne_taak(taak, data)
    record_object_event(taak, "create")
    return taak


@transaction.atomic
def update_interne_taak(taak: InterneTaak, data: dict, *, partial: bool = False) -> InterneTaak:
    """Change an interne taak; `actoren`, when given, replaces the assignment in order.
    Reopening (status te_verwerken) clears afgehandeldOp; toegewezenOp never changes."""
    was_afgehandeld_op = taak.afgehandeld_op if taak.status == InterneTaakStatus.VERWERKT else None
    _assign(taak, data, INTERNE_TAAK_FIELDS)
    _save_interne_taak(taak, data, was_afgehandeld_op=was_afgehandeld_op)
    record_object_event(taak, "partial_update" if partial else "update")
    return taak


def wijs_interne_taak_toe(taak: InterneTaak, actoren: list[Actor]) -> InterneTaak:
    """Assign the taak to these actoren (replacing the earlier assignment)."""
    return update_interne_taak(taak, {"actoren": actoren}, partial=True)


def handel_interne_taak_af(taak: InterneTaak) -> InterneTaak:
    """Mark the taak verwerkt; afgehandeldOp becomes now."""
    return update_interne_taak(taak, {"status": InterneTaakStatus.VERWERKT}, partial=True)


@transaction.atomic
def delete_interne_taak(taak: InterneTaak) -> None:
    taak.delete()
    record_object_event(taak, "destroy")


# --- Taak (klanttaak): lifecycle --------------------------------------------------------------


class TaakNietOpen(Exception):
    """An action that needs an open taak, on a taak in another state (HTTP 409)."""

    def __init__(self, taak: Taak, actie: str):
        self.huidig = taak.status
        super().__init__(
            f"De taak kan niet worden {actie}: de status is '{taak.status}', "
            f"alleen een taak met status 'open' kan dat."
        )


class TaakVerlopen(Exception):
    """The verloopdatum of the taak has passed; the klant can no longer act on it (410)."""

    def __init__(self, taak: Taak):
        super().__init__(
            f"De taak is verlopen: de verloopdatum ({taak.verloopdatum.isoformat()}) is voorbij."
        )


class AlleenEigenaar(Exception):
    """Only the application that made the taak (its eigenaar) may do this (403)."""

    def __init__(self, taak: Taak, wat: str):
        super().__init__(
            f"Alleen de eigenaar van de taak ('{taak.eigenaar}') mag {wat}; "
            "een portaal mag een open taak indienen of sluiten."
        )


# (from, to) → who may make the move: "iedereen" (the portal acting for the klant, or the
# eigenaar) or "eigenaar" (the application that made the taak, staff, system jobs).
OVERGANGEN: dict[tuple[str, str], str] = {
    (TaakStatus.OPEN, TaakStatus.INGEDIEND): "iedereen",
    (TaakStatus.OPEN, TaakStatus.GESLOTEN): "iedereen",
    (TaakStatus.OPEN, TaakStatus.VERWERKT): "eigenaar",
    (TaakStatus.INGEDIEND, TaakStatus.VERWERKT): "eigenaar",
    (TaakStatus.INGEDIEND, TaakStatus.OPEN): "eigenaar",
    (TaakStatus.VERWERKT, TaakStatus.GESLOTEN): "eigenaar",
}


def toegestane_overgangen(status: str) -> list[str]:
    return [naar for (van, naar) in OVERGANGEN if van == status]


def is_eigenaar(taak: Taak) -> bool:
    """Staff, commands and system jobs act for the gemeente, as does the eigenaar's own API
    client; a taak without eigenaar belongs to the gemeente as a whole."""
    client, _ = current_actor()
    return client is None or not taak.eigenaar or client.naam == taak.eigenaar


def _check_overgang(taak: Taak, van: str, naar: str) -> None:
    if van == naar:
        return
    wie = OVERGANGEN.get((van, naar))
    if wie is None:
        toegestaan = ", ".join(f"'{s}'" for s in toegestane_overgangen(van)) or "geen"
        raise ValidationError(
            {
                "status": ValidationError(
                    f"De status kan niet van '{van}' naar '{naar}'. Vanuit '{van}' is "
                    f"toegestaan: {toegestaan}.",
                    code="invalid-transition",
                )
            }
        )
    if wie == "eigenaar" and not is_eigenaar(taak):
        raise AlleenEigenaar(taak, f"de status van '{van}' naar '{naar}' zetten")
    if naar == TaakStatus.INGEDIEND and taak.verlopen:
        raise TaakVerlopen(taak)


# --- Taak (klanttaak): writes -----------------------------------------------------------------

TAAK_FIELDS = (
    "type",
    "title",
    "onderwerp",
    "toelichting",
    "status",
    "soort",
    "zaak",
    "actie_type",
    "actie_value",
    "data",
    "verzonden_data",
    "verloopdatum",
    "vervaldatum",
    "identificatie_type",
    "identificatie_value",
    "verwerker_taak_id",
    "extra_data",
    "betaling_bedrag",
    "betaling_betaalkenmerk",
    "betaling_pspid",
    "betaling_url",
    "koppeling_registratie",
    "koppeling_uuid",
    "koppeling_url",
    "partij",
    "klantcontact",
    "bericht",
    "eigenaar",
)

PARTIJ_SOORT = {
    IdentificatieType.BSN: CodeSoortObjectId.BSN,
    IdentificatieType.KVK: CodeSoortObjectId.KVK_NUMMER,
    IdentificatieType.VESTIGINGSNUMMER: CodeSoortObjectId.VESTIGINGSNUMMER,
    IdentificatieType.RSIN: CodeSoortObjectId.RSIN,
}


def partij_met_identificatie(type_: str, value: str) -> Partij | None:
    """The partij of the register carrying this identificator (BSN, KvK, ...), if any."""
    soort = PARTIJ_SOORT.get(type_)
    if not soort or not value:
        return None
    return (
        Partij.objects.filter(
            partij_identificatoren__partij_identificator_code_soort_object_id=soort,
            partij_identificatoren__partij_identificator_object_id=value,
        )
        .order_by("pk")
        .first()
    )


def _derive(taak: Taak, data: dict) -> None:
    """Defaults the spec derives from other fields: soort from the actie, koppeling from the
    zaak, the partij from the identificatie."""
    if not taak.soort:
        taak.soort = {ActieType.ID: Soort.FORMULIER, ActieType.URL: Soort.URL}.get(
            taak.actie_type, Soort.EXTERN
        )
    if taak.zaak and not taak.koppeling_registratie and not taak.koppeling_url:
        taak.koppeling_registratie = KoppelingRegistratie.ZAAK
        taak.koppeling_url = taak.zaak
    identificatie_changed = {"identificatie_type", "identificatie_value"} & set(data)
    if "partij" not in data and (taak.partij_id is None or identificatie_changed):
        taak.partij = partij_met_identificatie(taak.identificatie_type, taak.identificatie_value)
    for field in ("data", "verzonden_data", "extra_data"):
        # JSON null and "no value" are the same thing here.
        if getattr(taak, field) == {} and field not in data:
            setattr(taak, field, None)


TAAK_BETROKKENE_FIELDS = (
    "betrokkene_type",
    "rol_type",
    "naam",
    "medewerker_identificatie",
    "inp_bsn",
    "partij",
)


def _save_betrokkenen(taak: Taak, betrokkenen: list[dict]) -> None:
    for betrokkene in taak.betrokkenen.all():
        betrokkene.delete()
    for index, item in enumerate(betrokkenen):
        betrokkene = TaakBetrokkene(taak=taak)
        _assign(
            betrokkene,
            item,
            (
                "betrokkene_type",
                "rol_type",
                "naam",
                "medewerker_identificatie",
                "inp_bsn",
                "partij",
            ),
        )
        try:
            save_validated(betrokkene, exclude=["taak"])
        except ValidationError as exc:
            raise prefixed_errors(exc, f"betrokkenen.{index}") from exc


@transaction.atomic
def create_taak(data: dict) -> Taak:
    """Make a klanttaak (status open unless the creator says otherwise is not possible: a new
    taak is always open). The eigenaar defaults to the calling application."""
    taak = Taak()
    _assign(taak, data, TAAK_FIELDS)
    status = data.get("status") or TaakStatus.OPEN
    if status != TaakStatus.OPEN:
        raise ValidationError(
            {
                "status": ValidationError(
                    f"Een nieuwe taak heeft status 'open', niet '{status}'.",
                    code="invalid-transition",
                )
            }
        )
    taak.status = TaakStatus.OPEN
    if taak.verloopdatum is not None and taak.verloopdatum <= timezone.now():
        raise ValidationError(
            {
                "verloopdatum": ValidationError(
                    "De verloopdatum van een nieuwe taak moet in de toekomst liggen.",
                    code="invalid",
                )
            }
        )
    if not taak.eigenaar:
        client, _ = current_actor()
        taak.eigenaar = client.naam[:100] if client is not None else ""
    _derive(taak, data)
    save_validated(taak)
    _save_betrokkenen(taak, data.get("betrokkenen") or [])
    record_object_event(taak, "create")
    return taak


def _enter_status(taak: Taak, van: str) -> None:
    """What entering a status does beyond the status itself."""
    if taak.status == van:
        return
    if taak.status == TaakStatus.INGEDIEND:
        taak.afgerond_op = timezone.now()
    elif taak.status == TaakStatus.OPEN:
        # Rejected by the creator: the klant must try again.
        taak.afgerond_op = None


@transaction.atomic
def update_taak(taak: Taak, data: dict, *, partial: bool = False) -> Taak:
    """Change a klanttaak. A status change must be a move the lifecycle allows (spec §3.2);
    `betrokkenen`, when given, replaces the list."""
    taak = Taak.objects.select_for_update().get(pk=taak.pk)
    van = taak.status
    if van == TaakStatus.GESLOTEN and set(data) - {"status"}:
        raise ValidationError(
            {
                "status": ValidationError(
                    "Een gesloten taak kan niet meer worden gewijzigd.",
                    code="invalid-transition",
                )
            }
        )
    _assign(taak, data, TAAK_FIELDS)
    _check_overgang(taak, van, taak.status)
    if (
        "verloopdatum" in data
        and taak.verloopdatum is not None
        and taak.status == TaakStatus.OPEN
        and taak.verloopdatum <= timezone.now()
    ):
        raise ValidationError(
            {
                "verloopdatum": ValidationError(
                    "Een open taak kan geen verloopdatum in het verleden krijgen.",
                    code="invalid",
                )
            }
        )
    _enter_status(taak, van)
    _derive(taak, data)
    save_validated(taak)
    if "betrokkenen" in data:
        _save_betrokkenen(taak, data["betrokkenen"] or [])
    record_object_event(taak, "partial_update" if partial else "update")
    return taak


@transaction.atomic
def dien_taak_in(taak: Taak, verzonden_data=None) -> Taak:
    """The klant did their part: open → ingediend, with what they submitted. Refused on a
    taak that is not open (TaakNietOpen) or whose verloopdatum passed (TaakVerlopen)."""
    taak = Taak.objects.select_for_update().get(pk=taak.pk)
    if taak.status != TaakStatus.OPEN:
        raise TaakNietOpen(taak, "ingediend")
    if taak.verlopen:
        raise TaakVerlopen(taak)
    taak.status = TaakStatus.INGEDIEND
    taak.verzonden_data = verzonden_data
    _enter_status(taak, TaakStatus.OPEN)
    save_validated(taak)
    record_object_event(taak, "partial_update", handeling="taak.ingediend")
    return taak


@transaction.atomic
def delete_taak(taak: Taak) -> None:
    """Hard delete, for the eigenaar only (a portal may not remove a klant's taak)."""
    if not is_eigenaar(taak):
        raise AlleenEigenaar(taak, "de taak verwijderen")
    taak.delete()
    record_object_event(taak, "destroy")


# --- Deadlines (run by Celery beat, see tasks.py) ---------------------------------------------


def sluit_verlopen_taken(now=None, limit: int = 500) -> int:
    """Close open klanttaken whose verloopdatum has passed (sluitreden `verlopen`), each in
    its own transaction with one update event. Returns how many were closed."""
    now = now or timezone.now()
    closed = 0
    candidates = Taak.objects.filter(status=TaakStatus.OPEN, verloopdatum__lte=now).values_list(
        "pk", flat=True
    )[:limit]
    for pk in list(candidates):
        with transaction.atomic():
            taak = (
                Taak.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=TaakStatus.OPEN, verloopdatum__lte=now)
                .first()
            )
            if taak is None:  # handled meanwhile (submitted, or by another worker)
                continue
            taak.status = TaakStatus.GESLOTEN
            taak.sluitreden = Sluitreden.VERLOPEN
            taak.save()
            record_object_event(taak, "update", handeling="taak.verlopen")
            closed += 1
    return closed


def herinner_taken(dagen: float, now=None, limit: int = 500) -> int:
    """Record one `herinnering` event per open klanttaak whose deadline (vervaldatum, else
    verloopdatum) falls within `dagen` days and that was not reminded yet."""
    if dagen <= 0:
        return 0
    now = now or timezone.now()
    horizon = now + timedelta(days=dagen)
    due = Q(vervaldatum__isnull=False, vervaldatum__gt=now, vervaldatum__lte=horizon) | Q(
        vervaldatum__isnull=True, verloopdatum__gt=now, verloopdatum__lte=horizon
    )
    reminded = 0
    candidates = Taak.objects.filter(due, status=TaakStatus.OPEN, herinnerd_op__isnull=True)
    for pk in list(candidates.values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            taak = (
                Taak.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=TaakStatus.OPEN, herinnerd_op__isnull=True)
                .first()
            )
            if taak is None:
                continue
            taak.herinnerd_op = now
            taak.save()
            record_object_event(taak, "herinnering", handeling="taak.herinnering")
            reminded += 1
    return reminded
