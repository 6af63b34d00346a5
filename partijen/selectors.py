"""Read querysets for the Partij family, with what the API and admin render."""

from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.db.models import Prefetch, QuerySet

from partijen.models import (
    Categorie,
    CategorieRelatie,
    DigitaalAdres,
    Partij,
    PartijIdentificator,
    Rekeningnummer,
    SoortDigitaalAdres,
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


# --- Bereikbaarheid (processes.md §3, "Voorkeurskanaal vaststellen") -------------------------


class Bron(models.TextChoices):
    """Which rule chose a partij's address: stored with a bericht, so it is clear why."""

    VOORKEUR = "voorkeur", "Voorkeursdigitaaladres van de partij"
    STANDAARD_ADRES = "standaard_adres", "Standaardadres van die soort"
    GEVERIFIEERD_ADRES = "geverifieerd_adres", "Geverifieerd adres van die soort"


# The soorten a message can be delivered to, in the order the fallback tries them.
BEREIKBARE_SOORTEN = (SoortDigitaalAdres.EMAIL, SoortDigitaalAdres.TELEFOONNUMMER)


@dataclass(frozen=True)
class Bereikbaarheid:
    digitaal_adres: DigitaalAdres
    bron: str


def adres_van_soort(partij: Partij, soort: str, adressen=None) -> Bereikbaarheid | None:
    """The partij's address of one soort: its standaard adres (verified or not: the partij
    marked it itself), else the most recently verified one. Unverified other addresses are
    never chosen."""
    if adressen is None:
        adressen = list(partij.digitale_adressen.filter(soort_digitaal_adres=soort))
    van_soort = [adres for adres in adressen if adres.soort_digitaal_adres == soort]
    for adres in van_soort:
        if adres.is_standaard_adres:
            return Bereikbaarheid(adres, Bron.STANDAARD_ADRES)
    geverifieerd = [adres for adres in van_soort if adres.verificatie_datum is not None]
    if geverifieerd:
        # Freshest evidence first; the oldest address wins a tie, so the choice is stable.
        geverifieerd.sort(key=lambda adres: (-adres.verificatie_datum.toordinal(), adres.pk))
        return Bereikbaarheid(geverifieerd[0], Bron.GEVERIFIEERD_ADRES)
    return None


def bereikbaar_digitaal_adres(partij: Partij) -> Bereikbaarheid | None:
    """The address to reach a partij at, or None when it has no usable one.

    1. its voorkeursDigitaalAdres, when that is an e-mail address or phone number (an address
       of soort `overig` cannot be sent to, so the fallback applies);
    2. per soort, e-mail before telefoonnummer: the standaard adres of that soort, else the
       most recently verified address of that soort (`adres_van_soort`).

    Two queries at most: the voorkeur (none when the partij came with it select_related, as
    from `partijen()`) and the partij's addresses.
    """
    voorkeur = partij.voorkeurs_digitaal_adres
    if voorkeur is not None and voorkeur.soort_digitaal_adres in BEREIKBARE_SOORTEN:
        return Bereikbaarheid(voorkeur, Bron.VOORKEUR)
    adressen = list(
        DigitaalAdres.objects.filter(partij=partij, soort_digitaal_adres__in=BEREIKBARE_SOORTEN)
    )
    for soort in BEREIKBARE_SOORTEN:
        gevonden = adres_van_soort(partij, soort, adressen)
        if gevonden is not None:
            return gevonden
    return None
