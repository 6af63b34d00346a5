"""Every API write on partijen and klantcontacten records exactly one event in the outbox, with
the kanaal, resource, actie, URLs, kenmerken and actor a subscriber relies on."""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.exceptions import ValidationError

from klantcontacten import services as kc_services
from klantcontacten.models import Actor, Klantcontact
from klantenregister.events.delivery import notificatie
from klantenregister.events.models import Event
from partijen import services
from partijen.models import Partij
from tests.events_emission.helpers import API_ACTOR, assert_event, hoofd_body, kenmerken_of
from tests.factories import (
    make_actor,
    make_betrokkene,
    make_digitaal_adres,
    make_klantcontact,
    make_onderwerpobject,
    make_organisatie,
    make_persoon,
    valid_bsn,
)
from tests.klantcontacten.helpers import (
    ACTOREN,
    ACTORKLANTCONTACTEN,
    BETROKKENEN,
    BIJLAGEN,
    KLANTCONTACTEN,
    MAAK_KLANTCONTACT,
    ONDERWERPOBJECTEN,
    actor_payload,
    betrokkene_payload,
    bijlage_payload,
    klantcontact_payload,
    onderwerpobject_payload,
    zaak_identificator,
)
from tests.partijen.helpers import (
    CATEGORIE_RELATIES,
    CATEGORIEEN,
    DIGITALE_ADRESSEN,
    IDENTIFICATOREN,
    PARTIJEN,
    REKENINGNUMMERS,
    VERTEGENWOORDIGINGEN,
    bsn_identificator,
    persoon_payload,
    ref,
    valid_iban,
)

pytestmark = pytest.mark.django_db


def _url(body: dict | None) -> str | None:
    return body["url"] if body else None


@dataclass
class Case:
    """One resource: how to create, PUT and PATCH it, and where its hoofdObject is."""

    kanaal: str
    resource: str
    path: str
    create: Callable[[dict], dict]
    put: Callable[[dict, dict], dict]
    patch: Callable[[dict], dict]
    # The hoofdObject's URL from the object's API body; None: the object itself.
    hoofd: Callable[[dict], str | None] = lambda body: None
    state: dict = field(default_factory=dict)


def _partij() -> Case:
    def create(state):
        state["adres"] = make_digitaal_adres(adres="eerst@example.nl")
        return persoon_payload(
            interneNotitie="Belt liever 's ochtends",
            partijIdentificatoren=[bsn_identificator()],
            digitaleAdressen=[ref(state["adres"])],
        )

    def put(state, body):
        # Replaces the identificatoren and the addresses too: still one partij event.
        nieuw = make_digitaal_adres(adres="daarna@example.nl")
        return persoon_payload(
            indicatieActief=False,
            interneNotitie="Verhuisd",
            partijIdentificatoren=[bsn_identificator()],
            digitaleAdressen=[ref(nieuw)],
        )

    return Case(
        "partijen",
        "partij",
        PARTIJEN,
        create,
        put,
        lambda state: {"interneNotitie": "gewijzigd", "nummer": "4711"},
    )


def _partijidentificator() -> Case:
    return Case(
        "partijen",
        "partijidentificator",
        IDENTIFICATOREN,
        lambda state: {**bsn_identificator(), "identificeerdePartij": ref(make_persoon())},
        lambda state, body: bsn_identificator(
            identificeerdePartij={"uuid": body["identificeerdePartij"]["uuid"]}
        ),
        lambda state: {"anderePartijIdentificator": "klantnummer 42"},
        hoofd=lambda body: _url(body["identificeerdePartij"]),
    )


def _digitaaladres() -> Case:
    def patch(state):
        # Moved to another partij: the hoofdObject follows.
        state["ander"] = make_organisatie()
        return {"verstrektDoorPartij": ref(state["ander"])}

    return Case(
        "partijen",
        "digitaaladres",
        DIGITALE_ADRESSEN,
        lambda state: {
            "verstrektDoorPartij": ref(make_persoon(interne_notitie="Klant sinds 2010")),
            "adres": "jan@example.nl",
            "soortDigitaalAdres": "email",
            "isStandaardAdres": True,
        },
        lambda state, body: {"adres": "0612345678", "soortDigitaalAdres": "telefoonnummer"},
        patch,
        hoofd=lambda body: _url(body["verstrektDoorPartij"]),
    )


def _digitaaladres_zonder_partij() -> Case:
    return Case(
        "partijen",
        "digitaaladres",
        DIGITALE_ADRESSEN,
        lambda state: {"adres": "anoniem@example.nl", "soortDigitaalAdres": "email"},
        lambda state, body: {"adres": "0612345678", "soortDigitaalAdres": "telefoonnummer"},
        lambda state: {"omschrijving": "werk"},
    )


def _rekeningnummer() -> Case:
    return Case(
        "partijen",
        "rekeningnummer",
        REKENINGNUMMERS,
        lambda state: {"partij": ref(make_persoon()), "iban": valid_iban()},
        lambda state, body: {
            "partij": {"uuid": body["partij"]["uuid"]},
            "iban": valid_iban(),
            "bic": "RABONL2UXXX",
        },
        lambda state: {"bic": "INGBNL2A"},
        hoofd=lambda body: _url(body["partij"]),
    )


def _vertegenwoordigden() -> Case:
    def create(state):
        state["persoon"] = make_persoon()
        return {
            "vertegenwoordigendePartij": ref(make_organisatie()),
            "vertegenwoordigdePartij": ref(state["persoon"]),
        }

    def patch(state):
        return {"vertegenwoordigendePartij": ref(make_organisatie(naam="Ander BV"))}

    return Case(
        "partijen",
        "vertegenwoordigden",
        VERTEGENWOORDIGINGEN,
        create,
        lambda state, body: {
            "vertegenwoordigendePartij": {"uuid": body["vertegenwoordigendePartij"]["uuid"]},
            "vertegenwoordigdePartij": ref(make_persoon(voornaam="Els")),
        },
        patch,
        hoofd=lambda body: _url(body["vertegenwoordigendePartij"]),
    )


def _categorie() -> Case:
    return Case(
        "partijen",
        "categorie",
        CATEGORIEEN,
        lambda state: {"naam": "VIP"},
        lambda state, body: {"naam": "Ondernemer"},
        lambda state: {"naam": "Bezwaarmaker"},
    )


def _categorierelatie() -> Case:
    def create(state):
        return {
            "partij": ref(make_persoon()),
            "categorie": ref(services.create_categorie({"naam": "VIP"})),
            "beginDatum": "2024-01-01",
        }

    return Case(
        "partijen",
        "categorierelatie",
        CATEGORIE_RELATIES,
        create,
        lambda state, body: {
            "partij": {"uuid": body["partij"]["uuid"]},
            "categorie": {"uuid": body["categorie"]["uuid"]},
            "eindDatum": "2025-06-30",
        },
        lambda state: {"beginDatum": "2024-02-01"},
        hoofd=lambda body: _url(body["partij"]),
    )


def _klantcontact() -> Case:
    return Case(
        "klantcontacten",
        "klantcontact",
        KLANTCONTACTEN,
        lambda state: klantcontact_payload(
            indicatieContactGelukt=True,
            hoofdOnderwerpType="https://catalogi.example.nl/zaaktypen/1",
        ),
        lambda state, body: klantcontact_payload(
            indicatieContactGelukt=False, verdereActieOndernomen=True
        ),
        lambda state: {"hoofdOnderwerpType": "https://catalogi.example.nl/zaaktypen/2"},
    )


def _betrokkene() -> Case:
    return Case(
        "klantcontacten",
        "betrokkene",
        BETROKKENEN,
        lambda state: betrokkene_payload(
            make_klantcontact(indicatie_contact_gelukt=False), make_persoon()
        ),
        lambda state, body: {
            "hadKlantcontact": {"uuid": body["hadKlantcontact"]["uuid"]},
            "rol": "vertegenwoordiger",
            "initiator": False,
        },
        lambda state: {"hadKlantcontact": ref(make_klantcontact(onderwerp="Ander gesprek"))},
        hoofd=lambda body: _url(body["hadKlantcontact"]),
    )


def _onderwerpobject() -> Case:
    def patch(state):
        # Only the wasKlantcontact is left: that one becomes the hoofdObject.
        return {"klantcontact": None, "wasKlantcontact": ref(make_klantcontact(onderwerp="Eerder"))}

    return Case(
        "klantcontacten",
        "onderwerpobject",
        ONDERWERPOBJECTEN,
        lambda state: onderwerpobject_payload(make_klantcontact()),
        lambda state, body: {
            "klantcontact": {"uuid": body["klantcontact"]["uuid"]},
            "onderwerpobjectidentificator": zaak_identificator("1" * 36),
        },
        patch,
        hoofd=lambda body: _url(body["klantcontact"]) or _url(body["wasKlantcontact"]),
    )


def _bijlage() -> Case:
    return Case(
        "klantcontacten",
        "bijlage",
        BIJLAGEN,
        lambda state: bijlage_payload(make_klantcontact()),
        lambda state, body: {
            "wasBijlageVanKlantcontact": {"uuid": body["wasBijlageVanKlantcontact"]["uuid"]},
            "bijlageidentificator": {"objectId": "brief-42", "codeObjecttype": "brief"},
        },
        # Without klantcontact the bijlage stands for itself.
        lambda state: {"wasBijlageVanKlantcontact": None},
        hoofd=lambda body: _url(body["wasBijlageVanKlantcontact"]),
    )


def _actor() -> Case:
    return Case(
        "klantcontacten",
        "actor",
        ACTOREN,
        lambda state: actor_payload("medewerker"),
        lambda state, body: actor_payload("medewerker", naam="F. Yilmaz", indicatieActief=False),
        lambda state: {"naam": "Fatima Yilmaz-de Vries"},
    )


def _actorklantcontact() -> Case:
    def create(state):
        state["andere_actor"] = make_actor("geautomatiseerde_actor", naam="Gem")
        return {"actor": ref(make_actor()), "klantcontact": ref(make_klantcontact())}

    return Case(
        "klantcontacten",
        "actorklantcontact",
        ACTORKLANTCONTACTEN,
        create,
        lambda state, body: {
            "actor": ref(state["andere_actor"]),
            "klantcontact": {"uuid": body["klantcontact"]["uuid"]},
        },
        lambda state: {"klantcontact": ref(make_klantcontact(onderwerp="Ander gesprek"))},
        hoofd=lambda body: _url(body["klantcontact"]),
    )


CASES = {
    "partij": _partij,
    "partijidentificator": _partijidentificator,
    "digitaaladres": _digitaaladres,
    "digitaaladres-zonder-partij": _digitaaladres_zonder_partij,
    "rekeningnummer": _rekeningnummer,
    "vertegenwoordigden": _vertegenwoordigden,
    "categorie": _categorie,
    "categorierelatie": _categorierelatie,
    "klantcontact": _klantcontact,
    "betrokkene": _betrokkene,
    "onderwerpobject": _onderwerpobject,
    "bijlage": _bijlage,
    "actor": _actor,
    "actorklantcontact": _actorklantcontact,
}


def _assert_one_event(api, events, case: Case, actie: str, body: dict) -> None:
    """Exactly one event since the mark, describing `body` (the object after the write; for a
    destroy, before it)."""
    recorded = events.new()
    assert len(recorded) == 1, [str(event) for event in recorded]
    hoofd_url = case.hoofd(body) or body["url"]
    hoofd = hoofd_body(api, hoofd_url, fallback=body) if hoofd_url != body["url"] else body
    assert_event(
        recorded[0],
        kanaal=case.kanaal,
        resource=case.resource,
        actie=actie,
        resource_url=body["url"],
        hoofd_object=hoofd_url,
        kenmerken=kenmerken_of(hoofd),
    )
    # Reading the hoofdObject recorded nothing.
    assert events.new() == []


@pytest.mark.parametrize("name", CASES)
def test_create_put_patch_and_delete_each_record_exactly_one_event(api, events, name):
    case = CASES[name]()

    payload = case.create(case.state)
    events.mark()
    created = api.post(case.path, payload, format="json")
    assert created.status_code == 201, created.content
    _assert_one_event(api, events, case, "create", created.json())
    detail = created.json()["url"]

    payload = case.put(case.state, created.json())
    events.mark()
    put = api.put(detail, payload, format="json")
    assert put.status_code == 200, put.content
    _assert_one_event(api, events, case, "update", put.json())

    payload = case.patch(case.state)
    events.mark()
    patched = api.patch(detail, payload, format="json")
    assert patched.status_code == 200, patched.content
    _assert_one_event(api, events, case, "update", patched.json())

    events.mark()
    assert api.delete(detail).status_code == 204
    _assert_one_event(api, events, case, "destroy", patched.json())


def test_event_kenmerken_follow_the_partij_after_the_change(api, events):
    partij = api.post(PARTIJEN, persoon_payload(interneNotitie="eerst"), format="json").json()
    events.mark()

    api.patch(partij["url"], {"interneNotitie": "daarna", "nummer": "1234"}, format="json")

    [event] = events.new()
    assert event.kenmerken == {
        "nummer": "1234",
        "interneNotitie": "daarna",
        "soortPartij": "persoon",
    }


# --- One handling, one event ----------------------------------------------------------------


def test_maak_klantcontact_records_one_event_with_its_handeling(api, events):
    partij = make_persoon(bsn=valid_bsn())
    events.mark()

    response = api.post(
        MAAK_KLANTCONTACT,
        {
            "klantcontact": klantcontact_payload(indicatieContactGelukt=True),
            "betrokkene": betrokkene_payload(partij=partij),
            "onderwerpobject": onderwerpobject_payload(),
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    klantcontact = response.json()["klantcontact"]
    [event] = events.new()
    assert_event(
        event,
        kanaal="klantcontacten",
        resource="klantcontact",
        actie="create",
        handeling="klantcontact.gemaakt",
        resource_url=klantcontact["url"],
        hoofd_object=klantcontact["url"],
        kenmerken=kenmerken_of(klantcontact),
    )


def test_deleting_a_partij_records_its_destroy_and_a_detach_per_klantcontact(api, events):
    """Its identificatoren, addresses, rekeningnummers and categorie-relaties go with it (no
    events of their own); its betrokkenen are detached from their klantcontacten, which is a
    change of each klantcontact: a betrokkene update on the klantcontacten kanaal."""
    partij = api.post(
        PARTIJEN,
        persoon_payload(partijIdentificatoren=[bsn_identificator()]),
        format="json",
    ).json()
    obj = Partij.objects.get(uuid=partij["uuid"])
    make_digitaal_adres(obj)
    services.create_rekeningnummer({"partij": obj, "iban": valid_iban()})
    services.create_categorie_relatie(
        {"partij": obj, "categorie": services.create_categorie({"naam": "VIP"})}
    )
    klantcontact = make_klantcontact()
    betrokkene = make_betrokkene(klantcontact, obj)
    events.mark()

    assert api.delete(partij["url"]).status_code == 204

    detach, destroy = sorted(events.new(), key=lambda event: event.kanaal)
    assert_event(
        destroy,
        kanaal="partijen",
        resource="partij",
        actie="destroy",
        resource_url=partij["url"],
        hoofd_object=partij["url"],
        kenmerken=kenmerken_of(partij),
    )
    assert (detach.kanaal, detach.resource, detach.actie) == (
        "klantcontacten",
        "betrokkene",
        "update",
    )
    assert detach.resource_url.endswith(f"/betrokkenen/{betrokkene.uuid}")
    assert detach.hoofd_object.endswith(f"/klantcontacten/{klantcontact.uuid}")


def test_deleting_a_klantcontact_records_only_its_destroy(api, events):
    klantcontact = api.post(KLANTCONTACTEN, klantcontact_payload(), format="json").json()
    obj = Klantcontact.objects.get(uuid=klantcontact["uuid"])
    make_betrokkene(obj, make_persoon())
    make_onderwerpobject(obj, object_id="Z-1")
    kc_services.create_bijlage({"klantcontact": obj})
    kc_services.create_actorklantcontact({"actor": make_actor(), "klantcontact": obj})
    events.mark()

    assert api.delete(klantcontact["url"]).status_code == 204

    [event] = events.new()
    assert (event.resource, event.actie, event.resource_url) == (
        "klantcontact",
        "destroy",
        klantcontact["url"],
    )


def test_cascading_onderwerpobject_delete_records_its_destroy_and_the_klantcontacts(api, events):
    klantcontact = make_klantcontact()
    onderwerpobject = api.post(
        ONDERWERPOBJECTEN, onderwerpobject_payload(klantcontact), format="json"
    ).json()
    make_betrokkene(klantcontact)
    events.mark()

    response = api.delete(f"{onderwerpobject['url']}?cascade=true")

    assert response.status_code == 200, response.content
    eigen, klantcontact_weg = events.new()
    assert (eigen.resource, eigen.actie, eigen.resource_url, eigen.hoofd_object) == (
        "onderwerpobject",
        "destroy",
        onderwerpobject["url"],
        onderwerpobject["klantcontact"]["url"],
    )
    assert (klantcontact_weg.resource, klantcontact_weg.actie, klantcontact_weg.resource_url) == (
        "klantcontact",
        "destroy",
        onderwerpobject["klantcontact"]["url"],
    )


def test_an_onderwerpobject_delete_without_cascade_records_only_its_destroy(api, events):
    klantcontact = make_klantcontact()
    onderwerpobject = api.post(
        ONDERWERPOBJECTEN, onderwerpobject_payload(klantcontact), format="json"
    ).json()
    events.mark()

    assert api.delete(onderwerpobject["url"]).status_code == 204

    [event] = events.new()
    assert (event.resource, event.actie) == ("onderwerpobject", "destroy")


def test_deleting_an_actor_records_only_its_destroy(api, events):
    actor = api.post(ACTOREN, actor_payload(), format="json").json()
    kc_services.create_actorklantcontact(
        {"actor": Actor.objects.get(uuid=actor["uuid"]), "klantcontact": make_klantcontact()}
    )
    events.mark()

    assert api.delete(actor["url"]).status_code == 204

    [event] = events.new()
    assert (event.resource, event.actie, event.kenmerken) == ("actor", "destroy", {})


# --- Refused writes leave nothing --------------------------------------------------------------


def _klantcontact_met_verdere_actie():
    return make_klantcontact(indicatie_contact_gelukt=False, verdere_actie_ondernomen=True)


def _partij_met_adres():
    partij = make_persoon()
    make_digitaal_adres(partij)
    return partij


def _kvk_met_vestiging():
    organisatie = make_organisatie(kvk="12345678")
    kvk = organisatie.partij_identificatoren.get()
    services.create_partij_identificator(
        {
            "partij": organisatie,
            "partij_identificator_code_objecttype": "vestiging",
            "partij_identificator_code_soort_object_id": "vestigingsnummer",
            "partij_identificator_object_id": "000012345678",
            "partij_identificator_code_register": "hr",
            "sub_identificator_van": kvk,
        }
    )
    return kvk


def _ander_adres():
    return make_digitaal_adres(make_persoon(), adres="ander@example.nl")


REFUSED = {
    # Refused by the serializer, before any service runs.
    "post-bad-soort": lambda: ("post", PARTIJEN, {"soortPartij": "robot"}),
    "post-bad-klantcontact": lambda: ("post", KLANTCONTACTEN, {"taal": "nlds"}),
    # Refused by the service, before anything was written.
    "patch-voorkeur-not-linked": lambda: (
        "patch",
        f"{PARTIJEN}/{_partij_met_adres().uuid}",
        {"voorkeursDigitaalAdres": ref(_ander_adres())},
    ),
    "patch-gelukt-with-verdere-actie": lambda: (
        "patch",
        f"{KLANTCONTACTEN}/{_klantcontact_met_verdere_actie().uuid}",
        {"indicatieContactGelukt": True},
    ),
    "delete-kvk-with-vestiging": lambda: (
        "delete",
        f"{IDENTIFICATOREN}/{_kvk_met_vestiging().uuid}",
        None,
    ),
    # Refused by the service after the partij itself was saved: rolled back with it.
    "put-partij-two-bsns": lambda: (
        "patch",
        f"{PARTIJEN}/{make_persoon().uuid}",
        {
            "interneNotitie": "gewijzigd",
            "partijIdentificatoren": [bsn_identificator(), bsn_identificator()],
        },
    ),
    "maak-klantcontact-bad-onderwerpobject": lambda: (
        "post",
        MAAK_KLANTCONTACT,
        {
            "klantcontact": klantcontact_payload(),
            "betrokkene": betrokkene_payload(partij=make_persoon()),
            "onderwerpobject": {
                "onderwerpobjectidentificator": {**zaak_identificator(), "objectId": "x" * 201}
            },
        },
    ),
}


@pytest.mark.parametrize("name", REFUSED)
def test_a_refused_write_records_no_event(api, name):
    method, path, body = REFUSED[name]()
    Event.objects.all().delete()

    response = getattr(api, method)(path, body, format="json")

    assert response.status_code == 400, response.content
    assert not Event.objects.exists()


def test_maak_klantcontact_failing_in_its_last_part_records_no_event(api, monkeypatch):
    """The klantcontact and betrokkene were written when the onderwerpobject is refused."""

    def weiger(data):
        raise ValidationError({"onderwerpobjectidentificator_object_id": "Bestaat niet."})

    monkeypatch.setattr(kc_services, "_create_onderwerpobject", weiger)
    partij = make_persoon()
    Event.objects.all().delete()

    response = api.post(
        MAAK_KLANTCONTACT,
        {
            "klantcontact": klantcontact_payload(),
            "betrokkene": betrokkene_payload(partij=partij),
            "onderwerpobject": onderwerpobject_payload(),
        },
        format="json",
    )

    assert response.status_code == 400, response.content
    assert not Event.objects.exists()


# --- Privacy: no BSN in any event --------------------------------------------------------------


def test_no_bsn_appears_in_any_event_of_a_partij_with_a_bsn(api):
    bsn, tweede = valid_bsn(), valid_bsn()
    Event.objects.all().delete()
    partij = api.post(
        PARTIJEN,
        persoon_payload(
            nummer=bsn,
            interneNotitie=f"Belde met BSN {bsn}.",
            partijIdentificatoren=[bsn_identificator(bsn)],
        ),
        format="json",
    ).json()
    identificator = api.get(partij["partijIdentificatoren"][0]["url"]).json()
    api.patch(identificator["url"], {"anderePartijIdentificator": f"oud {tweede}"}, format="json")
    api.put(
        partij["url"],
        persoon_payload(partijIdentificatoren=[bsn_identificator(tweede)]),
        format="json",
    )
    assert api.delete(partij["url"]).status_code == 204

    recorded = list(Event.objects.order_by("id"))
    assert [(event.resource, event.actie) for event in recorded] == [
        ("partij", "create"),
        ("partijidentificator", "update"),
        ("partij", "update"),
        ("partij", "destroy"),
    ]
    for event in recorded:
        text = repr(
            [
                event.kanaal,
                event.resource,
                event.actie,
                event.handeling,
                event.resource_url,
                event.hoofd_object,
                event.kenmerken,
                event.actor,
                notificatie(event),
            ]
        )
        assert bsn not in text
        assert tweede not in text
    # The masked kenmerken still show that something was there.
    assert recorded[0].kenmerken["interneNotitie"].startswith("Belde met BSN bsn:")
    assert recorded[0].kenmerken["nummer"].startswith("bsn:")


def test_events_name_the_api_client(api, events):
    response = api.post(CATEGORIEEN, {"naam": "VIP"}, format="json")

    [event] = events.new()
    assert event.actor == API_ACTOR
    assert event.api_client is not None and event.api_client.naam in API_ACTOR
    assert response.status_code == 201
