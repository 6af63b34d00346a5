"""Spec kic_compat §11 checks 16-24 through /api/kic/v1, each as a named test, every response
validated against the reference Contactmomenten contract."""

import datetime
import uuid

import pytest

from kic_compat.models import KlantcontactmomentExtensie, OnderwerpobjectExtensie
from klantcontacten import services as kc_services
from klantcontacten.models import (
    Actor,
    ActorKlantcontact,
    Betrokkene,
    Klantcontact,
    Onderwerpobject,
)
from taken.models import InterneTaak
from taken.services import create_interne_taak
from tests.conftest import KI
from tests.factories import make_actor
from tests.kic.contract import assert_contract
from tests.kic_contactmomenten.conftest import CM, KCM, OCM, contactmoment_body


def contract(response):
    assert_contract(response, contract="contactmomenten")
    return response


def v1_klantcontact(api, url: str) -> dict:
    response = api.get(f"{KI}/klantcontacten/{url.rstrip('/').rsplit('/', 1)[-1]}")
    assert response.status_code == 200
    return response.json()


def assert_validatiefout(response, name: str, code: str) -> None:
    """A 400 in the first-generation ValidatieFout shape, for a 400 the contract omits."""
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert {"type", "code", "title", "status", "detail", "instance", "invalidParams"} <= set(body)
    assert body["instance"].startswith("urn:uuid:")
    assert {"name": name, "code": code} in [
        {"name": p["name"], "code": p["code"]} for p in body["invalidParams"]
    ]


def invalid(response, name: str, code: str) -> None:
    contract(response)
    assert response.status_code == 400, response.json()
    params = {(p["name"], p["code"]) for p in response.json()["invalidParams"]}
    assert (name, code) in params, params


@pytest.mark.django_db
def test_check16_blank_kanaal_and_voorkeurstaal_store_defaults_and_read_back_blank(kic_api, api):
    response = contract(
        kic_api.post(CM, contactmoment_body(kanaal="", voorkeurstaal=""), format="json")
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["kanaal"], body["voorkeurstaal"]) == ("", "")
    read = contract(kic_api.get(body["url"])).json()
    assert (read["kanaal"], read["voorkeurstaal"]) == ("", "")
    # Omitted altogether: the same.
    omitted = contactmoment_body()
    del omitted["kanaal"], omitted["voorkeurstaal"]
    body2 = contract(kic_api.post(CM, omitted, format="json")).json()
    assert (body2["kanaal"], body2["voorkeurstaal"]) == ("", "")
    v1 = v1_klantcontact(api, body["url"])
    assert (v1["kanaal"], v1["taal"], v1["onderwerp"], v1["vertrouwelijk"]) == (
        "onbekend",
        "nld",
        "Contactmoment",
        False,
    )


@pytest.mark.django_db
def test_check17_long_tekst_reads_back_whole_v1_inhoud_has_1000(kic_api, api):
    tekst = "".join(chr(ord("a") + i % 26) for i in range(1500))
    body = contract(kic_api.post(CM, contactmoment_body(tekst=tekst), format="json")).json()
    assert body["tekst"] == tekst
    assert contract(kic_api.get(body["url"])).json()["tekst"] == tekst
    assert v1_klantcontact(api, body["url"])["inhoud"] == tekst[:1000]
    # Once v1 edits inhoud, the first generation sees that edit.
    uuid_ = body["url"].rsplit("/", 1)[-1]
    assert (
        api.patch(f"{KI}/klantcontacten/{uuid_}", {"inhoud": "nieuw"}, format="json").status_code
        == 200
    )
    assert kic_api.get(body["url"]).json()["tekst"] == "nieuw"


@pytest.mark.django_db
def test_check18_vorig_contactmoment(kic_api, post_contactmoment):
    eerste = post_contactmoment()
    tweede = contract(
        kic_api.post(CM, contactmoment_body(vorigContactmoment=eerste["url"]), format="json")
    ).json()
    assert tweede["vorigContactmoment"] == eerste["url"]
    assert contract(kic_api.get(eerste["url"])).json()["volgendContactmoment"] == tweede["url"]
    link = Onderwerpobject.objects.get(klantcontact__uuid=tweede["url"].rsplit("/", 1)[-1])
    assert str(link.was_klantcontact.uuid) == eerste["url"].rsplit("/", 1)[-1]
    assert OnderwerpobjectExtensie.objects.get(onderwerpobject=link).soort == "vorig_contactmoment"

    # Reusing the same vorig: 400 unique, nothing saved.
    count = Klantcontact.objects.count()
    invalid(
        kic_api.post(CM, contactmoment_body(vorigContactmoment=eerste["url"]), format="json"),
        "vorigContactmoment",
        "unique",
    )
    assert Klantcontact.objects.count() == count
    # Itself: invalid.
    invalid(
        kic_api.patch(tweede["url"], {"vorigContactmoment": tweede["url"]}, format="json"),
        "vorigContactmoment",
        "invalid",
    )
    # Unknown: does_not_exist.
    invalid(
        kic_api.patch(
            tweede["url"],
            {"vorigContactmoment": f"http://testserver{CM}/{uuid.uuid4()}"},
            format="json",
        ),
        "vorigContactmoment",
        "does_not_exist",
    )

    # null removes both directions.
    patched = contract(kic_api.patch(tweede["url"], {"vorigContactmoment": None}, format="json"))
    assert patched.json()["vorigContactmoment"] is None
    assert kic_api.get(eerste["url"]).json()["volgendContactmoment"] is None
    assert Onderwerpobject.objects.count() == 0


@pytest.mark.django_db
def test_check19_medewerker_required_and_one_actor_per_identificatie(kic_api):
    body = contactmoment_body()
    del body["medewerkerIdentificatie"]
    invalid(kic_api.post(CM, body, format="json"), "nonFieldErrors", "invalid-medewerker")
    invalid(
        kic_api.post(CM, contactmoment_body(medewerkerIdentificatie=None), format="json"),
        "nonFieldErrors",
        "invalid-medewerker",
    )
    assert Klantcontact.objects.count() == 0

    # The medewerker Actor (known to the new model, with the kic actoridentificator).
    actor = kc_services.create_actor(
        {
            "naam": "P. Jansen",
            "soort_actor": "medewerker",
            "actoridentificator": {
                "code_register": "kic",
                "code_objecttype": "medewerker",
                "code_soort_object_id": "identificatie",
                "object_id": "mw-001",
            },
            "actor_identificatie": {"functie": "KCC", "telefoonnummer": "0201234567"},
        }
    )
    een = contract(kic_api.post(CM, contactmoment_body(), format="json")).json()
    twee = contract(kic_api.post(CM, contactmoment_body(), format="json")).json()
    assert Actor.objects.count() == 1
    linked = set(
        ActorKlantcontact.objects.filter(actor=actor).values_list("klantcontact__uuid", flat=True)
    )
    assert {str(u) for u in linked} == {een["url"][-36:], twee["url"][-36:]}
    # Changing the identificatie replaces the link.
    contract(
        kic_api.patch(
            een["url"], {"medewerkerIdentificatie": {"identificatie": "mw-999"}}, format="json"
        )
    )
    assert ActorKlantcontact.objects.filter(actor=actor).count() == 1


@pytest.mark.django_db
def test_check20_registratiedatum_filters_and_ordering_act_on_plaatsgevonden_op(kic_api, api):
    base = datetime.datetime(2024, 3, 1, 12, 0, tzinfo=datetime.UTC)
    urls = []
    for days in (0, 1, 2):
        moment = (base + datetime.timedelta(days=days)).isoformat()
        urls.append(
            contract(
                kic_api.post(CM, contactmoment_body(registratiedatum=moment), format="json")
            ).json()["url"]
        )
    v1 = v1_klantcontact(api, urls[1])
    assert v1["plaatsgevondenOp"].startswith("2024-03-02")

    def found(query: dict) -> list[str]:
        response = contract(kic_api.get(CM, query))
        assert response.status_code == 200, response.json()
        return [item["url"] for item in response.json()["results"]]

    middle = (base + datetime.timedelta(days=1)).isoformat()
    assert set(found({"registratiedatum__gt": middle})) == {urls[2]}
    assert set(found({"registratiedatum__gte": middle})) == {urls[1], urls[2]}
    assert set(found({"registratiedatum__lt": middle})) == {urls[0]}
    assert set(found({"registratiedatum__lte": middle})) == {urls[0], urls[1]}
    assert found({"registratiedatum": middle}) == [urls[1]]
    assert found({"ordering": "-registratiedatum"}) == urls[::-1]
    assert found({"ordering": "registratiedatum"}) == urls
    assert found({}) == urls[::-1]  # default order -registratiedatum
    invalid(
        kic_api.get(CM, {"registratiedatum__gt": "gisteren"}), "registratiedatum__gt", "invalid"
    )


@pytest.mark.django_db
def test_check21_rollen_mapping(kic_api, api, post_contactmoment, klant_url):
    cm = post_contactmoment(initiatiefnemer="klant")
    a, b = klant_url(), klant_url()
    kcm_a = contract(
        kic_api.post(
            KCM, {"contactmoment": cm["url"], "klant": a, "rol": "belanghebbende"}, format="json"
        )
    )
    assert kcm_a.status_code == 201, kcm_a.json()
    kcm_b = contract(
        kic_api.post(
            KCM, {"contactmoment": cm["url"], "klant": b, "rol": "gesprekspartner"}, format="json"
        )
    )
    assert kcm_b.status_code == 201

    def v1_betrokkene(kcm) -> dict:
        return api.get(f"{KI}/betrokkenen/{kcm.json()['url'][-36:]}").json()

    assert (v1_betrokkene(kcm_a)["rol"], v1_betrokkene(kcm_a)["initiator"]) == ("klant", True)
    assert (v1_betrokkene(kcm_b)["rol"], v1_betrokkene(kcm_b)["initiator"]) == (
        "vertegenwoordiger",
        False,
    )
    # First-generation reads keep the rol as sent.
    assert contract(kic_api.get(kcm_b.json()["url"])).json()["rol"] == "gesprekspartner"

    # Deleting A's link makes B the klant (and, initiatiefnemer klant, the initiator).
    assert contract(kic_api.delete(kcm_a.json()["url"])).status_code == 204
    assert (v1_betrokkene(kcm_b)["rol"], v1_betrokkene(kcm_b)["initiator"]) == ("klant", True)

    # initiatiefnemer gemeente: nobody is initiator any more.
    contract(kic_api.patch(cm["url"], {"initiatiefnemer": "gemeente"}, format="json"))
    assert v1_betrokkene(kcm_b)["initiator"] is False


@pytest.mark.django_db
def test_check22_duplicate_and_remote_klant(kic_api, post_contactmoment, klant_url):
    cm = post_contactmoment()
    klant = klant_url()
    body = {"contactmoment": cm["url"], "klant": klant, "rol": "belanghebbende"}
    assert contract(kic_api.post(KCM, body, format="json")).status_code == 201
    invalid(kic_api.post(KCM, body, format="json"), "nonFieldErrors", "unique")
    assert Betrokkene.objects.count() == 1
    # The same klant in the other rol is fine.
    assert (
        contract(kic_api.post(KCM, {**body, "rol": "gesprekspartner"}, format="json")).status_code
        == 201
    )
    remote = f"https://klanten.elders.nl/api/v1/klanten/{uuid.uuid4()}"
    invalid(kic_api.post(KCM, {**body, "klant": remote}, format="json"), "klant", "no_match")
    invalid(
        kic_api.post(KCM, {**body, "klant": klant[:-36] + str(uuid.uuid4())}, format="json"),
        "klant",
        "does_not_exist",
    )
    assert Betrokkene.objects.count() == 2
    assert KlantcontactmomentExtensie.objects.count() == 2


@pytest.mark.django_db
def test_check23_objectcontactmoment_against_the_zrc(kic_api, post_contactmoment, zrc, settings):
    cm = post_contactmoment()
    zaak = zrc.add_zaak()
    body = {"contactmoment": cm["url"], "object": zaak, "objectType": "zaak"}

    # Relation absent in the ZRC: inconsistent-relation, nothing written.
    invalid(kic_api.post(OCM, body, format="json"), "nonFieldErrors", "inconsistent-relation")
    assert Onderwerpobject.objects.count() == 0

    zrc.relate(zaak, cm["url"])
    created = contract(kic_api.post(OCM, body, format="json"))
    assert created.status_code == 201, created.json()
    assert created.json()["object"] == zaak
    onderwerpobject = Onderwerpobject.objects.get(uuid=created.json()["url"][-36:])
    assert (
        onderwerpobject.onderwerpobjectidentificator_code_objecttype,
        onderwerpobject.onderwerpobjectidentificator_code_register,
        onderwerpobject.onderwerpobjectidentificator_code_soort_object_id,
        onderwerpobject.onderwerpobjectidentificator_object_id,
    ) == ("zaak", "openzaak", "uuid", zaak[-36:])
    assert (
        "/api/v1/zaakcontactmomenten",
        {"zaak": zaak, "contactmoment": cm["url"]},
    ) in zrc.requests

    # Duplicate (contactmoment, object): unique.
    invalid(kic_api.post(OCM, body, format="json"), "nonFieldErrors", "unique")
    # An object that does not exist: bad-url.
    missing = f"{zrc.root}/zaken/{uuid.uuid4()}"
    invalid(kic_api.post(OCM, {**body, "object": missing}, format="json"), "object", "bad-url")

    # DELETE while the ZRC still holds the relation: remote-relation-exists. (The contract
    # documents no 400 on this DELETE; spec §4.4 requires it, in the ValidatieFout shape.)
    refused = kic_api.delete(created.json()["url"])
    assert_validatiefout(refused, "nonFieldErrors", "remote-relation-exists")
    assert Onderwerpobject.objects.filter(pk=onderwerpobject.pk).exists()
    zrc.unrelate(zaak, cm["url"])
    assert kic_api.delete(created.json()["url"]).status_code == 204
    assert not Onderwerpobject.objects.filter(pk=onderwerpobject.pk).exists()

    # The configured identificator codes are used.
    settings.KIC_ZAAK_IDENTIFICATOR = ("zaak", "zrc-gemeente", "uuid")
    zrc.relate(zaak, cm["url"])
    again = contract(kic_api.post(OCM, body, format="json")).json()
    assert (
        Onderwerpobject.objects.get(
            uuid=again["url"][-36:]
        ).onderwerpobjectidentificator_code_register
        == "zrc-gemeente"
    )


@pytest.mark.django_db
def test_check23_object_must_end_in_a_uuid(kic_api, post_contactmoment, settings):
    settings.KIC_VALIDATE_REMOTE_URLS = False
    settings.KIC_VALIDATE_REMOTE_RELATIONS = False
    cm = post_contactmoment()
    body = {"contactmoment": cm["url"], "object": "https://zrc.nl/zaken/123", "objectType": "zaak"}
    invalid(kic_api.post(OCM, body, format="json"), "object", "invalid")


@pytest.mark.django_db
def test_check24_delete_removes_klant_and_objectcontactmomenten_and_interne_taken(
    kic_api, post_contactmoment, klant_url, settings
):
    settings.KIC_VALIDATE_REMOTE_URLS = False
    settings.KIC_VALIDATE_REMOTE_RELATIONS = False
    cm = post_contactmoment()
    interne_taak = create_interne_taak(
        {
            "gevraagde_handeling": "Bel de klant terug",
            "klantcontact": Klantcontact.objects.get(uuid=cm["url"].rsplit("/", 1)[1]),
            "status": "te_verwerken",
            "actoren": [make_actor()],
        }
    )
    volgend = post_contactmoment(vorigContactmoment=cm["url"])
    kcm = kic_api.post(
        KCM,
        {"contactmoment": cm["url"], "klant": klant_url(), "rol": "belanghebbende"},
        format="json",
    ).json()
    ocm = kic_api.post(
        OCM,
        {
            "contactmoment": cm["url"],
            "object": f"https://zrc.nl/zaken/{uuid.uuid4()}",
            "objectType": "zaak",
        },
        format="json",
    ).json()
    response = kic_api.delete(cm["url"])
    assert response.status_code == 204
    assert kic_api.get(cm["url"]).status_code == 404
    assert kic_api.get(kcm["url"]).status_code == 404
    assert kic_api.get(ocm["url"]).status_code == 404
    assert contract(kic_api.get(volgend["url"])).json()["vorigContactmoment"] is None
    assert Betrokkene.objects.count() == 0
    assert KlantcontactmomentExtensie.objects.count() == 0
    assert OnderwerpobjectExtensie.objects.count() == 0
    assert not InterneTaak.objects.filter(pk=interne_taak.pk).exists()


@pytest.mark.django_db
def test_check23_calls_to_a_configured_zrc_carry_our_jwt(kic_api, post_contactmoment, zrc):
    import jwt

    from klantenregister.core.services import create_externe_dienst

    secret = "geheim-van-de-zrc-voor-klantenregister"
    create_externe_dienst("ZRC", f"{zrc.root}/", "klantenregister", secret)
    cm = post_contactmoment()
    zaak = zrc.add_zaak()
    zrc.relate(zaak, cm["url"])
    body = {"contactmoment": cm["url"], "object": zaak, "objectType": "zaak"}
    assert contract(kic_api.post(OCM, body, format="json")).status_code == 201
    assert len(zrc.authorization) == 2  # the zaak itself, then the relation
    for header in zrc.authorization:
        scheme, token = header.split(" ")
        assert scheme == "Bearer"
        assert jwt.decode(token, secret, algorithms=["HS256"])["client_id"] == "klantenregister"
