"""Admin forms for klantcontacten.

They follow `partijen/forms.py`: a standalone form is validated by a dry run of its service
function (`ServiceModelForm`), inline rows are written row by row through the services
(`ServiceInlineFormSet`), so the admin accepts and refuses what the API does and every write
lands in the change history.

The services take gegevensgroepen as dicts (`contactnaam`, `bezoekadres`,
`onderwerpobjectidentificator`, `actor_identificatie`, …) while the forms show their flattened
columns; `grouped()` turns the one into the other.
"""

import json

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import (
    AdminSplitDateTime,
    AdminTextareaWidget,
    AdminTextInputWidget,
    AutocompleteSelect,
)
from django.utils import timezone

from klantcontacten import services
from klantcontacten.models import (
    ACTOR_IDENTIFICATIE_FIELDS,
    ALL_ACTOR_IDENTIFICATIE_FIELDS,
    IDENTIFICATOR_SUBFIELDS,
    Actor,
    ActorKlantcontact,
    Betrokkene,
    Bijlage,
    Klantcontact,
    Onderwerpobject,
    Rol,
    validate_metadata,
)
from klantenregister.validators import validate_moment_in_range
from partijen.forms import ServiceInlineFormSet, ServiceModelForm
from partijen.models import ADRES_SUBFIELDS, CONTACTNAAM_SUBFIELDS, Partij

ADRES_PREFIXES = ("bezoekadres", "correspondentieadres")
CONTACTNAAM_FIELDS = tuple(f"contactnaam_{sub}" for sub in CONTACTNAAM_SUBFIELDS)
BETROKKENE_GROUPS = {
    "contactnaam": CONTACTNAAM_SUBFIELDS,
    **{prefix: ADRES_SUBFIELDS for prefix in ADRES_PREFIXES},
}
BETROKKENE_FORM_FIELDS = (
    "klantcontact",
    "partij",
    "rol",
    "initiator",
    "organisatienaam",
    *CONTACTNAAM_FIELDS,
    *(f"{prefix}_{sub}" for prefix in ADRES_PREFIXES for sub in ADRES_SUBFIELDS),
)
KLANTCONTACT_FORM_FIELDS = services.KLANTCONTACT_FIELDS


def identificator_form_fields(prefix: str) -> tuple[str, ...]:
    """The flattened columns of a generic identificator, in the contract's order."""
    order = ("code_objecttype", "code_soort_object_id", "object_id", "code_register")
    return tuple(f"{prefix}_{sub}" for sub in order)


def identificator_labels(prefix: str) -> dict[str, str]:
    """Short labels for the columns of a generic identificator (the section says whose)."""
    labels = {
        "code_objecttype": "objecttype",
        "code_soort_object_id": "soort object-ID",
        "object_id": "object-ID",
        "code_register": "register",
    }
    return {f"{prefix}_{sub}": label for sub, label in labels.items()}


CONTACTNAAM_LABELS = {
    "contactnaam_voorletters": "voorletters",
    "contactnaam_voornaam": "voornaam",
    "contactnaam_voorvoegsel_achternaam": "voorvoegsel achternaam",
    "contactnaam_achternaam": "achternaam",
}
ONDERWERPOBJECT_GROUPS = {"onderwerpobjectidentificator": IDENTIFICATOR_SUBFIELDS}
BIJLAGE_GROUPS = {"bijlageidentificator": IDENTIFICATOR_SUBFIELDS}
ACTOR_GROUPS = {"actoridentificator": IDENTIFICATOR_SUBFIELDS}
ONDERWERPOBJECT_FORM_FIELDS = identificator_form_fields("onderwerpobjectidentificator")
BIJLAGE_FORM_FIELDS = identificator_form_fields("bijlageidentificator")
ACTORIDENTIFICATOR_FORM_FIELDS = identificator_form_fields("actoridentificator")


def grouped(data: dict, groups: dict[str, tuple[str, ...]]) -> dict:
    """Flat form values (`contactnaam_voornaam`) as the service's gegevensgroepen
    (`{"contactnaam": {"voornaam": …}}`); other keys pass unchanged. A group holds only the
    sub-fields present in `data`, so a partial update leaves the others as they are."""
    result: dict = {}
    for key, value in data.items():
        for prefix, subfields in groups.items():
            sub = key.removeprefix(f"{prefix}_")
            if sub != key and sub in subfields:
                result.setdefault(prefix, {})[sub] = value
                break
        else:
            result[key] = value
    return result


# --- Standalone forms --------------------------------------------------------------------------


class MomentField(forms.SplitDateTimeField):
    """A date and a time that also exists in UTC (klantenregister.validators)."""

    default_validators = [validate_moment_in_range]


class HttpsURLField(forms.URLField):
    """A URL field that completes a URL typed without a scheme with https:// (Django 6's
    default, without the deprecation warning of Django 5)."""

    def __init__(self, *, assume_scheme="https", **kwargs):
        super().__init__(assume_scheme=assume_scheme, **kwargs)


class KlantcontactForm(ServiceModelForm):
    class Meta:
        model = Klantcontact
        fields = KLANTCONTACT_FORM_FIELDS
        field_classes = {"hoofd_onderwerp_type": HttpsURLField, "plaatsgevonden_op": MomentField}
        labels = {
            "indicatie_contact_gelukt": "Contact gelukt",
            "verdere_actie_ondernomen": "Verdere actie ondernomen",
            "hoofd_onderwerp_type": "Hoofdonderwerp (type)",
            "plaatsgevonden_op": "Plaatsgevonden op",
        }
        help_texts = {
            "verdere_actie_ondernomen": (
                "Het bronsysteem onderneemt zelf actie als de klant niet bereikt is. Kan niet "
                "samen met 'contact gelukt: ja'."
            ),
            "hoofd_onderwerp_type": "Bijvoorbeeld de URL van een zaaktype.",
            "metadata": "Een plat JSON-object; elke waarde een tekst van hoogstens 255 tekens.",
            "taal": "ISO 639-2/B, bijvoorbeeld nld of eng.",
        }

    def clean_metadata(self):
        metadata = self.cleaned_data.get("metadata")
        validate_metadata(metadata)
        return metadata

    def create(self, data):
        return services.create_klantcontact(data)

    def update(self, obj, data):
        return services.update_klantcontact(obj, data)


class BetrokkeneForm(ServiceModelForm):
    class Meta:
        model = Betrokkene
        fields = BETROKKENE_FORM_FIELDS
        labels = {"partij": "partij", **CONTACTNAAM_LABELS}

    def create(self, data):
        return services.create_betrokkene(grouped(data, BETROKKENE_GROUPS))

    def update(self, obj, data):
        return services.update_betrokkene(obj, grouped(data, BETROKKENE_GROUPS), partial=True)


class OnderwerpobjectForm(ServiceModelForm):
    class Meta:
        model = Onderwerpobject
        fields = ("klantcontact", "was_klantcontact", *ONDERWERPOBJECT_FORM_FIELDS)
        labels = {
            "klantcontact": "Klantcontact (ging over dit object)",
            "was_klantcontact": "Was klantcontact (het object is zelf een klantcontact)",
            **identificator_labels("onderwerpobjectidentificator"),
        }

    def create(self, data):
        return services.create_onderwerpobject(grouped(data, ONDERWERPOBJECT_GROUPS))

    def update(self, obj, data):
        return services.update_onderwerpobject(
            obj, grouped(data, ONDERWERPOBJECT_GROUPS), partial=True
        )


class BijlageForm(ServiceModelForm):
    class Meta:
        model = Bijlage
        fields = ("klantcontact", *BIJLAGE_FORM_FIELDS)
        labels = identificator_labels("bijlageidentificator")

    def create(self, data):
        return services.create_bijlage(grouped(data, BIJLAGE_GROUPS))

    def update(self, obj, data):
        return services.update_bijlage(obj, grouped(data, BIJLAGE_GROUPS), partial=True)


def _actor_help() -> str:
    required = {
        "medewerker": ("functie", "telefoonnummer"),
        "geautomatiseerde_actor": ("functie",),
    }
    parts = []
    for soort, fields in ACTOR_IDENTIFICATIE_FIELDS.items():
        names = ", ".join(
            f"{name} (verplicht)" if name in required.get(soort, ()) else name for name in fields
        )
        parts.append(f"{soort.label}: {names}")
    return "Per soort actor: " + "; ".join(parts) + "."


ACTOR_IDENTIFICATIE_HELP = _actor_help()


class ActorForm(ServiceModelForm):
    """An actor with its soort-specific actorIdentificatie.

    As in the API, the identificatie is replaced as a whole. Values of fields the chosen soort
    does not have are dropped when they were already stored (a soort change), and refused when
    they were typed in this submission.
    """

    class Meta:
        model = Actor
        fields = (
            "naam",
            "soort_actor",
            "indicatie_actief",
            *ALL_ACTOR_IDENTIFICATIE_FIELDS,
            *ACTORIDENTIFICATOR_FORM_FIELDS,
        )
        labels = {
            "indicatie_actief": "Actief",
            "emailadres": "E-mailadres",
            **identificator_labels("actoridentificator"),
        }
        help_texts = {
            "indicatie_actief": "Alleen actieve actoren worden aangeboden bij het koppelen aan "
            "een klantcontact."
        }

    class Media:
        js = ("klantcontacten/actor_form.js",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # For the script that shows only the fields of the chosen soort.
        self.fields["soort_actor"].widget.attrs["data-velden"] = json.dumps(
            {str(soort): list(names) for soort, names in ACTOR_IDENTIFICATIE_FIELDS.items()}
        )

    def service_data(self) -> dict:
        data = super().service_data()
        for name in ALL_ACTOR_IDENTIFICATIE_FIELDS:
            data.pop(name, None)
        touched = set(self.changed_data) & {"soort_actor", *ALL_ACTOR_IDENTIFICATIE_FIELDS}
        if self.adding or touched:
            allowed = ACTOR_IDENTIFICATIE_FIELDS.get(self.cleaned_data.get("soort_actor"), ())
            data["actor_identificatie"] = {
                name: self.cleaned_data.get(name) or ""
                for name in ALL_ACTOR_IDENTIFICATIE_FIELDS
                if name in allowed or name in self.changed_data
            }
        return grouped(data, ACTOR_GROUPS)

    def create(self, data):
        return services.create_actor(data)

    def update(self, obj, data):
        return services.update_actor(obj, data, partial=True)


class ActorKlantcontactForm(ServiceModelForm):
    class Meta:
        model = ActorKlantcontact
        fields = ("actor", "klantcontact")

    def create(self, data):
        return services.create_actorklantcontact(data)

    def update(self, obj, data):
        return services.update_actorklantcontact(obj, data)


# --- Inline rows on the klantcontact page -----------------------------------------------------

# Narrow text boxes, so a row of an inline table fits the page.
INLINE_TEXT = forms.TextInput(attrs={"size": 16})


class BetrokkeneInlineForm(forms.ModelForm):
    class Meta:
        model = Betrokkene
        # Voorletters and the addresses are on the betrokkene's own page.
        fields = ("partij", "rol", "initiator", "organisatienaam", *CONTACTNAAM_FIELDS[1:])
        labels = {"partij": "partij", **CONTACTNAAM_LABELS}
        widgets = {name: INLINE_TEXT for name in ("organisatienaam", *CONTACTNAAM_FIELDS)}


class OnderwerpobjectInlineForm(forms.ModelForm):
    class Meta:
        model = Onderwerpobject
        fields = ONDERWERPOBJECT_FORM_FIELDS
        labels = identificator_labels("onderwerpobjectidentificator")
        widgets = dict.fromkeys(ONDERWERPOBJECT_FORM_FIELDS, INLINE_TEXT)


class BijlageInlineForm(forms.ModelForm):
    class Meta:
        model = Bijlage
        fields = BIJLAGE_FORM_FIELDS
        labels = identificator_labels("bijlageidentificator")
        widgets = dict.fromkeys(BIJLAGE_FORM_FIELDS, INLINE_TEXT)


class BetrokkeneInlineFormSet(ServiceInlineFormSet):
    def create(self, data):
        return services.create_betrokkene(grouped(data, BETROKKENE_GROUPS))

    def update(self, obj, data):
        return services.update_betrokkene(obj, grouped(data, BETROKKENE_GROUPS), partial=True)

    def delete_objects(self, objs):
        for obj in objs:
            services.delete_betrokkene(obj)


class OnderwerpobjectInlineFormSet(ServiceInlineFormSet):
    def create(self, data):
        return services.create_onderwerpobject(grouped(data, ONDERWERPOBJECT_GROUPS))

    def update(self, obj, data):
        return services.update_onderwerpobject(
            obj, grouped(data, ONDERWERPOBJECT_GROUPS), partial=True
        )

    def delete_objects(self, objs):
        for obj in objs:
            services.delete_onderwerpobject(obj)


class BijlageInlineFormSet(ServiceInlineFormSet):
    def create(self, data):
        return services.create_bijlage(grouped(data, BIJLAGE_GROUPS))

    def update(self, obj, data):
        return services.update_bijlage(obj, grouped(data, BIJLAGE_GROUPS), partial=True)

    def delete_objects(self, objs):
        for obj in objs:
            services.delete_object(obj)


class ActorKlantcontactInlineFormSet(ServiceInlineFormSet):
    def create(self, data):
        return services.create_actorklantcontact(data)

    def update(self, obj, data):
        return services.update_actorklantcontact(obj, data)

    def delete_objects(self, objs):
        for obj in objs:
            services.delete_object(obj)


# --- Telefoongesprek registreren ---------------------------------------------------------------


def _model_field(model, name: str, **kwargs):
    """The form field of a model field, so lengths and validators stay the model's; with the
    admin's text widgets."""
    model_field = model._meta.get_field(name)
    widget = AdminTextareaWidget if model_field.get_internal_type() == "TextField" else None
    return model_field.formfield(widget=widget or AdminTextInputWidget, **kwargs)


class TelefoongesprekForm(forms.Form):
    """One telephone conversation: a klantcontact, the betrokkene who took part and,
    optionally, what it was about (e.g. a zaak). Saved with `services.maak_klantcontact`, the
    function behind the API's POST /maak-klantcontact, so all three are stored or none."""

    partij = forms.ModelChoiceField(
        label="Partij",
        queryset=Partij.objects.all(),
        required=False,
        widget=AutocompleteSelect(Betrokkene._meta.get_field("partij"), admin.site),
        help_text="Zoek op naam of partijnummer; een BSN of KvK-nummer wordt exact gezocht.",
    )
    contactnaam_voornaam = _model_field(Betrokkene, "contactnaam_voornaam", label="Voornaam")
    contactnaam_voorvoegsel_achternaam = _model_field(
        Betrokkene, "contactnaam_voorvoegsel_achternaam", label="Voorvoegsel achternaam"
    )
    contactnaam_achternaam = _model_field(Betrokkene, "contactnaam_achternaam", label="Achternaam")
    rol = forms.ChoiceField(label="Rol", choices=Rol.choices, initial=Rol.KLANT)
    initiator = forms.BooleanField(
        label="Klant nam het initiatief",
        required=False,
        initial=True,
        help_text="Aan: de klant belde. Uit: de gemeente belde de klant.",
    )

    onderwerp = _model_field(Klantcontact, "onderwerp", label="Onderwerp")
    inhoud = _model_field(Klantcontact, "inhoud", label="Inhoud")
    kanaal = _model_field(Klantcontact, "kanaal", label="Kanaal", initial="telefoon")
    plaatsgevonden_op = MomentField(
        label="Plaatsgevonden op", widget=AdminSplitDateTime, initial=timezone.now
    )
    taal = _model_field(
        Klantcontact, "taal", label="Taal", initial="nld", help_text="ISO 639-2/B, bv. nld."
    )
    vertrouwelijk = forms.BooleanField(label="Vertrouwelijk", required=False, initial=False)
    indicatie_contact_gelukt = forms.NullBooleanField(
        label="Contact gelukt", initial=True, widget=forms.NullBooleanSelect
    )

    onderwerpobject_code_objecttype = _model_field(
        Onderwerpobject,
        "onderwerpobjectidentificator_code_objecttype",
        label="Objecttype",
        help_text="Bijvoorbeeld: zaak.",
    )
    onderwerpobject_code_soort_object_id = _model_field(
        Onderwerpobject,
        "onderwerpobjectidentificator_code_soort_object_id",
        label="Soort object-ID",
        help_text="Bijvoorbeeld: uuid of identificatie.",
    )
    onderwerpobject_object_id = _model_field(
        Onderwerpobject,
        "onderwerpobjectidentificator_object_id",
        label="Object-ID",
        help_text="Bijvoorbeeld het zaaknummer of de uuid van de zaak.",
    )
    onderwerpobject_code_register = _model_field(
        Onderwerpobject,
        "onderwerpobjectidentificator_code_register",
        label="Register",
        help_text="Bijvoorbeeld: openzaak.",
    )

    BETROKKENE_FIELDS = (
        "partij",
        "contactnaam_voornaam",
        "contactnaam_voorvoegsel_achternaam",
        "contactnaam_achternaam",
    )
    ONDERWERPOBJECT_FIELDS = (
        "onderwerpobject_code_objecttype",
        "onderwerpobject_code_soort_object_id",
        "onderwerpobject_object_id",
        "onderwerpobject_code_register",
    )
    fieldsets = (
        (
            "Met wie",
            {
                "description": "Kies de partij. Is de beller niet bekend als partij, vul dan "
                "alleen de naam in.",
                "fields": (
                    "partij",
                    (
                        "contactnaam_voornaam",
                        "contactnaam_voorvoegsel_achternaam",
                        "contactnaam_achternaam",
                    ),
                    ("rol", "initiator"),
                ),
            },
        ),
        (
            "Gesprek",
            {
                "fields": (
                    "onderwerp",
                    "inhoud",
                    ("kanaal", "taal"),
                    "plaatsgevonden_op",
                    ("indicatie_contact_gelukt", "vertrouwelijk"),
                )
            },
        ),
        (
            "Waarover (optioneel)",
            {
                "description": "Het object waar het gesprek over ging, bijvoorbeeld een zaak.",
                "fields": (
                    ("onderwerpobject_code_objecttype", "onderwerpobject_code_soort_object_id"),
                    ("onderwerpobject_object_id", "onderwerpobject_code_register"),
                ),
            },
        ),
    )

    # Service error keys → form fields.
    error_aliases = {
        **{f"klantcontact.{name}": name for name in services.KLANTCONTACT_FIELDS},
        **{f"betrokkene.{name}": name for name in BETROKKENE_FIELDS},
        "betrokkene.rol": "rol",
        "betrokkene.initiator": "initiator",
        **{
            "onderwerpobject.onderwerpobjectidentificator_"
            + name.removeprefix("onderwerpobject_"): name
            for name in ONDERWERPOBJECT_FIELDS
        },
    }

    def clean(self):
        cleaned_data = super().clean()
        naam = any(cleaned_data.get(name) for name in self.BETROKKENE_FIELDS[1:])
        if not cleaned_data.get("partij") and not naam and "partij" not in self.errors:
            self.add_error(
                "partij", "Kies een partij, of vul de naam in van een beller die geen partij is."
            )
        onderwerpobject = any(cleaned_data.get(name) for name in self.ONDERWERPOBJECT_FIELDS)
        if onderwerpobject and not cleaned_data.get("onderwerpobject_object_id"):
            self.add_error(
                "onderwerpobject_object_id",
                "Vul het object-ID in, of laat alle velden van het onderwerpobject leeg.",
            )
        return cleaned_data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        klantcontact = {
            name: data[name]
            for name in (
                "onderwerp",
                "inhoud",
                "kanaal",
                "plaatsgevonden_op",
                "taal",
                "vertrouwelijk",
                "indicatie_contact_gelukt",
            )
        }
        betrokkene = {
            "partij": data.get("partij"),
            "rol": data["rol"],
            "initiator": data["initiator"],
            "contactnaam": {
                sub: data.get(f"contactnaam_{sub}") or ""
                for sub in ("voornaam", "voorvoegsel_achternaam", "achternaam")
            },
        }
        onderwerpobject = None
        if any(data.get(name) for name in self.ONDERWERPOBJECT_FIELDS):
            onderwerpobject = {
                "onderwerpobjectidentificator": {
                    name.removeprefix("onderwerpobject_"): data.get(name) or ""
                    for name in self.ONDERWERPOBJECT_FIELDS
                }
            }
        return {
            "klantcontact": klantcontact,
            "betrokkene": betrokkene,
            "onderwerpobject": onderwerpobject,
        }

    def save(self) -> services.GemaaktKlantcontact:
        """Store the conversation in one transaction; a ValidationError means nothing was
        stored."""
        return services.maak_klantcontact(**self.service_arguments())
