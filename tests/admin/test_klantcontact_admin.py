"""The klantcontacten back office: finding klantcontacten, correcting them through the services
with a visible history, registering a telephone conversation, and the partij page's list of
klantcontacten."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from klantcontacten import services
from klantcontacten.models import (
    Actor,
    ActorKlantcontact,
    Betrokkene,
    Bijlage,
    Klantcontact,
    Onderwerpobject,
)
from klantenregister.core.models import Nummerreeks
from partijen.models import Partij
from tests.admin.conftest import add_inline_row, admin_url, errors_of, page_form_data
from tests.factories import make_organisatie, make_persoon, valid_bsn

pytestmark = pytest.mark.django_db

BETROKKENEN = "betrokkenen"
ONDERWERPOBJECTEN = "onderwerpobjecten"
ACTOREN = "actorklantcontacten"


def _klantcontact(onderwerp="Vraag over de afvalpas", **extra) -> Klantcontact:
    data = {
        "kanaal": "telefoon",
        "onderwerp": onderwerp,
        "taal": "nld",
        "vertrouwelijk": False,
        **extra,
    }
    return services.create_klantcontact(data)


def _betrokkene(klantcontact, partij=None, **extra) -> Betrokkene:
    return services.create_betrokkene(
        {"klantcontact": klantcontact, "partij": partij, "rol": "klant", "initiator": True, **extra}
    )


def _medewerker(naam="Fatima Yilmaz", **extra) -> Actor:
    return services.create_actor(
        {
            "naam": naam,
            "soort_actor": "medewerker",
            "actor_identificatie": {"functie": "KCC-medewerker", "telefoonnummer": "0201234567"},
            **extra,
        }
    )


def _changelist(staff, **params) -> list:
    response = staff.get(admin_url(Klantcontact, "changelist"), params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def _telefoongesprek(staff, **fields):
    """Post the telefoongesprek form as a browser would, with `fields` changed."""
    now = timezone.localtime()
    data = {
        "partij": "",
        "rol": "klant",
        "initiator": "on",
        "onderwerp": "Vraag over de afvalpas",
        "inhoud": "Pas kwijt, nieuwe aangevraagd.",
        "kanaal": "telefoon",
        "plaatsgevonden_op_0": now.strftime("%d-%m-%Y"),
        "plaatsgevonden_op_1": now.strftime("%H:%M:%S"),
        "taal": "nld",
        "indicatie_contact_gelukt": "true",
    }
    data.update(fields)
    return staff.post(admin_url(Klantcontact, "telefoongesprek"), data)


# --- Every page opens --------------------------------------------------------------------------


def _one_of_each():
    jan = make_persoon(bsn=valid_bsn())
    klantcontact = _klantcontact()
    actor = _medewerker()
    return {
        Klantcontact: klantcontact,
        Betrokkene: _betrokkene(klantcontact, jan),
        Onderwerpobject: services.create_onderwerpobject(
            {
                "klantcontact": klantcontact,
                "onderwerpobjectidentificator": {"code_objecttype": "zaak", "object_id": "Z-1"},
            }
        ),
        Bijlage: services.create_bijlage(
            {"klantcontact": klantcontact, "bijlageidentificator": {"object_id": "D-1"}}
        ),
        Actor: actor,
        ActorKlantcontact: services.create_actorklantcontact(
            {"actor": actor, "klantcontact": klantcontact}
        ),
        Partij: jan,
    }


MODELS = [Klantcontact, Betrokkene, Onderwerpobject, Bijlage, Actor, ActorKlantcontact, Partij]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_change_and_add_pages_open(staff, model):
    obj = _one_of_each()[model]
    assert staff.get(admin_url(model, "changelist")).status_code == 200
    assert staff.get(admin_url(model, "changelist"), {"q": "x"}).status_code == 200
    assert staff.get(admin_url(model, "change", obj.pk)).status_code == 200
    assert staff.get(admin_url(model, "add")).status_code == 200
    assert staff.get(admin_url(model, "delete", obj.pk)).status_code == 200


def test_telefoongesprek_page_opens_with_defaults_and_is_linked(staff):
    response = staff.get(admin_url(Klantcontact, "telefoongesprek"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["kanaal"].value() == "telefoon"
    assert form["taal"].value() == "nld"
    assert abs(form["plaatsgevonden_op"].value() - timezone.now()) < timedelta(minutes=1)
    assert "admin-autocomplete" in str(form["partij"])
    changelist = staff.get(admin_url(Klantcontact, "changelist")).content.decode()
    assert admin_url(Klantcontact, "telefoongesprek") in changelist


# --- Telefoongesprek registreren ---------------------------------------------------------------


def test_telefoongesprek_creates_klantcontact_betrokkene_and_onderwerpobject(staff):
    jan = make_persoon(voornaam="Jan", achternaam="Jansen")
    response = _telefoongesprek(
        staff,
        partij=str(jan.pk),
        onderwerpobject_code_objecttype="zaak",
        onderwerpobject_code_soort_object_id="identificatie",
        onderwerpobject_object_id="ZAAK-2026-0042",
        onderwerpobject_code_register="openzaak",
    )
    klantcontact = Klantcontact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == admin_url(Klantcontact, "change", klantcontact.pk)
    assert (klantcontact.kanaal, klantcontact.taal) == ("telefoon", "nld")
    assert klantcontact.onderwerp == "Vraag over de afvalpas"
    assert klantcontact.indicatie_contact_gelukt is True
    assert klantcontact.vertrouwelijk is False
    assert klantcontact.nummer
    betrokkene = klantcontact.betrokkenen.get()
    assert (betrokkene.partij, betrokkene.rol, betrokkene.initiator) == (jan, "klant", True)
    onderwerpobject = klantcontact.onderwerpobjecten.get()
    assert onderwerpobject.onderwerpobjectidentificator_object_id == "ZAAK-2026-0042"
    assert onderwerpobject.onderwerpobjectidentificator_code_objecttype == "zaak"
    assert onderwerpobject.onderwerpobjectidentificator_code_register == "openzaak"

    page = staff.get(response["Location"])
    messages = [str(message) for message in page.context["messages"]]
    assert messages == [f"Telefoongesprek geregistreerd als klantcontact {klantcontact.nummer}."]
    # Staff did it: every part is attributed to the medewerker.
    actoren = {regel.actor for regel in page.context["historie"]}
    assert actoren == {"medewerker beheerder"}


def test_telefoongesprek_with_a_caller_who_is_no_partij(staff):
    response = _telefoongesprek(
        staff, contactnaam_voornaam="Piet", contactnaam_achternaam="Pietersen", initiator=""
    )
    assert response.status_code == 302
    betrokkene = Betrokkene.objects.get()
    assert betrokkene.partij is None
    assert betrokkene.volledige_naam == "Piet Pietersen"
    assert betrokkene.initiator is False
    assert not Onderwerpobject.objects.exists()


def test_telefoongesprek_prefills_the_partij_from_the_partij_page(staff):
    jan = make_persoon()
    response = staff.get(admin_url(Klantcontact, "telefoongesprek"), {"partij": jan.pk})
    assert response.context["form"]["partij"].value() == str(jan.pk)
    partij_page = staff.get(admin_url(Partij, "change", jan.pk)).content.decode()
    assert f"{admin_url(Klantcontact, 'telefoongesprek')}?partij={jan.pk}" in partij_page


def _assert_nothing_stored():
    assert not Klantcontact.objects.exists()
    assert not Betrokkene.objects.exists()
    assert not Onderwerpobject.objects.exists()
    assert not Klantcontact.history.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"onderwerp": ""}, "onderwerp"),
        ({"onderwerp": "x" * 201}, "onderwerp"),
        ({"taal": "nederlands"}, "taal"),
        ({"kanaal": ""}, "kanaal"),
        ({"plaatsgevonden_op_0": "gisteren"}, "plaatsgevonden_op"),
        ({"partij": "999999"}, "partij"),
        ({"onderwerpobject_code_objecttype": "zaak"}, "onderwerpobject_object_id"),
        # Before year 1 in UTC: not storable (was an OverflowError, a 500).
        (
            {"plaatsgevonden_op_0": "01-01-0001", "plaatsgevonden_op_1": "00:10:00"},
            "plaatsgevonden_op",
        ),
        ({"onderwerp": "nul\x00teken"}, "onderwerp"),
    ],
)
def test_telefoongesprek_bad_input_shows_the_field_error_and_stores_nothing(staff, fields, field):
    jan = make_persoon()
    response = _telefoongesprek(staff, **{"partij": str(jan.pk), **fields})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert "errornote" in response.content.decode()
    _assert_nothing_stored()


def test_telefoongesprek_needs_a_partij_or_a_name(staff):
    response = _telefoongesprek(staff)
    assert response.status_code == 200
    assert "Kies een partij" in response.context["form"].errors["partij"][0]
    _assert_nothing_stored()


def test_telefoongesprek_service_error_is_shown_on_its_field_and_rolls_everything_back(
    staff, monkeypatch
):
    """maak_klantcontact stores all or nothing: an error on the onderwerpobject (after the
    klantcontact and betrokkene were written) leaves nothing behind, and the number series is
    not used up."""
    jan = make_persoon()
    laatste = Nummerreeks.objects.filter(naam="klantcontact").values_list("laatste", flat=True)
    voor = list(laatste)

    def weiger(data):
        raise ValidationError({"onderwerpobjectidentificator_object_id": "Deze zaak bestaat niet."})

    monkeypatch.setattr(services, "_create_onderwerpobject", weiger)
    response = _telefoongesprek(
        staff,
        partij=str(jan.pk),
        onderwerpobject_code_objecttype="zaak",
        onderwerpobject_object_id="ZAAK-404",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["onderwerpobject_object_id"] == [
        "Deze zaak bestaat niet."
    ]
    _assert_nothing_stored()
    assert list(laatste) == voor


# --- Finding klantcontacten --------------------------------------------------------------------


def test_changelist_is_newest_first(staff):
    now = timezone.now()
    oud = _klantcontact("oud", plaatsgevonden_op=now - timedelta(days=3))
    nieuw = _klantcontact("nieuw", plaatsgevonden_op=now)
    midden = _klantcontact("midden", plaatsgevonden_op=now - timedelta(days=1))
    assert _changelist(staff) == [nieuw, midden, oud]


def test_changelist_shows_the_betrokkenen_by_name(staff):
    klantcontact = _klantcontact()
    _betrokkene(klantcontact, make_organisatie(naam="Bakkerij De Korrel"))
    _betrokkene(klantcontact, contactnaam={"voornaam": "Piet", "achternaam": "Pietersen"})
    html = staff.get(admin_url(Klantcontact, "changelist")).content.decode()
    assert "Bakkerij De Korrel, Piet Pietersen" in html


def test_search_by_nummer_onderwerp_and_betrokkene_names(staff):
    jan = make_persoon(voornaam="Jan", achternaam="Jansen")
    bakker = make_organisatie(naam="Bakkerij De Korrel")
    van_jan = _klantcontact("Paspoort verlengen")
    _betrokkene(van_jan, jan)
    van_bakker = _klantcontact("Terrasvergunning")
    _betrokkene(van_bakker, bakker)
    anoniem = _klantcontact("Afvalpas")
    _betrokkene(
        anoniem,
        contactnaam={"voornaam": "Piet", "achternaam": "Pietersen"},
        organisatienaam="Stichting Groen",
    )

    assert _changelist(staff, q=van_jan.nummer) == [van_jan]
    assert _changelist(staff, q="terrasvergunning") == [van_bakker]
    assert _changelist(staff, q="jansen") == [van_jan]  # the partij's name
    assert _changelist(staff, q="korrel") == [van_bakker]  # the partij's organisatie naam
    assert _changelist(staff, q="pietersen") == [anoniem]  # contactnaam achternaam
    assert _changelist(staff, q="piet") == [anoniem]  # contactnaam voornaam
    assert _changelist(staff, q="stichting groen") == [anoniem]  # organisatienaam


def test_search_lists_a_klantcontact_once_with_several_matching_betrokkenen(staff):
    klantcontact = _klantcontact()
    _betrokkene(klantcontact, contactnaam={"achternaam": "Jansen"})
    _betrokkene(klantcontact, make_persoon(achternaam="Jansen"))
    assert _changelist(staff, q="jansen") == [klantcontact]


def test_filter_by_kanaal_gelukt_and_actor(staff):
    telefoon = _klantcontact(indicatie_contact_gelukt=True)
    balie = _klantcontact(kanaal="balie", indicatie_contact_gelukt=False)
    onbekend = _klantcontact(kanaal="e-mail")
    fatima = _medewerker("Fatima Yilmaz")
    services.create_actorklantcontact({"actor": fatima, "klantcontact": balie})
    services.create_actorklantcontact({"actor": _medewerker("Kees"), "klantcontact": telefoon})

    assert _changelist(staff, kanaal="balie") == [balie]
    assert _changelist(staff, indicatie_contact_gelukt__exact="1") == [telefoon]
    assert _changelist(staff, indicatie_contact_gelukt__exact="0") == [balie]
    assert _changelist(staff, indicatie_contact_gelukt__isnull="True") == [onbekend]
    assert _changelist(staff, actoren__id__exact=fatima.pk) == [balie]


def test_filter_by_date(staff):
    now = timezone.localtime()
    vandaag = _klantcontact("vandaag", plaatsgevonden_op=now)
    vorig_jaar = _klantcontact("vorig jaar", plaatsgevonden_op=now - timedelta(days=400))
    # The date hierarchy (year / month / day) …
    assert _changelist(staff, plaatsgevonden_op__year=now.year) == [vandaag]
    past = timezone.localtime(vorig_jaar.plaatsgevonden_op)
    assert _changelist(
        staff,
        plaatsgevonden_op__year=past.year,
        plaatsgevonden_op__month=past.month,
        plaatsgevonden_op__day=past.day,
    ) == [vorig_jaar]
    # … and the date filter ("Afgelopen 7 dagen"), with the parameters its link has.
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    week, tomorrow = str(today - timedelta(days=7)), str(today + timedelta(days=1))
    assert _changelist(staff, plaatsgevonden_op__gte=week, plaatsgevonden_op__lt=tomorrow) == [
        vandaag
    ]


def test_filter_by_partij_lists_its_klantcontacten(staff):
    jan, piet = make_persoon(), make_persoon(voornaam="Piet")
    van_jan = _klantcontact()
    _betrokkene(van_jan, jan)
    _betrokkene(_klantcontact(), piet)
    response = staff.get(admin_url(Klantcontact, "changelist"), {"partij": jan.pk})
    assert list(response.context["cl"].result_list) == [van_jan]
    assert "Jan Jansen" in response.content.decode()  # the active filter names the partij
    assert _changelist(staff, partij="niet-een-id") == []
    assert _changelist(staff, partij="999999") == []


def _changelist_queries(staff) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = staff.get(admin_url(Klantcontact, "changelist"))
    assert response.status_code == 200
    return len(queries)


def _make_rich_klantcontact(n: int, actor: Actor) -> None:
    klantcontact = _klantcontact(f"Gesprek {n}", kanaal=("telefoon", "balie", "e-mail")[n % 3])
    _betrokkene(klantcontact, make_persoon(voornaam=f"Persoon{n}"))
    _betrokkene(klantcontact, make_organisatie(naam=f"Organisatie {n}"))
    _betrokkene(klantcontact, contactnaam={"achternaam": f"Beller{n}"})
    services.create_actorklantcontact({"actor": actor, "klantcontact": klantcontact})


def test_changelist_query_count_does_not_grow_with_rows(staff):
    actor = _medewerker()
    _make_rich_klantcontact(0, actor)
    one = _changelist_queries(staff)
    for n in range(1, 20):
        _make_rich_klantcontact(n, _medewerker(f"Medewerker {n}") if n % 2 else actor)
    assert Klantcontact.objects.count() == 20
    assert _changelist_queries(staff) == one


# --- Correcting a klantcontact -----------------------------------------------------------------


def _change_form(staff, klantcontact) -> dict:
    return page_form_data(staff.get(admin_url(Klantcontact, "change", klantcontact.pk)))


def test_a_correction_shows_in_the_history_with_the_medewerker(staff):
    klantcontact = _klantcontact("Paspoort")
    data = _change_form(staff, klantcontact)
    data["onderwerp"] = "Paspoort verlengen"
    response = staff.post(admin_url(Klantcontact, "change", klantcontact.pk), data)
    assert response.status_code == 302, errors_of(response)
    klantcontact.refresh_from_db()
    assert klantcontact.onderwerp == "Paspoort verlengen"

    page = staff.get(admin_url(Klantcontact, "change", klantcontact.pk))
    correctie, aanmaak = page.context["historie"]  # newest first
    assert (correctie.actor, correctie.actie, correctie.onderdeel) == (
        "medewerker beheerder",
        "gewijzigd",
        "klantcontact",
    )
    assert correctie.wijzigingen == [("onderwerp", "Paspoort", "Paspoort verlengen")]
    assert (aanmaak.actor, aanmaak.actie) == ("systeem", "aangemaakt")
    html = page.content.decode()
    assert "Historie" in html
    assert "medewerker beheerder" in html
    assert '<span class="oud">Paspoort</span> → Paspoort verlengen' in html


def test_saving_without_changes_writes_no_history(staff):
    klantcontact = _klantcontact()
    data = _change_form(staff, klantcontact)
    assert staff.post(admin_url(Klantcontact, "change", klantcontact.pk), data).status_code == 302
    assert klantcontact.history.count() == 1


def test_contact_gelukt_with_verdere_actie_is_refused_on_the_form(staff):
    klantcontact = _klantcontact(indicatie_contact_gelukt=True)
    data = _change_form(staff, klantcontact)
    data["verdere_actie_ondernomen"] = "on"
    response = staff.post(admin_url(Klantcontact, "change", klantcontact.pk), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["verdere_actie_ondernomen"] == [
        "Als het contact gelukt is kan er geen verdere actie zijn ondernomen"
    ]
    klantcontact.refresh_from_db()
    assert klantcontact.verdere_actie_ondernomen is False
    assert klantcontact.history.count() == 1


def test_invalid_metadata_is_refused_on_the_form(staff):
    klantcontact = _klantcontact()
    data = _change_form(staff, klantcontact)
    data["metadata"] = '{"bron": 42}'
    response = staff.post(admin_url(Klantcontact, "change", klantcontact.pk), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["metadata"]


def test_metadata_with_a_nul_character_is_refused_on_the_form(staff):
    """PostgreSQL cannot store NUL in JSON text; the form says so instead of a 500."""
    klantcontact = _klantcontact()
    data = _change_form(staff, klantcontact)
    data["metadata"] = '{"bron": "a\\u0000b"}'
    response = staff.post(admin_url(Klantcontact, "change", klantcontact.pk), data)
    assert response.status_code == 200
    assert "NUL" in response.context["adminform"].form.errors["metadata"][0]
    klantcontact.refresh_from_db()
    assert klantcontact.metadata == {}


def test_a_moment_outside_the_storable_range_is_refused_on_the_form(staff):
    klantcontact = _klantcontact()
    data = _change_form(staff, klantcontact)
    data.update(plaatsgevonden_op_0="01-01-0001", plaatsgevonden_op_1="00:10:00")
    response = staff.post(admin_url(Klantcontact, "change", klantcontact.pk), data)
    assert response.status_code == 200
    assert (
        "jaar 1 tot en met 9999"
        in response.context["adminform"].form.errors["plaatsgevonden_op"][0]
    )


def test_adding_a_klantcontact_with_rows_generates_a_nummer(staff):
    jan = make_persoon()
    actor = _medewerker()
    data = page_form_data(staff.get(admin_url(Klantcontact, "add")))
    data.update(kanaal="balie", onderwerp="Rijbewijs", taal="nld")
    add_inline_row(data, BETROKKENEN, partij=str(jan.pk), rol="klant", initiator="on")
    add_inline_row(
        data,
        ONDERWERPOBJECTEN,
        onderwerpobjectidentificator_code_objecttype="zaak",
        onderwerpobjectidentificator_object_id="Z-7",
    )
    add_inline_row(data, ACTOREN, actor=str(actor.pk))
    response = staff.post(admin_url(Klantcontact, "add"), data)
    assert response.status_code == 302, errors_of(response)
    klantcontact = Klantcontact.objects.get()
    assert klantcontact.nummer and klantcontact.nummer.isdigit()
    assert klantcontact.betrokkenen.get().partij == jan
    assert klantcontact.onderwerpobjecten.get().onderwerpobjectidentificator_object_id == "Z-7"
    assert list(klantcontact.actoren.all()) == [actor]


def test_inline_rows_are_changed_and_deleted_through_the_services_with_history(staff):
    klantcontact = _klantcontact()
    jan = make_persoon()
    betrokkene = _betrokkene(klantcontact, contactnaam={"achternaam": "Jansen"})
    response = staff.get(admin_url(Klantcontact, "change", klantcontact.pk))
    data = page_form_data(response)
    data[f"{BETROKKENEN}-0-partij"] = str(jan.pk)
    add_inline_row(
        data,
        ONDERWERPOBJECTEN,
        onderwerpobjectidentificator_code_objecttype="zaak",
        onderwerpobjectidentificator_object_id="Z-8",
    )
    response = staff.post(admin_url(Klantcontact, "change", klantcontact.pk), data)
    assert response.status_code == 302, errors_of(response)
    betrokkene.refresh_from_db()
    assert betrokkene.partij == jan
    assert betrokkene.contactnaam_achternaam == "Jansen"  # untouched fields stay

    data = _change_form(staff, klantcontact)
    data[f"{BETROKKENEN}-0-DELETE"] = "on"
    response = staff.post(admin_url(Klantcontact, "change", klantcontact.pk), data)
    assert response.status_code == 302, errors_of(response)
    assert not klantcontact.betrokkenen.exists()

    historie = staff.get(admin_url(Klantcontact, "change", klantcontact.pk)).context["historie"]
    door_beheerder = [
        (rij.actie, rij.onderdeel) for rij in historie if rij.actor == "medewerker beheerder"
    ]
    assert door_beheerder == [
        ("verwijderd", "betrokkene"),
        ("aangemaakt", "onderwerpobject"),
        ("gewijzigd", "betrokkene"),
    ]
    verwijderd = historie[0]
    assert verwijderd.beschrijving == "Jansen"  # the name it had, though it is gone
    assert verwijderd.link is None
    [gewijzigd] = [rij for rij in historie if rij.actie == "gewijzigd"]
    assert gewijzigd.wijzigingen == [("wasPartij", "–", "Jan Jansen")]


def test_change_page_names_betrokkenen_and_offers_no_partij_delete(staff):
    klantcontact = _klantcontact()
    betrokkene = _betrokkene(klantcontact, make_organisatie(naam="Bakkerij De Korrel"))
    html = staff.get(admin_url(Klantcontact, "change", klantcontact.pk)).content.decode()
    assert "Bakkerij De Korrel" in html
    assert str(betrokkene.uuid) not in html
    assert "delete-related" not in html  # a partij is deleted on its own page


def test_the_same_actor_twice_is_refused(staff):
    klantcontact = _klantcontact()
    actor = _medewerker()
    data = _change_form(staff, klantcontact)
    add_inline_row(data, ACTOREN, actor=str(actor.pk))
    add_inline_row(data, ACTOREN, actor=str(actor.pk))
    response = staff.post(admin_url(Klantcontact, "change", klantcontact.pk), data)
    assert response.status_code == 200
    assert errors_of(response)
    assert not ActorKlantcontact.objects.exists()


# --- Deleting ----------------------------------------------------------------------------------


@pytest.fixture
def delete_calls(monkeypatch):
    calls = []
    real = services.delete_klantcontact

    def spy(klantcontact):
        calls.append(klantcontact.pk)
        real(klantcontact)

    monkeypatch.setattr(services, "delete_klantcontact", spy)
    return calls


def test_bulk_delete_goes_through_the_service(staff, delete_calls):
    jan = make_persoon()
    weg = [_klantcontact(f"weg {n}") for n in range(3)]
    for klantcontact in weg:
        _betrokkene(klantcontact, jan)
    blijft = _klantcontact("blijft")
    response = staff.post(
        admin_url(Klantcontact, "changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [str(k.pk) for k in weg],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert sorted(delete_calls) == sorted(k.pk for k in weg)
    assert list(Klantcontact.objects.all()) == [blijft]
    assert not Betrokkene.objects.exists()
    assert Partij.objects.filter(pk=jan.pk).exists()
    # Every removal is in the history, attributed to the medewerker.
    removed = Betrokkene.history.filter(history_type="-")
    assert removed.count() == 3
    assert {row.history_actor for row in removed} == {"medewerker beheerder"}


def test_delete_page_goes_through_the_service(staff, delete_calls):
    klantcontact = _klantcontact()
    _betrokkene(klantcontact, make_persoon())
    response = staff.post(admin_url(Klantcontact, "delete", klantcontact.pk), {"post": "yes"})
    assert response.status_code == 302
    assert delete_calls == [klantcontact.pk]
    assert not Klantcontact.objects.exists()


# --- The partij page ---------------------------------------------------------------------------


def test_partij_page_lists_its_klantcontacten_newest_first(staff):
    jan = make_persoon()
    now = timezone.now()
    oud = _klantcontact("Oud gesprek", plaatsgevonden_op=now - timedelta(days=30))
    nieuw = _klantcontact("Nieuw gesprek", plaatsgevonden_op=now)
    for klantcontact in (oud, nieuw):
        _betrokkene(klantcontact, jan)
    _betrokkene(nieuw, jan, rol="vertegenwoordiger")  # twice in one contact: listed once
    ander = _klantcontact("Van een ander")
    _betrokkene(ander, make_persoon(voornaam="Piet"))

    response = staff.get(admin_url(Partij, "change", jan.pk))
    assert response.status_code == 200
    assert response.context["partij_klantcontacten"] == [nieuw, oud]
    html = response.content.decode()
    assert html.index("Nieuw gesprek") < html.index("Oud gesprek")
    assert "Van een ander" not in html
    assert admin_url(Klantcontact, "change", nieuw.pk) in html
    assert "Klantcontacten (2)" in html


def test_partij_page_links_to_all_when_there_are_more(staff, settings):
    jan = make_persoon()
    for n in range(27):
        _betrokkene(_klantcontact(f"Gesprek {n}"), jan)
    response = staff.get(admin_url(Partij, "change", jan.pk))
    assert len(response.context["partij_klantcontacten"]) == 25
    html = response.content.decode()
    assert "Alle 27 klantcontacten van deze partij" in html
    assert f"{admin_url(Klantcontact, 'changelist')}?partij={jan.pk}" in html


def test_partij_page_keeps_working_as_before(staff):
    """The subclass registered by klantcontacten still saves partijen through their admin."""
    jan = make_persoon()
    response = staff.get(admin_url(Partij, "change", jan.pk))
    data = page_form_data(response)
    data["contactnaam_achternaam"] = "de Vries"
    response = staff.post(admin_url(Partij, "change", jan.pk), data)
    assert response.status_code == 302, errors_of(response)
    jan.refresh_from_db()
    assert jan.persoon.contactnaam_achternaam == "de Vries"
    assert staff.get(admin_url(Partij, "add")).status_code == 200


# --- Permissions -------------------------------------------------------------------------------


@pytest.fixture
def partij_medewerker(db, django_user_model):
    """Staff who may see and change partijen, but not klantcontacten."""
    from django.contrib.auth.models import Permission
    from django.test import Client

    user = django_user_model.objects.create_user(
        username="partijbeheer", password="een-lang-wachtwoord-123", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_partij", "change_partij"])
    )
    client = Client()
    client.force_login(user)
    return client


def test_without_klantcontact_rights_the_partij_page_shows_no_klantcontacten(partij_medewerker):
    jan = make_persoon()
    _betrokkene(_klantcontact("Geheim gesprek"), jan)
    response = partij_medewerker.get(admin_url(Partij, "change", jan.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Geheim gesprek" not in html
    assert "Telefoongesprek registreren" not in html
    assert partij_medewerker.get(admin_url(Klantcontact, "telefoongesprek")).status_code == 403
    response = _telefoongesprek(partij_medewerker, partij=str(jan.pk))
    assert response.status_code == 403
    assert Klantcontact.objects.count() == 1
