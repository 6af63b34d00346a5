"""A handful of realistic partijen for local use (`make run`), loaded through the services.

Every BSN here is a test number that passes the 11-proef; none belongs to a real person.
Loading is idempotent: a partij whose identificator already exists is left as it is.
"""

from django.db import transaction

from partijen import services
from partijen.models import Categorie, PartijIdentificator

BSN = ("natuurlijk_persoon", "bsn", "brp")
KVK = ("niet_natuurlijk_persoon", "kvk_nummer", "hr")


def _identificator(kind: tuple[str, str, str], object_id: str) -> dict:
    objecttype, soort, register = kind
    return {
        "partij_identificator_code_objecttype": objecttype,
        "partij_identificator_code_soort_object_id": soort,
        "partij_identificator_object_id": object_id,
        "partij_identificator_code_register": register,
    }


def _adres(straat: str, huisnummer: int, postcode: str, stad: str) -> dict:
    return {
        "straatnaam": straat,
        "huisnummer": huisnummer,
        "postcode": postcode,
        "stad": stad,
        "land": "NL",
    }


DEMO_PARTIJEN = [
    {
        "key": ("bsn", "999993653"),
        "soort_partij": "persoon",
        "naam": {"voorletters": "J.", "voornaam": "Jan", "achternaam": "Jansen"},
        "adres": _adres("Stationsplein", 1, "3511 ED", "Utrecht"),
        "digitaal": [("email", "jan.jansen@example.nl"), ("telefoonnummer", "0612345678")],
        "iban": "NL91ABNA0417164300",
        "categorie": "Inwoner",
    },
    {
        "key": ("bsn", "999990019"),
        "soort_partij": "persoon",
        "naam": {
            "voorletters": "A.M.",
            "voornaam": "Anna",
            "voorvoegsel_achternaam": "de",
            "achternaam": "Vries",
        },
        "adres": _adres("Oudegracht", 158, "3511 AZ", "Utrecht"),
        "digitaal": [("email", "a.devries@example.nl")],
        "iban": "NL20INGB0001234567",
        "categorie": "Inwoner",
    },
    {
        "key": ("bsn", "999990032"),
        "soort_partij": "persoon",
        "naam": {"voorletters": "M.", "voornaam": "Mohamed", "achternaam": "El Amrani"},
        "adres": _adres("Kanaalweg", 42, "3526 KL", "Utrecht"),
        "digitaal": [("telefoonnummer", "+31687654321")],
        "iban": None,
        "categorie": "Inwoner",
    },
    {
        "key": ("kvk_nummer", "69599084"),
        "soort_partij": "organisatie",
        "naam": "Bakkerij De Korrel B.V.",
        "adres": _adres("Voorstraat", 12, "3512 AK", "Utrecht"),
        "digitaal": [("email", "info@dekorrel.example.nl"), ("telefoonnummer", "0302345678")],
        "iban": "NL44RABO0123456789",
        "categorie": "Ondernemer",
    },
    {
        "key": ("kvk_nummer", "68750110"),
        "soort_partij": "organisatie",
        "naam": "Stichting Buurtzorg Oost",
        "adres": _adres("Biltstraat", 200, "3572 BK", "Utrecht"),
        "digitaal": [("email", "contact@buurtzorgoost.example.nl")],
        "iban": "NL18RABO0123459876",
        "categorie": "Ondernemer",
    },
]


def _exists(key: tuple[str, str]) -> bool:
    soort, object_id = key
    return PartijIdentificator.objects.filter(
        partij_identificator_code_soort_object_id=soort, partij_identificator_object_id=object_id
    ).exists()


@transaction.atomic
def load_demo_data() -> list[str]:
    """Create the demo partijen that are missing; returns a line per partij created."""
    created = []
    for spec in DEMO_PARTIJEN:
        if _exists(spec["key"]):
            continue
        adressen = [
            services.create_digitaal_adres({"adres": adres, "soort_digitaal_adres": soort})
            for soort, adres in spec["digitaal"]
        ]
        rekeningen = (
            [services.create_rekeningnummer({"iban": spec["iban"]})] if spec["iban"] else []
        )
        soort_key, object_id = spec["key"]
        if spec["soort_partij"] == "persoon":
            identificatie = {"contactnaam": spec["naam"]}
            identificator = _identificator(BSN, object_id)
        else:
            identificatie = {"naam": spec["naam"]}
            identificator = _identificator(KVK, object_id)
        partij = services.create_partij(
            {
                "soort_partij": spec["soort_partij"],
                "indicatie_actief": True,
                "voorkeurstaal": "nld",
                "partij_identificatie": identificatie,
                "partij_identificatoren": [identificator],
                "bezoekadres": spec["adres"],
                "correspondentieadres": spec["adres"],
                "digitale_adressen": adressen,
                "voorkeurs_digitaal_adres": adressen[0] if adressen else None,
                "rekeningnummers": rekeningen,
                "voorkeurs_rekeningnummer": rekeningen[0] if rekeningen else None,
            }
        )
        categorie, _ = Categorie.objects.get_or_create(naam=spec["categorie"])
        services.create_categorie_relatie({"partij": partij, "categorie": categorie})
        created.append(f"{partij.nummer} {partij.weergavenaam} ({soort_key} {object_id})")

    # A contactpersoon working for the bakery, once.
    bakkerij = (
        PartijIdentificator.objects.filter(partij_identificator_object_id="69599084")
        .select_related("partij")
        .first()
    )
    if bakkerij is not None and not bakkerij.partij.contactpersonen.exists():
        email = services.create_digitaal_adres(
            {"adres": "p.bakker@dekorrel.example.nl", "soort_digitaal_adres": "email"}
        )
        contact = services.create_partij(
            {
                "soort_partij": "contactpersoon",
                "indicatie_actief": True,
                "partij_identificatie": {
                    "werkte_voor_partij": bakkerij.partij,
                    "contactnaam": {
                        "voorletters": "P.",
                        "voornaam": "Piet",
                        "achternaam": "Bakker",
                    },
                },
                "digitale_adressen": [email],
            }
        )
        services.create_vertegenwoordiging(
            {"vertegenwoordigende_partij": contact, "vertegenwoordigde_partij": bakkerij.partij}
        )
        created.append(f"{contact.nummer} {contact.weergavenaam} (contactpersoon)")
    return created
