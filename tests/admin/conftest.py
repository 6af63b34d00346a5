"""Fixtures and helpers for the admin tests: a logged-in superuser and form data as a browser
would send it."""

import pytest
from django.forms import CheckboxInput, MultiWidget
from django.test import Client
from django.urls import reverse


@pytest.fixture
def staff(db, django_user_model) -> Client:
    """A client logged in as a superuser (force_login bypasses django-axes)."""
    user = django_user_model.objects.create_superuser(
        username="beheerder", email="beheer@example.nl", password="een-lang-wachtwoord-123"
    )
    client = Client()
    client.force_login(user)
    return client


def admin_url(model, view: str, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _field_value(bound):
    value = bound.value()
    if isinstance(bound.field.widget, CheckboxInput):
        return "on" if value else None
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return str(value)


def _widget_values(bound) -> dict[str, object]:
    """{name suffix: posted value} of one field; a MultiWidget (e.g. the date and time boxes
    of a SplitDateTimeWidget) posts one value per box: name_0, name_1, …"""
    widget = bound.field.widget
    if isinstance(widget, MultiWidget):
        parts = widget.decompress(bound.value())
        return {
            f"_{index}": sub.format_value(part) or ""
            for index, (sub, part) in enumerate(zip(widget.widgets, parts, strict=True))
        }
    value = _field_value(bound)
    return {} if value is None else {"": value}


def page_form_data(response) -> dict:
    """The data a browser posts back for an admin add/change page left as it is: the main
    form, every existing inline row and the management forms (without the empty extra rows)."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = str(management[name].value())
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(formset.initial_form_count())
        forms.extend(formset.initial_forms)
    for form in forms:
        for bound in form:
            for suffix, value in _widget_values(bound).items():
                data[bound.html_name + suffix] = value
                if bound.field.show_hidden_initial:
                    # Fields with a callable model default (timezone.now, dict) also send
                    # their initial value; without it Django sees them as changed.
                    data[bound.html_initial_name + suffix] = value
    return data


def add_inline_row(data: dict, prefix: str, **fields) -> int:
    """Append a row to an inline in `data`; returns its index."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    return index


def inline_index(response, prefix: str, pk) -> int:
    """The row index of object `pk` in an inline of a change page."""
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == prefix:
            for index, form in enumerate(inline.formset.initial_forms):
                if form.instance.pk == pk:
                    return index
    raise LookupError(f"{pk} not in inline {prefix}")


def errors_of(response) -> list[str]:
    """Every error message on an admin form page: the main form, the inline rows and the
    inline formsets."""
    found = []
    context = response.context
    form = context["adminform"].form
    for errors in form.errors.values():
        found.extend(errors)
    for inline in context["inline_admin_formsets"]:
        found.extend(inline.formset.non_form_errors())
        for row_errors in inline.formset.errors:
            for errors in row_errors.values():
                found.extend(errors)
    return [str(error) for error in found]
