"""Admin forms for the Partij family.

The admin validates and writes through `partijen.services`, the same functions the API uses:

- A standalone form (`ServiceModelForm`) is validated by a *dry run* of its service function
  in a savepoint that is always rolled back, so every rule the service applies (model
  `full_clean`, the validators, the database constraints and the service's own rules such as
  "one standaard adres per soort" or "the voorkeurs adres must be one of the partij's") shows
  up as a form error. Saving calls the same function for real.
- Inline rows (`ServiceInlineFormSet`) are validated with the model rules as Django does for
  inlines, plus the rules that concern the rows of one partij together (Django leaves those
  out because the partij may not exist yet). Saving goes through the services row by row.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.forms.models import BaseInlineFormSet, construct_instance

from partijen import services
from partijen.models import (
    ADRES_SUBFIELDS,
    CONTACTNAAM_SUBFIELDS,
    Categorie,
    CategorieRelatie,
    Contactpersoon,
    DigitaalAdres,
    Organisatie,
    Partij,
    PartijIdentificator,
    Persoon,
    Rekeningnummer,
    SoortPartij,
    Vertegenwoordigden,
)

ADRES_PREFIXES = ("bezoekadres", "correspondentieadres")
# The digitaal adres fields staff edit; the partij comes first where a form chooses it.
DIGITAAL_ADRES_FORM_FIELDS = (
    "soort_digitaal_adres",
    "adres",
    "is_standaard_adres",
    "omschrijving",
    "referentie",
    "verificatie_datum",
)
# The identificator fields staff edit, in the order of the contract's partijIdentificator group.
IDENTIFICATOR_FORM_FIELDS = (
    "partij_identificator_code_register",
    "partij_identificator_code_objecttype",
    "partij_identificator_code_soort_object_id",
    "partij_identificator_object_id",
    "sub_identificator_van",
    "andere_partij_identificator",
)
CONTACTNAAM_FIELDS = tuple(f"contactnaam_{sub}" for sub in CONTACTNAAM_SUBFIELDS)
IDENTIFICATIE_FIELDS = ("organisatie_naam", *CONTACTNAAM_FIELDS, "werkte_voor_partij")
# Which identificatie fields belong to which soort partij.
IDENTIFICATIE_FIELDS_BY_SOORT = {
    SoortPartij.ORGANISATIE: ("organisatie_naam",),
    SoortPartij.PERSOON: CONTACTNAAM_FIELDS,
    SoortPartij.CONTACTPERSOON: (*CONTACTNAAM_FIELDS, "werkte_voor_partij"),
}


# --- Helpers ----------------------------------------------------------------------------------


class _DryRun(Exception):
    """Raised inside a savepoint to roll back a validation run of a service."""


def protected_error(exc: ProtectedError | RestrictedError) -> ValidationError:
    """A refused delete as a ValidationError, naming what still refers to the object."""
    objs = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", ())
    names = ", ".join(sorted(f"{obj._meta.verbose_name} {obj}" for obj in objs))
    return ValidationError(
        f"Kan niet verwijderd worden: er verwijzen nog gegevens naar ({names}).",
        code="protected",
    )


def dry_run(func) -> None:
    """Run `func` in a savepoint that is always rolled back.

    A ValidationError from `func` passes through (a refused delete becomes one); whatever
    it wrote is undone either way (on_commit callbacks registered inside the savepoint are
    discarded with it).
    """
    try:
        with transaction.atomic():
            func()
            raise _DryRun
    except _DryRun:
        pass
    except (ProtectedError, RestrictedError) as exc:
        raise protected_error(exc) from exc


def add_service_errors(form, error: ValidationError, aliases: dict[str, str] | None = None):
    """Put a service's ValidationError on the form: on the field it names when the form has
    that field (after `aliases`), otherwise at the top of the form with the path in front."""
    aliases = aliases or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, errors in error.error_dict.items():
        name = aliases.get(key, key)
        if name in form.fields:
            form.add_error(name, errors)
        elif key == NON_FIELD_ERRORS:
            form.add_error(None, errors)
        else:
            form.add_error(
                None, [f"{key}: {message}" for message in ValidationError(errors).messages]
            )


def constraint_message(model, name: str, default: str) -> str:
    """The violation message of a model constraint, so a rule checked here reads the same."""
    for constraint in model._meta.constraints:
        if constraint.name == name:
            return str(constraint.violation_error_message)
    return default


# --- Standalone forms: validated by a dry run of the service -----------------------------------


class ServiceModelForm(forms.ModelForm):
    """A ModelForm whose model validation is a dry run of the service that saves it.

    Subclasses implement `create(data)` and `update(obj, data)` with the service functions.
    On a change only the changed fields are passed, as a PATCH would.
    """

    error_aliases: dict[str, str] = {}
    # Set by the admin when the real save was refused after validation passed (a race):
    # the form is shown again with this error.
    save_error: ValidationError | None = None

    def create(self, data: dict):
        raise NotImplementedError

    def update(self, obj, data: dict):
        raise NotImplementedError

    @property
    def adding(self) -> bool:
        return self.instance._state.adding

    def service_data(self) -> dict:
        opts = self._meta.model._meta
        names = [
            field.name
            for field in opts.concrete_fields
            if field.name in self.fields and not field.primary_key
        ]
        if not self.adding:
            names = [name for name in names if name in self.changed_data]
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}

    def save_through_service(self):
        """Create or update through the service; returns the saved object."""
        if self.adding:
            return self.create(self.service_data())
        current = type(self.instance)._default_manager.get(pk=self.instance.pk)
        return self.update(current, self.service_data())

    def _post_clean(self):
        # What ModelForm does, with the service's validation instead of instance.full_clean().
        try:
            self.instance = construct_instance(
                self, self.instance, self._meta.fields, self._meta.exclude
            )
        except ValidationError as exc:
            self._update_errors(exc)
        if self.save_error is not None:
            add_service_errors(self, self.save_error, self.error_aliases)
        if self._errors:
            return
        try:
            dry_run(self.save_through_service)
        except ValidationError as exc:
            add_service_errors(self, exc, self.error_aliases)


def _text_field(model, name: str, label: str) -> forms.CharField:
    """An optional form field as long as the model field it is stored in."""
    return forms.CharField(
        label=label, max_length=model._meta.get_field(name).max_length, required=False
    )


class PartijForm(ServiceModelForm):
    """A partij with its soort-specific identificatie (naam or contactnaam) in one form.

    Saved with `services.create_partij` / `services.update_partij`, which create the matching
    Persoon, Organisatie or Contactpersoon record, and replace it when the soort changes.
    """

    organisatie_naam = _text_field(Organisatie, "naam", "Naam (organisatie)")
    contactnaam_voorletters = _text_field(Persoon, "contactnaam_voorletters", "Voorletters")
    contactnaam_voornaam = _text_field(Persoon, "contactnaam_voornaam", "Voornaam")
    contactnaam_voorvoegsel_achternaam = _text_field(
        Persoon, "contactnaam_voorvoegsel_achternaam", "Voorvoegsel achternaam"
    )
    contactnaam_achternaam = _text_field(Persoon, "contactnaam_achternaam", "Achternaam")
    werkte_voor_partij = forms.ModelChoiceField(
        label="Werkte voor (organisatie)",
        queryset=Partij.objects.filter(soort_partij=SoortPartij.ORGANISATIE),
        required=False,
        widget=AutocompleteSelect(Contactpersoon._meta.get_field("werkte_voor_partij"), admin.site),
        help_text="Alleen bij een contactpersoon: de organisatie waarvoor deze persoon werkt.",
    )
    # Only this partij's own addresses and accounts are offered (never the whole table).
    voorkeurs_digitaal_adres = forms.ModelChoiceField(
        label="Voorkeurs digitaal adres",
        queryset=DigitaalAdres.objects.none(),
        required=False,
    )
    voorkeurs_rekeningnummer = forms.ModelChoiceField(
        label="Voorkeurs rekeningnummer",
        queryset=Rekeningnummer.objects.none(),
        required=False,
    )

    error_aliases = {
        "partij_identificatie.naam": "organisatie_naam",
        "partij_identificatie.werkte_voor_partij": "werkte_voor_partij",
        **{f"partij_identificatie.{name}": name for name in CONTACTNAAM_FIELDS},
    }

    class Meta:
        model = Partij
        fields = (
            "soort_partij",
            "nummer",
            "indicatie_actief",
            "indicatie_geheimhouding",
            "voorkeurstaal",
            "interne_notitie",
            "voorkeurs_digitaal_adres",
            "voorkeurs_rekeningnummer",
            *(f"{prefix}_{sub}" for prefix in ADRES_PREFIXES for sub in ADRES_SUBFIELDS),
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        partij = self.instance
        self._stored_soort = None if self.adding else partij.soort_partij
        self._contactpersoon_uuid = None
        if self.adding:
            return
        self.fields["voorkeurs_digitaal_adres"].queryset = DigitaalAdres.objects.filter(
            partij=partij
        )
        self.fields["voorkeurs_rekeningnummer"].queryset = Rekeningnummer.objects.filter(
            partij=partij
        )
        organisatie = getattr(partij, "organisatie", None)
        if organisatie is not None:
            self.initial.setdefault("organisatie_naam", organisatie.naam)
        for attr in ("persoon", "contactpersoon"):
            sub = getattr(partij, attr, None)
            if sub is None:
                continue
            for name in CONTACTNAAM_FIELDS:
                self.initial.setdefault(name, getattr(sub, name))
            if attr == "contactpersoon":
                self.initial.setdefault("werkte_voor_partij", sub.werkte_voor_partij_id)
                self._contactpersoon_uuid = sub.uuid

    def clean(self):
        cleaned_data = super().clean()
        soort = cleaned_data.get("soort_partij")
        if soort:
            allowed = IDENTIFICATIE_FIELDS_BY_SOORT[soort]
            label = SoortPartij(soort).label.lower()
            for name in IDENTIFICATIE_FIELDS:
                # Only what was typed in this submission: on a soort change the old values
                # are dropped, as the API replaces the identificatie.
                if name not in allowed and cleaned_data.get(name) and name in self.changed_data:
                    self.add_error(name, f"Dit veld hoort niet bij soort partij '{label}'.")
        return cleaned_data

    def _identificatie(self) -> dict:
        data = self.cleaned_data
        soort = data.get("soort_partij")
        if soort == SoortPartij.ORGANISATIE:
            return {"naam": data.get("organisatie_naam") or ""}
        contactnaam = {sub: data.get(f"contactnaam_{sub}") or "" for sub in CONTACTNAAM_SUBFIELDS}
        if soort == SoortPartij.PERSOON:
            return {"contactnaam": contactnaam}
        identificatie = {
            "contactnaam": contactnaam,
            "werkte_voor_partij": data.get("werkte_voor_partij"),
        }
        if self._contactpersoon_uuid is not None and self._stored_soort == soort:
            identificatie["uuid"] = self._contactpersoon_uuid
        return identificatie

    def service_data(self) -> dict:
        data = self.cleaned_data
        changed = set(self.changed_data)

        def wanted(*names) -> bool:
            return self.adding or bool(changed.intersection(names))

        result = {}
        for name in (
            "nummer",
            "soort_partij",
            "indicatie_actief",
            "indicatie_geheimhouding",
            "voorkeurstaal",
            "interne_notitie",
            "voorkeurs_digitaal_adres",
            "voorkeurs_rekeningnummer",
        ):
            if name in data and wanted(name):
                result[name] = data[name]
        for prefix in ADRES_PREFIXES:
            names = [f"{prefix}_{sub}" for sub in ADRES_SUBFIELDS]
            if wanted(*names):
                result[prefix] = {sub: data.get(f"{prefix}_{sub}") for sub in ADRES_SUBFIELDS}
        if wanted("soort_partij", *IDENTIFICATIE_FIELDS):
            result["partij_identificatie"] = self._identificatie()
        return result

    def create(self, data):
        return services.create_partij(data)

    def update(self, obj, data):
        return services.update_partij(obj, data, partial=False)


class PartijIdentificatorForm(ServiceModelForm):
    class Meta:
        model = PartijIdentificator
        fields = ("partij", *IDENTIFICATOR_FORM_FIELDS)

    def create(self, data):
        return services.create_partij_identificator(data)

    def update(self, obj, data):
        return services.update_partij_identificator(obj, data)


class DigitaalAdresForm(ServiceModelForm):
    class Meta:
        model = DigitaalAdres
        fields = ("partij", *DIGITAAL_ADRES_FORM_FIELDS)

    def create(self, data):
        return services.create_digitaal_adres(data)

    def update(self, obj, data):
        return services.update_digitaal_adres(obj, data)


class RekeningnummerForm(ServiceModelForm):
    class Meta:
        model = Rekeningnummer
        fields = ("partij", "iban", "bic")

    def create(self, data):
        return services.create_rekeningnummer(data)

    def update(self, obj, data):
        return services.update_rekeningnummer(obj, data)


class VertegenwoordigingForm(ServiceModelForm):
    class Meta:
        model = Vertegenwoordigden
        fields = ("vertegenwoordigende_partij", "vertegenwoordigde_partij")

    def create(self, data):
        return services.create_vertegenwoordiging(data)

    def update(self, obj, data):
        return services.update_vertegenwoordiging(obj, data)


class CategorieForm(ServiceModelForm):
    class Meta:
        model = Categorie
        fields = ("naam",)

    def create(self, data):
        return services.create_categorie(data)

    def update(self, obj, data):
        return services.update_categorie(obj, data)


class CategorieRelatieForm(ServiceModelForm):
    class Meta:
        model = CategorieRelatie
        fields = ("partij", "categorie", "begin_datum", "eind_datum")

    def create(self, data):
        return services.create_categorie_relatie(data)

    def update(self, obj, data):
        return services.update_categorie_relatie(obj, data)


# --- Inlines on the partij: saved row by row through the services -------------------------------


class ServiceInlineFormSet(BaseInlineFormSet):
    """An inline formset whose rows are written by service functions, not by `form.save()`.

    Deleted rows go first, then changed rows (only their changed fields), then new rows (with
    the partij set). The admin's change message reads `new_objects`, `changed_objects` and
    `deleted_objects`, which are filled as ModelFormSet.save() would.
    """

    def create(self, data: dict):
        raise NotImplementedError

    def update(self, obj, data: dict):
        raise NotImplementedError

    def delete_objects(self, objs) -> None:
        for obj in objs:
            services.delete_object(obj)

    def is_deleted(self, form) -> bool:
        return self.can_delete and self._should_delete_form(form)

    def rows(self):
        """The forms that stand for a row after this submission (kept or new)."""
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self.is_deleted(form):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            yield form

    def _service_fields(self, form) -> list[str]:
        return [
            field.name
            for field in self.model._meta.concrete_fields
            if field.name in form.fields and not field.primary_key and field.name != self.fk.name
        ]

    def save(self, commit=True):
        if not commit:
            raise ValueError("Rijen worden via de services opgeslagen; commit=False kan niet.")
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        doomed = [
            form.instance
            for form in self.initial_forms
            if self.is_deleted(form) and form.instance.pk is not None
        ]
        if doomed:
            # Fresh copies: deleting clears the pk, and the change message needs it.
            self.delete_objects(self.model._default_manager.filter(pk__in=[o.pk for o in doomed]))
            self.deleted_objects = doomed
        for form in self.initial_forms:
            if self.is_deleted(form) or not form.has_changed():
                continue
            current = self.model._default_manager.get(pk=form.instance.pk)
            data = {
                name: form.cleaned_data[name]
                for name in self._service_fields(form)
                if name in form.changed_data
            }
            form.instance = self.update(current, data)
            self.changed_objects.append((form.instance, form.changed_data))
        for form in self.extra_forms:
            if self.is_deleted(form) or not form.has_changed():
                continue
            data = {name: form.cleaned_data.get(name) for name in self._service_fields(form)}
            data[self.fk.name] = self.instance
            form.instance = self.create(data)
            self.new_objects.append(form.instance)
        return [*self.new_objects, *(obj for obj, _ in self.changed_objects)]


class PartijIdentificatorInlineFormSet(ServiceInlineFormSet):
    def create(self, data):
        return services.create_partij_identificator(data)

    def update(self, obj, data):
        return services.update_partij_identificator(obj, data)

    def delete_objects(self, objs):
        services.delete_partij_identificatoren(objs)

    def clean(self):
        super().clean()
        # The deletions, tried in a savepoint: a parent with sub-identificatoren that stay is
        # refused with the service's own message.
        doomed = [
            form.instance.pk
            for form in self.initial_forms
            if self.is_deleted(form) and form.instance.pk is not None
        ]
        if doomed:
            try:
                dry_run(
                    lambda: self.delete_objects(PartijIdentificator.objects.filter(pk__in=doomed))
                )
            except ValidationError as exc:
                raise ValidationError(exc.messages) from exc
        # One identificator per codeSoortObjectId per partij (a database constraint that
        # Django skips for inline rows, because the partij may not exist yet).
        message = constraint_message(
            PartijIdentificator,
            "partij_identificator_soort_uniek_per_partij",
            "`CodeSoortObjectId` moet uniek zijn voor de Partij.",
        )
        seen = set()
        for form in self.rows():
            soort = form.cleaned_data.get("partij_identificator_code_soort_object_id")
            if not soort:
                continue
            if soort in seen:
                form.add_error("partij_identificator_code_soort_object_id", message)
            seen.add(soort)


class DigitaalAdresInlineForm(forms.ModelForm):
    """A digitaal adres row on the partij page.

    While the partij is being added it has no id yet, so the model's rule "a standaard adres
    needs a partij" would refuse the row; the partij is saved before its addresses, so that
    rule is checked when the service saves the address instead.
    """

    class Meta:
        model = DigitaalAdres
        fields = ("partij", *DIGITAAL_ADRES_FORM_FIELDS)

    def _post_clean(self):
        deferred = self.instance.partij_id is None and self.cleaned_data.get("is_standaard_adres")
        if deferred:
            self.cleaned_data["is_standaard_adres"] = False
        super()._post_clean()
        if deferred:
            self.cleaned_data["is_standaard_adres"] = True
            self.instance.is_standaard_adres = True


class DigitaalAdresInlineFormSet(ServiceInlineFormSet):
    def create(self, data):
        return services.create_digitaal_adres(data)

    def update(self, obj, data):
        return services.update_digitaal_adres(obj, data)

    def clean(self):
        super().clean()
        referentie_message = constraint_message(
            DigitaalAdres,
            "digitaal_adres_referentie_uniek",
            "De velden partij, referentie, soortDigitaalAdres moeten een unieke set zijn.",
        )
        standaard, referenties = set(), set()
        for form in self.rows():
            data = form.cleaned_data
            soort = data.get("soort_digitaal_adres")
            # As in the API, a newly marked standaard adres replaces the stored one of its
            # soort (the service unsets the other); marking two at once is ambiguous.
            newly_standaard = data.get("is_standaard_adres") and (
                form.instance.pk is None or "is_standaard_adres" in form.changed_data
            )
            if newly_standaard:
                if soort in standaard:
                    form.add_error(
                        "is_standaard_adres",
                        "Er kan maar één standaardadres per soort zijn; markeer er één.",
                    )
                standaard.add(soort)
            referentie = data.get("referentie")
            if referentie:
                if (referentie, soort) in referenties:
                    form.add_error("referentie", referentie_message)
                referenties.add((referentie, soort))


class RekeningnummerInlineFormSet(ServiceInlineFormSet):
    def create(self, data):
        return services.create_rekeningnummer(data)

    def update(self, obj, data):
        return services.update_rekeningnummer(obj, data)


class CategorieRelatieInlineFormSet(ServiceInlineFormSet):
    def create(self, data):
        return services.create_categorie_relatie(data)

    def update(self, obj, data):
        return services.update_categorie_relatie(obj, data)


class VertegenwoordigingInlineFormSet(ServiceInlineFormSet):
    def create(self, data):
        return services.create_vertegenwoordiging(data)

    def update(self, obj, data):
        return services.update_vertegenwoordiging(obj, data)
