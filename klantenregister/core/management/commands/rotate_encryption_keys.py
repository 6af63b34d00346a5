"""Re-encrypt every stored secret with the newest key of FIELD_ENCRYPTION_KEYS.

Key rotation: put the new key first in FIELD_ENCRYPTION_KEYS, keep the old ones after it, run
this command, then remove the old keys (docs/configuration.md)."""

from django.db import transaction

from klantenregister.core import crypto
from klantenregister.core.history import AuditedCommand
from klantenregister.core.models import ApiClient


class Command(AuditedCommand):
    help = "Re-encrypt the stored JWT-ZGW secrets with the first key of FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        done = failed = 0
        with transaction.atomic():
            for client in ApiClient.objects.select_for_update().exclude(jwt_secret_encrypted=""):
                try:
                    stored = crypto.reencrypt(client.jwt_secret_encrypted)
                except crypto.DecryptionError:
                    failed += 1
                    self.stderr.write(
                        f"API client '{client.naam}': no configured key decrypts its JWT secret; "
                        "set it again in the admin."
                    )
                    continue
                ApiClient.objects.filter(pk=client.pk).update(jwt_secret_encrypted=stored)
                done += 1
        self.stdout.write(f"Re-encrypted {done} secret(s); {failed} unreadable.")
