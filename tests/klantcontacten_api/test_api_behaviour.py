"""Behaviour of the klantcontacten API this app adds on top of the shared machinery: errors
of the services under the public field names, the polymorphic actor, free-form metadata, and
our extensions on the klantcontacten list (time range, ordering)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from klantcontacten.api.serializers import (
    ActorSerializer,
    BetrokkeneSerializer,
    MaakKlantcontactSerializer,
    public_error_keys,
    rekey_errors,
)
from klantcontacten.models import Actor, Betrokkene, Klantcontact, Onderwerpobject
from tests.klantcontacten_api.helpers import (
    ACTOREN,
    ACTORKLANTCONTACTEN,
    KLANTCONTACTEN,
    MAAK_KLANTCONTACT,
    klantcontact,
    klantcontact_payload,
    link,
    medewerker,
)
from tests.partijen.helpers import assert_invalid, invalid_params, ref

pytestmark = pytest.mark.django_db

MOMENT = datetime.datetime(2024, 5, 1, 10, 0, tzinfo=datetime.UTC)


# --- service errors under public names --------------------------------------------------------


def test_service_error_keys_are_mapped_to_the_public_field_paths():
    error = ValidationError(
        {
            "partij": ["weg"],
            "klantcontact": ["weg"],
            "bezoekadres_postcode": ["fout"],
            "contactnaam_voornaam": ["fout"],
            "rol": ["fout"],
        }
    )

    rekeyed = rekey_errors(error, public_error_keys(BetrokkeneSerializer()))

    assert set(rekeyed.error_dict) == {
        "was_partij",
        "had_klantcontact",
        "bezoekadres.postcode",
        "contactnaam.voornaam",
        "rol",
    }


def test_actor_identificatie_errors_are_keyed_under_actor_identificatie():
    keys = public_error_keys(ActorSerializer())

    assert keys["functie"] == "actor_identificatie.functie"
    assert keys["actoridentificator_object_id"] == "actoridentificator.object_id"


def test_maak_klantcontact_names_the_part_and_its_public_field():
    error = ValidationError(
        {
            "onderwerpobject.onderwerpobjectidentificator_object_id": ["fout"],
            "betrokkene.partij": ["fout"],
            "klantcontact.verdere_actie_ondernomen": ["fout"],
            "onderwerpobject": ["als geheel fout"],
        }
    )

    rekeyed = MaakKlantcontactSerializer()._public(error)

    assert set(rekeyed.error_dict) == {
        "onderwerpobject.onderwerpobjectidentificator.object_id",
        "betrokkene.was_partij",
        "klantcontact.verdere_actie_ondernomen",
        "onderwerpobject",
    }


def test_a_rule_of_the_klantcontact_part_fails_maak_klantcontact_as_a_whole(api):
    response = api.post(
        MAAK_KLANTCONTACT,
        {
            "klantcontact": klantcontact_payload(
                indicatieContactGelukt=True, verdereActieOndernomen=True
            ),
            "betrokkene": {"rol": "klant", "initiator": True},
            "onderwerpobject": {"onderwerpobjectidentificator": {"objectId": "Z-1"}},
        },
        format="json",
    )

    assert_invalid(
        response,
        "klantcontact.verdereActieOndernomen",
        code="no-further-action-when-contact-succesful",
    )
    assert not Klantcontact.objects.exists()
    assert not Betrokkene.objects.exists()
    assert not Onderwerpobject.objects.exists()


@pytest.mark.parametrize(
    ("part", "body", "name"),
    [
        ("betrokkene", {"rol": "baas", "initiator": True}, "betrokkene.rol"),
        (
            "betrokkene",
            {"rol": "klant", "initiator": True, "bezoekadres": {"postcode": "1234ab"}},
            "betrokkene.bezoekadres.postcode",
        ),
        (
            "betrokkene",
            {"rol": "klant", "initiator": True, "wasPartij": {"uuid": str(MOMENT.year)}},
            "betrokkene.wasPartij",
        ),
        (
            "onderwerpobject",
            {"onderwerpobjectidentificator": {"objectId": "x" * 201}},
            "onderwerpobject.onderwerpobjectidentificator.objectId",
        ),
        ("onderwerpobject", "geen object", "onderwerpobject.nonFieldErrors"),
    ],
)
def test_a_bad_optional_part_is_named_and_nothing_is_stored(api, part, body, name):
    response = api.post(
        MAAK_KLANTCONTACT, {"klantcontact": klantcontact_payload(), part: body}, format="json"
    )

    assert_invalid(response, name)
    assert not Klantcontact.objects.exists()


def test_maak_klantcontact_without_optional_parts_answers_null_for_them(api):
    response = api.post(
        MAAK_KLANTCONTACT,
        {"klantcontact": klantcontact_payload(), "betrokkene": None},
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["betrokkene"] is None
    assert body["onderwerpobject"] is None
    assert body["klantcontact"] == api.get(body["klantcontact"]["url"]).json()


def test_maak_klantcontact_ignores_a_sent_had_klantcontact(api):
    other = klantcontact()

    response = api.post(
        MAAK_KLANTCONTACT,
        {
            "klantcontact": klantcontact_payload(),
            "betrokkene": {"rol": "klant", "initiator": True, "hadKlantcontact": ref(other)},
            "onderwerpobject": {"klantcontact": ref(other)},
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    new = body["klantcontact"]["uuid"]
    assert body["betrokkene"]["hadKlantcontact"]["uuid"] == new
    assert body["onderwerpobject"]["klantcontact"]["uuid"] == new


def test_a_taken_nummer_is_a_400_on_that_field(api):
    klantcontact(referentienummer="42")

    response = api.post(KLANTCONTACTEN, klantcontact_payload(referentienummer="42"), format="json")

    assert_invalid(response, "referentienummer", code="unique")


def test_linking_an_actor_twice_is_a_400(api):
    actor, kc = medewerker(), klantcontact()
    link(actor, kc)

    response = api.post(
        ACTORKLANTCONTACTEN, {"actor": ref(actor), "klantcontact": ref(kc)}, format="json"
    )

    assert_invalid(response, "nonFieldErrors", code="unique")


# --- actoren ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("soort", "identificatie"),
    [
        (
            "medewerker",
            {"functie": "KCC", "emailadres": "f@gemeente.nl", "telefoonnummer": "0201234567"},
        ),
        (
            "organisatorische_eenheid",
            {
                "omschrijving": "Burgerzaken",
                "emailadres": "bz@gemeente.nl",
                "faxnummer": "0201234568",
                "telefoonnummer": "0201234567",
            },
        ),
        ("geautomatiseerde_actor", {"functie": "chatbot", "omschrijving": "Webchat"}),
    ],
)
def test_each_soort_actor_has_its_own_identificatie(api, soort, identificatie):
    response = api.post(
        ACTOREN,
        {"naam": "X", "soortActor": soort, "actorIdentificatie": identificatie},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["actorIdentificatie"] == identificatie


def test_identificatie_fields_of_another_soort_are_not_stored(api):
    response = api.post(
        ACTOREN,
        {
            "naam": "Bot",
            "soortActor": "geautomatiseerde_actor",
            "actorIdentificatie": {"functie": "bot", "telefoonnummer": "0201234567"},
        },
        format="json",
    )

    assert response.json()["actorIdentificatie"] == {"functie": "bot", "omschrijving": ""}
    assert Actor.objects.get().telefoonnummer == ""


def test_changing_the_soort_checks_the_identificatie_of_the_new_soort(api):
    bot = api.post(
        ACTOREN,
        {
            "naam": "Bot",
            "soortActor": "geautomatiseerde_actor",
            "actorIdentificatie": {"functie": "b"},
        },
        format="json",
    ).json()

    response = api.patch(bot["url"], {"soortActor": "medewerker"}, format="json")

    params = invalid_params(response)
    assert set(params) == {"actorIdentificatie.telefoonnummer"}
    fixed = api.patch(
        bot["url"],
        {
            "soortActor": "medewerker",
            "actorIdentificatie": {"functie": "KCC", "telefoonnummer": "0612345678"},
        },
        format="json",
    )
    assert fixed.status_code == 200, fixed.content
    assert fixed.json()["actorIdentificatie"]["telefoonnummer"] == "0612345678"


@pytest.mark.parametrize(
    ("identificatie", "name"),
    [
        ({"functie": "KCC"}, "actorIdentificatie.telefoonnummer"),
        ({"functie": "KCC", "telefoonnummer": "0900123456"}, "actorIdentificatie.telefoonnummer"),
        ({"functie": 12, "telefoonnummer": "0201234567"}, "actorIdentificatie.functie"),
        (
            {"functie": "KCC", "telefoonnummer": "0201234567", "emailadres": "geen-mail"},
            "actorIdentificatie.emailadres",
        ),
        ("medewerker", "actorIdentificatie"),
    ],
)
def test_a_bad_identificatie_is_named(api, identificatie, name):
    response = api.post(
        ACTOREN,
        {"naam": "X", "soortActor": "medewerker", "actorIdentificatie": identificatie},
        format="json",
    )

    assert_invalid(response, name)
    assert not Actor.objects.exists()


def test_a_klantcontact_shows_its_actoren_in_full_in_link_order(api):
    kc = klantcontact()
    tweede, eerste = medewerker("Tweede"), medewerker("Eerste")
    link(eerste, kc)
    link(tweede, kc)

    body = api.get(f"{KLANTCONTACTEN}/{kc.uuid}").json()

    assert [a["naam"] for a in body["hadBetrokkenActoren"]] == ["Eerste", "Tweede"]
    assert body["hadBetrokkenActoren"][0] == api.get(f"{ACTOREN}/{eerste.uuid}").json()


# --- metadata ---------------------------------------------------------------------------------


def test_metadata_keys_are_stored_and_returned_exactly_as_sent(api):
    metadata = {"zaak_nummer": "Z-1", "bronSysteem": "webformulier", "x": ""}

    response = api.post(KLANTCONTACTEN, klantcontact_payload(metadata=metadata), format="json")

    assert response.json()["metadata"] == metadata
    assert Klantcontact.objects.get().metadata == metadata


@pytest.mark.parametrize(
    "metadata", [["a"], "tekst", {"a": 1}, {"a": {"b": "c"}}, {"a": "x" * 256}]
)
def test_bad_metadata_is_a_400_on_metadata(api, metadata):
    response = api.post(KLANTCONTACTEN, klantcontact_payload(metadata=metadata), format="json")

    assert_invalid(response, "metadata")


def test_null_metadata_is_stored_as_an_empty_object(api):
    response = api.post(KLANTCONTACTEN, klantcontact_payload(metadata=None), format="json")

    assert response.json()["metadata"] == {}


# --- plaatsgevondenOp range and ordering (our extension) --------------------------------------


@pytest.fixture
def three_days():
    return {
        day: klantcontact(onderwerp=f"dag {day}", plaatsgevonden_op=MOMENT.replace(day=day))
        for day in (1, 2, 3)
    }


def onderwerpen(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["onderwerp"] for item in response.json()["results"]]


def test_plaatsgevonden_op_range(api, three_days):
    response = api.get(
        KLANTCONTACTEN,
        {
            "plaatsgevondenOp__gte": "2024-05-02T00:00:00Z",
            "plaatsgevondenOp__lte": "2024-05-03T10:00:00Z",
        },
    )

    assert onderwerpen(response) == ["dag 3", "dag 2"]
    exact = api.get(KLANTCONTACTEN, {"plaatsgevondenOp": "2024-05-01T12:00:00+02:00"})
    assert onderwerpen(exact) == ["dag 1"]


def test_ordering_by_plaatsgevonden_op(api, three_days):
    # Two contacts at the same moment are ordered by age, in the direction asked for.
    klantcontact(onderwerp="dag 2 later", plaatsgevonden_op=MOMENT.replace(day=2))

    default = onderwerpen(api.get(KLANTCONTACTEN))
    newest_first = onderwerpen(api.get(KLANTCONTACTEN, {"ordering": "-plaatsgevondenOp"}))
    oldest_first = onderwerpen(api.get(KLANTCONTACTEN, {"ordering": "plaatsgevondenOp"}))

    assert default == newest_first == ["dag 3", "dag 2 later", "dag 2", "dag 1"]
    assert oldest_first == ["dag 1", "dag 2", "dag 2 later", "dag 3"]


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("ordering", "onderwerp"),
        ("ordering", "plaatsgevonden_op"),
        ("ordering", ","),
        ("ordering", "plaatsgevondenOp,"),
        ("plaatsgevondenOp__gte", "gisteren"),
        ("plaatsgevondenOp", "2024-13-01T00:00:00Z"),
        # Valid ISO 8601, but outside year 1..9999 in UTC, where the database compares.
        ("plaatsgevondenOp", "0001-01-01T00:00:00"),
        ("plaatsgevondenOp__gte", "0001-01-01T00:00:00+05:00"),
        ("plaatsgevondenOp__lte", "9999-12-31T23:59:59-05:00"),
        ("leiddeTotInterneTaken", "misschien"),
    ],
)
def test_bad_values_of_these_filters_are_a_400_naming_them(api, param, value):
    assert_invalid(api.get(KLANTCONTACTEN, {param: value}), param)


def test_klantcontacten_without_interne_taken_list_none(api, three_days):
    body = api.get(f"{KLANTCONTACTEN}/{three_days[1].uuid}").json()

    assert body["leiddeTotInterneTaken"] == []
    assert onderwerpen(api.get(KLANTCONTACTEN, {"leiddeTotInterneTaken": "true"})) == []
    assert len(onderwerpen(api.get(KLANTCONTACTEN, {"leiddeTotInterneTaken": "false"}))) == 3


@pytest.mark.parametrize(
    "moment", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+01:00", "0001-01-01T00:00:00"]
)
def test_a_moment_outside_the_utc_range_is_a_400_on_write(api, moment):
    response = api.post(
        KLANTCONTACTEN, klantcontact_payload(plaatsgevondenOp=moment), format="json"
    )

    assert_invalid(response, "plaatsgevondenOp")
    assert not Klantcontact.objects.exists()


def test_an_inactive_actor_is_refused_for_a_new_link_and_nothing_is_stored(api):
    actor = medewerker(indicatie_actief=False)
    contact = klantcontact()
    response = api.post(
        ACTORKLANTCONTACTEN,
        {"actor": ref(actor), "klantcontact": ref(contact)},
        format="json",
    )
    assert_invalid(response, "actor", code="inactive", reason="niet actief")
    assert not actor.actorklantcontacten.exists()


def test_a_moment_before_1937_is_rendered_in_utc_as_rfc3339_allows(api):
    # Amsterdam's offset was +00:19:32 then; an offset with seconds is not RFC 3339.
    response = api.post(
        KLANTCONTACTEN,
        klantcontact_payload(plaatsgevondenOp="1900-01-01T12:00:00+01:00"),
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["plaatsgevondenOp"] == "1900-01-01T11:00:00Z"
    later = api.post(
        KLANTCONTACTEN,
        klantcontact_payload(plaatsgevondenOp="2024-05-01T10:00:00Z"),
        format="json",
    )
    assert later.json()["plaatsgevondenOp"] == "2024-05-01T12:00:00+02:00"


def test_each_actor_variant_in_the_schema_allows_only_its_own_soort():
    import yaml
    from django.conf import settings

    schema = yaml.safe_load((settings.BASE_DIR / "docs/api/klantinteracties.yaml").read_text())
    schemas = schema["components"]["schemas"]
    variants = {
        soort: ref.rsplit("/", 1)[-1]
        for soort, ref in schemas["Actor"]["discriminator"]["mapping"].items()
    }
    assert set(variants) == {"medewerker", "organisatorische_eenheid", "geautomatiseerde_actor"}
    for soort, name in variants.items():
        assert schemas[name]["properties"]["soortActor"]["enum"] == [soort]
