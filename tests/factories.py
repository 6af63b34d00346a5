"""Test data made through the same service functions the API and admin use."""

import itertools

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
