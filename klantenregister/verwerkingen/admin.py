"""Read-only back office for the verwerkingenlogging: nobody adds, edits or deletes a row."""

import uuid

from django.contrib import admin
from django.contrib.auth import get_user_model
from stdnum.nl import bsn as stdnum_bsn

from klantenregister.core.models import ApiClient
from klantenregister.core.readonly_admin import ReadOnlyAdminMixin
from klantenregister.verwerkingen import selectors
from klantenregister.verwerkingen.models import Verwerkingsactie


class ActorFilter(admin.SimpleListFilter):
    """The applicaties and staff users that can appear as actor; read from their own (small)
    tables, never by a DISTINCT over the log."""

    title = "actor"
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        clients = [
            f"applicatie {naam}" for naam in ApiClient.objects.values_list("naam", flat=True)
        ]
        users = [
            f"medewerker {username}"
            for username in get_user_model()
            .objects.filter(is_staff=True)
            .order_by("username")
            .values_list("username", flat=True)
        ]
        return [(actor, actor) for actor in (*clients, *users)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(actor=self.value())
        return queryset


@admin.register(Verwerkingsactie)
class VerwerkingsactieAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "tijdstip",
        "actor",
        "kanaal",
        "soort",
        "doelbinding",
        "vertrouwelijkheid",
        "partij_uuid",
        "pad",
    )
    list_filter = (("tijdstip", admin.DateFieldListFilter), ActorFilter, "soort", "kanaal")
    search_fields = ("partij_uuid",)  # shows the search box; get_search_results does the work
    search_help_text = (
        "Zoek op partij-uuid, op BSN (ook zoekopdrachten zonder resultaat) of op een "
        "gemaskeerde waarde uit de applicatielogs (bsn:…)."
    )
    # One COUNT over the filtered rows is enough; the log grows without end.
    show_full_result_count = False
    list_per_page = 50

    def get_queryset(self, request):
        return selectors.verwerkingsacties()

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        compact = term.replace(" ", "").replace(".", "")
        if stdnum_bsn.is_valid(compact) and len(compact) == 9:
            # What staff type is hashed the way the log stored it.
            return queryset.filter(selectors.bsn_condition(compact)), False
        if term.startswith("bsn:"):
            return queryset.filter(zoekwaarde=term), False
        try:
            return queryset.filter(partij_uuid=uuid.UUID(term)), False
        except ValueError:
            return queryset.none(), False
