"""The parts of a klantcontact on their own admin pages (actor, betrokkene, onderwerpobject,
bijlage, actor bij klantcontact): the same services and rules as the API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from klantcontacten import services
from klantcontacten.models import (
    Actor,
    ActorKlantcontact,
    Betrokkene,
    Bijlage,
    Klantcontact,
    Onderwerpobject,
)
from tests.admin.conftest import admin_url, page_form_data
from tests.factories import make_organisatie, make_persoon

pytestmark = pytest.mark.django_db

MEDEWERKER = {"functie": "KCC-medewerker", "telefoonnummer": "0201234567"}


def _klantcontact(onderwerp="Vraag over de afvalpas") -> Klantcontact:
    return services.create_klantcontact(
        {"kanaal": "telefoon", "onderwerp": onderwerp, "taal": "nld", "vertrouwelijk": False}
    )


def _actor(naam="Fatima Yilmaz", soort="medewerker", identificatie=None, **extra) -> Actor:
    return services.create_actor(
        {
            "naam": naam,
            "soort_actor": soort,
            "actor_identificatie": MEDEWERKER if identificatie is None else identificatie,
            **extra,
        }
    )


def _add(staff, model, **fields):
    data = page_form_data(staff.get(admin_url(model, "add")))
    data.update(fields)
    return staff.post(admin_url(model, "add"), data)


def _change(staff, obj, **fields):
    model = type(obj)
    data = page_form_data(staff.get(admin_url(model, "change", obj.pk)))
    data.update(fields)
    return staff.post(admin_url(model, "change", obj.pk), data)


def _errors(response) -> dict:
    assert response.status_code == 200
    return response.context["adminform"].form.errors


def _changelist(staff, model, **params) -> list:
    response = staff.get(admin_url(model, "changelist"), params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


# --- Actor -------------------------------------------------------------------------------------


def test_medewerker_needs_functie_and_telefoonnummer(staff):
    errors = _errors(_add(staff, Actor, naam="Fatima", soort_actor="medewerker"))
    assert "verplicht" in errors["functie"][0]
    assert "verplicht" in errors["telefoonnummer"][0]
    assert not Actor.objects.exists()

    response = _add(staff, Actor, naam="Fatima", soort_actor="medewerker", **MEDEWERKER)
    assert response.status_code == 302
    actor = Actor.objects.get()
    assert (actor.functie, actor.telefoonnummer) == ("KCC-medewerker", "0201234567")


def test_actor_telefoonnummer_and_emailadres_are_validated(staff):
    fields = {"naam": "Fatima", "soort_actor": "medewerker", "functie": "KCC"}
    errors = _errors(_add(staff, Actor, **fields, telefoonnummer="bel me"))
    assert errors["telefoonnummer"]
    errors = _errors(
        _add(staff, Actor, **fields, telefoonnummer="0201234567", emailadres="geen-adres")
    )
    assert errors["emailadres"]
    assert not Actor.objects.exists()


def test_a_field_the_soort_does_not_have_is_refused(staff):
    errors = _errors(
        _add(
            staff,
            Actor,
            naam="Team Burgerzaken",
            soort_actor="organisatorische_eenheid",
            functie="Balie",
        )
    )
    assert "heeft geen functie" in errors["functie"][0]
    assert not Actor.objects.exists()


def test_changing_the_soort_drops_the_fields_the_new_soort_does_not_have(staff):
    actor = _actor()
    response = _change(staff, actor, soort_actor="geautomatiseerde_actor")
    assert response.status_code == 302
    actor.refresh_from_db()
    assert actor.soort_actor == "geautomatiseerde_actor"
    assert actor.functie == "KCC-medewerker"  # a geautomatiseerde actor has a functie too
    assert actor.telefoonnummer == ""


def test_actor_form_tells_which_fields_each_soort_has(staff):
    response = staff.get(admin_url(Actor, "add"))
    html = response.content.decode()
    assert "Medewerker: functie (verplicht), emailadres, telefoonnummer (verplicht)" in html
    assert "data-velden" in html
    assert "klantcontacten/actor_form.js" in html


def test_actor_search_and_filters(staff):
    fatima = _actor("Fatima Yilmaz")
    team = _actor("Team Burgerzaken", "organisatorische_eenheid", {"omschrijving": "Balie"})
    oud = _actor("Kees de Oud", indicatie_actief=False)
    assert _changelist(staff, Actor, q="yilmaz") == [fatima]
    assert _changelist(staff, Actor, soort_actor__exact="organisatorische_eenheid") == [team]
    assert _changelist(staff, Actor, indicatie_actief__exact="0") == [oud]


def test_linking_an_actor_offers_only_active_actors(staff):
    _actor("Fatima Actief")
    _actor("Fatima Vertrokken", indicatie_actief=False)
    response = staff.get(
        "/admin/autocomplete/",
        {
            "app_label": "klantcontacten",
            "model_name": "actorklantcontact",
            "field_name": "actor",
            "term": "Fatima",
        },
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Fatima Actief (Medewerker)"]


def test_deleting_an_actor_unlinks_it_through_the_service(staff):
    klantcontact = _klantcontact()
    actor = _actor()
    services.create_actorklantcontact({"actor": actor, "klantcontact": klantcontact})
    response = staff.post(admin_url(Actor, "delete", actor.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Actor.objects.exists()
    assert Klantcontact.objects.filter(pk=klantcontact.pk).exists()
    removed = ActorKlantcontact.history.get(history_type="-")
    assert removed.history_actor == "medewerker beheerder"


# --- Actor bij klantcontact --------------------------------------------------------------------


def test_actor_bij_klantcontact_is_unique(staff):
    klantcontact = _klantcontact()
    actor = _actor()
    fields = {"actor": str(actor.pk), "klantcontact": str(klantcontact.pk)}
    assert _add(staff, ActorKlantcontact, **fields).status_code == 302
    errors = _errors(_add(staff, ActorKlantcontact, **fields))
    assert "unieke set" in str(errors)
    assert ActorKlantcontact.objects.count() == 1


# --- Betrokkene --------------------------------------------------------------------------------


def test_betrokkene_with_address_through_the_service(staff):
    klantcontact = _klantcontact()
    response = _add(
        staff,
        Betrokkene,
        klantcontact=str(klantcontact.pk),
        rol="klant",
        initiator="on",
        contactnaam_voornaam="Piet",
        contactnaam_achternaam="Pietersen",
        bezoekadres_straatnaam="Kerkstraat",
        bezoekadres_huisnummer="12",
        bezoekadres_postcode="1234 AB",
        bezoekadres_stad="Utrecht",
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    betrokkene = Betrokkene.objects.get()
    assert betrokkene.volledige_naam == "Piet Pietersen"
    assert (betrokkene.bezoekadres_straatnaam, betrokkene.bezoekadres_huisnummer) == (
        "Kerkstraat",
        12,
    )
    assert betrokkene.history.get().history_actor == "medewerker beheerder"


def test_betrokkene_change_keeps_the_other_fields_and_refuses_a_bad_postcode(staff):
    betrokkene = services.create_betrokkene(
        {
            "klantcontact": _klantcontact(),
            "rol": "klant",
            "initiator": True,
            "contactnaam": {"voornaam": "Piet", "achternaam": "Pietersen"},
            "bezoekadres": {"straatnaam": "Kerkstraat", "huisnummer": 12},
        }
    )
    errors = _errors(_change(staff, betrokkene, bezoekadres_postcode="12345"))
    assert errors["bezoekadres_postcode"]

    assert _change(staff, betrokkene, bezoekadres_postcode="1234 AB").status_code == 302
    betrokkene.refresh_from_db()
    assert betrokkene.bezoekadres_straatnaam == "Kerkstraat"
    assert betrokkene.contactnaam_achternaam == "Pietersen"
    assert betrokkene.bezoekadres_postcode == "1234 AB"


def test_betrokkene_search_by_name_of_the_partij(staff):
    klantcontact = _klantcontact()
    bakker = make_organisatie(naam="Bakkerij De Korrel")
    van_bakker = services.create_betrokkene(
        {"klantcontact": klantcontact, "partij": bakker, "rol": "klant", "initiator": True}
    )
    services.create_betrokkene(
        {"klantcontact": klantcontact, "partij": make_persoon(), "rol": "klant", "initiator": False}
    )
    assert _changelist(staff, Betrokkene, q="korrel") == [van_bakker]
    assert _changelist(staff, Betrokkene, initiator__exact="1") == [van_bakker]
    html = staff.get(admin_url(Betrokkene, "changelist")).content.decode()
    assert "Bakkerij De Korrel" in html


def _betrokkene_changelist_queries(staff) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = staff.get(admin_url(Betrokkene, "changelist"))
    assert response.status_code == 200
    return len(queries)


def test_betrokkene_changelist_query_count_does_not_grow_with_rows(staff):
    klantcontact = _klantcontact()

    def make(n):
        partij = make_persoon(voornaam=f"P{n}") if n % 2 else make_organisatie(naam=f"O{n}")
        services.create_betrokkene(
            {"klantcontact": klantcontact, "partij": partij, "rol": "klant", "initiator": True}
        )

    make(0)
    one = _betrokkene_changelist_queries(staff)
    for n in range(1, 20):
        make(n)
    assert _betrokkene_changelist_queries(staff) == one


# --- Onderwerpobject and bijlage ---------------------------------------------------------------


def test_onderwerpobject_through_the_service_and_delete_keeps_the_klantcontact(staff):
    klantcontact = _klantcontact()
    response = _add(
        staff,
        Onderwerpobject,
        klantcontact=str(klantcontact.pk),
        onderwerpobjectidentificator_code_objecttype="zaak",
        onderwerpobjectidentificator_object_id="ZAAK-1",
    )
    assert response.status_code == 302
    onderwerpobject = Onderwerpobject.objects.get()
    assert onderwerpobject.klantcontact == klantcontact
    assert _changelist(staff, Onderwerpobject, q="ZAAK-1") == [onderwerpobject]

    response = staff.post(admin_url(Onderwerpobject, "delete", onderwerpobject.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Onderwerpobject.objects.exists()
    assert Klantcontact.objects.filter(pk=klantcontact.pk).exists()


def test_bijlage_through_the_service(staff):
    klantcontact = _klantcontact()
    response = _add(
        staff,
        Bijlage,
        klantcontact=str(klantcontact.pk),
        bijlageidentificator_code_objecttype="informatieobject",
        bijlageidentificator_object_id="DOC-9",
    )
    assert response.status_code == 302
    bijlage = Bijlage.objects.get()
    assert bijlage.klantcontact == klantcontact
    assert bijlage.history.get().history_actor == "medewerker beheerder"
    assert _changelist(staff, Bijlage, q="DOC-9") == [bijlage]
