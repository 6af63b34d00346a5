"""Read querysets of the first-generation contactmomenten resources: every row a list page
renders, in a fixed number of queries whatever the page size (spec §11 check 35)."""

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet

from kic_compat.contactmomenten import mapping
from kic_compat.models import OnderwerpobjectSoort
from klantcontacten.models import (
    ActorKlantcontact,
    Betrokkene,
    Klantcontact,
    Onderwerpobject,
    SoortActor,
)


def contactmomenten() -> QuerySet[Klantcontact]:
    """Every Klantcontact (spec §5), with what mapping.py reads prefetched under `kic_*`."""
    return Klantcontact.objects.select_related("kic_extensie").prefetch_related(
        Prefetch(
            "onderwerpobjecten",
            queryset=Onderwerpobject.objects.filter(was_klantcontact__isnull=False)
            .select_related("was_klantcontact", "kic_extensie")
            .order_by("pk"),
            to_attr="kic_vorige",
        ),
        Prefetch(
            "was_onderwerpobjecten",
            queryset=Onderwerpobject.objects.filter(klantcontact__isnull=False)
            .select_related("klantcontact", "kic_extensie")
            .order_by("pk"),
            to_attr="kic_volgende",
        ),
        Prefetch(
            "actorklantcontacten",
            queryset=ActorKlantcontact.objects.filter(actor__soort_actor=SoortActor.MEDEWERKER)
            .select_related("actor")
            .order_by("pk"),
            to_attr="kic_medewerkers",
        ),
        Prefetch(
            "betrokkenen",
            queryset=Betrokkene.objects.only("pk", "klantcontact_id", "initiator"),
            to_attr="kic_betrokkenen",
        ),
    )


def klantcontactmomenten() -> QuerySet[Betrokkene]:
    """Betrokkenen of a Partij (those without one are hidden, spec §5)."""
    return (
        Betrokkene.objects.filter(partij__isnull=False)
        .select_related("klantcontact", "partij", "kic_extensie")
        .order_by("-pk")
    )


def objectcontactmoment_condition() -> Q:
    """Onderwerpobjecten shown as objectcontactmomenten (spec §5): those a first-generation
    client made; with KIC_ZAAK_URL_TEMPLATE also zaak-identificatoren of a klantcontact."""
    shown = Q(kic_extensie__soort=OnderwerpobjectSoort.OBJECT)
    if settings.KIC_ZAAK_URL_TEMPLATE:
        codes = mapping.zaak_codes()
        shown |= Q(
            kic_extensie__isnull=True,
            was_klantcontact__isnull=True,
            **{f"onderwerpobjectidentificator_{key}": value for key, value in codes.items()},
        )
    return shown


def objectcontactmomenten() -> QuerySet[Onderwerpobject]:
    return (
        Onderwerpobject.objects.filter(klantcontact__isnull=False)
        .filter(objectcontactmoment_condition())
        .select_related("klantcontact", "kic_extensie")
        .order_by("-pk")
    )
