"""Who made a change is kept with it: staff user, API client, or the system itself."""

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from simple_history.models import HistoricalRecords

from klantcontacten import selectors, services
from klantenregister.core.services import create_api_client

GESPREK = {"kanaal": "balie", "onderwerp": "Paspoort", "taal": "nld", "vertrouwelijk": False}


@pytest.fixture
def as_request_user():
    """Run code as if inside a request by `user` (what HistoryRequestMiddleware provides)."""

    def _set(user):
        request = RequestFactory().post("/")
        request.user = user
        HistoricalRecords.context.request = request

    yield _set
    if hasattr(HistoricalRecords.context, "request"):
        del HistoricalRecords.context.request


@pytest.mark.django_db
def test_a_change_outside_a_request_is_attributed_to_the_system():
    klantcontact = services.create_klantcontact(dict(GESPREK))
    [regel] = selectors.klantcontact_historie(klantcontact)
    assert (regel.actie, regel.actor) == ("aangemaakt", "systeem")


@pytest.mark.django_db
def test_a_change_by_an_api_client_names_the_client(as_request_user):
    client, _ = create_api_client("zaaksysteem", "klantinteracties:write")
    as_request_user(client)
    klantcontact = services.create_klantcontact(dict(GESPREK))
    row = klantcontact.history.get()
    assert row.history_api_client == client
    assert row.history_user is None
    assert selectors.klantcontact_historie(klantcontact)[0].actor == "applicatie zaaksysteem"


@pytest.mark.django_db
def test_a_correction_by_staff_names_the_user_and_the_old_and_new_value(as_request_user):
    klantcontact = services.create_klantcontact(dict(GESPREK))
    medewerker = get_user_model().objects.create_user("fatima", password="x" * 20)
    as_request_user(medewerker)
    services.update_klantcontact(klantcontact, {"onderwerp": "Paspoort verlengen"})

    regels = selectors.klantcontact_historie(klantcontact)
    assert [r.actie for r in regels] == ["aangemaakt", "gewijzigd"]
    correctie = regels[1]
    assert correctie.actor == "medewerker fatima"
    assert [(w.veld, w.oud, w.nieuw) for w in correctie.wijzigingen] == [
        ("onderwerp", "Paspoort", "Paspoort verlengen")
    ]
    assert klantcontact.history.first().history_user == medewerker


@pytest.mark.django_db
def test_history_of_a_klantcontact_costs_the_same_queries_for_many_changes(
    django_assert_max_num_queries,
):
    klantcontact = services.create_klantcontact(dict(GESPREK))
    for index in range(20):
        services.update_klantcontact(klantcontact, {"inhoud": f"versie {index}"})
        services.create_bijlage({"klantcontact": klantcontact})
    # 5 models × (ids + rows) at most, plus one uuid lookup per referenced model.
    with django_assert_max_num_queries(12):
        regels = selectors.klantcontact_historie(klantcontact)
    assert len(regels) == 41
    assert regels[-1].resource == "bijlage"
