"""The back office for klanttaken and interne taken.

As for partijen and klantcontacten, every write goes through `taken.services`, the functions
the API uses: forms validate by a dry run of the service (`taken/forms.py`), deletes and the
bulk actions call the service per taak, so each change records its event and lands in the
history with the staff user who made it. Both change pages show that history.

The partij page gets a link to the partij's klanttaken (with the number open and overdue)
from here: partijen may not import this app, so this module registers a subclass of the
Partij admin in place, as klantcontacten does.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from klantcontacten.admin import PartijFilter
from klantcontacten.models import Actor, SoortActor
from klantenregister.core.readonly_admin import ReadOnlyAdminMixin
from partijen.admin import PARTIJ_NAAM_RELATED, ServiceAdmin
from partijen.models import Partij
from taken import forms, selectors, services
from taken.models import (
    InterneTaak,
    InterneTaakActor,
    InterneTaakStatus,
    Taak,
    TaakBetrokkene,
    TaakStatus,
)


def _change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=(obj.pk,))


def _changelist_url(model) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


class HistorieSectieMixin:
    """The object's history (HistorieAdminMixin.historie) as a section on its change page."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["historie"] = self.historie(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)


# --- Klanttaak ---------------------------------------------------------------------------------


class AchterstalligFilter(admin.SimpleListFilter):
    """Open klanttaken past a deadline: the vervaldatum (the klant is late) or the
    verloopdatum (the deadline task will close them)."""

    title = "deadline"
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [
            ("achterstallig", "Verlopen / achterstallig (open, deadline voorbij)"),
            ("vervaldatum", "Open, vervaldatum voorbij"),
            ("verloopdatum", "Open, verloopdatum voorbij"),
            ("op_tijd", "Open, geen deadline voorbij"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        value = self.value()
        if value == "achterstallig":
            return queryset.filter(selectors.achterstallig_q(now))
        if value == "vervaldatum":
            return queryset.filter(status=TaakStatus.OPEN, vervaldatum__lt=now)
        if value == "verloopdatum":
            return queryset.filter(status=TaakStatus.OPEN, verloopdatum__lte=now)
        if value == "op_tijd":
            return queryset.filter(status=TaakStatus.OPEN).exclude(selectors.achterstallig_q(now))
        return queryset


class TaakPartijFilter(PartijFilter):
    """The klanttaken of one partij (`?partij=<id>`, linked from the partij page): linked
    directly or through a betrokkene. Shown only while in use."""

    def van_partij(self, queryset, partij_id: int):
        ids = selectors.taken_van_partij(Partij(pk=partij_id)).values("pk")
        return queryset.filter(pk__in=ids)


class EigenaarFilter(admin.SimpleListFilter):
    title = "eigenaar"
    parameter_name = "eigenaar"

    def lookups(self, request, model_admin):
        eigenaren = (
            Taak.objects.exclude(eigenaar="")
            .order_by("eigenaar")
            .values_list("eigenaar", flat=True)
            .distinct()
        )
        return [("-", "Gemeente (geen eigenaar)"), *((e, e) for e in eigenaren)]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(eigenaar="" if value == "-" else value)


class TaakBetrokkeneInline(ReadOnlyAdminMixin, admin.TabularInline):
    """Read-only here: betrokkenen are set through the API (they replace the list)."""

    model = TaakBetrokkene
    fields = ("betrokkene_type", "rol_type", "naam", "medewerker_identificatie", "partij")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "betrokkenen (alleen te lezen; te wijzigen via de API)"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("partij", *(f"partij__{name}" for name in PARTIJ_NAAM_RELATED))
        )


@admin.register(Taak)
class TaakAdmin(HistorieSectieMixin, ServiceAdmin):
    form = forms.TaakForm
    list_display = (
        "title",
        "partij_naam",
        "status",
        "soort",
        "vervaldatum",
        "verloopdatum",
        "achterstallig",
        "eigenaar",
        "zaak_kort",
    )
    list_display_links = ("title",)
    list_filter = ("status", "soort", AchterstalligFilter, EigenaarFilter, TaakPartijFilter)
    list_select_related = ("partij", *(f"partij__{name}" for name in PARTIJ_NAAM_RELATED))
    search_fields = ("title", "=zaak", "=verwerker_taak_id")
    search_help_text = (
        "Zoek op een woord uit de titel, of precies op zaak-URL of verwerker-taak-id."
    )
    date_hierarchy = "vervaldatum"
    ordering = ("-aangemaakt_op", "-pk")
    sortable_by = ("title", "status", "soort", "vervaldatum", "verloopdatum", "eigenaar")
    autocomplete_fields = ("partij",)
    readonly_fields = (
        "uuid",
        "sluitreden",
        "aangemaakt_op",
        "gewijzigd_op",
        "afgerond_op",
        "herinnerd_op",
        "klantcontact",
        "bericht",
    )
    inlines = (TaakBetrokkeneInline,)
    historie_onderdelen = {TaakBetrokkene: ("taak",)}

    def get_fieldsets(self, request, obj=None):
        voor_wie = (
            "partij",
            ("identificatie_type", "identificatie_value"),
        )
        wat = ("title", "onderwerp", "toelichting", "zaak", "soort", ("actie_type", "actie_value"))
        wanneer = ("vervaldatum", "verloopdatum")
        fieldsets = [
            (None, {"fields": ("uuid", "status", "sluitreden") if obj else ()}),
            ("Voor wie", {"fields": voor_wie}),
            ("Wat moet de klant doen", {"fields": wat}),
            ("Deadlines", {"fields": wanneer}),
            (
                "Verwerking",
                {"fields": ("eigenaar", "verwerker_taak_id", "extra_data")},
            ),
            (
                "Betaling (alleen bij soort betaling)",
                {
                    "classes": ("collapse",),
                    "fields": (
                        ("betaling_bedrag", "betaling_betaalkenmerk"),
                        ("betaling_pspid", "betaling_url"),
                    ),
                },
            ),
        ]
        if obj is None:
            fieldsets.pop(0)
        else:
            fieldsets.append(
                (
                    "Verloop",
                    {
                        "classes": ("collapse",),
                        "fields": (
                            ("aangemaakt_op", "gewijzigd_op"),
                            ("afgerond_op", "herinnerd_op"),
                            "klantcontact",
                            "bericht",
                        ),
                    },
                )
            )
        return fieldsets

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        partij = initial.get("partij")
        if isinstance(partij, str) and partij.isdigit():
            bsn = forms.bsn_van_partij(int(partij))
            if bsn:
                initial.setdefault("identificatie_type", "bsn")
                initial.setdefault("identificatie_value", bsn)
        return initial

    @admin.display(description="partij", ordering="partij__nummer")
    def partij_naam(self, obj):
        if obj.partij_id is None:
            return "–"
        return obj.partij.weergavenaam or str(obj.partij)

    @admin.display(description="achterstallig", boolean=True)
    def achterstallig(self, obj):
        if obj.status != TaakStatus.OPEN:
            return None
        now = timezone.now()
        return bool(
            (obj.vervaldatum is not None and obj.vervaldatum < now)
            or (obj.verloopdatum is not None and obj.verloopdatum <= now)
        )

    @admin.display(description="zaak")
    def zaak_kort(self, obj):
        if not obj.zaak:
            return "–"
        return format_html('<a href="{}">{}</a>', obj.zaak, obj.zaak.rstrip("/").rsplit("/")[-1])

    def delete_service(self, obj):
        try:
            services.delete_taak(obj)
        except services.AlleenEigenaar as exc:
            raise ValidationError(str(exc)) from exc


# --- Interne taak ------------------------------------------------------------------------------


class ToegewezenAanFilter(admin.SimpleListFilter):
    """Per medewerker (or team): the actoren that have interne taken, by name; one query."""

    title = "toegewezen aan"
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        actoren = (
            Actor.objects.filter(pk__in=InterneTaakActor.objects.values("actor_id"))
            .order_by("naam", "pk")
            .only("pk", "naam", "soort_actor")
        )
        choices = [("-", "Niemand")]
        for actor in actoren:
            soort = "" if actor.soort_actor == SoortActor.MEDEWERKER else f" ({actor.soort_actor})"
            choices.append((str(actor.pk), f"{actor.naam}{soort}"))
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value == "-":
            return queryset.filter(toewijzingen__isnull=True)
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(
            pk__in=InterneTaakActor.objects.filter(actor_id=value).values("interne_taak_id")
        )


@admin.register(InterneTaak)
class InterneTaakAdmin(HistorieSectieMixin, ServiceAdmin):
    form = forms.InterneTaakForm
    list_display = (
        "nummer",
        "gevraagde_handeling",
        "status",
        "toegewezen_aan",
        "toegewezen_op",
        "afgehandeld_op",
        "klantcontact_link",
    )
    list_display_links = ("nummer", "gevraagde_handeling")
    list_filter = ("status", ToegewezenAanFilter, ("toegewezen_op", admin.DateFieldListFilter))
    list_select_related = ("klantcontact",)
    search_fields = ("=nummer", "=referentienummer", "gevraagde_handeling")
    search_help_text = "Zoek op (referentie)nummer of op een woord uit de gevraagde handeling."
    date_hierarchy = "toegewezen_op"
    autocomplete_fields = ("klantcontact",)
    readonly_fields = ("uuid", "toegewezen_op")
    actions = ("afhandelen", "toewijzen")
    historie_onderdelen = {InterneTaakActor: ("interne_taak",)}

    def get_fieldsets(self, request, obj=None):
        algemeen = ("nummer", "referentienummer", "gevraagde_handeling", "klantcontact")
        fieldsets = [
            (None, {"fields": algemeen if obj is None else ("uuid", *algemeen)}),
            ("Toewijzing", {"fields": ("toegewezen_aan", "toelichting")}),
            (
                "Afhandeling",
                {
                    "fields": (
                        "status",
                        "afgehandeld_op",
                        *(("toegewezen_op",) if obj is not None else ()),
                    )
                },
            ),
        ]
        return fieldsets

    def get_queryset(self, request):
        toewijzingen = InterneTaakActor.objects.select_related("actor").order_by("pk")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("toewijzingen", queryset=toewijzingen))
        )

    @admin.display(description="toegewezen aan")
    def toegewezen_aan(self, obj):
        return ", ".join(t.actor.naam for t in obj.toewijzingen.all()) or "–"

    @admin.display(description="klantcontact", ordering="klantcontact__nummer")
    def klantcontact_link(self, obj):
        klantcontact = obj.klantcontact
        return format_html(
            '<a href="{}">{}</a>', _change_url(klantcontact), klantcontact.nummer or klantcontact
        )

    def delete_service(self, obj):
        services.delete_interne_taak(obj)

    # --- Afhandelen ---

    def _afhandelen(self, request, taken) -> None:
        afgehandeld, al = 0, 0
        for taak in taken:
            if taak.status == InterneTaakStatus.VERWERKT:
                al += 1
                continue
            try:
                with transaction.atomic():
                    services.handel_interne_taak_af(taak)
            except ValidationError as exc:
                self.message_user(
                    request, f"{taak}: {' '.join(exc.messages)}", level=messages.ERROR
                )
            else:
                afgehandeld += 1
        if afgehandeld:
            self.message_user(
                request,
                f"{afgehandeld} interne ta{'ak' if afgehandeld == 1 else 'ken'} afgehandeld.",
                messages.SUCCESS,
            )
        if al:
            self.message_user(
                request, f"{al} was al verwerkt en is ongewijzigd gelaten.", messages.WARNING
            )

    @admin.action(description="Afhandelen (status verwerkt)", permissions=["change"])
    def afhandelen(self, request, queryset):
        self._afhandelen(request, queryset)

    @admin.action(description="Toewijzen aan …", permissions=["change"])
    def toewijzen(self, request, queryset):
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_toewijzen")
        return HttpResponseRedirect(f"{url}?ids={ids}")

    # --- Own pages: toewijzen (one or many), afhandelen from the change page ---

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("toewijzen/", view(self.toewijzen_view), name=f"{prefix}_toewijzen"),
            path(
                "<path:object_id>/afhandelen/",
                view(self.afhandelen_view),
                name=f"{prefix}_afhandelen",
            ),
            *super().get_urls(),
        ]

    def _ids(self, raw: str) -> list[int]:
        return [int(part) for part in raw.split(",") if part.strip().isdigit()]

    def toewijzen_view(self, request):
        """Choose actoren for the interne taken in `?ids=`; each is assigned through
        services.wijs_interne_taak_toe (replacing its assignment)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        ids = self._ids(request.GET.get("ids", ""))
        taken = list(self.get_queryset(request).filter(pk__in=ids))
        if not taken:
            self.message_user(request, "Geen interne taken gekozen.", messages.WARNING)
            return HttpResponseRedirect(_changelist_url(InterneTaak))
        if request.method == "POST":
            form = forms.ToewijzenForm(request.POST)
            if form.is_valid():
                actoren = form.cleaned_data["actoren"]
                gedaan = 0
                for taak in taken:
                    try:
                        with transaction.atomic():
                            services.wijs_interne_taak_toe(taak, actoren)
                    except ValidationError as exc:
                        self.message_user(
                            request, f"{taak}: {' '.join(exc.messages)}", messages.ERROR
                        )
                    else:
                        gedaan += 1
                namen = ", ".join(actor.naam for actor in actoren)
                if gedaan:
                    self.message_user(
                        request,
                        f"{gedaan} interne ta{'ak' if gedaan == 1 else 'ken'} toegewezen aan "
                        f"{namen}.",
                        messages.SUCCESS,
                    )
                if len(taken) == 1:
                    return HttpResponseRedirect(_change_url(taken[0]))
                return HttpResponseRedirect(_changelist_url(InterneTaak))
        else:
            form = forms.ToewijzenForm()
        adminform = helpers.AdminForm(
            form, [(None, {"fields": ("actoren",)})], {}, model_admin=self
        )
        context = {
            **self.admin_site.each_context(request),
            "title": "Interne taken toewijzen",
            "subtitle": None,
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "adminform": adminform,
            "form": form,
            "taken": taken,
            "errors": helpers.AdminErrorList(form, []),
            "media": self.media + adminform.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/taken/internetaak/toewijzen.html", context)

    def afhandelen_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        self._afhandelen(request, [obj])
        return HttpResponseRedirect(_change_url(obj))


# --- The partij page, with a link to its klanttaken ---------------------------------------------

_PartijAdminBase = type(admin.site.get_model_admin(Partij))
admin.site.unregister(Partij)


@admin.register(Partij)
class PartijAdmin(_PartijAdminBase):
    """The Partij admin as registered so far (with its klantcontacten section), with a link
    "Klanttaken (n open, m achterstallig)" to the partij's klanttaken and one to make a
    klanttaak for it. Two counts in one query; nothing per row."""

    change_form_template = "admin/taken/partij_change_form.html"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        taak_admin = self.admin_site.get_model_admin(Taak)
        if obj is not None and obj.pk is not None and taak_admin.has_view_permission(request):
            tellingen = selectors.tellingen_taken_van_partij(obj)
            context["partij_klanttaken"] = {
                **tellingen,
                "url": f"{_changelist_url(Taak)}?partij={obj.pk}",
                "achterstallig_url": (
                    f"{_changelist_url(Taak)}?partij={obj.pk}&deadline=achterstallig"
                ),
                "toevoegen_url": (
                    f"{reverse('admin:taken_taak_add')}?partij={obj.pk}"
                    if taak_admin.has_add_permission(request)
                    else None
                ),
            }
        return super().render_change_form(request, context, add, change, form_url, obj)


# --- The actor page, with a link to its interne taken -------------------------------------------

_ActorAdminBase = type(admin.site.get_model_admin(Actor))
admin.site.unregister(Actor)


@admin.register(Actor)
class ActorAdmin(_ActorAdminBase):
    """The Actor admin as registered so far, with a link "Interne taken (n te verwerken)" to
    the interne taken assigned to the actor (one count query)."""

    change_form_template = "admin/taken/actor_change_form.html"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        taak_admin = self.admin_site.get_model_admin(InterneTaak)
        if obj is not None and obj.pk is not None and taak_admin.has_view_permission(request):
            context["actor_interne_taken"] = {
                "te_verwerken": selectors.open_interne_taken_van_actor(obj).count(),
                "url": (
                    f"{_changelist_url(InterneTaak)}?actor={obj.pk}"
                    f"&status__exact={InterneTaakStatus.TE_VERWERKEN}"
                ),
            }
        return super().render_change_form(request, context, add, change, form_url, obj)
