"""Reading the verwerkingenlogging."""

from django.apps import apps
from django.db.models import Q, QuerySet
from stdnum.nl import bsn as stdnum_bsn

from klantenregister.logging import mask_bsn
from klantenregister.verwerkingen.models import Verwerkingsactie


def verwerkingsacties() -> QuerySet[Verwerkingsactie]:
    return Verwerkingsactie.objects.select_related("api_client")


def verwerkingsacties_voor_partij(partij_uuid) -> QuerySet[Verwerkingsactie]:
    return verwerkingsacties().filter(partij_uuid=partij_uuid)


def bsn_condition(bsn: str) -> Q:
    """Rows about the partij that holds this BSN now, and every search on it (also those that
    found nothing, or found a partij that has since been deleted), matched by keyed hash."""
    # partijen sits above this app: its model is named by label, never imported.
    identificatoren = apps.get_model("partijen", "PartijIdentificator").objects.filter(
        partij_identificator_code_soort_object_id="bsn", partij_identificator_object_id=bsn
    )
    return Q(partij_uuid__in=identificatoren.values("partij__uuid")) | Q(zoekwaarde=mask_bsn(bsn))


def verwerkingsacties_voor_bsn(bsn: str) -> QuerySet[Verwerkingsactie]:
    if not stdnum_bsn.is_valid(bsn):
        raise ValueError("geen geldig BSN")  # the number itself stays out of the message
    return verwerkingsacties().filter(bsn_condition(bsn))
