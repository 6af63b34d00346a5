"""The rules of a PartijIdentificator (spec §3.2): allowed code combinations, the format of
objectId per soort, scoping under a parent identificator and uniqueness."""

import itertools

import pytest

from partijen import services
from partijen.models import PartijIdentificator
from tests.factories import make_organisatie, make_persoon, valid_bsn
from tests.partijen.helpers import (
    IDENTIFICATOREN,
    assert_invalid,
    bsn_identificator,
    kvk_identificator,
    random_ref,
    ref,
    row_state,
    rsin_identificator,
    vestiging_identificator,
)

pytestmark = pytest.mark.django_db

ALLOWED = {
    ("brp", "natuurlijk_persoon", "bsn"),
    ("hr", "niet_natuurlijk_persoon", "rsin"),
    ("hr", "niet_natuurlijk_persoon", "kvk_nummer"),
    ("hr", "vestiging", "vestigingsnummer"),
}
OBJECTTYPES_PER_REGISTER = {
    "brp": {"natuurlijk_persoon"},
    "hr": {"niet_natuurlijk_persoon", "vestiging"},
}
ALL_COMBINATIONS = list(
    itertools.product(
        ["brp", "hr"],
        ["natuurlijk_persoon", "niet_natuurlijk_persoon", "vestiging"],
        ["bsn", "vestigingsnummer", "kvk_nummer", "rsin"],
    )
)


def valid_object_id(soort: str) -> str:
    return {
        "bsn": valid_bsn(),
        "rsin": valid_bsn(),
        "kvk_nummer": "12345678",
        "vestigingsnummer": "000012345678",
    }[soort]


def make_kvk(kvk: str = "12345678", partij=None) -> PartijIdentificator:
    return services.create_partij_identificator(
        {
            "partij": partij,
            "partij_identificator_code_objecttype": "niet_natuurlijk_persoon",
            "partij_identificator_code_soort_object_id": "kvk_nummer",
            "partij_identificator_object_id": kvk,
            "partij_identificator_code_register": "hr",
        }
    )


def post(api, data):
    return api.post(IDENTIFICATOREN, data, format="json")


def identificator(register, objecttype, soort, object_id=None, **extra) -> dict:
    return {
        "partijIdentificator": {
            "codeRegister": register,
            "codeObjecttype": objecttype,
            "codeSoortObjectId": soort,
            "objectId": object_id or valid_object_id(soort),
        },
        **extra,
    }


# --- code combinations --------------------------------------------------------------------------


@pytest.mark.parametrize(("register", "objecttype", "soort"), sorted(ALLOWED))
def test_allowed_code_combination_is_accepted(api, register, objecttype, soort):
    extra = {}
    if soort == "vestigingsnummer":
        extra["subIdentificatorVan"] = ref(make_kvk())

    response = post(api, identificator(register, objecttype, soort, **extra))

    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    ("register", "objecttype", "soort"),
    [combination for combination in ALL_COMBINATIONS if combination not in ALLOWED],
)
def test_disallowed_code_combination_is_rejected_on_the_right_field(
    api, register, objecttype, soort
):
    before = row_state()

    response = post(api, identificator(register, objecttype, soort))

    if objecttype not in OBJECTTYPES_PER_REGISTER[register]:
        param = assert_invalid(response, "partijIdentificatorCodeObjecttype")
        assert (
            f"voor `codeRegister` {register} zijn alleen deze waarden toegestaan"
            in (param["reason"])
        )
    else:
        param = assert_invalid(response, "partijIdentificatorCodeSoortObjectId")
        assert (
            f"voor `codeObjecttype` {objecttype} zijn alleen deze waarden toegestaan"
            in (param["reason"])
        )
    assert row_state() == before


@pytest.mark.parametrize(
    ("part", "value"),
    [
        ("codeRegister", "kvk"),
        ("codeObjecttype", "persoon"),
        ("codeSoortObjectId", "paspoort"),
    ],
)
def test_unknown_code_values_are_rejected(api, part, value):
    data = bsn_identificator()
    data["partijIdentificator"][part] = value

    assert_invalid(post(api, data), f"partijIdentificator.{part}", code="invalid_choice")


@pytest.mark.parametrize(
    "part", ["codeRegister", "codeObjecttype", "codeSoortObjectId", "objectId"]
)
def test_all_four_identificator_parts_are_required(api, part):
    data = bsn_identificator()
    del data["partijIdentificator"][part]

    assert_invalid(post(api, data), f"partijIdentificator.{part}", code="required")


# --- objectId per soort ---------------------------------------------------------------------------


def test_bsn_with_bad_checksum_is_rejected_and_nothing_saved(api):
    bsn = valid_bsn()
    bad = bsn[:-1] + str((int(bsn[-1]) + 1) % 10)
    before = row_state()

    response = post(api, bsn_identificator(bad))

    param = assert_invalid(response, "partijIdentificatorObjectId", code="invalid")
    assert param["reason"].startswith("Deze waarde is ongeldig, reden:")
    assert row_state() == before


@pytest.mark.parametrize("bsn", ["12345678", "1234567890", ""])
def test_bsn_of_wrong_length_is_rejected_with_invalid_length(api, bsn):
    response = post(api, bsn_identificator(bsn))

    if bsn == "":
        assert_invalid(response, "partijIdentificator.objectId", code="blank")
    else:
        assert_invalid(
            response,
            "partijIdentificatorObjectId",
            code="invalid-length",
            reason="Waarde moet 9 tekens lang zijn",
        )


def test_bsn_with_letters_is_rejected(api):
    assert_invalid(post(api, bsn_identificator("12345678a")), "partijIdentificatorObjectId")


def test_valid_bsn_passes_the_11_proef(api):
    # 111222333: 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3-1*3 = 66, divisible by 11.
    assert post(api, bsn_identificator("111222333")).status_code == 201


def test_rsin_is_checked_with_the_11_proef(api):
    assert post(api, rsin_identificator("111222333")).status_code == 201
    assert_invalid(post(api, rsin_identificator("111222334")), "partijIdentificatorObjectId")
    assert_invalid(
        post(api, rsin_identificator("11122233")),
        "partijIdentificatorObjectId",
        code="invalid-length",
    )


@pytest.mark.parametrize("kvk", ["1234567", "123456789", "1234567a"])
def test_kvk_nummer_must_be_eight_digits(api, kvk):
    response = post(api, kvk_identificator(kvk))

    param = assert_invalid(response, "partijIdentificatorObjectId")
    if len(kvk) != 8:
        assert param["code"] == "invalid-length"
        assert "Waarde moet 8 tekens lang zijn" in param["reason"]


@pytest.mark.parametrize("nummer", ["12345678901", "1234567890123", "12345678901a"])
def test_vestigingsnummer_must_be_twelve_digits(api, nummer):
    response = post(api, vestiging_identificator(make_kvk(), nummer))

    param = assert_invalid(response, "partijIdentificatorObjectId")
    if len(nummer) != 12:
        assert param["code"] == "invalid-length"
        assert "Waarde moet 12 tekens lang zijn" in param["reason"]


# --- scoping ------------------------------------------------------------------------------------


def test_vestigingsnummer_requires_sub_identificator_van(api):
    data = vestiging_identificator(make_kvk())
    del data["subIdentificatorVan"]

    assert_invalid(post(api, data), "subIdentificatorVan")
    assert PartijIdentificator.objects.count() == 1


def test_vestigingsnummer_must_be_scoped_under_a_kvk_nummer(api):
    bsn = services.create_partij_identificator(
        {
            "partij_identificator_code_objecttype": "natuurlijk_persoon",
            "partij_identificator_code_soort_object_id": "bsn",
            "partij_identificator_object_id": valid_bsn(),
            "partij_identificator_code_register": "brp",
        }
    )

    assert_invalid(post(api, vestiging_identificator(bsn)), "subIdentificatorVan")


def test_sub_identificator_van_must_exist(api):
    response = post(api, vestiging_identificator(random_ref()))

    assert_invalid(
        response, "subIdentificatorVan", reason="PartijIdentificator object bestaat niet."
    )


def test_identificator_cannot_be_its_own_sub_identificator(api):
    kvk = make_kvk()

    response = api.patch(
        f"{IDENTIFICATOREN}/{kvk.uuid}", {"subIdentificatorVan": ref(kvk)}, format="json"
    )

    assert_invalid(response, "subIdentificatorVan")
    kvk.refresh_from_db()
    assert kvk.sub_identificator_van is None


def test_code_soort_object_id_of_a_parent_with_subs_cannot_change(api):
    kvk = make_kvk()
    post(api, vestiging_identificator(kvk))

    response = api.patch(
        f"{IDENTIFICATOREN}/{kvk.uuid}",
        {"partijIdentificator": rsin_identificator("111222333")["partijIdentificator"]},
        format="json",
    )

    assert_invalid(response, "partijIdentificatorCodeSoortObjectId")
    kvk.refresh_from_db()
    assert kvk.partij_identificator_code_soort_object_id == "kvk_nummer"


def test_code_soort_object_id_without_subs_can_change(api):
    kvk = make_kvk()

    response = api.patch(
        f"{IDENTIFICATOREN}/{kvk.uuid}",
        {"partijIdentificator": rsin_identificator("111222333")["partijIdentificator"]},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["partijIdentificator"]["codeSoortObjectId"] == "rsin"


def test_deleting_a_parent_with_subs_is_refused_and_nothing_deleted(api):
    kvk = make_kvk()
    vestiging = post(api, vestiging_identificator(kvk)).json()
    before = row_state()

    response = api.delete(f"{IDENTIFICATOREN}/{kvk.uuid}")

    assert_invalid(response, "nonFieldErrors", code="protected")
    assert row_state() == before
    assert api.delete(vestiging["url"]).status_code == 204
    assert api.delete(f"{IDENTIFICATOREN}/{kvk.uuid}").status_code == 204


# --- uniqueness ---------------------------------------------------------------------------------


def test_same_bsn_on_two_partijen_is_rejected(api):
    bsn = valid_bsn()
    make_persoon(bsn=bsn)
    other = make_persoon()
    before = row_state()

    response = post(api, bsn_identificator(bsn, identificeerdePartij=ref(other)))

    param = assert_invalid(response, "nonFieldErrors", code="unique")
    assert "moet uniek zijn" in param["reason"]
    assert row_state() == before


def test_same_bsn_twice_without_partij_is_rejected(api):
    bsn = valid_bsn()
    assert post(api, bsn_identificator(bsn)).status_code == 201

    assert_invalid(post(api, bsn_identificator(bsn)), "nonFieldErrors", code="unique")


def test_one_partij_cannot_have_two_bsns(api):
    partij = make_persoon(bsn=valid_bsn())

    response = post(api, bsn_identificator(identificeerdePartij=ref(partij)))

    assert_invalid(
        response,
        "nonFieldErrors",
        code="unique",
        reason="`CodeSoortObjectId` moet uniek zijn voor de Partij.",
    )
    assert partij.partij_identificatoren.count() == 1


def test_one_partij_may_have_a_kvk_and_an_rsin(api):
    organisatie = make_organisatie(kvk="12345678")

    response = post(api, rsin_identificator(identificeerdePartij=ref(organisatie)))

    assert response.status_code == 201


def test_same_vestigingsnummer_under_different_kvk_parents_is_allowed(api):
    first, second = make_kvk("11111111"), make_kvk("22222222")

    assert post(api, vestiging_identificator(first, "000000000001")).status_code == 201
    assert post(api, vestiging_identificator(second, "000000000001")).status_code == 201


def test_same_vestigingsnummer_twice_under_one_kvk_is_rejected(api):
    kvk = make_kvk()
    assert post(api, vestiging_identificator(kvk, "000000000001")).status_code == 201

    response = post(api, vestiging_identificator(kvk, "000000000001"))

    assert_invalid(response, "nonFieldErrors", code="unique")


def test_moving_an_identificator_to_a_partij_that_has_that_soort_is_rejected(api):
    first = make_persoon(bsn=valid_bsn())
    second = make_persoon(bsn=valid_bsn())
    identificator = second.partij_identificatoren.get()

    response = api.patch(
        f"{IDENTIFICATOREN}/{identificator.uuid}",
        {"identificeerdePartij": ref(first)},
        format="json",
    )

    assert_invalid(response, "nonFieldErrors", code="unique")
    identificator.refresh_from_db()
    assert identificator.partij == second


# --- the resource itself ------------------------------------------------------------------------


def test_uuid_sent_on_post_is_ignored(api):
    sent = random_ref()["uuid"]

    response = post(api, bsn_identificator(uuid=sent))

    assert response.status_code == 201
    assert response.json()["uuid"] != sent


def test_identificeerde_partij_must_exist(api):
    response = post(api, bsn_identificator(identificeerdePartij=random_ref()))

    assert_invalid(response, "identificeerdePartij", reason="Partij object bestaat niet.")
    assert not PartijIdentificator.objects.exists()


def test_identificator_can_be_unlinked_from_its_partij(api):
    partij = make_persoon(bsn=valid_bsn())
    identificator = partij.partij_identificatoren.get()

    response = api.patch(
        f"{IDENTIFICATOREN}/{identificator.uuid}", {"identificeerdePartij": None}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["identificeerdePartij"] is None


def test_andere_partij_identificator_is_at_most_200_chars(api):
    response = post(api, bsn_identificator(anderePartijIdentificator="x" * 201))

    assert_invalid(response, "anderePartijIdentificator", code="max_length")
