"""Back office for the core models: API clients (applicaties) and number series.

An API key is shown exactly once, right after it is made (on adding a client or with the
"Nieuwe sleutel genereren" action); only its hash is stored and the hash is never shown.
"""

from django import forms
from django.contrib import admin, messages

from klantenregister.api.scopes import SCOPE_CHOICES
from klantenregister.core import services
from klantenregister.core.models import ApiClient, Nummerreeks
from klantenregister.core.readonly_admin import ReadOnlyAdminMixin

KEY_SHOWN_ONCE = "Deze sleutel wordt niet opnieuw getoond; bewaar hem nu veilig."


class ApiClientForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=SCOPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Per API lezen (read) of schrijven (write); schrijven omvat lezen.",
    )

    class Meta:
        model = ApiClient
        fields = ("naam", "scopes", "is_active")

    def clean_scopes(self):
        return sorted(set(self.cleaned_data["scopes"]))


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    form = ApiClientForm
    list_display = (
        "naam",
        "key_prefix",
        "scopes_display",
        "is_active",
        "created_at",
        "last_used_at",
    )
    list_filter = ("is_active",)
    search_fields = ("naam", "key_prefix")
    readonly_fields = ("key_prefix", "created_at", "last_used_at")
    actions = ("nieuwe_sleutel_genereren",)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("naam", "scopes", "is_active")
        return ("naam", "key_prefix", "scopes", "is_active", "created_at", "last_used_at")

    @admin.display(description="scopes")
    def scopes_display(self, obj):
        return ", ".join(obj.scopes) or "–"

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        key = obj.set_new_key()
        super().save_model(request, obj, form, change)
        self.message_user(
            request,
            f"De API-sleutel van {obj.naam} is: {key} — {KEY_SHOWN_ONCE}",
            messages.SUCCESS,
        )

    @admin.action(description="Nieuwe sleutel genereren", permissions=["change"])
    def nieuwe_sleutel_genereren(self, request, queryset):
        for client in queryset:
            key = services.rotate_api_key(client)
            self.message_user(
                request,
                f"Nieuwe API-sleutel van {client.naam}: {key} — de oude sleutel werkt niet "
                f"meer. {KEY_SHOWN_ONCE}",
                messages.SUCCESS,
            )


@admin.register(Nummerreeks)
class NummerreeksAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the series are advanced by the services, never by hand."""

    list_display = ("naam", "laatste")
    search_fields = ("naam",)
