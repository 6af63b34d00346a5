"""The klantcontacten services as the API, admin and later apps call them."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from klantcontacten import selectors, services
from klantcontacten.models import (
    Actor,
    ActorKlantcontact,
    Betrokkene,
    Bijlage,
    Klantcontact,
    Onderwerpobject,
)
from partijen.models import DigitaalAdres
from partijen.services import delete_partij
from tests.factories import make_digitaal_adres, make_persoon, valid_bsn

GESPREK = {
    "kanaal": "telefoon",
    "onderwerp": "Vraag over afval",
    "taal": "nld",
    "vertrouwelijk": False,
}
ZAAK = {
    "onderwerpobjectidentificator": {
        "object_id": "095be615-a8ad-4c33-8e9c-c7612fbf6c9f",
        "code_objecttype": "zaak",
        "code_register": "open-zaak",
        "code_soort_object_id": "uuid",
    }
}


def _row_counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Klantcontact, Betrokkene, Onderwerpobject))


@pytest.mark.django_db(transaction=True)
def test_maak_klantcontact_stores_nothing_when_the_onderwerpobject_is_invalid():
    # transaction=True: a real transaction is committed or rolled back, on PostgreSQL in CI.
    partij = make_persoon(bsn=valid_bsn())
    before = _row_counts()
    with pytest.raises(ValidationError) as info:
        services.maak_klantcontact(
            dict(GESPREK),
            {"partij": partij, "rol": "klant", "initiator": True},
            {"onderwerpobjectidentificator": {"object_id": "x" * 201}},
        )
    assert list(info.value.message_dict) == [
        "onderwerpobject.onderwerpobjectidentificator_object_id"
    ]
    assert _row_counts() == before
    assert connection.vendor in ("postgresql", "sqlite")


@pytest.mark.django_db(transaction=True)
def test_maak_klantcontact_stores_all_three_parts_together():
    partij = make_persoon(bsn=valid_bsn())
    gemaakt = services.maak_klantcontact(
        dict(GESPREK), {"partij": partij, "rol": "klant", "initiator": True}, dict(ZAAK)
    )
    assert gemaakt.betrokkene.klantcontact == gemaakt.klantcontact
    assert gemaakt.onderwerpobject.klantcontact == gemaakt.klantcontact
    assert gemaakt.klantcontact.nummer.isdigit() and len(gemaakt.klantcontact.nummer) == 10
    assert _row_counts() == (1, 1, 1)


@pytest.mark.django_db
def test_maak_klantcontact_names_the_part_of_a_bad_betrokkene():
    with pytest.raises(ValidationError) as info:
        services.maak_klantcontact(dict(GESPREK), {"rol": "toeschouwer", "initiator": True})
    assert "betrokkene.rol" in info.value.message_dict
    assert Klantcontact.objects.count() == 0


@pytest.mark.django_db
def test_contact_gelukt_and_verdere_actie_are_checked_against_the_stored_row():
    klantcontact = services.create_klantcontact({**GESPREK, "indicatie_contact_gelukt": True})
    with pytest.raises(ValidationError) as info:
        services.update_klantcontact(klantcontact, {"verdere_actie_ondernomen": True})
    error = info.value.error_dict["verdere_actie_ondernomen"][0]
    assert error.code == "no-further-action-when-contact-succesful"
    klantcontact.refresh_from_db()
    assert klantcontact.verdere_actie_ondernomen is False


@pytest.mark.parametrize(
    ("metadata", "code"),
    [
        ({"kanaalcode": 5}, "invalid-metadata-value"),
        ({"nested": {"a": "b"}}, "invalid-metadata-value"),
        ({"lang": "x" * 256}, "max_length"),
        (["a"], "invalid"),
    ],
)
@pytest.mark.django_db
def test_metadata_must_be_a_flat_object_of_short_strings(metadata, code):
    with pytest.raises(ValidationError) as info:
        services.create_klantcontact({**GESPREK, "metadata": metadata})
    assert info.value.error_dict["metadata"][0].code == code
    assert Klantcontact.objects.count() == 0


@pytest.mark.django_db
def test_metadata_null_is_stored_as_an_empty_object():
    assert services.create_klantcontact({**GESPREK, "metadata": None}).metadata == {}


@pytest.mark.django_db
def test_blanking_the_nummer_keeps_the_existing_one():
    klantcontact = services.create_klantcontact(dict(GESPREK))
    nummer = klantcontact.nummer
    services.update_klantcontact(klantcontact, {"nummer": None})
    klantcontact.refresh_from_db()
    assert klantcontact.nummer == nummer


@pytest.mark.django_db
def test_deleting_a_partij_detaches_its_betrokkenen_and_keeps_the_contacts():
    partij = make_persoon(bsn=valid_bsn())
    gemaakt = services.maak_klantcontact(
        dict(GESPREK), {"partij": partij, "rol": "klant", "initiator": True}
    )
    delete_partij(partij)

    betrokkene = Betrokkene.objects.get(pk=gemaakt.betrokkene.pk)
    assert betrokkene.partij is None
    assert Klantcontact.objects.filter(pk=gemaakt.klantcontact.pk).exists()
    historie = selectors.klantcontact_historie(gemaakt.klantcontact)
    detach = [r for r in historie if r.resource == "betrokkene" and r.actie == "gewijzigd"]
    assert len(detach) == 1
    assert [(w.veld, w.oud, w.nieuw) for w in detach[0].wijzigingen] == [
        ("wasPartij", selectors.VERWIJDERD, None)
    ]


@pytest.mark.django_db
def test_digitale_adressen_of_a_deleted_betrokkene_stay_unlinked():
    gemaakt = services.maak_klantcontact(dict(GESPREK), {"rol": "klant", "initiator": True})
    adres = make_digitaal_adres(None, adres="anoniem@example.nl")
    DigitaalAdres.objects.filter(pk=adres.pk).update(betrokkene=gemaakt.betrokkene)
    services.delete_klantcontact(gemaakt.klantcontact)
    adres.refresh_from_db()
    assert adres.betrokkene is None
    assert Betrokkene.objects.count() == 0


@pytest.mark.django_db
def test_cascade_delete_keeps_a_klantcontact_another_onderwerpobject_refers_to():
    eerste = services.maak_klantcontact(dict(GESPREK), None, dict(ZAAK))
    tweede = services.create_onderwerpobject({**ZAAK, "klantcontact": eerste.klantcontact})
    behouden = services.delete_onderwerpobject(eerste.onderwerpobject, cascade=True)
    assert behouden == [eerste.klantcontact]
    assert Klantcontact.objects.filter(pk=eerste.klantcontact.pk).exists()

    assert services.delete_onderwerpobject(tweede, cascade=True) == []
    assert not Klantcontact.objects.filter(pk=eerste.klantcontact.pk).exists()


@pytest.mark.django_db
def test_cascade_delete_removes_addresses_of_anonymous_betrokkenen_only():
    partij = make_persoon(bsn=valid_bsn())
    gemaakt = services.maak_klantcontact(
        dict(GESPREK), {"rol": "klant", "initiator": True}, dict(ZAAK)
    )
    bekend = services.create_betrokkene(
        {"klantcontact": gemaakt.klantcontact, "partij": partij, "rol": "klant", "initiator": False}
    )
    anoniem_adres = make_digitaal_adres(None, adres="anoniem@example.nl")
    partij_adres = make_digitaal_adres(partij, adres="jan@example.nl")
    DigitaalAdres.objects.filter(pk=anoniem_adres.pk).update(betrokkene=gemaakt.betrokkene)
    DigitaalAdres.objects.filter(pk=partij_adres.pk).update(betrokkene=bekend)

    services.delete_onderwerpobject(gemaakt.onderwerpobject, cascade=True)

    assert not DigitaalAdres.objects.filter(pk=anoniem_adres.pk).exists()
    partij_adres.refresh_from_db()
    assert partij_adres.betrokkene is None and partij_adres.partij == partij


@pytest.mark.django_db
def test_without_cascade_only_the_onderwerpobject_goes():
    gemaakt = services.maak_klantcontact(dict(GESPREK), None, dict(ZAAK))
    assert services.delete_onderwerpobject(gemaakt.onderwerpobject) == []
    assert Klantcontact.objects.count() == 1


@pytest.mark.parametrize(
    ("soort", "identificatie", "errors"),
    [
        ("medewerker", {}, {"functie", "telefoonnummer"}),
        ("medewerker", {"functie": "KCC", "telefoonnummer": "0900123456"}, {"telefoonnummer"}),
        (
            "geautomatiseerde_actor",
            {"functie": "bot", "telefoonnummer": "0201234567"},
            {"telefoonnummer"},
        ),
        ("geautomatiseerde_actor", {}, {"functie"}),
        ("organisatorische_eenheid", {"functie": "x"}, {"functie"}),
        ("organisatorische_eenheid", {"emailadres": "geen-adres"}, {"emailadres"}),
    ],
)
@pytest.mark.django_db
def test_actor_identificatie_follows_the_soort(soort, identificatie, errors):
    with pytest.raises(ValidationError) as info:
        services.create_actor(
            {"naam": "KCC", "soort_actor": soort, "actor_identificatie": identificatie}
        )
    assert set(info.value.message_dict) == errors
    assert Actor.objects.count() == 0


@pytest.mark.django_db
def test_changing_the_soort_of_an_actor_drops_fields_the_new_soort_lacks():
    actor = services.create_actor(
        {
            "naam": "Team Burgerzaken",
            "soort_actor": "organisatorische_eenheid",
            "actor_identificatie": {"omschrijving": "Balie", "faxnummer": "0201234567"},
        }
    )
    services.update_actor(
        actor, {"soort_actor": "geautomatiseerde_actor", "actor_identificatie": {"functie": "bot"}}
    )
    actor.refresh_from_db()
    assert (actor.functie, actor.faxnummer, actor.omschrijving) == ("bot", "", "")


@pytest.mark.django_db
def test_an_actor_is_linked_to_a_klantcontact_once():
    klantcontact = services.create_klantcontact(dict(GESPREK))
    actor = services.create_actor(
        {
            "naam": "Piet",
            "soort_actor": "geautomatiseerde_actor",
            "actor_identificatie": {"functie": "bot"},
        }
    )
    services.create_actorklantcontact({"actor": actor, "klantcontact": klantcontact})
    with pytest.raises(ValidationError):
        services.create_actorklantcontact({"actor": actor, "klantcontact": klantcontact})
    assert ActorKlantcontact.objects.count() == 1


@pytest.mark.django_db
def test_deleting_an_actor_leaves_the_unlink_in_the_klantcontact_history():
    klantcontact = services.create_klantcontact(dict(GESPREK))
    actor = services.create_actor(
        {
            "naam": "Piet",
            "soort_actor": "geautomatiseerde_actor",
            "actor_identificatie": {"functie": "bot"},
        }
    )
    services.create_actorklantcontact({"actor": actor, "klantcontact": klantcontact})
    services.delete_actor(actor)
    acties = [
        r.actie
        for r in selectors.klantcontact_historie(klantcontact)
        if r.resource == "actorklantcontact"
    ]
    assert acties == ["aangemaakt", "verwijderd"]


@pytest.mark.django_db
def test_klantcontacten_van_partij_lists_each_contact_once_newest_first():
    partij = make_persoon(bsn=valid_bsn())
    oud = services.create_klantcontact({**GESPREK, "plaatsgevonden_op": "2024-01-01T10:00:00Z"})
    nieuw = services.create_klantcontact({**GESPREK, "plaatsgevonden_op": "2025-06-01T10:00:00Z"})
    for klantcontact in (oud, nieuw, nieuw):
        services.create_betrokkene(
            {"klantcontact": klantcontact, "partij": partij, "rol": "klant", "initiator": True}
        )
    assert list(selectors.klantcontacten_van_partij(partij)) == [nieuw, oud]


@pytest.mark.django_db
def test_bijlage_identificator_is_replaced_on_full_update_and_merged_on_partial():
    bijlage = services.create_bijlage(
        {"bijlageidentificator": {"object_id": "1", "code_register": "drc"}}
    )
    services.update_bijlage(bijlage, {"bijlageidentificator": {"object_id": "2"}}, partial=True)
    bijlage.refresh_from_db()
    assert (bijlage.bijlageidentificator_object_id, bijlage.bijlageidentificator_code_register) == (
        "2",
        "drc",
    )
    services.update_bijlage(bijlage, {"bijlageidentificator": {"object_id": "3"}})
    bijlage.refresh_from_db()
    assert (bijlage.bijlageidentificator_object_id, bijlage.bijlageidentificator_code_register) == (
        "3",
        "",
    )
    assert Bijlage.objects.count() == 1


@pytest.mark.django_db
def test_an_inactive_actor_cannot_be_linked_anew_but_existing_links_stay():
    klantcontact = services.create_klantcontact(dict(GESPREK))
    actor = services.create_actor(
        {
            "naam": "Oud",
            "soort_actor": "geautomatiseerde_actor",
            "actor_identificatie": {"functie": "bot"},
        }
    )
    link = services.create_actorklantcontact({"actor": actor, "klantcontact": klantcontact})
    services.update_actor(actor, {"indicatie_actief": False}, partial=True)

    # The existing link can still be corrected (moved to another klantcontact) ...
    ander = services.create_klantcontact(dict(GESPREK))
    services.update_actorklantcontact(link, {"klantcontact": ander})
    # ... but the inactive actor is not linked to a klantcontact again.
    with pytest.raises(ValidationError) as info:
        services.create_actorklantcontact({"actor": actor, "klantcontact": klantcontact})
    assert info.value.error_dict["actor"][0].code == "inactive"
    assert ActorKlantcontact.objects.count() == 1
