"""Bad input on every verzoeken resource is a first-generation 400 naming the field and why,
validated against the contract, and stores nothing (spec §4.5, §11 check 27). The DRC, ZRC
and product service are a real HTTP server on 127.0.0.1 (tests/kic/remote_api.py)."""

import uuid

import pytest

from kic_compat.models import (
    KlantVerzoek,
    ObjectVerzoek,
    Verzoek,
    VerzoekContactMoment,
    VerzoekInformatieObject,
    VerzoekProduct,
)
from tests.conftest import KIC
from tests.kic.contract import assert_contract
from tests.kic_verzoeken.conftest import KVRZ, OVRZ, VCM, VIO, VPR, VRZ, verzoek_body

pytestmark = pytest.mark.django_db

WRONG_TYPES = [None, 0, 1.5, True, "x", [], ["x"], {}, {"a": 1}, "\x00", "a" * 5000]
LINK_MODELS = (KlantVerzoek, VerzoekContactMoment, VerzoekInformatieObject, VerzoekProduct)
UNKNOWN_VERZOEK = f"http://testserver{KIC}/verzoeken/{uuid.uuid4()}"


def refused(response, name: str, code: str) -> None:
    assert_contract(response, contract="verzoeken")
    assert response.status_code == 400, response.json()
    params = [(p["name"], p["code"]) for p in response.json()["invalidParams"]]
    assert (name, code) in params, params
    assert response["Content-Type"] == "application/problem+json"


def nothing_linked() -> None:
    for model in (*LINK_MODELS, ObjectVerzoek):
        assert model.objects.count() == 0, model


@pytest.fixture
def verzoek(post_verzoek):
    return post_verzoek()["url"]


# --- verzoeken ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field",
    [
        "identificatie",
        "bronorganisatie",
        "externeIdentificatie",
        "registratiedatum",
        "voorkeurskanaal",
        "tekst",
        "status",
        "inTeTrekkenVerzoek",
        "aangevuldeVerzoek",
    ],
)
def test_verzoek_field_of_any_wrong_type_is_a_400_naming_it(kic_api, field):
    for value in WRONG_TYPES:
        response = kic_api.post(VRZ, verzoek_body(**{field: value}), format="json")
        assert response.status_code in (201, 400), (field, value, response.status_code)
        if response.status_code == 400:
            assert_contract(response, contract="verzoeken")
            names = {p["name"] for p in response.json()["invalidParams"]}
            assert field in names, (field, value, response.json())
    # Only values the contract allows were stored.
    for row in Verzoek.objects.all():
        assert len(row.identificatie) <= 40 and row.status


def test_verzoek_references(kic_api, verzoek):
    refused(
        kic_api.post(VRZ, verzoek_body(inTeTrekkenVerzoek=UNKNOWN_VERZOEK), format="json"),
        "inTeTrekkenVerzoek",
        "does_not_exist",
    )
    klant = f"http://testserver{KIC}/klanten/{uuid.uuid4()}"
    refused(
        kic_api.post(VRZ, verzoek_body(aangevuldeVerzoek=klant), format="json"),
        "aangevuldeVerzoek",
        "no_match",
    )
    refused(
        kic_api.post(VRZ, verzoek_body(bronorganisatie="123456789"), format="json"),
        "bronorganisatie",
        "invalid",
    )
    missing = verzoek_body()
    del missing["status"]
    refused(kic_api.post(VRZ, missing, format="json"), "status", "required")
    assert Verzoek.objects.count() == 1


# --- link resources: the verzoek --------------------------------------------------------


@pytest.mark.parametrize("path", [KVRZ, VCM, VIO, VPR, OVRZ])
def test_unknown_or_missing_verzoek_is_refused_without_remote_calls(kic_api, api, path):
    body = {
        KVRZ: {"klant": api.add("klanten")},
        VCM: {"contactmoment": api.add("contactmomenten")},
        VIO: {"informatieobject": api.add_informatieobject()},
        VPR: {"product": api.add("producten")},
        OVRZ: {"object": api.add_zaak(), "objectType": "zaak"},
    }[path]
    refused(
        kic_api.post(path, {**body, "verzoek": UNKNOWN_VERZOEK}, format="json"),
        "verzoek",
        "does_not_exist",
    )
    refused(kic_api.post(path, body, format="json"), "verzoek", "required")
    refused(
        kic_api.post(path, {**body, "verzoek": "geen url"}, format="json"), "verzoek", "invalid"
    )
    refused(
        kic_api.post(path, {**body, "verzoek": "https://x/" + "a" * 1000}, format="json"),
        "verzoek",
        "max_length",
    )
    assert api.requests == []
    nothing_linked()


# --- klantverzoeken (vrz-004) -----------------------------------------------------------


def test_klantverzoek_klant_must_exist(kic_api, api, verzoek, klant_url, contactmoment_url):
    body = {"verzoek": verzoek, "rol": "initiator"}
    local_unknown = f"http://testserver{KIC}/klanten/{uuid.uuid4()}"
    refused(
        kic_api.post(KVRZ, {**body, "klant": local_unknown}, format="json"),
        "klant",
        "does_not_exist",
    )
    refused(
        kic_api.post(KVRZ, {**body, "klant": contactmoment_url()}, format="json"),
        "klant",
        "no_match",
    )
    remote_unknown = f"{api.root}/klanten/{uuid.uuid4()}"
    refused(
        kic_api.post(KVRZ, {**body, "klant": remote_unknown}, format="json"), "klant", "bad-url"
    )
    refused(
        kic_api.post(KVRZ, {**body, "klant": "http://127.0.0.1:9/klanten/1"}, format="json"),
        "klant",
        "bad-url",
    )
    refused(kic_api.post(KVRZ, {**body, "klant": "klant-1"}, format="json"), "klant", "invalid")
    refused(
        kic_api.post(KVRZ, {**body, "klant": klant_url(), "rol": "baas"}, format="json"),
        "rol",
        "invalid_choice",
    )
    refused(
        kic_api.post(
            KVRZ, {**body, "klant": klant_url(), "indicatieMachtiging": "ja"}, format="json"
        ),
        "indicatieMachtiging",
        "invalid_choice",
    )
    nothing_linked()
    # A remote klant that exists, and the v1 URL of a local one, are fine.
    assert (
        kic_api.post(KVRZ, {**body, "klant": api.add("klanten")}, format="json").status_code == 201
    )
    partij = klant_url().rsplit("/", 1)[-1]
    v1 = f"http://testserver/klantinteracties/api/v1/partijen/{partij}"
    assert kic_api.post(KVRZ, {**body, "klant": v1}, format="json").status_code == 201


def test_klantverzoek_duplicate_per_rol(kic_api, verzoek, klant_url):
    body = {"verzoek": verzoek, "klant": klant_url(), "rol": "initiator"}
    assert kic_api.post(KVRZ, body, format="json").status_code == 201
    refused(kic_api.post(KVRZ, body, format="json"), "nonFieldErrors", "unique")
    # The same klant in another rol is a second relation (spec: (klant, verzoek, rol)).
    assert kic_api.post(KVRZ, {**body, "rol": "belanghebbende"}, format="json").status_code == 201
    assert KlantVerzoek.objects.count() == 2


# --- verzoekcontactmomenten (vrz-005) ---------------------------------------------------


def test_verzoekcontactmoment_contactmoment_must_exist(kic_api, api, verzoek, contactmoment_url):
    unknown = f"http://testserver{KIC}/contactmomenten/{uuid.uuid4()}"
    refused(
        kic_api.post(VCM, {"verzoek": verzoek, "contactmoment": unknown}, format="json"),
        "contactmoment",
        "does_not_exist",
    )
    remote = f"{api.root}/contactmomenten/{uuid.uuid4()}"
    refused(
        kic_api.post(VCM, {"verzoek": verzoek, "contactmoment": remote}, format="json"),
        "contactmoment",
        "bad-url",
    )
    refused(kic_api.post(VCM, {"verzoek": verzoek}, format="json"), "contactmoment", "required")
    body = {"verzoek": verzoek, "contactmoment": contactmoment_url()}
    assert kic_api.post(VCM, body, format="json").status_code == 201
    refused(kic_api.post(VCM, body, format="json"), "nonFieldErrors", "unique")
    assert VerzoekContactMoment.objects.count() == 1


# --- verzoekinformatieobjecten (vrz-006) ------------------------------------------------


def test_verzoekinformatieobject_must_be_an_informatieobject(kic_api, api, verzoek):
    def post(url):
        return kic_api.post(VIO, {"verzoek": verzoek, "informatieobject": url}, format="json")

    refused(
        post(f"{api.root}/enkelvoudiginformatieobjecten/{uuid.uuid4()}"),
        "informatieobject",
        "bad-url",
    )
    refused(post(api.add_zaak()), "informatieobject", "invalid-resource")
    refused(
        post("http://127.0.0.1:9/enkelvoudiginformatieobjecten/1"), "informatieobject", "bad-url"
    )
    refused(post("niet-een-url"), "informatieobject", "invalid")
    refused(post("https://drc.nl/" + "d" * 1000), "informatieobject", "max_length")
    assert VerzoekInformatieObject.objects.count() == 0


def test_verzoekinformatieobject_duplicate_makes_no_drc_call(kic_api, api, verzoek):
    document = api.add_informatieobject()
    body = {"verzoek": verzoek, "informatieobject": document}
    assert kic_api.post(VIO, body, format="json").status_code == 201
    api.requests.clear()
    refused(kic_api.post(VIO, body, format="json"), "nonFieldErrors", "unique")
    assert api.requests == []
    assert VerzoekInformatieObject.objects.count() == 1
    # Stored exactly as sent, for the DRC's callback query.
    assert VerzoekInformatieObject.objects.get().informatieobject == document


def test_verzoekinformatieobject_check_can_be_switched_off(kic_api, api, verzoek, settings):
    settings.KIC_VALIDATE_REMOTE_URLS = False
    url = "https://drc.elders.nl/api/v1/enkelvoudiginformatieobjecten/1"
    assert (
        kic_api.post(VIO, {"verzoek": verzoek, "informatieobject": url}, format="json").status_code
        == 201
    )
    assert api.requests == []


# --- verzoekproducten (vrz-007, check 27) -----------------------------------------------


def test_check27_verzoekproduct_without_product_and_code_is_invalid_product(kic_api, verzoek):
    for body in (
        {"verzoek": verzoek},
        {"verzoek": verzoek, "product": ""},
        {"verzoek": verzoek, "product": "", "productIdentificatie": {"code": ""}},
    ):
        response = kic_api.post(VPR, body, format="json")
        assert_contract(response, contract="verzoeken")
        assert response.status_code == 400
        codes = {p["code"] for p in response.json()["invalidParams"]}
        assert codes & {"invalid-product", "blank"}, response.json()
    refused(
        kic_api.post(VPR, {"verzoek": verzoek}, format="json"), "nonFieldErrors", "invalid-product"
    )
    assert VerzoekProduct.objects.count() == 0


def test_verzoekproduct_rules(kic_api, api, verzoek):
    refused(
        kic_api.post(
            VPR,
            {"verzoek": verzoek, "product": f"{api.root}/producten/{uuid.uuid4()}"},
            format="json",
        ),
        "product",
        "bad-url",
    )
    refused(
        kic_api.post(
            VPR, {"verzoek": verzoek, "productIdentificatie": {"code": "c" * 21}}, format="json"
        ),
        "productIdentificatie.code",
        "max_length",
    )
    refused(
        kic_api.post(VPR, {"verzoek": verzoek, "productIdentificatie": {}}, format="json"),
        "productIdentificatie.code",
        "required",
    )
    product = api.add("producten")
    assert (
        kic_api.post(VPR, {"verzoek": verzoek, "product": product}, format="json").status_code
        == 201
    )
    refused(
        kic_api.post(VPR, {"verzoek": verzoek, "product": product}, format="json"),
        "nonFieldErrors",
        "unique",
    )
    code = {"verzoek": verzoek, "productIdentificatie": {"code": "PARK"}}
    created = kic_api.post(VPR, code, format="json")
    assert created.status_code == 201
    assert_contract(created, contract="verzoeken")
    refused(kic_api.post(VPR, code, format="json"), "nonFieldErrors", "unique")
    assert VerzoekProduct.objects.count() == 2


# --- objectverzoeken (vrz-008/009) ------------------------------------------------------


def test_objectverzoek_needs_the_zaak_and_the_zrc_relation(kic_api, api, verzoek):
    zaak = api.add_zaak()
    body = {"verzoek": verzoek, "object": zaak, "objectType": "zaak"}
    refused(kic_api.post(OVRZ, body, format="json"), "nonFieldErrors", "inconsistent-relation")
    assert ("/api/v1/zaakverzoeken", {"zaak": zaak, "verzoek": verzoek}) in api.requests
    refused(
        kic_api.post(OVRZ, {**body, "object": f"{api.root}/zaken/{uuid.uuid4()}"}, format="json"),
        "object",
        "bad-url",
    )
    refused(
        kic_api.post(OVRZ, {**body, "objectType": "besluit"}, format="json"),
        "objectType",
        "invalid_choice",
    )
    assert ObjectVerzoek.objects.count() == 0
    api.relate(zaak, collection="zaakverzoeken", verzoek=verzoek)
    assert kic_api.post(OVRZ, body, format="json").status_code == 201
    refused(kic_api.post(OVRZ, body, format="json"), "nonFieldErrors", "unique")
    assert ObjectVerzoek.objects.count() == 1


def test_zrc_that_cannot_answer_is_a_relation_validation_error(kic_api, api, verzoek):
    # A zaak under a root that has no zaakverzoeken collection (the list answers 404).
    zaak = api.add("elders/zaken")
    response = kic_api.post(
        OVRZ, {"verzoek": verzoek, "object": zaak, "objectType": "zaak"}, format="json"
    )
    refused(response, "nonFieldErrors", "relation-validation-error")
    assert ("/api/v1/elders/zaakverzoeken", {"zaak": zaak, "verzoek": verzoek}) in api.requests
    assert ObjectVerzoek.objects.count() == 0


# --- bodies of the wrong shape ----------------------------------------------------------


@pytest.mark.parametrize("path", [VRZ, KVRZ, VCM, VIO, VPR, OVRZ])
@pytest.mark.parametrize("body", [[], "x", 1, [{"verzoek": "x"}]])
def test_body_of_the_wrong_shape(kic_api, path, body):
    response = kic_api.post(path, body, format="json")
    assert response.status_code == 400
    assert_contract(response, contract="verzoeken")
    assert Verzoek.objects.count() == 0


def test_wrong_media_type_and_accept(kic_api):
    assert kic_api.post(VRZ, "bronorganisatie=1", content_type="text/plain").status_code == 415
    assert kic_api.get(VRZ, HTTP_ACCEPT="text/html").status_code == 406
    assert Verzoek.objects.count() == 0


def test_calls_to_a_configured_drc_and_zrc_carry_our_jwt(kic_api, api, verzoek):
    """The DRC (vrz-006) and ZRC (vrz-008/009) are called as an ExterneDienst, with the same
    outbound JWT-ZGW the contactmomenten use for the ZRC (and kic-001 for the DRC)."""
    import jwt

    from klantenregister.core.services import create_externe_dienst

    secret = "geheim-van-de-drc-voor-klantenregister"
    create_externe_dienst("DRC en ZRC", f"{api.root}/", "klantenregister", secret)
    document = api.add_informatieobject()
    assert (
        kic_api.post(
            VIO, {"verzoek": verzoek, "informatieobject": document}, format="json"
        ).status_code
        == 201
    )
    zaak = api.add_zaak()
    api.relate(zaak, collection="zaakverzoeken", verzoek=verzoek)
    body = {"verzoek": verzoek, "object": zaak, "objectType": "zaak"}
    assert kic_api.post(OVRZ, body, format="json").status_code == 201
    assert len(api.authorization) == 3  # the document, the zaak, the zaakverzoeken query
    for header in api.authorization:
        scheme, token = header.split(" ")
        assert scheme == "Bearer"
        assert jwt.decode(token, secret, algorithms=["HS256"])["client_id"] == "klantenregister"
