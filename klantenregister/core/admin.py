"""Back office for the core models: API clients (applicaties) and number series.

An API key is shown exactly once, right after it is made (on adding a client or with the
"Nieuwe sleutel genereren" action); only its hash is stored and the hash is never shown.
A JWT-ZGW secret is write-only: typed in (set or replaced) or removed, stored encrypted, never
shown back; the page only says whether one is set.
"""

from django import forms
from django.contrib import admin, messages

from klantenregister.api.scopes import KIC_SCOPE_CHOICES, SCOPE_CHOICES
from klantenregister.core import services
from klantenregister.core.models import ApiClient, ExterneDienst, Nummerreeks
from klantenregister.core.readonly_admin import ReadOnlyAdminMixin

KEY_SHOWN_ONCE = "Deze sleutel wordt niet opnieuw getoond; bewaar hem nu veilig."


class ApiClientForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=SCOPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Per API lezen (read) of schrijven (write); schrijven omvat lezen.",
    )

    kic_scopes = forms.MultipleChoiceField(
        label="Eerste-generatie scopes",
        choices=KIC_SCOPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=(
            "Scopes van de eerste-generatie Klanten-, Contactmomenten- en Verzoeken-API "
            "(/api/kic/v1), bovenop kic:read (alle *.lezen) en kic:write (alles)."
        ),
    )
    jwt_secret = forms.CharField(
        label="JWT-secret",
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=(
            "Gedeeld secret voor JWT-ZGW (HS256), client_id = de naam van deze client. Leeg "
            "laten houdt het huidige; het wordt versleuteld opgeslagen en nooit getoond."
        ),
    )
    jwt_secret_verwijderen = forms.BooleanField(
        label="JWT-secret verwijderen",
        required=False,
        help_text="Daarna kan deze client alleen nog met de Token-sleutel werken.",
    )

    class Meta:
        model = ApiClient
        fields = ("naam", "scopes", "kic_scopes", "is_active")

    def clean_scopes(self):
        return sorted(set(self.cleaned_data["scopes"]))

    def clean_kic_scopes(self):
        return sorted(set(self.cleaned_data["kic_scopes"]))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("jwt_secret") and cleaned.get("jwt_secret_verwijderen"):
            raise forms.ValidationError(
                "Vul een nieuw JWT-secret in óf kies verwijderen, niet allebei."
            )
        return cleaned

    def save(self, commit=True):
        client = super().save(commit=False)
        if self.cleaned_data.get("jwt_secret"):
            client.set_jwt_secret(self.cleaned_data["jwt_secret"])
        elif self.cleaned_data.get("jwt_secret_verwijderen"):
            client.set_jwt_secret("")
        if commit:
            client.save()
        return client


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    form = ApiClientForm
    list_display = (
        "naam",
        "key_prefix",
        "scopes_display",
        "jwt_display",
        "is_active",
        "created_at",
        "last_used_at",
    )
    list_filter = ("is_active",)
    search_fields = ("naam", "key_prefix")
    readonly_fields = ("key_prefix", "jwt_display", "created_at", "last_used_at")
    actions = ("nieuwe_sleutel_genereren",)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("naam", "scopes", "kic_scopes", "jwt_secret", "is_active")
        return (
            "naam",
            "key_prefix",
            "scopes",
            "kic_scopes",
            "jwt_display",
            "jwt_secret",
            "jwt_secret_verwijderen",
            "is_active",
            "created_at",
            "last_used_at",
        )

    @admin.display(description="scopes")
    def scopes_display(self, obj):
        return ", ".join([*obj.scopes, *obj.kic_scopes]) or "–"

    @admin.display(description="JWT-secret ingesteld", boolean=True)
    def jwt_display(self, obj):
        return obj.has_jwt_secret

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


class ExterneDienstForm(forms.ModelForm):
    api_root = forms.URLField(
        label="API-root",
        max_length=1000,
        assume_scheme="https",
        help_text=ExterneDienst._meta.get_field("api_root").help_text,
    )
    secret = forms.CharField(
        label="Secret",
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Het JWT-ZGW-secret dat de andere API aan ons gaf. Leeg laten houdt het "
        "huidige; het wordt versleuteld opgeslagen en nooit getoond.",
    )

    class Meta:
        model = ExterneDienst
        fields = ("naam", "api_root", "client_id", "user_id", "user_representation", "actief")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("secret") and not self.instance.secret_encrypted:
            self.add_error("secret", "Een nieuwe externe dienst heeft een secret nodig.")
        return cleaned

    def save(self, commit=True):
        dienst = super().save(commit=False)
        if self.cleaned_data.get("secret"):
            dienst.set_secret(self.cleaned_data["secret"])
        if commit:
            dienst.save()
        return dienst


@admin.register(ExterneDienst)
class ExterneDienstAdmin(admin.ModelAdmin):
    """APIs this product calls with JWT-ZGW (e.g. the ZRC for objectcontactmomenten)."""

    form = ExterneDienstForm
    list_display = ("naam", "api_root", "client_id", "actief")
    list_filter = ("actief",)
    search_fields = ("naam", "api_root", "client_id")
    fields = ("naam", "api_root", "client_id", "secret", "user_id", "user_representation", "actief")


@admin.register(Nummerreeks)
class NummerreeksAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the series are advanced by the services, never by hand."""

    list_display = ("naam", "laatste")
    search_fields = ("naam",)
