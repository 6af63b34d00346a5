"""A fake remote API (ZRC, DRC, Producten) for the first-generation remote checks: a real
HTTP server on 127.0.0.1 in a thread (tests/fake_http.py).

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

import uuid

from tests.fake_http import FakeHttpServer, Request

RELATION_COLLECTIONS = ("zaakcontactmomenten", "zaakverzoeken")


class FakeApi(FakeHttpServer):
    def __init__(self):
        super().__init__()
        self.resources: dict[str, object] = {}
        self.relations: dict[str, list[dict]] = {}
        self.requests: list[tuple[str, dict]] = []
        self.authorization: list[str | None] = []

    def handle(self, request: Request):
        collection = request.path.removeprefix("/api/v1/")
        with self.lock:
            self.requests.append((request.path, request.query))
            self.authorization.append(request.authorization)
            if collection in RELATION_COLLECTIONS:
                return 200, [
                    {"url": f"{self.root}/{collection}/{uuid.uuid4()}", **pair}
                    for pair in self.relations.get(collection, [])
                    if all(pair.get(key) == value for key, value in request.query.items())
                ]
            if f"{self.host}{request.path}" in self.resources:
                return 200, self.resources[f"{self.host}{request.path}"]
            return 404, {"detail": "Niet gevonden."}

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
