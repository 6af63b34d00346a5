"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the delivery tests, on an ephemeral port.

It accepts every message and keeps it parsed; `weiger` makes it refuse a recipient with a
given reply (a 4xx is "try again later", a 5xx "never"), as a real mail server would.
"""

import asyncio
import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class Ontvangen:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    ontvangen_op: datetime

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        return self.message.get_body(("plain",)).get_content()


class _Handler:
    def __init__(self, server: "SmtpServer"):
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        with self.server.lock:
            self.server.rcpt_attempts.append(address)
            reply = self.server.weigeringen.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.server.vertraging:
            await asyncio.sleep(self.server.vertraging)
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.server.lock:
            self.server.ontvangen.append(
                Ontvangen(envelope.mail_from, list(envelope.rcpt_tos), message, datetime.now(UTC))
            )
        self.server.nieuw.set()
        return "250 Message accepted for delivery"


class _Controller(Controller):
    def _trigger_server(self):
        # Bound to port 0: learn the real port before the readiness probe connects to it.
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class SmtpServer:
    def __init__(self):
        # aiosmtpd logs every SMTP command at INFO; the tests' output needs none of it.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self.lock = threading.Lock()
        self.ontvangen: list[Ontvangen] = []
        self.rcpt_attempts: list[str] = []
        self.weigeringen: dict[str, str] = {}
        self.nieuw = threading.Event()
        # Seconds the server takes to accept a message (a slow mail server).
        self.vertraging = 0.0
        self._controller = _Controller(_Handler(self), hostname="127.0.0.1", port=0)

    def start(self) -> "SmtpServer":
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    @property
    def port(self) -> int:
        return self._controller.port

    def weiger(self, adres: str, reply: str) -> None:
        with self.lock:
            self.weigeringen[adres.lower()] = reply

    def voor(self, adres: str) -> list[Ontvangen]:
        with self.lock:
            return [m for m in self.ontvangen if adres in m.rcpt_tos]

    def reset(self) -> None:
        with self.lock:
            self.ontvangen.clear()
            self.rcpt_attempts.clear()
            self.weigeringen.clear()
        self.vertraging = 0.0
