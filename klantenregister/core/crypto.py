"""Secrets that must be readable again (a JWT-ZGW secret: HS256 verification needs it) are
stored encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`), never hashed.

Keys come from `FIELD_ENCRYPTION_KEYS` (a list of Fernet keys, newest first). Without it a key
derived from `SECRET_KEY` encrypts, so a fresh installation needs no extra setting; changing
`SECRET_KEY` then makes the stored secrets unreadable, which is why production should set
`FIELD_ENCRYPTION_KEYS`. The derived key always stays last in line for decrypting. Rotation:
put a new key first, keep the old ones after it (they still decrypt), run
`manage.py rotate_encryption_keys` to re-encrypt every stored secret with the newest key, then
drop the old keys.
"""

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "fernet:"


class DecryptionError(Exception):
    """A stored value no configured key can decrypt (wrong or rotated-away key, tampering)."""


def derive_key(secret: str) -> bytes:
    """A Fernet key derived from an arbitrary secret string (used for SECRET_KEY)."""
    digest = hashlib.sha256(f"klantenregister field encryption|{secret}".encode()).digest()
    return base64.urlsafe_b64encode(digest)


@cache
def _fernet(keys: tuple[str, ...], secret_key: str) -> MultiFernet:
    try:
        fernets = [Fernet(key.encode()) for key in keys] if keys else []
    except ValueError as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must hold Fernet keys (32 url-safe base64-encoded bytes), "
            "e.g. from `python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`."
        ) from exc
    # The SECRET_KEY-derived key encrypts only when no keys are set, but always decrypts: so
    # secrets stored before FIELD_ENCRYPTION_KEYS was set stay readable until the rotation.
    fernets.append(Fernet(derive_key(secret_key)))
    return MultiFernet(fernets)


def fernet() -> MultiFernet:
    keys = tuple(getattr(settings, "FIELD_ENCRYPTION_KEYS", ()) or ())
    return _fernet(keys, settings.SECRET_KEY)


def encrypt(plain: str) -> str:
    """The stored form of `plain`: `fernet:<token>`; "" stays "" (no secret)."""
    if not plain:
        return ""
    return PREFIX + fernet().encrypt(plain.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored:
        return ""
    if not stored.startswith(PREFIX):
        raise DecryptionError("Value is not encrypted with this helper.")
    try:
        return fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError("No configured key decrypts this value.") from exc


def is_encrypted(stored: str) -> bool:
    return stored.startswith(PREFIX)
