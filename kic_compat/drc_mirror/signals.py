"""Recording kic-001 jobs in the transaction of the change (spec §6.1).

The verzoeken services call `record_create` / `record_change` / `record_delete` for the
relation they write. The post_save / post_delete receivers below are the safety net for every
other path (admin saves and bulk deletes, a verzoek's cascade, imports, commands, the shell):
they record what the instance has not recorded yet, so a service's save is never recorded
twice. Each instance remembers the pair it was loaded with, so a changed pair (admin or
services only; the API treats both fields as immutable) becomes delete(old) + create(new).

A job recorded inside a transaction commits or rolls back with it; after the commit one
wake-up per transaction asks a worker to deliver. `QuerySet.update()` and raw SQL send no
signals and are not seen here; `manage.py kic_reconcile_drc` repairs what they leave behind.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save

from kic_compat.drc_mirror.models import DrcMirrorJob, pair_key
from kic_compat.models import MirrorState, Verzoek, VerzoekInformatieObject
from klantenregister.events.services import object_url

logger = logging.getLogger(__name__)

VERZOEK_VIEW = "kic:verzoek-detail"
_LOADED = "_kic001_pair"  # (verzoek_id, informatieobject) as loaded or last recorded
_RECORDED = "_kic001_recorded"  # what has been recorded for this instance's current state


def verzoek_url(verzoek_uuid) -> str:
    """The verzoek's URL as the DRC sees it (SITE_URL, else the request's host)."""
    return object_url(VERZOEK_VIEW, verzoek_uuid)


def _verzoek_uuid(vio: VerzoekInformatieObject, verzoek_id: int):
    if verzoek_id == vio.verzoek_id:
        return vio.verzoek.uuid  # cached when the row came with its verzoek
    return Verzoek.objects.values_list("uuid", flat=True).get(pk=verzoek_id)


def _job(vio_uuid, actie: str, verzoek_uuid, informatieobject: str, drc_oio_url: str = ""):
    job = DrcMirrorJob.objects.create(
        actie=actie,
        verzoekinformatieobject_uuid=vio_uuid,
        verzoek_uuid=verzoek_uuid,
        verzoek_url=verzoek_url(verzoek_uuid),
        informatieobject=informatieobject,
        pair_key=pair_key(verzoek_uuid, informatieobject),
        drc_oio_url=drc_oio_url,
    )
    wake_after_commit()
    return job


def _in_transaction(record):
    # Outside a transaction (a bare ORM call in autocommit) the row is already committed;
    # record at once rather than not at all, and say so.
    if transaction.get_connection().in_atomic_block:
        return record()
    logger.warning("kic-001 job recorded outside the change's transaction (autocommit)")
    with transaction.atomic():
        return record()


def record_create(vio: VerzoekInformatieObject, *, force: bool = False) -> DrcMirrorJob | None:
    """A new relation: one create job (unless this instance recorded it already)."""
    current = (vio.verzoek_id, vio.informatieobject)
    if not force and getattr(vio, _RECORDED, None) == ("create", current):
        return None
    job = _in_transaction(
        lambda: _job(vio.uuid, DrcMirrorJob.Actie.CREATE, vio.verzoek.uuid, vio.informatieobject)
    )
    setattr(vio, _LOADED, current)
    setattr(vio, _RECORDED, ("create", current))
    return job


def record_change(vio: VerzoekInformatieObject) -> list[DrcMirrorJob]:
    """The pair of an existing relation changed: delete the old one, create the new one."""
    old, current = getattr(vio, _LOADED, None), (vio.verzoek_id, vio.informatieobject)
    if old is None or old == current:
        return []
    oio_url = vio.drc_oio_url

    def _record():
        old_uuid = _verzoek_uuid(vio, old[0])
        jobs = [_job(vio.uuid, DrcMirrorJob.Actie.DELETE, old_uuid, old[1], drc_oio_url=oio_url)]
        jobs.append(
            _job(vio.uuid, DrcMirrorJob.Actie.CREATE, vio.verzoek.uuid, vio.informatieobject)
        )
        # The DRC copy of the old pair is not this pair's; the new pair starts over.
        VerzoekInformatieObject.objects.filter(pk=vio.pk).update(
            drc_oio_url="",
            mirror_state=MirrorState.PENDING,
            mirror_attempts=0,
            mirror_last_error="",
        )
        return jobs

    jobs = _in_transaction(_record)
    vio.drc_oio_url, vio.mirror_state, vio.mirror_attempts = "", MirrorState.PENDING, 0
    setattr(vio, _LOADED, current)
    setattr(vio, _RECORDED, ("create", current))
    return jobs


def record_delete(vio: VerzoekInformatieObject) -> DrcMirrorJob | None:
    """The relation is gone (call after the delete; the values are carried in the job)."""
    pair = getattr(vio, _LOADED, None) or (vio.verzoek_id, vio.informatieobject)
    if getattr(vio, _RECORDED, None) == ("delete", pair):
        return None

    def _record():
        verzoek_uuid = _verzoek_uuid(vio, pair[0])
        return _job(
            vio.uuid, DrcMirrorJob.Actie.DELETE, verzoek_uuid, pair[1], drc_oio_url=vio.drc_oio_url
        )

    job = _in_transaction(_record)
    setattr(vio, _RECORDED, ("delete", pair))
    return job


def record_orphan(verzoek_uuid, informatieobject: str, drc_oio_url: str) -> DrcMirrorJob:
    """A DRC relation to one of our verzoeken that has no relation here (found by reconcile)."""
    return _in_transaction(
        lambda: _job(
            None, DrcMirrorJob.Actie.DELETE, verzoek_uuid, informatieobject, drc_oio_url=drc_oio_url
        )
    )


def wake_after_commit() -> None:
    """Ask a worker to deliver once this transaction commits (once per transaction)."""
    connection = transaction.get_connection()
    if not any(entry[1] is _wake for entry in connection.run_on_commit):
        transaction.on_commit(_wake)


def _wake() -> None:
    from kic_compat.tasks import mirror_drc_relations

    try:
        # No publish retries: with the broker down, the write must not wait for it.
        mirror_drc_relations.apply_async(retry=False)
    except Exception:
        # The job is committed; the periodic sweep delivers it when the broker is back.
        logger.warning("Could not queue the DRC mirror; the periodic sweep will.", exc_info=True)


# --- The safety net ----------------------------------------------------------------------------


def _on_init(sender, instance, **kwargs) -> None:
    # Loaded from the database: remember its pair. Read from __dict__, so a row loaded with
    # .only()/.defer() costs no query here (and then has no remembered pair).
    loaded = instance.__dict__
    if instance.pk is not None and "verzoek_id" in loaded and "informatieobject" in loaded:
        setattr(instance, _LOADED, (loaded["verzoek_id"], loaded["informatieobject"]))


def _on_save(sender, instance, created, raw=False, **kwargs) -> None:
    if raw:  # loaddata: fixtures describe state, not changes
        return
    if created:
        record_create(instance)
    else:
        record_change(instance)


def _on_delete(sender, instance, **kwargs) -> None:
    record_delete(instance)


def connect() -> None:
    """Called from KicCompatConfig.ready()."""
    post_init.connect(_on_init, sender=VerzoekInformatieObject, dispatch_uid="kic001.init")
    post_save.connect(_on_save, sender=VerzoekInformatieObject, dispatch_uid="kic001.save")
    post_delete.connect(_on_delete, sender=VerzoekInformatieObject, dispatch_uid="kic001.delete")
