"""A fake ZRC (Zaken API) for the objectcontactmomenten checks: a real HTTP server on
127.0.0.1 in a thread (tests/fake_http.py).

    zrc = FakeZrc().start()
    zaak = zrc.add_zaak()                 # GET {zaak} → 200
    zrc.relate(zaak, contactmoment_url)   # GET /zaakcontactmomenten?zaak=&contactmoment= → [..]
    zrc.unrelate(zaak, contactmoment_url)
    zrc.requests                          # [(path, query dict), ...]
    zrc.authorization                     # the Authorization header of each request
"""

import uuid

from tests.fake_http import FakeHttpServer, Request


class FakeZrc(FakeHttpServer):
    def __init__(self):
        super().__init__()
        self.zaken: set[str] = set()
        self.relations: list[dict] = []

    @property
    def requests(self) -> list[tuple[str, dict]]:
        with self.lock:
            return [(r.path, r.query) for r in self.received]

    @property
    def authorization(self) -> list[str | None]:
        with self.lock:
            return [r.authorization for r in self.received]

    @property
    def root(self) -> str:
        return f"{self.host}/api/v1"

    def handle(self, request: Request):
        if request.method != "GET":
            return 405, {"detail": "Alleen GET."}
        with self.lock:
            if request.path == "/api/v1/zaakcontactmomenten":
                query = request.query
                return 200, [
                    {"url": f"{self.root}/zaakcontactmomenten/{uuid.uuid4()}", **pair}
                    for pair in self.relations
                    if pair["zaak"] == query.get("zaak")
                    and pair["contactmoment"] == query.get("contactmoment")
                ]
            if f"{self.host}{request.path}" in self.zaken:
                return 200, {"url": f"{self.host}{request.path}"}
        return 404, {"detail": "Niet gevonden."}

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
