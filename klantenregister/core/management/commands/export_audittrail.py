"""`manage.py export_audittrail`: the audit trail as CSV or JSON Lines, streamed in chunks.

The output holds personal data (BSNs and other identificatoren, names, addresses): run it only
for staff entitled to the audit trail and keep the file accordingly (docs/admin.md).
"""

import sys
from datetime import datetime, time, timedelta
from uuid import UUID

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from tqdm import tqdm

from klantenregister.core import audit
from klantenregister.core.history import AuditedCommand


def _moment(value: str, *, end: bool = False) -> datetime:
    """An ISO date or date-time; a bare date as `--until` includes that whole day."""
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise CommandError(f"{value!r} is not a date (YYYY-MM-DD) or ISO date-time.")
        moment = datetime.combine(day + timedelta(days=1) if end else day, time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(AuditedCommand):
    help = (
        "Export the audit trail (every change with actor, time and old/new values), newest "
        "first, as CSV (one line per changed field) or JSON Lines (one object per change). "
        "Contains personal data such as BSNs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", help="From this date or ISO date-time.")
        parser.add_argument("--until", help="Up to and including this date (or before this time).")
        parser.add_argument(
            "--model",
            action="append",
            default=[],
            help="Only this model, e.g. partijen.partij (repeatable).",
        )
        parser.add_argument(
            "--object",
            type=UUID,
            help="Only this object (uuid), the records it owns and what refers to it.",
        )
        parser.add_argument("--format", choices=audit.EXPORT_FORMATS, default="csv")
        parser.add_argument("--output", "-o", help="Write to this file instead of stdout.")
        parser.add_argument("--chunk-size", type=int, default=1000)

    def handle(self, *args, **options):
        try:
            models = tuple(audit.model_by_label(label) for label in options["model"])
        except LookupError as exc:
            known = ", ".join(m._meta.label_lower for m in audit.audited_models())
            raise CommandError(f"Unknown model {exc}; choose from: {known}.") from exc
        audit_filter = audit.AuditFilter(
            models=models,
            since=_moment(options["since"]) if options["since"] else None,
            until=_moment(options["until"], end=True) if options["until"] else None,
            object_uuid=options["object"],
        )
        total = audit.audit_trail(audit_filter).count()
        regels = audit.iterate_trail(audit_filter, chunk_size=options["chunk_size"])
        # Progress on stderr (the data may be on stdout); tqdm only redraws now and then.
        progress = tqdm(
            regels, total=total, unit=" wijzigingen", file=getattr(self.stderr, "_out", sys.stderr)
        )
        output = None
        if options["output"]:
            output = open(options["output"], "w", encoding="utf-8", newline="")  # noqa: SIM115
        target = output or getattr(self.stdout, "_out", sys.stdout)
        try:
            for line in audit.export_lines(progress, options["format"]):
                target.write(line)
        finally:
            progress.close()
            if output is not None:
                output.close()
