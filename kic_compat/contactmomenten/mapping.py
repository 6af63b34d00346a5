"""How first-generation contactmomenten, klantcontactmomenten and objectcontactmomenten map
onto Klantcontact, Betrokkene, Onderwerpobject and Actor (spec kic_compat §4.2-4.4, §5).

Read functions take a row as the selectors load it (extension rows selected, the parts a read
needs prefetched under `kic_*` names) and fall back to queries for a row loaded otherwise, such
as the one a write just saved. Nothing here writes; services.py does.
"""

import uuid as uuid_lib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist

from kic_compat.models import (
    ContactmomentExtensie,
    Initiatiefnemer,
    KlantcontactmomentRol,
    OnderwerpobjectSoort,
)
from klantcontacten.models import Betrokkene, Klantcontact, Onderwerpobject, Rol, SoortActor

# The Actoridentificator of a first-generation medewerker (spec §4.2 medewerkerIdentificatie).
MEDEWERKER_REGISTER = "kic"
MEDEWERKER_OBJECTTYPE = "medewerker"
MEDEWERKER_SOORT_OBJECT_ID = "identificatie"

INHOUD_MAX = 1000  # Klantcontact.inhoud

KANAAL = "kanaal"
VOORKEURSTAAL = "voorkeurstaal"


def extensie(obj):
    """The object's kic_compat extension row, or None (a row created elsewhere)."""
    try:
        return obj.kic_extensie
    except ObjectDoesNotExist:
        return None


# --- contactmomenten -------------------------------------------------------------------------


def bronorganisatie(klantcontact: Klantcontact) -> str:
    ext = extensie(klantcontact)
    return (ext.bronorganisatie if ext else "") or settings.KIC_DEFAULT_BRONORGANISATIE


def _defaulted(klantcontact: Klantcontact, field: str, value: str, default: str) -> bool:
    ext = extensie(klantcontact)
    return ext is not None and field in ext.defaulted_fields and value == default


def kanaal(klantcontact: Klantcontact) -> str:
    """`""` while the kanaal is still the default a blank first-generation kanaal got."""
    if _defaulted(klantcontact, KANAAL, klantcontact.kanaal, settings.KIC_DEFAULT_KANAAL):
        return ""
    return klantcontact.kanaal


def voorkeurstaal(klantcontact: Klantcontact) -> str:
    if _defaulted(klantcontact, VOORKEURSTAAL, klantcontact.taal, settings.KIC_DEFAULT_TAAL):
        return ""
    return klantcontact.taal


def tekst(klantcontact: Klantcontact) -> str:
    """The whole first-generation tekst while inhoud is still its first 1000 characters."""
    ext = extensie(klantcontact)
    volledig = ext.tekst_volledig if ext else None
    if volledig and volledig[:INHOUD_MAX] == klantcontact.inhoud:
        return volledig
    return klantcontact.inhoud


def split_tekst(value: str) -> tuple[str, str | None]:
    """(inhoud, tekst_volledig) for a first-generation tekst."""
    if len(value) > INHOUD_MAX:
        return value[:INHOUD_MAX], value
    return value, None


def _vorige_links(klantcontact: Klantcontact) -> list[Onderwerpobject]:
    """Onderwerpobjecten of this klantcontact pointing at an earlier one, oldest first."""
    if hasattr(klantcontact, "kic_vorige"):
        return klantcontact.kic_vorige
    return list(
        klantcontact.onderwerpobjecten.filter(was_klantcontact__isnull=False)
        .select_related("was_klantcontact", "kic_extensie")
        .order_by("pk")
    )


def _volgende_links(klantcontact: Klantcontact) -> list[Onderwerpobject]:
    """Onderwerpobjecten of other klantcontacten pointing at this one, oldest first."""
    if hasattr(klantcontact, "kic_volgende"):
        return klantcontact.kic_volgende
    return list(
        klantcontact.was_onderwerpobjecten.filter(klantcontact__isnull=False)
        .select_related("klantcontact", "kic_extensie")
        .order_by("pk")
    )


def _is_vorig_marked(onderwerpobject: Onderwerpobject) -> bool:
    ext = extensie(onderwerpobject)
    return ext is not None and ext.soort == OnderwerpobjectSoort.VORIG_CONTACTMOMENT


def _marked_or_oldest(links: list[Onderwerpobject]) -> Onderwerpobject | None:
    for link in links:
        if _is_vorig_marked(link):
            return link
    return links[0] if links else None


def vorig_contactmoment(klantcontact: Klantcontact) -> Klantcontact | None:
    link = _marked_or_oldest(_vorige_links(klantcontact))
    return link.was_klantcontact if link else None


def volgend_contactmoment(klantcontact: Klantcontact) -> Klantcontact | None:
    link = _marked_or_oldest(_volgende_links(klantcontact))
    return link.klantcontact if link else None


def marked_vorig_link(klantcontact: Klantcontact) -> Onderwerpobject | None:
    """The Onderwerpobject a first-generation vorigContactmoment made (the one it replaces)."""
    return next((link for link in _vorige_links(klantcontact) if _is_vorig_marked(link)), None)


def _initiator_flags(klantcontact: Klantcontact) -> list[bool]:
    if hasattr(klantcontact, "kic_betrokkenen"):
        return [betrokkene.initiator for betrokkene in klantcontact.kic_betrokkenen]
    return list(klantcontact.betrokkenen.values_list("initiator", flat=True))


def initiatiefnemer(klantcontact: Klantcontact) -> str:
    """Stored value; else `klant` if a betrokkene was initiator, `gemeente` if there are
    betrokkenen; else `""` (unknown)."""
    ext = extensie(klantcontact)
    if ext is not None and ext.initiatiefnemer:
        return ext.initiatiefnemer
    flags = _initiator_flags(klantcontact)
    if any(flags):
        return Initiatiefnemer.KLANT
    return Initiatiefnemer.GEMEENTE if flags else ""


def medewerker(klantcontact: Klantcontact) -> str:
    ext = extensie(klantcontact)
    return ext.medewerker if ext else ""


def _medewerker_actoren(klantcontact: Klantcontact):
    if hasattr(klantcontact, "kic_medewerkers"):
        return [link.actor for link in klantcontact.kic_medewerkers]
    return [
        link.actor
        for link in klantcontact.actorklantcontacten.filter(
            actor__soort_actor=SoortActor.MEDEWERKER
        )
        .select_related("actor")
        .order_by("pk")
    ]


def medewerker_identificatie(klantcontact: Klantcontact) -> dict | None:
    """Stored value; else the first linked medewerker Actor; else null."""
    ext = extensie(klantcontact)
    if ext is not None and ext.medewerker_identificatie is not None:
        return ext.medewerker_identificatie
    actoren = _medewerker_actoren(klantcontact)
    if not actoren:
        return None
    actor = actoren[0]
    return {
        "identificatie": (actor.actoridentificator_object_id or "")[:24],
        "achternaam": actor.naam,
        "voorletters": "",
        "voorvoegsel_achternaam": "",
    }


def medewerker_actoridentificator(identificatie: str) -> dict:
    return {
        "code_register": MEDEWERKER_REGISTER,
        "code_objecttype": MEDEWERKER_OBJECTTYPE,
        "code_soort_object_id": MEDEWERKER_SOORT_OBJECT_ID,
        "object_id": identificatie,
    }


def medewerker_naam(identificatie: dict) -> str:
    """Actor `naam`: the name parts joined, else the identificatie."""
    parts = (
        identificatie.get("voorletters"),
        identificatie.get("voorvoegsel_achternaam"),
        identificatie.get("achternaam"),
    )
    naam = " ".join(part for part in parts if part)
    return (naam or identificatie.get("identificatie") or "")[:200]


# --- klantcontactmomenten ------------------------------------------------------------------


def klantcontactmoment_rol(betrokkene: Betrokkene) -> str:
    """Stored rol; else klant → belanghebbende, vertegenwoordiger → gesprekspartner."""
    ext = extensie(betrokkene)
    if ext is not None:
        return ext.rol
    if betrokkene.rol == Rol.VERTEGENWOORDIGER:
        return KlantcontactmomentRol.GESPREKSPARTNER
    return KlantcontactmomentRol.BELANGHEBBENDE


def recomputed_rollen(
    betrokkenen: list[tuple[Betrokkene, str, int]], initiatiefnemer_waarde: str
) -> dict[int, tuple[str, bool]]:
    """New (rol, initiator) per betrokkene pk of a klantcontact (spec §4.3 Recompute).

    `betrokkenen`: (betrokkene, first-generation rol, partij pk) of those with an extension row.
    belanghebbende → klant; gesprekspartner → vertegenwoordiger when a belanghebbende for
    another partij exists, else klant. initiator := initiatiefnemer is klant and rol is klant.
    """
    belanghebbenden = {
        partij for _, rol, partij in betrokkenen if rol == KlantcontactmomentRol.BELANGHEBBENDE
    }
    result = {}
    for betrokkene, rol, partij in betrokkenen:
        if rol == KlantcontactmomentRol.GESPREKSPARTNER and belanghebbenden - {partij}:
            nieuwe_rol = Rol.VERTEGENWOORDIGER
        else:
            nieuwe_rol = Rol.KLANT
        initiator = initiatiefnemer_waarde == Initiatiefnemer.KLANT and nieuwe_rol == Rol.KLANT
        result[betrokkene.pk] = (nieuwe_rol, initiator)
    return result


# --- objectcontactmomenten -----------------------------------------------------------------


def zaak_codes() -> dict:
    """The Onderwerpobjectidentificator codes of a zaak: KIC_ZAAK_IDENTIFICATOR is
    (codeObjecttype, codeRegister, codeSoortObjectId), default zaak / openzaak / uuid."""
    objecttype, register, soort = settings.KIC_ZAAK_IDENTIFICATOR
    return {
        "code_objecttype": objecttype,
        "code_register": register,
        "code_soort_object_id": soort,
    }


def object_id(object_url: str) -> str | None:
    """The UUID that ends a first-generation object URL; None when it does not end in one."""
    last = urlsplit(object_url).path.rstrip("/").rsplit("/", 1)[-1]
    try:
        return str(uuid_lib.UUID(last))
    except ValueError:
        return None


def object_url(onderwerpobject: Onderwerpobject) -> str:
    """The verbatim URL a first-generation client sent; else the KIC_ZAAK_URL_TEMPLATE form."""
    ext = extensie(onderwerpobject)
    if ext is not None and ext.object_url:
        return ext.object_url
    template = settings.KIC_ZAAK_URL_TEMPLATE
    if template:
        return template.replace(
            "{objectId}", onderwerpobject.onderwerpobjectidentificator_object_id
        )
    return ""


def object_type(onderwerpobject: Onderwerpobject) -> str:
    ext = extensie(onderwerpobject)
    return (ext.object_type if ext else "") or "zaak"


def new_extensie(klantcontact: Klantcontact) -> ContactmomentExtensie:
    return ContactmomentExtensie(klantcontact=klantcontact)
