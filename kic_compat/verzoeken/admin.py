"""The back office for first-generation verzoeken: a verzoek with its link rows as inlines.

Every change goes through kic_compat/verzoeken/services.py, as the API's do: the forms run
the services' checks (remote ones too) so errors show on the page, and saving calls the
service of each handling (its event, and for verzoekinformatieobjecten the kic-001 mirror).
Link rows are immutable (as in the API): existing ones can only be deleted."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from kic_compat.models import (
    KlantVerzoek,
    ObjectVerzoek,
    Verzoek,
    VerzoekContactMoment,
    VerzoekInformatieObject,
    VerzoekProduct,
)
from kic_compat.verzoeken import services
from kic_compat.verzoeken.serializers import validate_identificatie


class VerzoekForm(forms.ModelForm):
    class Meta:
        model = Verzoek
        fields = services.VERZOEK_FIELDS
        help_texts = {"identificatie": "Leeg: VERZOEK-{jaar}-{volgnummer} wordt uitgegeven."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "identificatie" in self.fields:
            self.fields["identificatie"].validators.append(validate_identificatie)

    def clean_bronorganisatie(self):
        from partijen.validators import validate_rsin

        value = self.cleaned_data["bronorganisatie"]
        validate_rsin(value)
        return value

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        for field in ("in_te_trekken_verzoek", "aangevulde_verzoek"):
            target = cleaned.get(field)
            if target is not None and instance.pk is not None and target.pk == instance.pk:
                self.add_error(field, "Een verzoek kan niet naar zichzelf verwijzen.")
        return cleaned


class _LinkForm(forms.ModelForm):
    """Runs the service's check of the row (uniqueness, remote URL) on a new row."""

    check = None

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and not self.errors and cleaned:
            # The inline's foreign key field gives the parent, also one not saved yet.
            data = dict(cleaned)
            data.pop("id", None)
            data.pop("DELETE", None)
            try:
                type(self).check(self.service_data(data))
            except ValidationError as exc:
                raise ValidationError(exc.message_dict.get("__all__") or exc.messages) from exc
        return cleaned

    def service_data(self, data: dict) -> dict:
        return data


class KlantVerzoekForm(_LinkForm):
    check = staticmethod(services.check_klantverzoek)


class VerzoekContactMomentForm(_LinkForm):
    check = staticmethod(services.check_verzoekcontactmoment)


class VerzoekInformatieObjectForm(_LinkForm):
    check = staticmethod(services.check_verzoekinformatieobject)


class VerzoekProductForm(_LinkForm):
    check = staticmethod(services.check_verzoekproduct)

    def service_data(self, data: dict) -> dict:
        code = data.pop("product_code", "")
        return {**data, "product_identificatie": {"code": code} if code else None}


class ObjectVerzoekForm(_LinkForm):
    check = staticmethod(services.check_objectverzoek)


class _LinkInline(admin.TabularInline):
    extra = 0

    def has_change_permission(self, request, obj=None):
        # Immutable rows: an existing one is shown read-only (it can be deleted).
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields


class KlantVerzoekInline(_LinkInline):
    model = KlantVerzoek
    form = KlantVerzoekForm
    fields = ("klant", "rol", "indicatie_machtiging")


class VerzoekContactMomentInline(_LinkInline):
    model = VerzoekContactMoment
    form = VerzoekContactMomentForm
    fields = ("contactmoment",)


class VerzoekInformatieObjectInline(_LinkInline):
    model = VerzoekInformatieObject
    form = VerzoekInformatieObjectForm
    fields = ("informatieobject", "mirror_state", "mirror_attempts", "mirror_last_error")
    readonly_fields = ("mirror_state", "mirror_attempts", "mirror_last_error")


class VerzoekProductInline(_LinkInline):
    model = VerzoekProduct
    form = VerzoekProductForm
    fields = ("product", "product_code")


class ObjectVerzoekInline(_LinkInline):
    model = ObjectVerzoek
    form = ObjectVerzoekForm
    fields = ("object", "object_type")


# Inline model → (create service, its data from a new row, delete service).
LINK_SERVICES = {
    KlantVerzoek: (
        services.create_klantverzoek,
        lambda row: {
            "klant": row.klant,
            "rol": row.rol,
            "indicatie_machtiging": row.indicatie_machtiging,
        },
        services.delete_klantverzoek,
    ),
    VerzoekContactMoment: (
        services.create_verzoekcontactmoment,
        lambda row: {"contactmoment": row.contactmoment},
        services.delete_verzoekcontactmoment,
    ),
    VerzoekInformatieObject: (
        services.create_verzoekinformatieobject,
        lambda row: {"informatieobject": row.informatieobject},
        services.delete_verzoekinformatieobject,
    ),
    VerzoekProduct: (
        services.create_verzoekproduct,
        lambda row: {
            "product": row.product,
            "product_identificatie": {"code": row.product_code} if row.product_code else None,
        },
        services.delete_verzoekproduct,
    ),
    ObjectVerzoek: (
        services.create_objectverzoek,
        lambda row: {"object": row.object, "object_type": row.object_type},
        services.delete_objectverzoek,
    ),
}


@admin.register(Verzoek)
class VerzoekAdmin(admin.ModelAdmin):
    form = VerzoekForm
    list_display = ("identificatie", "bronorganisatie", "status", "registratiedatum")
    list_filter = ("status", "bronorganisatie")
    search_fields = ("=identificatie", "=externe_identificatie")
    date_hierarchy = "registratiedatum"
    raw_id_fields = ("in_te_trekken_verzoek", "aangevulde_verzoek")
    inlines = (
        KlantVerzoekInline,
        VerzoekContactMomentInline,
        VerzoekInformatieObjectInline,
        VerzoekProductInline,
        ObjectVerzoekInline,
    )

    def get_readonly_fields(self, request, obj=None):
        # vrz-001: the identificatie never changes once given.
        return ("identificatie",) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        if change:
            saved = services.update_verzoek(Verzoek.objects.get(pk=obj.pk), data, partial=True)
        else:
            data = dict(form.cleaned_data)
            saved = services.create_verzoek(data)
        obj.pk, obj.uuid, obj.identificatie = saved.pk, saved.uuid, saved.identificatie
        obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        create, values, delete = LINK_SERVICES[formset.model]
        rows = formset.save(commit=False)
        for row in formset.deleted_objects:
            delete(row)
        for row in rows:
            if row.pk is None:
                create({"verzoek": form.instance, **values(row)})
        formset.save_m2m()

    def delete_model(self, request, obj):
        services.delete_verzoek(obj)

    def delete_queryset(self, request, queryset):
        for verzoek in queryset:
            services.delete_verzoek(verzoek)
