"""Re-encrypt every stored secret with the newest key of FIELD_ENCRYPTION_KEYS.

Key rotation: put the new key first in FIELD_ENCRYPTION_KEYS, keep the old ones after it, run
this command, then remove the old keys (docs/configuration.md). It covers the JWT-ZGW secrets of
API clients and externe diensten and every EncryptedTextField (e.g. an abonnement's auth)."""

from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast

from klantenregister.core import crypto
from klantenregister.core.fields import EncryptedTextField
from klantenregister.core.history import AuditedCommand
from klantenregister.core.models import ApiClient, ExterneDienst

# Fields that hold `crypto.encrypt` output themselves (not through EncryptedTextField).
RAW_FIELDS = ((ApiClient, "jwt_secret_encrypted"), (ExterneDienst, "secret_encrypted"))


def encrypted_fields():
    """(model, field name, True when the field encrypts on save itself)."""
    for model, name in RAW_FIELDS:
        yield model, name, False
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field.name, True


class Command(AuditedCommand):
    help = "Re-encrypt every stored secret with the first key of FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        done = failed = 0
        with transaction.atomic():
            for model, name, encrypts_itself in encrypted_fields():
                # The stored text as it is: a Cast to a plain TextField skips the decryption.
                rows = (
                    model._default_manager.select_for_update()
                    .exclude(**{name: ""})
                    .annotate(_stored=Cast(name, models.TextField()))
                    .values_list("pk", "_stored")
                )
                for pk, stored in rows:
                    if not crypto.is_encrypted(stored):
                        continue
                    try:
                        plain = crypto.decrypt(stored)
                    except crypto.DecryptionError:
                        failed += 1
                        self.stderr.write(
                            f"{model._meta.verbose_name} {pk}: no configured key decrypts "
                            f"'{name}'; set it again in the admin."
                        )
                        continue
                    new = plain if encrypts_itself else crypto.encrypt(plain)
                    model._default_manager.filter(pk=pk).update(**{name: new})
                    done += 1
        self.stdout.write(f"Re-encrypted {done} secret(s); {failed} unreadable.")
