"""/api/kic/v1/klanten: spec kic_compat §11 checks 1-15, 34 and 35 for klanten, each as a named
test, plus round trips old → new → old and the first-generation notification kanaal."""

import json
import logging
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kic_compat.models import KicAuditTrail, KlantExtensie
from klantenregister.events.models import Event
from partijen.models import DigitaalAdres, Partij, PartijIdentificator
from tests import factories
from tests.conftest import KI
from tests.kic.conftest import KLANTEN, klant_body
from tests.kic.contract import assert_contract

BSN = "111222333"


def _only_error(response, name: str, code: str) -> None:
    assert response.status_code == 400, response.content
    params = response.json()["invalidParams"]
    assert {"name": name, "code": code} in [{"name": p["name"], "code": p["code"]} for p in params]


def _counts() -> tuple[int, ...]:
    return (
        Partij.objects.count(),
        PartijIdentificator.objects.count(),
        DigitaalAdres.objects.count(),
        KlantExtensie.objects.count(),
        Event.objects.count(),
        KicAuditTrail.objects.count(),
    )


# --- Check 1: every response kind validates against the reference contract -------------------


@pytest.mark.django_db
def test_check_01_responses_validate_against_the_contract(kic_api, post_klant):
    created = kic_api.post(KLANTEN, klant_body(), format="json")
    assert created.status_code == 201
    assert_contract(created, "klanten")
    url = created.json()["url"]
    for response in (
        kic_api.get(KLANTEN),
        kic_api.get(KLANTEN, {"subjectNatuurlijkPersoon__inpBsn": BSN}),
        kic_api.get(url),
        kic_api.put(url, klant_body(), format="json"),
        kic_api.patch(url, {"functie": "Directeur"}, format="json"),
        kic_api.post(KLANTEN, klant_body(klantnummer="123456789"), format="json"),
        kic_api.patch(url, {"adres": {"huisnummer": 0}}, format="json"),
        kic_api.get(f"{url}/audittrail"),
        kic_api.get(KLANTEN, {"onbekend": "x"}),
    ):
        assert response.status_code in (200, 400), response.content
        assert_contract(response, "klanten")
    trail = kic_api.get(f"{url}/audittrail").json()
    entry = kic_api.get(f"{url}/audittrail/{trail[0]['uuid']}")
    assert_contract(entry, "klanten")
    organisatie = post_klant(
        klantnummer="77",
        subjectType="niet_natuurlijk_persoon",
        subjectIdentificatie={"innNnpId": "123456782", "statutaireNaam": "Korrel BV"},
    )
    assert_contract(kic_api.get(organisatie["url"]), "klanten")
    # A partij made through v1 (no extension row) reads within the contract too.
    partij = factories.make_persoon(bsn=factories.valid_bsn())
    assert_contract(kic_api.get(f"{KLANTEN}/{partij.uuid}"), "klanten")
    deleted = kic_api.delete(url)
    assert deleted.status_code == 204
    assert_contract(deleted, "klanten")


# --- Check 2: documented paths and methods; others 405 -----------------------------------------


@pytest.mark.django_db
def test_check_02_documented_methods_exist_and_others_are_405(kic_api, post_klant):
    klant = post_klant()
    url = klant["url"]
    assert kic_api.get(KLANTEN).status_code == 200
    assert kic_api.get(url).status_code == 200
    assert kic_api.get(f"{url}/audittrail").status_code == 200
    assert kic_api.put(KLANTEN, {}, format="json").status_code == 405
    assert kic_api.delete(KLANTEN).status_code == 405
    assert kic_api.post(url, {}, format="json").status_code == 405
    assert kic_api.post(f"{url}/audittrail", {}, format="json").status_code == 405
    assert kic_api.delete(f"{url}/audittrail").status_code == 405
    response = kic_api.head(KLANTEN)
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"


# --- Check 3: scopes, 401 ----------------------------------------------------------------------


@pytest.mark.django_db
def test_check_03_each_operation_needs_its_scope(make_kic_client, post_klant):
    url = post_klant()["url"]
    operations = {
        "klanten.lezen": lambda c: c.get(KLANTEN),
        "klanten.aanmaken": lambda c: c.post(
            KLANTEN,
            klant_body(klantnummer="9", subjectIdentificatie={"inpBsn": factories.valid_bsn()}),
            format="json",
        ),
        "klanten.bijwerken": lambda c: c.patch(url, {"functie": "x"}, format="json"),
        "audittrails.lezen": lambda c: c.get(f"{url}/audittrail"),
        "klanten.verwijderen": lambda c: c.delete(url),
    }
    for scope, call in operations.items():
        others = [s for s in operations if s != scope]
        refused = call(make_kic_client(scopes=(), kic_scopes=others))
        assert refused.status_code == 403, (scope, refused.content)
        assert refused.json()["code"] == "permission_denied"
        allowed = call(make_kic_client(scopes=(), kic_scopes=[scope]))
        assert allowed.status_code in (200, 201, 204), (scope, allowed.content)


@pytest.mark.django_db
def test_check_03_no_credentials_is_401_problem(client):
    response = client.get(KLANTEN)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_authenticated"


# --- Check 4: JWT failures (the full matrix is in tests/kic_auth) ---------------------------


@pytest.mark.django_db
def test_check_04_jwt_with_wrong_signature_is_401(make_kic_client):
    from rest_framework.test import APIClient

    from klantenregister.api.jwt import make_token

    good = make_kic_client()
    token = make_token(good.api_client.naam, "another-secret-long-enough-for-hs256-keys")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = client.get(KLANTEN)
    assert response.status_code == 401
    assert response.json()["code"] == "invalid-jwt-signature"


# --- Check 5: unknown parameter, page past the end ------------------------------------------------


@pytest.mark.django_db
def test_check_05_unknown_parameter_and_page_past_the_end(kic_api, post_klant):
    post_klant()
    response = kic_api.get(KLANTEN, {"pageSize": "5"})
    assert response.status_code == 400
    assert response.json()["invalidParams"] == [
        {
            "name": "nonFieldErrors",
            "code": "unknown-parameters",
            "reason": "Onbekende query parameters: pageSize",
        }
    ]
    assert kic_api.get(KLANTEN, {"page": "2"}).status_code == 404
    assert kic_api.get(KLANTEN, {"page": "1"}).status_code == 200


# --- Check 6: pages of 100 with absolute links that keep the filters --------------------------


@pytest.mark.django_db
def test_check_06_pages_of_100_with_links_keeping_filters(kic_api):
    for _ in range(101):
        factories.make_persoon(achternaam="Pieters")
    factories.make_persoon(achternaam="Anders")
    first = kic_api.get(KLANTEN, {"achternaam": "Pieters"}).json()
    assert first["count"] == 101
    assert len(first["results"]) == 100
    assert first["previous"] is None
    assert first["next"] == f"http://testserver{KLANTEN}?achternaam=Pieters&page=2"
    second = kic_api.get(first["next"]).json()
    assert len(second["results"]) == 1
    assert second["next"] is None
    assert second["previous"] == f"http://testserver{KLANTEN}?achternaam=Pieters"


# --- Check 7: ETag, 304, HEAD, Accept-Crs -------------------------------------------------------


@pytest.mark.django_db
def test_check_07_etag_not_modified_head_and_accept_crs(kic_api, post_klant):
    url = post_klant()["url"]
    response = kic_api.get(url, HTTP_ACCEPT_CRS="EPSG:4326")
    assert response.status_code == 200
    etag = response["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    again = kic_api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    head = kic_api.head(url)
    assert head.status_code == 200
    assert head["ETag"] == etag
    assert head.content == b""
    kic_api.patch(url, {"functie": "Anders"}, format="json")
    changed = kic_api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


@pytest.mark.django_db
def test_media_types_415_and_406(kic_api, post_klant):
    response = kic_api.post(KLANTEN, "bronorganisatie=123456782", content_type="text/plain")
    assert response.status_code == 415
    assert response["Content-Type"] == "application/problem+json"
    response = kic_api.get(KLANTEN, HTTP_ACCEPT="application/xml")
    assert response.status_code == 406


# --- Check 8: POST klant → one partij with everything; round trip ------------------------------


@pytest.mark.django_db
def test_check_08_post_klant_makes_one_partij_and_round_trips(kic_api, api):
    body = klant_body()
    response = kic_api.post(KLANTEN, body, format="json")
    assert response.status_code == 201, response.json()
    klant = response.json()
    assert response["Location"] == klant["url"]
    partij = Partij.objects.get()
    assert klant["url"].endswith(str(partij.uuid))
    assert partij.soort_partij == "persoon"
    assert partij.indicatie_actief is True
    assert partij.indicatie_geheimhouding is None
    ident = PartijIdentificator.objects.get(partij=partij)
    assert (
        ident.partij_identificator_code_register,
        ident.partij_identificator_code_objecttype,
        ident.partij_identificator_code_soort_object_id,
        ident.partij_identificator_object_id,
    ) == ("brp", "natuurlijk_persoon", "bsn", BSN)
    adressen = {a.soort_digitaal_adres: a for a in DigitaalAdres.objects.filter(partij=partij)}
    assert set(adressen) == {"email", "telefoonnummer"}
    assert all(
        a.referentie == "portaalvoorkeur" and a.is_standaard_adres for a in adressen.values()
    )
    assert partij.voorkeurs_digitaal_adres == adressen["email"]
    assert (partij.bezoekadres_straatnaam, partij.bezoekadres_huisnummer) == ("Dorpsstraat", 12)
    assert (partij.bezoekadres_postcode, partij.bezoekadres_land) == ("1234 AB", "NL")

    v1 = api.get(f"{KI}/partijen/{partij.uuid}").json()
    assert v1["soortPartij"] == "persoon"
    assert v1["partijIdentificatie"]["contactnaam"]["achternaam"] == "Jansen"

    read = kic_api.get(klant["url"]).json()
    expected = {**body, "url": klant["url"], "subject": ""}
    # Spec §8: normalised on the way in.
    expected["telefoonnummer"] = "0612345678"
    expected["adres"] = {**body["adres"], "postcode": "1234 AB", "landcode": "NL"}
    assert read == expected


# --- Check 9: BSN lookup of a v1-made partij ---------------------------------------------------


@pytest.mark.django_db
def test_check_09_bsn_lookup_finds_a_v1_partij_with_email_and_phone(kic_api, api):
    bsn = factories.valid_bsn()
    created = api.post(
        f"{KI}/partijen",
        {
            "soortPartij": "persoon",
            "indicatieActief": True,
            "partijIdentificatie": {"contactnaam": {"voornaam": "Els", "achternaam": "Bos"}},
            "partijIdentificatoren": [
                {
                    "partijIdentificator": {
                        "codeObjecttype": "natuurlijk_persoon",
                        "codeSoortObjectId": "bsn",
                        "objectId": bsn,
                        "codeRegister": "brp",
                    }
                }
            ],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    partij = Partij.objects.get(uuid=created.json()["uuid"])
    factories.make_digitaal_adres(partij, adres="els@example.com", soort="email")
    factories.make_digitaal_adres(partij, adres="0201234567", soort="telefoonnummer")
    factories.make_persoon(bsn=factories.valid_bsn())
    response = kic_api.get(KLANTEN, {"subjectNatuurlijkPersoon__inpBsn": bsn})
    assert_contract(response, "klanten")
    results = response.json()["results"]
    assert [r["url"].rsplit("/", 1)[1] for r in results] == [str(partij.uuid)]
    assert results[0]["emailadres"] == "els@example.com"
    assert results[0]["telefoonnummer"] == "0201234567"
    assert results[0]["subjectIdentificatie"]["inpBsn"] == bsn


@pytest.mark.django_db
def test_bsn_lookup_finds_a_klant_made_through_v1_of_the_first_generation(kic_api, post_klant):
    klant = post_klant()
    post_klant(klantnummer="2", subjectIdentificatie={"inpBsn": factories.valid_bsn()})
    found = kic_api.get(KLANTEN, {"subjectNatuurlijkPersoon__inpBsn": BSN}).json()
    assert [r["url"] for r in found["results"]] == [klant["url"]]
    assert found["results"][0]["emailadres"] == "jan@example.com"


# --- Check 10: one partij per BSN ----------------------------------------------------------------


@pytest.mark.django_db
def test_check_10_second_klant_with_the_same_bsn_is_refused(kic_api, post_klant):
    post_klant()
    before = _counts()
    response = kic_api.post(KLANTEN, klant_body(klantnummer="999"), format="json")
    _only_error(response, "subjectIdentificatie.inpBsn", "unique")
    assert_contract(response, "klanten")
    assert _counts() == before


# --- Check 11: bad input names the field, nothing saved ------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "name", "code"),
    [
        (
            {"subjectIdentificatie": {"inpBsn": "111222334"}},
            "subjectIdentificatie.inpBsn",
            "invalid",
        ),
        ({"klantnummer": "123456789"}, "klantnummer", "max_length"),
        ({"emailadres": ("a" * 75) + "@x.com"}, "emailadres", "max_length"),
        ({"emailadres": "geen-email"}, "emailadres", "invalid"),
        ({"adres": {"huisnummer": 0}}, "adres.huisnummer", "min_value"),
        ({"adres": {"postcode": "B-1000"}}, "adres.postcode", "invalid"),
        ({"adres": {"landcode": "5010"}}, "adres.landcode", "invalid"),
        ({"telefoonnummer": "0900-1234"}, "telefoonnummer", "invalid"),
        ({"bronorganisatie": "123456789"}, "bronorganisatie", "invalid"),
        (
            {"subjectIdentificatie": {"voorletters": "ABCDEFGHIJK"}},
            "subjectIdentificatie.voorletters",
            "max_length",
        ),
        (
            {"subjectIdentificatie": {"inpANummer": "0123456789"}},
            "subjectIdentificatie.inpANummer",
            "invalid",
        ),
        ({"subjectType": "iets"}, "subjectType", "invalid_choice"),
        ({"websiteUrl": "geen url"}, "websiteUrl", "invalid"),
    ],
)
def test_check_11_bad_input_names_the_field_and_saves_nothing(kic_api, overrides, name, code):
    before = _counts()
    response = kic_api.post(KLANTEN, klant_body(**overrides), format="json")
    _only_error(response, name, code)
    assert_contract(response, "klanten")
    assert _counts() == before


@pytest.mark.django_db
def test_check_11_klantnummer_taken_within_the_bronorganisatie(kic_api, post_klant):
    post_klant(klantnummer="K1234567")
    before = _counts()
    response = kic_api.post(
        KLANTEN,
        klant_body(klantnummer="K1234567", subjectIdentificatie={"inpBsn": factories.valid_bsn()}),
        format="json",
    )
    _only_error(response, "klantnummer", "unique")
    assert _counts() == before
    # Another bronorganisatie may use the same klantnummer.
    other = kic_api.post(
        KLANTEN,
        klant_body(
            klantnummer="K1234567",
            bronorganisatie="002220647",
            subjectIdentificatie={"inpBsn": factories.valid_bsn()},
        ),
        format="json",
    )
    assert other.status_code == 201, other.json()


@pytest.mark.django_db
def test_check_11_alphanumeric_klantnummer_round_trips(kic_api, post_klant):
    klant = post_klant(klantnummer="K1234567")
    assert kic_api.get(klant["url"]).json()["klantnummer"] == "K1234567"
    partij = Partij.objects.get()
    assert partij.nummer and partij.nummer.isdigit()
    found = kic_api.get(KLANTEN, {"klantnummer": "K1234567"}).json()
    assert found["count"] == 1


# --- Check 12: invalid-subject, immutable subjectType --------------------------------------------


@pytest.mark.django_db
def test_check_12_subject_required_and_subject_type_immutable(kic_api, post_klant):
    body = klant_body()
    body.pop("subjectIdentificatie")
    response = kic_api.post(KLANTEN, body, format="json")
    _only_error(response, "nonFieldErrors", "invalid-subject")
    assert not Partij.objects.exists()
    klant = post_klant()
    response = kic_api.patch(klant["url"], {"subjectType": "vestiging"}, format="json")
    _only_error(response, "subjectType", "wijzigen-niet-toegelaten")
    same = kic_api.patch(klant["url"], {"subjectType": "natuurlijk_persoon"}, format="json")
    assert same.status_code == 200


# --- Check 13: PATCH e-mail changes the selected address in place ---------------------------------


@pytest.mark.django_db
def test_check_13_patch_email_changes_in_place_and_empty_deletes(kic_api, post_klant):
    klant = post_klant()
    adres = DigitaalAdres.objects.get(soort_digitaal_adres="email")
    response = kic_api.patch(klant["url"], {"emailadres": "nieuw@example.com"}, format="json")
    assert response.status_code == 200
    assert response.json()["emailadres"] == "nieuw@example.com"
    adres.refresh_from_db()
    assert adres.adres == "nieuw@example.com"
    assert DigitaalAdres.objects.filter(soort_digitaal_adres="email").count() == 1
    response = kic_api.patch(klant["url"], {"emailadres": ""}, format="json")
    assert response.json()["emailadres"] == ""
    assert not DigitaalAdres.objects.filter(soort_digitaal_adres="email").exists()
    assert DigitaalAdres.objects.filter(soort_digitaal_adres="telefoonnummer").exists()


@pytest.mark.django_db
def test_clearing_shows_the_next_address(kic_api, post_klant):
    klant = post_klant()
    partij = Partij.objects.get()
    factories.make_digitaal_adres(partij, adres="tweede@example.com", soort="email")
    kic_api.patch(klant["url"], {"emailadres": None}, format="json")
    assert kic_api.get(klant["url"]).json()["emailadres"] == "tweede@example.com"


# --- Check 14: nnp and vestiging ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("value", "soort"), [("123456782", "rsin"), ("12345678", "kvk_nummer")])
def test_check_14_inn_nnp_id_becomes_rsin_or_kvk(kic_api, post_klant, value, soort):
    klant = post_klant(
        subjectType="niet_natuurlijk_persoon",
        bedrijfsnaam="",
        subjectIdentificatie={"innNnpId": value, "statutaireNaam": "De Korrel BV"},
    )
    ident = PartijIdentificator.objects.get()
    assert (
        ident.partij_identificator_code_register,
        ident.partij_identificator_code_soort_object_id,
    ) == ("hr", soort)
    assert Partij.objects.get().soort_partij == "organisatie"
    read = kic_api.get(klant["url"]).json()
    assert read["subjectType"] == "niet_natuurlijk_persoon"
    assert read["subjectIdentificatie"]["innNnpId"] == value
    assert read["bedrijfsnaam"] == "De Korrel BV"  # spec §8.6
    found = kic_api.get(KLANTEN, {"subjectNietNatuurlijkPersoon__innNnpId": value}).json()
    assert found["count"] == 1


@pytest.mark.django_db
def test_check_14_inn_nnp_id_of_other_length_is_invalid_length(kic_api):
    response = kic_api.post(
        KLANTEN,
        klant_body(
            subjectType="niet_natuurlijk_persoon", subjectIdentificatie={"innNnpId": "1234"}
        ),
        format="json",
    )
    _only_error(response, "subjectIdentificatie.innNnpId", "invalid-length")


@pytest.mark.django_db
def test_check_14_vestiging_reads_back_with_its_vestigingsnummer(kic_api, post_klant):
    klant = post_klant(
        subjectType="vestiging",
        subjectIdentificatie={"vestigingsNummer": "000012345678", "handelsnaam": ["Korrel"]},
    )
    read = kic_api.get(klant["url"]).json()
    assert read["subjectType"] == "vestiging"
    assert read["subjectIdentificatie"]["vestigingsNummer"] == "000012345678"
    assert read["subjectIdentificatie"]["handelsnaam"] == ["Korrel"]
    assert kic_api.get(KLANTEN, {"subjectType": "vestiging"}).json()["count"] == 1
    assert kic_api.get(KLANTEN, {"subjectType": "natuurlijk_persoon"}).json()["count"] == 0
    found = kic_api.get(KLANTEN, {"subjectVestiging__vestigingsNummer": "000012345678"})
    assert found.json()["count"] == 1


# --- Check 15: no BSN in nummer, kenmerken or logs -----------------------------------------------


@pytest.mark.django_db
def test_check_15_no_bsn_in_nummer_kenmerken_or_logs(kic_api, caplog, settings):
    caplog.set_level(logging.DEBUG)
    # A klantnummer that is the BSN without its leading zero must not become the nummer.
    bsn = "012345672"
    response = kic_api.post(
        KLANTEN,
        klant_body(klantnummer="12345672", subjectIdentificatie={"inpBsn": bsn}),
        format="json",
    )
    assert response.status_code == 201, response.json()
    partij = Partij.objects.get()
    assert partij.nummer != bsn and partij.nummer.lstrip("0") != bsn.lstrip("0")
    kic_api.get(KLANTEN, {"subjectNatuurlijkPersoon__inpBsn": bsn})
    kic_api.post(
        KLANTEN, klant_body(klantnummer="5", subjectIdentificatie={"inpBsn": bsn}), format="json"
    )
    settings.KIC_NOTIFICATIE_KANALEN = "first-gen"
    kic_api.patch(response.json()["url"], {"functie": "x"}, format="json")
    for event in Event.objects.all():
        assert bsn not in json.dumps(event.kenmerken)
        assert bsn.lstrip("0") not in json.dumps(event.kenmerken)
    assert bsn not in caplog.text


# --- Notifications (spec §9) --------------------------------------------------------------------


@pytest.mark.django_db
def test_one_event_per_write_v1_kanaal_by_default(kic_api, post_klant):
    klant = post_klant()
    assert [(e.kanaal, e.resource, e.actie) for e in Event.objects.order_by("id")] == [
        ("partijen", "partij", "create")
    ]
    kic_api.patch(klant["url"], {"emailadres": "x@example.com", "functie": "y"}, format="json")
    kic_api.delete(klant["url"])
    assert [(e.kanaal, e.actie) for e in Event.objects.order_by("id")] == [
        ("partijen", "create"),
        ("partijen", "update"),
        ("partijen", "destroy"),
    ]
    assert "/klantinteracties/api/v1/partijen/" in Event.objects.first().resource_url


@pytest.mark.django_db
def test_first_gen_kanaal_replaces_the_event(kic_api, post_klant, settings):
    settings.KIC_NOTIFICATIE_KANALEN = "first-gen"
    klant = post_klant()
    event = Event.objects.get()
    assert (event.kanaal, event.resource, event.actie) == ("klanten", "klant", "create")
    assert event.resource_url.endswith(klant["url"].split("testserver", 1)[1])
    assert event.kenmerken == {"subjectType": "natuurlijk_persoon"}


# --- Round trips old → new → old -----------------------------------------------------------------


@pytest.mark.django_db
def test_round_trip_first_gen_to_v1_and_back(kic_api, api, post_klant):
    klant = post_klant()
    partij = Partij.objects.get()
    v1_url = f"{KI}/partijen/{partij.uuid}"
    v1 = api.get(v1_url).json()
    contactnaam = v1["partijIdentificatie"]["contactnaam"]
    assert contactnaam == {
        "voorletters": "J",
        "voornaam": "Jan",
        "voorvoegselAchternaam": "van",
        "achternaam": "Jansen",
    }
    assert v1["bezoekadres"]["stad"] == "Utrecht"
    # Edit every mapped field in v1 ...
    changed = api.patch(
        v1_url,
        {
            "partijIdentificatie": {
                "contactnaam": {
                    "voorletters": "K",
                    "voornaam": "Kees",
                    "voorvoegselAchternaam": "de",
                    "achternaam": "Vries",
                }
            },
            "bezoekadres": {
                "straatnaam": "Kerkweg",
                "huisnummer": 3,
                "huisnummertoevoeging": "",
                "postcode": "4321 ZX",
                "stad": "Gouda",
                "land": "BE",
            },
        },
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    telefoon = DigitaalAdres.objects.get(soort_digitaal_adres="telefoonnummer")
    done = api.patch(
        f"{KI}/digitaleadressen/{telefoon.uuid}", {"adres": "0301234567"}, format="json"
    )
    assert done.status_code == 200, done.json()
    email = DigitaalAdres.objects.get(soort_digitaal_adres="email")
    done = api.patch(
        f"{KI}/digitaleadressen/{email.uuid}", {"adres": "kees@example.com"}, format="json"
    )
    assert done.status_code == 200, done.json()
    ident = PartijIdentificator.objects.get()
    nieuw_bsn = factories.valid_bsn()
    done = api.patch(
        f"{KI}/partij-identificatoren/{ident.uuid}",
        {"partijIdentificator": {"objectId": nieuw_bsn}},
        format="json",
    )
    assert done.status_code == 200, done.json()
    # ... and the first generation sees it.
    read = kic_api.get(klant["url"]).json()
    assert (read["voornaam"], read["voorvoegselAchternaam"], read["achternaam"]) == (
        "Kees",
        "de",
        "Vries",
    )
    assert read["subjectIdentificatie"]["voorletters"] == "K"
    assert read["subjectIdentificatie"]["inpBsn"] == nieuw_bsn
    assert read["emailadres"] == "kees@example.com"
    assert read["telefoonnummer"] == "0301234567"
    assert read["adres"] == {
        "straatnaam": "Kerkweg",
        "huisnummer": 3,
        "huisletter": "a",
        "huisnummertoevoeging": "",
        "postcode": "4321 ZX",
        "woonplaatsnaam": "Gouda",
        "landcode": "BE",
    }
    # Extension fields survive the v1 edits.
    assert (read["functie"], read["websiteUrl"], read["klantnummer"]) == (
        "Eigenaar",
        "https://jansen.example.com",
        "1234",
    )


@pytest.mark.django_db
def test_round_trip_organisatie_bedrijfsnaam(kic_api, api, post_klant):
    klant = post_klant(
        subjectType="niet_natuurlijk_persoon",
        bedrijfsnaam="Korrel",
        subjectIdentificatie={"innNnpId": "12345678"},
    )
    partij = Partij.objects.get()
    assert api.get(f"{KI}/partijen/{partij.uuid}").json()["partijIdentificatie"]["naam"] == "Korrel"
    api.patch(
        f"{KI}/partijen/{partij.uuid}",
        {"partijIdentificatie": {"naam": "Korrel BV"}},
        format="json",
    )
    assert kic_api.get(klant["url"]).json()["bedrijfsnaam"] == "Korrel BV"
    # Organisatie names of a person live in the extension row (and back).
    assert kic_api.get(klant["url"]).json()["voornaam"] == "Jan"


@pytest.mark.django_db
def test_v1_partij_without_extension_reads_with_defaults(kic_api, settings):
    partij = factories.make_organisatie(naam="Bakkerij", kvk="12345678")
    read = kic_api.get(f"{KLANTEN}/{partij.uuid}").json()
    assert read["bronorganisatie"] == settings.KIC_DEFAULT_BRONORGANISATIE
    assert read["klantnummer"] == partij.nummer
    assert (read["websiteUrl"], read["subject"], read["functie"]) == ("", "", "")
    assert read["subjectType"] == "niet_natuurlijk_persoon"
    assert read["subjectIdentificatie"]["innNnpId"] == "12345678"
    assert read["bedrijfsnaam"] == "Bakkerij"
    found = kic_api.get(
        KLANTEN,
        {"bronorganisatie": settings.KIC_DEFAULT_BRONORGANISATIE, "klantnummer": partij.nummer},
    )
    assert found.json()["count"] == 1
    # A first-generation update of a v1 partij keeps its identificator and adds the row.
    response = kic_api.patch(f"{KLANTEN}/{partij.uuid}", {"functie": "Bakker"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["subjectIdentificatie"]["innNnpId"] == "12345678"
    assert KlantExtensie.objects.get().functie == "Bakker"


@pytest.mark.django_db
def test_put_keeps_omitted_optional_fields(kic_api, post_klant):
    klant = post_klant()
    body = {
        "bronorganisatie": "123456782",
        "klantnummer": "1234",
        "websiteUrl": "https://a.example",
    }
    response = kic_api.put(klant["url"], body, format="json")
    assert response.status_code == 200, response.json()
    read = response.json()
    assert read["emailadres"] == "jan@example.com"
    assert read["subjectIdentificatie"]["inpBsn"] == BSN
    assert read["websiteUrl"] == "https://a.example"


@pytest.mark.django_db
def test_delete_removes_the_partij_and_its_parts(kic_api, post_klant):
    klant = post_klant()
    assert kic_api.delete(klant["url"]).status_code == 204
    assert _counts()[:4] == (0, 0, 0, 0)
    assert kic_api.get(klant["url"]).status_code == 404


@pytest.mark.django_db
def test_filters(kic_api, post_klant):
    klant = post_klant()
    post_klant(
        klantnummer="2",
        achternaam="Anders",
        bedrijfsnaam="Ander BV",
        emailadres="ander@example.com",
        telefoonnummer="0201234567",
        adres={
            "straatnaam": "Laan",
            "postcode": "9999 ZZ",
            "woonplaatsnaam": "Ede",
            "landcode": "BE",
        },
        subjectIdentificatie={
            "inpBsn": factories.valid_bsn(),
            "anpIdentificatie": "x",
            "inpANummer": "9876543210",
        },
        functie="Ander",
        subject="",
    )
    queries = {
        "klantnummer": "1234",
        "bedrijfsnaam": "Jansen Advies",
        "functie": "Eigenaar",
        "achternaam": "Jansen",
        "telefoonnummer": "06-12345678",
        "emailadres": "jan@example.com",
        "adres__straatnaam": "Dorpsstraat",
        "adres__postcode": "1234ab",
        "adres__woonplaatsNaam": "Utrecht",
        "adres__landcode": "6030",
        "subjectNatuurlijkPersoon__anpIdentificatie": "anp-1",
        "subjectNatuurlijkPersoon__inpA_nummer": "1234567890",
    }
    for name, value in queries.items():
        results = kic_api.get(KLANTEN, {name: value}).json()["results"]
        assert [r["url"] for r in results] == [klant["url"]], name
    assert kic_api.get(KLANTEN, {"bronorganisatie": "002220647"}).json()["count"] == 0
    assert kic_api.get(KLANTEN, {"bronorganisatie": "123456782"}).json()["count"] == 2
    assert kic_api.get(KLANTEN, {"subjectType": "natuurlijk_persoon"}).json()["count"] == 2
    bad = kic_api.get(KLANTEN, {"subjectType": "iets"})
    _only_error(bad, "subjectType", "invalid_choice")


# --- Check 34: audit trail ----------------------------------------------------------------------


@pytest.mark.django_db
def test_check_34_create_and_patch_give_two_audit_entries(make_kic_client):
    client = make_kic_client(user_id="mw-42", user_representation="Medewerker 42")
    created = client.post(KLANTEN, klant_body(), format="json", HTTP_X_AUDIT_TOELICHTING="Balie")
    url = created.json()["url"]
    client.patch(url, {"functie": "Directeur"}, format="json", HTTP_X_AUDIT_TOELICHTING="Correctie")
    response = client.get(f"{url}/audittrail")
    assert_contract(response, "klanten")
    trail = response.json()
    assert [(e["bron"], e["actie"], e["resultaat"]) for e in trail] == [
        ("kc", "create", 201),
        ("kc", "partial_update", 200),
    ]
    assert [e["toelichting"] for e in trail] == ["Balie", "Correctie"]
    assert {e["gebruikersId"] for e in trail} == {"mw-42"}
    assert {e["gebruikersWeergave"] for e in trail} == {"Medewerker 42"}
    assert {e["applicatieId"] for e in trail} == {client.api_client.naam}
    assert {e["hoofdObject"] for e in trail} == {url}
    assert "oud" not in trail[0]["wijzigingen"]
    assert trail[0]["wijzigingen"]["nieuw"]["functie"] == "Eigenaar"
    assert trail[1]["wijzigingen"]["oud"]["functie"] == "Eigenaar"
    assert trail[1]["wijzigingen"]["nieuw"]["functie"] == "Directeur"
    assert trail[1]["wijzigingen"]["nieuw"]["subjectIdentificatie"]["inpBsn"] == BSN
    entry = client.get(f"{url}/audittrail/{trail[1]['uuid']}")
    assert entry.json() == trail[1]
    assert client.get(f"{url}/audittrail/{uuid.uuid4()}").status_code == 404


@pytest.mark.django_db
def test_failed_write_leaves_no_audit_entry(kic_api, post_klant):
    klant = post_klant()
    kic_api.patch(klant["url"], {"adres": {"huisnummer": 0}}, format="json")
    assert KicAuditTrail.objects.count() == 1


# --- Check 35: constant queries per page ------------------------------------------------------


def _list_queries(kic_api, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = kic_api.get(KLANTEN, params or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_check_35_list_queries_constant_per_page(kic_api, post_klant):
    post_klant()
    factories.make_organisatie(kvk="12345678")
    few = _list_queries(kic_api)
    few_bsn = _list_queries(kic_api, {"subjectNatuurlijkPersoon__inpBsn": BSN})
    for index in range(30):
        partij = factories.make_persoon(bsn=factories.valid_bsn())
        factories.make_digitaal_adres(partij, adres=f"p{index}@example.com")
        post_klant(klantnummer=f"K{index}", subjectIdentificatie={"inpBsn": factories.valid_bsn()})
    assert _list_queries(kic_api) == few
    assert _list_queries(kic_api, {"subjectNatuurlijkPersoon__inpBsn": BSN}) == few_bsn


# --- kla-002 and the compatibility profiles -------------------------------------------------------


@pytest.mark.django_db
def test_subject_must_answer_200(kic_api, settings):
    settings.KIC_VALIDATE_REMOTE_URLS = True
    before = _counts()
    response = kic_api.post(
        KLANTEN, klant_body(subject="http://127.0.0.1:9/subjecten/1"), format="json"
    )
    _only_error(response, "subject", "bad-url")
    assert _counts() == before


@pytest.mark.django_db
def test_profile_openklant1_round_trips_its_fields(kic_api, settings):
    settings.KIC_PROFILES = ("openklant1",)
    response = kic_api.post(
        KLANTEN, klant_body(aanmaakkanaal="balie", geverifieerd=True), format="json"
    )
    assert response.status_code == 201, response.json()
    read = kic_api.get(response.json()["url"]).json()
    assert (read["aanmaakkanaal"], read["geverifieerd"]) == ("balie", True)
    settings.KIC_PROFILES = ()
    assert "aanmaakkanaal" not in kic_api.get(response.json()["url"]).json()


@pytest.mark.django_db
def test_profile_commongateway_lists_every_address(kic_api, post_klant, settings):
    klant = post_klant()
    partij = Partij.objects.get()
    factories.make_digitaal_adres(partij, adres="werk@example.com", omschrijving="werk")
    settings.KIC_PROFILES = ("commongateway",)
    read = kic_api.get(klant["url"]).json()
    assert [e["email"] for e in read["emails"]] == ["jan@example.com", "werk@example.com"]
    assert read["emails"][1]["naam"] == "werk"
    assert [t["telefoonnummer"] for t in read["telefoonnummers"]] == ["0612345678"]
    assert read["emailadres"] == "jan@example.com"


@pytest.mark.django_db
def test_bsn_search_is_logged_for_verwerkingenlogging_masked(kic_api, post_klant):
    from klantenregister.logging import mask_bsn
    from klantenregister.verwerkingen.models import Verwerkingsactie

    post_klant()
    kic_api.get(KLANTEN, {"subjectNatuurlijkPersoon__inpBsn": BSN})
    row = Verwerkingsactie.objects.get(soort="zoeken_bsn")
    assert row.zoekwaarde == mask_bsn(BSN)
    assert row.partij_uuid == Partij.objects.get().uuid
    assert BSN not in row.zoekwaarde


@pytest.mark.django_db
def test_nlx_headers_are_logged(kic_api, caplog):
    caplog.set_level(logging.INFO, logger="kic_compat.api.viewsets")
    kic_api.get(KLANTEN, HTTP_X_NLX_LOGRECORD_ID="rec-1", HTTP_X_NLX_REQUEST_USER_ID="mw-9")
    assert "rec-1" in caplog.text and "mw-9" in caplog.text


@pytest.mark.django_db
def test_contactpersoon_reads_its_employer_and_updates_keep_it(kic_api):
    from partijen import services as partijen_services

    werkgever = factories.make_organisatie(naam="Gemeentewerken")
    partij = partijen_services.create_partij(
        {
            "soort_partij": "contactpersoon",
            "indicatie_actief": True,
            "partij_identificatie": {
                "contactnaam": {"voornaam": "Ada", "achternaam": "Groen"},
                "werkte_voor_partij": werkgever,
            },
        }
    )
    url = f"{KLANTEN}/{partij.uuid}"
    read = kic_api.get(url).json()
    assert read["subjectType"] == "natuurlijk_persoon"
    assert read["bedrijfsnaam"] == "Gemeentewerken"
    assert (read["voornaam"], read["achternaam"]) == ("Ada", "Groen")
    response = kic_api.patch(url, {"achternaam": "de Groen", "functie": "Opzichter"}, format="json")
    assert response.status_code == 200, response.json()
    partij.refresh_from_db()
    assert partij.soort_partij == "contactpersoon"
    assert partij.contactpersoon.werkte_voor_partij == werkgever
    assert partij.contactpersoon.contactnaam_achternaam == "de Groen"
    assert kic_api.get(KLANTEN, {"achternaam": "de Groen"}).json()["count"] == 1


# --- Idempotency-Key (spec §1, extension) ---------------------------------------------------------


@pytest.mark.django_db
def test_idempotency_key_repeats_the_first_answer_without_writing_again(make_kic_client):
    from datetime import timedelta

    from kic_compat.models import KicIdempotentie

    client = make_kic_client()
    first = client.post(KLANTEN, klant_body(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201
    before = _counts()
    again = client.post(KLANTEN, klant_body(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 200
    assert again.json() == first.json()
    assert again["Location"] == first.json()["url"]
    assert _counts() == before
    # Another client's key is its own: the same body is now a duplicate BSN.
    other = make_kic_client()
    response = other.post(KLANTEN, klant_body(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    _only_error(response, "subjectIdentificatie.inpBsn", "unique")
    # After 24 hours the key is forgotten.
    KicIdempotentie.objects.update(aangemaakt=first_time_minus(timedelta(hours=25)))
    late = client.post(
        KLANTEN,
        klant_body(klantnummer="77", subjectIdentificatie={"inpBsn": factories.valid_bsn()}),
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )
    assert late.status_code == 201
    assert KicIdempotentie.objects.count() == 1


def first_time_minus(delta):
    from django.utils import timezone

    return timezone.now() - delta
