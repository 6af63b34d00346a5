"""Spec §5 and §1: data made through Klantinteracties v1 seen through /api/kic/v1, v1 URLs
accepted where the first generation names a klant or contactmoment, and paging."""

import uuid

import pytest

from kic_compat.contactmomenten import services
from tests.conftest import KI
from tests.kic.contract import assert_contract
from tests.kic_contactmomenten.conftest import CM, KCM, OCM


def contract(response):
    assert_contract(response, contract="contactmomenten")
    return response


@pytest.mark.django_db
def test_v1_urls_are_accepted_for_contactmoment_and_klant(kic_api, api, post_contactmoment):
    cm = post_contactmoment()
    cm_uuid = cm["url"][-36:]
    partij = api.post(
        f"{KI}/partijen",
        {"soortPartij": "persoon", "indicatieActief": True, "partijIdentificatie": {}},
        format="json",
    ).json()
    body = {
        "contactmoment": f"http://testserver{KI}/klantcontacten/{cm_uuid}",
        "klant": partij["url"],
        "rol": "belanghebbende",
    }
    created = contract(kic_api.post(KCM, body, format="json"))
    assert created.status_code == 201, created.json()
    # Read back in first-generation form.
    assert created.json()["contactmoment"] == cm["url"]
    assert created.json()["klant"] == f"http://testserver/api/kic/v1/klanten/{partij['uuid']}"
    # A v1 URL of another resource is no_match.
    wrong = {**body, "klant": f"http://testserver{KI}/klantcontacten/{cm_uuid}"}
    response = contract(kic_api.post(KCM, wrong, format="json"))
    assert response.json()["invalidParams"][0]["code"] == "no_match"


@pytest.mark.django_db
def test_onderwerpobjecten_made_in_v1_show_with_the_zaak_url_template(
    kic_api, api, post_contactmoment, settings
):
    cm = post_contactmoment()
    zaak_uuid = str(uuid.uuid4())
    made = api.post(
        f"{KI}/onderwerpobjecten",
        {
            "klantcontact": {"uuid": cm["url"][-36:]},
            "wasKlantcontact": None,
            "onderwerpobjectidentificator": {
                "objectId": zaak_uuid,
                "codeObjecttype": "zaak",
                "codeRegister": "openzaak",
                "codeSoortObjectId": "uuid",
            },
        },
        format="json",
    )
    assert made.status_code == 201, made.json()
    # Without a template: hidden (spec §5).
    assert contract(kic_api.get(OCM)).json()["count"] == 0
    settings.KIC_ZAAK_URL_TEMPLATE = "https://zaken.gemeente.nl/api/v1/zaken/{objectId}"
    listed = contract(kic_api.get(OCM)).json()
    assert listed["count"] == 1
    zaak_url = f"https://zaken.gemeente.nl/api/v1/zaken/{zaak_uuid}"
    assert listed["results"][0]["object"] == zaak_url
    assert listed["results"][0]["objectType"] == "zaak"
    assert contract(kic_api.get(OCM, {"object": zaak_url})).json()["count"] == 1
    # A wasKlantcontact link (vorigContactmoment) is never an objectcontactmoment.
    post_contactmoment(vorigContactmoment=cm["url"])
    assert contract(kic_api.get(OCM)).json()["count"] == 1


@pytest.mark.django_db
def test_lists_page_at_100_and_links_keep_the_filters(kic_api):
    for _ in range(101):
        services.create_contactmoment(
            {
                "bronorganisatie": "002220647",
                "kanaal": "telefoon",
                "medewerker_identificatie": {"identificatie": "mw"},
            }
        )
    services.create_contactmoment(
        {
            "bronorganisatie": "002220647",
            "kanaal": "balie",
            "medewerker_identificatie": {"identificatie": "mw"},
        }
    )
    first = contract(kic_api.get(CM, {"kanaal": "telefoon"})).json()
    assert (first["count"], len(first["results"]), first["previous"]) == (101, 100, None)
    assert first["next"].startswith("http://testserver/api/kic/v1/contactmomenten?")
    assert "kanaal=telefoon" in first["next"] and "page=2" in first["next"]
    second = contract(kic_api.get(first["next"])).json()
    assert (len(second["results"]), second["next"]) == (1, None)
    assert "kanaal=telefoon" in second["previous"]
    assert kic_api.get(CM, {"kanaal": "telefoon", "page": 3}).status_code == 404


@pytest.mark.django_db
def test_initiatiefnemer_unknown_reads_blank_then_derived(kic_api, post_contactmoment, klant_url):
    """Spec §4.2: stored value; else klant/gemeente from the betrokkenen; else ""."""
    cm = post_contactmoment(initiatiefnemer="")
    assert contract(kic_api.get(cm["url"])).json()["initiatiefnemer"] == ""
    kic_api.post(
        KCM,
        {"contactmoment": cm["url"], "klant": klant_url(), "rol": "belanghebbende"},
        format="json",
    )
    assert contract(kic_api.get(cm["url"])).json()["initiatiefnemer"] == "gemeente"
    assert contract(kic_api.get(CM, {"initiatiefnemer": "gemeente"})).json()["count"] == 1
    assert contract(kic_api.get(CM, {"initiatiefnemer": "klant"})).json()["count"] == 0


@pytest.mark.django_db
def test_betrokkene_re_pointed_in_v1_keeps_the_uniqueness_right(
    kic_api, api, post_contactmoment, klant_url
):
    cm = post_contactmoment()
    p1, p2 = klant_url(), klant_url()
    first = kic_api.post(
        KCM, {"contactmoment": cm["url"], "klant": p1, "rol": "belanghebbende"}, format="json"
    ).json()
    # v1 moves that betrokkene to another partij.
    moved = api.patch(
        f"{KI}/betrokkenen/{first['url'][-36:]}",
        {"wasPartij": {"uuid": p2[-36:]}},
        format="json",
    )
    assert moved.status_code == 200, moved.json()
    assert contract(kic_api.get(first["url"])).json()["klant"] == p2
    # The first partij can be linked in that rol again; the second cannot (it has it now).
    again = kic_api.post(
        KCM, {"contactmoment": cm["url"], "klant": p1, "rol": "belanghebbende"}, format="json"
    )
    assert again.status_code == 201, again.json()
    twice = contract(
        kic_api.post(
            KCM, {"contactmoment": cm["url"], "klant": p2, "rol": "belanghebbende"}, format="json"
        )
    )
    assert twice.json()["invalidParams"][0]["code"] == "unique"
    # Moving the new one onto p2 as well: v1 allows it; the first generation then shows the
    # derived rol for it, and nothing fails.
    response = api.patch(
        f"{KI}/betrokkenen/{again.json()['url'][-36:]}",
        {"wasPartij": {"uuid": p2[-36:]}},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert contract(kic_api.get(again.json()["url"])).json()["rol"] == "belanghebbende"
