"""Taak Simpel and Taak Uitgebreid (spec/processes.md §1, §2) end to end, through HTTP only.

Each step of the sequence is the request the zaaksysteem, the afhandelcomponent or
MijnOmgeving would make, each with its own API client. The afhandelcomponent is subscribed to
the `taken` kanaal (NRC notificatie format) and receives its notifications on a real HTTP
server on 127.0.0.1; the outbox is driven as the Celery worker would (run_outbox).

The afhandelcomponent stores the message it sent as a klantcontact (maak-klantcontact); the
Bericht of step 7 arrives with the berichten app.
"""

import pytest

from klantenregister.events.models import Abonnement, AbonnementKanaal, Delivery
from tests.conftest import KI
from tests.events.conftest import run_outbox
from tests.events.receiver import Receiver
from tests.factories import valid_bsn
from tests.taken.conftest import TAKEN, ZAAK

pytestmark = pytest.mark.django_db

VOORKEUR = {"voorkeurskanaal": {"soortDigitaalAdres": "email", "adres": "fenna@example.nl"}}


@pytest.fixture
def afhandelcomponent_ontvanger(quick_retries):
    receiver = Receiver().start()
    abonnement = Abonnement.objects.create(
        naam="afhandelcomponent",
        callback_url=receiver.url,
        formaat=Abonnement.Formaat.NOTIFICATIE,
    )
    AbonnementKanaal.objects.create(abonnement=abonnement, naam="taken")
    yield receiver
    receiver.stop()


@pytest.fixture
def quick_retries(settings):
    settings.EVENTS_RETRY_BASE_SECONDS = 0.05
    settings.EVENTS_RETRY_MAX_SECONDS = 0.2
    settings.EVENTS_CONNECT_TIMEOUT = 1.0
    settings.EVENTS_READ_TIMEOUT = 2.0
    return settings


@pytest.fixture
def clients(make_client):
    return {
        "zaaksysteem": make_client("taken:write"),
        "afhandelcomponent": make_client("taken:read,klantinteracties:write"),
        "mijnomgeving": make_client("taken:write"),
        "beheer": make_client("klantinteracties:write"),
    }


@pytest.fixture
def inwoner(clients):
    """The klant, registered with a BSN and an e-mail address as voorkeur."""
    bsn = valid_bsn()
    beheer = clients["beheer"]
    partij = beheer.post(
        f"{KI}/partijen",
        {
            "soortPartij": "persoon",
            "indicatieActief": True,
            "partijIdentificatie": {"contactnaam": {"voornaam": "Fenna", "achternaam": "Bos"}},
        },
        format="json",
    ).json()
    ref = {"uuid": partij["uuid"]}
    identificator = beheer.post(
        f"{KI}/partij-identificatoren",
        {
            "identificeerdePartij": ref,
            "partijIdentificator": {
                "codeObjecttype": "natuurlijk_persoon",
                "codeSoortObjectId": "bsn",
                "objectId": bsn,
                "codeRegister": "brp",
            },
        },
        format="json",
    )
    assert identificator.status_code == 201, identificator.content
    adres = beheer.post(
        f"{KI}/digitaleadressen",
        {
            "verstrektDoorPartij": ref,
            "adres": "fenna@example.nl",
            "soortDigitaalAdres": "email",
            "omschrijving": "privé",
        },
        format="json",
    ).json()
    voorkeur = beheer.patch(
        partij["url"], {"voorkeursDigitaalAdres": {"uuid": adres["uuid"]}}, format="json"
    )
    assert voorkeur.status_code == 200, voorkeur.content
    return {"bsn": bsn, "partij": partij, "adres": adres}


def notifications(receiver: Receiver) -> list[dict]:
    """The notifications received, each once (a retried one carries the same X-Event-Id)."""
    seen: dict[str, dict] = {}
    for request in receiver.requests:
        seen.setdefault(request.header("X-Event-Id"), request.json())
    return list(seen.values())


def delivered(receiver: Receiver) -> list[tuple[str, str]]:
    """(actie, resourceUrl) of every notification, in order, once the outbox is done."""
    run_outbox()
    return [(body["actie"], body["resourceUrl"]) for body in notifications(receiver)]


def verzoek_tot_aanvulling(zaaksysteem, bsn: str) -> dict:
    """Taak Simpel step 2: the zaaksysteem asks the klant for an extra document."""
    response = zaaksysteem.post(
        TAKEN,
        {
            "title": "Lever een kopie van uw loonstrook aan",
            "zaak": ZAAK,
            "identificatie": {"type": "bsn", "value": bsn},
            "actie": {"type": "url", "value": "https://mijn.gemeente.nl/aanvullen/123"},
            "extraData": VOORKEUR,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "open"
    return response.json()


def afhandelcomponent_stuurt_bericht(afhandelcomponent, notification: dict, bsn: str) -> dict:
    """Steps 4-7: fetch the taak, decide the channel, send, record the message sent."""
    taak = afhandelcomponent.get(notification["resourceUrl"])
    assert taak.status_code == 200
    assert taak.json()["extraData"] == VOORKEUR  # byte for byte (S1.3, S3.3)

    # Step 5 (when the taak carries no voorkeurskanaal): the klant's own preference.
    partijen = afhandelcomponent.get(
        f"{KI}/partijen",
        {
            "partijIdentificator__codeSoortObjectId": "bsn",
            "partijIdentificator__objectId": bsn,
            "expand": "digitaleAdressen",
        },
    ).json()["results"]
    assert len(partijen) == 1
    voorkeur = partijen[0]["voorkeursDigitaalAdres"]
    adressen = {a["uuid"]: a for a in partijen[0]["_expand"]["digitaleAdressen"]}
    assert adressen[voorkeur["uuid"]]["adres"] == "fenna@example.nl"

    # Step 7: the message sent is recorded (as a klantcontact about the zaak).
    contact = afhandelcomponent.post(
        f"{KI}/maak-klantcontact",
        {
            "klantcontact": {
                "kanaal": "e-mail",
                "onderwerp": "Verzoek tot aanvulling",
                "inhoud": taak.json()["title"],
                "indicatieContactGelukt": True,
                "taal": "nld",
                "vertrouwelijk": False,
            },
            "betrokkene": {
                "wasPartij": {"uuid": partijen[0]["uuid"]},
                "rol": "klant",
                "initiator": False,
            },
            "onderwerpobject": {
                "onderwerpobjectidentificator": {
                    "objectId": ZAAK.rsplit("/", 1)[1],
                    "codeObjecttype": "zaak",
                    "codeRegister": "openzaak",
                    "codeSoortObjectId": "uuid",
                }
            },
        },
        format="json",
    )
    assert contact.status_code == 201, contact.content
    return contact.json()


def open_taken(mijnomgeving, bsn: str) -> list[str]:
    response = mijnomgeving.get(TAKEN, {"bsn": bsn, "status": "open", "ordering": "vervaldatum"})
    assert response.status_code == 200, response.content
    return [taak["uuid"] for taak in response.json()["results"]]


def test_taak_simpel(clients, inwoner, afhandelcomponent_ontvanger):
    receiver = afhandelcomponent_ontvanger
    bsn = inwoner["bsn"]
    receiver.stop()  # the afhandelcomponent is down when the taak is made

    # 1-2. The zaaksysteem creates the klanttaak.
    taak = verzoek_tot_aanvulling(clients["zaaksysteem"], bsn)
    assert taak["partij"]["uuid"] == inwoner["partij"]["uuid"]

    # 3. The notification arrives once the afhandelcomponent is back (retries in between).
    run_outbox(until=lambda: Delivery.objects.filter(attempts__gte=1).exists())
    assert Delivery.objects.get().status == "pending"  # refused, to be retried
    receiver.start()
    assert delivered(receiver) == [("create", taak["url"])]
    (created,) = notifications(receiver)
    assert created["kanaal"] == "taken" and created["resource"] == "taak"
    assert created["kenmerken"] == {"status": "open", "zaak": ZAAK, "identificatie.type": "bsn"}
    assert bsn not in str(notifications(receiver))

    # 4-7. The afhandelcomponent reaches the klant and records the message.
    afhandelcomponent_stuurt_bericht(clients["afhandelcomponent"], created, bsn)

    # 8. The klant logs in; MijnOmgeving shows the open taken.
    assert open_taken(clients["mijnomgeving"], bsn) == [taak["uuid"]]

    # 9-10. The klant uploads the document; MijnOmgeving closes the taak (simple flow).
    gesloten = clients["mijnomgeving"].patch(
        taak["url"],
        {"status": "gesloten", "verzondenData": {"document": "loonstrook.pdf"}},
        format="json",
    )
    assert gesloten.status_code == 200, gesloten.content
    assert gesloten.json()["status"] == "gesloten"
    assert delivered(receiver) == [("create", taak["url"]), ("partial_update", taak["url"])]
    assert notifications(receiver)[-1]["kenmerken"]["status"] == "gesloten"
    assert open_taken(clients["mijnomgeving"], bsn) == []


def test_taak_uitgebreid(clients, inwoner, afhandelcomponent_ontvanger):
    receiver = afhandelcomponent_ontvanger
    bsn = inwoner["bsn"]
    zaaksysteem, mijnomgeving = clients["zaaksysteem"], clients["mijnomgeving"]

    # 1-2 happen in the zaaksysteem. 3. The zaaksysteem asks for an extra document.
    taak = verzoek_tot_aanvulling(zaaksysteem, bsn)
    run_outbox()
    (created,) = notifications(receiver)
    afhandelcomponent_stuurt_bericht(clients["afhandelcomponent"], created, bsn)

    # The zaak page of the portal and the zaaksysteem list every taak of the zaak.
    tweede = zaaksysteem.post(TAKEN, {"title": "Betaal de leges", "zaak": ZAAK}, format="json")
    zaak_taken = zaaksysteem.get(TAKEN, {"zaak": ZAAK}).json()["results"]
    assert {t["uuid"] for t in zaak_taken} == {taak["uuid"], tweede.json()["uuid"]}

    # The klant uploads; MijnOmgeving submits the taak (extended lifecycle).
    assert open_taken(mijnomgeving, bsn) == [taak["uuid"]]
    ingediend = mijnomgeving.post(
        f"{taak['url']}/indienen", {"verzondenData": {"document": "loonstrook.pdf"}}, format="json"
    )
    assert ingediend.status_code == 200, ingediend.content
    assert ingediend.json()["status"] == "ingediend"
    assert open_taken(mijnomgeving, bsn) == []

    # The medewerker accepts the document: the zaaksysteem processes, then archives the taak.
    assert zaaksysteem.patch(taak["url"], {"status": "verwerkt"}, format="json").status_code == 200
    terug = zaaksysteem.patch(taak["url"], {"status": "open"}, format="json")
    assert terug.status_code == 400
    assert terug.json()["invalidParams"][0]["name"] == "status"
    assert terug.json()["invalidParams"][0]["code"] == "invalid-transition"
    archief = zaaksysteem.patch(taak["url"], {"status": "gesloten"}, format="json")
    assert archief.json()["status"] == "gesloten"

    # One notification per step, in order; the refused step sent none.
    taak_updates = [n for n in delivered(receiver) if n[1] == taak["url"]]
    assert taak_updates == [
        ("create", taak["url"]),
        ("partial_update", taak["url"]),
        ("partial_update", taak["url"]),
        ("partial_update", taak["url"]),
    ]
    statuses = [
        n["kenmerken"]["status"]
        for n in notifications(receiver)
        if n["resourceUrl"] == taak["url"] and n["actie"] == "partial_update"
    ]
    assert statuses == ["ingediend", "verwerkt", "gesloten"]
