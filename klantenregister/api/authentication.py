from django.utils import timezone
from rest_framework import authentication, exceptions

from klantenregister.core.models import ApiClient, hash_key


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
        # Written without touching the rest of the row, at most once a minute per client.
        now = timezone.now()
        if client.last_used_at is None or (now - client.last_used_at).total_seconds() > 60:
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        return client, client

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) when credentials are missing.
        return self.keyword
