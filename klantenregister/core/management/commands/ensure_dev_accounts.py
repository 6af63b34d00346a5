"""Local development accounts for `make run`: an admin user and an all-scopes API client
(which may also sign JWT-ZGW tokens for /api/kic/v1 with a known development secret).

Idempotent: a second run resets both to known credentials and prints them again. Refuses to
run with DEBUG off, so it can never plant known credentials in production.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from klantenregister.api.jwt import make_token
from klantenregister.api.scopes import ALL_SCOPES
from klantenregister.core.models import ApiClient
from klantenregister.core.services import create_api_client, rotate_api_key

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "klantenregister-dev"  # noqa: S105 - development only, guarded by DEBUG
CLIENT_NAME = "ontwikkel-client"
JWT_SECRET = "klantenregister-dev-jwt-secret"  # noqa: S105 - development only, guarded by DEBUG


class Command(BaseCommand):
    help = "Create or reset the local development admin user and API client (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_dev_accounts only runs with DEBUG on.")
        user, _ = get_user_model().objects.get_or_create(username=ADMIN_USERNAME)
        user.is_staff = user.is_superuser = True
        user.set_password(ADMIN_PASSWORD)
        user.save()

        client = ApiClient.objects.filter(naam=CLIENT_NAME).first()
        if client is None:
            client, key = create_api_client(CLIENT_NAME, list(ALL_SCOPES), jwt_secret=JWT_SECRET)
        else:
            client.set_jwt_secret(JWT_SECRET)
            client.scopes = list(ALL_SCOPES)
            client.is_active = True
            client.save(update_fields=["scopes", "is_active", "jwt_secret_encrypted"])
            key = rotate_api_key(client)

        self.stdout.write("")
        self.stdout.write("Development accounts (local use only):")
        self.stdout.write(f"  admin:      user '{ADMIN_USERNAME}', password '{ADMIN_PASSWORD}'")
        self.stdout.write(f"  API token:  {key}  (all scopes; header 'Authorization: Token <key>')")
        self.stdout.write(
            f"  JWT-ZGW:    client_id '{CLIENT_NAME}', secret '{JWT_SECRET}'; a token valid for "
            f"{settings.JWT_EXPIRY} s: {make_token(CLIENT_NAME, JWT_SECRET)}"
        )
        self.stdout.write(
            "  /api/kic/v1 bronorganisatie: "
            f"{settings.KIC_DEFAULT_BRONORGANISATIE}"
            + (
                " (demo; set KIC_DEFAULT_BRONORGANISATIE)"
                if settings.KIC_DEFAULT_BRONORGANISATIE_IS_DEMO
                else ""
            )
        )
        self.stdout.write("")
