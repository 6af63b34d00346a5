"""Shared helpers for the klantcontacten API tests: URLs, payload builders and the state of
every table a klantcontacten write may touch. Generic helpers (problem+json, contract access)
come from tests.partijen.helpers."""

from datetime import datetime

from klantcontacten.models import (
    Actor,
    ActorKlantcontact,
    Betrokkene,
    Bijlage,
    Klantcontact,
    Onderwerpobject,
)
from partijen.models import DigitaalAdres, Partij, PartijIdentificator
from tests.conftest import KI
from tests.partijen.helpers import contract_properties

KLANTCONTACTEN = f"{KI}/klantcontacten"
BETROKKENEN = f"{KI}/betrokkenen"
ONDERWERPOBJECTEN = f"{KI}/onderwerpobjecten"
BIJLAGEN = f"{KI}/bijlagen"
ACTOREN = f"{KI}/actoren"
ACTORKLANTCONTACTEN = f"{KI}/actorklantcontacten"
MAAK_KLANTCONTACT = f"{KI}/maak-klantcontact"

ZAAK_UUID = "095be615-a8ad-4c33-8e9c-c7612fbf6c9f"


def historie_url(klantcontact) -> str:
    uuid = klantcontact["uuid"] if isinstance(klantcontact, dict) else klantcontact.uuid
    return f"{KLANTCONTACTEN}/{uuid}/historie"


def parse_datetime(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


# --- contract keys --------------------------------------------------------------------------------

ACTOR_SOORT_SCHEMAS = {
    "medewerker": "Medewerker",
    "organisatorische_eenheid": "OrganisatorischeEenheid",
    "geautomatiseerde_actor": "GeautomatiseerdeActor",
}


def actor_keys() -> set[str]:
    # A polymorphic actor: Base_ActorSerializer plus the soort-specific actorIdentificatie.
    return contract_properties("Base_ActorSerializer") | contract_properties(
        "actor_identificatie_Medewerker"
    )


# --- state of the tables --------------------------------------------------------------------------

MODELS = (
    Klantcontact,
    Betrokkene,
    Onderwerpobject,
    Bijlage,
    Actor,
    ActorKlantcontact,
    DigitaalAdres,
    Partij,
    PartijIdentificator,
)
HISTORY_MODELS = (Klantcontact, Betrokkene, Onderwerpobject, Bijlage, ActorKlantcontact)


def row_state() -> dict:
    """Every row of every table a klantcontacten write may touch, and the number of history
    rows: equal before and after means nothing was stored, changed or deleted."""
    state = {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}
    for model in HISTORY_MODELS:
        state[f"history {model.__name__}"] = model.history.count()
    return state


def kc_counts() -> tuple[int, int, int]:
    """(klantcontacten, betrokkenen, onderwerpobjecten)."""
    return (
        Klantcontact.objects.count(),
        Betrokkene.objects.count(),
        Onderwerpobject.objects.count(),
    )


# --- payloads (camelCase, as an integrator sends them) --------------------------------------------


def klantcontact_payload(**extra) -> dict:
    return {
        "kanaal": "telefoon",
        "onderwerp": "Vraag over de afvalpas",
        "inhoud": "Mevrouw belt over haar kwijtgeraakte afvalpas.",
        "taal": "nld",
        "vertrouwelijk": False,
        **extra,
    }


def betrokkene_payload(klantcontact=None, partij=None, **extra) -> dict:
    data = {"rol": "klant", "initiator": True, **extra}
    if klantcontact is not None:
        data["hadKlantcontact"] = ref(klantcontact)
    if partij is not None:
        data["wasPartij"] = ref(partij)
    return data


def zaak_identificator(object_id: str = ZAAK_UUID) -> dict:
    return {
        "objectId": object_id,
        "codeObjecttype": "zaak",
        "codeRegister": "open-zaak",
        "codeSoortObjectId": "uuid",
    }


def onderwerpobject_payload(klantcontact=None, **extra) -> dict:
    data = {"onderwerpobjectidentificator": zaak_identificator(), **extra}
    if klantcontact is not None:
        data["klantcontact"] = ref(klantcontact)
    return data


def bijlage_payload(klantcontact=None, **extra) -> dict:
    data = {
        "bijlageidentificator": {
            "objectId": "5d1ad1b6-5e64-4bd0-9e46-d1b5b5ff1a2c",
            "codeObjecttype": "informatieobject",
            "codeRegister": "drc",
            "codeSoortObjectId": "uuid",
        },
        **extra,
    }
    if klantcontact is not None:
        data["wasBijlageVanKlantcontact"] = ref(klantcontact)
    return data


ACTOR_IDENTIFICATIE_PAYLOADS = {
    "medewerker": {
        "functie": "KCC-medewerker",
        "emailadres": "f.yilmaz@gemeente.nl",
        "telefoonnummer": "0201234567",
    },
    "organisatorische_eenheid": {
        "omschrijving": "Team Burgerzaken",
        "emailadres": "burgerzaken@gemeente.nl",
        "faxnummer": "0207654321",
        "telefoonnummer": "0201234500",
    },
    "geautomatiseerde_actor": {"functie": "chatbot", "omschrijving": "Gem, de digitale assistent"},
}


def actor_payload(soort: str = "medewerker", **extra) -> dict:
    return {
        "naam": {
            "medewerker": "Fatima Yilmaz",
            "organisatorische_eenheid": "Burgerzaken",
            "geautomatiseerde_actor": "Gem",
        }[soort],
        "soortActor": soort,
        "indicatieActief": True,
        "actoridentificator": {
            "objectId": "FY01",
            "codeObjecttype": "medewerker",
            "codeRegister": "ad",
            "codeSoortObjectId": "gebruikersnaam",
        },
        "actorIdentificatie": dict(ACTOR_IDENTIFICATIE_PAYLOADS[soort]),
        **extra,
    }


def ref(obj) -> dict:
    """A write reference {"uuid": ...} to a model instance or a response body."""
    return {"uuid": obj["uuid"] if isinstance(obj, dict) else str(obj.uuid)}
