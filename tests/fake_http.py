"""The base of the tests' stand-ins for other APIs: a real threaded HTTP server on 127.0.0.1.

A subclass answers `handle(request)`; the base binds an ephemeral port when the server is made
but listens only after `start()`. Until then (and after `go_down()`) a connection is refused,
as by a service that is down, while the URL stays the same. Every request is recorded with the
status it got; `hang(n)` makes the next n requests (optionally only of one method) wait without
an answer until `release()` or the client gives up, which is how a timeout or a crash in the
middle of a call is staged.

    class FakeThing(FakeHttpServer):
        def handle(self, request):
            return 200, {"ok": True}

    thing = FakeThing().start()
    requests.get(f"{thing.host}/x")
    thing.received  # [Request(method="GET", path="/x", ...)]
"""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# Returned from `handle` to leave a request without an answer (see `hang`).
HANG = object()


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: object  # parsed JSON, or None
    status: int | None = None  # None while unanswered, or when it hung
    hung: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def authorization(self) -> str | None:
        return self.headers.get("authorization")


class _Handler(BaseHTTPRequestHandler):
    # Keep-alive, as a real API behind a proxy (every answer has a Content-Length); without
    # Nagle, else each answer's body waits for the client's delayed ACK of its headers.
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: "_Server"

    def _serve(self):
        fake = self.server.fake
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode(errors="replace")
        request = Request(
            method=self.command,
            path=parts.path,
            query={key: values[0] for key, values in parse_qs(parts.query).items()},
            headers={key.lower(): value for key, value in self.headers.items()},
            body=body,
        )
        with fake.lock:
            fake.received.append(request)
            if fake.first_request_at is None:
                fake.first_request_at = time.perf_counter()
        answer = fake._dispatch(request)
        if answer is HANG:
            request.hung = True
            fake.in_flight.set()
            fake.released.wait(timeout=60)
            self.close_connection = True
            return
        status, payload, *extra = answer
        headers = extra[0] if extra else {}
        data = b"" if payload is None else json.dumps(payload).encode()
        request.status = status
        self.send_response(status)
        if payload is not None:
            self.send_header("Content-Type", headers.pop("Content-Type", "application/json"))
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve  # noqa: N815 (http.server names)

    def log_message(self, format, *args):
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    fake: "FakeHttpServer"


class FakeHttpServer:
    """See the module docstring; subclasses implement `handle(request) -> (status, body[, headers])`
    or return HANG."""

    def __init__(self):
        self.lock = threading.RLock()
        self.received: list[Request] = []
        self.first_request_at: float | None = None  # perf_counter() of the first request
        self.in_flight = threading.Event()  # set when a request is left hanging
        self.released = threading.Event()
        self._hang: list[str | None] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._port = 0
        self._bind()

    def _bind(self) -> None:
        self._server = _Server(("127.0.0.1", self._port), _Handler, bind_and_activate=False)
        self._server.fake = self
        self._server.server_bind()
        self._port = self._server.server_address[1]

    @property
    def host(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    # --- life cycle -----------------------------------------------------------------------

    def start(self):
        self._server.server_activate()
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.released.set()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.server_close()

    def go_down(self) -> None:
        """Stop answering (connections refused) but keep the port, so `start()` brings the
        same URL back."""
        self.stop()
        self.released.clear()
        self._bind()

    # --- behaviour ------------------------------------------------------------------------

    def hang(self, times: int = 1, method: str | None = None) -> None:
        """Leave the next `times` requests (of `method`, when given) without an answer."""
        with self.lock:
            self._hang.extend([method] * times)

    def release(self) -> None:
        self.released.set()

    def _should_hang(self, request: Request) -> bool:
        with self.lock:
            for index, method in enumerate(self._hang):
                if method is None or method == request.method:
                    del self._hang[index]
                    return True
        return False

    def _dispatch(self, request: Request):
        if self._should_hang(request):
            return HANG
        return self.handle(request)

    def handle(self, request: Request):
        raise NotImplementedError

    # --- what happened --------------------------------------------------------------------

    def requests_for(self, method: str, path_start: str = "") -> list[Request]:
        with self.lock:
            return [
                r for r in self.received if r.method == method and r.path.startswith(path_start)
            ]
