"""Read querysets for first-generation klanten: partijen with everything mapping.klant_data
reads, in a fixed number of queries per page (the page, identificatoren, digitale adressen)."""

from django.db.models import Prefetch, QuerySet

from partijen.models import DigitaalAdres, Partij, PartijIdentificator


def klanten() -> QuerySet[Partij]:
    return Partij.objects.select_related(
        "persoon",
        "organisatie",
        "contactpersoon__werkte_voor_partij__organisatie",
        "kic_extensie",
    ).prefetch_related(
        Prefetch(
            "partij_identificatoren",
            queryset=PartijIdentificator.objects.order_by("pk"),
        ),
        Prefetch("digitale_adressen", queryset=DigitaalAdres.objects.order_by("pk")),
    )
