"""Read querysets for interne taken and klanttaken, with what the API and admin render in a
fixed number of queries whatever the page size."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from klantcontacten.models import Actor
from klantenregister.core import audit
from partijen.models import Partij, PartijIdentificator
from taken.models import IdentificatieType, InterneTaak, Taak, TaakBetrokkene, TaakStatus

PARTIJ_SOORT = {
    IdentificatieType.BSN: "bsn",
    IdentificatieType.KVK: "kvk_nummer",
}


def interne_taken() -> QuerySet[InterneTaak]:
    return InterneTaak.objects.select_related("klantcontact").prefetch_related(
        # In assignment order: the first is the deprecated toegewezenAanActor.
        Prefetch(
            "actoren",
            queryset=Actor.objects.order_by("taak_toewijzingen__pk").only("uuid"),
        )
    )


def taken() -> QuerySet[Taak]:
    return Taak.objects.select_related("partij", "klantcontact").prefetch_related(
        Prefetch("betrokkenen", queryset=TaakBetrokkene.objects.select_related("partij"))
    )


def taken_voor_identificatie(queryset: QuerySet[Taak], type_: str, value: str) -> QuerySet[Taak]:
    """The `bsn` / `kvk` shortcut (spec/taken.md §5): taken whose identificatie is
    (type, value), or with a betrokkene with that BSN, or linked (directly or through a
    betrokkene) to a partij carrying that identificator. Each branch is an index lookup; the
    union of their ids keeps the result distinct."""
    partijen = PartijIdentificator.objects.filter(
        partij_identificator_code_soort_object_id=PARTIJ_SOORT[type_],
        partij_identificator_object_id=value,
        partij__isnull=False,
    ).values("partij_id")
    branches = [
        Taak.objects.filter(identificatie_type=type_, identificatie_value=value).values("pk"),
        Taak.objects.filter(partij__in=partijen).values("pk"),
        TaakBetrokkene.objects.filter(partij__in=partijen).values("taak_id"),
    ]
    if type_ == IdentificatieType.BSN:
        branches.append(TaakBetrokkene.objects.filter(inp_bsn=value).values("taak_id"))
    # Without the models' default ordering, which would sort every branch for nothing.
    ids = branches[0].order_by().union(*(branch.order_by() for branch in branches[1:]))
    return queryset.filter(pk__in=ids)


def taken_van_partij(partij: Partij) -> QuerySet[Taak]:
    """The klanttaken of a partij: linked directly or through a betrokkene."""
    return Taak.objects.filter(
        Q(partij=partij) | Q(pk__in=TaakBetrokkene.objects.filter(partij=partij).values("taak_id"))
    )


def open_interne_taken_van_actor(actor: Actor) -> QuerySet[InterneTaak]:
    return InterneTaak.objects.filter(actoren=actor, status="te_verwerken")


# --- For the admin (appended by the taken admin) -----------------------------------------------


def achterstallig_q(now=None) -> Q:
    """Open taken past their vervaldatum or their verloopdatum (not yet closed by the
    deadline task), as a filter on Taak."""
    now = now or timezone.now()
    return Q(status=TaakStatus.OPEN) & (Q(vervaldatum__lt=now) | Q(verloopdatum__lte=now))


def tellingen_taken_van_partij(partij: Partij, now=None) -> dict[str, int]:
    """{"open": n, "achterstallig": m} for the klanttaken of a partij, in one query."""
    from django.db.models import Count

    return taken_van_partij(partij).aggregate(
        open=Count("pk", filter=Q(status=TaakStatus.OPEN)),
        achterstallig=Count("pk", filter=achterstallig_q(now)),
    )


GROUPS = ("actie", "identificatie", "betaling", "koppeling")


def _api_name(field_name: str) -> str:
    """`actie_type` → `actie.type`, `verzonden_data` → `verzondenData`."""
    for group in GROUPS:
        if field_name.startswith(f"{group}_"):
            field_name = f"{group}.{field_name[len(group) + 1 :]}"
            break
    first, *rest = field_name.split("_")
    return first + "".join(part.capitalize() for part in rest)


def taak_audittrail(taak: Taak) -> list[audit.AuditRegel]:
    """Every change of a klanttaak and its betrokkenen, oldest first, with the API's field
    names: who moved it from which status to which, and when. A fixed number of queries."""
    regels = audit.object_history(Taak, taak.pk, {TaakBetrokkene: ("taak",)})
    return [
        audit.AuditRegel(
            model=regel.model,
            history_id=regel.history_id,
            tijdstip=regel.tijdstip,
            actie=regel.actie,
            object_id=regel.object_id,
            uuid=regel.uuid,
            actor=regel.actor,
            wijzigingen=[
                audit.Wijziging(_api_name(w.veld), w.oud, w.nieuw) for w in regel.wijzigingen
            ],
        )
        for regel in regels
    ]
