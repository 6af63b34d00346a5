"""The verzoeken services as the admin, imports and the kic-001 mirror use them: one
transaction and one event per handling, nothing stored when a rule fails."""

import pytest
from django.core.exceptions import ValidationError

from kic_compat.models import ObjectVerzoek, Verzoek, VerzoekInformatieObject
from kic_compat.verzoeken import services
from klantenregister.events.models import Event
from tests.kic_verzoeken.conftest import BRONORGANISATIE

pytestmark = pytest.mark.django_db
BASIS = {"bronorganisatie": BRONORGANISATIE, "status": "ontvangen"}


def _events() -> list[tuple[str, str]]:
    return [(e.resource, e.actie) for e in Event.objects.filter(kanaal="verzoeken").order_by("id")]


def test_each_handling_records_one_event(api):
    verzoek = services.create_verzoek(dict(BASIS))
    services.update_verzoek(verzoek, {"status": "afgehandeld"}, partial=True)
    vio = services.create_verzoekinformatieobject(
        {"verzoek": verzoek, "informatieobject": api.add_informatieobject()}
    )
    services.delete_verzoekinformatieobject(vio)
    services.delete_verzoek(verzoek)
    assert _events() == [
        ("verzoek", "create"),
        ("verzoek", "partial_update"),
        ("verzoekinformatieobject", "create"),
        ("verzoekinformatieobject", "destroy"),
        ("verzoek", "destroy"),
    ]


def test_a_failed_rule_stores_nothing_and_records_nothing(api):
    verzoek = services.create_verzoek(dict(BASIS))
    before = Event.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.create_verzoekinformatieobject(
            {"verzoek": verzoek, "informatieobject": api.add_zaak()}
        )
    assert caught.value.error_dict["informatieobject"][0].code == "invalid-resource"
    with pytest.raises(ValidationError):
        services.create_verzoek({**BASIS, "identificatie": verzoek.identificatie})
    with pytest.raises(ValidationError):
        services.update_verzoek(verzoek, {"in_te_trekken_verzoek": verzoek})
    assert VerzoekInformatieObject.objects.count() == 0
    assert Verzoek.objects.count() == 1
    assert Event.objects.count() == before


def test_delete_verzoek_clears_references_and_deletes_document_rows(api):
    eerder = services.create_verzoek(dict(BASIS))
    later = services.create_verzoek({**BASIS, "aangevulde_verzoek": eerder})
    for _ in range(2):
        services.create_verzoekinformatieobject(
            {"verzoek": eerder, "informatieobject": api.add_informatieobject()}
        )
    services.delete_verzoek(eerder)
    later.refresh_from_db()
    assert later.aangevulde_verzoek is None
    assert VerzoekInformatieObject.objects.count() == 0


def test_objectverzoek_outside_a_request_uses_the_site_url(api, settings):
    settings.SITE_URL = "https://klantenregister.gemeente.nl"
    verzoek = services.create_verzoek(dict(BASIS))
    url = f"https://klantenregister.gemeente.nl/api/kic/v1/verzoeken/{verzoek.uuid}"
    assert services.default_verzoek_url(verzoek) == url
    zaak = api.add_zaak()
    api.relate(zaak, collection="zaakverzoeken", verzoek=url)
    row = services.create_objectverzoek({"verzoek": verzoek, "object": zaak, "object_type": "zaak"})
    with pytest.raises(ValidationError) as caught:
        services.delete_objectverzoek(row)
    assert caught.value.error_dict["__all__"][0].code == "remote-relation-exists"
    api.unrelate(zaak, collection="zaakverzoeken", verzoek=url)
    services.delete_objectverzoek(row)
    assert ObjectVerzoek.objects.count() == 0
