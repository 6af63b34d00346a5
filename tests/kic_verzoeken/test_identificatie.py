"""vrz-001 (spec §11 check 25): a verzoek without identificatie gets VERZOEK-{year}-{10 digits},
parallel creates never collide, a duplicate is `identificatie-niet-uniek`, and the
identificatie never changes."""

import re

import pytest
from django.core.exceptions import ValidationError

from kic_compat.models import Verzoek
from kic_compat.verzoeken import services
from tests.concurrency import run_in_parallel
from tests.kic.contract import assert_contract
from tests.kic_verzoeken.conftest import BRONORGANISATIE, VRZ, verzoek_body

BASIS = {"bronorganisatie": BRONORGANISATIE, "status": "ontvangen"}


def invalid(response, name: str, code: str) -> None:
    assert_contract(response, contract="verzoeken")
    assert response.status_code == 400, response.json()
    assert [(p["name"], p["code"]) for p in response.json()["invalidParams"]] == [(name, code)]


@pytest.mark.django_db
def test_check25_generated_identificatie_has_the_year_of_registratiedatum(kic_api):
    first = kic_api.post(VRZ, verzoek_body(), format="json").json()
    assert re.fullmatch(r"VERZOEK-\d{4}-\d{10}", first["identificatie"])
    old = kic_api.post(
        VRZ, verzoek_body(registratiedatum="2019-06-01T12:00:00Z", identificatie=""), format="json"
    ).json()
    assert re.fullmatch(r"VERZOEK-2019-\d{10}", old["identificatie"])
    second = kic_api.post(VRZ, verzoek_body(), format="json").json()
    assert first["identificatie"] != second["identificatie"]


@pytest.mark.django_db
def test_check25_duplicate_identificatie_is_refused_and_nothing_saved(kic_api):
    kic_api.post(VRZ, verzoek_body(identificatie="AANVRAAG-1"), format="json")
    invalid(
        kic_api.post(VRZ, verzoek_body(identificatie="AANVRAAG-1"), format="json"),
        "identificatie",
        "identificatie-niet-uniek",
    )
    assert Verzoek.objects.count() == 1
    # Unique per bronorganisatie only.
    other = kic_api.post(
        VRZ, verzoek_body(identificatie="AANVRAAG-1", bronorganisatie="123456782"), format="json"
    )
    assert other.status_code == 201


@pytest.mark.django_db
def test_a_generated_number_a_client_already_took_is_skipped(kic_api):
    first = kic_api.post(VRZ, verzoek_body(), format="json").json()
    year, number = first["identificatie"].split("-")[1:]
    taken = f"VERZOEK-{year}-{int(number) + 1:010d}"
    kic_api.post(VRZ, verzoek_body(identificatie=taken), format="json")
    after = kic_api.post(VRZ, verzoek_body(), format="json").json()
    assert after["identificatie"] == f"VERZOEK-{year}-{int(number) + 2:010d}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("identificatie", "code"),
    [("x" * 41, "max_length"), ("met spatie", "invalid"), ("ü-1", "invalid"), (12, "invalid")],
)
def test_bad_identificatie_is_refused_and_nothing_saved(kic_api, identificatie, code):
    invalid(
        kic_api.post(VRZ, verzoek_body(identificatie=identificatie), format="json"),
        "identificatie",
        code,
    )
    assert Verzoek.objects.count() == 0


@pytest.mark.django_db
def test_identificatie_is_immutable(kic_api):
    created = kic_api.post(VRZ, verzoek_body(identificatie="V-1"), format="json").json()
    for method in ("put", "patch"):
        invalid(
            getattr(kic_api, method)(
                created["url"], verzoek_body(identificatie="V-2"), format="json"
            ),
            "identificatie",
            "wijzigen-niet-toegelaten",
        )
    same = kic_api.put(created["url"], verzoek_body(identificatie="V-1"), format="json")
    assert same.status_code == 200
    assert Verzoek.objects.get().identificatie == "V-1"


@pytest.mark.django_db
def test_moving_to_a_bronorganisatie_that_has_the_identificatie_is_refused(kic_api):
    kic_api.post(VRZ, verzoek_body(identificatie="V-1", bronorganisatie="123456782"), format="json")
    mine = kic_api.post(VRZ, verzoek_body(identificatie="V-1"), format="json").json()
    invalid(
        kic_api.patch(mine["url"], {"bronorganisatie": "123456782"}, format="json"),
        "identificatie",
        "identificatie-niet-uniek",
    )


def _refusals(work) -> list[ValidationError]:
    refused = []

    def _once():
        try:
            work()
        except ValidationError as exc:
            refused.append(exc)

    assert run_in_parallel(_once, workers=6, per_worker=1) == []
    return refused


# One transactional test for the three races: each flush of the test database costs seconds.
@pytest.mark.django_db(transaction=True)
def test_check25_parallel_writes_never_collide_and_refusals_are_clean():
    # Generated numbers: 30 creates in 6 threads, 30 distinct identificaties.
    errors = run_in_parallel(lambda: services.create_verzoek(dict(BASIS)), workers=6, per_worker=5)
    assert errors == []
    identificaties = list(Verzoek.objects.values_list("identificatie", flat=True))
    assert len(identificaties) == len(set(identificaties)) == 30

    # One identificatie claimed six times: one verzoek, five identificatie-niet-uniek.
    refused = _refusals(lambda: services.create_verzoek({**BASIS, "identificatie": "ZELFDE"}))
    assert Verzoek.objects.filter(identificatie="ZELFDE").count() == 1
    assert len(refused) == 5
    assert all(
        [e.code for e in exc.error_dict["identificatie"]] == ["identificatie-niet-uniek"]
        for exc in refused
    )

    # One verzoek withdrawn six times at once (vrz-002): one winner, five `unique`.
    target = Verzoek.objects.get(identificatie="ZELFDE")
    refused = _refusals(lambda: services.create_verzoek({**BASIS, "in_te_trekken_verzoek": target}))
    assert Verzoek.objects.filter(in_te_trekken_verzoek=target).count() == 1
    assert len(refused) == 5
    assert all(
        [e.code for errors in exc.error_dict.values() for e in errors] == ["unique"]
        for exc in refused
    )
