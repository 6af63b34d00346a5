"""A fake ZRC (Zaken API) for the objectcontactmomenten checks: a real HTTP server on
127.0.0.1 in a thread, as tests/events/receiver.py does for event receivers.

    zrc = FakeZrc().start()
    zaak = zrc.add_zaak()                 # GET {zaak} → 200
    zrc.relate(zaak, contactmoment_url)   # GET /zaakcontactmomenten?zaak=&contactmoment= → [..]
    zrc.unrelate(zaak, contactmoment_url)
    zrc.requests                          # [(path, query dict), ...]
    zrc.authorization                     # the Authorization header of each request
"""

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    server: "_Server"

    def do_GET(self):
        zrc = self.server.zrc
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        with zrc.lock:
            zrc.requests.append((parts.path, query))
            zrc.authorization.append(self.headers.get("Authorization"))
            if parts.path == "/api/v1/zaakcontactmomenten":
                body = [
                    {"url": f"{zrc.root}/zaakcontactmomenten/{uuid.uuid4()}", **pair}
                    for pair in zrc.relations
                    if pair["zaak"] == query.get("zaak")
                    and pair["contactmoment"] == query.get("contactmoment")
                ]
                status = 200
            elif f"{zrc.host}{parts.path}" in zrc.zaken:
                body, status = {"url": f"{zrc.host}{parts.path}"}, 200
            else:
                body, status = {"detail": "Niet gevonden."}, 404
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, zrc):
        super().__init__(address, _Handler)
        self.zrc = zrc


class FakeZrc:
    def __init__(self):
        self.lock = threading.Lock()
        self.zaken: set[str] = set()
        self.relations: list[dict] = []
        self.requests: list[tuple[str, dict]] = []
        self.authorization: list[str | None] = []
        self._server = None
        self._thread = None

    def start(self) -> "FakeZrc":
        self._server = _Server(("127.0.0.1", 0), self)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    @property
    def host(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    @property
    def root(self) -> str:
        return f"{self.host}/api/v1"

    def add_zaak(self) -> str:
        url = f"{self.root}/zaken/{uuid.uuid4()}"
        with self.lock:
            self.zaken.add(url)
        return url

    def relate(self, zaak: str, contactmoment: str) -> None:
        with self.lock:
            self.relations.append({"zaak": zaak, "contactmoment": contactmoment})

    def unrelate(self, zaak: str, contactmoment: str) -> None:
        with self.lock:
            self.relations = [
                pair
                for pair in self.relations
                if (pair["zaak"], pair["contactmoment"]) != (zaak, contactmoment)
            ]
