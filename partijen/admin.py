"""The back office for the Partij family.

Every write goes through `partijen.services`, the functions the API uses (see
`partijen/forms.py` for how forms validate through them). Every foreign key is an autocomplete
field or a choice limited to the partij's own rows: no page loads a whole table into a
dropdown.
"""

import re

from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models import Exists, OuterRef, Prefetch, ProtectedError, Q, RestrictedError
from django.http import HttpResponseRedirect

from klantenregister.core.audit_admin import AuditTrailAdmin, HistorieAdminMixin
from klantenregister.verwerkingen.mixins import VerwerkingenAdminMixin
from partijen import forms, services
from partijen.models import (
    AuditTrail,
    Categorie,
    CategorieRelatie,
    CodeSoortObjectId,
    Contactpersoon,
    DigitaalAdres,
    Organisatie,
    Partij,
    PartijIdentificator,
    Persoon,
    Rekeningnummer,
    Vertegenwoordigden,
)

# The names a partij is found by; they come with the partij in one query.
PARTIJ_NAAM_RELATED = ("persoon", "organisatie", "contactpersoon")
# KvK-nummer (8), BSN/RSIN (9) and vestigingsnummer (12): searched exactly, never partially.
IDENTIFICATOR_SEARCH = re.compile(r"\d{8}|\d{9}|\d{12}")
_SAVE_ERROR_ATTR = "_partijen_admin_save_error"


def _related(prefix: str, *names: str) -> tuple[str, ...]:
    return tuple(f"{prefix}__{name}" for name in names)


class SaveRejected(Exception):
    """A service refused a save that passed validation (a concurrent change)."""

    def __init__(self, error: ValidationError):
        super().__init__(error)
        self.error = error


def _adopt(target, saved) -> None:
    """Make the admin's instance the row the service saved: the admin logs and redirects with
    the instance it validated, while the service may have saved a fresh copy."""
    target.pk = saved.pk
    target._state.adding = False
    target._state.db = saved._state.db
    target.refresh_from_db()


class ServiceAdmin(HistorieAdminMixin, admin.ModelAdmin):
    """A ModelAdmin that writes through the form's service and deletes through `delete_service`.

    Forms validate by a dry run of the service, so the real save only fails on a concurrent
    change; then the transaction is rolled back and the form is shown again with the error.
    Its "Geschiedenis" button shows the object's full history (HistorieAdminMixin).
    """

    def delete_service(self, obj) -> None:
        services.delete_object(obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        error = getattr(request, _SAVE_ERROR_ATTR, None)
        if error is not None:
            form = type(form.__name__, (form,), {"save_error": error})
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except SaveRejected as exc:
            # The atomic block of changeform_view has rolled everything back.
            setattr(request, _SAVE_ERROR_ATTR, exc.error)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            return  # only inline rows changed: the row itself is not written again
        try:
            saved = form.save_through_service()
        except ValidationError as exc:
            raise SaveRejected(exc) from exc
        except (ProtectedError, RestrictedError) as exc:
            raise SaveRejected(forms.protected_error(exc)) from exc
        _adopt(obj, saved)

    def save_formset(self, request, form, formset, change):
        try:
            formset.save()
        except (ProtectedError, RestrictedError) as exc:
            raise SaveRejected(forms.protected_error(exc)) from exc
        except ValidationError as exc:
            name = formset.model._meta.verbose_name
            raise SaveRejected(
                ValidationError([f"{name}: {message}" for message in exc.messages])
            ) from exc

    def delete_model(self, request, obj):
        self.delete_service(obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_service(obj)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except (ValidationError, ProtectedError, RestrictedError) as exc:
            # Django's own check found nothing protected, but the service refused (or a row
            # that refers to this one arrived in the meantime). Nothing was deleted.
            if not isinstance(exc, ValidationError):
                exc = forms.protected_error(exc)
            for message in exc.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.path)


# --- Inlines on the partij page -----------------------------------------------------------------


class PartijIdentificatorInline(admin.TabularInline):
    """Deleting rows is decided by the service rule (see PartijIdentificatorInlineFormSet): a
    KvK-nummer may go together with the vestigingsnummers under it, not without them."""

    model = PartijIdentificator
    fk_name = "partij"
    formset = forms.PartijIdentificatorInlineFormSet
    fields = forms.IDENTIFICATOR_FORM_FIELDS
    autocomplete_fields = ("sub_identificator_van",)
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Django's inline refuses to delete a row that any other row protects, even one that
        # is deleted in the same submission; the formset checks deletions with the service.
        formset.form = type(
            formset.form.__name__, (formset.form,), {"hand_clean_DELETE": lambda form: None}
        )
        return formset


class DigitaalAdresInline(admin.TabularInline):
    model = DigitaalAdres
    fk_name = "partij"
    form = forms.DigitaalAdresInlineForm
    formset = forms.DigitaalAdresInlineFormSet
    fields = forms.DIGITAAL_ADRES_FORM_FIELDS
    extra = 0


class RekeningnummerInline(admin.TabularInline):
    model = Rekeningnummer
    fk_name = "partij"
    formset = forms.RekeningnummerInlineFormSet
    fields = ("iban", "bic")
    extra = 0


class CategorieRelatieInline(admin.TabularInline):
    model = CategorieRelatie
    fk_name = "partij"
    formset = forms.CategorieRelatieInlineFormSet
    fields = ("categorie", "begin_datum", "eind_datum")
    autocomplete_fields = ("categorie",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("categorie")


class VertegenwoordigingInline(admin.TabularInline):
    model = Vertegenwoordigden
    fk_name = "vertegenwoordigende_partij"
    formset = forms.VertegenwoordigingInlineFormSet
    fields = ("vertegenwoordigde_partij",)
    autocomplete_fields = ("vertegenwoordigde_partij",)
    verbose_name = "vertegenwoordigt"
    verbose_name_plural = "vertegenwoordigt (partijen die deze partij vertegenwoordigt)"
    extra = 0


# --- Partij ------------------------------------------------------------------------------------


def adres_fieldset(prefix: str, title: str):
    return (
        title,
        {
            "classes": ("collapse",),
            "fields": (
                f"{prefix}_nummeraanduiding_id",
                (f"{prefix}_straatnaam", f"{prefix}_huisnummer", f"{prefix}_huisnummertoevoeging"),
                (f"{prefix}_postcode", f"{prefix}_stad", f"{prefix}_land"),
                f"{prefix}_adresregel1",
                f"{prefix}_adresregel2",
                f"{prefix}_adresregel3",
            ),
        },
    )


def _deleted_objects_blocked_only_from_outside(result, objs, goes_too):
    """Django's get_deleted_objects `result`, without its protected list when every
    identificator that "protects" is one the delete service removes first itself:
    `goes_too(identificator, pks of objs)`."""
    deleted, model_count, perms_needed, protected = result
    if protected:
        doomed = {obj.pk for obj in objs}
        collector = NestedObjects(using=router.db_for_write(PartijIdentificator))
        collector.collect(objs)
        if all(
            isinstance(obj, PartijIdentificator) and goes_too(obj, doomed)
            for obj in collector.protected
        ):
            protected = []
    return deleted, model_count, perms_needed, protected


@admin.register(Partij)
class PartijAdmin(VerwerkingenAdminMixin, ServiceAdmin):
    form = forms.PartijForm
    list_display = (
        "naam",
        "nummer",
        "soort_partij",
        "identificatoren",
        "voorkeurs_digitaal_adres",
        "indicatie_actief",
    )
    list_display_links = ("naam", "nummer")
    list_filter = (
        "soort_partij",
        "indicatie_actief",
        "indicatie_geheimhouding",
        ("categorie_relaties__categorie", admin.RelatedFieldListFilter),
    )
    search_fields = (
        "nummer",
        "organisatie__naam",
        "persoon__contactnaam_voornaam",
        "persoon__contactnaam_achternaam",
        "contactpersoon__contactnaam_voornaam",
        "contactpersoon__contactnaam_achternaam",
        "digitale_adressen__adres",
    )
    search_help_text = (
        "Zoek op naam, nummer of e-mailadres. Een BSN, RSIN, KvK- of vestigingsnummer "
        "(8, 9 of 12 cijfers) wordt exact gezocht."
    )
    readonly_fields = ("uuid",)
    # What the partij's Historie page shows besides the partij itself.
    historie_onderdelen = {
        Persoon: ("partij",),
        Organisatie: ("partij",),
        Contactpersoon: ("partij",),
        PartijIdentificator: ("partij",),
        DigitaalAdres: ("partij",),
        Rekeningnummer: ("partij",),
        CategorieRelatie: ("partij",),
        Vertegenwoordigden: ("vertegenwoordigende_partij", "vertegenwoordigde_partij"),
    }
    inlines = (
        PartijIdentificatorInline,
        DigitaalAdresInline,
        RekeningnummerInline,
        CategorieRelatieInline,
        VertegenwoordigingInline,
    )

    def get_fieldsets(self, request, obj=None):
        algemeen = (
            "soort_partij",
            "nummer",
            "indicatie_actief",
            "indicatie_geheimhouding",
            "voorkeurstaal",
            "interne_notitie",
        )
        fieldsets = [
            (None, {"fields": algemeen if obj is None else ("uuid", *algemeen)}),
            (
                "Identificatie",
                {
                    "description": (
                        "Een organisatie heeft een naam; een persoon en een contactpersoon een "
                        "contactnaam. Bij het wijzigen van de soort partij worden de gegevens "
                        "van de oude soort vervangen."
                    ),
                    "fields": (
                        "organisatie_naam",
                        (
                            "contactnaam_voorletters",
                            "contactnaam_voornaam",
                            "contactnaam_voorvoegsel_achternaam",
                            "contactnaam_achternaam",
                        ),
                        "werkte_voor_partij",
                    ),
                },
            ),
        ]
        if obj is not None:
            fieldsets.append(
                (
                    "Voorkeuren",
                    {
                        "description": (
                            "Te kiezen uit de digitale adressen en rekeningnummers van deze "
                            "partij (hieronder)."
                        ),
                        "fields": ("voorkeurs_digitaal_adres", "voorkeurs_rekeningnummer"),
                    },
                )
            )
        fieldsets += [
            adres_fieldset("bezoekadres", "Bezoekadres"),
            adres_fieldset("correspondentieadres", "Correspondentieadres"),
        ]
        return fieldsets

    def get_queryset(self, request):
        # Everything the list, the autocomplete results and str(partij) show, in a fixed
        # number of queries. (The changelist skips list_select_related when the queryset
        # already has a select_related, so it is all here.)
        identificatoren = PartijIdentificator.objects.order_by(
            "partij_identificator_code_soort_object_id"
        )
        return (
            super()
            .get_queryset(request)
            .select_related(*PARTIJ_NAAM_RELATED, "voorkeurs_digitaal_adres")
            .prefetch_related(Prefetch("partij_identificatoren", queryset=identificatoren))
        )

    def get_search_results(self, request, queryset, search_term):
        compact = re.sub(r"[\s.]", "", search_term)
        if IDENTIFICATOR_SEARCH.fullmatch(compact):
            # Exactly this identificator (or nummer); a partial number matches nothing.
            held = PartijIdentificator.objects.filter(
                partij=OuterRef("pk"), partij_identificator_object_id=compact
            )
            return queryset.filter(Q(Exists(held)) | Q(nummer=compact)), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description="naam")
    def naam(self, obj):
        return obj.weergavenaam or "–"

    @admin.display(description="identificatoren")
    def identificatoren(self, obj):
        return ", ".join(str(identificator) for identificator in obj.partij_identificatoren.all())

    def delete_service(self, obj):
        services.delete_partij(obj)

    def get_deleted_objects(self, objs, request):
        # The service deletes a partij's own identificatoren scoped ones first, so a
        # vestigingsnummer under the partij's own KvK-nummer does not block the delete
        # (Django's collector would say it does). One of another partij still blocks.
        return _deleted_objects_blocked_only_from_outside(
            super().get_deleted_objects(objs, request),
            objs,
            lambda ident, doomed: ident.partij_id in doomed,
        )


# --- The rows of the partij family on their own -----------------------------------------------


@admin.register(PartijIdentificator)
class PartijIdentificatorAdmin(ServiceAdmin):
    form = forms.PartijIdentificatorForm
    list_display = (
        "partij_identificator_code_soort_object_id",
        "partij_identificator_object_id",
        "partij_identificator_code_register",
        "partij",
        "sub_identificator_van",
    )
    list_filter = (
        "partij_identificator_code_soort_object_id",
        "partij_identificator_code_register",
        "partij_identificator_code_objecttype",
    )
    list_select_related = (*_related("partij", *PARTIJ_NAAM_RELATED), "sub_identificator_van")
    # Exact only: a partial BSN finds nothing.
    search_fields = ("=partij_identificator_object_id",)
    search_help_text = "Zoek op het volledige nummer (BSN, RSIN, KvK- of vestigingsnummer)."
    autocomplete_fields = ("partij", "sub_identificator_van")
    readonly_fields = ("uuid",)
    fields = ("uuid", "partij", *forms.IDENTIFICATOR_FORM_FIELDS)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Choosing a subIdentificatorVan: only a KvK-nummer can hold a vestigingsnummer.
        if request.GET.get("field_name") == "sub_identificator_van":
            queryset = queryset.filter(
                partij_identificator_code_soort_object_id=CodeSoortObjectId.KVK_NUMMER
            )
        return queryset, may_have_duplicates

    def delete_service(self, obj):
        services.delete_partij_identificator(obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        services.delete_partij_identificatoren(queryset)

    def get_deleted_objects(self, objs, request):
        # The service deletes scoped identificatoren before their parent, so a
        # vestigingsnummer selected together with its KvK-nummer does not block the delete.
        return _deleted_objects_blocked_only_from_outside(
            super().get_deleted_objects(objs, request),
            objs,
            lambda ident, doomed: ident.pk in doomed,
        )


@admin.register(DigitaalAdres)
class DigitaalAdresAdmin(ServiceAdmin):
    form = forms.DigitaalAdresForm
    list_display = (
        "adres",
        "soort_digitaal_adres",
        "partij",
        "is_standaard_adres",
        "omschrijving",
        "verificatie_datum",
    )
    list_filter = ("soort_digitaal_adres", "is_standaard_adres")
    list_select_related = _related("partij", *PARTIJ_NAAM_RELATED)
    search_fields = ("adres", "referentie", "omschrijving")
    autocomplete_fields = ("partij",)
    readonly_fields = ("uuid",)
    fields = ("uuid", "partij", *forms.DIGITAAL_ADRES_FORM_FIELDS)


@admin.register(Rekeningnummer)
class RekeningnummerAdmin(ServiceAdmin):
    form = forms.RekeningnummerForm
    list_display = ("iban", "bic", "partij")
    list_select_related = _related("partij", *PARTIJ_NAAM_RELATED)
    search_fields = ("iban", "bic")
    autocomplete_fields = ("partij",)
    readonly_fields = ("uuid",)
    fields = ("uuid", "partij", "iban", "bic")


@admin.register(Vertegenwoordigden)
class VertegenwoordigdenAdmin(ServiceAdmin):
    form = forms.VertegenwoordigingForm
    list_display = ("vertegenwoordigende_partij", "vertegenwoordigde_partij")
    list_select_related = (
        *_related("vertegenwoordigende_partij", *PARTIJ_NAAM_RELATED),
        *_related("vertegenwoordigde_partij", *PARTIJ_NAAM_RELATED),
    )
    search_fields = tuple(
        f"{side}__{path}"
        for side in ("vertegenwoordigende_partij", "vertegenwoordigde_partij")
        for path in (
            "nummer",
            "organisatie__naam",
            "persoon__contactnaam_achternaam",
            "contactpersoon__contactnaam_achternaam",
        )
    )
    autocomplete_fields = ("vertegenwoordigende_partij", "vertegenwoordigde_partij")
    readonly_fields = ("uuid",)
    fields = ("uuid", "vertegenwoordigende_partij", "vertegenwoordigde_partij")


@admin.register(Categorie)
class CategorieAdmin(ServiceAdmin):
    form = forms.CategorieForm
    list_display = ("naam", "uuid")
    search_fields = ("naam",)
    readonly_fields = ("uuid",)
    fields = ("uuid", "naam")


@admin.register(CategorieRelatie)
class CategorieRelatieAdmin(ServiceAdmin):
    form = forms.CategorieRelatieForm
    list_display = ("categorie", "partij", "begin_datum", "eind_datum")
    list_filter = (("categorie", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("categorie", *_related("partij", *PARTIJ_NAAM_RELATED))
    search_fields = ("categorie__naam", "partij__nummer", "partij__organisatie__naam")
    autocomplete_fields = ("partij", "categorie")
    readonly_fields = ("uuid",)
    fields = ("uuid", "partij", "categorie", "begin_datum", "eind_datum")


# The Audit trail page (every change of every model, with export); see core/audit_admin.py.
admin.site.register(AuditTrail, AuditTrailAdmin)
