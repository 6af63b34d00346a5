"""/klantinteracties/api/v1/internetaken per the Klantinteracties v1 contract (spec §2.14, §3.6)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from klantenregister.events.models import Event
from taken.models import InterneTaak
from tests.conftest import KI
from tests.factories import make_actor, make_klantcontact
from tests.partijen.helpers import assert_invalid
from tests.taken.conftest import INTERNETAKEN

pytestmark = pytest.mark.django_db


def ref(obj) -> dict:
    return {"uuid": str(obj.uuid)}


@pytest.fixture
def klantcontact():
    return make_klantcontact()


@pytest.fixture
def actoren():
    return [make_actor(naam="Anna"), make_actor(naam="Bert")]


def create(api, klantcontact, **body):
    payload = {
        "gevraagdeHandeling": "Bel de inwoner terug",
        "aanleidinggevendKlantcontact": ref(klantcontact),
        "status": "te_verwerken",
        **body,
    }
    return api.post(INTERNETAKEN, payload, format="json")


def test_create_with_actoren_in_order(api, klantcontact, actoren):
    response = create(api, klantcontact, toegewezenAanActoren=[ref(a) for a in reversed(actoren)])

    assert response.status_code == 201, response.content
    body = response.json()
    assert [a["uuid"] for a in body["toegewezenAanActoren"]] == [
        str(actoren[1].uuid),
        str(actoren[0].uuid),
    ]
    assert body["toegewezenAanActor"]["uuid"] == str(actoren[1].uuid)
    assert body["nummer"] and body["nummer"].isdigit()
    assert body["toegewezenOp"] is not None
    assert body["afgehandeldOp"] is None
    (event,) = Event.objects.filter(kanaal="internetaken")
    assert event.resource == "internetaak" and event.actie == "create"
    assert set(event.kenmerken) == {"nummer", "gevraagdeHandeling", "toelichting", "status"}


def test_the_deprecated_single_actor_field_still_works(api, klantcontact, actoren):
    body = create(api, klantcontact, toegewezenAanActor=ref(actoren[0])).json()

    assert [a["uuid"] for a in body["toegewezenAanActoren"]] == [str(actoren[0].uuid)]


def test_both_or_neither_actor_field_is_refused(api, klantcontact, actoren):
    both = create(
        api,
        klantcontact,
        toegewezenAanActor=ref(actoren[0]),
        toegewezenAanActoren=[ref(actoren[1])],
    )
    assert_invalid(both, "nonFieldErrors", reason="mag niet beiden")
    assert_invalid(create(api, klantcontact), "toegewezenAanActoren", code="required")
    assert not InterneTaak.objects.exists()


def test_afgehandeld_op_follows_the_status(api, klantcontact, actoren):
    taak = create(api, klantcontact, toegewezenAanActoren=[ref(actoren[0])]).json()

    verwerkt = api.patch(taak["url"], {"status": "verwerkt"}, format="json").json()
    assert verwerkt["afgehandeldOp"] is not None
    assert verwerkt["toegewezenOp"] == taak["toegewezenOp"]

    heropend = api.patch(taak["url"], {"status": "te_verwerken"}, format="json").json()
    assert heropend["afgehandeldOp"] is None

    response = api.patch(taak["url"], {"afgehandeldOp": "2026-01-01T10:00:00Z"}, format="json")
    assert_invalid(response, "afgehandeldOp", reason="geen afgehandeld op datum")

    gegeven = api.patch(
        taak["url"],
        {"status": "verwerkt", "afgehandeldOp": "2026-01-01T10:00:00Z"},
        format="json",
    ).json()
    assert gegeven["afgehandeldOp"].startswith("2026-01-01T1")


def test_put_replaces_the_actoren_in_the_given_order(api, klantcontact, actoren):
    taak = create(api, klantcontact, toegewezenAanActoren=[ref(actoren[0])]).json()

    body = api.put(
        taak["url"],
        {
            "gevraagdeHandeling": "Mail de inwoner",
            "aanleidinggevendKlantcontact": ref(klantcontact),
            "status": "te_verwerken",
            "toegewezenAanActoren": [ref(actoren[1]), ref(actoren[0])],
        },
        format="json",
    ).json()

    assert [a["uuid"] for a in body["toegewezenAanActoren"]] == [
        str(a.uuid) for a in reversed(actoren)
    ]
    assert body["gevraagdeHandeling"] == "Mail de inwoner"


@pytest.mark.parametrize(
    "body, name",
    [
        ({"status": "klaar"}, "status"),
        ({"toegewezenAanActoren": []}, "toegewezenAanActoren"),
        ({"toegewezenAanActor": None, "toegewezenAanActoren": None}, "toegewezenAanActoren"),
        ({"gevraagdeHandeling": "x" * 201}, "gevraagdeHandeling"),
        ({"toelichting": "x" * 1001}, "toelichting"),
        ({"nummer": "12a"}, "nummer"),
        ({"referentienummer": "12345678901"}, "referentienummer"),
        (
            {"aanleidinggevendKlantcontact": {"uuid": "00000000-0000-0000-0000-000000000000"}},
            "aanleidinggevendKlantcontact",
        ),
        (
            {"toegewezenAanActoren": [{"uuid": "00000000-0000-0000-0000-000000000000"}]},
            "toegewezenAanActoren",
        ),
    ],
)
def test_bad_input_is_a_400_and_stores_nothing(api, klantcontact, actoren, body, name):
    payload = {"toegewezenAanActoren": [ref(actoren[0])], **body}
    payload = {key: value for key, value in payload.items() if value is not None}

    assert_invalid(create(api, klantcontact, **payload), name)
    assert not InterneTaak.objects.exists()
    assert not Event.objects.filter(kanaal="internetaken").exists()


def test_filters(api, actoren):
    eerste, tweede = make_klantcontact(), make_klantcontact()
    a = create(api, eerste, toegewezenAanActoren=[ref(actoren[0])], referentienummer="11").json()
    b = create(api, tweede, toegewezenAanActoren=[ref(actoren[1]), ref(actoren[0])]).json()
    api.patch(b["url"], {"status": "verwerkt"}, format="json")

    def found(**params):
        response = api.get(INTERNETAKEN, params)
        assert response.status_code == 200, response.content
        return sorted(item["uuid"] for item in response.json()["results"])

    assert found(status="verwerkt") == [b["uuid"]]
    assert found(actoren__naam="Anna") == sorted([a["uuid"], b["uuid"]])
    assert found(actoren__naam="Bert") == [b["uuid"]]
    assert found(toegewezenAanActor__uuid=str(actoren[1].uuid)) == [b["uuid"]]
    assert found(aanleidinggevendKlantcontact__uuid=str(eerste.uuid)) == [a["uuid"]]
    assert found(klantcontact__nummer=tweede.nummer) == [b["uuid"]]
    assert found(referentienummer="11") == [a["uuid"]]
    assert found(nummer=a["nummer"]) == [a["uuid"]]


def test_a_klantcontact_shows_and_expands_the_taken_it_led_to(api, klantcontact, actoren):
    taak = create(api, klantcontact, toegewezenAanActoren=[ref(actoren[0])]).json()
    url = f"{KI}/klantcontacten/{klantcontact.uuid}"

    body = api.get(url, {"expand": "leiddeTotInterneTaken"}).json()

    assert [t["uuid"] for t in body["leiddeTotInterneTaken"]] == [taak["uuid"]]
    assert (
        body["_expand"]["leiddeTotInterneTaken"][0]["gevraagdeHandeling"] == "Bel de inwoner terug"
    )
    leidde = api.get(f"{KI}/klantcontacten", {"leiddeTotInterneTaken": "true"}).json()
    assert [kc["uuid"] for kc in leidde["results"]] == [str(klantcontact.uuid)]


def test_deleting_the_klantcontact_deletes_its_interne_taken(api, klantcontact, actoren):
    create(api, klantcontact, toegewezenAanActoren=[ref(actoren[0])])

    assert api.delete(f"{KI}/klantcontacten/{klantcontact.uuid}").status_code == 204
    assert not InterneTaak.objects.exists()


def test_the_list_costs_the_same_for_1_and_20_taken(api, actoren):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert api.get(INTERNETAKEN, {"actoren__naam": "Anna"}).status_code == 200
        return len(context.captured_queries)

    create(api, make_klantcontact(), toegewezenAanActoren=[ref(actoren[0])])
    small = queries()
    assert small <= 8
    for _ in range(19):
        create(api, make_klantcontact(), toegewezenAanActoren=[ref(a) for a in actoren])

    assert queries() == small


def test_a_null_single_actor_is_refused(api, klantcontact):
    assert_invalid(create(api, klantcontact, toegewezenAanActor=None), "toegewezenAanActor")


def test_a_taak_whose_actoren_were_deleted_shows_no_first_actor(api, klantcontact, actoren):
    taak = create(api, klantcontact, toegewezenAanActoren=[ref(actoren[0])]).json()
    actoren[0].delete()

    body = api.get(taak["url"]).json()

    assert (body["toegewezenAanActor"], body["toegewezenAanActoren"]) == (None, [])
