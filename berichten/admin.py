"""The back office for berichten: compose a bericht for a partij, see its read state.

Every write goes through `berichten.services` (the form validates by a dry run of the service,
deletes call the service), so each change records its event and lands in the history with
the staff user who made it. The bijlagen are shown read-only with a download link.

The partij page gets a link to the partij's berichten from here: partijen may not import this
app, so this module registers a subclass of the Partij admin as registered so far (with the
sections klantcontacten and taken added), as taken does.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from berichten import bezorging, forms, selectors, services
from berichten.models import Bericht, BerichtBijlage, Bezorgstatus
from klantcontacten.admin import PartijFilter
from klantenregister.core.readonly_admin import ReadOnlyAdminMixin
from partijen.admin import PARTIJ_NAAM_RELATED, ServiceAdmin
from partijen.models import Partij

# Delivery bookkeeping (berichten/bezorging.py): shown, never edited by hand.
BEZORGING_FIELDS = (
    "bezorgstatus",
    "kanaal_bron",
    "bezorgadres",
    "bezorg_digitaal_adres",
    "bezorgpogingen",
    "laatste_bezorgfout",
    "volgende_bezorgpoging_op",
)


def _changelist_url(model) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


class ZichtbaarFilter(admin.SimpleListFilter):
    """Published (the klant sees it) or scheduled for a publicatiedatum still to come."""

    title = "zichtbaarheid"
    parameter_name = "zichtbaar"

    def lookups(self, request, model_admin):
        return [("ja", "Zichtbaar (gepubliceerd)"), ("gepland", "Gepland (nog niet zichtbaar)")]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return selectors.zichtbaar(queryset)
        if self.value() == "gepland":
            return selectors.gepland(queryset)
        return queryset


class BerichtTypeFilter(admin.SimpleListFilter):
    title = "berichttype"
    parameter_name = "bericht_type"

    def lookups(self, request, model_admin):
        types = (
            Bericht.objects.exclude(bericht_type="")
            .order_by("bericht_type")
            .values_list("bericht_type", flat=True)
            .distinct()
        )
        return [(value, value) for value in types]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset if value is None else queryset.filter(bericht_type=value)


class BerichtPartijFilter(PartijFilter):
    """The berichten of one partij (`?partij=<id>`, linked from the partij page)."""

    def van_partij(self, queryset, partij_id: int):
        return queryset.filter(partij_id=partij_id)


class BerichtBijlageInline(ReadOnlyAdminMixin, admin.TabularInline):
    """Read-only: bijlagen come with the bericht (the API, or the form's PDF field)."""

    model = BerichtBijlage
    fields = ("volgorde", "omschrijving", "bijlage_type", "bestandsgrootte", "document")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "bijlagen (alleen te lezen)"

    @admin.display(description="document")
    def document(self, bijlage):
        if bijlage.inhoud:
            url = reverse(
                "admin:berichten_bericht_bijlage_download",
                args=(bijlage.bericht_id, bijlage.volgorde),
            )
            return format_html('<a href="{}">Download PDF</a>', url)
        return format_html('<a href="{}">Informatieobject</a>', bijlage.informatieobject)


@admin.register(Bericht)
class BerichtAdmin(ServiceAdmin):
    form = forms.BerichtForm
    list_display = (
        "onderwerp_of_uuid",
        "partij_naam",
        "bericht_type",
        "publicatie_datum",
        "zichtbaar",
        "geopend",
        "geopend_op",
        "kanaal",
        "bezorgstatus",
        "bezorgpogingen",
    )
    list_filter = (
        "geopend",
        ZichtbaarFilter,
        "bezorgstatus",
        BerichtTypeFilter,
        "kanaal",
        BerichtPartijFilter,
    )
    actions = ("opnieuw_versturen",)
    list_select_related = ("partij", *(f"partij__{name}" for name in PARTIJ_NAAM_RELATED))
    # No search on the BSN here: a person is found through the partij page (which logs it).
    search_fields = ("onderwerp", "=referentie", "=zaak")
    search_help_text = "Zoek op een woord uit het onderwerp, of precies op referentie of zaak-URL."
    date_hierarchy = "publicatie_datum"
    ordering = ("-publicatie_datum", "-pk")
    autocomplete_fields = ("partij", "taak")
    readonly_fields = (
        "uuid",
        "geopend",
        "geopend_op",
        "kanaal",
        "verzonden_op",
        "klantcontact",
        "aangemaakt_op",
        "gewijzigd_op",
        *BEZORGING_FIELDS,
    )
    inlines = (BerichtBijlageInline,)
    historie_onderdelen = {BerichtBijlage: ("bericht",)}

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            ("Aan wie", {"fields": ("partij", "gebruiker_id", "soort_gebruiker")}),
            (
                "Bericht",
                {
                    "fields": (
                        "bericht_type",
                        "onderwerp",
                        "berichttekst",
                        "referentie",
                        ("bijlage", "bijlage_omschrijving"),
                    )
                },
            ),
            (
                "Wat moet de klant doen",
                {"fields": ("handelingsperspectief", "eind_datum_handelingstermijn")},
            ),
            ("Publicatie", {"fields": ("publicatie_datum",)}),
            ("Koppelingen", {"fields": ("zaak", "taak", "bericht_leverancier_id")}),
        ]
        if obj is not None:
            fieldsets.insert(0, (None, {"fields": ("uuid",)}))
            fieldsets.append(
                (
                    "Leesstatus en verzending",
                    {
                        "fields": (
                            ("geopend", "geopend_op"),
                            ("kanaal", "verzonden_op"),
                            "klantcontact",
                            ("aangemaakt_op", "gewijzigd_op"),
                        )
                    },
                )
            )
            fieldsets.append(
                (
                    "Bezorging via het voorkeurskanaal",
                    {
                        "fields": (
                            ("bezorgstatus", "bezorgpogingen"),
                            ("kanaal_bron", "bezorgadres", "bezorg_digitaal_adres"),
                            "laatste_bezorgfout",
                            "volgende_bezorgpoging_op",
                        ),
                        "description": "Gekozen bij publicatie (docs/bezorging.md). "
                        "'Opnieuw versturen' in de lijst kiest het kanaal opnieuw.",
                    },
                )
            )
        return fieldsets

    @admin.action(description="Opnieuw versturen via het voorkeurskanaal", permissions=["change"])
    def opnieuw_versturen(self, request, queryset):
        opnieuw = overgeslagen = 0
        for bericht in queryset:
            if bericht.bezorgstatus in (Bezorgstatus.GEPLAND, Bezorgstatus.IN_WACHTRIJ):
                overgeslagen += 1
                continue
            bezorging.opnieuw_versturen(bericht)
            opnieuw += 1
        if opnieuw:
            self.message_user(request, f"{opnieuw} bericht(en) opnieuw in de wachtrij gezet.")
        if overgeslagen:
            self.message_user(
                request,
                f"{overgeslagen} bericht(en) overgeslagen: nog gepland of al in de wachtrij.",
                level=messages.WARNING,
            )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        partij = initial.get("partij")
        if isinstance(partij, str) and partij.isdigit():
            found = Partij.objects.filter(pk=partij).first()
            bsn = services.bsn_van_partij(found) if found is not None else []
            if bsn:
                initial.setdefault("gebruiker_id", bsn[0])
        return initial

    def get_urls(self):
        return [
            path(
                "<int:pk>/bijlagen/<int:volgorde>/download/",
                self.admin_site.admin_view(self.download_view),
                name="berichten_bericht_bijlage_download",
            ),
            *super().get_urls(),
        ]

    def download_view(self, request, pk: int, volgorde: int):
        bericht = Bericht.objects.filter(pk=pk).first()
        if bericht is None:
            raise Http404("Dit bericht bestaat niet.")
        if not self.has_view_or_change_permission(request, bericht):
            raise PermissionDenied
        bijlage = bericht.bijlagen.filter(volgorde=volgorde).first()
        if bijlage is None or not bijlage.inhoud:
            raise Http404("Deze bijlage heeft geen PDF in het register.")
        return FileResponse(
            bijlage.inhoud.open("rb"),
            content_type="application/pdf",
            filename=f"bijlage-{volgorde}.pdf",
        )

    @admin.display(description="onderwerp", ordering="onderwerp")
    def onderwerp_of_uuid(self, obj):
        return obj.onderwerp or str(obj.uuid)

    @admin.display(description="partij", ordering="partij__nummer")
    def partij_naam(self, obj):
        if obj.partij_id is None:
            return "–"
        return obj.partij.weergavenaam or str(obj.partij)

    @admin.display(description="zichtbaar", boolean=True)
    def zichtbaar(self, obj):
        return services.is_gepubliceerd(obj, timezone.now())

    def delete_service(self, obj):
        services.delete_bericht(obj)


# --- The partij page, with a link to its berichten ---------------------------------------------

_PartijAdminBase = type(admin.site.get_model_admin(Partij))
admin.site.unregister(Partij)


@admin.register(Partij)
class PartijAdmin(_PartijAdminBase):
    """The Partij admin as registered so far, with a link "Berichten aan deze partij
    (n ongelezen)" and one to compose a bericht for it. One count query."""

    change_form_template = "admin/berichten/partij_change_form.html"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Extend whatever page the admin below this one renders (klantcontacten, taken).
        context["berichten_parent_template"] = (
            _PartijAdminBase.change_form_template or "admin/change_form.html"
        )
        bericht_admin = self.admin_site.get_model_admin(Bericht)
        if obj is not None and obj.pk is not None and bericht_admin.has_view_permission(request):
            context["partij_berichten"] = {
                "ongelezen": selectors.berichten_van_partij(obj).filter(geopend=False).count(),
                "url": f"{_changelist_url(Bericht)}?partij={obj.pk}",
                "toevoegen_url": (
                    f"{reverse('admin:berichten_bericht_add')}?partij={obj.pk}"
                    if bericht_admin.has_add_permission(request)
                    else None
                ),
            }
        return super().render_change_form(request, context, add, change, form_url, obj)
