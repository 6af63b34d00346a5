from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from klantenregister.api.scopes import ALL_SCOPES
from klantenregister.core.services import create_api_client


class Command(BaseCommand):
    help = (
        "Create an API client (applicatie) and print its token alone on the last line. "
        f"Scopes: {', '.join(ALL_SCOPES)}, or 'all'."
    )

    def add_arguments(self, parser):
        parser.add_argument("naam")
        parser.add_argument(
            "--scopes",
            required=True,
            help="Comma-separated, e.g. klantinteracties:write,taken:read; 'all' for every scope",
        )

    def handle(self, *args, naam, scopes, **options):
        try:
            client, key = create_api_client(naam, scopes)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stderr.write(
            f"API client '{client.naam}' created with scopes: {', '.join(client.scopes)}"
        )
        self.stderr.write("Store this token now; it is not shown again.")
        self.stdout.write(key)
