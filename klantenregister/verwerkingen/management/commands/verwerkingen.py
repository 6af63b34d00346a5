"""`manage.py verwerkingen <partij-uuid>` or `manage.py verwerkingen --bsn <bsn>`.

Prints who read the partij's personal data, when, why and how. With `--bsn` it also finds
searches on that BSN that found nothing (or a partij deleted since). The BSN itself is never
printed: the output names it by its mask, as the application logs do.
"""

import json
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from klantenregister.logging import mask_bsn
from klantenregister.verwerkingen import selectors

COLUMNS = (("tijdstip", 19), ("actor", 30), ("doelbinding", 24), ("soort", 30), ("pad", 0))


class Command(BaseCommand):
    help = "Toon de verwerkingenlogging van een partij (op uuid of BSN)."

    def add_arguments(self, parser):
        parser.add_argument("partij_uuid", nargs="?", help="uuid van de partij")
        parser.add_argument("--bsn", help="zoek de partij op BSN (en zoekopdrachten op dat BSN)")
        parser.add_argument("--format", choices=("table", "json"), default="table")

    def handle(self, *args, partij_uuid=None, bsn=None, format="table", **options):
        if bool(partij_uuid) == bool(bsn):
            raise CommandError("Geef een partij-uuid of --bsn, niet beide.")
        if bsn:
            try:
                acties = selectors.verwerkingsacties_voor_bsn(bsn.strip())
            except ValueError:
                raise CommandError("Dit is geen geldig BSN.") from None
            onderwerp = mask_bsn(bsn.strip())
        else:
            try:
                partij_uuid = uuid.UUID(partij_uuid)
            except ValueError:
                raise CommandError("Dit is geen geldige uuid.") from None
            acties = selectors.verwerkingsacties_voor_partij(partij_uuid)
            onderwerp = f"partij {partij_uuid}"

        rows = [self._row(actie) for actie in acties.order_by("tijdstip", "id")]
        if format == "json":
            self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"Verwerkingen voor {onderwerp}: {len(rows)}")
        self.stdout.write(self._line({name: name for name, _ in COLUMNS}))
        for row in rows:
            self.stdout.write(self._line({**row, "soort": row["soort_omschrijving"]}))

    @staticmethod
    def _row(actie) -> dict:
        return {
            "tijdstip": timezone.localtime(actie.tijdstip).isoformat(timespec="seconds"),
            "actor": actie.actor,
            "gebruiker": actie.gebruiker,
            "doelbinding": actie.doelbinding,
            "verwerking": actie.verwerking,
            "soort": actie.soort,
            "soort_omschrijving": actie.get_soort_display(),
            "kanaal": actie.kanaal,
            "pad": actie.pad,
            "partij_uuid": str(actie.partij_uuid) if actie.partij_uuid else None,
            "zoekwaarde": actie.zoekwaarde,
            "vertrouwelijkheid": actie.vertrouwelijkheid,
            "actie_id": str(actie.actie_id),
        }

    @staticmethod
    def _line(values: dict) -> str:
        cells = []
        for name, width in COLUMNS:
            value = str(values.get(name) or "–")
            if name == "tijdstip":
                value = value[:19].replace("T", " ")
            cells.append(value.ljust(width)[: width or None] if width else value)
        return "  ".join(cells)
