"""/api/kic/v1 contactmomenten, klantcontactmomenten, objectcontactmomenten: every response
kind against the reference contract, methods, scopes, round trips through the new model,
query counts, events and an old client's whole life cycle with a JWT-ZGW token."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from klantcontacten.models import ActorKlantcontact, Onderwerpobject
from klantenregister.events.models import Event
from tests.conftest import KI
from tests.kic.contract import assert_contract
from tests.kic_contactmomenten.conftest import CM, KCM, OCM, contactmoment_body


def contract(response):
    assert_contract(response, contract="contactmomenten")
    return response


def uuid_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


@pytest.fixture
def no_remote(settings):
    settings.KIC_VALIDATE_REMOTE_URLS = False
    settings.KIC_VALIDATE_REMOTE_RELATIONS = False


@pytest.fixture
def objectcontactmoment(kic_api, no_remote):
    def _make(cm_url: str) -> dict:
        body = {
            "contactmoment": cm_url,
            "object": f"https://zrc.example.nl/api/v1/zaken/{uuid.uuid4()}",
            "objectType": "zaak",
        }
        response = kic_api.post(OCM, body, format="json")
        assert response.status_code == 201, response.json()
        return response.json()

    return _make


# --- every response kind against the contract ---------------------------------------------


@pytest.mark.django_db
def test_contactmomenten_responses_match_the_contract(kic_api, post_contactmoment):
    created = contract(kic_api.post(CM, contactmoment_body(), format="json"))
    assert created.status_code == 201
    assert created["Location"] == created.json()["url"]
    url = created.json()["url"]
    contract(kic_api.get(CM))
    contract(kic_api.get(CM, {"kanaal": "telefoon", "page": 1}))
    detail = contract(kic_api.get(url))
    assert detail["ETag"]
    assert kic_api.get(url, HTTP_IF_NONE_MATCH=detail["ETag"]).status_code == 304
    assert kic_api.head(url).content == b""
    contract(kic_api.put(url, contactmoment_body(kanaal="balie"), format="json"))
    contract(kic_api.patch(url, {"tekst": "aangevuld"}, format="json"))
    for bad in (
        {"bronorganisatie": "123456789"},  # 11-proef
        {"kanaal": "x" * 51},
        {"voorkeurstaal": "nlds"},
        {"onderwerpLinks": ["geen-url"]},
        {"initiatiefnemer": "burger"},
        {"medewerkerIdentificatie": {"identificatie": "x" * 25}},
        {"registratiedatum": "morgen"},
        {"vorigContactmoment": "https://elders.nl/contactmomenten/1"},
    ):
        response = contract(kic_api.post(CM, contactmoment_body(**bad), format="json"))
        assert response.status_code == 400, bad
    missing = contactmoment_body()
    del missing["bronorganisatie"]
    response = contract(kic_api.post(CM, missing, format="json"))
    assert response.json()["invalidParams"][0]["name"] == "bronorganisatie"
    contract(kic_api.get(f"{CM}/{uuid.uuid4()}"))  # 404
    contract(kic_api.get(CM, {"onbekend": "1"}))  # 400 unknown-parameters
    assert kic_api.get(CM, {"page": 2}).status_code == 404
    assert contract(kic_api.delete(url)).status_code == 204


@pytest.mark.django_db
def test_klantcontactmomenten_responses_match_the_contract(kic_api, post_contactmoment, klant_url):
    cm = post_contactmoment()
    body = {"contactmoment": cm["url"], "klant": klant_url(), "rol": "belanghebbende"}
    created = contract(kic_api.post(KCM, body, format="json"))
    assert created.status_code == 201
    url = created.json()["url"]
    assert created.json() == {**body, "url": url}
    contract(kic_api.get(KCM))
    contract(kic_api.get(KCM, {"contactmoment": cm["url"], "rol": "belanghebbende"}))
    assert contract(kic_api.get(KCM, {"klant": body["klant"]})).json()["count"] == 1
    assert contract(kic_api.get(KCM, {"rol": "gesprekspartner"})).json()["count"] == 0
    contract(kic_api.get(url))
    response = contract(kic_api.post(KCM, {**body, "rol": "klant"}, format="json"))
    assert response.json()["invalidParams"][0] == {
        "name": "rol",
        "code": "invalid_choice",
        "reason": response.json()["invalidParams"][0]["reason"],
    }
    assert kic_api.put(url, body, format="json").status_code == 405
    assert kic_api.patch(url, {"rol": "gesprekspartner"}, format="json").status_code == 405
    assert contract(kic_api.delete(url)).status_code == 204


@pytest.mark.django_db
def test_objectcontactmomenten_responses_match_the_contract(
    kic_api, post_contactmoment, objectcontactmoment
):
    cm = post_contactmoment()
    created = objectcontactmoment(cm["url"])
    contract(kic_api.get(created["url"]))
    contract(kic_api.get(OCM))
    assert contract(kic_api.get(OCM, {"object": created["object"]})).json()["count"] == 1
    assert contract(kic_api.get(OCM, {"contactmoment": cm["url"]})).json()["count"] == 1
    assert contract(kic_api.get(OCM, {"objectType": "zaak"})).json()["count"] == 1
    contract(kic_api.get(OCM, {"object": "geen url"}))  # 400
    bad = contract(
        kic_api.post(OCM, {"contactmoment": cm["url"], "object": created["object"]}, format="json")
    )
    assert bad.json()["invalidParams"][0]["name"] == "objectType"
    body = {"contactmoment": cm["url"], "object": created["object"], "objectType": "zaak"}
    assert kic_api.put(created["url"], body, format="json").status_code == 405
    assert contract(kic_api.delete(created["url"])).status_code == 204


@pytest.mark.django_db
def test_audittrail_lists_first_gen_writes(kic_api, post_contactmoment):
    cm = post_contactmoment()
    kic_api.patch(cm["url"], {"kanaal": "balie"}, format="json", HTTP_X_AUDIT_TOELICHTING="typo")
    trail = contract(kic_api.get(f"{cm['url']}/audittrail"))
    entries = trail.json()
    assert [(e["bron"], e["actie"]) for e in entries] == [
        ("cmc", "create"),
        ("cmc", "partial_update"),
    ]
    assert entries[1]["wijzigingen"]["nieuw"]["kanaal"] == "balie"
    assert entries[1]["toelichting"] == "typo"
    contract(kic_api.get(f"{cm['url']}/audittrail/{entries[0]['uuid']}"))


# --- scopes -----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "scope"),
    [
        ("get", CM, "contactmomenten.lezen"),
        ("post", CM, "contactmomenten.aanmaken"),
        ("get", KCM, "contactmomenten.lezen"),
        ("post", KCM, "contactmomenten.aanmaken"),
        ("get", OCM, "contactmomenten.lezen"),
        ("post", OCM, "contactmomenten.aanmaken"),
    ],
)
def test_each_collection_operation_needs_its_scope(make_kic_client, method, path, scope):
    without = make_kic_client(scopes=(), kic_scopes=("klanten.lezen",))
    response = getattr(without, method)(path, {}, format="json")
    assert response.status_code == 403
    with_scope = make_kic_client(scopes=(), kic_scopes=(scope,))
    response = getattr(with_scope, method)(path, {}, format="json")
    assert response.status_code in (200, 400)


@pytest.mark.django_db
def test_detail_operations_need_their_scope(make_kic_client, post_contactmoment):
    url = post_contactmoment()["url"]
    lezen = make_kic_client(scopes=(), kic_scopes=("contactmomenten.lezen",))
    assert lezen.get(url).status_code == 200
    assert lezen.patch(url, {"kanaal": "x"}, format="json").status_code == 403
    assert lezen.delete(url).status_code == 403
    assert lezen.get(f"{url}/audittrail").status_code == 403
    bijwerken = make_kic_client(scopes=(), kic_scopes=("contactmomenten.bijwerken",))
    assert bijwerken.patch(url, {"kanaal": "x"}, format="json").status_code == 200
    verwijderen = make_kic_client(scopes=(), kic_scopes=("contactmomenten.verwijderen",))
    assert verwijderen.delete(url).status_code == 204


# --- round trips old → new → old --------------------------------------------------------------


@pytest.mark.django_db
def test_round_trip_contactmoment_fields(kic_api, api, post_contactmoment):
    vorig = post_contactmoment()
    cm = post_contactmoment(
        registratiedatum="2025-02-03T10:11:12+01:00",
        kanaal="e-mail",
        voorkeurstaal="eng",
        tekst="Klacht over de stoep",
        vorigContactmoment=vorig["url"],
        voorkeurskanaal="telefoon",
        onderwerpLinks=["https://www.gemeente.nl/afval"],
        medewerker="",
    )
    new = api.get(f"{KI}/klantcontacten/{uuid_of(cm['url'])}").json()
    assert new["uuid"] == uuid_of(cm["url"])
    assert new["plaatsgevondenOp"] == "2025-02-03T10:11:12+01:00"
    assert (new["kanaal"], new["taal"], new["inhoud"]) == ("e-mail", "eng", "Klacht over de stoep")
    onderwerp = api.get(new["gingOverOnderwerpobjecten"][0]["url"]).json()
    assert onderwerp["wasKlantcontact"]["uuid"] == uuid_of(vorig["url"])

    # Changed through the new API, read back through the old.
    patch = {
        "plaatsgevondenOp": "2025-02-04T09:00:00+01:00",
        "kanaal": "balie",
        "taal": "nld",
        "inhoud": "Klacht over de stoep, opgelost",
    }
    assert api.patch(f"{KI}/klantcontacten/{new['uuid']}", patch, format="json").status_code == 200
    old = contract(kic_api.get(cm["url"])).json()
    assert old["registratiedatum"] == "2025-02-04T09:00:00+01:00"
    assert (old["kanaal"], old["voorkeurstaal"], old["tekst"]) == (
        "balie",
        "nld",
        "Klacht over de stoep, opgelost",
    )
    # Extension fields are unaffected by the new API and round-trip as sent.
    assert old["voorkeurskanaal"] == "telefoon"
    assert old["onderwerpLinks"] == ["https://www.gemeente.nl/afval"]
    assert old["vorigContactmoment"] == vorig["url"]
    assert old["bronorganisatie"] == "002220647"
    assert old["medewerkerIdentificatie"]["identificatie"] == "mw-001"


@pytest.mark.django_db
def test_round_trip_klantcontactmoment_and_objectcontactmoment(
    kic_api, api, post_contactmoment, klant_url, objectcontactmoment
):
    cm = post_contactmoment()
    klant = klant_url()
    kcm = kic_api.post(
        KCM, {"contactmoment": cm["url"], "klant": klant, "rol": "gesprekspartner"}, format="json"
    ).json()
    betrokkene = api.get(f"{KI}/betrokkenen/{uuid_of(kcm['url'])}").json()
    assert betrokkene["hadKlantcontact"]["uuid"] == uuid_of(cm["url"])
    assert betrokkene["wasPartij"]["uuid"] == uuid_of(klant)
    assert contract(kic_api.get(kcm["url"])).json()["klant"] == klant

    ocm = objectcontactmoment(cm["url"])
    onderwerp = api.get(f"{KI}/onderwerpobjecten/{uuid_of(ocm['url'])}").json()
    assert onderwerp["klantcontact"]["uuid"] == uuid_of(cm["url"])
    assert onderwerp["onderwerpobjectidentificator"]["objectId"] == uuid_of(ocm["object"])
    assert contract(kic_api.get(ocm["url"])).json()["object"] == ocm["object"]


@pytest.mark.django_db
def test_klantcontact_made_in_v1_reads_through_the_old_api(kic_api, api, settings):
    partij = api.post(
        f"{KI}/partijen",
        {"soortPartij": "persoon", "indicatieActief": True, "partijIdentificatie": {}},
        format="json",
    )
    assert partij.status_code == 201, partij.json()
    kc = api.post(
        f"{KI}/klantcontacten",
        {
            "kanaal": "balie",
            "onderwerp": "Paspoort",
            "inhoud": "Aanvraag",
            "taal": "nld",
            "vertrouwelijk": False,
        },
        format="json",
    ).json()
    betrokkene = api.post(
        f"{KI}/betrokkenen",
        {
            "hadKlantcontact": {"uuid": kc["uuid"]},
            "wasPartij": {"uuid": partij.json()["uuid"]},
            "rol": "klant",
            "initiator": True,
        },
        format="json",
    )
    assert betrokkene.status_code == 201, betrokkene.json()
    old = contract(kic_api.get(f"{CM}/{kc['uuid']}")).json()
    assert old["bronorganisatie"] == settings.KIC_DEFAULT_BRONORGANISATIE
    assert (old["kanaal"], old["voorkeurstaal"], old["tekst"]) == ("balie", "nld", "Aanvraag")
    assert old["initiatiefnemer"] == "klant"
    assert (old["medewerker"], old["medewerkerIdentificatie"], old["onderwerpLinks"]) == (
        "",
        None,
        [],
    )
    kcm = contract(kic_api.get(KCM, {"contactmoment": old["url"]})).json()["results"]
    assert [(k["rol"], uuid_of(k["klant"])) for k in kcm] == [
        ("belanghebbende", partij.json()["uuid"])
    ]
    assert (
        contract(kic_api.get(CM, {"bronorganisatie": settings.KIC_DEFAULT_BRONORGANISATIE})).json()[
            "count"
        ]
        == 1
    )


# --- filters and query counts ------------------------------------------------------------------


@pytest.mark.django_db
def test_contactmomenten_filters(kic_api, post_contactmoment, settings):
    eerste = post_contactmoment(kanaal="balie", voorkeurskanaal="post", voorkeurstaal="eng")
    tweede = post_contactmoment(vorigContactmoment=eerste["url"], initiatiefnemer="gemeente")
    settings.KIC_VALIDATE_REMOTE_URLS = False
    derde = post_contactmoment(
        medewerker="https://medewerkers.nl/api/mw/1", bronorganisatie="517439943"
    )

    def urls(query):
        response = contract(kic_api.get(CM, query))
        assert response.status_code == 200, response.json()
        return {item["url"] for item in response.json()["results"]}

    assert urls({"kanaal": "balie"}) == {eerste["url"]}
    assert urls({"voorkeurskanaal": "post"}) == {eerste["url"]}
    assert urls({"voorkeurstaal": "eng"}) == {eerste["url"]}
    assert urls({"vorigContactmoment": eerste["url"]}) == {tweede["url"]}
    assert urls({"volgendContactmoment": tweede["url"]}) == {eerste["url"]}
    assert urls({"initiatiefnemer": "gemeente"}) == {tweede["url"]}
    assert urls({"medewerker": "https://medewerkers.nl/api/mw/1"}) == {derde["url"]}
    assert urls({"bronorganisatie": "517439943"}) == {derde["url"]}
    assert urls({"bronorganisatie": "002220647"}) == {eerste["url"], tweede["url"]}
    ordered = contract(kic_api.get(CM, {"ordering": "kanaal"})).json()["results"]
    assert ordered[0]["kanaal"] == "balie"
    for value in ("klant", "-onderwerp_links", "medewerker_identificatie", "-url", "tekst"):
        assert contract(kic_api.get(CM, {"ordering": value})).status_code == 200
    assert contract(kic_api.get(CM, {"ordering": "onzin"})).status_code == 400


def _count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_check35_list_queries_constant(kic_api, post_contactmoment, klant_url, objectcontactmoment):
    """Spec §11 check 35: the same number of queries for 2 rows as for 12."""

    def add(n):
        for _ in range(n):
            vorig = post_contactmoment()
            cm = post_contactmoment(vorigContactmoment=vorig["url"])
            kic_api.post(
                KCM,
                {"contactmoment": cm["url"], "klant": klant_url(), "rol": "belanghebbende"},
                format="json",
            )
            objectcontactmoment(cm["url"])

    add(1)
    few = {path: _count_queries(kic_api, path) for path in (CM, KCM, OCM)}
    add(5)
    many = {path: _count_queries(kic_api, path) for path in (CM, KCM, OCM)}
    assert few == many, (few, many)
    assert kic_api.get(CM).json()["count"] == 12


# --- events -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_write_records_one_event_v1_or_first_gen(
    kic_api, post_contactmoment, klant_url, settings
):
    before = Event.objects.count()
    cm = post_contactmoment(vorigContactmoment=post_contactmoment()["url"])
    assert Event.objects.count() == before + 2
    event = Event.objects.latest("id")
    assert (event.kanaal, event.resource, event.actie) == (
        "klantcontacten",
        "klantcontact",
        "create",
    )
    assert "/klantinteracties/api/v1/klantcontacten/" in event.resource_url

    settings.KIC_NOTIFICATIE_KANALEN = "first-gen"
    before = Event.objects.count()
    kcm = kic_api.post(
        KCM,
        {"contactmoment": cm["url"], "klant": klant_url(), "rol": "belanghebbende"},
        format="json",
    ).json()
    kic_api.patch(cm["url"], {"kanaal": "balie"}, format="json")
    kic_api.delete(kcm["url"])
    kic_api.delete(cm["url"])
    events = list(Event.objects.order_by("id"))[before:]
    # The klant made by klant_url() records its own (partijen) event first.
    events = [e for e in events if e.kanaal == "contactmomenten"]
    assert [(e.resource, e.actie) for e in events] == [
        ("klantcontactmoment", "create"),
        ("contactmoment", "update"),
        ("klantcontactmoment", "destroy"),
        ("contactmoment", "destroy"),
    ]
    assert all(e.hoofd_object == cm["url"] for e in events)
    assert events[-1].kenmerken == {"bronorganisatie": "002220647", "kanaal": "balie"}


# --- an old client's whole life cycle ----------------------------------------------------------


@pytest.mark.django_db
def test_old_client_create_find_update_delete_with_jwt_and_v1_sees_it(make_kic_client, api):
    old = make_kic_client(
        scopes=(),
        kic_scopes=(
            "contactmomenten.lezen",
            "contactmomenten.aanmaken",
            "contactmomenten.bijwerken",
            "contactmomenten.verwijderen",
        ),
        jwt=True,
    )
    created = contract(old.post(CM, contactmoment_body(kanaal="chat"), format="json"))
    assert created.status_code == 201
    url = created.json()["url"]
    v1_url = f"{KI}/klantcontacten/{uuid_of(url)}"
    assert api.get(v1_url).json()["kanaal"] == "chat"

    found = contract(old.get(CM, {"kanaal": "chat"})).json()
    assert [item["url"] for item in found["results"]] == [url]

    updated = contract(
        old.put(url, contactmoment_body(kanaal="telefoon", tekst="Teruggebeld"), format="json")
    )
    assert updated.status_code == 200
    assert (api.get(v1_url).json()["kanaal"], api.get(v1_url).json()["inhoud"]) == (
        "telefoon",
        "Teruggebeld",
    )

    assert old.delete(url).status_code == 204
    assert api.get(v1_url).status_code == 404
    assert old.get(url).status_code == 404


@pytest.mark.django_db
def test_round_trip_links_changed_in_v1(kic_api, api, post_contactmoment, klant_url):
    """vorigContactmoment, medewerker and rol as the new model holds them, changed through v1,
    read back through the old API."""
    eerste, tweede = post_contactmoment(), post_contactmoment()
    cm = post_contactmoment(vorigContactmoment=eerste["url"])
    onderwerp = Onderwerpobject.objects.get(klantcontact__uuid=uuid_of(cm["url"]))
    response = api.patch(
        f"{KI}/onderwerpobjecten/{onderwerp.uuid}",
        {"wasKlantcontact": {"uuid": uuid_of(tweede["url"])}},
        format="json",
    )
    assert response.status_code == 200, response.json()
    old = contract(kic_api.get(cm["url"])).json()
    assert old["vorigContactmoment"] == tweede["url"]
    assert contract(kic_api.get(tweede["url"])).json()["volgendContactmoment"] == cm["url"]

    # A v1-made klantcontact with a medewerker actor and a vertegenwoordiger betrokkene.
    actor = api.post(
        f"{KI}/actoren",
        {
            "naam": "Jansen",
            "soortActor": "medewerker",
            "actoridentificator": {
                "objectId": "mw-42",
                "codeObjecttype": "medewerker",
                "codeRegister": "kic",
                "codeSoortObjectId": "identificatie",
            },
            "actorIdentificatie": {"functie": "KCC", "telefoonnummer": "0201234567"},
        },
        format="json",
    )
    assert actor.status_code == 201, actor.json()
    kc = api.post(
        f"{KI}/klantcontacten",
        {"kanaal": "balie", "onderwerp": "x", "taal": "nld", "vertrouwelijk": False},
        format="json",
    ).json()
    assert (
        api.post(
            f"{KI}/actorklantcontacten",
            {"actor": {"uuid": actor.json()["uuid"]}, "klantcontact": {"uuid": kc["uuid"]}},
            format="json",
        ).status_code
        == 201
    )
    partij_uuid = uuid_of(klant_url())
    assert (
        api.post(
            f"{KI}/betrokkenen",
            {
                "hadKlantcontact": {"uuid": kc["uuid"]},
                "wasPartij": {"uuid": partij_uuid},
                "rol": "vertegenwoordiger",
                "initiator": False,
            },
            format="json",
        ).status_code
        == 201
    )
    old = contract(kic_api.get(f"{CM}/{kc['uuid']}")).json()
    assert old["medewerkerIdentificatie"] == {
        "identificatie": "mw-42",
        "achternaam": "Jansen",
        "voorletters": "",
        "voorvoegselAchternaam": "",
    }
    assert old["initiatiefnemer"] == "gemeente"
    kcm = contract(kic_api.get(KCM, {"contactmoment": old["url"]})).json()["results"]
    assert [k["rol"] for k in kcm] == ["gesprekspartner"]
    # An old client using that klantcontact: the identificatie links the same actor.
    again = post_contactmoment(medewerkerIdentificatie={"identificatie": "mw-42"})
    assert ActorKlantcontact.objects.filter(
        actor__uuid=actor.json()["uuid"], klantcontact__uuid=uuid_of(again["url"])
    ).exists()
