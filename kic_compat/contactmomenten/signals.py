"""Keep the copies on KlantcontactmomentExtensie (klantcontact, partij: the columns of cm-004's
unique constraint, spec §3) equal to their Betrokkene when a write elsewhere (v1, admin)
re-points it. One UPDATE per betrokkene save, none when nothing changed."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.signals import post_save

from kic_compat.models import KlantcontactmomentExtensie
from klantcontacten.models import Betrokkene


def _sync_copies(sender, instance: Betrokkene, raw=False, **kwargs) -> None:
    if raw:
        return
    rows = KlantcontactmomentExtensie.objects.filter(betrokkene_id=instance.pk)
    if instance.partij_id is None:
        # A betrokkene without partij is no klantcontactmoment (spec §5).
        rows.delete()
        return
    stale = rows.filter(
        ~Q(klantcontact_id=instance.klantcontact_id) | ~Q(partij_id=instance.partij_id)
    )
    try:
        with transaction.atomic():
            stale.update(klantcontact_id=instance.klantcontact_id, partij_id=instance.partij_id)
    except IntegrityError:
        # Re-pointed onto a (contactmoment, klant, rol) another klantcontactmoment holds: it
        # keeps no first-generation rol of its own and reads the derived one.
        stale.delete()


def connect() -> None:
    """Called from KicCompatConfig.ready()."""
    post_save.connect(_sync_copies, sender=Betrokkene, dispatch_uid="kic.sync_kcm_copies")
