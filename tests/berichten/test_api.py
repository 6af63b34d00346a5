"""/berichten/api/v1/berichten against spec/berichten.md (§2 fields, §3 behaviour, §5 checks)."""

import base64
import os
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from berichten import services
from berichten.models import Bericht, BerichtBijlage
from klantenregister.events.models import Event
from klantenregister.verwerkingen.models import Verwerkingsactie
from taken import services as taken_services
from tests.api.helpers import problem
from tests.berichten.conftest import BERICHTEN, DOCUMENT, OIN, PDF, PDF_B64, ZAAK
from tests.factories import make_klantcontact, make_persoon, valid_bsn

pytestmark = pytest.mark.django_db


def post(client, **data):
    return client.post(BERICHTEN, data, format="json")


def invalid_names(response) -> set[str]:
    body = problem(response, 400)
    return {param["name"] for param in body["invalidParams"]}


def assert_refused(response, field: str) -> None:
    """400 naming `field`, nothing stored, no event."""
    assert field in invalid_names(response), response.json()
    assert not Bericht.objects.exists()
    assert not BerichtBijlage.objects.exists()
    assert not Event.objects.filter(kanaal="berichten").exists()


def maak(**data) -> Bericht:
    data.setdefault("gebruiker_id", valid_bsn())
    data.setdefault("onderwerp", "Uw aanslag")
    return services.create_bericht(data)


def detail(bericht) -> str:
    return f"{BERICHTEN}/{bericht.uuid}"


# --- Fields round-trip -------------------------------------------------------------------------


def test_every_field_round_trips(afzender):
    bsn = valid_bsn()
    persoon = make_persoon(bsn=bsn)
    klantcontact = make_klantcontact()
    taak = taken_services.create_taak({"title": "Betaal de aanslag", "soort": "extern"})
    payload = {
        "batchID": "5d1d0b4a-7d0e-4d7c-9a57-3c4f1c2b7e11",
        "aanmaakDatum": "2026-11-01T09:00:00+01:00",
        "berichtLeverancierID": OIN,
        "berichtID": "8a5f2c3e-0b1d-4e6f-a7b8-9c0d1e2f3a4b",
        "berichtType": "Aanslag",
        "publicatieDatum": "2026-11-02T09:00:00+01:00",
        "onderwerp": "o" * 50,
        "berichttekst": "t" * 4000,
        "referentie": "r" * 25,
        "gebruikerID": bsn,
        "soortGebruiker": "natuurlijk-persoon",
        "handelingsperspectief": "betalen",
        "eindDatumHandelingstermijn": "2026-12-02T17:00:00+01:00",
        "bijlagen": [
            {"omschrijving": "a" * 40, "volgorde": 1, "bijlageType": "Pdf", "inhoud": PDF_B64},
            {"omschrijving": "Besluit", "volgorde": 2, "informatieobject": DOCUMENT},
        ],
        "zaak": ZAAK,
        "taak": {"uuid": str(taak.uuid)},
        "klantcontact": {"uuid": str(klantcontact.uuid)},
        "kanaal": "email",
        "verzondenOp": "2026-11-02T09:05:00+01:00",
    }
    response = afzender.post(BERICHTEN, payload, format="json")
    assert response.status_code == 201, response.json()
    body = afzender.get(response.json()["url"]).json()

    for key in ("batchID", "berichtLeverancierID", "berichtID", "berichtType", "onderwerp"):
        assert body[key] == payload[key]
    for key in ("berichttekst", "referentie", "gebruikerID", "soortGebruiker", "zaak", "kanaal"):
        assert body[key] == payload[key]
    assert body["handelingsperspectief"] == "betalen"
    for key in ("aanmaakDatum", "publicatieDatum", "eindDatumHandelingstermijn", "verzondenOp"):
        assert body[key] == payload[key]
    assert body["partij"]["uuid"] == str(persoon.uuid)
    assert body["taak"]["uuid"] == str(taak.uuid)
    assert body["klantcontact"]["uuid"] == str(klantcontact.uuid)
    assert body["geopend"] is False and body["geopendOp"] is None
    first, second = body["bijlagen"]
    assert first["omschrijving"] == "a" * 40 and first["volgorde"] == 1
    assert first["bijlageType"] == "Pdf" and first["inhoud"] == PDF_B64
    assert first["bestandsgrootte"] == len(PDF) and first["download"].endswith("/1/download")
    assert second["informatieobject"] == DOCUMENT and second["download"] is None
    for write_only in ("inhoud", "omschrijving", "volgorde", "bijlageType"):
        assert write_only not in body


@pytest.mark.parametrize("given", ["Burger", "natuurlijk-persoon"])
def test_soort_gebruiker_burger_is_stored_as_natuurlijk_persoon(afzender, given):
    response = post(afzender, gebruikerID=valid_bsn(), soortGebruiker=given)
    assert response.status_code == 201
    assert response.json()["soortGebruiker"] == "natuurlijk-persoon"
    assert Bericht.objects.get().soort_gebruiker == "natuurlijk-persoon"


def test_defaults(afzender):
    body = post(afzender, gebruikerID=valid_bsn()).json()
    assert body["handelingsperspectief"] == "geen"
    assert body["soortGebruiker"] == "natuurlijk-persoon"
    assert body["bijlagen"] == []


# --- Bad input: 400 naming the field, nothing stored, no event ---------------------------------


@pytest.mark.parametrize(
    ("field", "value", "name"),
    [
        ("onderwerp", "x" * 51, "onderwerp"),
        ("berichttekst", "x" * 4001, "berichttekst"),
        ("berichtLeverancierID", "1234", "berichtLeverancierID"),
        ("berichtLeverancierID", "0000000123456789000a", "berichtLeverancierID"),
        ("gebruikerID", "123456789", "gebruikerID"),
        ("referentie", "x" * 26, "referentie"),
        ("handelingsperspectief", "x" * 256, "handelingsperspectief"),
        ("soortGebruiker", "bedrijf", "soortGebruiker"),
        ("batchID", "{5d1d0b4a-7d0e-4d7c-9a57-3c4f1c2b7e11}x", "batchID"),
        ("publicatieDatum", "morgen", "publicatieDatum"),
        ("kanaal", "duif", "kanaal"),
        ("zaak", "geen url", "zaak"),
        ("partij", {"uuid": "00000000-0000-4000-8000-000000000001"}, "partij"),
        ("taak", {"uuid": "00000000-0000-4000-8000-000000000001"}, "taak"),
        ("klantcontact", {"uuid": "00000000-0000-4000-8000-000000000001"}, "klantcontact"),
        ("inhoud", "geen base64!", "inhoud"),
        ("inhoud", base64.b64encode(b"just text").decode(), "inhoud"),
        ("omschrijving", "x" * 41, "omschrijving"),
    ],
)
def test_bad_input_is_refused_naming_the_field(afzender, field, value, name):
    data = {"gebruikerID": valid_bsn(), "onderwerp": "Uw aanslag", field: value}
    if field == "omschrijving":
        data["inhoud"] = PDF_B64
    assert_refused(afzender.post(BERICHTEN, data, format="json"), name)


def test_an_addressee_is_required(afzender):
    response = post(afzender, onderwerp="Aan niemand")
    assert {"gebruikerID", "partij"} <= invalid_names(response)
    assert not Bericht.objects.exists()


def test_a_bsn_of_another_partij_is_refused(afzender):
    persoon = make_persoon(bsn=valid_bsn())
    response = post(afzender, gebruikerID=valid_bsn(), partij={"uuid": str(persoon.uuid)})
    assert_refused(response, "gebruikerID")


@pytest.mark.parametrize(
    ("bijlage", "name"),
    [
        ({"inhoud": PDF_B64, "informatieobject": DOCUMENT}, "bijlagen.0.inhoud"),
        ({"omschrijving": "leeg"}, "bijlagen.0.inhoud"),
        ({"inhoud": base64.b64encode(b"GIF89a").decode()}, "bijlagen.0.inhoud"),
        ({"inhoud": PDF_B64, "volgorde": 0}, "bijlagen.0.volgorde"),
        ({"inhoud": PDF_B64, "bijlageType": "Word"}, "bijlagen.0.bijlageType"),
        ({"informatieobject": "geen url"}, "bijlagen.0.informatieobject"),
    ],
)
def test_bad_bijlagen_are_refused(afzender, bijlage, name):
    assert_refused(post(afzender, gebruikerID=valid_bsn(), bijlagen=[bijlage]), name)


def test_two_bijlagen_with_the_same_volgorde_are_refused(afzender):
    bijlagen = [{"inhoud": PDF_B64, "volgorde": 1}, {"informatieobject": DOCUMENT, "volgorde": 1}]
    assert_refused(
        post(afzender, gebruikerID=valid_bsn(), bijlagen=bijlagen), "bijlagen.1.volgorde"
    )


def test_a_bijlage_above_the_size_cap_is_refused(afzender, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
    too_big = base64.b64encode(b"%PDF-" + b"0" * (10 * 1024 * 1024)).decode()
    assert_refused(post(afzender, gebruikerID=valid_bsn(), inhoud=too_big), "inhoud")


def test_top_level_and_nested_bijlagen_together_are_refused(afzender):
    response = post(
        afzender,
        gebruikerID=valid_bsn(),
        inhoud=PDF_B64,
        bijlagen=[{"informatieobject": DOCUMENT}],
    )
    assert_refused(response, "inhoud")


# --- Bijlagen ------------------------------------------------------------------------------------


def test_top_level_inhoud_becomes_bijlage_1(afzender):
    body = post(
        afzender, gebruikerID=valid_bsn(), inhoud=PDF_B64, omschrijving="Aanslag 2026"
    ).json()
    (bijlage,) = body["bijlagen"]
    assert bijlage["volgorde"] == 1
    assert bijlage["omschrijving"] == "Aanslag 2026"
    assert bijlage["bijlageType"] == "Pdf"
    stored = BerichtBijlage.objects.get()
    assert stored.inhoud.read() == PDF


def test_download_returns_the_pdf(afzender, portaal):
    body = post(afzender, gebruikerID=valid_bsn(), inhoud=PDF_B64).json()
    response = portaal.get(f"{body['url']}/bijlagen/1/download", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_download_of_a_missing_or_linked_bijlage_is_404(afzender):
    body = post(afzender, gebruikerID=valid_bsn(), bijlagen=[{"informatieobject": DOCUMENT}]).json()
    problem(afzender.get(f"{body['url']}/bijlagen/1/download"), 404)
    problem(afzender.get(f"{body['url']}/bijlagen/2/download"), 404)


def test_lists_leave_out_inhoud(afzender):
    post(afzender, gebruikerID=valid_bsn(), inhoud=PDF_B64)
    (item,) = afzender.get(BERICHTEN).json()["results"]
    (bijlage,) = item["bijlagen"]
    assert "inhoud" not in bijlage
    assert bijlage["download"]


def test_replacing_bijlagen_before_publication_removes_the_old_file(
    afzender, django_capture_on_commit_callbacks
):
    morgen = (timezone.now() + timedelta(days=1)).isoformat()
    body = post(afzender, gebruikerID=valid_bsn(), inhoud=PDF_B64, publicatieDatum=morgen).json()
    old = BerichtBijlage.objects.get().inhoud.path
    with django_capture_on_commit_callbacks(execute=True):
        response = afzender.patch(
            body["url"], {"bijlagen": [{"informatieobject": DOCUMENT}]}, format="json"
        )
    assert response.status_code == 200, response.json()
    assert [b["informatieobject"] for b in response.json()["bijlagen"]] == [DOCUMENT]
    assert not os.path.exists(old)


# --- Addressee -----------------------------------------------------------------------------------


def test_the_partij_is_linked_from_the_bsn(afzender):
    bsn = valid_bsn()
    persoon = make_persoon(bsn=bsn)
    assert post(afzender, gebruikerID=bsn).json()["partij"]["uuid"] == str(persoon.uuid)


def test_a_partij_alone_fills_in_its_bsn(afzender):
    bsn = valid_bsn()
    persoon = make_persoon(bsn=bsn)
    assert post(afzender, partij={"uuid": str(persoon.uuid)}).json()["gebruikerID"] == bsn


def test_a_bsn_without_partij_is_stored_without_one(afzender):
    body = post(afzender, gebruikerID=valid_bsn()).json()
    assert body["partij"] is None


# --- Visibility ----------------------------------------------------------------------------------


def test_a_future_publicatie_datum_is_left_out_of_zichtbaar(afzender, portaal):
    bsn = valid_bsn()
    nu = maak(gebruiker_id=bsn, onderwerp="nu")
    gisteren = maak(
        gebruiker_id=bsn, onderwerp="gisteren", publicatie_datum=timezone.now() - timedelta(1)
    )
    gepland = maak(
        gebruiker_id=bsn, onderwerp="gepland", publicatie_datum=timezone.now() + timedelta(1)
    )

    def onderwerpen(client, **params):
        return {item["onderwerp"] for item in client.get(BERICHTEN, params).json()["results"]}

    assert onderwerpen(afzender, zichtbaar="true") == {"nu", "gisteren"}
    assert onderwerpen(afzender, zichtbaar="false") == {"gepland"}
    assert onderwerpen(afzender) == {"nu", "gisteren", "gepland"}
    # The portal never sees a scheduled bericht, with or without the filter.
    assert onderwerpen(portaal) == {"nu", "gisteren"}
    problem(portaal.get(detail(gepland)), 404)
    assert portaal.get(detail(nu)).status_code == 200
    assert portaal.get(detail(gisteren)).status_code == 200


# --- Read status ---------------------------------------------------------------------------------


def test_the_portal_marks_a_bericht_opened_once(portaal):
    bericht = maak()
    response = portaal.patch(detail(bericht), {"geopend": True}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["geopend"] is True and body["geopendOp"]
    first = Bericht.objects.get().geopend_op
    assert first is not None

    again = portaal.patch(detail(bericht), {"geopend": True}, format="json")
    assert again.status_code == 200
    assert Bericht.objects.get().geopend_op == first
    assert Event.objects.filter(kanaal="berichten", actie="update").count() == 1


def test_geopend_never_goes_back(afzender):
    bericht = maak()
    services.markeer_geopend(bericht)
    response = afzender.patch(detail(bericht), {"geopend": False}, format="json")
    assert "geopend" in invalid_names(response)
    assert Bericht.objects.get().geopend is True


@pytest.mark.parametrize(
    "body",
    [
        {"onderwerp": "Anders"},
        {"geopend": True, "onderwerp": "Anders"},
        {"geopend": False},
        {"kanaal": "email"},
        {},
    ],
)
def test_the_portal_may_patch_nothing_but_geopend_true(portaal, body):
    bericht = maak()
    problem(portaal.patch(detail(bericht), body, format="json"), 403)
    stored = Bericht.objects.get()
    assert stored.onderwerp == "Uw aanslag" and stored.geopend is False


def test_the_portal_cannot_put_post_or_delete(portaal):
    bericht = maak()
    problem(portaal.put(detail(bericht), {"geopend": True}, format="json"), 403)
    problem(post(portaal, gebruikerID=valid_bsn()), 403)
    problem(portaal.delete(detail(bericht)), 403)
    assert Bericht.objects.count() == 1


def test_unread_count(portaal):
    bsn = valid_bsn()
    maak(gebruiker_id=bsn)
    services.markeer_geopend(maak(gebruiker_id=bsn))
    maak(gebruiker_id=bsn)
    maak(gebruiker_id=bsn, publicatie_datum=timezone.now() + timedelta(days=1))
    maak()
    params = {"bsn": bsn, "geopend": "false", "zichtbaar": "true"}
    assert portaal.get(BERICHTEN, params).json()["count"] == 2
    assert portaal.get(BERICHTEN, {"gebruikerID": bsn, "geopend": "false"}).json()["count"] == 2


# --- Immutability --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("onderwerp", "Anders"),
        ("berichttekst", "Anders"),
        ("bijlagen", [{"informatieobject": DOCUMENT}]),
        ("publicatieDatum", "2030-01-01T00:00:00Z"),
    ],
)
def test_published_content_cannot_change(afzender, field, value):
    bericht = maak(berichttekst="Tekst")
    events = Event.objects.count()
    response = afzender.patch(detail(bericht), {field: value}, format="json")
    assert field in invalid_names(response)
    stored = Bericht.objects.get()
    assert (stored.onderwerp, stored.berichttekst) == ("Uw aanslag", "Tekst")
    assert stored.publicatie_datum is None
    assert Event.objects.count() == events


def test_published_koppelingen_and_geopend_may_change(afzender):
    bericht = maak()
    body = {"zaak": ZAAK, "kanaal": "portaal", "verzondenOp": "2026-11-02T09:05:00Z"}
    response = afzender.patch(detail(bericht), {**body, "geopend": True}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["zaak"] == ZAAK and response.json()["geopend"] is True


def test_a_scheduled_bericht_can_still_be_edited(afzender):
    bericht = maak(publicatie_datum=timezone.now() + timedelta(days=1))
    response = afzender.patch(detail(bericht), {"onderwerp": "Verbeterd"}, format="json")
    assert response.status_code == 200, response.json()
    assert Bericht.objects.get().onderwerp == "Verbeterd"


def test_put_with_the_same_content_is_allowed_after_publication(afzender):
    bericht = maak()
    body = afzender.get(detail(bericht)).json()
    response = afzender.put(
        detail(bericht),
        {"gebruikerID": body["gebruikerID"], "onderwerp": body["onderwerp"], "zaak": ZAAK},
        format="json",
    )
    assert response.status_code == 200, response.json()


def test_the_sender_deletes_a_bericht_and_its_file(afzender, django_capture_on_commit_callbacks):
    body = post(afzender, gebruikerID=valid_bsn(), inhoud=PDF_B64).json()
    path = BerichtBijlage.objects.get().inhoud.path
    with django_capture_on_commit_callbacks(execute=True):
        assert afzender.delete(body["url"]).status_code == 204
    assert not Bericht.objects.exists() and not BerichtBijlage.objects.exists()
    assert not os.path.exists(path)


# --- Filters and ordering ------------------------------------------------------------------------


def test_every_filter(afzender):
    bsn = valid_bsn()
    persoon = make_persoon(bsn=bsn)
    taak = taken_services.create_taak({"title": "Lever aan", "soort": "extern"})
    batch = "5d1d0b4a-7d0e-4d7c-9a57-3c4f1c2b7e11"
    bericht_id = "8a5f2c3e-0b1d-4e6f-a7b8-9c0d1e2f3a4b"
    doel = maak(
        gebruiker_id=bsn,
        onderwerp="doel",
        bericht_type="Aanslag",
        handelingsperspectief="betalen",
        zaak=ZAAK,
        taak=taak,
        referentie="REF-1",
        batch_id=batch,
        bericht_id=bericht_id,
        publicatie_datum=timezone.now() - timedelta(days=2),
    )
    maak(onderwerp="ander", publicatie_datum=timezone.now() - timedelta(days=10))

    def found(**params):
        response = afzender.get(BERICHTEN, params)
        assert response.status_code == 200, response.json()
        return [item["onderwerp"] for item in response.json()["results"]]

    assert doel.partij == persoon
    for params in (
        {"gebruikerID": bsn},
        {"bsn": bsn},
        {"partij": str(persoon.uuid)},
        {"partij": f"http://testserver/klantinteracties/api/v1/partijen/{persoon.uuid}"},
        {"berichtType": "Aanslag"},
        {"handelingsperspectief": "betalen"},
        {"zaak": ZAAK},
        {"taak": str(taak.uuid)},
        {"referentie": "REF-1"},
        {"batchID": batch},
        {"berichtID": bericht_id},
        {"publicatieDatum__gte": (timezone.now() - timedelta(days=5)).isoformat()},
    ):
        assert found(**params) == ["doel"], params
    assert found(publicatieDatum__lt=(timezone.now() - timedelta(days=5)).isoformat()) == ["ander"]
    assert found(ordering="publicatieDatum") == ["ander", "doel"]
    assert found(ordering="-publicatieDatum") == ["doel", "ander"]
    assert found() == ["doel", "ander"]


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("bsn", "123456789"),
        ("gebruikerID", "12"),
        ("geopend", "misschien"),
        ("zichtbaar", "ja"),
        ("batchID", "geen-uuid"),
        ("publicatieDatum__gte", "morgen"),
        ("ordering", "onderwerp"),
        ("expand", "klantcontact"),
        ("onbekend", "x"),
    ],
)
def test_bad_filter_values_are_a_400_naming_the_parameter(afzender, param, value):
    body = problem(afzender.get(BERICHTEN, {param: value}), 400)
    assert param in {p["name"] for p in body["invalidParams"]}


def test_a_bsn_search_is_logged_hashed(afzender):
    bsn = valid_bsn()
    persoon = make_persoon(bsn=bsn)
    maak(gebruiker_id=bsn)
    assert afzender.get(BERICHTEN, {"gebruikerID": bsn}).json()["count"] == 1
    (actie,) = Verwerkingsactie.objects.all()
    assert actie.soort == "zoeken_bsn"
    assert actie.partij_uuid == persoon.uuid
    assert bsn not in actie.zoekwaarde and actie.zoekwaarde.startswith("bsn:")


# --- Performance ---------------------------------------------------------------------------------


def count_queries(client, params) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(BERICHTEN, params)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_inbox_costs_the_same_for_1_and_25_berichten(afzender):
    bsn = valid_bsn()
    persoon = make_persoon(bsn=bsn)
    params = {"gebruikerID": bsn, "zichtbaar": "true", "expand": "partij,taak"}

    def one(index):
        taak = taken_services.create_taak({"title": f"taak {index}", "soort": "extern"})
        maak(
            gebruiker_id=bsn,
            taak=taak,
            bijlagen=[{"inhoud": PDF}, {"informatieobject": DOCUMENT}],
        )

    one(0)
    afzender.get(BERICHTEN)  # the client's first request also records when it was last used
    small = count_queries(afzender, params)
    for index in range(1, 25):
        one(index)
    large = count_queries(afzender, params)

    body = afzender.get(BERICHTEN, params).json()
    assert body["count"] == 25
    assert body["results"][0]["_expand"]["partij"]["uuid"] == str(persoon.uuid)
    assert body["results"][0]["_expand"]["taak"]["title"].startswith("taak ")
    assert small == large


# --- Scopes --------------------------------------------------------------------------------------


def test_anonymous_is_401(client):
    problem(client.get(BERICHTEN), 401)


def test_another_apis_scope_is_403(make_client):
    other = make_client("taken:write")
    problem(other.get(BERICHTEN), 403)
    problem(other.patch(f"{BERICHTEN}/{maak().uuid}", {"geopend": True}, format="json"), 403)
    assert Bericht.objects.get().geopend is False


# --- Events --------------------------------------------------------------------------------------


def test_events_carry_the_kenmerken_and_never_the_bsn(afzender):
    bsn = valid_bsn()
    body = post(
        afzender, gebruikerID=bsn, berichtType="Besluit", handelingsperspectief="reageren"
    ).json()
    afzender.patch(body["url"], {"kanaal": "berichtenbox"}, format="json")
    afzender.delete(body["url"])

    events = list(Event.objects.filter(kanaal="berichten").order_by("pk"))
    assert [event.actie for event in events] == ["create", "update", "destroy"]
    for event in events:
        assert event.resource == "bericht"
        assert event.resource_url.endswith(f"/berichten/api/v1/berichten/{body['uuid']}")
        assert event.kenmerken == {"berichtType": "Besluit", "handelingsperspectief": "reageren"}
        assert bsn not in str(event.kenmerken) and bsn not in event.resource_url


def test_a_moment_filter_with_an_offset_postgresql_refuses_is_compared_in_utc(afzender):
    # Found by schemathesis: `+16:00` is valid ISO 8601 but out of PostgreSQL's range (a 500).
    maak(publicatie_datum=timezone.now() - timedelta(days=1))
    response = afzender.get(BERICHTEN, {"publicatieDatum__gte": "2000-01-01T00:00:00+16:00"})
    assert response.status_code == 200
    assert response.json()["count"] == 1
    problem(afzender.get(BERICHTEN, {"publicatieDatum__lt": "0001-01-01T00:00:00+05:00"}), 400)


def test_api_writes_are_in_the_history_with_the_client(afzender, portaal):
    body = post(afzender, gebruikerID=valid_bsn(), onderwerp="Eerst").json()
    portaal.patch(body["url"], {"geopend": True}, format="json")
    bericht = Bericht.objects.get()
    history = list(bericht.history.order_by("history_date"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert all(h.history_actor.startswith("applicatie test-client-") for h in history)
    assert history[0].history_actor != history[1].history_actor
    assert (history[0].geopend, history[1].geopend) == (False, True)


def test_download_errors_are_problem_json_also_when_a_pdf_is_asked_for(afzender):
    body = post(afzender, gebruikerID=valid_bsn()).json()
    response = afzender.get(f"{body['url']}/bijlagen/1/download", HTTP_ACCEPT="application/pdf")
    assert problem(response, 404)["detail"]
