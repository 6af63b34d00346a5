"""Read querysets for berichten, with what the API and admin render in a fixed number of
queries whatever the page size."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from .models import Bericht, BerichtBijlage


def berichten() -> QuerySet[Bericht]:
    return Bericht.objects.select_related("partij", "taak", "klantcontact").prefetch_related(
        Prefetch("bijlagen", queryset=BerichtBijlage.objects.order_by("volgorde"))
    )


def zichtbaar(queryset: QuerySet[Bericht], now=None) -> QuerySet[Bericht]:
    """Berichten the klant may see: no publicatieDatum, or one that has passed."""
    now = now or timezone.now()
    return queryset.filter(Q(publicatie_datum__isnull=True) | Q(publicatie_datum__lte=now))


def gepland(queryset: QuerySet[Bericht], now=None) -> QuerySet[Bericht]:
    """Berichten scheduled for a publicatieDatum still to come."""
    return queryset.filter(publicatie_datum__gt=now or timezone.now())


def berichten_van_partij(partij) -> QuerySet[Bericht]:
    return Bericht.objects.filter(partij=partij)
