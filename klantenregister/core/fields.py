"""Model fields built on core/crypto.py."""

import logging

from django.core.validators import MaxLengthValidator
from django.db import models

from klantenregister.core import crypto

logger = logging.getLogger(__name__)


class EncryptedTextField(models.TextField):
    """Text the application reads and writes in plain, the database holds Fernet-encrypted
    (`fernet:<token>`; "" stays "", so "is it set?" lookups work). Only equality with "" can be
    queried: the same text encrypts differently each time.

    A value without the prefix is read as it is (rows from before the field was encrypted,
    until their data migration ran); a value no configured key decrypts reads as "" and is
    logged, so one lost key cannot break the pages that list these rows.
    """

    def __init__(self, *args, max_length=None, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        if max_length is not None:
            self.validators.append(MaxLengthValidator(max_length))

    def from_db_value(self, value, expression, connection):
        if not value or not crypto.is_encrypted(value):
            return value
        try:
            return crypto.decrypt(value)
        except crypto.DecryptionError:
            logger.error("%s: a stored value cannot be decrypted with the configured keys", self)
            return ""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return crypto.encrypt(value)
