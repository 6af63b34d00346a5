"""The portal queries of spec/taken.md §5: each one a filter, constant queries per page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from taken import services
from taken.models import Taak
from tests.factories import make_persoon, valid_bsn
from tests.partijen.helpers import assert_invalid
from tests.taken.conftest import TAKEN, ZAAK

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["results"]]


def taak(title: str, **data) -> Taak:
    return services.create_taak({"title": title, **data})


def test_bsn_finds_taken_by_identificatie_betrokkene_and_partij_each_once(api):
    bsn = valid_bsn()
    persoon = make_persoon(bsn=bsn)
    taak("identificatie", identificatie_type="bsn", identificatie_value=bsn)
    taak("betrokkene", betrokkenen=[{"inp_bsn": bsn, "rol_type": "belanghebbende"}])
    taak("partij", betrokkenen=[{"partij": persoon}, {"partij": persoon}])
    taak(
        "alles",
        identificatie_type="bsn",
        identificatie_value=bsn,
        betrokkenen=[{"inp_bsn": bsn}, {"partij": persoon}],
    )
    taak("iemand anders", identificatie_type="bsn", identificatie_value=valid_bsn())

    found = titles(api.get(TAKEN, {"bsn": bsn}))

    assert sorted(found) == ["alles", "betrokkene", "identificatie", "partij"]


def test_open_taken_for_a_bsn_by_deadline_and_the_badge_count(api):
    bsn = valid_bsn()
    now = timezone.now()
    for dagen, title in ((9, "later"), (2, "eerst"), (5, "midden")):
        taak(
            title,
            identificatie_type="bsn",
            identificatie_value=bsn,
            vervaldatum=now + timedelta(days=dagen),
        )
    klaar = taak("klaar", identificatie_type="bsn", identificatie_value=bsn)
    services.update_taak(klaar, {"status": "gesloten"})

    params = {"bsn": bsn, "status": "open", "ordering": "vervaldatum"}
    assert titles(api.get(TAKEN, params)) == ["eerst", "midden", "later"]
    assert api.get(TAKEN, {**params, "pageSize": 1}).json()["count"] == 3
    portal = {"identificatie__type": "bsn", "identificatie__value": bsn, "status": "open"}
    assert sorted(titles(api.get(TAKEN, portal))) == ["eerst", "later", "midden"]
    assert titles(api.get(TAKEN, {"bsn": bsn, "status__in": "gesloten,verwerkt"})) == ["klaar"]


def test_zaak_verwerker_taak_id_partij_actie_and_deadlines(api):
    persoon = make_persoon()
    now = timezone.now()
    taak("van de zaak", zaak=ZAAK, verwerker_taak_id="bpmn-1", partij=persoon)
    taak(
        "formulier",
        actie_type="id",
        actie_value="aanvraag-parkeervergunning",
        verloopdatum=now + timedelta(days=3),
    )

    assert titles(api.get(TAKEN, {"zaak": ZAAK})) == ["van de zaak"]
    assert titles(api.get(TAKEN, {"verwerkerTaakId": "bpmn-1"})) == ["van de zaak"]
    assert titles(api.get(TAKEN, {"verwerker_taak_id": "bpmn-1"})) == ["van de zaak"]
    assert titles(api.get(TAKEN, {"partij": str(persoon.uuid)})) == ["van de zaak"]
    partij_url = f"http://testserver/klantinteracties/api/v1/partijen/{persoon.uuid}"
    assert titles(api.get(TAKEN, {"partij": partij_url})) == ["van de zaak"]
    assert titles(api.get(TAKEN, {"formulier": "aanvraag-parkeervergunning"})) == ["formulier"]
    assert titles(api.get(TAKEN, {"actie__type": "id"})) == ["formulier"]
    assert titles(api.get(TAKEN, {"soort": "formulier"})) == ["formulier"]
    soon = (now + timedelta(days=7)).isoformat()
    assert titles(api.get(TAKEN, {"verloopdatum__lt": soon})) == ["formulier"]
    assert titles(api.get(TAKEN, {"title": "ZAAK"})) == ["van de zaak"]


@pytest.mark.parametrize(
    "param, value",
    [
        ("bsn", "123456789"),
        ("bsn", "12345"),
        ("kvk", "12"),
        ("status", "klaar"),
        ("status__in", "open,klaar"),
        ("ordering", "titel"),
        ("verloopdatum__lt", "morgen"),
        ("identificatie__type", "paspoort"),
        ("onbekend", "x"),
    ],
)
def test_bad_filter_values_are_a_400_naming_the_parameter(api, param, value):
    assert_invalid(api.get(TAKEN, {param: value}), param)


def count_queries(client, params) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(TAKEN, params)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_portal_query_costs_the_same_for_1_and_25_taken(api):
    bsn = valid_bsn()
    persoon = make_persoon(bsn=bsn)
    params = {"bsn": bsn, "status": "open", "ordering": "vervaldatum", "expand": "partij"}

    taak("een", identificatie_type="bsn", identificatie_value=bsn, betrokkenen=[{"rol_type": "x"}])
    api.get(TAKEN)  # the client's first request also records when it was last used
    small = count_queries(api, params)
    for index in range(24):
        taak(
            f"taak {index}",
            identificatie_type="bsn",
            identificatie_value=bsn,
            betrokkenen=[{"partij": persoon}, {"inp_bsn": bsn}],
        )
    large = count_queries(api, params)

    assert api.get(TAKEN, params).json()["count"] == 25
    assert small == large


def test_a_search_by_bsn_is_logged_without_the_bsn(api):
    from klantenregister.verwerkingen.models import Verwerkingsactie

    bsn = valid_bsn()
    persoon = make_persoon(bsn=bsn)
    taak("voor de persoon", identificatie_type="bsn", identificatie_value=bsn)

    assert titles(api.get(TAKEN, {"bsn": bsn})) == ["voor de persoon"]

    (actie,) = Verwerkingsactie.objects.all()
    assert actie.soort == "zoeken_bsn"
    assert actie.partij_uuid == persoon.uuid
    assert actie.pad == TAKEN
    assert bsn not in actie.zoekwaarde and actie.zoekwaarde.startswith("bsn:")
