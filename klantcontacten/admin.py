"""The back office for klantcontacten.

As for partijen (see `partijen/admin.py`), every write goes through `klantcontacten.services`,
the functions the API uses: forms validate by a dry run of the service, inline rows are saved
row by row through it, and deletes call the service's delete functions. Each write therefore
lands in the change history with the staff user who made it ("medewerker <username>"), which
the klantcontact page shows in its "Historie" section.

The partij page gets a "Klantcontacten" section from here: partijen may not import this app,
so this module registers a subclass of the partijen PartijAdmin in its place.
"""

import json
from collections import defaultdict
from datetime import datetime
from uuid import UUID

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import dateformat, timezone

from klantcontacten import forms, selectors, services
from klantcontacten.models import (
    Actor,
    ActorKlantcontact,
    Betrokkene,
    Bijlage,
    Klantcontact,
    Onderwerpobject,
)
from klantenregister.core.audit_admin import HistorieRij
from partijen import admin as partijen_admin
from partijen.admin import PARTIJ_NAAM_RELATED, ServiceAdmin, adres_fieldset
from partijen.forms import add_service_errors
from partijen.models import Partij


def _related(prefix: str, *names: str) -> tuple[str, ...]:
    return tuple(f"{prefix}__{name}" for name in names)


# A betrokkene is found by the name given in the contact or by the name of its partij.
BETROKKENE_NAAM_SEARCH = (
    "contactnaam_achternaam",
    "contactnaam_voornaam",
    "organisatienaam",
    "partij__organisatie__naam",
    "partij__persoon__contactnaam_achternaam",
    "partij__persoon__contactnaam_voornaam",
    "partij__contactpersoon__contactnaam_achternaam",
    "partij__contactpersoon__contactnaam_voornaam",
)
BETROKKENE_PARTIJ_RELATED = ("partij", *_related("partij", *PARTIJ_NAAM_RELATED))


def betrokkene_naam(betrokkene: Betrokkene) -> str:
    """The name given in the contact, else the partij's name (with `partij` and its names
    selected, no query)."""
    naam = betrokkene.volledige_naam or betrokkene.organisatienaam
    if not naam and betrokkene.partij_id is not None:
        naam = betrokkene.partij.weergavenaam or str(betrokkene.partij)
    return naam or "onbekend"


def identificator_kolommen(prefix: str) -> list:
    """Changelist columns for a generic identificator, with the short labels of the form."""
    kolommen = []
    for name, label in forms.identificator_labels(prefix).items():

        @admin.display(description=label, ordering=name)
        def kolom(obj, name=name):
            return getattr(obj, name) or "–"

        kolommen.append(kolom)
    return kolommen


def _change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=(obj.pk,))


# --- Historie ---------------------------------------------------------------------------------

ONDERDELEN = {
    "klantcontact": (Klantcontact, "klantcontact"),
    "betrokkene": (Betrokkene, "betrokkene"),
    "onderwerpobject": (Onderwerpobject, "onderwerpobject"),
    "bijlage": (Bijlage, "bijlage"),
    "actorklantcontact": (ActorKlantcontact, "actor"),
}
# History fields (API names) that hold the uuid of another object, and its model.
VERWIJZINGEN = {
    "klantcontact": Klantcontact,
    "hadKlantcontact": Klantcontact,
    "wasKlantcontact": Klantcontact,
    "wasBijlageVanKlantcontact": Klantcontact,
    "wasPartij": Partij,
    "actor": Actor,
}
# What str() of each model needs, selected in the same query.
STR_RELATED = {
    Partij: PARTIJ_NAAM_RELATED,
    Betrokkene: BETROKKENE_PARTIJ_RELATED,
    ActorKlantcontact: ("actor",),
}


def _objecten(regels) -> dict:
    """(model, uuid) → current object for every part and referenced object in the history
    that still exists; one query per model."""
    wanted: dict = defaultdict(set)
    for regel in regels:
        wanted[ONDERDELEN[regel.resource][0]].add(regel.uuid)
        for wijziging in regel.wijzigingen:
            model = VERWIJZINGEN.get(wijziging.veld)
            for value in (wijziging.oud, wijziging.nieuw):
                if model is not None and isinstance(value, UUID):
                    wanted[model].add(value)
    found = {}
    for model, uuids in wanted.items():
        rows = model.objects.filter(uuid__in=uuids).select_related(*STR_RELATED.get(model, ()))
        found.update({(model, obj.uuid): obj for obj in rows})
    return found


def _naam(obj) -> str:
    if isinstance(obj, Betrokkene):
        return betrokkene_naam(obj)
    if isinstance(obj, ActorKlantcontact):
        return str(obj.actor)
    return str(obj)


def _tekst(value, model, objecten: dict) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        return dateformat.format(timezone.localtime(value), "d-m-Y H:i:s")
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if model is not None and isinstance(value, UUID):
        obj = objecten.get((model, value))
        return _naam(obj) if obj is not None else f"{value} (verwijderd)"
    return str(value)


def _beschrijving(resource: str, staat: dict) -> str:
    """What a part was, from its last known values (for a part that no longer exists)."""
    if resource == "betrokkene":
        naam = " ".join(
            staat.get(f"contactnaam.{sub}") or ""
            for sub in ("voornaam", "voorvoegselAchternaam", "achternaam")
        ).split()
        return " ".join(naam) or staat.get("organisatienaam") or staat.get("wasPartij") or ""
    if resource == "onderwerpobject":
        return " ".join(
            staat.get(f"onderwerpobjectidentificator.{sub}") or ""
            for sub in ("codeObjecttype", "objectId")
        ).strip()
    if resource == "bijlage":
        return staat.get("bijlageidentificator.objectId") or ""
    if resource == "actorklantcontact":
        return staat.get("actor") or ""
    return ""


def historie(klantcontact: Klantcontact) -> list[HistorieRij]:
    """The klantcontact's history (selectors.klantcontact_historie) for staff, newest first:
    values as text, references by name, each part with a link while it exists."""
    regels = selectors.klantcontact_historie(klantcontact)
    objecten = _objecten(regels)
    staat: dict = defaultdict(dict)  # uuid → {veld: text} as of the row being read
    rijen = []
    for regel in regels:
        model, onderdeel = ONDERDELEN[regel.resource]
        wijzigingen = []
        for wijziging in regel.wijzigingen:
            ref = VERWIJZINGEN.get(wijziging.veld)
            nieuw = _tekst(wijziging.nieuw, ref, objecten)
            oud = None if regel.actie == "aangemaakt" else _tekst(wijziging.oud, ref, objecten)
            wijzigingen.append((wijziging.veld, oud, nieuw))
            staat[regel.uuid][wijziging.veld] = nieuw
        obj = objecten.get((model, regel.uuid))
        link = None
        if model is Klantcontact:
            beschrijving = ""
        elif obj is None:
            beschrijving = _beschrijving(regel.resource, staat[regel.uuid]) or str(regel.uuid)
        else:
            beschrijving = _naam(obj)
            link = _change_url(obj)
        rijen.append(
            HistorieRij(
                tijdstip=dateformat.format(timezone.localtime(regel.tijdstip), "d-m-Y H:i:s"),
                actor=regel.actor,
                actie=regel.actie,
                onderdeel=onderdeel,
                beschrijving=beschrijving,
                link=link,
                wijzigingen=wijzigingen,
            )
        )
    rijen.reverse()
    return rijen


# --- Klantcontact -----------------------------------------------------------------------------


class PartijFilter(admin.SimpleListFilter):
    """The klantcontacten of one partij (`?partij=<id>`, linked from the partij page). Shown
    only while in use: a list of every partij would be the whole table."""

    title = "partij"
    parameter_name = "partij"

    def lookups(self, request, model_admin):
        value = self.value()
        if value is None:
            return []
        partij = None
        if value.isdigit():
            partij = Partij.objects.select_related(*PARTIJ_NAAM_RELATED).filter(pk=value).first()
        return [(value, str(partij) if partij is not None else "onbekende partij")]

    def has_output(self):
        # Django leaves out a filter without output, and with it the filtering itself.
        return self.value() is not None

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return self.van_partij(queryset, int(value))

    def van_partij(self, queryset, partij_id: int):
        """The rows of `queryset` that belong to the partij; other changelists override it."""
        return queryset.filter(
            pk__in=Betrokkene.objects.filter(partij_id=partij_id).values("klantcontact_id")
        )


class NoDeleteRelatedMixin:
    """No "delete the chosen partij/actor" button next to a row's choice: deleting a partij
    is done on its own page, where its consequences are shown."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and hasattr(formfield.widget, "can_delete_related"):
            formfield.widget.can_delete_related = False
        return formfield


class BetrokkeneInline(NoDeleteRelatedMixin, admin.TabularInline):
    model = Betrokkene
    fk_name = "klantcontact"
    form = forms.BetrokkeneInlineForm
    formset = forms.BetrokkeneInlineFormSet
    autocomplete_fields = ("partij",)
    show_change_link = True  # addresses are on the betrokkene's own page
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*BETROKKENE_PARTIJ_RELATED)


class OnderwerpobjectInline(admin.TabularInline):
    model = Onderwerpobject
    fk_name = "klantcontact"
    form = forms.OnderwerpobjectInlineForm
    formset = forms.OnderwerpobjectInlineFormSet
    verbose_name_plural = "onderwerpobjecten (ging over)"
    show_change_link = True
    extra = 0


class BijlageInline(admin.TabularInline):
    model = Bijlage
    fk_name = "klantcontact"
    form = forms.BijlageInlineForm
    formset = forms.BijlageInlineFormSet
    show_change_link = True
    extra = 0


class ActorKlantcontactInline(NoDeleteRelatedMixin, admin.TabularInline):
    model = ActorKlantcontact
    fk_name = "klantcontact"
    formset = forms.ActorKlantcontactInlineFormSet
    fields = ("actor",)
    autocomplete_fields = ("actor",)
    verbose_name = "actor"
    verbose_name_plural = "actoren (had betrokken actoren)"
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(Klantcontact)
class KlantcontactAdmin(ServiceAdmin):
    form = forms.KlantcontactForm
    list_display = (
        "nummer",
        "onderwerp",
        "kanaal",
        "plaatsgevonden_op",
        "contact_gelukt",
        "betrokkenen_namen",
    )
    list_display_links = ("nummer", "onderwerp")
    list_filter = (
        "kanaal",
        ("plaatsgevonden_op", admin.DateFieldListFilter),
        ("actoren", admin.RelatedOnlyFieldListFilter),
        "indicatie_contact_gelukt",
        "vertrouwelijk",
        PartijFilter,
    )
    date_hierarchy = "plaatsgevonden_op"
    ordering = ("-plaatsgevonden_op", "-pk")
    search_fields = (
        "nummer",
        "referentienummer",
        "onderwerp",
        *_related("betrokkenen", *BETROKKENE_NAAM_SEARCH),
    )
    search_help_text = (
        "Zoek op nummer, onderwerp of de naam van een betrokkene (zoals in het contact "
        "genoemd of van de partij)."
    )
    readonly_fields = ("uuid",)
    inlines = (BetrokkeneInline, OnderwerpobjectInline, BijlageInline, ActorKlantcontactInline)

    def get_fieldsets(self, request, obj=None):
        algemeen = (
            "nummer",
            "referentienummer",
            "onderwerp",
            ("kanaal", "taal"),
            "plaatsgevonden_op",
            "vertrouwelijk",
        )
        return [
            (None, {"fields": algemeen if obj is None else ("uuid", *algemeen)}),
            ("Inhoud", {"fields": ("inhoud", "reactie")}),
            (
                "Afloop",
                {
                    "fields": (
                        "indicatie_contact_gelukt",
                        "verdere_actie_ondernomen",
                        "hoofd_onderwerp_type",
                    )
                },
            ),
            ("Metadata", {"classes": ("collapse",), "fields": ("metadata",)}),
        ]

    def get_queryset(self, request):
        # The names in the list come with the betrokkenen: one query whatever the page size.
        betrokkenen = Betrokkene.objects.select_related(*BETROKKENE_PARTIJ_RELATED).order_by("pk")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("betrokkenen", queryset=betrokkenen))
        )

    @admin.display(description="contact gelukt", boolean=True, ordering="indicatie_contact_gelukt")
    def contact_gelukt(self, obj):
        return obj.indicatie_contact_gelukt

    @admin.display(description="betrokkenen")
    def betrokkenen_namen(self, obj):
        return ", ".join(betrokkene_naam(b) for b in obj.betrokkenen.all()) or "–"

    def delete_service(self, obj):
        services.delete_klantcontact(obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["historie"] = historie(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def historie(self, request, obj):
        # The Historie page shows what the section on the page shows: parts by name.
        return historie(obj)

    # --- Telefoongesprek registreren ---

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "telefoongesprek/",
                self.admin_site.admin_view(self.telefoongesprek_view),
                name=f"{opts.app_label}_{opts.model_name}_telefoongesprek",
            ),
            *super().get_urls(),
        ]

    def telefoongesprek_view(self, request):
        """One form for a telephone conversation, saved with services.maak_klantcontact."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            form = forms.TelefoongesprekForm(request.POST)
            if form.is_valid():
                try:
                    with transaction.atomic():
                        gemaakt = form.save()
                        klantcontact = gemaakt.klantcontact
                        self.log_addition(request, klantcontact, [{"added": {}}])
                except ValidationError as exc:
                    add_service_errors(form, exc, form.error_aliases)
                else:
                    self.message_user(
                        request,
                        f"Telefoongesprek geregistreerd als klantcontact {klantcontact.nummer}.",
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(_change_url(klantcontact))
        else:
            initial = {}
            partij = request.GET.get("partij")
            if partij and partij.isdigit():
                initial["partij"] = partij
            form = forms.TelefoongesprekForm(initial=initial)
        adminform = helpers.AdminForm(form, list(form.fieldsets), {}, model_admin=self)
        context = {
            **self.admin_site.each_context(request),
            "title": "Telefoongesprek registreren",
            "opts": self.model._meta,
            "adminform": adminform,
            "form": form,
            "errors": helpers.AdminErrorList(form, []),
            "media": self.media + adminform.media,
        }
        return TemplateResponse(
            request, "admin/klantcontacten/klantcontact/telefoongesprek.html", context
        )


# --- The parts of a klantcontact on their own --------------------------------------------------


@admin.register(Betrokkene)
class BetrokkeneAdmin(ServiceAdmin):
    form = forms.BetrokkeneForm
    list_display = ("naam", "rol", "initiator", "klantcontact", "partij")
    list_filter = ("rol", "initiator")
    list_select_related = ("klantcontact", *BETROKKENE_PARTIJ_RELATED)
    search_fields = (*BETROKKENE_NAAM_SEARCH, "klantcontact__nummer", "partij__nummer")
    search_help_text = "Zoek op naam, partijnummer of klantcontactnummer."
    autocomplete_fields = ("klantcontact", "partij")
    readonly_fields = ("uuid", "verstrekte_digitale_adressen")

    def get_fieldsets(self, request, obj=None):
        algemeen = ("klantcontact", "partij", ("rol", "initiator"))
        fieldsets = [
            (None, {"fields": algemeen if obj is None else ("uuid", *algemeen)}),
            (
                "Naam",
                {
                    "description": "Zoals genoemd in het contact; leeg als alleen de partij "
                    "bekend is.",
                    "fields": ("organisatienaam", forms.CONTACTNAAM_FIELDS),
                },
            ),
            adres_fieldset("bezoekadres", "Bezoekadres"),
            adres_fieldset("correspondentieadres", "Correspondentieadres"),
        ]
        if obj is not None:
            fieldsets.append(("Digitale adressen", {"fields": ("verstrekte_digitale_adressen",)}))
        return fieldsets

    @admin.display(description="naam")
    def naam(self, obj):
        return betrokkene_naam(obj)

    @admin.display(description="verstrekt door deze betrokkene")
    def verstrekte_digitale_adressen(self, obj):
        adressen = [str(adres) for adres in obj.digitale_adressen.all()]
        return ", ".join(adressen) or "–"

    def delete_service(self, obj):
        services.delete_betrokkene(obj)


@admin.register(Onderwerpobject)
class OnderwerpobjectAdmin(ServiceAdmin):
    form = forms.OnderwerpobjectForm
    list_display = (
        *identificator_kolommen("onderwerpobjectidentificator"),
        "klantcontact",
        "was_klantcontact",
    )
    list_filter = (
        "onderwerpobjectidentificator_code_objecttype",
        "onderwerpobjectidentificator_code_register",
    )
    list_select_related = ("klantcontact", "was_klantcontact")
    search_fields = (
        "onderwerpobjectidentificator_object_id",
        "klantcontact__nummer",
        "klantcontact__onderwerp",
    )
    search_help_text = "Zoek op object-ID (bv. zaaknummer) of op het klantcontact."
    autocomplete_fields = ("klantcontact", "was_klantcontact")
    readonly_fields = ("uuid",)
    fields = ("uuid", "klantcontact", "was_klantcontact", *forms.ONDERWERPOBJECT_FORM_FIELDS)

    def delete_service(self, obj):
        # Without cascade: the klantcontacten stay (DELETE without ?cascade=true).
        services.delete_onderwerpobject(obj)


@admin.register(Bijlage)
class BijlageAdmin(ServiceAdmin):
    form = forms.BijlageForm
    list_display = (*identificator_kolommen("bijlageidentificator"), "klantcontact")
    list_filter = ("bijlageidentificator_code_objecttype", "bijlageidentificator_code_register")
    list_select_related = ("klantcontact",)
    search_fields = ("bijlageidentificator_object_id", "klantcontact__nummer")
    search_help_text = "Zoek op object-ID of op het nummer van het klantcontact."
    autocomplete_fields = ("klantcontact",)
    readonly_fields = ("uuid",)
    fields = ("uuid", "klantcontact", *forms.BIJLAGE_FORM_FIELDS)

    def delete_service(self, obj):
        services.delete_object(obj)


@admin.register(Actor)
class ActorAdmin(ServiceAdmin):
    form = forms.ActorForm
    list_display = ("naam", "soort_actor", "functie", "emailadres", "indicatie_actief")
    list_filter = ("soort_actor", "indicatie_actief")
    search_fields = ("naam", "emailadres", "functie", "actoridentificator_object_id")
    search_help_text = "Zoek op naam, e-mailadres, functie of actoridentificator."
    readonly_fields = ("uuid",)

    def get_fieldsets(self, request, obj=None):
        algemeen = ("naam", "soort_actor", "indicatie_actief")
        return [
            (None, {"fields": algemeen if obj is None else ("uuid", *algemeen)}),
            (
                "Actoridentificatie",
                {
                    "description": forms.ACTOR_IDENTIFICATIE_HELP,
                    "fields": (
                        "functie",
                        "omschrijving",
                        "emailadres",
                        "telefoonnummer",
                        "faxnummer",
                    ),
                },
            ),
            (
                "Actoridentificator",
                {"classes": ("collapse",), "fields": forms.ACTORIDENTIFICATOR_FORM_FIELDS},
            ),
        ]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Linking an actor to a klantcontact: only actors that are still active.
        if request.GET.get("model_name") == "actorklantcontact":
            queryset = queryset.filter(indicatie_actief=True)
        return queryset, may_have_duplicates

    def delete_service(self, obj):
        services.delete_actor(obj)


@admin.register(ActorKlantcontact)
class ActorKlantcontactAdmin(ServiceAdmin):
    form = forms.ActorKlantcontactForm
    list_display = ("actor", "klantcontact")
    list_filter = ("actor__soort_actor",)
    list_select_related = ("actor", "klantcontact")
    search_fields = ("actor__naam", "klantcontact__nummer", "klantcontact__onderwerp")
    search_help_text = "Zoek op de naam van de actor of op het klantcontact."
    autocomplete_fields = ("actor", "klantcontact")
    readonly_fields = ("uuid",)
    fields = ("uuid", "actor", "klantcontact")

    def delete_service(self, obj):
        services.delete_object(obj)


# --- The partij page, with its klantcontacten -------------------------------------------------

admin.site.unregister(Partij)


@admin.register(Partij)
class PartijAdmin(partijen_admin.PartijAdmin):
    """The partijen PartijAdmin with a "Klantcontacten" section: the klantcontacten in which
    the partij took part, newest first, each linking to its page."""

    change_form_template = "admin/klantcontacten/partij_change_form.html"
    klantcontacten_op_pagina = 25
    # The partij's Historie page also shows when it was linked to or detached from a contact.
    historie_onderdelen = {
        **partijen_admin.PartijAdmin.historie_onderdelen,
        Betrokkene: ("partij",),
    }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        klantcontact_admin = self.admin_site.get_model_admin(Klantcontact)
        context["telefoongesprek_registreren"] = klantcontact_admin.has_add_permission(request)
        if (
            obj is not None
            and obj.pk is not None
            and klantcontact_admin.has_view_permission(request)
        ):
            klantcontacten = selectors.klantcontacten_van_partij(obj)
            context["partij_klantcontacten"] = list(klantcontacten[: self.klantcontacten_op_pagina])
            context["partij_klantcontacten_aantal"] = klantcontacten.count()
        return super().render_change_form(request, context, add, change, form_url, obj)
