from django.core.management.base import BaseCommand

from partijen.demo import load_demo_data


class Command(BaseCommand):
    help = "Load a few demo partijen (idempotent: existing ones are left alone)."

    def handle(self, *args, **options):
        created = load_demo_data()
        for line in created:
            self.stdout.write(f"  created partij {line}")
        self.stdout.write(f"Demo data: {len(created)} partij(en) created.")
