"""DELETE /onderwerpobjecten/{uuid} with and without `?cascade=true` (spec §4.6)."""

import pytest

from klantcontacten.models import Betrokkene, Bijlage, Klantcontact, Onderwerpobject
from partijen.models import DigitaalAdres, Partij
from tests.factories import make_digitaal_adres, make_persoon
from tests.klantcontacten_api.helpers import (
    KLANTCONTACTEN,
    ONDERWERPOBJECTEN,
    betrokkene,
    bijlage,
    klantcontact,
    onderwerpobject,
)
from tests.partijen.helpers import absolute, assert_invalid, problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    """A klantcontact about a zaak, with a known and an anonymous betrokkene, each of whom
    gave a digitaal adres, and a bijlage."""
    kc = klantcontact()
    jan = make_persoon()
    bekend = betrokkene(kc, jan)
    anoniem = betrokkene(kc, None)
    return {
        "klantcontact": kc,
        "onderwerpobject": onderwerpobject(kc, object_id="zaak-1"),
        "jan": jan,
        "adres_bekend": make_digitaal_adres(None, adres="jan@example.nl", betrokkene=bekend),
        "adres_jan": make_digitaal_adres(jan, adres="jan@thuis.nl"),
        "adres_anoniem": make_digitaal_adres(None, adres="anoniem@example.nl", betrokkene=anoniem),
        "bijlage": bijlage(kc),
    }


def detail(obj) -> str:
    return f"{ONDERWERPOBJECTEN}/{obj.uuid}"


@pytest.mark.parametrize("query", ["", "?cascade=false"])
def test_without_cascade_only_the_onderwerpobject_goes(api, scene, query):
    response = api.delete(detail(scene["onderwerpobject"]) + query)

    assert response.status_code == 204
    assert response.content == b""
    assert not Onderwerpobject.objects.exists()
    assert Klantcontact.objects.filter(pk=scene["klantcontact"].pk).exists()
    assert DigitaalAdres.objects.count() == 3


def test_cascade_takes_the_klantcontact_its_parts_and_the_anonymous_adressen(api, scene):
    response = api.delete(detail(scene["onderwerpobject"]) + "?cascade=true")

    assert response.status_code == 200, response.content
    assert response.json() == {"behouden": []}
    assert not Klantcontact.objects.exists()
    assert not Betrokkene.objects.exists()
    assert not Bijlage.objects.exists()
    # The adres of the anonymous betrokkene goes; that of the known one stays, unlinked, and
    # the partij with its own adres is untouched.
    remaining = {a.adres: a.betrokkene_id for a in DigitaalAdres.objects.all()}
    assert remaining == {"jan@example.nl": None, "jan@thuis.nl": None}
    assert Partij.objects.filter(pk=scene["jan"].pk).exists()
    problem(api.get(f"{KLANTCONTACTEN}/{scene['klantcontact'].uuid}"), 404)


def test_cascade_keeps_a_klantcontact_another_onderwerpobject_still_refers_to(api, scene):
    kc = scene["klantcontact"]
    onderwerpobject(kc, object_id="zaak-2")
    # The klantcontact is also the wasKlantcontact of an object of a later contact.
    later = klantcontact()
    als_onderwerp = onderwerpobject(later, was_klantcontact=kc)

    response = api.delete(detail(scene["onderwerpobject"]) + "?cascade=true")

    assert response.status_code == 200
    assert response.json() == {"behouden": [absolute(f"{KLANTCONTACTEN}/{kc.uuid}")]}
    assert Klantcontact.objects.filter(pk__in=[kc.pk, later.pk]).count() == 2
    assert DigitaalAdres.objects.count() == 3

    # Deleting the object that *was* the klantcontact, with cascade: its klantcontact (the
    # later one) and its wasKlantcontact are both considered; the first is still referred to.
    second = api.delete(detail(als_onderwerp) + "?cascade=true")
    assert second.json() == {"behouden": [absolute(f"{KLANTCONTACTEN}/{kc.uuid}")]}
    assert not Klantcontact.objects.filter(pk=later.pk).exists()


@pytest.mark.parametrize(
    "query", ["?cascade=ja", "?cascade=1", "?cascade=", "?cascade=true&cascade=false"]
)
def test_a_bad_cascade_value_is_a_400_and_deletes_nothing(api, scene, query):
    response = api.delete(detail(scene["onderwerpobject"]) + query)

    assert_invalid(response, "cascade")
    assert Onderwerpobject.objects.count() == 1


def test_cascade_on_an_unknown_onderwerpobject_is_a_404(api):
    problem(
        api.delete(f"{ONDERWERPOBJECTEN}/00000000-0000-4000-8000-000000000000?cascade=true"), 404
    )


def test_cascade_needs_the_write_scope(ki_read, scene):
    problem(ki_read.delete(detail(scene["onderwerpobject"]) + "?cascade=true"), 403)
    assert Onderwerpobject.objects.count() == 1
