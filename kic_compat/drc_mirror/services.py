"""Delivering kic-001 jobs to the DRC (spec §6.3), retries, and the staff actions.

Workers (kic_compat.tasks) call `deliver_due`: it claims due jobs with row locks and a lease
(so no two workers send the same job, and a dead worker's claim runs out), skips a job while
an earlier one of the same pair is still pending (commit order per pair), and runs the create
or delete algorithm of §6.3 for each. Every attempt is stored with the calls it made.

Delivery is at least once, made harmless: a create always looks the pair up in the DRC before
it POSTs and takes the DRC's `unique` as "already there", so a retry after a crash or a
timeout never makes a second relation.
"""

import contextvars
import logging
import random
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from kic_compat.drc_mirror import drc
from kic_compat.drc_mirror.models import DrcMirrorAttempt, DrcMirrorJob, pair_key
from kic_compat.models import MirrorState, VerzoekInformatieObject
from klantenregister.core.models import ExterneDienst
from klantenregister.core.retry import doubling_delay, readable_error

logger = logging.getLogger(__name__)

# A DRC that answers `unique` and then still shows no relation in the lookup is not believed
# forever within one attempt.
MAX_UNIQUE_ROUNDS = 3
# A Retry-After beyond this is not believed (the backoff's own maximum still applies).
MAX_RETRY_AFTER = 6 * 3600

Status = DrcMirrorJob.Status
RETRY = "retry"
_batch_diensten: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "kic001_diensten", default=None
)


@dataclass
class Result:
    uitkomst: str  # done, skipped, failed, or retry
    error: str = ""
    status_code: int | None = None
    oio_url: str = ""
    retry_after: float | None = None


def backoff_seconds(attempts: int) -> float:
    """Wait after the `attempts`-th failed attempt: base doubling up to the maximum (spec §6.3:
    1 minute to 6 hours), plus up to 10 % so that retries after an outage spread out."""
    delay = doubling_delay(
        attempts,
        settings.KIC_DRC_MIRROR_RETRY_BASE_SECONDS,
        settings.KIC_DRC_MIRROR_RETRY_MAX_SECONDS,
    )
    return delay + random.uniform(0, delay / 10)


# --- Claiming ----------------------------------------------------------------------------------


def _waiting() -> QuerySet:
    """Pending jobs with no earlier pending job of the same pair (those go first)."""
    earlier = DrcMirrorJob.objects.filter(
        status=Status.PENDING, pair_key=OuterRef("pair_key"), id__lt=OuterRef("id")
    )
    return DrcMirrorJob.objects.filter(status=Status.PENDING).exclude(Exists(earlier))


def _claim(limit: int) -> list[DrcMirrorJob]:
    now = timezone.now()
    with transaction.atomic():
        claimed = list(
            _waiting()
            .filter(next_attempt_at__lte=now)
            .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
            .order_by("id")
            .select_for_update(skip_locked=True)[:limit]
        )
        if claimed:
            lease = now + timedelta(seconds=settings.KIC_DRC_MIRROR_LEASE_SECONDS)
            DrcMirrorJob.objects.filter(pk__in=[job.pk for job in claimed]).update(
                locked_until=lease
            )
            for job in claimed:
                job.locked_until = lease
    return claimed


def _renew_lease(job: DrcMirrorJob) -> bool:
    """Extend our claim right before working on the job; False when it is no longer ours.

    A batch is claimed at once and worked through one by one; while more than half the lease
    is left the claim is still ours (no one else takes a job before it runs out), so the
    UPDATE is saved.
    """
    left = (job.locked_until - timezone.now()).total_seconds()
    if left > settings.KIC_DRC_MIRROR_LEASE_SECONDS / 2:
        return True
    renewed = timezone.now() + timedelta(seconds=settings.KIC_DRC_MIRROR_LEASE_SECONDS)
    ours = DrcMirrorJob.objects.filter(
        pk=job.pk, status=Status.PENDING, locked_until=job.locked_until
    ).update(locked_until=renewed)
    job.locked_until = renewed
    return ours == 1


def deliver_due(limit: int | None = None) -> int:
    """Claim and attempt up to `limit` due jobs; returns how many were attempted."""
    attempted = 0
    batch = _claim(limit or settings.KIC_DRC_MIRROR_BATCH_SIZE)
    if not batch:
        return 0
    token = _batch_diensten.set(list(ExterneDienst.objects.filter(actief=True)))
    try:
        for job in batch:
            if not _renew_lease(job):
                continue
            attempted += 1
            attempt(job)
    finally:
        _batch_diensten.reset(token)
    return attempted


def seconds_until_next_due() -> float | None:
    due_at = Greatest("next_attempt_at", Coalesce("locked_until", "next_attempt_at"))
    upcoming = (
        _waiting().annotate(due_at=due_at).order_by("due_at").values_list("due_at", flat=True)
    ).first()
    if upcoming is None:
        return None
    return max((upcoming - timezone.now()).total_seconds(), 0.0)


# --- One attempt -------------------------------------------------------------------------------


def attempt(job: DrcMirrorJob) -> Result:
    """Run the job's algorithm once and store the outcome; never raises."""
    calls: list[str] = []
    try:
        if job.actie == DrcMirrorJob.Actie.CREATE:
            result = _create(job, calls)
        else:
            result = _delete(job, calls)
    except Exception as exc:  # a bug or a database hiccup is a failed attempt of this job only
        logger.exception("kic-001 job %s could not be attempted", job.pk)
        result = Result(RETRY, f"Interne fout: {exc!r}")
    _record(job, result, calls)
    return result


def _dienst(job: DrcMirrorJob) -> ExterneDienst | None:
    # The configured services, read once per batch (deliver_due) rather than once per job.
    diensten = _batch_diensten.get()
    if diensten is None:
        return ExterneDienst.voor_url(job.informatieobject)
    return _dienst_for(job.informatieobject, diensten)


def _no_dienst(job: DrcMirrorJob) -> Result:
    return Result(
        Status.FAILED,
        f"Geen DRC geconfigureerd voor {job.informatieobject}: voeg een externe dienst toe "
        "waarvan de API-root met die URL begint (of zet KIC_DRC_URL), dan 'Nu opnieuw'.",
    )


def _log(calls: list[str], answer: drc.Answer) -> drc.Answer:
    calls.append(answer.describe())
    return answer


def _give_up_or_retry(answer: drc.Answer, what: str) -> Result:
    """The shared part of §6.3: 5xx/429/timeout retry, 401/403 (and the rest) fail."""
    if answer.transient:
        reason = answer.error or f"status {answer.status}"
        return Result(
            RETRY,
            f"{what}: {reason}; volgende poging later.",
            answer.status,
            retry_after=answer.retry_after,
        )
    if answer.unauthorized:
        return Result(
            Status.FAILED,
            f"{what}: de DRC weigert ons ({answer.status}); controleer client-id, secret en "
            f"de rechten van de externe dienst. {answer.text}",
            answer.status,
        )
    return Result(
        Status.FAILED, f"{what}: onverwacht antwoord {answer.status}. {answer.text}", answer.status
    )


def _create(job: DrcMirrorJob, calls: list[str]) -> Result:
    vio = (
        VerzoekInformatieObject.objects.filter(uuid=job.verzoekinformatieobject_uuid)
        .values("informatieobject", "verzoek__uuid")
        .first()
    )
    if vio is None:
        return Result(Status.SKIPPED, "De relatie is inmiddels verwijderd.")
    if (vio["verzoek__uuid"], vio["informatieobject"]) != (job.verzoek_uuid, job.informatieobject):
        return Result(Status.SKIPPED, "De relatie wijst inmiddels naar een ander paar.")
    dienst = _dienst(job)
    if dienst is None:
        return _no_dienst(job)
    for _ in range(MAX_UNIQUE_ROUNDS):
        found = _log(calls, drc.lookup(dienst, job.verzoek_url, job.informatieobject))
        if found.status != 200:
            return _give_up_or_retry(found, "Opzoeken in de DRC")
        relation = drc.matching_relation(found, job.verzoek_url, job.informatieobject)
        if relation:
            return Result(Status.DONE, status_code=200, oio_url=relation["url"])
        made = _log(calls, drc.create(dienst, job.verzoek_url, job.informatieobject))
        if made.status == 201 and isinstance(made.body, dict) and made.body.get("url"):
            return Result(Status.DONE, status_code=201, oio_url=made.body["url"])
        if made.status == 400:
            codes = made.invalid_codes()
            if "unique" in codes:
                continue  # someone (or an earlier attempt of ours) made it: look it up
            if "inconsistent-relation" in codes:
                return Result(
                    RETRY,
                    "De DRC vond de relatie (nog) niet bij ons (inconsistent-relation); "
                    f"volgende poging later. {made.text}",
                    400,
                )
            return Result(Status.FAILED, f"De DRC weigert de relatie (400): {made.text}", 400)
        return _give_up_or_retry(made, "Aanmaken in de DRC")
    return Result(
        RETRY, "De DRC meldt 'unique', maar het opzoeken vindt de relatie niet; later opnieuw.", 400
    )


def _delete(job: DrcMirrorJob, calls: list[str]) -> Result:
    if VerzoekInformatieObject.objects.filter(
        verzoek__uuid=job.verzoek_uuid, informatieobject=job.informatieobject
    ).exists():
        return Result(Status.SKIPPED, "Het paar bestaat weer bij ons; de relatie blijft.")
    dienst = _dienst(job)
    if dienst is None:
        return _no_dienst(job)
    oio_url = job.drc_oio_url
    if not oio_url:
        found = _log(calls, drc.lookup(dienst, job.verzoek_url, job.informatieobject))
        if found.status != 200:
            return _give_up_or_retry(found, "Opzoeken in de DRC")
        relation = drc.matching_relation(found, job.verzoek_url, job.informatieobject)
        if relation is None:
            return Result(Status.DONE, "De DRC had de relatie niet (meer).", 200)
        oio_url = relation["url"]
    gone = _log(calls, drc.delete(dienst, oio_url))
    if gone.status in (204, 404):
        return Result(Status.DONE, status_code=gone.status, oio_url=oio_url)
    if gone.status == 400 and "remote-relation-exists" in gone.invalid_codes():
        return Result(
            RETRY,
            "De DRC ziet de relatie nog bij ons (remote-relation-exists); volgende poging later.",
            400,
            oio_url,
        )
    return _give_up_or_retry(gone, "Verwijderen uit de DRC")


def _record(job: DrcMirrorJob, result: Result, calls: list[str]) -> None:
    now = timezone.now()
    attempts = job.attempts + 1
    uitkomst = result.uitkomst
    error = result.error
    if uitkomst == RETRY and attempts >= settings.KIC_DRC_MIRROR_MAX_ATTEMPTS:
        uitkomst = Status.FAILED
        error = f"Opgegeven na {attempts} pogingen. Laatste fout: {error}"
        logger.warning("kic-001 job %s failed after %s attempts: %s", job.pk, attempts, error)
    changes = {
        "attempts": attempts,
        "last_attempt_at": now,
        "locked_until": None,
        "last_error": readable_error(error) if uitkomst != Status.DONE else "",
    }
    if result.oio_url:
        changes["drc_oio_url"] = result.oio_url
    if uitkomst == RETRY:
        # A DRC that says how long to wait (429/503 Retry-After) is not asked sooner.
        wait = max(backoff_seconds(attempts), min(result.retry_after or 0, MAX_RETRY_AFTER))
        changes["next_attempt_at"] = now + timedelta(seconds=wait)
    else:
        changes.update(status=uitkomst, afgerond_op=now)
    with transaction.atomic():
        # Only while still pending and ours: staff may have acted on it since.
        updated = DrcMirrorJob.objects.filter(pk=job.pk, status=Status.PENDING).update(**changes)
        if not updated:
            return
        DrcMirrorAttempt.objects.create(
            job=job,
            tijdstip=now,
            uitkomst=uitkomst,
            status_code=result.status_code,
            verloop="\n".join(calls) + (f"\n{error}" if error else "") or "(geen aanroepen)",
        )
        if job.actie == DrcMirrorJob.Actie.CREATE and uitkomst != Status.SKIPPED:
            _update_relation_state(job, uitkomst, attempts, changes["last_error"], result, now)
    for name, value in changes.items():
        setattr(job, name, value)


def _update_relation_state(job, uitkomst, attempts, error, result, now) -> None:
    """Mirror the job's state onto its VerzoekInformatieObject (if it is still that pair)."""
    state = {
        Status.DONE: MirrorState.DONE,
        Status.FAILED: MirrorState.FAILED,
        RETRY: MirrorState.PENDING,
    }[uitkomst]
    changes = {
        "mirror_state": state,
        "mirror_attempts": attempts,
        "mirror_last_error": error,
        "mirror_updated_at": now,
    }
    if result.oio_url:
        changes["drc_oio_url"] = result.oio_url
    VerzoekInformatieObject.objects.filter(
        uuid=job.verzoekinformatieobject_uuid,
        verzoek__uuid=job.verzoek_uuid,
        informatieobject=job.informatieobject,
    ).update(**changes)


# --- Staff actions -----------------------------------------------------------------------------


@transaction.atomic
def retry_jobs(jobs: QuerySet) -> int:
    """ "Nu opnieuw": failed jobs get a new series of attempts, waiting ones become due now.
    Returns how many were put (back) in the queue; jobs a worker holds right now stay as they
    are."""
    from kic_compat.drc_mirror.signals import wake_after_commit

    now = timezone.now()
    failed = list(jobs.filter(status=Status.FAILED).values_list("pk", flat=True))
    restarted = DrcMirrorJob.objects.filter(pk__in=failed).update(
        status=Status.PENDING, attempts=0, next_attempt_at=now, locked_until=None, afgerond_op=None
    )
    hurried = (
        jobs.filter(status=Status.PENDING, next_attempt_at__gt=now)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .update(next_attempt_at=now)
    )
    creates = DrcMirrorJob.objects.filter(pk__in=failed, actie=DrcMirrorJob.Actie.CREATE)
    for job in creates.only("verzoekinformatieobject_uuid", "verzoek_uuid", "informatieobject"):
        VerzoekInformatieObject.objects.filter(
            uuid=job.verzoekinformatieobject_uuid,
            verzoek__uuid=job.verzoek_uuid,
            informatieobject=job.informatieobject,
        ).update(mirror_state=MirrorState.PENDING, mirror_attempts=0, mirror_updated_at=now)
    if restarted or hurried:
        wake_after_commit()
    return restarted + hurried


@transaction.atomic
def retry_relations(relations: QuerySet) -> int:
    """ "Nu opnieuw" on verzoek-informatieobjecten: their latest create job again now, or a new
    one when none is waiting or failed (for a relation that is not done, or whose DRC copy
    staff removed by hand)."""
    from kic_compat.drc_mirror.signals import record_create

    total = 0
    for vio in relations.select_related("verzoek"):
        latest = (
            DrcMirrorJob.objects.filter(
                actie=DrcMirrorJob.Actie.CREATE,
                verzoekinformatieobject_uuid=vio.uuid,
                status__in=[Status.PENDING, Status.FAILED],
            )
            .order_by("-id")
            .first()
        )
        if latest is not None:
            total += retry_jobs(DrcMirrorJob.objects.filter(pk=latest.pk))
        else:
            record_create(vio, force=True)
            total += 1
        VerzoekInformatieObject.objects.filter(pk=vio.pk).update(
            mirror_state=MirrorState.PENDING, mirror_updated_at=timezone.now()
        )
    return total


# --- Reconcile ---------------------------------------------------------------------------------


@dataclass
class ReconcileReport:
    dry_run: bool
    relations: int = 0  # verzoek-informatieobjecten of ours
    remote: int = 0  # the DRC's objectType=verzoek relations to our verzoeken
    in_sync: int = 0
    state_fixed: int = 0  # present in the DRC, but not marked done here
    missing: int = 0  # creates enqueued (or, dry run, that would be)
    orphans: int = 0  # deletes enqueued
    already_queued: int = 0  # differences a pending job is already on
    without_drc: int = 0  # relations whose informatieobject no configured DRC serves
    errors: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        would = "zou " if self.dry_run else ""
        return [
            f"Relaties hier: {self.relations}; in de DRC (naar onze verzoeken): {self.remote}",
            f"In orde: {self.in_sync} (waarvan status bijgewerkt: {self.state_fixed})",
            f"Ontbrak in de DRC, {would}aanmaken ingepland: {self.missing}",
            f"Wees in de DRC, {would}verwijderen ingepland: {self.orphans}",
            f"Al onderweg (wachtende opdracht): {self.already_queued}",
            f"Zonder geconfigureerde DRC: {self.without_drc}",
            *(f"Fout: {error}" for error in self.errors),
        ]


_VERZOEK_UUID = re.compile(r"/verzoeken/([0-9a-fA-F-]{36})/?$")


def _dienst_for(url: str, diensten: list[ExterneDienst]) -> ExterneDienst | None:
    matches = [d for d in diensten if url.startswith(d.api_root)]
    return max(matches, key=lambda d: len(d.api_root), default=None)


def _remote_relations(dienst, report: ReconcileReport, progress) -> list[dict] | None:
    """All of the DRC's relations (a plain array, or pages when it paginates); None when the
    DRC could not be read (then nothing is compared with it)."""
    relations: list[dict] = []
    answer = drc.list_verzoek_relations(dienst)
    while True:
        if answer.status != 200:
            report.errors.append(f"{dienst.naam}: {answer.describe()}")
            return None
        body = answer.body
        page = body.get("results", []) if isinstance(body, dict) else body or []
        relations.extend(
            r for r in progress(page, f"in de DRC ({dienst.naam})") if isinstance(r, dict)
        )
        next_url = body.get("next") if isinstance(body, dict) else None
        if not next_url:
            return relations
        answer = drc.list_verzoek_relations(dienst, next_url)


def reconcile(*, dry_run: bool = False, progress=None) -> ReconcileReport:
    """Compare our verzoek-informatieobjecten with the DRC's objectType=verzoek relations to our
    verzoeken; enqueue a create for each one missing there and a delete for each orphan there.

    Differences a pending job already handles are left to it. With `dry_run`, nothing changes.
    `progress(iterable, label, total=None)` wraps the loops (a progress bar in the command).
    """
    from kic_compat.drc_mirror import signals

    progress = progress or (lambda iterable, label, total=None: iterable)
    report = ReconcileReport(dry_run=dry_run)
    diensten = list(ExterneDienst.objects.filter(actief=True))
    ours: dict[ExterneDienst, dict[tuple[str, str], VerzoekInformatieObject]] = {}
    relations = VerzoekInformatieObject.objects.select_related("verzoek").order_by("pk")
    report.relations = relations.count()
    rows = relations.iterator(chunk_size=500)
    for vio in progress(rows, "relaties hier", total=report.relations):
        dienst = _dienst_for(vio.informatieobject, diensten)
        if dienst is None:
            report.without_drc += 1
            continue
        key = (signals.verzoek_url(vio.verzoek.uuid), vio.informatieobject)
        ours.setdefault(dienst, {})[key] = vio
    # Every DRC that serves a relation of ours, and one configured without relations yet.
    env_root = settings.KIC_DRC_URL.rstrip("/")
    for dienst in diensten:
        if env_root and dienst.api_root.rstrip("/") == env_root:
            ours.setdefault(dienst, {})
    pending = set(
        DrcMirrorJob.objects.filter(status=Status.PENDING).values_list("actie", "pair_key")
    )
    for dienst, here in ours.items():
        listed = _remote_relations(dienst, report, progress)
        if listed is None:
            continue
        remote: dict[tuple[str, str], dict] = {}
        for relation in listed:
            if relation.get("objectType") != "verzoek":
                continue
            match = _VERZOEK_UUID.search(relation.get("object") or "")
            if not match or signals.verzoek_url(match[1]) != relation["object"]:
                continue  # a verzoek of another register
            remote[(relation["object"], relation.get("informatieobject") or "")] = relation
        report.remote += len(remote)
        with transaction.atomic():
            for key, vio in here.items():
                relation = remote.get(key)
                if relation is not None:
                    report.in_sync += 1
                    stale = (
                        vio.mirror_state != MirrorState.DONE or vio.drc_oio_url != relation["url"]
                    )
                    if stale and not dry_run:
                        VerzoekInformatieObject.objects.filter(pk=vio.pk).update(
                            mirror_state=MirrorState.DONE,
                            drc_oio_url=relation["url"],
                            mirror_last_error="",
                            mirror_updated_at=timezone.now(),
                        )
                    report.state_fixed += stale
                elif ("create", pair_key(vio.verzoek.uuid, vio.informatieobject)) in pending:
                    report.already_queued += 1
                else:
                    report.missing += 1
                    if not dry_run:
                        signals.record_create(vio, force=True)
                        VerzoekInformatieObject.objects.filter(pk=vio.pk).update(
                            mirror_state=MirrorState.PENDING, mirror_updated_at=timezone.now()
                        )
            for key, relation in remote.items():
                if key in here:
                    continue
                verzoek_uuid = _VERZOEK_UUID.search(key[0])[1]
                if ("delete", pair_key(verzoek_uuid, key[1])) in pending:
                    report.already_queued += 1
                    continue
                report.orphans += 1
                if not dry_run:
                    signals.record_orphan(verzoek_uuid, key[1], relation["url"])
    return report
