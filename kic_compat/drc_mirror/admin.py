"""The operator's view of kic-001: every mirror job with each attempt, and "Nu opnieuw".

The verzoek-informatieobject screen shows each relation's own state (DrcMirrorAdminMixin);
this screen shows the jobs behind it, including deletes whose relation is gone.
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from kic_compat.drc_mirror import services
from kic_compat.drc_mirror.models import DrcMirrorAttempt, DrcMirrorJob
from kic_compat.models import VerzoekInformatieObject
from kic_compat.verzoeken.admin import VerzoekInformatieObjectForm
from klantenregister.core.readonly_admin import ReadOnlyAdminMixin


class DrcMirrorAttemptInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DrcMirrorAttempt
    fields = ("tijdstip", "uitkomst", "status_code", "verloop")
    readonly_fields = fields
    extra = 0


@admin.register(DrcMirrorJob)
class DrcMirrorJobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "id",
        "actie",
        "status",
        "attempts",
        "informatieobject",
        "verzoek_url",
        "next_attempt_at",
        "fout_kort",
        "aangemaakt_op",
    )
    list_filter = ("status", "actie")
    search_fields = (
        "=verzoekinformatieobject_uuid",
        "informatieobject",
        "verzoek_url",
        "drc_oio_url",
    )
    search_help_text = (
        "Zoek op de uuid van de relatie, de URL van het informatieobject, verzoek of DRC-relatie."
    )
    show_full_result_count = False
    actions = ("nu_opnieuw",)
    fields = (
        "actie",
        "status",
        "verzoekinformatieobject_uuid",
        "verzoek_url",
        "informatieobject",
        "drc_oio_url",
        "attempts",
        "next_attempt_at",
        "locked_until",
        "last_attempt_at",
        "last_error",
        "aangemaakt_op",
        "afgerond_op",
    )
    readonly_fields = fields
    inlines = (DrcMirrorAttemptInline,)

    def has_retry_permission(self, request):
        return request.user.has_perm("kic_compat.change_drcmirrorjob")

    @admin.action(
        description="Nu opnieuw naar de DRC (mislukte en wachtende)", permissions=["retry"]
    )
    def nu_opnieuw(self, request, queryset):
        selected = queryset.count()
        count = services.retry_jobs(queryset)
        self.message_user(
            request,
            f"{count} van {selected} opdracht(en) gaan nu opnieuw naar de DRC"
            + ("; afgeronde en lopende zijn overgeslagen." if count < selected else "."),
            messages.SUCCESS if count else messages.WARNING,
        )

    @admin.display(description="laatste fout")
    def fout_kort(self, obj):
        return Truncator(obj.last_error).chars(80)


class DrcMirrorAdminMixin:
    """For the VerzoekInformatieObject admin: its kic-001 state, its jobs, and "Nu opnieuw"."""

    drc_mirror_fields = (
        "mirror_state",
        "mirror_attempts",
        "mirror_last_error",
        "mirror_updated_at",
        "drc_oio_url",
        "drc_mirror_jobs",
    )

    @admin.display(description="spiegelopdrachten")
    def drc_mirror_jobs(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        url = reverse("admin:kic_compat_drcmirrorjob_changelist")
        return format_html('<a href="{}?q={}">alle opdrachten en pogingen</a>', url, obj.uuid)

    def has_drc_retry_permission(self, request):
        return request.user.has_perm("kic_compat.change_drcmirrorjob")

    @admin.action(description="Nu opnieuw naar de DRC", permissions=["drc_retry"])
    def drc_nu_opnieuw(self, request, queryset):
        count = services.retry_relations(queryset)
        self.message_user(
            request,
            f"{count} relatie(s) gaan nu opnieuw naar de DRC.",
            messages.SUCCESS if count else messages.WARNING,
        )


class VerzoekInformatieObjectAdmin(DrcMirrorAdminMixin, admin.ModelAdmin):
    """Verzoek-informatieobjecten with their kic-001 state, for the operator: which relations
    wait, which failed and why, and "Nu opnieuw". Adding and deleting (one by one or in bulk)
    go through the verzoeken services, as on the verzoek's own page; changing the pair is
    possible here only (the API treats it as immutable) and becomes delete + create in the DRC
    (signals.py)."""

    list_display = (
        "informatieobject",
        "verzoek",
        "mirror_state",
        "mirror_attempts",
        "mirror_updated_at",
        "mirror_fout_kort",
    )
    form = VerzoekInformatieObjectForm
    list_filter = ("mirror_state",)
    list_select_related = ("verzoek",)
    search_fields = ("=uuid", "informatieobject", "verzoek__identificatie")
    raw_id_fields = ("verzoek",)
    fields = ("verzoek", "informatieobject", *DrcMirrorAdminMixin.drc_mirror_fields)
    readonly_fields = DrcMirrorAdminMixin.drc_mirror_fields
    actions = ("drc_nu_opnieuw",)

    @admin.display(description="laatste fout")
    def mirror_fout_kort(self, obj):
        return Truncator(obj.mirror_last_error).chars(80)

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()  # a changed pair: the safety net records delete + create
            return
        from kic_compat.verzoeken import services

        # The form ran the service's checks (vrz-006, uniqueness) already, as form errors.
        saved = services.create_verzoekinformatieobject(
            {"verzoek": obj.verzoek, "informatieobject": obj.informatieobject}
        )
        obj.pk, obj.uuid = saved.pk, saved.uuid
        obj._state.adding = False

    def delete_model(self, request, obj):
        from kic_compat.verzoeken import services

        services.delete_verzoekinformatieobject(obj)

    def delete_queryset(self, request, queryset):
        from kic_compat.verzoeken import services

        for row in queryset.select_related("verzoek"):
            services.delete_verzoekinformatieobject(row)


# The verzoeken part registers its own screen for these rows; this one stands in while it does
# not (that screen then mixes in DrcMirrorAdminMixin).
if not admin.site.is_registered(VerzoekInformatieObject):
    admin.site.register(VerzoekInformatieObject, VerzoekInformatieObjectAdmin)
