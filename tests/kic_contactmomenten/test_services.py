"""kic_compat.contactmomenten.services against PostgreSQL: mapping onto the new model, one
transaction and one event per handling, nothing written on an error."""

import pytest
from django.core.exceptions import ValidationError

from kic_compat.contactmomenten import mapping, services
from kic_compat.models import (
    ContactmomentExtensie,
    KlantcontactmomentExtensie,
    OnderwerpobjectExtensie,
)
from klantcontacten import services as kc_services
from klantcontacten.models import (
    Actor,
    ActorKlantcontact,
    Betrokkene,
    Klantcontact,
    Onderwerpobject,
)
from klantenregister.events.models import Event

MEDEWERKER = {"identificatie": "mw-001", "achternaam": "Jansen", "voorletters": "P"}


def contactmoment(**overrides) -> Klantcontact:
    data = {
        "bronorganisatie": "002220647",
        "kanaal": "telefoon",
        "voorkeurstaal": "nld",
        "tekst": "Vraag over de afvalpas",
        "medewerker_identificatie": dict(MEDEWERKER),
        **overrides,
    }
    return services.create_contactmoment(data)


@pytest.fixture
def partijen(db):
    from partijen import services as partij_services

    def _make():
        return partij_services.create_partij(
            {"soort_partij": "persoon", "indicatie_actief": True, "partij_identificatie": {}}
        )

    return _make


@pytest.mark.django_db
def test_create_maps_onto_one_klantcontact_with_defaults_and_one_event():
    before = Event.objects.count()
    kc = contactmoment(kanaal="", voorkeurstaal="")
    kc.refresh_from_db()
    assert (kc.kanaal, kc.taal, kc.onderwerp, kc.vertrouwelijk) == (
        "onbekend",
        "nld",
        "Contactmoment",
        False,
    )
    assert mapping.kanaal(kc) == "" and mapping.voorkeurstaal(kc) == ""
    ext = ContactmomentExtensie.objects.get(klantcontact=kc)
    assert ext.bronorganisatie == "002220647"
    assert sorted(ext.defaulted_fields) == ["kanaal", "voorkeurstaal"]
    events = list(Event.objects.order_by("id")[before:])
    assert [(e.kanaal, e.resource, e.actie) for e in events] == [
        ("klantcontacten", "klantcontact", "create")
    ]


@pytest.mark.django_db
def test_first_gen_kanaal_replaces_the_event(settings):
    settings.KIC_NOTIFICATIE_KANALEN = "first-gen"
    kc = contactmoment()
    event = Event.objects.latest("id")
    assert (event.kanaal, event.resource, event.actie) == (
        "contactmomenten",
        "contactmoment",
        "create",
    )
    assert event.kenmerken == {"bronorganisatie": "002220647", "kanaal": "telefoon"}
    assert event.resource_url.endswith(f"/api/kic/v1/contactmomenten/{kc.uuid}")


@pytest.mark.django_db
def test_long_tekst_kept_whole_until_inhoud_changes():
    kc = contactmoment(tekst="x" * 1500)
    kc.refresh_from_db()
    assert len(kc.inhoud) == 1000
    assert mapping.tekst(kc) == "x" * 1500
    kc_services.update_klantcontact(kc, {"inhoud": "ander verhaal"})
    kc = Klantcontact.objects.get(pk=kc.pk)
    assert mapping.tekst(kc) == "ander verhaal"


@pytest.mark.django_db
def test_neither_medewerker_is_invalid_and_nothing_is_written():
    with pytest.raises(ValidationError) as info:
        contactmoment(medewerker_identificatie=None)
    assert info.value.error_dict["__all__"][0].code == "invalid-medewerker"
    assert Klantcontact.objects.count() == 0


@pytest.mark.django_db
def test_new_model_error_names_the_first_gen_field_and_rolls_back():
    with pytest.raises(ValidationError) as info:
        contactmoment(voorkeurstaal="nlds")
    assert "voorkeurstaal" in info.value.error_dict
    assert Klantcontact.objects.count() == 0
    assert ContactmomentExtensie.objects.count() == 0


@pytest.mark.django_db
def test_vorig_contactmoment_link_replace_and_remove():
    eerste, tweede = contactmoment(), contactmoment()
    derde = contactmoment(vorig_contactmoment=eerste)
    assert mapping.vorig_contactmoment(derde) == eerste
    assert mapping.volgend_contactmoment(eerste) == derde
    services.update_contactmoment(derde, {"vorig_contactmoment": tweede})
    assert mapping.vorig_contactmoment(derde) == tweede
    assert mapping.volgend_contactmoment(eerste) is None
    services.update_contactmoment(derde, {"vorig_contactmoment": None})
    assert mapping.vorig_contactmoment(derde) is None
    assert Onderwerpobject.objects.count() == 0
    assert OnderwerpobjectExtensie.objects.count() == 0


@pytest.mark.django_db
def test_medewerker_links_the_existing_actor_and_creates_none():
    actor = kc_services.create_actor(
        {
            "naam": "P. Jansen",
            "soort_actor": "medewerker",
            "actoridentificator": mapping.medewerker_actoridentificator("mw-001"),
            "actor_identificatie": {"functie": "KCC", "telefoonnummer": "0201234567"},
        }
    )
    een, twee = contactmoment(), contactmoment()
    assert Actor.objects.count() == 1
    assert {link.klantcontact_id for link in ActorKlantcontact.objects.filter(actor=actor)} == {
        een.pk,
        twee.pk,
    }
    # Without that actor, an unknown identificatie creates none and reads from the extension.
    drie = contactmoment(medewerker_identificatie={"identificatie": "onbekend"})
    assert Actor.objects.count() == 1
    assert mapping.medewerker_identificatie(drie) == {"identificatie": "onbekend"}


@pytest.mark.django_db
def test_rollen_recomputed(partijen):
    a, b = partijen(), partijen()
    kc = contactmoment(initiatiefnemer="klant")
    kcm_a = services.create_klantcontactmoment(
        {"contactmoment": kc, "klant": a, "rol": "belanghebbende"}
    )
    kcm_b = services.create_klantcontactmoment(
        {"contactmoment": kc, "klant": b, "rol": "gesprekspartner"}
    )
    kcm_a.refresh_from_db()
    kcm_b.refresh_from_db()
    assert (kcm_a.rol, kcm_a.initiator) == ("klant", True)
    assert (kcm_b.rol, kcm_b.initiator) == ("vertegenwoordiger", False)
    services.delete_klantcontactmoment(kcm_a)
    kcm_b.refresh_from_db()
    assert (kcm_b.rol, kcm_b.initiator) == ("klant", True)
    with pytest.raises(ValidationError) as info:
        services.create_klantcontactmoment(
            {"contactmoment": kc, "klant": b, "rol": "gesprekspartner"}
        )
    assert info.value.error_dict["__all__"][0].code == "unique"
    assert KlantcontactmomentExtensie.objects.count() == 1


@pytest.mark.django_db
def test_delete_removes_parts_with_one_event(partijen):
    kc = contactmoment()
    services.create_klantcontactmoment(
        {"contactmoment": kc, "klant": partijen(), "rol": "belanghebbende"}
    )
    volgend = contactmoment(vorig_contactmoment=kc)
    before = Event.objects.count()
    services.delete_contactmoment(kc)
    assert [(e.resource, e.actie) for e in Event.objects.order_by("id")[before:]] == [
        ("klantcontact", "destroy")
    ]
    assert Betrokkene.objects.count() == 0
    assert KlantcontactmomentExtensie.objects.count() == 0
    assert mapping.vorig_contactmoment(Klantcontact.objects.get(pk=volgend.pk)) is None
