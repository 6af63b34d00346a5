"""Channel backends: how a published bericht reaches the klant over one kanaal.

`BERICHTEN_KANAAL_BACKENDS` maps a kanaal (`email`, `telefoonnummer`, `portaal`) to the dotted
path of a backend class; `backend_voor(kanaal)` gives the configured one, or None. A backend
sends one bericht to one address and either returns (sent) or raises `TijdelijkeFout` (worth
another attempt later: the server is down, busy, or answered 4xx/5xx that says "try again") or
`PermanenteFout` (another attempt will not help: the address is refused, the request is wrong).
Anything else it raises counts as temporary.

Backends shipped here:
- `EmailBackend`: Django's e-mail machinery (`EMAIL_BACKEND`, `EMAIL_HOST`, ...);
- `SmsBackend`, `PortaalBackend`: one JSON POST to a configured URL (an SMS gateway, the
  portal's "new message" hook). Each request carries `Idempotency-Key: <bericht uuid>`, so a
  receiver can drop the rare second copy after a worker crash (see bezorging.py).
"""

import smtplib
from functools import cache

import requests
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils.module_loading import import_string

USER_AGENT = "KlantenRegister-berichten/1"


class Bezorgfout(Exception):
    tijdelijk = True


class TijdelijkeFout(Bezorgfout):
    tijdelijk = True


class PermanenteFout(Bezorgfout):
    tijdelijk = False


class KanaalBackend:
    """Base of the channel backends; subclasses implement `verstuur`."""

    kanaal = ""

    def is_geconfigureerd(self) -> bool:
        """False when the backend has no target (no URL set): the bericht stays portal-only."""
        return True

    def verstuur(self, bericht, adres: str) -> None:
        raise NotImplementedError


def _portaal_link() -> str:
    return settings.BERICHTEN_PORTAAL_LINK


def berichtdomein() -> str:
    sender = settings.BERICHTEN_EMAIL_FROM
    return sender.rsplit("@", 1)[-1].strip("> ") if "@" in sender else "klantenregister"


class EmailBackend(KanaalBackend):
    """The bericht as a plain-text e-mail: onderwerp as subject, berichttekst as body (with the
    portal link when BERICHTEN_PORTAAL_LINK is set). Bijlagen stay in the portal.

    The Message-ID is derived from the bericht, so a mail system can recognise the rare second
    copy after a crash. With no EMAIL_HOST configured, Django's console backend is used
    (`make run`: the mail is printed by the process that sends it).
    """

    kanaal = "email"

    def bericht_als_email(self, bericht, adres: str) -> EmailMessage:
        body = bericht.berichttekst or bericht.onderwerp
        if _portaal_link():
            body += f"\n\nBekijk dit bericht in uw berichtenbox: {_portaal_link()}"
        return EmailMessage(
            subject=bericht.onderwerp or bericht.bericht_type or "Nieuw bericht",
            body=body,
            from_email=settings.BERICHTEN_EMAIL_FROM,
            to=[adres],
            headers={"Message-ID": f"<bericht-{bericht.uuid}@{berichtdomein()}>"},
        )

    def verstuur(self, bericht, adres: str) -> None:
        message = self.bericht_als_email(bericht, adres)
        try:
            connection = get_connection(fail_silently=False)
            sent = connection.send_messages([message])
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            fout = "; ".join(
                f"{code} {msg.decode(errors='replace')}" for code, msg in exc.recipients.values()
            )
            raise _smtp_fout(min(codes), f"ontvanger geweigerd: {fout}") from exc
        except smtplib.SMTPResponseException as exc:
            error = exc.smtp_error
            text = error.decode(errors="replace") if isinstance(error, bytes) else str(error)
            raise _smtp_fout(exc.smtp_code, f"SMTP {exc.smtp_code} {text}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise TijdelijkeFout(f"SMTP-server niet bereikbaar: {exc}") from exc
        if not sent:
            raise TijdelijkeFout("de e-mailbackend verstuurde niets")


def _smtp_fout(code: int, text: str) -> Bezorgfout:
    # 4xx: "try again later" (greylisting, mailbox busy); 5xx: refused for good.
    return PermanenteFout(text) if 500 <= code < 600 else TijdelijkeFout(text)


class HttpBackend(KanaalBackend):
    """One JSON POST per bericht to a configured URL. 2xx: sent; 408, 425, 429 and 5xx, or no
    answer: temporary; any other status: permanent."""

    url_setting = ""
    authorization_setting = ""

    @property
    def url(self) -> str:
        return getattr(settings, self.url_setting)

    def is_geconfigureerd(self) -> bool:
        return bool(self.url)

    def payload(self, bericht, adres: str) -> dict:
        raise NotImplementedError

    def verstuur(self, bericht, adres: str) -> None:
        headers = {"User-Agent": USER_AGENT, "Idempotency-Key": str(bericht.uuid)}
        authorization = getattr(settings, self.authorization_setting)
        if authorization:
            headers["Authorization"] = authorization
        try:
            response = requests.post(
                self.url,
                json=self.payload(bericht, adres),
                headers=headers,
                timeout=(settings.BERICHTEN_CONNECT_TIMEOUT, settings.BERICHTEN_READ_TIMEOUT),
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            raise TijdelijkeFout(f"{self.kanaal}: geen antwoord van {self.url}: {exc}") from exc
        if 200 <= response.status_code < 300:
            return
        fout = f"{self.kanaal}: HTTP {response.status_code} van {self.url}: {response.text[:500]}"
        if response.status_code in (408, 425, 429) or response.status_code >= 500:
            raise TijdelijkeFout(fout)
        raise PermanenteFout(fout)


def _bericht_url(bericht) -> str:
    from klantenregister.events.services import object_url

    return object_url("berichten:bericht-detail", bericht.uuid)


class SmsBackend(HttpBackend):
    """SMS through a gateway at BERICHTEN_SMS_URL: `{bericht, telefoonnummer, tekst}`, where
    the text is the onderwerp plus the portal link; the full message stays in the portal."""

    kanaal = "telefoonnummer"
    url_setting = "BERICHTEN_SMS_URL"
    authorization_setting = "BERICHTEN_SMS_AUTHORIZATION"

    def payload(self, bericht, adres: str) -> dict:
        tekst = f"Nieuw bericht van de gemeente: {bericht.onderwerp}".strip()
        if _portaal_link():
            tekst += f" - {_portaal_link()}"
        return {"bericht": str(bericht.uuid), "telefoonnummer": adres, "tekst": tekst[:320]}


class PortaalBackend(HttpBackend):
    """Tells the portal (BERICHTEN_PORTAAL_URL) there is a new bericht in a klant's inbox:
    `{bericht, url, partij, berichtType, handelingsperspectief}`, URLs only, never the BSN."""

    kanaal = "portaal"
    url_setting = "BERICHTEN_PORTAAL_URL"
    authorization_setting = "BERICHTEN_PORTAAL_AUTHORIZATION"

    def payload(self, bericht, adres: str) -> dict:
        from klantenregister.events.services import object_url

        partij = bericht.partij
        return {
            "bericht": str(bericht.uuid),
            "url": _bericht_url(bericht),
            "partij": object_url("klantinteracties:partij-detail", partij.uuid) if partij else None,
            "berichtType": bericht.bericht_type,
            "handelingsperspectief": bericht.handelingsperspectief,
        }


@cache
def _backend(path: str) -> KanaalBackend:
    return import_string(path)()


def backend_voor(kanaal: str) -> KanaalBackend | None:
    """The configured backend of a kanaal, or None when the kanaal has none (or it is off)."""
    path = settings.BERICHTEN_KANAAL_BACKENDS.get(kanaal)
    if not path:
        return None
    backend = _backend(path)
    return backend if backend.is_geconfigureerd() else None
