"""The business rules of a klantcontact (spec §3.5), seen over HTTP."""

from datetime import UTC, datetime

import pytest

from tests.factories import make_klantcontact
from tests.klantcontacten.helpers import (
    KLANTCONTACTEN,
    klantcontact_payload,
    parse_datetime,
    row_state,
)
from tests.partijen.helpers import assert_invalid, invalid_params

pytestmark = pytest.mark.django_db

GELUKT_ZONDER_ACTIE = "no-further-action-when-contact-succesful"


# --- nummer and referentienummer ------------------------------------------------------------------


def test_nummer_is_generated_as_ten_digits_when_absent(api):
    first = api.post(KLANTCONTACTEN, klantcontact_payload(), format="json").json()
    second = api.post(KLANTCONTACTEN, klantcontact_payload(), format="json").json()

    for body in (first, second):
        assert body["nummer"].isdigit(), body["nummer"]
        assert len(body["nummer"]) == 10
    assert first["nummer"] != second["nummer"]


@pytest.mark.parametrize("empty", [None, ""])
def test_empty_nummer_is_generated_too(api, empty):
    body = api.post(KLANTCONTACTEN, klantcontact_payload(nummer=empty), format="json").json()

    assert body["nummer"].isdigit() and len(body["nummer"]) == 10


def test_client_given_nummer_is_kept_and_generation_skips_it(api):
    given = api.post(KLANTCONTACTEN, klantcontact_payload(nummer="0000000001"), format="json")
    generated = api.post(KLANTCONTACTEN, klantcontact_payload(), format="json")

    assert given.status_code == 201, given.content
    assert given.json()["nummer"] == "0000000001"
    assert generated.json()["nummer"] != "0000000001"
    assert len(generated.json()["nummer"]) == 10


@pytest.mark.parametrize("field", ["nummer", "referentienummer"])
def test_duplicate_number_gives_400_and_stores_nothing(api, field):
    make_klantcontact(**{field: "1234567890"})
    before = row_state()

    response = api.post(
        KLANTCONTACTEN, klantcontact_payload(**{field: "1234567890"}), format="json"
    )

    assert_invalid(response, field, code="unique")
    assert row_state() == before


@pytest.mark.parametrize("field", ["nummer", "referentienummer"])
def test_duplicate_number_on_patch_gives_400(api, field):
    make_klantcontact(**{field: "1111111111"})
    other = make_klantcontact(**{field: "2222222222"})

    response = api.patch(f"{KLANTCONTACTEN}/{other.uuid}", {field: "1111111111"}, format="json")

    assert_invalid(response, field, code="unique")
    assert api.get(f"{KLANTCONTACTEN}/{other.uuid}").json()[field] == "2222222222"


def test_patching_a_klantcontact_with_its_own_nummer_is_fine(api):
    klantcontact = make_klantcontact(nummer="1234", referentienummer="5678")

    response = api.patch(
        f"{KLANTCONTACTEN}/{klantcontact.uuid}",
        {"nummer": "1234", "referentienummer": "5678"},
        format="json",
    )

    assert response.status_code == 200, response.content


@pytest.mark.parametrize("field", ["nummer", "referentienummer"])
@pytest.mark.parametrize("value", ["12ab", "-123", "12 34", "１２３", "12345678901"])
def test_number_that_is_not_up_to_ten_digits_gives_400(api, field, value):
    before = row_state()

    response = api.post(KLANTCONTACTEN, klantcontact_payload(**{field: value}), format="json")

    assert_invalid(response, field)
    assert row_state() == before


def test_two_klantcontacten_without_referentienummer_do_not_collide(api):
    for _ in range(2):
        response = api.post(
            KLANTCONTACTEN, klantcontact_payload(referentienummer=""), format="json"
        )
        assert response.status_code == 201, response.content
    assert api.get(KLANTCONTACTEN).json()["count"] == 2


# --- indicatieContactGelukt and verdereActieOndernomen --------------------------------------------


def _assert_gelukt_zonder_actie(response) -> None:
    params = invalid_params(response)
    codes = {param["code"] for param in params.values()}
    assert GELUKT_ZONDER_ACTIE in codes, params
    reasons = [param["reason"] for param in params.values()]
    assert "Als het contact gelukt is kan er geen verdere actie zijn ondernomen" in reasons


def test_contact_gelukt_and_verdere_actie_together_give_400(api):
    before = row_state()

    response = api.post(
        KLANTCONTACTEN,
        klantcontact_payload(indicatieContactGelukt=True, verdereActieOndernomen=True),
        format="json",
    )

    _assert_gelukt_zonder_actie(response)
    assert row_state() == before


@pytest.mark.parametrize(
    ("stored", "patch"),
    [
        ({"indicatie_contact_gelukt": True}, {"verdereActieOndernomen": True}),
        ({"verdere_actie_ondernomen": True}, {"indicatieContactGelukt": True}),
    ],
    ids=["gelukt-stored", "actie-stored"],
)
def test_patch_is_checked_against_the_stored_value(api, stored, patch):
    klantcontact = make_klantcontact(**stored)
    url = f"{KLANTCONTACTEN}/{klantcontact.uuid}"
    before = api.get(url).json()

    response = api.patch(url, patch, format="json")

    _assert_gelukt_zonder_actie(response)
    assert api.get(url).json() == before


def test_put_without_the_stored_flag_is_checked_against_the_stored_value(api):
    klantcontact = make_klantcontact(indicatie_contact_gelukt=True)

    response = api.put(
        f"{KLANTCONTACTEN}/{klantcontact.uuid}",
        klantcontact_payload(verdereActieOndernomen=True),
        format="json",
    )

    _assert_gelukt_zonder_actie(response)


@pytest.mark.parametrize(
    ("gelukt", "actie"), [(True, False), (False, True), (None, True), (False, False)]
)
def test_other_combinations_are_allowed(api, gelukt, actie):
    response = api.post(
        KLANTCONTACTEN,
        klantcontact_payload(indicatieContactGelukt=gelukt, verdereActieOndernomen=actie),
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["indicatieContactGelukt"] is gelukt
    assert response.json()["verdereActieOndernomen"] is actie


def test_switching_both_flags_in_one_patch_is_allowed(api):
    klantcontact = make_klantcontact(indicatie_contact_gelukt=True)

    response = api.patch(
        f"{KLANTCONTACTEN}/{klantcontact.uuid}",
        {"indicatieContactGelukt": False, "verdereActieOndernomen": True},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["verdereActieOndernomen"] is True


# --- metadata -------------------------------------------------------------------------------------


def test_metadata_flat_object_of_strings_is_stored(api):
    metadata = {"bron": "kcc", "wachtrij": "afval", "leeg": "", "lang": "x" * 255}

    body = api.post(KLANTCONTACTEN, klantcontact_payload(metadata=metadata), format="json").json()

    assert body["metadata"] == metadata
    assert api.get(body["url"]).json()["metadata"] == metadata


def test_metadata_keys_are_kept_exactly_as_sent(api):
    # Not camelCased or snake_cased like the field names around them.
    metadata = {"bron_systeem": "kcc", "wachtRij": "afval", "Hoofd-Letter": "x", "a_b_c": ""}

    created = api.post(KLANTCONTACTEN, klantcontact_payload(metadata=metadata), format="json")
    patched = api.patch(
        created.json()["url"], {"metadata": {**metadata, "extra_sleutel": "y"}}, format="json"
    )

    assert created.json()["metadata"] == metadata
    assert patched.json()["metadata"] == {**metadata, "extra_sleutel": "y"}
    assert api.get(created.json()["url"]).json()["metadata"] == {**metadata, "extra_sleutel": "y"}
    found = api.get(KLANTCONTACTEN).json()["results"]
    assert found[0]["metadata"] == {**metadata, "extra_sleutel": "y"}


@pytest.mark.parametrize("metadata", [None, {}])
def test_metadata_null_or_absent_is_an_empty_object(api, metadata):
    with_value = api.post(KLANTCONTACTEN, klantcontact_payload(metadata=metadata), format="json")
    without = api.post(KLANTCONTACTEN, klantcontact_payload(), format="json")

    assert with_value.status_code == 201, with_value.content
    assert with_value.json()["metadata"] == {}
    assert without.json()["metadata"] == {}


@pytest.mark.parametrize(
    "metadata",
    [
        {"aantal": 3},
        {"geneste": {"a": "b"}},
        {"lijst": ["a"]},
        {"waar": True},
        {"niets": None},
        {"lang": "x" * 256},
        ["bron", "kcc"],
        "bron=kcc",
        42,
    ],
    ids=["number", "nested", "list", "bool", "null", "256-chars", "array", "string", "int"],
)
def test_metadata_that_is_not_a_flat_object_of_short_strings_gives_400(api, metadata):
    before = row_state()

    response = api.post(KLANTCONTACTEN, klantcontact_payload(metadata=metadata), format="json")

    params = invalid_params(response)
    assert any(name == "metadata" or name.startswith("metadata.") for name in params), params
    assert row_state() == before


def test_metadata_rule_holds_on_patch(api):
    klantcontact = make_klantcontact(metadata={"bron": "kcc"})
    url = f"{KLANTCONTACTEN}/{klantcontact.uuid}"

    response = api.patch(url, {"metadata": {"bron": {"naam": "kcc"}}}, format="json")

    params = invalid_params(response)
    assert any(name.startswith("metadata") for name in params), params
    assert api.get(url).json()["metadata"] == {"bron": "kcc"}


# --- plaatsgevondenOp, taal, other fields ---------------------------------------------------------


def test_plaatsgevonden_op_defaults_to_now(api):
    before = datetime.now(UTC)
    body = api.post(KLANTCONTACTEN, klantcontact_payload(), format="json").json()
    after = datetime.now(UTC)

    moment = parse_datetime(body["plaatsgevondenOp"])
    assert moment.tzinfo is not None
    assert before.replace(microsecond=0) <= moment <= after


def test_plaatsgevonden_op_given_is_kept(api):
    body = api.post(
        KLANTCONTACTEN,
        klantcontact_payload(plaatsgevondenOp="2023-12-31T23:59:00+01:00"),
        format="json",
    ).json()

    assert parse_datetime(body["plaatsgevondenOp"]) == parse_datetime("2023-12-31T22:59:00Z")


@pytest.mark.parametrize("value", ["gisteren", "2024-13-01T10:00:00Z", 20240101])
def test_plaatsgevonden_op_must_be_a_date_time(api, value):
    assert_invalid(
        api.post(KLANTCONTACTEN, klantcontact_payload(plaatsgevondenOp=value), format="json"),
        "plaatsgevondenOp",
    )


@pytest.mark.parametrize("taal", ["nld", "en", "eng"])
def test_taal_up_to_three_characters_is_accepted(api, taal):
    response = api.post(KLANTCONTACTEN, klantcontact_payload(taal=taal), format="json")

    assert response.status_code == 201, response.content
    assert response.json()["taal"] == taal


def test_taal_of_four_characters_gives_400(api):
    assert_invalid(
        api.post(KLANTCONTACTEN, klantcontact_payload(taal="nlds"), format="json"), "taal"
    )


def test_hoofd_onderwerp_type_must_be_a_url(api):
    assert_invalid(
        api.post(
            KLANTCONTACTEN, klantcontact_payload(hoofdOnderwerpType="zaaktype 1"), format="json"
        ),
        "hoofdOnderwerpType",
    )


def test_put_keeps_the_nummer_when_it_is_left_out(api):
    klantcontact = make_klantcontact(nummer="0000004711")

    response = api.put(
        f"{KLANTCONTACTEN}/{klantcontact.uuid}", klantcontact_payload(), format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["nummer"] == "0000004711"


def test_generated_nummers_skip_the_ones_clients_chose(api):
    first = api.post(KLANTCONTACTEN, klantcontact_payload(), format="json").json()["nummer"]
    taken = [str(int(first) + step).zfill(10) for step in (1, 2)]
    for nummer in taken:
        response = api.post(KLANTCONTACTEN, klantcontact_payload(nummer=nummer), format="json")
        assert response.status_code == 201, response.content

    generated = api.post(KLANTCONTACTEN, klantcontact_payload(), format="json").json()["nummer"]

    assert generated not in [first, *taken]
    assert generated.isdigit() and len(generated) == 10


@pytest.mark.parametrize("field", ["kanaal", "onderwerp", "taal"])
def test_required_text_may_not_be_empty(api, field):
    assert_invalid(
        api.post(KLANTCONTACTEN, klantcontact_payload(**{field: ""}), format="json"), field
    )


@pytest.mark.parametrize(
    "metadata", [{"bron": "k\x00c"}, {"br\x00n": "kcc"}], ids=["in-value", "in-key"]
)
def test_metadata_with_a_nul_character_gives_400_not_500(api, metadata):
    # PostgreSQL cannot store U+0000 in jsonb; it must be refused like in text fields.
    before = row_state()

    response = api.post(KLANTCONTACTEN, klantcontact_payload(metadata=metadata), format="json")

    params = invalid_params(response)
    assert any(name.startswith("metadata") for name in params), params
    assert row_state() == before


@pytest.mark.parametrize("method", ["post", "patch"])
def test_local_moment_before_year_one_in_utc_gives_400_not_500(api, method):
    # 0001-01-01T00:00 in Europe/Amsterdam (+00:19:32 then) is in year 0 in UTC.
    klantcontact = make_klantcontact()
    url = f"{KLANTCONTACTEN}/{klantcontact.uuid}"
    before = row_state()

    if method == "post":
        response = api.post(
            KLANTCONTACTEN,
            klantcontact_payload(plaatsgevondenOp="0001-01-01T00:00:00"),
            format="json",
        )
    else:
        response = api.patch(url, {"plaatsgevondenOp": "0001-01-01T00:00:00"}, format="json")

    assert_invalid(response, "plaatsgevondenOp")
    assert row_state() == before
