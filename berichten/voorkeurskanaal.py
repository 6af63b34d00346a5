"""Voorkeurskanaal vaststellen (processes.md §3): over which channel a bericht reaches a klant.

Resolution order, first match wins:

a. interaction level: the linked klanttaak's `extraData.voorkeurskanaal`, either a kanaal name
   (`"email"`, `"emailadres"`, `"telefoonnummer"`, `"sms"`, `"portaal"`, `"berichtenbox"`) or
   `{"soortDigitaalAdres": ..., "adres": ...}` (taken.md's recommended shape). Without an
   `adres` the partij's own address of that soort is used (standaard, else verified); a value
   that names no known kanaal, or an address that does not fit its soort, is skipped;
b. klant level: the partij's voorkeursDigitaalAdres;
c. fallback: the partij's e-mail address, then its telefoonnummer, each time its standaard adres
   of that soort before the most recently verified one (`partijen.selectors`);
d. last resort: the portal inbox only (kanaal `portaal`, bron `geen_adres`).

The taak is read through the bericht's foreign key or by model label: taken sits on the same
layer as berichten, so it is never imported here.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from partijen import selectors as partij_selectors
from partijen.models import DigitaalAdres, Partij, SoortDigitaalAdres
from partijen.validators import validate_digitaal_adres


class Bron(models.TextChoices):
    """The rule that chose the kanaal; recorded on the bericht and shown by the API."""

    TAAK = "taak", "Voorkeurskanaal van de klanttaak (extraData)"
    VOORKEUR = partij_selectors.Bron.VOORKEUR.value, partij_selectors.Bron.VOORKEUR.label
    STANDAARD_ADRES = (
        partij_selectors.Bron.STANDAARD_ADRES.value,
        partij_selectors.Bron.STANDAARD_ADRES.label,
    )
    GEVERIFIEERD_ADRES = (
        partij_selectors.Bron.GEVERIFIEERD_ADRES.value,
        partij_selectors.Bron.GEVERIFIEERD_ADRES.label,
    )
    GEEN_ADRES = "geen_adres", "Geen bruikbaar adres: alleen het portaal"
    # Not a rule: the sender delivered the bericht itself and registered it with verzondenOp.
    AFZENDER = "afzender", "Door de afzender zelf verzonden"


# Kanaal values as the berichten model stores them (soortDigitaalAdres values, or the inbox).
EMAIL = SoortDigitaalAdres.EMAIL.value
TELEFOONNUMMER = SoortDigitaalAdres.TELEFOONNUMMER.value
PORTAAL = "portaal"
# The longest address a bericht can record (the longest e-mail address, RFC 5321).
ADRES_MAX_LENGTH = 254

# Names a taak's extraData may use for a kanaal: ours, the Common Ground ones, colloquial.
_KANAAL_NAMEN = {
    "email": EMAIL,
    "e-mail": EMAIL,
    "emailadres": EMAIL,
    "telefoonnummer": TELEFOONNUMMER,
    "sms": TELEFOONNUMMER,
    "portaal": PORTAAL,
    "berichtenbox": PORTAAL,
}


@dataclass(frozen=True)
class Voorkeurskanaal:
    kanaal: str
    adres: str
    bron: str
    digitaal_adres: DigitaalAdres | None = None


ALLEEN_PORTAAL = Voorkeurskanaal(kanaal=PORTAAL, adres="", bron=Bron.GEEN_ADRES)


def _kanaal_naam(value) -> str | None:
    return _KANAAL_NAMEN.get(value.strip().lower()) if isinstance(value, str) else None


def _uit_taak(extra_data, partij: Partij | None) -> Voorkeurskanaal | None:
    voorkeur = extra_data.get("voorkeurskanaal") if isinstance(extra_data, dict) else None
    if isinstance(voorkeur, str):
        kanaal, adres = _kanaal_naam(voorkeur), ""
    elif isinstance(voorkeur, dict):
        kanaal = _kanaal_naam(voorkeur.get("soortDigitaalAdres") or voorkeur.get("kanaal"))
        adres = voorkeur.get("adres") if isinstance(voorkeur.get("adres"), str) else ""
        adres = adres.strip()
    else:
        return None
    if kanaal is None:
        return None
    if kanaal == PORTAAL:
        return Voorkeurskanaal(kanaal=PORTAAL, adres="", bron=Bron.TAAK)
    if adres:
        if len(adres) > ADRES_MAX_LENGTH:
            return None
        try:
            validate_digitaal_adres(kanaal, adres)
        except ValidationError:
            return None
        return Voorkeurskanaal(kanaal=kanaal, adres=adres, bron=Bron.TAAK)
    if partij is None:
        return None
    gevonden = partij_selectors.adres_van_soort(partij, kanaal)
    if gevonden is None:
        return None
    return Voorkeurskanaal(
        kanaal=kanaal,
        adres=gevonden.digitaal_adres.adres,
        bron=Bron.TAAK,
        digitaal_adres=gevonden.digitaal_adres,
    )


def bepaal_voorkeurskanaal(partij: Partij | None, taak=None) -> Voorkeurskanaal:
    """The channel to reach `partij` for an interaction about `taak` (both optional)."""
    if taak is not None:
        gekozen = _uit_taak(taak.extra_data, partij)
        if gekozen is not None:
            return gekozen
    if partij is None:
        return ALLEEN_PORTAAL
    gevonden = partij_selectors.bereikbaar_digitaal_adres(partij)
    if gevonden is None:
        return ALLEEN_PORTAAL
    adres = gevonden.digitaal_adres
    return Voorkeurskanaal(
        kanaal=adres.soort_digitaal_adres,
        adres=adres.adres,
        bron=gevonden.bron,
        digitaal_adres=adres,
    )


def taak_by_uuid(uuid):
    """A klanttaak by uuid (by model label: taken is not imported), or None."""
    return apps.get_model("taken", "Taak").objects.filter(uuid=uuid).first()
