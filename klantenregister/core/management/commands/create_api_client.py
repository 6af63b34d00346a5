import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from klantenregister.api.scopes import ALL_SCOPES, KIC_SCOPES, split_scopes
from klantenregister.core.services import create_api_client


class Command(BaseCommand):
    help = (
        "Create an API client (applicatie) and print its token alone on the last line. "
        f"Scopes: {', '.join(ALL_SCOPES)}, or 'all'; first-generation scopes "
        f"({', '.join(KIC_SCOPES)}) may be mixed in. With --jwt-secret the client (client_id = "
        "NAAM) can also sign its own JWT-ZGW tokens with that secret."
    )

    def add_arguments(self, parser):
        parser.add_argument("naam")
        parser.add_argument(
            "--scopes",
            required=True,
            help=(
                "Comma-separated, e.g. klantinteracties:write,taken:read or "
                "kic:read,klanten.aanmaken; 'all' for every product scope"
            ),
        )
        parser.add_argument(
            "--jwt-secret",
            default="",
            help=(
                "Shared secret for JWT-ZGW (HS256) tokens, stored encrypted; '-' reads it from "
                "standard input (keeps it out of the shell history and the process list)"
            ),
        )

    def handle(self, *args, naam, scopes, jwt_secret, **options):
        if jwt_secret == "-":
            jwt_secret = sys.stdin.readline().strip()
            if not jwt_secret:
                raise CommandError("No JWT secret on standard input.")
        try:
            product_scopes, kic_scopes = split_scopes(scopes)
            client, key = create_api_client(
                naam, product_scopes, kic_scopes=kic_scopes, jwt_secret=jwt_secret
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        held = ", ".join([*client.scopes, *client.kic_scopes]) or "none"
        self.stderr.write(f"API client '{client.naam}' created with scopes: {held}")
        if client.has_jwt_secret:
            self.stderr.write(
                f"JWT-ZGW: sign HS256 tokens with client_id '{client.naam}' and the given secret "
                "(stored encrypted)."
            )
        self.stderr.write("Store this token now; it is not shown again.")
        self.stdout.write(key)
