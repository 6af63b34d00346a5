"""Read querysets for the Partij family, with what the API and admin render."""

from django.apps import apps
from django.db.models import Prefetch, QuerySet

from partijen.models import (
    Categorie,
    CategorieRelatie,
    DigitaalAdres,
    Partij,
    PartijIdentificator,
    Rekeningnummer,
    Vertegenwoordigden,
)


def partij_identificatoren() -> QuerySet[PartijIdentificator]:
    return PartijIdentificator.objects.select_related("partij", "sub_identificator_van")


def digitale_adressen() -> QuerySet[DigitaalAdres]:
    # `betrokkene` (verstrektDoorBetrokkene) points up into klantcontacten, by name only.
    return DigitaalAdres.objects.select_related("partij", "betrokkene")


def rekeningnummers() -> QuerySet[Rekeningnummer]:
    return Rekeningnummer.objects.select_related("partij")


def categorieen() -> QuerySet[Categorie]:
    return Categorie.objects.all()


def categorie_relaties() -> QuerySet[CategorieRelatie]:
    return CategorieRelatie.objects.select_related("partij", "categorie")


def vertegenwoordigingen() -> QuerySet[Vertegenwoordigden]:
    return Vertegenwoordigden.objects.select_related(
        "vertegenwoordigende_partij", "vertegenwoordigde_partij"
    )


def partijen() -> QuerySet[Partij]:
    """Partijen with every relation the Partij representation shows, in a fixed number of
    queries whatever the page size."""
    return Partij.objects.select_related(
        "persoon",
        "organisatie",
        "contactpersoon__werkte_voor_partij",
        "voorkeurs_digitaal_adres",
        "voorkeurs_rekeningnummer",
    ).prefetch_related(
        Prefetch("digitale_adressen", queryset=DigitaalAdres.objects.only("uuid", "partij_id")),
        Prefetch("rekeningnummers", queryset=Rekeningnummer.objects.only("uuid", "partij_id")),
        # The prefetch sets each identificator's partij itself; only the parent needs a join.
        Prefetch(
            "partij_identificatoren",
            queryset=PartijIdentificator.objects.select_related("sub_identificator_van"),
        ),
        Prefetch(
            "categorie_relaties",
            queryset=CategorieRelatie.objects.select_related("categorie"),
        ),
        # Betrokkene lives in klantcontacten (above partijen): named by label, not imported.
        Prefetch(
            "betrokkenen",
            queryset=apps.get_model("klantcontacten", "Betrokkene").objects.only(
                "uuid", "partij_id"
            ),
        ),
        Prefetch(
            "vertegenwoordigingen_als_vertegenwoordiger",
            queryset=Vertegenwoordigden.objects.select_related("vertegenwoordigde_partij"),
        ),
    )


def partij_by_identificator(code_soort_object_id: str, object_id: str) -> Partij | None:
    """The partij holding an identificator, e.g. ("bsn", "999993653")."""
    return (
        partijen()
        .filter(
            partij_identificatoren__partij_identificator_code_soort_object_id=code_soort_object_id,
            partij_identificatoren__partij_identificator_object_id=object_id,
        )
        .first()
    )
