"""The first-generation uniqueness rules hold when clients write at the same time: exactly one
write wins, the others get a ValidationError (400 `unique`), never an IntegrityError (500)."""

import pytest
from django.core.exceptions import ValidationError

from kic_compat.contactmomenten import services
from kic_compat.models import KlantcontactmomentExtensie, OnderwerpobjectExtensie
from partijen import services as partij_services
from tests.concurrency import run_in_parallel

WORKERS = 6
BASIS = {"bronorganisatie": "002220647", "medewerker_identificatie": {"identificatie": "mw"}}


def _outcomes(work) -> tuple[int, list]:
    """(successes, unexpected errors) of WORKERS parallel calls of `work`."""
    wins, refused = [], []

    def _once():
        try:
            work()
            wins.append(1)
        except ValidationError as exc:
            refused.append(exc)

    errors = run_in_parallel(_once, workers=WORKERS, per_worker=1)
    assert all(
        "unique" in {e.code for errors in exc.error_dict.values() for e in errors}
        for exc in refused
    )
    return len(wins), errors


@pytest.mark.django_db(transaction=True)
def test_one_vorig_contactmoment_claimed_in_parallel():
    vorig = services.create_contactmoment(dict(BASIS))
    wins, errors = _outcomes(
        lambda: services.create_contactmoment({**BASIS, "vorig_contactmoment": vorig})
    )
    assert errors == []
    assert wins == 1
    assert OnderwerpobjectExtensie.objects.filter(soort="vorig_contactmoment").count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_klantcontactmoment_per_contactmoment_klant_rol_in_parallel():
    contactmoment = services.create_contactmoment(dict(BASIS))
    partij = partij_services.create_partij(
        {"soort_partij": "persoon", "indicatie_actief": True, "partij_identificatie": {}}
    )
    wins, errors = _outcomes(
        lambda: services.create_klantcontactmoment(
            {"contactmoment": contactmoment, "klant": partij, "rol": "belanghebbende"}
        )
    )
    assert errors == []
    assert wins == 1
    assert KlantcontactmomentExtensie.objects.count() == 1
