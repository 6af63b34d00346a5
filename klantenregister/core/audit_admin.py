"""The audit trail in the admin: the "Historie" page of every object (in place of Django's
"Geschiedenis", which lists only the admin's own LogEntries and so misses every change made
through the API, by a task or by a command) and the "Audit trail" page with every change of
every model, filtered, paged and exportable as CSV or JSON Lines.

The reading lives in klantenregister/core/audit.py; this module only turns it into pages.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import dateformat, timezone
from django.utils.text import capfirst

from klantenregister.core import audit
from klantenregister.core.readonly_admin import ReadOnlyAdminMixin

AUDITTRAIL_PERMISSION = "audittrail_inzien"
TRAIL_PAGE_SIZE = 100


@dataclass(frozen=True)
class HistorieRij:
    """One line of a Historie table, ready to show."""

    tijdstip: str
    actor: str
    actie: str
    onderdeel: str
    beschrijving: str
    link: str | None
    wijzigingen: list[tuple[str, str | None, str]] = field(default_factory=list)


def _tijdstip(moment: datetime) -> str:
    return dateformat.format(timezone.localtime(moment), "d-m-Y H:i:s")


def _tekst(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        return _tijdstip(value)
    if isinstance(value, date):
        return dateformat.format(value, "d-m-Y")
    return str(value)


def _label(model, veld: str) -> str:
    try:
        return str(model._meta.get_field(veld).verbose_name)
    except FieldDoesNotExist:  # a field since removed from the model
        return veld


def _change_url(model, pk) -> str | None:
    opts = model._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=(pk,))
    except NoReverseMatch:
        return None


def historie_rijen(regels: list[audit.AuditRegel]) -> list[HistorieRij]:
    """AuditRegels as table lines, in the given order; each object links to its page while
    it exists (one query per model)."""
    ids: dict = defaultdict(set)
    for regel in regels:
        ids[regel.model].add(regel.object_id)
    bestaand = {
        (model, pk)
        for model, pks in ids.items()
        for pk in model._default_manager.filter(pk__in=pks).values_list("pk", flat=True)
    }
    rijen = []
    for regel in regels:
        exists = (regel.model, regel.object_id) in bestaand
        beschrijving = str(regel.uuid or regel.object_id)
        rijen.append(
            HistorieRij(
                tijdstip=_tijdstip(regel.tijdstip),
                actor=regel.actor,
                actie=regel.actie,
                onderdeel=str(regel.model._meta.verbose_name),
                beschrijving=beschrijving if exists else f"{beschrijving} (verwijderd)",
                link=_change_url(regel.model, regel.object_id) if exists else None,
                wijzigingen=[
                    (
                        _label(regel.model, w.veld),
                        None if regel.actie == "aangemaakt" else _tekst(w.oud),
                        _tekst(w.nieuw),
                    )
                    for w in regel.wijzigingen
                ],
            )
        )
    return rijen


def audittrail_url(request, admin_site) -> str | None:
    """The Audit trail page, when this user may see it."""
    for model_admin in admin_site._registry.values():
        if isinstance(model_admin, AuditTrailAdmin) and model_admin.has_view_permission(request):
            opts = model_admin.opts
            return reverse(f"{admin_site.name}:{opts.app_label}_{opts.model_name}_changelist")
    return None


class HistorieAdminMixin:
    """For a ModelAdmin: its "Geschiedenis" button opens the object's real history, with
    the records it owns (`historie_onderdelen`: owned model → its foreign keys to the
    object, e.g. `{DigitaalAdres: ("partij",)}`)."""

    historie_onderdelen: dict = {}
    historie_template = "admin/audit/object_history.html"

    def historie(self, request, obj) -> list[HistorieRij]:
        regels = audit.object_history(self.model, obj.pk, self.historie_onderdelen)
        regels.reverse()  # newest first
        return historie_rijen(regels)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"Historie: {obj}",
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "historie": self.historie(request, obj),
            "audittrail_url": audittrail_url(request, self.admin_site),
            "object_uuid": getattr(obj, "uuid", None),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.historie_template, context)


# --- The Audit trail page -----------------------------------------------------------------


def _model_choices() -> list[tuple[str, str]]:
    return [("", "alle")] + [
        (
            model._meta.label_lower,
            f"{capfirst(model._meta.verbose_name)} ({model._meta.app_config.verbose_name})",
        )
        for model in audit.audited_models()
    ]


class AuditTrailFilterForm(forms.Form):
    model = forms.ChoiceField(label="Soort object", required=False)
    actor = forms.CharField(
        label="Wie",
        required=False,
        max_length=250,
        help_text="Deel van de actor, bv. 'medewerker jan', 'applicatie' of 'taak'.",
    )
    van = forms.DateField(
        label="Van", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    tot_en_met = forms.DateField(
        label="Tot en met", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    uuid = forms.UUIDField(
        label="UUID",
        required=False,
        help_text="Het object, de gegevens die het bezit en wat ernaar verwijst (ook verwijderd).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = _model_choices()

    def audit_filter(self) -> audit.AuditFilter:
        """The filter the form describes (call only when it is unbound or valid)."""
        data = self.cleaned_data if self.is_bound else {}
        zone = timezone.get_current_timezone()
        van, tot = data.get("van"), data.get("tot_en_met")
        return audit.AuditFilter(
            models=(audit.model_by_label(data["model"]),) if data.get("model") else (),
            actor=data.get("actor", ""),
            since=datetime.combine(van, time.min, zone) if van else None,
            until=datetime.combine(tot + timedelta(days=1), time.min, zone) if tot else None,
            object_uuid=data.get("uuid"),
        )


def _usable(form: AuditTrailFilterForm) -> bool:
    return not form.is_bound or form.is_valid()


class AuditTrailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The "Audit trail" page: every change of every model with history, newest first,
    filtered on soort object, actor, period and uuid, with CSV and JSON Lines export. Seeing
    it needs the permission `audittrail_inzien` (or superuser): it shows personal data."""

    def _permitted(self, request) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.{AUDITTRAIL_PERMISSION}")

    def has_view_permission(self, request, obj=None):
        return self._permitted(request)

    def has_module_permission(self, request):
        return self._permitted(request)

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("", view(self.trail_view), name=f"{prefix}_changelist"),
            path("export/", view(self.export_view), name=f"{prefix}_export"),
        ]

    def trail_view(self, request):
        if not self._permitted(request):
            raise PermissionDenied
        form = AuditTrailFilterForm(request.GET or None)
        # A filter that cannot be read (a malformed uuid) shows its error, not everything.
        trail = audit.audit_trail(form.audit_filter()) if _usable(form) else []
        paginator = Paginator(trail, TRAIL_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("p"))
        query = request.GET.copy()
        query.pop("p", None)
        context = {
            **self.admin_site.each_context(request),
            "title": "Audit trail",
            "subtitle": None,
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "form": form,
            "page": page,
            "historie": historie_rijen(audit.describe(page.object_list)),
            "query": query.urlencode(),
            "export_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_export"),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/audit/audit_trail.html", context)

    def export_view(self, request):
        """The filtered trail as a file, streamed in chunks (`formaat=csv` or `jsonl`)."""
        if not self._permitted(request):
            raise PermissionDenied
        export_format = request.GET.get("formaat", "csv")
        if export_format not in audit.EXPORT_FORMATS:
            export_format = "csv"
        form = AuditTrailFilterForm(request.GET or None)
        if not _usable(form):
            return HttpResponseBadRequest(
                "Ongeldig filter: " + form.errors.as_text(), content_type="text/plain"
            )
        lines = audit.export_lines(audit.iterate_trail(form.audit_filter()), export_format)
        content_type = "text/csv" if export_format == "csv" else "application/jsonl"
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = StreamingHttpResponse(lines, content_type=f"{content_type}; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="audittrail-{stamp}.{export_format}"'
        )
        return response
