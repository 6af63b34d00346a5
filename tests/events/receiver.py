"""A real HTTP receiver for event deliveries: a ThreadingHTTPServer on 127.0.0.1 in a thread.

Tests tell it how to answer and read back what it got:

    receiver = Receiver().start()
    receiver.answer(500)                 # every request from now on gets a 500
    receiver.answer_next(503, 503)       # the next two requests get 503, then the default again
    receiver.hang()                      # hold requests until released (past any read timeout)
    receiver.stop(); receiver.start()    # down, then back on the same port (same URL)
    receiver.requests                    # [Received(method, path, headers, body), ...]
    receiver.wait_for(3)                 # until 3 requests arrived (for workers in other threads)

It is used by tests/events (through the fixtures in conftest.py) and by the Celery worker tests,
which run deliveries in another process or thread: everything here is thread-safe.
"""

import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HANG = "hang"


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)

    def header(self, name: str) -> str | None:
        """Header value by case-insensitive name."""
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"
    # HTTP/1.0: one request per connection, so a stopped receiver has no kept-alive
    # connection left that would still answer.
    protocol_version = "HTTP/1.0"

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        receiver = self.server.receiver
        receiver._record(Received("POST", self.path, dict(self.headers.items()), body))
        answer = receiver._next_answer()
        if answer == HANG:
            # Hold the request; only a release (or stop) lets it go, without an answer.
            receiver._released.wait()
            self.close_connection = True
            return
        status, answer_body = answer
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(answer_body)))
        if 300 <= status < 400:
            self.send_header("Location", f"http://127.0.0.1:{self.server.server_port}/elders")
        self.end_headers()
        self.wfile.write(answer_body)

    def log_message(self, format, *args):  # keep test output clean
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, receiver: "Receiver"):
        self.receiver = receiver
        super().__init__(address, _Handler)


class Receiver:
    """Records POSTs and answers them as told; `url` stays the same across stop/start."""

    def __init__(self, port: int = 0):
        self.port = port
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._requests: list[Received] = []
        self._default: tuple[int, bytes] | str = (HTTPStatus.NO_CONTENT, b"")
        self._queued: deque = deque()
        self._released = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ---

    def start(self) -> "Receiver":
        if self._server is not None:
            return self
        self._released.clear()
        self._server = _Server(("127.0.0.1", self.port), self)
        self.port = self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Down: connections to `url` are refused until `start()` again."""
        if self._server is None:
            return
        self._released.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        self._server = self._thread = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/callback"

    # --- behaviour ---

    def answer(self, status: int, body: bytes | str = b"") -> None:
        """Answer every following request with `status` (and `body`)."""
        with self._lock:
            self._default = (int(status), _as_bytes(body))
            self._queued.clear()

    def answer_next(self, *answers) -> None:
        """One-off answers for the next requests, in order: a status, (status, body) or HANG."""
        with self._lock:
            for answer in answers:
                if answer == HANG:
                    self._queued.append(HANG)
                elif isinstance(answer, tuple):
                    self._queued.append((int(answer[0]), _as_bytes(answer[1])))
                else:
                    self._queued.append((int(answer), b""))

    def hang(self) -> None:
        """Hold every following request without answering, until `release()` or `stop()`."""
        with self._lock:
            self._default = HANG
            self._queued.clear()
            self._released.clear()

    def release(self) -> None:
        """Let held requests go (they get no answer) and answer 204 from now on."""
        with self._lock:
            self._default = (HTTPStatus.NO_CONTENT, b"")
        self._released.set()

    # --- what arrived ---

    @property
    def requests(self) -> list[Received]:
        with self._lock:
            return list(self._requests)

    def event_ids(self) -> list[str]:
        return [request.header("X-Event-Id") for request in self.requests]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        """The requests once at least `count` have arrived; AssertionError after `timeout`."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self._requests) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"Expected {count} request(s) at {self.url}, got {len(self._requests)}."
                    )
                self._arrived.wait(left)
            return list(self._requests)

    def clear(self) -> None:
        with self._lock:
            self._requests.clear()

    # --- internals ---

    def _next_answer(self):
        with self._lock:
            return self._queued.popleft() if self._queued else self._default

    def _record(self, received: Received) -> None:
        with self._arrived:
            self._requests.append(received)
            self._arrived.notify_all()


def _as_bytes(body: bytes | str) -> bytes:
    return body.encode() if isinstance(body, str) else body
