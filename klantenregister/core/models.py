import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F

from klantenregister.api.scopes import ALL_SCOPES, KIC_SCOPES, kic_scopes_held
from klantenregister.core import crypto


def hash_key(key: str) -> str:
    # API keys are 256-bit random values, so a plain SHA-256 is enough: there is nothing to
    # brute-force that a slow password hash would protect.
    return hashlib.sha256(key.encode()).hexdigest()


def validate_scopes(value) -> None:
    if not isinstance(value, list) or any(scope not in ALL_SCOPES for scope in value):
        raise ValidationError(f"Scopes moeten een lijst zijn uit: {', '.join(ALL_SCOPES)}.")


def validate_kic_scopes(value) -> None:
    if not isinstance(value, list) or any(scope not in KIC_SCOPES for scope in value):
        raise ValidationError(
            f"Eerste-generatie scopes moeten een lijst zijn uit: {', '.join(KIC_SCOPES)}."
        )


class ApiClient(models.Model):
    """An application ("applicatie") that may call the APIs with a token."""

    naam = models.CharField(max_length=200, unique=True)
    key_prefix = models.CharField(
        max_length=8, editable=False, help_text="First characters of the key, to recognise it."
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(default=list, blank=True, validators=[validate_scopes])
    kic_scopes = models.JSONField(
        "eerste-generatie scopes",
        default=list,
        blank=True,
        validators=[validate_kic_scopes],
        help_text="First-generation scopes held on top of kic:read / kic:write (spec §2).",
    )
    # The JWT-ZGW secret, Fernet-encrypted (core/crypto.py): HS256 verification needs the
    # secret itself, so it cannot be hashed. Empty: the client cannot use JWT-ZGW.
    jwt_secret_encrypted = models.TextField(blank=True, default="", editable=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "API-client (applicatie)"
        verbose_name_plural = "API-clients (applicaties)"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam

    # DRF treats whatever authentication returns as request.user; a client is authenticated.
    is_authenticated = True
    is_anonymous = False

    def clean(self):
        super().clean()
        if not self.scopes and not self.kic_scopes:
            raise ValidationError(
                {"scopes": "Geef de client minstens één scope (of een eerste-generatie scope)."}
            )

    def set_new_key(self) -> str:
        """Give the client a fresh key and return it; only its hash is stored."""
        key = secrets.token_urlsafe(32)
        self.key_prefix = key[:8]
        self.key_hash = hash_key(key)
        return key

    def set_jwt_secret(self, secret: str) -> None:
        """Store (encrypted) the secret the client signs its JWT-ZGW tokens with; "" removes
        it."""
        self.jwt_secret_encrypted = crypto.encrypt(secret)

    def get_jwt_secret(self) -> str:
        return crypto.decrypt(self.jwt_secret_encrypted)

    @property
    def has_jwt_secret(self) -> bool:
        return bool(self.jwt_secret_encrypted)

    @property
    def kic_scopes_held(self) -> frozenset[str]:
        """Every first-generation scope this client holds (explicit or via kic:read/write)."""
        return kic_scopes_held(self.scopes, self.kic_scopes)


class ExterneDienst(models.Model):
    """Another API this product calls (a ZRC, DRC, ...) with a JWT-ZGW token it signs itself:
    client id and secret as that API issued them to us; the secret is stored encrypted."""

    naam = models.CharField(max_length=200, unique=True)
    api_root = models.URLField(
        "API-root",
        max_length=1000,
        unique=True,
        help_text="Bv. https://zaken.gemeente.nl/zaken/api/v1/ — elke URL die hiermee begint, "
        "wordt met deze gegevens aangeroepen.",
    )
    client_id = models.CharField(max_length=255)
    secret_encrypted = models.TextField(blank=True, default="", editable=False)
    user_id = models.CharField(
        max_length=255, blank=True, help_text="Optionele claim user_id in het token."
    )
    user_representation = models.CharField(
        max_length=255, blank=True, help_text="Optionele claim user_representation in het token."
    )
    actief = models.BooleanField(default=True)

    class Meta:
        verbose_name = "externe dienst"
        verbose_name_plural = "externe diensten"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam

    def set_secret(self, secret: str) -> None:
        self.secret_encrypted = crypto.encrypt(secret)

    def get_secret(self) -> str:
        return crypto.decrypt(self.secret_encrypted)

    @classmethod
    def voor_url(cls, url: str) -> "ExterneDienst | None":
        """The active service whose API root is the longest prefix of `url`, if any."""
        candidates = [
            dienst for dienst in cls.objects.filter(actief=True) if url.startswith(dienst.api_root)
        ]
        return max(candidates, key=lambda dienst: len(dienst.api_root), default=None)


class Nummerreeks(models.Model):
    """A named counter for human-readable numbers (partij nummer, klantcontact nummer)."""

    naam = models.CharField(max_length=50, unique=True)
    laatste = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "nummerreeks"
        verbose_name_plural = "nummerreeksen"

    def __str__(self) -> str:
        return f"{self.naam}: {self.laatste}"

    @classmethod
    def volgende(cls, naam: str) -> int:
        """Next value of the counter; call inside the transaction that uses it.

        The UPDATE takes a row lock (PostgreSQL) or the write lock (SQLite) until the
        transaction ends, so two concurrent callers never get the same value.
        """
        cls.objects.get_or_create(naam=naam)
        cls.objects.filter(naam=naam).update(laatste=F("laatste") + 1)
        return cls.objects.values_list("laatste", flat=True).get(naam=naam)

    @classmethod
    def volgend_vrij_nummer(cls, naam: str, model, field: str = "nummer", lengte: int = 10) -> str:
        """The next value of the series, zero-padded, that no row of `model` uses yet.

        Clients may choose their own nummer; a value of the series taken that way is skipped.
        """
        while True:
            nummer = str(cls.volgende(naam)).zfill(lengte)
            if not model._default_manager.filter(**{field: nummer}).exists():
                return nummer
