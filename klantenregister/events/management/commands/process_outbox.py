"""Run the outbox without a Celery worker: fan out new events and deliver what is due.

For operators (deliver right now, e.g. after fixing a receiver) and for `make run`, where Celery
is eager and no worker or beat is there to retry: `manage.py process_outbox --loop` then plays
the worker's part. Several may run next to each other and next to workers (rows are claimed).
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from klantenregister.events import services


class Command(BaseCommand):
    help = "Fan out new events and deliver due deliveries, once or in a loop."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            action="store_true",
            help="Keep running: wait for the next due retry (at most --interval seconds) "
            "and go on. Stop with Ctrl-C.",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=float(settings.EVENTS_SWEEP_SECONDS),
            help="Longest wait between rounds with --loop (default EVENTS_SWEEP_SECONDS).",
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Afterwards delete events older than EVENTS_RETENTION_DAYS whose deliveries "
            "all succeeded.",
        )

    def handle(self, *args, loop: bool, interval: float, prune: bool, **options):
        try:
            while True:
                fanned, attempted = self._until_idle()
                if fanned or attempted or options["verbosity"] > 1:
                    self.stdout.write(f"{fanned} event(s) fanned out, {attempted} attempt(s).")
                if not loop:
                    break
                due_in = services.seconds_until_next_due()
                time.sleep(interval if due_in is None else min(max(due_in, 0.1), interval))
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")
        if prune:
            self.stdout.write(f"{services.prune_events()} old event(s) pruned.")

    def _until_idle(self) -> tuple[int, int]:
        fanned = attempted = 0
        while True:
            fanned_now = services.fan_out()
            attempted_now = services.deliver_due()
            fanned += fanned_now
            attempted += attempted_now
            if not fanned_now and not attempted_now:
                return fanned, attempted
