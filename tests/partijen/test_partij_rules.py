"""The business rules of a Partij (spec §3.1): identificatie per soort, nummer, the owned
digitale adressen and rekeningnummers, the voorkeuren and the nested identificatoren."""

import pytest

from partijen import services
from partijen.models import (
    Contactpersoon,
    DigitaalAdres,
    Organisatie,
    Partij,
    PartijIdentificator,
    Persoon,
    Rekeningnummer,
)
from tests.factories import make_digitaal_adres, make_organisatie, make_persoon, valid_bsn
from tests.partijen.helpers import (
    PARTIJEN,
    adres_payload,
    assert_invalid,
    bsn_identificator,
    kvk_identificator,
    organisatie_payload,
    persoon_payload,
    random_ref,
    ref,
    row_state,
    valid_iban,
    vestiging_identificator,
)

pytestmark = pytest.mark.django_db


def detail(partij) -> str:
    return f"{PARTIJEN}/{partij.uuid if hasattr(partij, 'uuid') else partij['uuid']}"


# --- partijIdentificatie per soort -----------------------------------------------------------


def test_persoon_gets_contactnaam_and_computed_volledige_naam(api):
    response = api.post(PARTIJEN, persoon_payload(), format="json")

    assert response.status_code == 201, response.content
    identificatie = response.json()["partijIdentificatie"]
    assert identificatie == {
        "contactnaam": {
            "voorletters": "J.",
            "voornaam": "Jan",
            "voorvoegselAchternaam": "van",
            "achternaam": "Dijk",
        },
        "volledigeNaam": "Jan van Dijk",
    }
    persoon = Persoon.objects.get(partij__uuid=response.json()["uuid"])
    assert persoon.contactnaam_achternaam == "Dijk"


def test_volledige_naam_skips_empty_parts(api):
    response = api.post(
        PARTIJEN,
        persoon_payload(partijIdentificatie={"contactnaam": {"achternaam": "Jansen"}}),
        format="json",
    )

    assert response.json()["partijIdentificatie"]["volledigeNaam"] == "Jansen"


def test_volledige_naam_is_read_only(api):
    response = api.post(
        PARTIJEN,
        persoon_payload(
            partijIdentificatie={"contactnaam": {"voornaam": "Jan"}, "volledigeNaam": "Hacker"}
        ),
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["partijIdentificatie"]["volledigeNaam"] == "Jan"


def test_organisatie_gets_its_naam(api):
    response = api.post(PARTIJEN, organisatie_payload("Gemeente Utrecht"), format="json")

    assert response.status_code == 201
    assert response.json()["partijIdentificatie"] == {"naam": "Gemeente Utrecht"}
    assert Organisatie.objects.get().naam == "Gemeente Utrecht"


def test_contactpersoon_works_for_an_organisatie(api):
    organisatie = make_organisatie()

    response = api.post(
        PARTIJEN,
        {
            "soortPartij": "contactpersoon",
            "indicatieActief": True,
            "partijIdentificatie": {
                "werkteVoorPartij": ref(organisatie),
                "contactnaam": {"voornaam": "Kees", "achternaam": "Koster"},
            },
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    identificatie = response.json()["partijIdentificatie"]
    assert identificatie["werkteVoorPartij"] == {
        "uuid": str(organisatie.uuid),
        "url": f"http://testserver{PARTIJEN}/{organisatie.uuid}",
    }
    assert identificatie["volledigeNaam"] == "Kees Koster"
    contactpersoon = Contactpersoon.objects.get()
    assert identificatie["uuid"] == str(contactpersoon.uuid)
    assert contactpersoon.werkte_voor_partij == organisatie


def test_contactpersoon_for_a_persoon_is_rejected_and_nothing_saved(api):
    persoon = make_persoon()
    before = row_state()

    response = api.post(
        PARTIJEN,
        {
            "soortPartij": "contactpersoon",
            "indicatieActief": True,
            "partijIdentificatie": {"werkteVoorPartij": ref(persoon)},
        },
        format="json",
    )

    assert_invalid(
        response,
        "partijIdentificatie.werkteVoorPartij",
        reason="Partij object moet het soort 'organisatie' hebben.",
    )
    assert row_state() == before


def test_contactpersoon_for_an_unknown_partij_is_rejected(api):
    response = api.post(
        PARTIJEN,
        {
            "soortPartij": "contactpersoon",
            "indicatieActief": True,
            "partijIdentificatie": {"werkteVoorPartij": random_ref()},
        },
        format="json",
    )

    assert_invalid(
        response, "partijIdentificatie.werkteVoorPartij", reason="Partij object bestaat niet."
    )
    assert Partij.objects.count() == 0


def test_contactpersoon_cannot_be_moved_to_a_persoon_by_update(api):
    organisatie = make_organisatie()
    persoon = make_persoon()
    contactpersoon = services.create_partij(
        {
            "soort_partij": "contactpersoon",
            "indicatie_actief": True,
            "partij_identificatie": {"werkte_voor_partij": organisatie},
        }
    )

    response = api.patch(
        detail(contactpersoon),
        {"partijIdentificatie": {"werkteVoorPartij": ref(persoon)}},
        format="json",
    )

    assert_invalid(response, "partijIdentificatie.werkteVoorPartij")
    assert Contactpersoon.objects.get().werkte_voor_partij == organisatie


def test_update_with_partij_identificatie_replaces_the_sub_record(api):
    partij = make_persoon(voornaam="Jan", achternaam="Jansen")

    response = api.patch(
        detail(partij),
        {"partijIdentificatie": {"contactnaam": {"voornaam": "Piet"}}},
        format="json",
    )

    assert response.status_code == 200, response.content
    identificatie = response.json()["partijIdentificatie"]
    # Replaced, not merged: the achternaam that was not sent is gone.
    assert identificatie["contactnaam"]["achternaam"] == ""
    assert identificatie["volledigeNaam"] == "Piet"
    assert Persoon.objects.count() == 1
    assert Persoon.objects.get().contactnaam_voornaam == "Piet"


def test_update_without_partij_identificatie_keeps_it(api):
    partij = make_persoon(voornaam="Jan", achternaam="Jansen")

    response = api.patch(detail(partij), {"interneNotitie": "x"}, format="json")

    assert response.json()["partijIdentificatie"]["volledigeNaam"] == "Jan Jansen"


def test_changing_the_soort_replaces_persoon_by_organisatie(api):
    partij = make_persoon()

    response = api.put(detail(partij), organisatie_payload("Jansen BV"), format="json")

    assert response.status_code == 200, response.content
    assert response.json()["soortPartij"] == "organisatie"
    assert response.json()["partijIdentificatie"] == {"naam": "Jansen BV"}
    assert not Persoon.objects.exists()
    assert Organisatie.objects.get().partij_id == partij.pk


def test_organisatie_with_contactpersonen_cannot_change_soort(api):
    organisatie = make_organisatie()
    services.create_partij(
        {
            "soort_partij": "contactpersoon",
            "indicatie_actief": True,
            "partij_identificatie": {"werkte_voor_partij": organisatie},
        }
    )

    response = api.patch(detail(organisatie), {"soortPartij": "persoon"}, format="json")

    assert_invalid(response, "soortPartij")
    organisatie.refresh_from_db()
    assert organisatie.soort_partij == "organisatie"
    assert Organisatie.objects.filter(partij=organisatie).exists()


def test_put_keeps_fields_it_leaves_out(api):
    partij = make_persoon(interne_notitie="Let op", voorkeurstaal="nld")

    response = api.put(
        detail(partij), {"soortPartij": "persoon", "indicatieActief": False}, format="json"
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["indicatieActief"] is False
    assert body["interneNotitie"] == "Let op"
    assert body["voorkeurstaal"] == "nld"
    assert body["partijIdentificatie"]["volledigeNaam"] == "Jan Jansen"


def test_put_without_the_required_fields_is_rejected(api):
    partij = make_persoon()

    response = api.put(detail(partij), {"interneNotitie": "x"}, format="json")

    params = assert_invalid(response, "soortPartij", code="required")
    assert params
    assert_invalid(response, "indicatieActief", code="required")


def test_bezoek_and_correspondentieadres_are_stored_and_shown(api):
    response = api.post(
        PARTIJEN,
        persoon_payload(bezoekadres=adres_payload(), correspondentieadres=adres_payload(land="BE")),
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["bezoekadres"] == adres_payload()
    assert response.json()["correspondentieadres"]["land"] == "BE"
    partij = Partij.objects.get()
    assert partij.bezoekadres_postcode == "1234 AB"
    assert partij.correspondentieadres_land == "BE"


def test_sending_null_for_an_adres_clears_it(api):
    partij = services.create_partij(
        {
            "soort_partij": "persoon",
            "indicatie_actief": True,
            "bezoekadres": {"straatnaam": "Dorpsstraat", "huisnummer": 3},
        }
    )

    response = api.patch(detail(partij), {"bezoekadres": None}, format="json")

    assert response.json()["bezoekadres"]["straatnaam"] == ""
    assert response.json()["bezoekadres"]["huisnummer"] is None


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("postcode", "1234ab", None),
        ("postcode", "0123 AB", None),
        ("nummeraanduidingId", "12345", None),
        ("huisnummer", 0, None),
        ("huisnummer", 100000, None),
        ("land", "nl", "NL"),
        ("land", "NLD", None),
    ],
)
def test_adres_fields_are_validated(api, field, value, reason):
    response = api.post(PARTIJEN, persoon_payload(bezoekadres={field: value}), format="json")

    assert_invalid(response, f"bezoekadres.{field}", reason=reason)
    assert not Partij.objects.exists()


# --- nummer -----------------------------------------------------------------------------------


def test_nummer_is_generated_when_absent_ten_digits_unique_and_increasing(api):
    nummers = [
        api.post(PARTIJEN, persoon_payload(), format="json").json()["nummer"] for _ in range(3)
    ]

    assert all(len(nummer) == 10 and nummer.isdigit() for nummer in nummers)
    assert len(set(nummers)) == 3
    assert [int(n) for n in nummers] == sorted(int(n) for n in nummers)
    assert int(nummers[2]) - int(nummers[0]) == 2


@pytest.mark.parametrize("empty", ["", None])
def test_empty_nummer_means_generate_one(api, empty):
    response = api.post(PARTIJEN, persoon_payload(nummer=empty), format="json")

    assert response.status_code == 201
    assert len(response.json()["nummer"]) == 10


def test_given_nummer_is_kept(api):
    response = api.post(PARTIJEN, persoon_payload(nummer="4711"), format="json")

    assert response.status_code == 201
    assert response.json()["nummer"] == "4711"


def test_generated_nummer_skips_one_a_client_already_took(api):
    api.post(PARTIJEN, persoon_payload(nummer="0000000001"), format="json")

    response = api.post(PARTIJEN, persoon_payload(), format="json")

    assert response.json()["nummer"] == "0000000002"


@pytest.mark.parametrize("nummer", ["12a4", "12345678901", "-1", "1 2"])
def test_nummer_must_be_at_most_ten_digits(api, nummer):
    response = api.post(PARTIJEN, persoon_payload(nummer=nummer), format="json")

    assert_invalid(response, "nummer")
    assert not Partij.objects.exists()


def test_duplicate_nummer_is_rejected_and_nothing_saved(api):
    make_persoon(nummer="1234567890")
    before = row_state()

    response = api.post(
        PARTIJEN,
        persoon_payload(nummer="1234567890", partijIdentificatoren=[bsn_identificator()]),
        format="json",
    )

    assert_invalid(response, "nummer", code="unique")
    assert row_state() == before


def test_changing_nummer_to_one_in_use_is_rejected(api):
    make_persoon(nummer="1111111111")
    partij = make_persoon(nummer="2222222222")

    response = api.patch(detail(partij), {"nummer": "1111111111"}, format="json")

    assert_invalid(response, "nummer", code="unique")
    partij.refresh_from_db()
    assert partij.nummer == "2222222222"


def test_nummer_can_be_changed_and_null_keeps_the_current_one(api):
    partij = make_persoon(nummer="2222222222")

    assert api.patch(detail(partij), {"nummer": "33"}, format="json").json()["nummer"] == "33"
    assert api.patch(detail(partij), {"nummer": None}, format="json").json()["nummer"] == "33"


# --- digitaleAdressen / rekeningnummers: ownership setters -------------------------------------

OWNED = {
    "digitaleAdressen": {
        "model": DigitaalAdres,
        "make": lambda partij=None: make_digitaal_adres(partij, adres="x@example.nl"),
        "voorkeur": "voorkeursDigitaalAdres",
        "empty": "voorkeursDigitaalAdres mag niet meegegeven worden als digitaleAdressen leeg is.",
        "linked": "Het voorkeurs adres moet een gelinkte digitaal adres zijn.",
    },
    "rekeningnummers": {
        "model": Rekeningnummer,
        "make": lambda partij=None: services.create_rekeningnummer(
            {"partij": partij, "iban": valid_iban()}
        ),
        "voorkeur": "voorkeursRekeningnummer",
        "empty": "voorkeursRekeningnummer mag niet meegegeven worden als rekeningnummers leeg is.",
        "linked": "Het voorkeurs rekeningnummer moet een gelinkte rekeningnummer zijn.",
    },
}
owned = pytest.mark.parametrize("kind", OWNED)


def owner_of(kind, obj):
    return OWNED[kind]["model"].objects.get(pk=obj.pk).partij


@owned
def test_create_links_the_listed_objects_to_the_new_partij(api, kind):
    first, second = OWNED[kind]["make"](), OWNED[kind]["make"]()

    response = api.post(
        PARTIJEN, persoon_payload(**{kind: [ref(first), ref(second)]}), format="json"
    )

    assert response.status_code == 201, response.content
    partij = Partij.objects.get(uuid=response.json()["uuid"])
    assert owner_of(kind, first) == partij
    assert owner_of(kind, second) == partij
    assert {item["uuid"] for item in response.json()[kind]} == {
        str(first.uuid),
        str(second.uuid),
    }


@owned
@pytest.mark.parametrize("method", ["put", "patch"])
def test_update_unlinks_unlisted_objects_without_deleting_them(api, kind, method):
    partij = make_persoon()
    kept, dropped = OWNED[kind]["make"](partij), OWNED[kind]["make"](partij)
    new = OWNED[kind]["make"]()
    data = {kind: [ref(kept), ref(new)]}
    if method == "put":
        data.update(soortPartij="persoon", indicatieActief=True)

    response = getattr(api, method)(detail(partij), data, format="json")

    assert response.status_code == 200, response.content
    assert owner_of(kind, kept) == partij
    assert owner_of(kind, new) == partij
    assert owner_of(kind, dropped) is None  # unlinked, still there
    assert {item["uuid"] for item in response.json()[kind]} == {str(kept.uuid), str(new.uuid)}


@owned
@pytest.mark.parametrize("empty", [[], None])
def test_empty_list_or_null_unlinks_all(api, kind, empty):
    partij = make_persoon()
    first, second = OWNED[kind]["make"](partij), OWNED[kind]["make"](partij)

    response = api.patch(detail(partij), {kind: empty}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()[kind] == []
    assert owner_of(kind, first) is None
    assert owner_of(kind, second) is None
    assert OWNED[kind]["model"].objects.count() == 2


@owned
def test_leaving_the_list_out_keeps_the_links(api, kind):
    partij = make_persoon()
    obj = OWNED[kind]["make"](partij)

    api.patch(detail(partij), {"interneNotitie": "x"}, format="json")
    api.put(detail(partij), {"soortPartij": "persoon", "indicatieActief": True}, format="json")

    assert owner_of(kind, obj) == partij


@owned
def test_linking_takes_the_object_from_its_previous_partij_and_its_voorkeur(api, kind):
    vorige = make_persoon()
    obj = OWNED[kind]["make"](vorige)
    api.patch(detail(vorige), {OWNED[kind]["voorkeur"]: ref(obj)}, format="json")
    nieuwe = make_persoon()

    response = api.patch(detail(nieuwe), {kind: [ref(obj)]}, format="json")

    assert response.status_code == 200, response.content
    assert owner_of(kind, obj) == nieuwe
    vorige_body = api.get(detail(vorige)).json()
    assert vorige_body[kind] == []
    assert vorige_body[OWNED[kind]["voorkeur"]] is None


@owned
def test_unknown_object_in_the_list_is_rejected_and_nothing_saved(api, kind):
    before = row_state()

    response = api.post(PARTIJEN, persoon_payload(**{kind: [random_ref()]}), format="json")

    assert_invalid(response, kind, code="does_not_exist", reason="object bestaat niet.")
    assert row_state() == before


# --- voorkeursDigitaalAdres / voorkeursRekeningnummer ------------------------------------------


@owned
def test_post_voorkeur_from_the_listed_objects_is_set(api, kind):
    first, second = OWNED[kind]["make"](), OWNED[kind]["make"]()
    voorkeur = OWNED[kind]["voorkeur"]

    response = api.post(
        PARTIJEN,
        persoon_payload(**{kind: [ref(first), ref(second)], voorkeur: ref(second)}),
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()[voorkeur]["uuid"] == str(second.uuid)


@owned
@pytest.mark.parametrize("listed", ["other", "empty", "absent"])
def test_post_voorkeur_not_in_the_list_is_rejected_and_nothing_saved(api, kind, listed):
    voorkeur_obj, other = OWNED[kind]["make"](), OWNED[kind]["make"]()
    voorkeur = OWNED[kind]["voorkeur"]
    data = persoon_payload(**{voorkeur: ref(voorkeur_obj)})
    if listed == "other":
        data[kind] = [ref(other)]
    elif listed == "empty":
        data[kind] = []
    before = row_state()

    response = api.post(PARTIJEN, data, format="json")

    assert_invalid(response, voorkeur, reason=OWNED[kind]["linked"])
    assert row_state() == before


@owned
def test_put_voorkeur_with_an_empty_list_is_rejected(api, kind):
    partij = make_persoon()
    obj = OWNED[kind]["make"](partij)
    voorkeur = OWNED[kind]["voorkeur"]

    response = api.put(
        detail(partij),
        persoon_payload(**{kind: [], voorkeur: ref(obj)}),
        format="json",
    )

    assert_invalid(response, voorkeur, reason=OWNED[kind]["empty"])
    assert owner_of(kind, obj) == partij  # rolled back


@owned
def test_put_voorkeur_must_be_in_the_given_list(api, kind):
    partij = make_persoon()
    linked, other = OWNED[kind]["make"](partij), OWNED[kind]["make"](partij)
    voorkeur = OWNED[kind]["voorkeur"]

    rejected = api.put(
        detail(partij),
        persoon_payload(**{kind: [ref(linked)], voorkeur: ref(other)}),
        format="json",
    )
    accepted = api.put(
        detail(partij),
        persoon_payload(**{kind: [ref(linked)], voorkeur: ref(linked)}),
        format="json",
    )

    assert_invalid(rejected, voorkeur, reason=OWNED[kind]["linked"])
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()[voorkeur]["uuid"] == str(linked.uuid)


@owned
def test_patch_voorkeur_must_already_be_linked(api, kind):
    partij = make_persoon()
    linked = OWNED[kind]["make"](partij)
    elsewhere = OWNED[kind]["make"](make_persoon())
    loose = OWNED[kind]["make"]()
    voorkeur = OWNED[kind]["voorkeur"]

    for obj in (elsewhere, loose):
        response = api.patch(detail(partij), {voorkeur: ref(obj)}, format="json")
        assert_invalid(response, voorkeur, reason=OWNED[kind]["linked"])
    response = api.patch(detail(partij), {voorkeur: ref(linked)}, format="json")

    assert response.status_code == 200
    assert response.json()[voorkeur]["uuid"] == str(linked.uuid)


@owned
def test_patch_voorkeur_together_with_a_new_list_must_be_in_that_list(api, kind):
    partij = make_persoon()
    old = OWNED[kind]["make"](partij)
    new = OWNED[kind]["make"]()
    voorkeur = OWNED[kind]["voorkeur"]

    rejected = api.patch(detail(partij), {kind: [ref(new)], voorkeur: ref(old)}, format="json")
    accepted = api.patch(detail(partij), {kind: [ref(new)], voorkeur: ref(new)}, format="json")

    assert_invalid(rejected, voorkeur)
    assert accepted.status_code == 200
    assert accepted.json()[voorkeur]["uuid"] == str(new.uuid)


@owned
def test_null_voorkeur_clears_it(api, kind):
    partij = make_persoon()
    obj = OWNED[kind]["make"](partij)
    voorkeur = OWNED[kind]["voorkeur"]
    api.patch(detail(partij), {voorkeur: ref(obj)}, format="json")

    response = api.patch(detail(partij), {voorkeur: None}, format="json")

    assert response.json()[voorkeur] is None
    assert owner_of(kind, obj) == partij


@owned
def test_deleting_the_voorkeur_object_clears_the_voorkeur(api, kind):
    partij = make_persoon()
    obj = OWNED[kind]["make"](partij)
    voorkeur = OWNED[kind]["voorkeur"]
    api.patch(detail(partij), {voorkeur: ref(obj)}, format="json")

    collection = "digitaleadressen" if kind == "digitaleAdressen" else "rekeningnummers"
    assert api.delete(f"/klantinteracties/api/v1/{collection}/{obj.uuid}").status_code == 204

    body = api.get(detail(partij)).json()
    assert body[voorkeur] is None
    assert body[kind] == []


@owned
def test_unlinking_the_voorkeur_object_clears_the_voorkeur(api, kind):
    partij = make_persoon()
    obj, other = OWNED[kind]["make"](partij), OWNED[kind]["make"](partij)
    voorkeur = OWNED[kind]["voorkeur"]
    api.patch(detail(partij), {voorkeur: ref(obj)}, format="json")

    response = api.patch(detail(partij), {kind: [ref(other)]}, format="json")

    assert response.json()[voorkeur] is None


# --- standaard adressen when linking ------------------------------------------------------------


def test_unlinked_standaard_adres_is_no_longer_standaard(api):
    partij = make_persoon()
    adres = make_digitaal_adres(partij, is_standaard_adres=True)

    response = api.patch(detail(partij), {"digitaleAdressen": []}, format="json")

    assert response.status_code == 200
    adres.refresh_from_db()
    assert adres.partij is None
    assert adres.is_standaard_adres is False


def test_linking_a_standaard_adres_of_another_partij_replaces_the_standaard_adres(api):
    vorige, nieuwe = make_persoon(), make_persoon()
    meegenomen = make_digitaal_adres(vorige, adres="a@example.nl", is_standaard_adres=True)
    eigen = make_digitaal_adres(nieuwe, adres="b@example.nl", is_standaard_adres=True)

    response = api.patch(
        detail(nieuwe), {"digitaleAdressen": [ref(eigen), ref(meegenomen)]}, format="json"
    )

    assert response.status_code == 200, response.content
    standaard = DigitaalAdres.objects.filter(partij=nieuwe, is_standaard_adres=True)
    assert list(standaard) == [meegenomen]


def test_linking_two_standaard_adressen_of_one_soort_keeps_the_last_listed(api):
    a = make_digitaal_adres(make_persoon(), adres="a@example.nl", is_standaard_adres=True)
    b = make_digitaal_adres(make_persoon(), adres="b@example.nl", is_standaard_adres=True)
    telefoon = make_digitaal_adres(
        make_persoon(), adres="0612345678", soort="telefoonnummer", is_standaard_adres=True
    )

    response = api.post(
        PARTIJEN,
        persoon_payload(digitaleAdressen=[ref(a), ref(b), ref(telefoon)]),
        format="json",
    )

    assert response.status_code == 201, response.content
    standaard = DigitaalAdres.objects.filter(is_standaard_adres=True)
    assert set(standaard) == {b, telefoon}


# --- nested partijIdentificatoren -------------------------------------------------------------


def test_post_with_identificatoren_creates_them_for_the_partij(api):
    bsn = valid_bsn()

    response = api.post(
        PARTIJEN, persoon_payload(partijIdentificatoren=[bsn_identificator(bsn)]), format="json"
    )

    assert response.status_code == 201, response.content
    [item] = response.json()["partijIdentificatoren"]
    assert item["partijIdentificator"]["objectId"] == bsn
    assert item["identificeerdePartij"]["uuid"] == response.json()["uuid"]
    assert PartijIdentificator.objects.get().partij.uuid.hex == response.json()["uuid"].replace(
        "-", ""
    )


def test_post_identificator_with_identificeerde_partij_is_rejected(api):
    other = make_persoon()
    before = row_state()

    response = api.post(
        PARTIJEN,
        persoon_payload(partijIdentificatoren=[bsn_identificator(identificeerdePartij=ref(other))]),
        format="json",
    )

    assert_invalid(response, "partijIdentificatoren.0.identificeerdePartij", code="invalid")
    assert row_state() == before


def test_duplicate_uuid_in_identificatoren_is_rejected_with_code_duplicated(api):
    partij = make_persoon(bsn=valid_bsn())
    existing = partij.partij_identificatoren.get()
    before = row_state()

    response = api.patch(
        detail(partij),
        {
            "partijIdentificatoren": [
                bsn_identificator(uuid=str(existing.uuid)),
                kvk_identificator(uuid=str(existing.uuid)),
            ]
        },
        format="json",
    )

    param = assert_invalid(response, "partijIdentificatoren.1.uuid", code="duplicated")
    assert "Duplicaat uuid" in param["reason"]
    assert row_state() == before


def test_update_deletes_unlisted_updates_listed_and_creates_new_identificatoren(api):
    partij = make_persoon(bsn=valid_bsn())
    bsn_item = partij.partij_identificatoren.get()
    services.create_partij_identificator(
        {
            "partij": partij,
            "partij_identificator_code_objecttype": "niet_natuurlijk_persoon",
            "partij_identificator_code_soort_object_id": "rsin",
            "partij_identificator_object_id": valid_bsn(),
            "partij_identificator_code_register": "hr",
        }
    )
    new_bsn = valid_bsn()

    response = api.patch(
        detail(partij),
        {
            "partijIdentificatoren": [
                bsn_identificator(new_bsn, uuid=str(bsn_item.uuid)),
                kvk_identificator("87654321"),
            ]
        },
        format="json",
    )

    assert response.status_code == 200, response.content
    stored = {
        obj.partij_identificator_code_soort_object_id: obj
        for obj in PartijIdentificator.objects.filter(partij=partij)
    }
    assert set(stored) == {"bsn", "kvk_nummer"}  # the rsin is deleted
    assert stored["bsn"].uuid == bsn_item.uuid  # updated in place
    assert stored["bsn"].partij_identificator_object_id == new_bsn
    assert PartijIdentificator.objects.count() == 2
    assert len(response.json()["partijIdentificatoren"]) == 2


def test_update_with_empty_identificatoren_deletes_them_all(api):
    partij = make_persoon(bsn=valid_bsn())

    response = api.patch(detail(partij), {"partijIdentificatoren": []}, format="json")

    assert response.status_code == 200
    assert not PartijIdentificator.objects.exists()


def test_identificatoren_left_out_of_an_update_or_null_stay(api):
    partij = make_persoon(bsn=valid_bsn())

    api.patch(detail(partij), {"interneNotitie": "x"}, format="json")
    api.patch(detail(partij), {"partijIdentificatoren": None}, format="json")

    assert PartijIdentificator.objects.filter(partij=partij).count() == 1


def test_every_nested_identificator_is_validated_and_nothing_saved(api):
    before = row_state()

    response = api.post(
        PARTIJEN,
        persoon_payload(
            partijIdentificatoren=[bsn_identificator(), kvk_identificator("1234")],
        ),
        format="json",
    )

    assert_invalid(
        response, "partijIdentificatoren.1.partijIdentificatorObjectId", code="invalid-length"
    )
    assert row_state() == before


def test_nested_identificator_with_a_bad_code_combination_names_the_item(api):
    item = bsn_identificator()
    item["partijIdentificator"]["codeRegister"] = "hr"

    response = api.post(PARTIJEN, persoon_payload(partijIdentificatoren=[item]), format="json")

    assert_invalid(response, "partijIdentificatoren.0.partijIdentificatorCodeObjecttype")


def test_nested_identificator_missing_a_part_names_the_path(api):
    response = api.post(
        PARTIJEN,
        persoon_payload(
            partijIdentificatoren=[
                {"partijIdentificator": {"codeObjecttype": "natuurlijk_persoon"}}
            ]
        ),
        format="json",
    )

    assert_invalid(
        response, "partijIdentificatoren.0.partijIdentificator.objectId", code="required"
    )


def test_nested_bsn_already_used_by_another_partij_is_rejected(api):
    bsn = valid_bsn()
    make_persoon(bsn=bsn)
    before = row_state()

    response = api.post(
        PARTIJEN, persoon_payload(partijIdentificatoren=[bsn_identificator(bsn)]), format="json"
    )

    assert_invalid(response, "partijIdentificatoren.0", code="unique")
    assert row_state() == before


def test_nested_uuid_of_another_partijs_identificator_is_rejected(api):
    other = make_persoon(bsn=valid_bsn())
    foreign = other.partij_identificatoren.get()
    partij = make_persoon()
    before = row_state()

    response = api.patch(
        detail(partij),
        {"partijIdentificatoren": [bsn_identificator(uuid=str(foreign.uuid))]},
        format="json",
    )

    assert_invalid(response, "partijIdentificatoren.0.uuid", code="does_not_exist")
    assert row_state() == before


def test_nested_unknown_uuid_is_rejected(api):
    partij = make_persoon()

    response = api.patch(
        detail(partij),
        {"partijIdentificatoren": [bsn_identificator(uuid=random_ref()["uuid"])]},
        format="json",
    )

    assert_invalid(response, "partijIdentificatoren.0.uuid", code="does_not_exist")
    assert not PartijIdentificator.objects.exists()


def test_nested_uuid_of_an_unowned_identificator_claims_it(api):
    loose = services.create_partij_identificator(
        {
            "partij_identificator_code_objecttype": "natuurlijk_persoon",
            "partij_identificator_code_soort_object_id": "bsn",
            "partij_identificator_object_id": valid_bsn(),
            "partij_identificator_code_register": "brp",
        }
    )
    item = bsn_identificator(loose.partij_identificator_object_id, uuid=str(loose.uuid))

    response = api.post(PARTIJEN, persoon_payload(partijIdentificatoren=[item]), format="json")

    assert response.status_code == 201, response.content
    loose.refresh_from_db()
    assert str(loose.partij.uuid) == response.json()["uuid"]


def test_update_dropping_a_kvk_with_its_vestiging_deletes_both(api):
    organisatie = make_organisatie(kvk="12345678")
    kvk = organisatie.partij_identificatoren.get()
    services.create_partij_identificator(
        {
            "partij": make_organisatie(naam="Filiaal"),
            "partij_identificator_code_objecttype": "vestiging",
            "partij_identificator_code_soort_object_id": "vestigingsnummer",
            "partij_identificator_object_id": "000012345678",
            "partij_identificator_code_register": "hr",
            "sub_identificator_van": kvk,
        }
    )

    # The vestiging of another partij is scoped under the KVK nummer: it cannot be dropped.
    response = api.patch(detail(organisatie), {"partijIdentificatoren": []}, format="json")

    assert_invalid(response, "partijIdentificatoren", code="protected")
    assert PartijIdentificator.objects.count() == 2


def test_update_of_own_kvk_and_vestiging_can_drop_both(api):
    organisatie = make_organisatie(kvk="12345678")
    kvk = organisatie.partij_identificatoren.get()
    response = api.patch(
        detail(organisatie),
        {
            "partijIdentificatoren": [
                kvk_identificator(uuid=str(kvk.uuid)),
                vestiging_identificator(kvk),
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert PartijIdentificator.objects.count() == 2

    response = api.patch(detail(organisatie), {"partijIdentificatoren": []}, format="json")

    assert response.status_code == 200, response.content
    assert not PartijIdentificator.objects.exists()


# --- delete -----------------------------------------------------------------------------------


def test_deleting_a_partij_cascades_to_what_it_owns(api):
    partij = make_persoon(bsn=valid_bsn())
    make_digitaal_adres(partij)
    services.create_rekeningnummer({"partij": partij, "iban": valid_iban()})
    categorie = services.create_categorie({"naam": "VIP"})
    services.create_categorie_relatie({"partij": partij, "categorie": categorie})
    andere = make_persoon()
    services.create_vertegenwoordiging(
        {"vertegenwoordigende_partij": andere, "vertegenwoordigde_partij": partij}
    )

    assert api.delete(detail(partij)).status_code == 204

    state = row_state()
    assert state["Partij"] == 1
    assert state["Persoon"] == 1
    assert state["PartijIdentificator"] == 0
    assert state["DigitaalAdres"] == 0
    assert state["Rekeningnummer"] == 0
    assert state["CategorieRelatie"] == 0
    assert state["Vertegenwoordigden"] == 0
    assert state["Categorie"] == 1


def test_deleting_an_organisatie_with_a_vestiging_under_its_own_kvk_works(api):
    organisatie = make_organisatie(kvk="12345678")
    kvk = organisatie.partij_identificatoren.get()
    services.create_partij_identificator(
        {
            "partij": organisatie,
            "partij_identificator_code_objecttype": "vestiging",
            "partij_identificator_code_soort_object_id": "vestigingsnummer",
            "partij_identificator_object_id": "000012345678",
            "partij_identificator_code_register": "hr",
            "sub_identificator_van": kvk,
        }
    )

    response = api.delete(detail(organisatie))

    assert response.status_code == 204, response.content
    assert not Partij.objects.exists()
    assert not PartijIdentificator.objects.exists()


def test_deleting_an_organisatie_whose_kvk_scopes_another_partij_is_refused(api):
    organisatie = make_organisatie(kvk="12345678")
    kvk = organisatie.partij_identificatoren.get()
    filiaal = make_organisatie(naam="Filiaal")
    services.create_partij_identificator(
        {
            "partij": filiaal,
            "partij_identificator_code_objecttype": "vestiging",
            "partij_identificator_code_soort_object_id": "vestigingsnummer",
            "partij_identificator_object_id": "000012345678",
            "partij_identificator_code_register": "hr",
            "sub_identificator_van": kvk,
        }
    )
    before = row_state()

    response = api.delete(detail(organisatie))

    assert_invalid(response, "nonFieldErrors", code="protected")
    assert row_state() == before


def test_deleting_the_organisatie_removes_its_contactpersonen_records(api):
    organisatie = make_organisatie()
    contactpersoon = services.create_partij(
        {
            "soort_partij": "contactpersoon",
            "indicatie_actief": True,
            "partij_identificatie": {"werkte_voor_partij": organisatie},
        }
    )

    assert api.delete(detail(organisatie)).status_code == 204

    assert Partij.objects.filter(pk=contactpersoon.pk).exists()
    assert not Contactpersoon.objects.exists()
    assert api.get(detail(contactpersoon)).json()["partijIdentificatie"] is None


def test_linking_two_adressen_with_the_same_referentie_and_soort_is_rejected(api):
    partij = make_persoon()
    eigen = make_digitaal_adres(partij, adres="a@example.nl", referentie="portaal")
    los = make_digitaal_adres(None, adres="b@example.nl", referentie="portaal")
    before = row_state()

    response = api.patch(
        detail(partij), {"digitaleAdressen": [ref(eigen), ref(los)]}, format="json"
    )

    assert_invalid(response, "digitaleAdressen", code="unique")
    assert row_state() == before


def test_replacing_an_adres_by_one_with_the_same_referentie_is_fine(api):
    partij = make_persoon()
    make_digitaal_adres(partij, adres="a@example.nl", referentie="portaal")
    los = make_digitaal_adres(None, adres="b@example.nl", referentie="portaal")

    response = api.patch(detail(partij), {"digitaleAdressen": [ref(los)]}, format="json")

    assert response.status_code == 200, response.content
    assert [item["uuid"] for item in response.json()["digitaleAdressen"]] == [str(los.uuid)]
