"""The contactmomenten extension rows in the admin: listed and shown, never edited by hand."""

import pytest

from kic_compat.models import (
    ContactmomentExtensie,
    KlantcontactmomentExtensie,
    OnderwerpobjectExtensie,
)
from tests.admin.conftest import admin_url


@pytest.mark.django_db
def test_extension_rows_are_listed_and_read_only(
    staff, post_contactmoment, kic_api, klant_url, settings
):
    eerste = post_contactmoment()
    post_contactmoment(vorigContactmoment=eerste["url"])
    kic_api.post(
        "/api/kic/v1/klantcontactmomenten",
        {"contactmoment": eerste["url"], "klant": klant_url(), "rol": "belanghebbende"},
        format="json",
    )
    for model in (ContactmomentExtensie, KlantcontactmomentExtensie, OnderwerpobjectExtensie):
        assert staff.get(admin_url(model, "changelist")).status_code == 200
        obj = model.objects.first()
        page = staff.get(admin_url(model, "change", obj.pk))
        assert page.status_code == 200
        assert b"/admin/klantcontacten/klantcontact/" in page.content
        assert staff.get(admin_url(model, "add")).status_code == 403
        assert staff.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
        assert model.objects.filter(pk=obj.pk).exists()
