"""Admin forms for klanttaken and interne taken.

As for partijen and klantcontacten (`partijen/forms.py`), a form is validated by a dry run of
the service that saves it (`ServiceModelForm`) and saved by the same service for real, so the
admin accepts and refuses what the API does. The refusals that are not ValidationErrors
(`TaakNietOpen`, `TaakVerlopen`, `AlleenEigenaar`) become form errors on `status`.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import ValidationError

from klantcontacten.forms import HttpsURLField, MomentField
from klantcontacten.models import Actor
from partijen.forms import ServiceModelForm
from partijen.models import CodeSoortObjectId, Partij, PartijIdentificator
from taken import services
from taken.models import IdentificatieType, InterneTaak, Taak

REFUSALS = (services.TaakNietOpen, services.TaakVerlopen, services.AlleenEigenaar)


def refusal_as_error(exc: Exception, field: str = "status") -> ValidationError:
    """A service refusal about the taak's state or the caller, as a form error."""
    return ValidationError({field: ValidationError(str(exc), code="refused")})


def bsn_van_partij(partij: Partij | int | None) -> str:
    """The BSN among the partij's identificatoren, or ""."""
    if partij is None:
        return ""
    return (
        PartijIdentificator.objects.filter(
            partij=partij,
            partij_identificator_code_soort_object_id=CodeSoortObjectId.BSN,
        )
        .order_by("pk")
        .values_list("partij_identificator_object_id", flat=True)
        .first()
        or ""
    )


def status_help(status: str | None) -> str:
    if status is None:
        return "Een nieuwe klanttaak is altijd open."
    toegestaan = ", ".join(f"'{s}'" for s in services.toegestane_overgangen(status)) or "geen"
    return f"Vanuit '{status}' is toegestaan: {toegestaan}."


# --- Klanttaak ---------------------------------------------------------------------------------

TAAK_FORM_FIELDS = (
    "partij",
    "title",
    "onderwerp",
    "toelichting",
    "zaak",
    "soort",
    "actie_type",
    "actie_value",
    "vervaldatum",
    "verloopdatum",
    "identificatie_type",
    "identificatie_value",
    "status",
    "verwerker_taak_id",
    "eigenaar",
    "betaling_bedrag",
    "betaling_betaalkenmerk",
    "betaling_pspid",
    "betaling_url",
    "extra_data",
)


class TaakForm(ServiceModelForm):
    """A klanttaak for a partij in one form, e.g. the "verzoek tot aanvulling" of Taak Simpel.

    Without an identificatie the partij's BSN is filled in (when it has one); without a
    partij the service finds it by the identificatie. Saved with `services.create_taak` /
    `services.update_taak` (only the changed fields, as a PATCH); a status change is a move of
    the lifecycle, refused with the service's message otherwise.
    """

    class Meta:
        model = Taak
        fields = TAAK_FORM_FIELDS
        field_classes = {
            "vervaldatum": MomentField,
            "verloopdatum": MomentField,
            "zaak": HttpsURLField,
            "betaling_url": HttpsURLField,
        }
        labels = {
            "partij": "Partij (inwoner of ondernemer)",
            "title": "Titel",
            "zaak": "Zaak (URL)",
            "actie_type": "Actie: type",
            "actie_value": "Actie: formulier-id of URL",
            "vervaldatum": "Vervaldatum (streefdatum voor de klant)",
            "verloopdatum": "Verloopdatum (daarna sluit de taak)",
            "identificatie_type": "Identificatie: type",
            "identificatie_value": "Identificatie: waarde",
            "verwerker_taak_id": "Verwerker-taak-id",
        }
        help_texts = {
            "soort": "Leeg: formulier bij een formulier-id, link bij een URL, anders extern.",
            "identificatie_value": "Leeg laten: het BSN van de gekozen partij wordt gebruikt.",
            "eigenaar": "Leeg: de taak is van de gemeente; alleen de eigenaar verwerkt hem.",
            "extra_data": 'Vrije JSON, bv. {"voorkeurskanaal": {"soortDigitaalAdres": '
            '"email", "adres": "..."}}.',
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].required = False
        if "status" in self.fields:
            self.fields["status"].help_text = status_help(
                None if self.adding else self.instance.status
            )

    def clean(self):
        cleaned_data = super().clean()
        partij = cleaned_data.get("partij")
        if (
            partij is not None
            and not cleaned_data.get("identificatie_type")
            and not cleaned_data.get("identificatie_value")
            and (self.adding or "partij" in self.changed_data)
        ):
            bsn = bsn_van_partij(partij)
            if bsn:
                cleaned_data["identificatie_type"] = IdentificatieType.BSN
                cleaned_data["identificatie_value"] = bsn
                for name in ("identificatie_type", "identificatie_value"):
                    if name not in self.changed_data:
                        self.changed_data.append(name)
        return cleaned_data

    def service_data(self) -> dict:
        data = super().service_data()
        if self.adding:
            if data.get("partij") is None:
                # No partij chosen: the service finds it by the identificatie.
                data.pop("partij", None)
            data.pop("status", None)
        return data

    def create(self, data):
        return services.create_taak(data)

    def update(self, obj, data):
        try:
            return services.update_taak(obj, data, partial=True)
        except REFUSALS as exc:
            raise refusal_as_error(exc) from exc


# --- Interne taak ------------------------------------------------------------------------------


def actoren_widget():
    return AutocompleteSelectMultiple(InterneTaak._meta.get_field("actoren"), admin.site)


class ActorenField(forms.ModelMultipleChoiceField):
    """Actoren in the order chosen (the first is the deprecated toegewezenAanActor)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Actor.objects.all())
        kwargs.setdefault("widget", actoren_widget())
        super().__init__(**kwargs)

    def clean(self, value):
        chosen = super().clean(value)
        by_pk = {str(actor.pk): actor for actor in chosen}
        return [by_pk[str(pk)] for pk in dict.fromkeys(value or []) if str(pk) in by_pk]


class InterneTaakForm(ServiceModelForm):
    """An interne taak with its actoren, saved with `services.create_interne_taak` /
    `services.update_interne_taak`; afgehandeld op follows the status (the service sets it
    when the taak becomes verwerkt and clears it when it is reopened)."""

    toegewezen_aan = ActorenField(
        label="Toegewezen aan actoren",
        required=False,
        help_text="In volgorde; de eerste is de hoofdverantwoordelijke.",
    )

    class Meta:
        model = InterneTaak
        fields = (
            "nummer",
            "referentienummer",
            "gevraagde_handeling",
            "klantcontact",
            "toelichting",
            "status",
            "afgehandeld_op",
        )
        field_classes = {"afgehandeld_op": MomentField}
        labels = {"klantcontact": "Aanleidinggevend klantcontact"}
        help_texts = {
            "nummer": "Leeg laten: het volgende vrije nummer wordt gegeven.",
            "afgehandeld_op": "Leeg laten: wordt gezet als de status 'verwerkt' wordt.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.adding:
            self.initial["toegewezen_aan"] = [
                t.actor_id for t in self.instance.toewijzingen.order_by("pk")
            ]

    def service_data(self) -> dict:
        data = super().service_data()
        if self.adding or "toegewezen_aan" in self.changed_data:
            data["actoren"] = self.cleaned_data.get("toegewezen_aan") or []
        return data

    def create(self, data):
        return services.create_interne_taak(data)

    def update(self, obj, data):
        return services.update_interne_taak(obj, data, partial=True)


class ToewijzenForm(forms.Form):
    """The actoren to assign the chosen interne taken to (replacing their assignment)."""

    actoren = ActorenField(label="Toewijzen aan", required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actoren"].queryset = Actor.objects.filter(indicatie_actief=True)
