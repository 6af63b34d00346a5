from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from klantenregister.core.history import AuditedCommand


class Command(AuditedCommand):
    help = (
        "Load demo data for local use, app by app (settings.DEMO_DATA_LOADERS, lower apps "
        "first). Idempotent: what exists already is left alone."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            for dotted in settings.DEMO_DATA_LOADERS:
                app = dotted.split(".")[0]
                created = import_string(dotted)()
                for line in created:
                    self.stdout.write(f"  {app}: {line}")
                self.stdout.write(f"Demo data {app}: {len(created)} created.")
