"""/api/kic/v1 verzoeken and its link resources: every response kind against the reference
contract, methods, headers, pagination, filters, audit trail, events and the kic-001-facing
rules of spec §4.5 (vrz-002/003, immutability, delete cascade, plain lists for the DRC)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kic_compat.models import (
    KicAuditTrail,
    KlantVerzoek,
    ObjectVerzoek,
    Verzoek,
    VerzoekContactMoment,
    VerzoekInformatieObject,
    VerzoekProduct,
)
from klantenregister.events.models import Event
from tests.kic.contract import assert_contract
from tests.kic_verzoeken.conftest import (
    BRONORGANISATIE,
    KVRZ,
    OVRZ,
    VCM,
    VIO,
    VPR,
    VRZ,
    uuid_of,
    verzoek_body,
)

pytestmark = pytest.mark.django_db


def contract(response):
    assert_contract(response, contract="verzoeken")
    return response


@pytest.fixture
def links(kic_api, api, post_verzoek, klant_url, contactmoment_url):
    """A verzoek with one row of each link resource; {collection path: created body}."""

    def _make(verzoek: dict | None = None) -> dict:
        verzoek = verzoek or post_verzoek()
        zaak = api.add_zaak()
        api.relate(zaak, collection="zaakverzoeken", verzoek=verzoek["url"])
        bodies = {
            KVRZ: {"verzoek": verzoek["url"], "klant": klant_url(), "rol": "initiator"},
            VCM: {"verzoek": verzoek["url"], "contactmoment": contactmoment_url()},
            VIO: {"verzoek": verzoek["url"], "informatieobject": api.add_informatieobject()},
            VPR: {
                "verzoek": verzoek["url"],
                "product": api.add("producten"),
                "productIdentificatie": {"code": "PARK"},
            },
            OVRZ: {"verzoek": verzoek["url"], "object": zaak, "objectType": "zaak"},
        }
        made = {}
        for path, body in bodies.items():
            response = contract(kic_api.post(path, body, format="json"))
            assert response.status_code == 201, (path, response.json())
            assert response["Location"] == response.json()["url"]
            made[path] = response.json()
        return {"verzoek": verzoek, **made}

    return _make


# --- responses against the contract (check 1, 33) -----------------------------------------


def test_verzoek_responses_match_the_contract(kic_api, post_verzoek):
    created = contract(kic_api.post(VRZ, verzoek_body(), format="json"))
    assert created.status_code == 201
    assert created["API-version"] == "1.0.0-beta"
    url = created.json()["url"]
    contract(kic_api.get(VRZ))
    contract(kic_api.get(VRZ, {"status": "ontvangen", "page": 1}))
    detail = contract(kic_api.get(url))
    assert detail.json() == created.json()
    assert kic_api.get(url, HTTP_IF_NONE_MATCH=detail["ETag"]).status_code == 304
    head = kic_api.head(url)
    assert head.status_code == 200 and head.content == b"" and head["ETag"] == detail["ETag"]
    assert kic_api.get(url, HTTP_ACCEPT_CRS="EPSG:4326").status_code == 200
    put = contract(kic_api.put(url, verzoek_body(status="in_behandeling"), format="json"))
    assert put.json()["status"] == "in_behandeling"
    # PUT keeps omitted optional fields (spec §1).
    assert put.json()["tekst"] == "Ik wil een parkeervergunning"
    patch = contract(kic_api.patch(url, {"tekst": "aangevuld"}, format="json"))
    assert patch.json()["tekst"] == "aangevuld"
    assert patch.json()["identificatie"] == created.json()["identificatie"]
    missing = contract(kic_api.get(f"{VRZ}/00000000-0000-0000-0000-000000000000"))
    assert missing.status_code == 404
    for bad in (
        {"bronorganisatie": "123456789"},
        {"status": "onbekend"},
        {"identificatie": "x" * 41},
        {"voorkeurskanaal": "x" * 51},
        {"registratiedatum": "gisteren"},
        {"inTeTrekkenVerzoek": "https://elders.nl/verzoeken/1"},
    ):
        response = contract(kic_api.post(VRZ, verzoek_body(**bad), format="json"))
        assert response.status_code == 400, bad
    assert Verzoek.objects.count() == 1
    contract(kic_api.delete(url))
    assert Verzoek.objects.count() == 0


def test_link_responses_match_the_contract(kic_api, links):
    made = links()
    for path, body in made.items():
        if path == "verzoek":
            continue
        listed = contract(kic_api.get(path, {"verzoek": made["verzoek"]["url"]}))
        assert [row["url"] for row in listed.json()["results"]] == [body["url"]]
        detail = contract(kic_api.get(body["url"]))
        assert detail.json() == body
        assert kic_api.get(body["url"], HTTP_IF_NONE_MATCH=detail["ETag"]).status_code == 304
        contract(kic_api.get(f"{path}/00000000-0000-0000-0000-000000000000"))
        bad = contract(kic_api.post(path, {"verzoek": "geen-url"}, format="json"))
        assert bad.status_code == 400
    assert made[VPR]["productIdentificatie"] == {"code": "PARK"}


def test_verzoek_reads_the_reference_schema_with_every_reference_set(kic_api, post_verzoek):
    """Check 33 (first half): a verzoek with all four one-to-one URLs set validates."""
    eerder = post_verzoek()
    aangevuld = post_verzoek()
    later = post_verzoek(inTeTrekkenVerzoek=eerder["url"], aangevuldeVerzoek=aangevuld["url"])
    for url in (eerder["url"], aangevuld["url"], later["url"]):
        contract(kic_api.get(url))
    assert kic_api.get(eerder["url"]).json()["intrekkendeVerzoek"] == later["url"]
    assert kic_api.get(aangevuld["url"]).json()["aanvullendeVerzoek"] == later["url"]


# --- methods (check 2) ----------------------------------------------------------------------


def test_link_resources_have_no_put_or_patch_and_lists_no_put(kic_api, links):
    made = links()
    for path in (KVRZ, VCM, VIO, VPR, OVRZ):
        url = made[path]["url"]
        for method in ("put", "patch"):
            response = getattr(kic_api, method)(url, {}, format="json")
            assert response.status_code == 405, (path, method)
        assert kic_api.put(path, {}, format="json").status_code == 405
        assert kic_api.delete(path).status_code == 405
    assert kic_api.put(VRZ, {}, format="json").status_code == 405
    assert kic_api.post(made["verzoek"]["url"], {}, format="json").status_code == 405
    trail = f"{made['verzoek']['url']}/audittrail"
    assert kic_api.post(trail, {}, format="json").status_code == 405
    # The relation is immutable: nothing changed.
    assert VerzoekInformatieObject.objects.count() == 1


# --- query parameters, pagination (checks 5, 6) -------------------------------------------


def test_unknown_parameter_and_page_past_the_end(kic_api, post_verzoek):
    post_verzoek()
    for path in (VRZ, KVRZ, VCM, VIO, VPR, OVRZ):
        response = contract(kic_api.get(path, {"onbekend": "1"}))
        assert response.status_code == 400
        [param] = response.json()["invalidParams"]
        assert (param["name"], param["code"]) == ("nonFieldErrors", "unknown-parameters")
        # (The verzoeken contract documents no 404 on a list; spec §1 asks for it.)
        past = kic_api.get(path, {"page": 3})
        assert past.status_code == 404 and past["Content-Type"] == "application/problem+json"
    bad_url = contract(kic_api.get(KVRZ, {"klant": "geen-url"}))
    assert bad_url.status_code == 400
    assert bad_url.json()["invalidParams"][0]["code"] == "invalid"


def test_lists_page_at_100_with_absolute_links_keeping_the_filters(kic_api):
    now = timezone.now()
    Verzoek.objects.bulk_create(
        Verzoek(
            identificatie=f"V{n}",
            bronorganisatie=BRONORGANISATIE,
            status="ontvangen",
            registratiedatum=now - timedelta(minutes=n),
        )
        for n in range(101)
    )
    Verzoek.objects.create(identificatie="ANDER", bronorganisatie="123456782", status="ontvangen")
    first = contract(kic_api.get(VRZ, {"bronorganisatie": BRONORGANISATIE}))
    body = first.json()
    assert body["count"] == 101
    assert len(body["results"]) == 100
    assert body["previous"] is None
    assert body["next"].startswith("http://testserver/api/kic/v1/verzoeken?")
    assert f"bronorganisatie={BRONORGANISATIE}" in body["next"] and "page=2" in body["next"]
    second = contract(kic_api.get(body["next"])).json()
    assert len(second["results"]) == 1 and second["next"] is None
    assert second["previous"].startswith("http://testserver/api/kic/v1/verzoeken?")
    seen = {row["identificatie"] for row in body["results"] + second["results"]}
    assert len(seen) == 101 and "ANDER" not in seen


def test_verzoek_filters(kic_api, post_verzoek):
    eerder = post_verzoek(tekst="a" * 5000, voorkeurskanaal="post", externeIdentificatie="E-9")
    later = post_verzoek(inTeTrekkenVerzoek=eerder["url"], status="afgehandeld")
    aanvulling = post_verzoek(aangevuldeVerzoek=later["url"], registratiedatum="2020-01-01T10:00Z")

    def found(**params) -> list[str]:
        response = contract(kic_api.get(VRZ, params))
        assert response.status_code == 200, response.json()
        return [row["url"] for row in response.json()["results"]]

    assert found(tekst="a" * 5000) == [eerder["url"]]
    assert found(tekst="a") == []
    assert found(voorkeurskanaal="post") == [eerder["url"]]
    assert found(externeIdentificatie="E-9") == [eerder["url"]]
    assert found(identificatie=later["identificatie"]) == [later["url"]]
    assert found(status="afgehandeld") == [later["url"]]
    assert found(inTeTrekkenVerzoek=eerder["url"]) == [later["url"]]
    assert found(intrekkendeVerzoek=later["url"]) == [eerder["url"]]
    assert found(aangevuldeVerzoek=later["url"]) == [aanvulling["url"]]
    assert found(aanvullendeVerzoek=aanvulling["url"]) == [later["url"]]
    assert found(registratiedatum__lt="2021-01-01T00:00:00Z") == [aanvulling["url"]]
    assert found(registratiedatum__lte="2020-01-01T10:00:00Z") == [aanvulling["url"]]
    assert found(registratiedatum="2020-01-01T10:00:00Z") == [aanvulling["url"]]
    assert len(found(registratiedatum__gt="2021-01-01T00:00:00Z")) == 2
    assert len(found(registratiedatum__gte="2020-01-01T10:00:00Z")) == 3
    assert found(bronorganisatie="123456782") == []
    assert contract(kic_api.get(VRZ, {"status": "kwijt"})).status_code == 400


def test_link_filters(kic_api, links):
    one, two = links(), links()
    for path, field in (
        (KVRZ, "klant"),
        (VCM, "contactmoment"),
        (VIO, "informatieobject"),
        (VPR, "product"),
        (OVRZ, "object"),
    ):
        for made in (one, two):
            by_field = contract(kic_api.get(path, {field: made[path][field]})).json()
            assert [row["url"] for row in by_field["results"]] == [made[path]["url"]]
            by_verzoek = kic_api.get(path, {"verzoek": made["verzoek"]["url"]}).json()
            assert [row["url"] for row in by_verzoek["results"]] == [made[path]["url"]]
        assert kic_api.get(path, {field: "https://elders.nl/x"}).json()["count"] == 0
    by_code = kic_api.get(VPR, {"productIdentificatie__code": "PARK"}).json()
    assert by_code["count"] == 2


# --- constant queries per list (check 35) -------------------------------------------------


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_check35_every_list_runs_a_constant_number_of_queries(kic_api, links):
    links()
    first = {path: _queries(kic_api, path) for path in (VRZ, KVRZ, VCM, VIO, VPR, OVRZ)}
    for _ in range(3):
        made = links()
        # Verzoeken with both one-to-ones set on each side.
        kic_api.post(VRZ, verzoek_body(inTeTrekkenVerzoek=made["verzoek"]["url"]), format="json")
    assert Verzoek.objects.count() == 7
    later = {path: _queries(kic_api, path) for path in first}
    assert later == first


# --- vrz-002/003 and the delete cascade (check 26) ----------------------------------------


def test_check26_withdrawing_sets_the_reverse_and_deleting_either_leaves_the_other(
    kic_api, post_verzoek
):
    eerder = post_verzoek()
    later = post_verzoek(inTeTrekkenVerzoek=eerder["url"])
    assert kic_api.get(eerder["url"]).json()["intrekkendeVerzoek"] == later["url"]
    # Taken twice → unique; nothing stored.
    twice = contract(
        kic_api.post(VRZ, verzoek_body(inTeTrekkenVerzoek=eerder["url"]), format="json")
    )
    assert twice.status_code == 400
    assert twice.json()["invalidParams"][0]["name"] == "inTeTrekkenVerzoek"
    assert twice.json()["invalidParams"][0]["code"] == "unique"
    # Not itself.
    itself = contract(
        kic_api.patch(later["url"], {"aangevuldeVerzoek": later["url"]}, format="json")
    )
    assert itself.status_code == 400 and itself.json()["invalidParams"][0]["code"] == "invalid"
    assert Verzoek.objects.count() == 2

    assert kic_api.delete(eerder["url"]).status_code == 204
    after = contract(kic_api.get(later["url"])).json()
    assert after["inTeTrekkenVerzoek"] is None

    derde = post_verzoek()
    vierde = post_verzoek(aangevuldeVerzoek=derde["url"])
    assert kic_api.delete(vierde["url"]).status_code == 204
    assert contract(kic_api.get(derde["url"])).json()["aanvullendeVerzoek"] is None
    # The reference may be cleared and set again.
    vijfde = post_verzoek(aangevuldeVerzoek=derde["url"])
    assert (
        kic_api.patch(vijfde["url"], {"aangevuldeVerzoek": None}, format="json").json()[
            "aangevuldeVerzoek"
        ]
        is None
    )


def test_deleting_a_verzoek_deletes_its_link_rows_only(kic_api, links):
    weg, blijft = links(), links()
    assert kic_api.delete(weg["verzoek"]["url"]).status_code == 204
    for model in (
        KlantVerzoek,
        VerzoekContactMoment,
        VerzoekInformatieObject,
        VerzoekProduct,
        ObjectVerzoek,
    ):
        assert model.objects.count() == 1
        assert model.objects.get().verzoek.uuid == uuid_of(blijft["verzoek"]["url"]) or str(
            model.objects.get().verzoek.uuid
        ) == uuid_of(blijft["verzoek"]["url"])
    for path in (KVRZ, VCM, VIO, VPR, OVRZ):
        assert kic_api.get(weg[path]["url"]).status_code == 404


def test_deleting_link_rows(kic_api, api, links):
    made = links()
    zaak = made[OVRZ]["object"]
    # vrz-009: while the ZRC still holds the relation the objectverzoek stays.
    # (The contract documents no 400 on a DELETE; spec §4.5 vrz-009 needs one.)
    refused = kic_api.delete(made[OVRZ]["url"])
    assert refused.status_code == 400
    assert refused.json()["invalidParams"][0]["code"] == "remote-relation-exists"
    api.unrelate(zaak, collection="zaakverzoeken", verzoek=made["verzoek"]["url"])
    for path in (KVRZ, VCM, VIO, VPR, OVRZ):
        assert contract(kic_api.delete(made[path]["url"])).status_code == 204
        assert kic_api.get(made[path]["url"]).status_code == 404
    assert Verzoek.objects.count() == 1


# --- plain list for the DRC's client (check 33, second half; spec §6.2) -------------------


def test_check33_plain_list_clients_get_an_array_of_verzoekinformatieobjecten(
    kic_api, make_kic_client, links, settings
):
    made = links()
    drc = make_kic_client(kic_scopes=("verzoeken.lezen",), scopes=())
    settings.KIC_PLAIN_LIST_CLIENTS = [drc.api_client.naam]
    query = {"informatieobject": made[VIO]["informatieobject"], "verzoek": made["verzoek"]["url"]}
    plain = drc.get(VIO, query)
    assert plain.status_code == 200
    assert plain.json() == [made[VIO]]
    assert drc.get(VIO, {**query, "verzoek": "https://elders.nl/verzoeken/1"}).json() == []
    # Everyone else (and the DRC's client on other lists) gets the contract's pages.
    paged = contract(kic_api.get(VIO, query)).json()
    assert paged["count"] == 1 and paged["results"] == [made[VIO]]
    assert "results" in drc.get(VCM).json()


# --- audit trail (spec §4.6) and events (spec §9) -----------------------------------------


def test_audit_trail_lists_verzoek_and_link_writes(kic_api, links):
    made = links()
    verzoek = made["verzoek"]
    kic_api.patch(verzoek["url"], {"tekst": "nieuw"}, format="json", HTTP_X_AUDIT_TOELICHTING="ok")
    kic_api.delete(made[VPR]["url"])
    trail = contract(kic_api.get(f"{verzoek['url']}/audittrail")).json()
    assert [(entry["resource"], entry["actie"]) for entry in trail] == [
        ("verzoek", "create"),
        ("klantverzoek", "create"),
        ("verzoekcontactmoment", "create"),
        ("verzoekinformatieobject", "create"),
        ("verzoekproduct", "create"),
        ("objectverzoek", "create"),
        ("verzoek", "partial_update"),
        ("verzoekproduct", "destroy"),
    ]
    assert {entry["bron"] for entry in trail} == {"kic"}
    assert {entry["hoofdObject"] for entry in trail} == {verzoek["url"]}
    assert trail[6]["toelichting"] == "ok"
    assert trail[6]["wijzigingen"]["oud"]["tekst"] == "Ik wil een parkeervergunning"
    assert trail[6]["wijzigingen"]["nieuw"]["tekst"] == "nieuw"
    assert trail[7]["wijzigingen"] == {"oud": made[VPR]}
    entry = contract(kic_api.get(f"{verzoek['url']}/audittrail/{trail[1]['uuid']}"))
    assert entry.json()["resourceUrl"] == made[KVRZ]["url"]
    # The trail outlives the verzoek.
    kic_api.delete(verzoek["url"])
    assert KicAuditTrail.objects.filter(collectie="verzoeken").count() == 9


def test_writes_publish_on_kanaal_verzoeken(kic_api, links):
    before = Event.objects.count()
    made = links()
    verzoek = made["verzoek"]
    kic_api.put(verzoek["url"], verzoek_body(), format="json")
    kic_api.patch(verzoek["url"], {"status": "afgewezen"}, format="json")
    kic_api.delete(made[VIO]["url"])
    kic_api.delete(verzoek["url"])
    events = [e for e in Event.objects.order_by("id")[before:] if e.kanaal == "verzoeken"]
    assert [(e.resource, e.actie) for e in events] == [
        ("verzoek", "create"),
        ("klantverzoek", "create"),
        ("verzoekcontactmoment", "create"),
        ("verzoekinformatieobject", "create"),
        ("verzoekproduct", "create"),
        ("verzoek", "update"),
        ("verzoek", "partial_update"),
        ("verzoekinformatieobject", "destroy"),
        ("verzoek", "destroy"),
    ]
    assert all(e.hoofd_object == verzoek["url"] for e in events)
    assert all(e.kenmerken == {"bronorganisatie": BRONORGANISATIE} for e in events)
    assert events[3].resource_url == made[VIO]["url"]


def test_verzoek_create_publishes_one_event(kic_api):
    before = Event.objects.count()
    created = kic_api.post(VRZ, verzoek_body(), format="json").json()
    [event] = Event.objects.order_by("id")[before:]
    assert (event.kanaal, event.resource, event.actie) == ("verzoeken", "verzoek", "create")
    assert event.resource_url == created["url"]


def test_idempotency_key_repeats_the_first_answer(make_kic_client):
    client = make_kic_client(jwt=False)
    first = client.post(VRZ, verzoek_body(), format="json", HTTP_IDEMPOTENCY_KEY="v-1")
    again = client.post(VRZ, verzoek_body(), format="json", HTTP_IDEMPOTENCY_KEY="v-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert Verzoek.objects.count() == 1


def test_registratiedatum_filter_with_any_utc_offset_is_no_server_error(kic_api, post_verzoek):
    """Schemathesis finding: `+16:00` is a valid ISO offset that PostgreSQL refuses (a 500);
    the filters compare in UTC. The contactmomenten filter shares the field."""
    made = post_verzoek(registratiedatum="2000-01-01T00:00:00+16:00")
    assert made["identificatie"].startswith("VERZOEK-1999-")
    found = contract(kic_api.get(VRZ, {"registratiedatum": "2000-01-01T00:00:00+16:00"}))
    assert [row["url"] for row in found.json()["results"]] == [made["url"]]
    other = kic_api.get(
        "/api/kic/v1/contactmomenten", {"registratiedatum__gt": "2000-01-01T00:00+16:00"}
    )
    assert other.status_code == 200
    out_of_range = kic_api.get(VRZ, {"registratiedatum__lt": "0001-01-01T00:00:00+05:00"})
    assert out_of_range.status_code == 400
