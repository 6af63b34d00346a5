"""The back office writes through the same services as the API, so each save or delete records
its event too, naming the staff user; its validation (a dry run of the service) records none."""

import pytest
from django.utils import timezone

from klantcontacten.models import Klantcontact
from partijen import services
from partijen.models import Categorie, DigitaalAdres, Partij, PartijIdentificator
from tests.admin.conftest import add_inline_row, admin_url, inline_index, page_form_data
from tests.events_emission.conftest import STAFF_USERNAME
from tests.events_emission.helpers import assert_event
from tests.factories import (
    make_betrokkene,
    make_digitaal_adres,
    make_klantcontact,
    make_organisatie,
    make_persoon,
    valid_bsn,
)

pytestmark = pytest.mark.django_db

STAFF_ACTOR = f"medewerker {STAFF_USERNAME}"
API = "http://testserver/klantinteracties/api/v1"


def _partij_url(partij) -> str:
    return f"{API}/partijen/{partij.uuid}"


def _partij_kenmerken(partij) -> dict:
    partij.refresh_from_db()
    return {
        "nummer": partij.nummer,
        "interneNotitie": partij.interne_notitie,
        "soortPartij": partij.soort_partij,
    }


def test_add_change_and_delete_each_record_one_event_naming_the_medewerker(staff, events):
    response = staff.post(admin_url(Categorie, "add"), {"naam": "VIP"})
    assert response.status_code == 302
    categorie = Categorie.objects.get()
    url = f"{API}/categorieen/{categorie.uuid}"
    expected = {
        "kanaal": "partijen",
        "resource": "categorie",
        "resource_url": url,
        "hoofd_object": url,
        "kenmerken": {},
        "actor": STAFF_ACTOR,
    }
    [event] = events.new()
    assert_event(event, actie="create", **expected)

    response = staff.post(admin_url(Categorie, "change", categorie.pk), {"naam": "Ondernemer"})
    assert response.status_code == 302
    [event] = events.new()
    assert_event(event, actie="update", **expected)

    response = staff.post(admin_url(Categorie, "delete", categorie.pk), {"post": "yes"})
    assert response.status_code == 302
    [event] = events.new()
    assert_event(event, actie="destroy", **expected)


def test_partij_page_records_the_partij_update_and_each_inline_row(staff, events):
    partij = make_persoon(interne_notitie="eerst")
    data = page_form_data(staff.get(admin_url(Partij, "change", partij.pk)))
    data["interne_notitie"] = "gewijzigd"
    add_inline_row(data, "digitale_adressen", soort_digitaal_adres="email", adres="j@example.nl")
    events.mark()

    response = staff.post(admin_url(Partij, "change", partij.pk), data)

    assert response.status_code == 302, response.context and response.context.get("errors")
    adres = DigitaalAdres.objects.get(partij=partij)
    kenmerken = _partij_kenmerken(partij)
    assert kenmerken["interneNotitie"] == "gewijzigd"
    update, create = events.new()
    assert_event(
        update,
        kanaal="partijen",
        resource="partij",
        actie="update",
        resource_url=_partij_url(partij),
        hoofd_object=_partij_url(partij),
        kenmerken=kenmerken,
        actor=STAFF_ACTOR,
    )
    assert_event(
        create,
        kanaal="partijen",
        resource="digitaaladres",
        actie="create",
        resource_url=f"{API}/digitaleadressen/{adres.uuid}",
        hoofd_object=_partij_url(partij),
        kenmerken=kenmerken,
        actor=STAFF_ACTOR,
    )


def test_a_page_shown_again_with_errors_records_no_event(staff, events):
    """The partij form passed its dry run of update_partij, an inline row did not: nothing."""
    partij = make_persoon(interne_notitie="eerst")
    data = page_form_data(staff.get(admin_url(Partij, "change", partij.pk)))
    data["interne_notitie"] = "gewijzigd"
    add_inline_row(data, "digitale_adressen", soort_digitaal_adres="email", adres="geen-email")
    events.mark()

    response = staff.post(admin_url(Partij, "change", partij.pk), data)

    assert response.status_code == 200
    assert events.new() == []


def test_deleting_a_partij_in_the_admin_records_its_destroy_and_the_detach(staff, events):
    partij = make_persoon(bsn=valid_bsn())
    make_digitaal_adres(partij)
    make_betrokkene(make_klantcontact(), partij)
    kenmerken = _partij_kenmerken(partij)
    events.mark()

    response = staff.post(admin_url(Partij, "delete", partij.pk), {"post": "yes"})

    assert response.status_code == 302
    detach, event = sorted(events.new(), key=lambda event: event.kanaal)
    assert (detach.resource, detach.actie, detach.actor) == (
        "betrokkene",
        "update",
        "medewerker beheerder",
    )
    assert_event(
        event,
        kanaal="partijen",
        resource="partij",
        actie="destroy",
        resource_url=_partij_url(partij),
        hoofd_object=_partij_url(partij),
        kenmerken=kenmerken,
        actor=STAFF_ACTOR,
    )


def _delete_selected(staff, model, objs):
    return staff.post(
        admin_url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk for obj in objs], "post": "yes"},
    )


def test_bulk_delete_records_a_destroy_per_row(staff, events):
    partij = make_persoon()
    adressen = [
        make_digitaal_adres(partij, adres="a@example.nl"),
        make_digitaal_adres(partij, adres="b@example.nl"),
    ]
    events.mark()

    assert _delete_selected(staff, DigitaalAdres, adressen).status_code == 302

    recorded = events.new()
    assert sorted((e.resource, e.actie, e.resource_url, e.actor) for e in recorded) == sorted(
        ("digitaaladres", "destroy", f"{API}/digitaleadressen/{adres.uuid}", STAFF_ACTOR)
        for adres in adressen
    )
    assert {event.hoofd_object for event in recorded} == {_partij_url(partij)}


def test_bulk_delete_of_identificatoren_records_a_destroy_per_row(staff, events):
    jan, piet = make_persoon(bsn=valid_bsn()), make_persoon(bsn=valid_bsn())
    identificatoren = {obj: obj.partij_identificatoren.get() for obj in (jan, piet)}
    events.mark()

    response = _delete_selected(staff, PartijIdentificator, identificatoren.values())

    assert response.status_code == 302
    recorded = [(e.resource, e.actie, e.resource_url, e.hoofd_object) for e in events.new()]
    expected = [
        (
            "partijidentificator",
            "destroy",
            f"{API}/partij-identificatoren/{identificator.uuid}",
            _partij_url(partij),
        )
        for partij, identificator in identificatoren.items()
    ]
    assert sorted(recorded) == sorted(expected)


def test_kvk_nummer_and_its_vestiging_deleted_on_the_partij_page_record_both(staff, events):
    organisatie = make_organisatie(kvk="12345678")
    kvk = organisatie.partij_identificatoren.get()
    vestiging = services.create_partij_identificator(
        {
            "partij": organisatie,
            "partij_identificator_code_objecttype": "vestiging",
            "partij_identificator_code_soort_object_id": "vestigingsnummer",
            "partij_identificator_object_id": "000012345678",
            "partij_identificator_code_register": "hr",
            "sub_identificator_van": kvk,
        }
    )
    response = staff.get(admin_url(Partij, "change", organisatie.pk))
    data = page_form_data(response)
    for obj in (kvk, vestiging):
        index = inline_index(response, "partij_identificatoren", obj.pk)
        data[f"partij_identificatoren-{index}-DELETE"] = "on"
    events.mark()

    response = staff.post(admin_url(Partij, "change", organisatie.pk), data)

    assert response.status_code == 302
    assert not PartijIdentificator.objects.exists()
    recorded = events.new()
    # The partij itself did not change: no partij event.
    assert sorted((e.resource, e.actie, e.resource_url) for e in recorded) == sorted(
        ("partijidentificator", "destroy", f"{API}/partij-identificatoren/{obj.uuid}")
        for obj in (kvk, vestiging)
    )
    assert {event.hoofd_object for event in recorded} == {_partij_url(organisatie)}


def test_telefoongesprek_records_one_klantcontact_gemaakt_event(staff, events):
    partij = make_persoon(bsn=valid_bsn())
    now = timezone.localtime()
    events.mark()

    response = staff.post(
        admin_url(Klantcontact, "telefoongesprek"),
        {
            "partij": str(partij.pk),
            "rol": "klant",
            "initiator": "on",
            "onderwerp": "Vraag over de afvalpas",
            "kanaal": "telefoon",
            "plaatsgevonden_op_0": now.strftime("%d-%m-%Y"),
            "plaatsgevonden_op_1": now.strftime("%H:%M:%S"),
            "taal": "nld",
            "indicatie_contact_gelukt": "true",
            "onderwerpobject_code_objecttype": "zaak",
            "onderwerpobject_object_id": "ZAAK-1",
        },
    )

    assert response.status_code == 302
    klantcontact = Klantcontact.objects.get()
    url = f"{API}/klantcontacten/{klantcontact.uuid}"
    [event] = events.new()
    assert_event(
        event,
        kanaal="klantcontacten",
        resource="klantcontact",
        actie="create",
        handeling="klantcontact.gemaakt",
        resource_url=url,
        hoofd_object=url,
        kenmerken={
            "hoofdOnderwerpType": "",
            "indicatieContactGelukt": True,
            "verdereActieOndernomen": False,
        },
        actor=STAFF_ACTOR,
    )


def test_deleting_a_klantcontact_in_the_admin_records_only_its_destroy(staff, events):
    klantcontact = make_klantcontact()
    make_betrokkene(klantcontact, make_persoon())
    events.mark()

    response = staff.post(admin_url(Klantcontact, "delete", klantcontact.pk), {"post": "yes"})

    assert response.status_code == 302
    [event] = events.new()
    assert (event.resource, event.actie, event.actor) == ("klantcontact", "destroy", STAFF_ACTOR)
