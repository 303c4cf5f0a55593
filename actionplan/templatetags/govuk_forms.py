"""Template helpers for GOV.UK form fields and the error summary.

Load with ``{% load govuk_forms %}`` (``includes/_field.html`` and ``includes/_error_summary.html``
do). Error messages come from ``forms/words.py``, in the service's words.
"""

from __future__ import annotations

from django import forms, template

from actionplan.forms.dates import DateInputs, error_parts
from actionplan.forms.widget_html import choice_items, render_field
from actionplan.forms.words import field_messages, form_messages

register = template.Library()


@register.filter
def widget_name(field):
    """The widget's class name, e.g. ``"TextInput"`` (for a bound field)."""
    try:
        return field.field.widget.__class__.__name__
    except AttributeError:
        return ""


@register.filter
def field_type(field):
    """Which GOV.UK component renders this bound field.

    One of: hidden, checkbox (a single boolean), checkboxes, radios, select, textarea,
    file, date (the Day, Month and Year boxes), password, input.
    """
    try:
        widget = field.field.widget
    except AttributeError:
        return "input"
    kinds = [
        (DateInputs, "date"),
        (forms.CheckboxSelectMultiple, "checkboxes"),
        (forms.RadioSelect, "radios"),
        (forms.CheckboxInput, "checkbox"),
        (forms.Select, "select"),  # also SelectMultiple, NullBooleanSelect
        (forms.Textarea, "textarea"),
        (forms.FileInput, "file"),  # also ClearableFileInput
        (forms.PasswordInput, "password"),
    ]
    if widget.is_hidden:
        return "hidden"
    return next((kind for cls, kind in kinds if isinstance(widget, cls)), "input")


def _date_errors(field) -> tuple[str, ...]:
    return error_parts(field.value()) if field.errors else ()


@register.filter
def field_anchor(field):
    """The id the error summary links to: the input itself, the first radio/checkbox, or the first
    box of a date that is at fault (the Day box when the whole date is)."""
    if field_type(field) == "date":
        parts = _date_errors(field) or ("day",)
        return f"{field.auto_id}-{parts[0]}" if field.auto_id else ""
    anchor = field.id_for_label
    if not anchor and field.auto_id:
        anchor = f"{field.auto_id}_0"
    return anchor or ""


@register.filter
def described_by(field):
    """The ids of a field's hint and error message, for aria-describedby ("" when it has neither)."""
    return _described_by(field)


def _described_by(field, extra=""):
    ids = [i for i in (extra or "").split() if i]
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


_BASE_CLASS = {
    "input": ("govuk-input", "govuk-input--error"),
    "password": (
        "govuk-input govuk-password-input__input govuk-js-password-input-input",
        "govuk-input--error",
    ),
    "textarea": ("govuk-textarea", "govuk-textarea--error"),
    "select": ("govuk-select", "govuk-select--error"),
    "file": ("govuk-file-upload", "govuk-file-upload--error"),
    "checkbox": ("govuk-checkboxes__input", ""),
}


@register.simple_tag
def govuk_widget(field, classes="", describedby=True):
    """Render a bound field's widget with GOV.UK classes and aria-describedby.

    ``{% govuk_widget field "govuk-input--width-20" %}``. A date becomes the Day, Month and Year
    boxes, those at fault marked (its fieldset carries aria-describedby); file inputs drop Django's
    "Currently/Clear" extras.
    """
    kind = field_type(field)
    widget = field.field.widget
    if kind == "date":
        return widget.boxes(
            field.html_name, field.value(), field.auto_id or f"id_{field.html_name}", errors=_date_errors(field)
        )
    base, error_class = _BASE_CLASS.get(kind, ("govuk-input", "govuk-input--error"))
    class_list = [base]
    if field.errors and error_class:
        class_list.append(error_class)
    if classes:
        class_list.append(classes)
    existing = widget.attrs.get("class")
    if existing:
        class_list.append(existing)
    extra_ids = widget.attrs.get("aria-describedby", "")
    if character_limit(field):  # GOV.UK character count (forms/limits.py)
        class_list.append("govuk-js-character-count")
        extra_ids = f"{extra_ids} {field.auto_id}-info"
    attrs = {"class": " ".join(class_list)}
    if describedby:
        ids = _described_by(field, extra_ids)
        if ids:
            attrs["aria-describedby"] = ids
    if kind == "file" and isinstance(widget, forms.ClearableFileInput):
        widget = forms.FileInput(attrs=widget.attrs)
    elif kind == "password":
        attrs.setdefault("spellcheck", "false")
        attrs.setdefault("autocapitalize", "none")
    return render_field(field, widget, attrs)


@register.simple_tag
def govuk_choices(field, kind):
    """``{% govuk_choices field "radios" %}``: the field's radios (or "checkboxes"), each input with its label."""
    return choice_items(field, kind)


@register.filter
def character_limit(field):
    """A text area's limit (forms/limits.py), for the GOV.UK character count; None for anything else."""
    if field_type(field) == "textarea":
        return field.field.max_length
    return None


@register.filter
def add_class(field, css_class):
    """``{{ form.q|add_class:"govuk-input govuk-input--width-20" }}``: render the widget with extra classes."""
    existing = field.field.widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{existing} {css_class}".strip()})


@register.filter
def govuk_errors(field):
    """A field's error messages in the service's words (forms/words.py): "Enter the meeting",
    "Select the status", "Enter a link in the correct format, like https://www.example.com"."""
    return field_messages(field)


@register.simple_tag
def error_summary_items(form):
    """``[(href, message), …]`` for a form's errors: non-field errors first (linked to the
    first visible field), then each field's errors linked to its input (a date's first box at
    fault). Hidden-field errors are listed without a link."""
    if form is None or not getattr(form, "errors", None):
        return []
    items = []
    visible = list(form.visible_fields())
    first_anchor = field_anchor(visible[0]) if visible else ""
    for message in form_messages(form):
        items.append((f"#{first_anchor}" if first_anchor else "", message))
    for field in form:
        for message in govuk_errors(field):
            if field.is_hidden:
                items.append(("", f"{field.label}: {message}"))
            else:
                anchor = field_anchor(field)
                items.append((f"#{anchor}" if anchor else "", message))
    return items
