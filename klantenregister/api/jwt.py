"""JWT-ZGW: the bearer tokens of the first-generation ZGW/KIC APIs (spec kic_compat §2).

A client signs its own token with HS256 and the secret it shares with us: `client_id` names
the client (its `ApiClient.naam`) and so the secret, `iat` says when the token was made. A token
is accepted for `JWT_EXPIRY` seconds after `iat` (± `JWT_LEEWAY`), never before it.

Every failure is a 401 with its own code, so an integrator can tell what to fix.
"""

import logging
import time
import warnings
from dataclasses import dataclass

import jwt
from django.conf import settings
from rest_framework import exceptions

from klantenregister.core import crypto
from klantenregister.core.models import ApiClient

logger = logging.getLogger(__name__)

ALGORITHM = "HS256"
MAX_USER_FIELD = 255


class JwtAuthenticationFailed(exceptions.AuthenticationFailed):
    """A 401 whose problem+json `code` names what was wrong with the token."""


def fail(code: str, detail: str) -> JwtAuthenticationFailed:
    return JwtAuthenticationFailed(detail, code=code)


@dataclass(frozen=True)
class JwtIdentity:
    client: ApiClient
    user_id: str
    user_representation: str


def _claim_str(payload: dict, name: str) -> str:
    value = payload.get(name)
    if value is None:
        return ""
    return str(value)[:MAX_USER_FIELD]


def verify(token: str) -> JwtIdentity:
    """Check a JWT-ZGW token and return the client it identifies; raises JwtAuthenticationFailed."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError as exc:
        raise fail("jwt-decode-error", "De JWT kon niet gelezen worden.") from exc
    if header.get("alg") != ALGORITHM:
        raise fail(
            "jwt-decode-error",
            f"De JWT moet met {ALGORITHM} ondertekend zijn (niet {header.get('alg')!r}).",
        )
    try:
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.InvalidTokenError as exc:
        raise fail("jwt-decode-error", "De JWT kon niet gelezen worden.") from exc

    client_id = unverified.get("client_id")
    if not client_id or not isinstance(client_id, str):
        raise fail("missing-client-identifier", "De JWT bevat geen claim 'client_id'.")
    client = ApiClient.objects.filter(naam=client_id, is_active=True).first()
    if client is None or not client.has_jwt_secret:
        raise fail("invalid-client-identifier", "Er is geen actieve client met deze 'client_id'.")
    try:
        secret = client.get_jwt_secret()
    except crypto.DecryptionError:
        # The stored secret predates a key change: the operator must set it again.
        logger.error("JWT secret of API client %s cannot be decrypted", client.pk)
        raise fail(
            "invalid-client-identifier", "Het JWT-secret van deze client is onleesbaar."
        ) from None

    leeway = settings.JWT_LEEWAY
    try:
        with warnings.catch_warnings():
            # First-generation clients often use short shared secrets; that is their choice.
            warnings.simplefilter("ignore", jwt.warnings.InsecureKeyLengthWarning)
            payload = jwt.decode(
                token,
                secret,
                algorithms=[ALGORITHM],
                leeway=leeway,
                options={"require": ["iat"], "verify_sub": False, "verify_jti": False},
            )
    except jwt.InvalidSignatureError as exc:
        raise fail("invalid-jwt-signature", "De handtekening van de JWT klopt niet.") from exc
    except jwt.ExpiredSignatureError as exc:
        raise fail("jwt-expired", "De JWT is verlopen ('exp').") from exc
    except jwt.MissingRequiredClaimError as exc:
        raise fail("jwt-decode-error", f"De JWT mist de claim '{exc.claim}'.") from exc
    except jwt.ImmatureSignatureError as exc:
        raise fail(
            "jwt-decode-error", "De JWT is nog niet geldig ('iat' of 'nbf' ligt in de toekomst)."
        ) from exc
    except jwt.InvalidTokenError as exc:
        raise fail("jwt-decode-error", "De JWT is ongeldig.") from exc

    # PyJWT checked that iat is an integer and not in the future; the age limit is ours.
    if time.time() - int(payload["iat"]) > settings.JWT_EXPIRY + leeway:
        raise fail(
            "jwt-expired",
            f"De JWT is verlopen: 'iat' is meer dan {settings.JWT_EXPIRY} seconden geleden.",
        )
    return JwtIdentity(
        client=client,
        user_id=_claim_str(payload, "user_id"),
        user_representation=_claim_str(payload, "user_representation"),
    )


def make_token(
    client_id: str,
    secret: str,
    *,
    iat: int | None = None,
    algorithm: str = ALGORITHM,
    **claims,
) -> str:
    """A JWT-ZGW token as a first-generation client makes it (for tests, docs and tools)."""
    payload = {"iss": client_id, "iat": int(time.time()) if iat is None else iat}
    payload["client_id"] = client_id
    payload.update(claims)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", jwt.warnings.InsecureKeyLengthWarning)
        return jwt.encode(payload, secret, algorithm=algorithm)


def outbound_auth_headers(url: str) -> dict[str, str]:
    """The Authorization header for a call to another API (ZRC, DRC, ...): a fresh JWT-ZGW
    token for the configured ExterneDienst whose API root prefixes `url`; {} when none is
    configured (the call then goes without credentials)."""
    from klantenregister.core.models import ExterneDienst

    dienst = ExterneDienst.voor_url(url)
    if dienst is None:
        return {}
    return dienst_auth_headers(dienst)


def dienst_auth_headers(dienst) -> dict[str, str]:
    """The Authorization header with a fresh JWT-ZGW token for `dienst` (an ExterneDienst);
    {} when it has no secret."""
    if not dienst.secret_encrypted:
        return {}
    claims = {}
    if dienst.user_id:
        claims["user_id"] = dienst.user_id
    if dienst.user_representation:
        claims["user_representation"] = dienst.user_representation
    token = make_token(dienst.client_id, dienst.get_secret(), **claims)
    return {"Authorization": f"Bearer {token}"}
