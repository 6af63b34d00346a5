"""A test DRC (Documenten API 1.1+) for kic-001: the parts of spec §6.2 the mirror touches.

    drc = FakeDrc(client_id="kic", secret="...").start()
    io = drc.add_informatieobject()        # GET {io} → 200 EnkelvoudigInformatieObject
    drc.hold(io, verzoek_url)              # the DRC already has that relation
    drc.fail(503, times=2)                 # the next two requests get 503 (or 429, ...)
    drc.hang(method="POST")                # the next POST gets no answer (timeout)
    drc.hang_after_storing = 1             # the next POST is stored, then left unanswered
    drc.hide_from_lookup = 1               # the next lookup misses a relation it holds
    drc.reject("inconsistent-relation")    # the next POST gets 400 with that code
    drc.relations                          # {uuid: {url, informatieobject, object, objectType}}

Every call needs `Authorization: Bearer <JWT-ZGW>` signed (HS256) for `client_id`. With
`callback` set to (client id, secret) of a KIC applicatie, a POST checks, as Open Zaak does,
that our verzoek URL answers 200 and that `GET {kic}/verzoekinformatieobjecten?informatieobject=
&verzoek=` is non-empty (else 400 `inconsistent-relation`); a DELETE, that it is empty (else 400
`remote-relation-exists`). Like Open Zaak it counts that answer with len(), so the KIC must give
this client the plain-array shape (KIC_PLAIN_LIST_CLIENTS).
"""

import time
import uuid

import jwt
import requests

from tests.fake_http import HANG, FakeHttpServer, Request

OIO = "/api/v1/objectinformatieobjecten"
EIO = "/api/v1/enkelvoudiginformatieobjecten/"


def _invalid(name: str, code: str, reason: str) -> tuple[int, dict]:
    return 400, {
        "type": "http://drc.test/fouten/ValidationError/",
        "code": "invalid",
        "title": "Invalid input.",
        "status": 400,
        "detail": "",
        "instance": f"urn:uuid:{uuid.uuid4()}",
        "invalidParams": [{"name": name, "code": code, "reason": reason}],
    }


class FakeDrc(FakeHttpServer):
    def __init__(
        self, *, client_id: str = "kic-register", secret: str = "drc-secret-for-the-klantenregister"
    ):
        super().__init__()
        self.client_id = client_id
        self.secret = secret
        self.informatieobjecten: dict[str, dict] = {}
        self.relations: dict[str, dict] = {}
        self.callback: tuple[str, str] | None = None
        self.callback_answers: list[tuple[str, int, object]] = []
        self.failures: list[tuple[int, float | None]] = []
        self.rejections: list[tuple[str, str]] = []
        self.hang_after_storing = 0
        self.hide_from_lookup = 0

    @property
    def root(self) -> str:
        return f"{self.host}/api/v1"

    # --- set-up -----------------------------------------------------------------------------

    def add_informatieobject(self, titel: str = "brief.pdf") -> str:
        io_uuid = uuid.uuid4()
        url = f"{self.root}/enkelvoudiginformatieobjecten/{io_uuid}"
        with self.lock:
            self.informatieobjecten[url] = {
                "url": url,
                "identificatie": f"DOC-{io_uuid.hex[:8]}",
                "bronorganisatie": "002220647",
                "creatiedatum": "2026-01-15",
                "titel": titel,
                "vertrouwelijkheidaanduiding": "openbaar",
                "auteur": "Gemeente",
                "status": "definitief",
                "formaat": "application/pdf",
                "taal": "nld",
                "versie": 1,
                "beginRegistratie": "2026-01-15T10:00:00Z",
                "bestandsnaam": titel,
                "inhoud": f"{url}/download?versie=1",
                "bestandsomvang": 1024,
                "link": "",
                "beschrijving": "",
                "ontvangstdatum": None,
                "verzenddatum": None,
                "indicatieGebruiksrecht": None,
                "informatieobjecttype": f"{self.host}/catalogi/api/v1/informatieobjecttypen/1",
                "locked": False,
            }
        return url

    def hold(self, informatieobject: str, verzoek_url: str, object_type: str = "verzoek") -> str:
        """Store a relation as if someone had made it before; returns its URL."""
        with self.lock:
            return self._store(informatieobject, verzoek_url, object_type)["url"]

    def fail(self, status: int, times: int = 1, retry_after: float | None = None) -> None:
        """Answer the next `times` requests with `status` (503, 500, 429, ...), with a
        Retry-After header when given."""
        with self.lock:
            self.failures.extend([(status, retry_after)] * times)

    def reject(self, code: str, method: str = "POST", times: int = 1) -> None:
        """Answer the next `times` POSTs (or DELETEs) of relations with a 400 of `code`
        (`inconsistent-relation`, `remote-relation-exists`, or any other)."""
        with self.lock:
            self.rejections.extend([(method, code)] * times)

    def _rejection(self, method: str) -> tuple[int, dict] | None:
        with self.lock:
            for index, (rejected, code) in enumerate(self.rejections):
                if rejected == method:
                    del self.rejections[index]
                    return _invalid("nonFieldErrors", code, f"Afgewezen met {code}.")
        return None

    def _store(self, informatieobject: str, object_url: str, object_type: str) -> dict:
        oio_uuid = str(uuid.uuid4())
        relation = {
            "url": f"{self.root}/objectinformatieobjecten/{oio_uuid}",
            "informatieobject": informatieobject,
            "object": object_url,
            "objectType": object_type,
        }
        self.relations[oio_uuid] = relation
        return relation

    # --- what happened ----------------------------------------------------------------------

    def pairs(self) -> list[tuple[str, str]]:
        with self.lock:
            return sorted((r["object"], r["informatieobject"]) for r in self.relations.values())

    def posts(self) -> list[Request]:
        return self.requests_for("POST", OIO)

    def deletes(self) -> list[Request]:
        return self.requests_for("DELETE", OIO)

    # --- the API ----------------------------------------------------------------------------

    def _authorized(self, request: Request) -> bool:
        scheme, _, token = (request.authorization or "").partition(" ")
        if scheme != "Bearer" or not token:
            return False
        try:
            claims = jwt.decode(token, self.secret, algorithms=["HS256"])
        except jwt.InvalidTokenError:
            return False
        return claims.get("client_id") == self.client_id and abs(time.time() - claims["iat"]) < 60

    def handle(self, request: Request):
        with self.lock:
            if self.failures:
                status, retry_after = self.failures.pop(0)
                headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
                return (
                    status,
                    {"status": status, "detail": "De DRC is even niet beschikbaar."},
                    headers,
                )
        if not self._authorized(request):
            return 401, {"code": "not_authenticated", "status": 401, "detail": "Geen geldige JWT."}
        if request.method == "GET" and request.path.startswith(EIO):
            url = f"{self.host}{request.path}"
            with self.lock:
                body = self.informatieobjecten.get(url)
            return (200, body) if body else (404, {"status": 404, "detail": "Niet gevonden."})
        if request.path == OIO and request.method == "GET":
            return self._list(request)
        if request.path == OIO and request.method == "POST":
            return self._create(request)
        if request.path.startswith(f"{OIO}/") and request.method == "DELETE":
            return self._delete(request)
        return 405, {"status": 405, "detail": f"{request.method} {request.path} bestaat niet."}

    def _list(self, request: Request):
        with self.lock:
            if self.hide_from_lookup:
                self.hide_from_lookup -= 1
                request.notes.append("lookup hid the relation")
                return 200, []
            body = [
                relation
                for relation in self.relations.values()
                if all(
                    relation[name] == request.query[name]
                    for name in ("object", "informatieobject", "objectType")
                    if name in request.query
                )
            ]
        return 200, body

    def _create(self, request: Request):
        if rejection := self._rejection("POST"):
            return rejection
        body = request.body if isinstance(request.body, dict) else {}
        if request.headers.get("content-type", "").split(";")[0] != "application/json":
            return 415, {"status": 415, "detail": "Alleen application/json."}
        for name in ("informatieobject", "object", "objectType"):
            if not body.get(name):
                return _invalid(name, "required", "Dit veld is vereist.")
        if body["objectType"] not in {"zaak", "besluit", "verzoek"}:
            return _invalid("objectType", "invalid_choice", "Geen geldige keuze.")
        with self.lock:
            if body["informatieobject"] not in self.informatieobjecten:
                return _invalid("informatieobject", "does_not_exist", "Onbekend object.")
            duplicate = any(
                (r["informatieobject"], r["object"]) == (body["informatieobject"], body["object"])
                for r in self.relations.values()
            )
        if duplicate:
            return _invalid(
                "nonFieldErrors", "unique", "De velden informatieobject, object moeten uniek zijn."
            )
        if self.callback and not self._remote_relation_exists(body, request):
            return _invalid(
                "nonFieldErrors",
                "inconsistent-relation",
                "Het object kent geen relatie met dit informatieobject.",
            )
        with self.lock:
            relation = self._store(body["informatieobject"], body["object"], body["objectType"])
            if self.hang_after_storing:
                self.hang_after_storing -= 1
                request.notes.append("stored, then left unanswered")
                request.hung = True
                return HANG
        return 201, relation, {"Location": relation["url"]}

    def _delete(self, request: Request):
        if rejection := self._rejection("DELETE"):
            return rejection
        oio_uuid = request.path.rsplit("/", 1)[1]
        with self.lock:
            relation = self.relations.get(oio_uuid)
        if relation is None:
            return 404, {"status": 404, "detail": "Niet gevonden."}
        if self.callback and self._remote_relation_exists(relation, request):
            return _invalid(
                "nonFieldErrors",
                "remote-relation-exists",
                "Het object heeft nog een relatie met dit informatieobject.",
            )
        with self.lock:
            self.relations.pop(oio_uuid, None)
        return 204, None

    def _remote_relation_exists(self, relation: dict, request: Request) -> bool:
        """The Open Zaak check: GET the verzoek, then the KIC's verzoekinformatieobjecten."""
        from klantenregister.api.jwt import make_token

        client_id, secret = self.callback
        headers = {
            "Authorization": f"Bearer {make_token(client_id, secret)}",
            "Accept": "application/json",
            "Accept-Crs": "EPSG:4326",
        }
        verzoek_url = relation["object"]
        verzoek = requests.get(verzoek_url, headers=headers, timeout=10)
        self.callback_answers.append((verzoek_url, verzoek.status_code, None))
        if verzoek.status_code != 200:
            request.notes.append(f"verzoek GET {verzoek.status_code}")
            return False
        kic_root = verzoek_url.rsplit("/verzoeken/", 1)[0]
        answer = requests.get(
            f"{kic_root}/verzoekinformatieobjecten",
            params={"informatieobject": relation["informatieobject"], "verzoek": verzoek_url},
            headers=headers,
            timeout=10,
        )
        body = answer.json() if answer.status_code == 200 else None
        self.callback_answers.append((answer.url, answer.status_code, body))
        request.notes.append(f"callback {answer.status_code} {body!r}")
        # As Open Zaak: len() of whatever came back (a paginated body always has length 4).
        return answer.status_code == 200 and len(body) > 0
