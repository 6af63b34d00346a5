"""Writing the verwerkingenlogging: one bulk INSERT per read."""

import uuid
from collections.abc import Iterable

from django.utils import timezone
from stdnum.nl import bsn

from klantenregister.core.history import describe_actor
from klantenregister.logging import mask_bsn
from klantenregister.verwerkingen.models import (
    Kanaal,
    SoortVerwerking,
    Vertrouwelijkheid,
    Verwerkingsactie,
)

# codeSoortObjectId of a partij-identificator → the soort of a search on it.
SOORT_PER_CODE = {
    "bsn": SoortVerwerking.ZOEKEN_BSN,
    "kvk_nummer": SoortVerwerking.ZOEKEN_KVK_NUMMER,
    "vestigingsnummer": SoortVerwerking.ZOEKEN_VESTIGINGSNUMMER,
    "rsin": SoortVerwerking.ZOEKEN_RSIN,
}
# Request headers (the BRP-protocollering convention) → columns.
HEADERS = {"doelbinding": "X-Doelbinding", "verwerking": "X-Verwerking", "gebruiker": "X-Gebruiker"}
_MAX_HEADER = 250


def soort_van_zoekopdracht(code_soort_object_id: str | None, waarde: str) -> SoortVerwerking:
    """The soort of a search; without a code, a number that passes the BSN 11-proef counts
    as a BSN (it may be an RSIN: the number cannot tell, and a BSN is the one to protect)."""
    if code_soort_object_id in SOORT_PER_CODE:
        return SOORT_PER_CODE[code_soort_object_id]
    if bsn.is_valid(waarde):
        return SoortVerwerking.ZOEKEN_BSN
    return SoortVerwerking.ZOEKEN_IDENTIFICATOR


def masked_zoekwaarde(soort: str, waarde: str) -> str:
    """What is stored of a searched number: a BSN as the keyed hash the application logs show
    (`bsn:<hash>`, klantenregister.logging.mask_bsn), so a search that found nothing can later
    be matched to the BSN; other numbers as they are. A "BSN" that fails the 11-proef is not
    kept at all: it cannot be matched to anyone, and it may be a typo of a real one."""
    masked = mask_bsn(waarde)
    if soort == SoortVerwerking.ZOEKEN_BSN and masked == waarde:
        return ""
    return masked[:200]


def _header(request, name: str) -> str:
    value = request.headers.get(name, "")
    # A header is free text from the client: no control characters, no plain BSN, bounded.
    value = "".join(ch for ch in value if ch.isprintable())
    return mask_bsn(value)[:_MAX_HEADER]


def log_verwerkingen(
    request,
    *,
    kanaal: Kanaal,
    soort: SoortVerwerking,
    partijen: Iterable,
    zoekwaarde: str = "",
) -> list[Verwerkingsactie]:
    """Record one read: a row per partij (anything with `uuid` and `indicatie_geheimhouding`),
    or one row without a partij when a search found nothing. One INSERT.

    `zoekwaarde` is the stored form (see `masked_zoekwaarde()`), never the number as typed.
    """
    api_client, actor = describe_actor(request)
    common = {
        "actie_id": uuid.uuid4(),
        "tijdstip": timezone.now(),
        "kanaal": kanaal,
        "soort": soort,
        "api_client": api_client,
        "actor": actor[:250],
        # The path only: the query string is where a BSN would be.
        "pad": request.path[:500],
        "zoekwaarde": zoekwaarde,
        **{field: _header(request, header) for field, header in HEADERS.items()},
    }
    rows, seen = [], set()
    for partij in partijen:
        if partij is None or partij.uuid in seen:
            continue  # e.g. two digitale adressen of one partij: one read of that partij
        seen.add(partij.uuid)
        geheim = getattr(partij, "indicatie_geheimhouding", None)
        rows.append(
            Verwerkingsactie(
                partij_uuid=partij.uuid,
                vertrouwelijkheid=(
                    Vertrouwelijkheid.VERTROUWELIJK if geheim else Vertrouwelijkheid.NORMAAL
                ),
                **common,
            )
        )
    if not rows:
        rows.append(Verwerkingsactie(partij_uuid=None, **common))
    return Verwerkingsactie.objects.bulk_create(rows)
