"""`manage.py kic_reconcile_drc [--dry-run]`: repair the difference between our
verzoek-informatieobjecten and the DRC's objectType=verzoek relations (kic-001, spec §6.3).

Missing relations get a create job, orphans in the DRC a delete job; the worker delivers
them as any other (retries, admin). `--dry-run` only counts.
"""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from kic_compat.drc_mirror import services


class Command(BaseCommand):
    help = "Vergelijk de verzoek-informatieobjecten met de DRC en herstel de verschillen (kic-001)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Alleen tellen; niets inplannen of wijzigen."
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Geen voortgangsbalk (voor logbestanden)."
        )

    def handle(self, *args, dry_run: bool, no_progress: bool, **options):
        stderr = getattr(self.stderr, "_out", sys.stderr)

        def progress(iterable, label, total=None):
            # On stderr, so the summary on stdout stays clean for scripts.
            return tqdm(
                iterable,
                desc=label,
                total=total,
                unit=" relaties",
                file=stderr,
                disable=no_progress,
            )

        report = services.reconcile(dry_run=dry_run, progress=progress)
        if dry_run:
            self.stdout.write("Droogoefening: er is niets gewijzigd.")
        for line in report.lines():
            self.stdout.write(line)
        if report.errors:
            self.stderr.write(self.style.ERROR(f"{len(report.errors)} DRC('s) niet te lezen."))
            sys.exit(1)
