"""Test data made through the same service functions the API and admin use."""

import itertools

from klantcontacten import services as kc_services
from partijen import services

_bsn_counter = itertools.count(1)


def valid_bsn() -> str:
    """A BSN that passes the 11-proef, different for every call."""
    while True:
        n = next(_bsn_counter)
        digits = f"{10000000 + n * 7919:08d}"[-8:]
        total = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        check = total % 11
        if check < 10:
            return digits + str(check)


def make_persoon(*, bsn: str | None = None, voornaam="Jan", achternaam="Jansen", **extra):
    data = {
        "soort_partij": "persoon",
        "indicatie_actief": True,
        "partij_identificatie": {"contactnaam": {"voornaam": voornaam, "achternaam": achternaam}},
        **extra,
    }
    if bsn is not None:
        data["partij_identificatoren"] = [
            {
                "partij_identificator_code_objecttype": "natuurlijk_persoon",
                "partij_identificator_code_soort_object_id": "bsn",
                "partij_identificator_object_id": bsn,
                "partij_identificator_code_register": "brp",
            }
        ]
    return services.create_partij(data)


def make_organisatie(*, naam="Bakkerij De Korrel", kvk: str | None = None, **extra):
    data = {
        "soort_partij": "organisatie",
        "indicatie_actief": True,
        "partij_identificatie": {"naam": naam},
        **extra,
    }
    if kvk is not None:
        data["partij_identificatoren"] = [
            {
                "partij_identificator_code_objecttype": "niet_natuurlijk_persoon",
                "partij_identificator_code_soort_object_id": "kvk_nummer",
                "partij_identificator_object_id": kvk,
                "partij_identificator_code_register": "hr",
            }
        ]
    return services.create_partij(data)


def make_digitaal_adres(partij=None, *, adres="jan@example.nl", soort="email", **extra):
    return services.create_digitaal_adres(
        {"partij": partij, "adres": adres, "soort_digitaal_adres": soort, **extra}
    )


# --- klantcontacten -----------------------------------------------------------------------------


def make_klantcontact(**extra):
    """A klantcontact through klantcontacten.services (its nummer is generated)."""
    data = {
        "kanaal": "telefoon",
        "onderwerp": "Vraag over de afvalpas",
        "taal": "nld",
        "vertrouwelijk": False,
        **extra,
    }
    return kc_services.create_klantcontact(data)


def make_betrokkene(klantcontact, partij=None, *, rol="klant", initiator=True, **extra):
    return kc_services.create_betrokkene(
        {
            "klantcontact": klantcontact,
            "partij": partij,
            "rol": rol,
            "initiator": initiator,
            **extra,
        }
    )


def make_onderwerpobject(klantcontact=None, *, object_id="", code_objecttype="zaak", **extra):
    """An onderwerpobject; with an `object_id` it identifies a zaak by uuid."""
    identificator = (
        {
            "object_id": object_id,
            "code_objecttype": code_objecttype,
            "code_register": "open-zaak",
            "code_soort_object_id": "uuid",
        }
        if object_id
        else {}
    )
    return kc_services.create_onderwerpobject(
        {"klantcontact": klantcontact, "onderwerpobjectidentificator": identificator, **extra}
    )


def make_bijlage(klantcontact=None, *, object_id="", **extra):
    identificator = (
        {
            "object_id": object_id,
            "code_objecttype": "informatieobject",
            "code_register": "drc",
            "code_soort_object_id": "uuid",
        }
        if object_id
        else {}
    )
    return kc_services.create_bijlage(
        {"klantcontact": klantcontact, "bijlageidentificator": identificator, **extra}
    )


ACTOR_IDENTIFICATIES = {
    "medewerker": {"functie": "KCC-medewerker", "telefoonnummer": "0201234567"},
    "organisatorische_eenheid": {"omschrijving": "Team Burgerzaken"},
    "geautomatiseerde_actor": {"functie": "chatbot"},
}


def make_actor(soort="medewerker", *, naam="Fatima Yilmaz", **extra):
    data = {
        "naam": naam,
        "soort_actor": soort,
        "actor_identificatie": dict(ACTOR_IDENTIFICATIES[soort]),
        **extra,
    }
    return kc_services.create_actor(data)


def make_actorklantcontact(actor, klantcontact):
    return kc_services.create_actorklantcontact({"actor": actor, "klantcontact": klantcontact})


def make_betrokkene_adres(betrokkene, *, adres="0612345678", soort="telefoonnummer", **extra):
    """A digitaal adres provided by a betrokkene (verstrektDoorBetrokkene), without partij."""
    digitaal_adres = services.create_digitaal_adres(
        {"adres": adres, "soort_digitaal_adres": soort, "betrokkene": betrokkene, **extra}
    )
    if digitaal_adres.betrokkene_id is None:
        # partijen.services does not take the betrokkene (it lives in a higher app): link it.
        digitaal_adres.betrokkene = betrokkene
        digitaal_adres.save(update_fields=["betrokkene"])
    return digitaal_adres
