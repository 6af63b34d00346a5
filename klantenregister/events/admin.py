"""Back office of the outbox: abonnementen, and the events and deliveries they produce.

Abonnementen are set up here (kanalen from the registered KANALEN, filters checked by
`AbonnementKanaal.clean`). The Authorization header is write-only: after saving, the page only
says whether one is set. Events and deliveries are read-only for everyone; staff with the
change permission on afleveringen may send deliveries again ("Nu opnieuw afleveren").
"""

import contextlib
import json
import uuid

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html

from klantenregister.core.readonly_admin import ReadOnlyAdminMixin
from klantenregister.events import delivery as wire
from klantenregister.events import services
from klantenregister.events.kanalen import KANALEN, kanaal_choices
from klantenregister.events.models import (
    Abonnement,
    AbonnementKanaal,
    Delivery,
    Event,
    validate_header_value,
)

# How much of last_error a changelist row shows; the change page shows all of it.
ERROR_PREVIEW_CHARS = 120


def _pre(text: str):
    return format_html('<pre style="white-space: pre-wrap; margin: 0">{}</pre>', text)


def _payload(event: Event, formaat: str):
    """The headers and body of the POST in `formaat`, as sent (the body indented to read)."""
    headers, body = wire.request_for(event, Abonnement(formaat=formaat))
    lines = [f"{name}: {value}" for name, value in sorted(headers.items())]
    pretty = json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    return _pre("\n".join(lines) + "\n\n" + pretty)


# --- Abonnementen ------------------------------------------------------------------------------


class HttpsURLField(forms.URLField):
    """A URL typed without a scheme becomes https:// (Django 6's default, chosen now)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class AbonnementForm(forms.ModelForm):
    # Write-only: a new value replaces the stored one; left empty, the stored one stays.
    nieuwe_auth = forms.CharField(
        label="Nieuwe Authorization-header",
        required=False,
        max_length=Abonnement._meta.get_field("auth").max_length,
        validators=[validate_header_value],
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text='Bijvoorbeeld "Bearer …" of "Token …". Wordt na opslaan niet meer getoond; '
        "leeg laten houdt de huidige waarde.",
    )
    auth_wissen = forms.BooleanField(
        label="Authorization-header wissen",
        required=False,
        help_text="Stuur voortaan geen Authorization-header mee.",
    )

    class Meta:
        model = Abonnement
        fields = ("naam", "callback_url", "formaat", "actief")
        field_classes = {"callback_url": HttpsURLField}

    def clean(self):
        cleaned = super().clean()
        nieuwe_auth = cleaned.get("nieuwe_auth")
        if nieuwe_auth and cleaned.get("auth_wissen"):
            raise forms.ValidationError(
                "Geef een nieuwe Authorization-header óf wis hem, niet allebei."
            )
        if nieuwe_auth:
            self.instance.auth = nieuwe_auth
        elif cleaned.get("auth_wissen"):
            self.instance.auth = ""
        return cleaned


class AbonnementKanaalForm(forms.ModelForm):
    # The kanalen are registered at start-up, so the choices are read when the form is built.
    naam = forms.ChoiceField(label="kanaal", choices=kanaal_choices)
    filters = forms.JSONField(
        required=False,
        initial=dict,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 50}),
        help_text=AbonnementKanaal._meta.get_field("filters").help_text,
    )

    class Meta:
        model = AbonnementKanaal
        fields = ("naam", "filters")

    def clean_filters(self):
        filters = self.cleaned_data.get("filters")
        return {} if filters in (None, "") else filters


class AbonnementKanaalInline(admin.TabularInline):
    model = AbonnementKanaal
    form = AbonnementKanaalForm
    extra = 0
    # Without a kanaal an abonnement receives nothing.
    min_num = 1

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("validate_min", True)
        formset = super().get_formset(request, obj, **kwargs)
        kenmerken = "; ".join(
            f"{naam}: {', '.join(KANALEN[naam].kenmerken) or '–'}" for naam in sorted(KANALEN)
        )
        formset.form.base_fields["filters"].help_text = (
            AbonnementKanaal._meta.get_field("filters").help_text
            + f" Kenmerken per kanaal — {kenmerken or 'geen kanalen geregistreerd'}."
        )
        return formset


def _count(status: str):
    """Subquery counting an abonnement's deliveries in `status` (served by an index)."""
    counts = (
        Delivery.objects.filter(abonnement=OuterRef("pk"), status=status)
        .order_by()
        .values("abonnement")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def _deliveries_link(abonnement: Abonnement, status: str, count: int):
    url = reverse("admin:events_delivery_changelist")
    return format_html(
        '<a href="{}?abonnement__id__exact={}&status__exact={}">{}</a>',
        url,
        abonnement.pk,
        status,
        count,
    )


@admin.register(Abonnement)
class AbonnementAdmin(admin.ModelAdmin):
    form = AbonnementForm
    inlines = (AbonnementKanaalInline,)
    list_display = (
        "naam",
        "callback_url",
        "formaat",
        "actief",
        "kanalen_display",
        "auth_ingesteld",
        "wachtend",
        "mislukt",
    )
    list_filter = ("actief", "formaat")
    search_fields = ("naam", "callback_url")
    readonly_fields = ("auth_ingesteld", "aangemaakt_op", "wachtend", "mislukt")

    def get_fieldsets(self, request, obj=None):
        main = (None, {"fields": ("naam", "callback_url", "formaat", "actief")})
        if obj is None:
            return (main, ("Authenticatie", {"fields": ("nieuwe_auth",)}))
        return (
            main,
            ("Authenticatie", {"fields": ("auth_ingesteld", "nieuwe_auth", "auth_wissen")}),
            ("Afleveringen", {"fields": ("aangemaakt_op", "wachtend", "mislukt")}),
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_wachtend=_count(Delivery.Status.PENDING),
                n_mislukt=_count(Delivery.Status.FAILED),
            )
            .prefetch_related(Prefetch("kanalen", AbonnementKanaal.objects.order_by("naam")))
        )

    @admin.display(description="kanalen")
    def kanalen_display(self, obj):
        return ", ".join(
            f"{kanaal.naam} {json.dumps(kanaal.filters)}" if kanaal.filters else kanaal.naam
            for kanaal in obj.kanalen.all()
        )

    @admin.display(description="Authorization-header ingesteld", boolean=True)
    def auth_ingesteld(self, obj):
        return bool(obj.auth)

    @admin.display(description="wachtend", ordering="n_wachtend")
    def wachtend(self, obj):
        return _deliveries_link(obj, Delivery.Status.PENDING, obj.n_wachtend)

    @admin.display(description="mislukt", ordering="n_mislukt")
    def mislukt(self, obj):
        return _deliveries_link(obj, Delivery.Status.FAILED, obj.n_mislukt)

    def get_deleted_objects(self, objs, request):
        """A summary instead of Django's list of every related row: an abonnement may have
        millions of deliveries, and nobody deletes those one by one (they go with it)."""
        objs = list(objs)
        kanalen = AbonnementKanaal.objects.filter(abonnement__in=objs).count()
        deliveries = Delivery.objects.filter(abonnement__in=objs).count()
        summary = [f"Abonnement: {obj}" for obj in objs] + [
            [
                f"{kanalen} kanaal/kanalen",
                f"{deliveries} aflevering(en), ook wachtende en mislukte: "
                "die worden niet meer afgeleverd",
            ]
        ]
        model_count = {
            Abonnement._meta.verbose_name_plural: len(objs),
            AbonnementKanaal._meta.verbose_name_plural: kanalen,
            Delivery._meta.verbose_name_plural: deliveries,
        }
        perms_needed = set() if self.has_delete_permission(request) else {"abonnement"}
        return summary, model_count, perms_needed, []


# --- Gebeurtenissen ----------------------------------------------------------------------------


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Nobody adds, edits or deletes these by hand: the outbox writes and prunes them."""


class DeliveryInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    show_change_link = True
    fields = (
        "abonnement",
        "status",
        "attempts",
        "next_attempt_at",
        "last_status_code",
        "fout",
        "delivered_at",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("abonnement")

    @admin.display(description="laatste fout")
    def fout(self, obj):
        return _pre(obj.last_error) if obj.last_error else "–"


def search_events(queryset, term: str, prefix: str = ""):
    """Events by event uuid, or by the URL or uuid of the resource or its hoofdObject."""
    term = term.strip()
    if not term:
        return queryset
    condition = (
        Q(**{f"{prefix}resource_url": term})
        | Q(**{f"{prefix}hoofd_object": term})
        # URLs end in the object's uuid; matching their end finds an object by its uuid.
        | Q(**{f"{prefix}resource_url__endswith": f"/{term}"})
        | Q(**{f"{prefix}hoofd_object__endswith": f"/{term}"})
    )
    with contextlib.suppress(ValueError):
        condition |= Q(**{f"{prefix}uuid": uuid.UUID(term)})
    return queryset.filter(condition)


class _ChoicesFilter(admin.SimpleListFilter):
    """A filter whose options come from the code, not from a DISTINCT over a large table."""

    field = ""

    def choices_from_code(self) -> list[str]:
        raise NotImplementedError

    def lookups(self, request, model_admin):
        return [(value, value) for value in self.choices_from_code()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.field: self.value()})
        return queryset


def choices_filter(title: str, field: str, choices) -> type[admin.SimpleListFilter]:
    return type(
        f"{field}_filter",
        (_ChoicesFilter,),
        {
            "title": title,
            "parameter_name": field,
            "field": field,
            "choices_from_code": lambda self: choices(),
        },
    )


def _kanalen() -> list[str]:
    return sorted(KANALEN)


def _acties() -> list[str]:
    return ["create", "update", "destroy"]


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    inlines = (DeliveryInline,)
    list_display = (
        "aanmaakdatum",
        "kanaal",
        "resource",
        "actie",
        "handeling",
        "actor",
        "resource_url",
    )
    list_filter = (
        choices_filter("kanaal", "kanaal", _kanalen),
        choices_filter("resource", "resource", services.registered_resources),
        choices_filter("actie", "actie", _acties),
        "aanmaakdatum",
    )
    # One search box, handled by get_search_results (uuid or URL).
    search_fields = ("resource_url",)
    search_help_text = "Zoek op de uuid van de gebeurtenis, of op de URL of uuid van het object."
    show_full_result_count = False
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "uuid",
                    "aanmaakdatum",
                    "kanaal",
                    "resource",
                    "actie",
                    "handeling",
                    "resource_url",
                    "hoofd_object",
                    "kenmerken",
                    "actor",
                    "api_client",
                    "fanned_out_at",
                )
            },
        ),
        (
            "Bericht zoals verstuurd",
            {"fields": ("cloudevents_bericht", "notificatie_bericht")},
        ),
    )

    def get_search_results(self, request, queryset, search_term):
        return search_events(queryset, search_term), False

    @admin.display(description="CloudEvents 1.0")
    def cloudevents_bericht(self, obj):
        return _payload(obj, Abonnement.Formaat.CLOUDEVENTS)

    @admin.display(description="VNG Notificaties API (NRC)")
    def notificatie_bericht(self, obj):
        return _payload(obj, Abonnement.Formaat.NOTIFICATIE)


# --- Afleveringen ------------------------------------------------------------------------------


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = (
        "event_display",
        "abonnement",
        "status",
        "attempts",
        "next_attempt_at",
        "last_status_code",
        "fout_kort",
        "delivered_at",
    )
    list_select_related = ("event", "abonnement")
    list_filter = ("status", "abonnement", choices_filter("kanaal", "event__kanaal", _kanalen))
    search_fields = ("event__resource_url",)
    search_help_text = "Zoek op de uuid van de gebeurtenis, of op de URL of uuid van het object."
    show_full_result_count = False
    actions = ("nu_opnieuw_afleveren",)
    fields = (
        "event_link",
        "abonnement",
        "status",
        "attempts",
        "next_attempt_at",
        "locked_until",
        "last_attempt_at",
        "last_status_code",
        "fout",
        "delivered_at",
        "bericht",
    )
    readonly_fields = fields

    def get_search_results(self, request, queryset, search_term):
        return search_events(queryset, search_term, prefix="event__"), False

    def has_retry_permission(self, request):
        return request.user.has_perm("events.change_delivery")

    @admin.action(description="Nu opnieuw afleveren (mislukte en wachtende)", permissions=["retry"])
    def nu_opnieuw_afleveren(self, request, queryset):
        selected = queryset.count()
        count = services.retry_deliveries(queryset)
        self.message_user(
            request,
            f"{count} van {selected} aflevering(en) worden nu opnieuw afgeleverd"
            + (
                "; afgeleverde en die op dit moment verstuurd worden zijn overgeslagen."
                if count < selected
                else "."
            ),
            messages.SUCCESS if count else messages.WARNING,
        )

    @admin.display(description="gebeurtenis", ordering="event_id")
    def event_display(self, obj):
        event = obj.event
        return (
            f"{event.kanaal} {event.resource} {event.actie} ({event.aanmaakdatum:%Y-%m-%d %H:%M})"
        )

    @admin.display(description="gebeurtenis")
    def event_link(self, obj):
        url = reverse("admin:events_event_change", args=[obj.event_id])
        return format_html('<a href="{}">{}</a>', url, obj.event)

    @admin.display(description="laatste fout")
    def fout_kort(self, obj):
        error = obj.last_error
        if len(error) > ERROR_PREVIEW_CHARS:
            return error[: ERROR_PREVIEW_CHARS - 1] + "…"
        return error or "–"

    @admin.display(description="laatste fout")
    def fout(self, obj):
        return _pre(obj.last_error) if obj.last_error else "–"

    @admin.display(description="bericht zoals verstuurd")
    def bericht(self, obj):
        payload = _payload(obj.event, obj.abonnement.formaat)
        if not obj.abonnement.auth:
            return payload
        return format_html("{}<p>Plus de Authorization-header van het abonnement.</p>", payload)
