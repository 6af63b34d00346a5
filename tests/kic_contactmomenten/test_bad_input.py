"""Bad input never gives a 500 and never writes anything: every malformed body is a 400 in
the first-generation shape naming the camelCase field."""

import uuid

import pytest

from kic_compat.models import ContactmomentExtensie
from klantcontacten.models import Betrokkene, Klantcontact, Onderwerpobject
from tests.kic.contract import assert_contract
from tests.kic_contactmomenten.conftest import CM, KCM, OCM, contactmoment_body

WRONG_TYPES = [None, 0, 1.5, True, "x", [], ["x"], {}, {"a": 1}, "\x00", "a" * 5000]


def names(response) -> set[str]:
    return {param["name"] for param in response.json()["invalidParams"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field",
    [
        "vorigContactmoment",
        "bronorganisatie",
        "registratiedatum",
        "kanaal",
        "voorkeurskanaal",
        "voorkeurstaal",
        "tekst",
        "onderwerpLinks",
        "initiatiefnemer",
        "medewerker",
        "medewerkerIdentificatie",
    ],
)
def test_contactmoment_field_of_any_wrong_type_is_a_400_naming_it(kic_api, field, settings):
    settings.KIC_VALIDATE_REMOTE_URLS = False
    for value in WRONG_TYPES:
        response = kic_api.post(CM, contactmoment_body(**{field: value}), format="json")
        assert response.status_code in (201, 400), (field, value, response.status_code)
        if response.status_code == 400:
            assert_contract(response, contract="contactmomenten")
            assert names(response) & {field, "nonFieldErrors"} or any(
                name.startswith(f"{field}.") for name in names(response)
            ), (field, value, response.json())
    created = Klantcontact.objects.count()
    assert ContactmomentExtensie.objects.count() == created


@pytest.mark.django_db
@pytest.mark.parametrize("body", [[], "x", 1, {"medewerkerIdentificatie": []}])
def test_contactmoment_body_of_the_wrong_shape(kic_api, body):
    response = kic_api.post(CM, body, format="json")
    assert response.status_code == 400
    assert Klantcontact.objects.count() == 0


@pytest.mark.django_db
def test_malformed_json_and_wrong_media_type(kic_api):
    response = kic_api.generic("POST", CM, "{niet json", content_type="application/json")
    assert response.status_code == 400
    response = kic_api.generic("POST", CM, "bronorganisatie=1", content_type="text/plain")
    assert response.status_code == 415


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["contactmoment", "klant", "rol"])
def test_klantcontactmoment_wrong_types(kic_api, post_contactmoment, klant_url, field):
    good = {
        "contactmoment": post_contactmoment()["url"],
        "klant": klant_url(),
        "rol": "belanghebbende",
    }
    for value in [*WRONG_TYPES, f"http://testserver{CM}/{uuid.uuid4()}", "http://testserver/x"]:
        response = kic_api.post(KCM, {**good, field: value}, format="json")
        assert response.status_code == 400, (field, value)
        assert field in names(response), response.json()
    assert Betrokkene.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["contactmoment", "object", "objectType"])
def test_objectcontactmoment_wrong_types(kic_api, post_contactmoment, field, settings):
    settings.KIC_VALIDATE_REMOTE_URLS = False
    settings.KIC_VALIDATE_REMOTE_RELATIONS = False
    good = {
        "contactmoment": post_contactmoment()["url"],
        "object": f"https://zrc.nl/api/v1/zaken/{uuid.uuid4()}",
        "objectType": "zaak",
    }
    for value in WRONG_TYPES:
        response = kic_api.post(OCM, {**good, field: value}, format="json")
        assert response.status_code == 400, (field, value)
        assert field in names(response), response.json()
    assert Onderwerpobject.objects.count() == 0


@pytest.mark.django_db
def test_medewerker_url_must_answer_200(kic_api, zrc):
    """cm-003: the medewerker URL is fetched; anything but 200 is `bad-url`."""
    response = kic_api.post(
        CM, contactmoment_body(medewerker=f"{zrc.root}/medewerkers/onbekend"), format="json"
    )
    assert_contract(response, contract="contactmomenten")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "bad-url"
    assert names(response) == {"medewerker"}
    # An unreachable host: the same, quickly, no 500.
    response = kic_api.post(
        CM, contactmoment_body(medewerker="http://127.0.0.1:9/medewerkers/1"), format="json"
    )
    assert response.status_code == 400
    zaak = zrc.add_zaak()  # any URL the server answers with 200
    response = kic_api.post(CM, contactmoment_body(medewerker=zaak), format="json")
    assert response.status_code == 201
    assert response.json()["medewerker"] == zaak
    assert Klantcontact.objects.count() == 1


@pytest.mark.django_db
def test_zrc_that_cannot_answer_is_a_relation_validation_error(kic_api, post_contactmoment, zrc):
    cm = post_contactmoment()
    zaak = zrc.add_zaak()
    zrc.go_down()  # connections refused, same URL
    response = kic_api.post(
        OCM, {"contactmoment": cm["url"], "object": zaak, "objectType": "zaak"}, format="json"
    )
    zrc.start()  # for the fixture's teardown
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] in ("bad-url", "relation-validation-error")
    assert Onderwerpobject.objects.count() == 0
