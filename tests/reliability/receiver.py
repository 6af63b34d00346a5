"""A real HTTP receiver on 127.0.0.1 for the reliability tests (not a patched client).

The port is bound when the receiver is made but only listened on after `start()`: until then a
connection is refused, as by a receiver that is down, and the callback URL stays the same.
"""

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Received:
    event_id: str
    body: dict
    answered: int | None  # None: the request was left hanging


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def do_POST(self):  # noqa: N802 (http.server's naming)
        receiver = self.server.receiver
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        event_id = self.headers.get("X-Event-Id", "")
        with receiver.lock:
            receiver.requests += 1
            hang = receiver.hang_requests > 0
            if hang:
                receiver.hang_requests -= 1
                receiver.received.append(Received(event_id, body, None))
        if hang:
            receiver.in_flight.set()
            receiver.release.wait(timeout=60)
            self.close_connection = True
            return
        status = receiver.status
        with receiver.lock:
            receiver.received.append(Received(event_id, body, status))
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    receiver: "Receiver"


class Receiver:
    """Answers every POST with `status`; the first `hang_requests` get no answer at all."""

    def __init__(self, *, status: int = 204, hang_requests: int = 0):
        self.status = status
        self.hang_requests = hang_requests
        self.lock = threading.Lock()
        self.received: list[Received] = []
        self.requests = 0
        self.in_flight = threading.Event()
        self.release = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _Handler, bind_and_activate=False)
        self._server.receiver = self
        self._server.server_bind()
        self._thread: threading.Thread | None = None
        host, port = self._server.server_address[:2]
        self.url = f"http://{host}:{port}/callback"

    def start(self) -> "Receiver":
        self._server.server_activate()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()

    def delivered_ids(self) -> list[str]:
        """Event ids of the requests that were answered 2xx, in arrival order."""
        with self.lock:
            return [r.event_id for r in self.received if r.answered and 200 <= r.answered < 300]

    def seen_ids(self) -> list[str]:
        with self.lock:
            return [r.event_id for r in self.received]
