"""Read querysets of the first-generation verzoeken resources: a list page renders in a
fixed number of queries whatever its size (spec §11 check 35)."""

from django.db.models import QuerySet

from kic_compat.models import (
    KlantVerzoek,
    ObjectVerzoek,
    Verzoek,
    VerzoekContactMoment,
    VerzoekInformatieObject,
    VerzoekProduct,
)


def verzoeken() -> QuerySet[Verzoek]:
    # Both sides of both one-to-ones, for the four verzoek URLs a verzoek shows.
    return Verzoek.objects.select_related(
        "in_te_trekken_verzoek",
        "aangevulde_verzoek",
        "intrekkende_verzoek",
        "aanvullende_verzoek",
    ).order_by("-pk")


def _links(model) -> QuerySet:
    return model.objects.select_related("verzoek").order_by("-pk")


def klantverzoeken() -> QuerySet[KlantVerzoek]:
    return _links(KlantVerzoek)


def verzoekcontactmomenten() -> QuerySet[VerzoekContactMoment]:
    return _links(VerzoekContactMoment)


def verzoekinformatieobjecten() -> QuerySet[VerzoekInformatieObject]:
    return _links(VerzoekInformatieObject)


def verzoekproducten() -> QuerySet[VerzoekProduct]:
    return _links(VerzoekProduct)


def objectverzoeken() -> QuerySet[ObjectVerzoek]:
    return _links(ObjectVerzoek)
