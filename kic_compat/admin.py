"""Admin screens of the first-generation layer: read-only, since every change goes through the
first-generation API (and its services) or through the partij/klantcontact itself."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from kic_compat.models import (
    ContactmomentExtensie,
    KicAuditTrail,
    KlantcontactmomentExtensie,
    KlantExtensie,
    OnderwerpobjectExtensie,
)
from kic_compat.verzoeken import admin as _verzoeken_admin  # noqa: F401 (registers Verzoek)
from klantenregister.core.readonly_admin import ReadOnlyAdminMixin

# --- Klanten (engineer B) ------------------------------------------------------------------------


@admin.register(KlantExtensie)
class KlantExtensieAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """What a first-generation klant holds beyond its partij (spec §3); the partij itself is
    edited on its own page."""

    list_display = ("klantnummer", "bronorganisatie", "subject_type", "partij_link")
    list_filter = ("bronorganisatie", "subject_type")
    search_fields = ("klantnummer",)
    list_select_related = ("partij",)
    readonly_fields = ("partij_link",)
    exclude = ("partij",)

    @admin.display(description="partij")
    def partij_link(self, obj):
        url = reverse("admin:partijen_partij_change", args=[obj.partij_id])
        return format_html('<a href="{}">{}</a>', url, obj.partij)


@admin.register(KicAuditTrail)
class KicAuditTrailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("aanmaakdatum", "bron", "actie", "resource_weergave", "applicatie_weergave")
    list_filter = ("bron", "actie", "collectie")
    search_fields = ("=hoofd_object_uuid",)


# --- Contactmomenten (engineer C) ----------------------------------------------------------------


def _klantcontact_link(klantcontact_id, label) -> str:
    url = reverse("admin:klantcontacten_klantcontact_change", args=[klantcontact_id])
    return format_html('<a href="{}">{}</a>', url, label)


@admin.register(ContactmomentExtensie)
class ContactmomentExtensieAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """What a first-generation contactmoment holds beyond its klantcontact (spec §3, §4.2)."""

    list_display = ("klantcontact_link", "bronorganisatie", "initiatiefnemer", "voorkeurskanaal")
    list_filter = ("bronorganisatie", "initiatiefnemer")
    list_select_related = ("klantcontact",)
    readonly_fields = ("klantcontact_link",)
    exclude = ("klantcontact", "medewerker_link")

    @admin.display(description="klantcontact")
    def klantcontact_link(self, obj):
        return _klantcontact_link(obj.klantcontact_id, obj.klantcontact)


@admin.register(KlantcontactmomentExtensie)
class KlantcontactmomentExtensieAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The first-generation rol of a klantcontactmoment (a betrokkene), spec §4.3."""

    list_display = ("betrokkene", "rol", "klantcontact_link")
    list_filter = ("rol",)
    list_select_related = ("betrokkene", "klantcontact")
    readonly_fields = ("klantcontact_link",)
    exclude = ("klantcontact", "betrokkene", "partij")

    @admin.display(description="klantcontact")
    def klantcontact_link(self, obj):
        return _klantcontact_link(obj.klantcontact_id, obj.klantcontact)


@admin.register(OnderwerpobjectExtensie)
class OnderwerpobjectExtensieAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """An objectcontactmoment's object URL, or the vorigContactmoment mark (spec §4.2, §4.4)."""

    list_display = ("soort", "object_url", "object_type", "klantcontact_link")
    list_filter = ("soort", "object_type")
    search_fields = ("object_url",)
    list_select_related = ("klantcontact",)
    readonly_fields = ("klantcontact_link",)
    exclude = ("klantcontact", "onderwerpobject")

    @admin.display(description="klantcontact")
    def klantcontact_link(self, obj):
        return _klantcontact_link(obj.klantcontact_id, obj.klantcontact)


# kic-001: the DRC mirror's jobs and attempts (kic_compat/drc_mirror/admin.py).
from kic_compat.drc_mirror import admin as _drc_mirror_admin  # noqa: E402, F401
