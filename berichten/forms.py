"""Admin form for composing a bericht.

As for the other apps (`partijen/forms.py`), the form is validated by a dry run of the
service that saves it and saved by the same service for real, so the admin accepts and
refuses what the API does; the service's errors land on the fields they name. The dry run
writes no bijlage file (`services.zonder_bestanden`).
"""

from django import forms

from berichten import services
from berichten.models import Bericht
from berichten.validators import BIJLAGE_MAX_BYTES, validate_pdf_content
from klantcontacten.forms import HttpsURLField, MomentField
from partijen.forms import ServiceModelForm

BERICHT_FORM_FIELDS = (
    "partij",
    "gebruiker_id",
    "soort_gebruiker",
    "bericht_type",
    "onderwerp",
    "berichttekst",
    "referentie",
    "handelingsperspectief",
    "eind_datum_handelingstermijn",
    "publicatie_datum",
    "zaak",
    "taak",
    "bericht_leverancier_id",
)


class BerichtForm(ServiceModelForm):
    """A bericht to a partij (or a BSN), optionally with one PDF bijlage."""

    bijlage = forms.FileField(
        required=False,
        label="Bijlage (PDF)",
        help_text=f"Eén PDF van hoogstens {BIJLAGE_MAX_BYTES // (1024 * 1024)} MB; vervangt "
        "de bestaande bijlagen. Kan alleen zolang het bericht niet gepubliceerd is.",
    )
    bijlage_omschrijving = forms.CharField(
        required=False, max_length=40, label="Omschrijving van de bijlage"
    )

    error_aliases = {
        "bijlagen": "bijlage",
        "bijlagen.0.inhoud": "bijlage",
        "bijlagen.0.omschrijving": "bijlage_omschrijving",
    }

    class Meta:
        model = Bericht
        fields = BERICHT_FORM_FIELDS
        field_classes = {
            "publicatie_datum": MomentField,
            "eind_datum_handelingstermijn": MomentField,
            "zaak": HttpsURLField,
        }
        labels = {
            "partij": "Partij (geadresseerde)",
            "gebruiker_id": "BSN van de geadresseerde",
            "zaak": "Zaak (URL)",
            "taak": "Klanttaak",
            "publicatie_datum": "Publicatiedatum (leeg: meteen zichtbaar)",
        }
        help_texts = {
            "gebruiker_id": "Leeg laten: het BSN van de gekozen partij wordt gebruikt.",
            "partij": "Leeg laten: de partij met dit BSN wordt gekoppeld, als die er is.",
        }

    def clean_bijlage(self):
        upload = self.cleaned_data.get("bijlage")
        if not upload:
            return None
        if upload.size > BIJLAGE_MAX_BYTES:
            raise forms.ValidationError(
                f"De bijlage is groter dan {BIJLAGE_MAX_BYTES // (1024 * 1024)} MB."
            )
        content = upload.read()
        validate_pdf_content(content)
        return content

    def service_data(self) -> dict:
        data = super().service_data()
        content = self.cleaned_data.get("bijlage")
        if content:
            data["bijlagen"] = [
                {
                    "inhoud": content,
                    "omschrijving": self.cleaned_data.get("bijlage_omschrijving", ""),
                    "volgorde": 1,
                }
            ]
        return data

    def _post_clean(self):
        with services.zonder_bestanden():
            super()._post_clean()

    def create(self, data: dict):
        return services.create_bericht(data)

    def update(self, obj, data: dict):
        return services.update_bericht(obj, data)
