from django.utils import timezone
from rest_framework import authentication, exceptions

from klantenregister.api.jwt import fail, verify
from klantenregister.core.models import ApiClient, hash_key


def _touch(client: ApiClient) -> None:
    # Written without touching the rest of the row, at most once a minute per client.
    now = timezone.now()
    if client.last_used_at is None or (now - client.last_used_at).total_seconds() > 60:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>`, looked up by the key's hash."""

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Ongeldige Authorization header: verwacht 'Token <sleutel>'."
            )
        try:
            key = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed("Ongeldige token.") from exc

        client = ApiClient.objects.filter(key_hash=hash_key(key), is_active=True).first()
        if client is None:
            raise exceptions.AuthenticationFailed("Ongeldige token.")
        _touch(client)
        return client, client

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) when credentials are missing.
        return self.keyword


class JwtZgwAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <JWT-ZGW>` (klantenregister/api/jwt.py).

    Returns the same (client, client) pair as ApiTokenAuthentication, so `request.auth` is the
    ApiClient either way. The token's `user_id` / `user_representation` ride along on that
    client instance as `jwt_user_id` / `jwt_user_representation` (for the audit trail).
    """

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise fail(
                "jwt-decode-error", "Ongeldige Authorization header: verwacht 'Bearer <jwt>'."
            )
        try:
            token = header[1].decode("ascii")
        except UnicodeError as exc:
            raise fail("jwt-decode-error", "De JWT kon niet gelezen worden.") from exc
        identity = verify(token)
        client = identity.client
        client.jwt_user_id = identity.user_id
        client.jwt_user_representation = identity.user_representation
        _touch(client)
        return client, client

    def authenticate_header(self, request):
        return self.keyword
