"""A fake remote API (ZRC, DRC, Producten) for the first-generation remote checks: a real
HTTP server on 127.0.0.1 in a thread, as tests/events/receiver.py does for event receivers.

    api = FakeApi().start()
    zaak = api.add_zaak()                       # GET {zaak} → 200
    doc = api.add_informatieobject()            # GET {doc} → 200, an EnkelvoudigInformatieObject
    product = api.add("producten")              # GET {product} → 200 {"url": ...}
    api.relate(zaak, contactmoment_url)         # GET /zaakcontactmomenten?zaak=&contactmoment=
    api.relate(zaak, collection="zaakverzoeken", verzoek=verzoek_url)
    api.unrelate(zaak, contactmoment_url)
    api.requests                                # [(path, query dict), ...]
    api.authorization                           # the Authorization header of each request
"""

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

RELATION_COLLECTIONS = ("zaakcontactmomenten", "zaakverzoeken")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    server: "_Server"

    def do_GET(self):
        api = self.server.api
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        collection = parts.path.removeprefix("/api/v1/")
        with api.lock:
            api.requests.append((parts.path, query))
            api.authorization.append(self.headers.get("Authorization"))
            if collection in RELATION_COLLECTIONS:
                body = [
                    {"url": f"{api.root}/{collection}/{uuid.uuid4()}", **pair}
                    for pair in api.relations.get(collection, [])
                    if all(pair.get(key) == value for key, value in query.items())
                ]
                status = 200
            elif f"{api.host}{parts.path}" in api.resources:
                body, status = api.resources[f"{api.host}{parts.path}"], 200
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

    def __init__(self, address, api):
        super().__init__(address, _Handler)
        self.api = api


class FakeApi:
    def __init__(self):
        self.lock = threading.Lock()
        self.resources: dict[str, object] = {}
        self.relations: dict[str, list[dict]] = {}
        self.requests: list[tuple[str, dict]] = []
        self.authorization: list[str | None] = []
        self._server = None
        self._thread = None

    def start(self) -> "FakeApi":
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

    def add(self, collection: str, body: dict | None = None) -> str:
        """A resource that answers GET with 200 and `body` (default `{"url": ...}`)."""
        url = f"{self.root}/{collection}/{uuid.uuid4()}"
        with self.lock:
            self.resources[url] = {"url": url, **(body or {})}
        return url

    def add_zaak(self) -> str:
        return self.add("zaken")

    def add_informatieobject(self) -> str:
        """An EnkelvoudigInformatieObject as a Documenten API shows one."""
        return self.add(
            "enkelvoudiginformatieobjecten",
            {
                "identificatie": "DOC-1",
                "bronorganisatie": "002220647",
                "creatiedatum": "2024-01-01",
                "titel": "Aanvraagformulier",
                "auteur": "Burger",
                "taal": "nld",
                "informatieobjecttype": f"{self.root}/informatieobjecttypen/1",
                "status": "definitief",
            },
        )

    def relate(self, zaak: str, contactmoment: str | None = None, *, collection=None, **pair):
        """Add a ZRC relation: `relate(zaak, contactmoment_url)` for a zaakcontactmoment, or
        `relate(zaak, collection="zaakverzoeken", verzoek=url)`."""
        if contactmoment is not None:
            pair["contactmoment"] = contactmoment
        collection = collection or "zaakcontactmomenten"
        with self.lock:
            self.relations.setdefault(collection, []).append({"zaak": zaak, **pair})

    def unrelate(self, zaak: str, contactmoment: str | None = None, *, collection=None, **pair):
        if contactmoment is not None:
            pair["contactmoment"] = contactmoment
        collection = collection or "zaakcontactmomenten"
        wanted = {"zaak": zaak, **pair}
        with self.lock:
            self.relations[collection] = [
                found for found in self.relations.get(collection, []) if found != wanted
            ]
