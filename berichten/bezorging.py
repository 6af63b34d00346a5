"""Delivery of berichten over the voorkeurskanaal (docs/berichten.md, "Bezorging").

State machine of `Bericht.bezorgstatus`:

    gepland      --publicatieDatum reached-->   in_wachtrij | geen_kanaal
    in_wachtrij  --sent-->                      verzonden
    in_wachtrij  --temporary failure-->         in_wachtrij (next attempt after a backoff)
    in_wachtrij  --permanent / last attempt-->  mislukt
    mislukt | geen_kanaal | verzonden  --opnieuw_versturen (admin)-->  in_wachtrij | geen_kanaal

`geen_kanaal`: no usable address (or no backend configured for the chosen kanaal); the
bericht is stored and shown in the portal inbox, nothing is sent, the admin says why.

- `na_aanmaken` runs inside the create service's transaction: a bericht without
  publicatieDatum (or with one in the past) is published at once, one with a future
  publicatieDatum stays `gepland`; one the sender already delivered itself (`verzondenOp`
  given) is `verzonden` from the start. `na_wijzigen` does the same for an update that moved
  a geplande bericht's publicatieDatum to now or earlier.
- `publiceer_due_berichten` (beat, `berichten.tasks.publiceer_berichten`) publishes what fell
  due and re-queues deliveries whose wake-up got lost or whose worker died.
- `bezorg` (Celery task `berichten.tasks.bezorg_bericht`) makes one attempt.

Exactly once where avoidable, at least once otherwise: an attempt first *claims* the bericht in
a short transaction (row lock with SKIP LOCKED, `bezorging_geclaimd_tot` = now + lease,
`bezorgpogingen` + 1) and commits that before talking to the channel, so a second task for the
same bericht (a duplicate message, the sweep) finds it claimed or already sent and does
nothing. The outcome is committed right after the channel answers. Only a worker that dies
between the channel accepting the message and that commit leaves a claim that expires
(BERICHTEN_LEASE_SECONDS) and is then sent again — with the same Message-ID / Idempotency-Key,
so the receiving side can drop the copy. Losing a message silently was judged worse than that
rare duplicate; the claim counts as an attempt, so a bericht that keeps killing its worker
ends as `mislukt` after BERICHTEN_MAX_POGINGEN.
"""

import logging
import random
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from berichten import kanalen
from berichten.models import Bericht, Bezorgstatus
from berichten.voorkeurskanaal import EMAIL, TELEFOONNUMMER, Bron, bepaal_voorkeurskanaal
from klantcontacten import services as klantcontact_services
from klantcontacten.models import Rol
from klantenregister.core.retry import doubling_delay, readable_error
from partijen.validators import validate_digitaal_adres

logger = logging.getLogger(__name__)


def _due(now) -> Q:
    return Q(publicatie_datum__isnull=True) | Q(publicatie_datum__lte=now)


def _queue(bericht_pk: int, countdown: float | None = None) -> None:
    """Ask a worker to deliver, after the current transaction commits."""

    def send():
        from berichten.tasks import bezorg_bericht

        try:
            bezorg_bericht.apply_async((bericht_pk,), countdown=countdown, retry=False)
        except Exception:
            # Committed as in_wachtrij: the beat sweep queues it when the broker is back.
            logger.warning("Could not queue delivery of bericht %s; the sweep will.", bericht_pk)

    transaction.on_commit(send)


def _record_event(bericht: Bericht, handeling: str) -> None:
    from klantenregister.events.services import record_object_event

    record_object_event(bericht, "update", handeling=handeling)


def _kies_kanaal(bericht: Bericht) -> None:
    """Decide the kanaal (processes.md §3) and record the decision on the bericht."""
    keuze = bepaal_voorkeurskanaal(bericht.partij, bericht.taak)
    bericht.kanaal = keuze.kanaal
    bericht.bezorgadres = keuze.adres
    bericht.bezorg_digitaal_adres = keuze.digitaal_adres
    bericht.kanaal_bron = keuze.bron
    backend = kanalen.backend_voor(keuze.kanaal)
    if backend is None:
        # No address, or no backend configured for the chosen kanaal: the bericht stays in
        # the portal inbox, and the admin shows why nothing was sent.
        bericht.bezorgstatus = Bezorgstatus.GEEN_KANAAL
        bericht.laatste_bezorgfout = (
            "Geen bruikbaar adres: het bericht staat alleen in het portaal."
            if keuze.bron == Bron.GEEN_ADRES
            else f"Geen backend geconfigureerd voor kanaal {keuze.kanaal}; "
            "het bericht staat alleen in het portaal."
        )
    else:
        bericht.bezorgstatus = Bezorgstatus.IN_WACHTRIJ
        bericht.laatste_bezorgfout = ""
    bericht.bezorgpogingen = 0
    bericht.volgende_bezorgpoging_op = None
    bericht.bezorging_geclaimd_tot = None


BEZORG_FIELDS = (
    "kanaal",
    "bezorgadres",
    "bezorg_digitaal_adres",
    "kanaal_bron",
    "bezorgstatus",
    "laatste_bezorgfout",
    "bezorgpogingen",
    "volgende_bezorgpoging_op",
    "bezorging_geclaimd_tot",
    "verzonden_op",
)


def _bewaar_in_dezelfde_wijziging(bericht: Bericht) -> None:
    """Store the delivery fields as part of the write that is already being made (the create
    or update whose event we listen to): that write has its own history row, and one write
    stays one row in the history."""
    Bericht.objects.filter(pk=bericht.pk).update(
        **{field: getattr(bericht, field) for field in BEZORG_FIELDS}
    )


def _publiceer(bericht: Bericht, *, eigen_wijziging: bool = True) -> None:
    """Decide the kanaal and queue the delivery. `eigen_wijziging`: this is a change of its
    own (beat, the admin action), saved with a history row; otherwise it is part of the
    API/admin write that triggered it."""
    _kies_kanaal(bericht)
    if eigen_wijziging:
        bericht.save()
    else:
        _bewaar_in_dezelfde_wijziging(bericht)
    if bericht.bezorgstatus == Bezorgstatus.IN_WACHTRIJ:
        _queue(bericht.pk)


def na_aanmaken(bericht: Bericht) -> None:
    """Called by the create service, inside its transaction, after the bericht is saved."""
    if bericht.verzonden_op is not None:
        # The sender (output management) delivered it itself and registers the copy here.
        bericht.bezorgstatus = Bezorgstatus.VERZONDEN
        bericht.kanaal_bron = Bron.AFZENDER
        _bewaar_in_dezelfde_wijziging(bericht)
        return
    if bericht.publicatie_datum is None or bericht.publicatie_datum <= timezone.now():
        _publiceer(bericht, eigen_wijziging=False)
    # else: stays `gepland` (the default) until beat publishes it.


def na_wijzigen(bericht: Bericht) -> None:
    """Called by the update service, inside its transaction: a geplande bericht whose
    publicatieDatum moved to now or earlier is published at once, not at the next sweep."""
    if bericht.bezorgstatus == Bezorgstatus.GEPLAND and (
        bericht.publicatie_datum is None or bericht.publicatie_datum <= timezone.now()
    ):
        _publiceer(bericht, eigen_wijziging=False)


def publiceer_due_berichten(now=None, limit: int = 500) -> dict:
    """Publish the geplande berichten whose publicatieDatum passed, each in its own transaction
    under a row lock (SKIP LOCKED, as several beat runs or workers may overlap); and queue again
    the deliveries that are due but have no claim (lost wake-up, dead worker, retry time)."""
    now = now or timezone.now()
    gepubliceerd = 0
    due = Bericht.objects.filter(_due(now), bezorgstatus=Bezorgstatus.GEPLAND)
    for pk in list(due.values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            bericht = (
                Bericht.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("partij", "taak")
                .filter(_due(now), pk=pk, bezorgstatus=Bezorgstatus.GEPLAND)
                .first()
            )
            if bericht is None:
                continue
            _publiceer(bericht)
            # A portal may now show it: tell subscribers (the create event came earlier).
            _record_event(bericht, "bericht.gepubliceerd")
            gepubliceerd += 1
    opnieuw = 0
    wachtend = Bericht.objects.filter(
        _due(now),
        Q(volgende_bezorgpoging_op__isnull=True) | Q(volgende_bezorgpoging_op__lte=now),
        Q(bezorging_geclaimd_tot__isnull=True) | Q(bezorging_geclaimd_tot__lt=now),
        bezorgstatus=Bezorgstatus.IN_WACHTRIJ,
    )
    for pk in list(wachtend.values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            _queue(pk)
        opnieuw += 1
    return {"gepubliceerd": gepubliceerd, "opnieuw_in_wachtrij": opnieuw}


def backoff_seconds(pogingen: int) -> float:
    """Doubling from BERICHTEN_RETRY_BASE_SECONDS up to the maximum, half of it random."""
    delay = doubling_delay(
        pogingen, settings.BERICHTEN_RETRY_BASE_SECONDS, settings.BERICHTEN_RETRY_MAX_SECONDS
    )
    return delay / 2 + random.uniform(0, delay / 2)


def _claim(pk: int) -> Bericht | None:
    now = timezone.now()
    with transaction.atomic():
        bericht = (
            Bericht.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("partij")
            .filter(
                _due(now),
                Q(bezorging_geclaimd_tot__isnull=True) | Q(bezorging_geclaimd_tot__lt=now),
                Q(volgende_bezorgpoging_op__isnull=True) | Q(volgende_bezorgpoging_op__lte=now),
                pk=pk,
                bezorgstatus=Bezorgstatus.IN_WACHTRIJ,
            )
            .first()
        )
        if bericht is None:
            return None
        bericht.bezorgpogingen += 1
        bericht.bezorging_geclaimd_tot = now + timedelta(seconds=settings.BERICHTEN_LEASE_SECONDS)
        # Bookkeeping, not a change of the bericht: no history row per attempt.
        Bericht.objects.filter(pk=pk).update(
            bezorgpogingen=bericht.bezorgpogingen,
            bezorging_geclaimd_tot=bericht.bezorging_geclaimd_tot,
        )
    return bericht


def bezorg(pk: int) -> str | None:
    """One delivery attempt for bericht `pk`; returns its bezorgstatus afterwards, or None when
    there was nothing to do (already sent, claimed by another worker, not due, deleted)."""
    bericht = _claim(pk)
    if bericht is None:
        return None
    backend = kanalen.backend_voor(bericht.kanaal)
    fout: kanalen.Bezorgfout | None = None
    if backend is None:
        fout = kanalen.PermanenteFout(f"Geen backend meer geconfigureerd voor {bericht.kanaal}.")
    elif not _past_bij_kanaal(bericht.kanaal, bericht.bezorgadres):
        # `kanaal` was changed through the API after the decision: do not send an e-mail
        # address to the sms gateway. "Opnieuw versturen" decides again.
        fout = kanalen.PermanenteFout(
            f"Het adres past niet bij kanaal {bericht.kanaal}; kies het kanaal opnieuw."
        )
    else:
        try:
            backend.verstuur(bericht, bericht.bezorgadres)
        except kanalen.Bezorgfout as exc:
            fout = exc
        except Exception as exc:  # a backend's own bug or an unexpected library error
            logger.exception("Delivery of bericht %s raised", bericht.uuid)
            fout = kanalen.TijdelijkeFout(f"{type(exc).__name__}: {exc}")
    return _record_outcome(pk, fout)


def _past_bij_kanaal(kanaal: str, adres: str) -> bool:
    if kanaal not in (EMAIL, TELEFOONNUMMER):
        return True
    try:
        validate_digitaal_adres(kanaal, adres)
    except ValidationError:
        return False
    return True


def _record_outcome(pk: int, fout: kanalen.Bezorgfout | None) -> str | None:
    now = timezone.now()
    with transaction.atomic():
        bericht = (
            Bericht.objects.select_for_update(of=("self",))
            .filter(pk=pk, bezorgstatus=Bezorgstatus.IN_WACHTRIJ)
            .first()
        )
        if bericht is None:  # deleted meanwhile, or re-queued by hand
            return None
        bericht.bezorging_geclaimd_tot = None
        if fout is None:
            bericht.bezorgstatus = Bezorgstatus.VERZONDEN
            bericht.verzonden_op = now
            bericht.laatste_bezorgfout = ""
            bericht.volgende_bezorgpoging_op = None
            if settings.BERICHTEN_KLANTCONTACT_REGISTREREN and bericht.klantcontact_id is None:
                bericht.klantcontact = _registreer_klantcontact(bericht)
            bericht.save()
            _record_event(bericht, "bericht.verzonden")
            return bericht.bezorgstatus
        bericht.laatste_bezorgfout = readable_error(str(fout))
        if not fout.tijdelijk or bericht.bezorgpogingen >= settings.BERICHTEN_MAX_POGINGEN:
            bericht.bezorgstatus = Bezorgstatus.MISLUKT
            bericht.volgende_bezorgpoging_op = None
            bericht.save()
            _record_event(bericht, "bericht.mislukt")
            logger.warning(
                "Bericht %s over %s failed after %s attempt(s): %s",
                bericht.uuid,
                bericht.kanaal,
                bericht.bezorgpogingen,
                bericht.laatste_bezorgfout,
            )
            return bericht.bezorgstatus
        wacht = backoff_seconds(bericht.bezorgpogingen)
        bericht.volgende_bezorgpoging_op = now + timedelta(seconds=wacht)
        Bericht.objects.filter(pk=pk).update(
            bezorging_geclaimd_tot=None,
            laatste_bezorgfout=bericht.laatste_bezorgfout,
            volgende_bezorgpoging_op=bericht.volgende_bezorgpoging_op,
        )
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            # Eagerly this would retry at once, inside the caller; the beat sweep retries then.
            _queue(pk, countdown=wacht)
        return bericht.bezorgstatus


def _registreer_klantcontact(bericht: Bericht):
    """The sent bericht as an outbound klantcontact (spec berichten §2.4): kanaal = the
    channel used, the partij as betrokkene (rol klant, not the initiator: the gemeente is).
    The content stays on the bericht; the klantcontact names it. Inside a savepoint: should
    it be refused, the delivery is still recorded (the message did go out) and the reason is
    logged, instead of rolling back to a state that would send it again."""
    data = {
        "kanaal": bericht.kanaal,
        "onderwerp": (bericht.onderwerp or bericht.bericht_type or "Bericht")[:200],
        "inhoud": f"Bericht {bericht.uuid} verzonden via {bericht.kanaal}.",
        "indicatie_contact_gelukt": True,
        "taal": (bericht.partij.voorkeurstaal if bericht.partij else "") or "nld",
        "vertrouwelijk": False,
        "plaatsgevonden_op": bericht.verzonden_op,
    }
    betrokkene = (
        {"partij": bericht.partij, "rol": Rol.KLANT, "initiator": False}
        if bericht.partij is not None
        else None
    )
    try:
        with transaction.atomic():
            return klantcontact_services.maak_klantcontact(data, betrokkene).klantcontact
    except Exception:
        logger.exception("Bericht %s: klantcontact not registered", bericht.uuid)
        return None


@transaction.atomic
def opnieuw_versturen(bericht: Bericht) -> Bericht:
    """Send a published bericht again (admin "Opnieuw versturen"): the kanaal is decided anew,
    so a partij that got an address since is reached; the attempts start again from zero.
    A bericht that is still gepland or already in the queue is left as it is."""
    bericht = (
        Bericht.objects.select_for_update(of=("self",))
        .select_related("partij", "taak")
        .get(pk=bericht.pk)
    )
    if bericht.bezorgstatus in (Bezorgstatus.GEPLAND, Bezorgstatus.IN_WACHTRIJ):
        return bericht
    bericht.verzonden_op = None
    _publiceer(bericht)
    return bericht
