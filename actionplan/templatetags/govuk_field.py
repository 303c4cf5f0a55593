"""``{% load govuk_field %}{% govuk_field field %}``: includes/_field.html written out in Python for the kinds
of field the action list's filter uses (a text or search input, a select, radios, checkboxes, a single checkbox,
a date), the HTML identical to the include's, whitespace and all (tests/forms/test_field_html.py renders both for
the filter's fields, unbound, filled and in error, and compares them).

Through the include every field of the filter was a template of some forty nodes: ten of them cost the action
list about as much as its widgets (issue 14). Any other kind (hidden, password, text area, file) is rendered by
the include itself, so the include stays the one description of a GOV.UK form group."""

from __future__ import annotations

from django import forms, template
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

# The include's own filters and tags (its choice of component, error words, widgets): one rule each.
from actionplan.templatetags.govuk_forms import described_by, field_type, govuk_choices, govuk_errors, govuk_widget

register = template.Library()

FIELD = "includes/_field.html"
# What precedes a branch of the include: the newlines after {% endcomment %}, {% load %}, {% with %}, {% if %}
# (and the input branch's {% with counted %}); what follows it: those after {% endif %} and {% endwith %}s.
_OPEN = "\n\n\n\n"
_OPEN_INPUT = "\n\n\n\n\n"
_CLOSE = "\n\n"
_CLOSE_INPUT = "\n\n\n"
_INPUTS = {"input", "select"}


@register.simple_tag(name="govuk_field")
def field_html(
    field: forms.BoundField, label_class: str = "", input_class: str = "", items_class: str = "", hide_optional=False
) -> SafeString:
    """`{% include "includes/_field.html" with field=field … %}`."""
    kind = field_type(field)
    if kind in ("radios", "checkboxes"):
        html = _choices(field, kind, label_class, items_class, hide_optional)
    elif kind == "date":
        html = _date(field, label_class, hide_optional)
    elif kind == "checkbox":
        html = _checkbox(field, label_class, input_class, items_class)
    elif kind in _INPUTS:
        html = _input(field, label_class, input_class, hide_optional)
    else:
        context = {
            "field": field,
            "label_class": label_class,
            "input_class": input_class,
            "items_class": items_class,
            "hide_optional": hide_optional,
        }
        return render_to_string(FIELD, context)
    return mark_safe(html)


def _e(value) -> str:
    return conditional_escape(value)


def _group(field) -> str:
    return f'<div class="govuk-form-group{" govuk-form-group--error" if field.errors else ""}'


def _label(field, hide_optional) -> str:
    optional = " (optional)" if not field.field.required and not hide_optional else ""
    return f"{_e(field.label)}{optional}"


def _hint(field, extra_class="") -> str:
    if not field.help_text:
        return ""
    return f'<div id="{_e(field.auto_id)}-hint" class="govuk-hint{extra_class}">{_e(field.help_text)}</div>'


def _error(field) -> str:
    if not field.errors:
        return ""
    messages = " ".join(_e(message) for message in govuk_errors(field))
    return (
        f'<p id="{_e(field.auto_id)}-error" class="govuk-error-message">'
        f'<span class="govuk-visually-hidden">Error:</span> {messages}</p>'
    )


def _describedby(field) -> str:
    return f' aria-describedby="{_e(described_by(field))}"' if field.help_text or field.errors else ""


def _widget(field, classes="") -> str:
    return _e(govuk_widget(field, classes))


def _choices(field, kind, label_class, items_class, hide_optional) -> str:
    data_module = "govuk-radios" if kind == "radios" else "govuk-checkboxes"
    return (
        f'{_OPEN}{_group(field)}">\n'
        f'  <fieldset class="govuk-fieldset"{_describedby(field)}>\n'
        f'    <legend class="govuk-fieldset__legend {_e(label_class or "govuk-fieldset__legend--s")}">\n'
        f"      {_label(field, hide_optional)}\n"
        "    </legend>\n"
        f"    {_hint(field)}\n"
        f"    {_error(field)}\n"
        f'    \n    <div class="{data_module} {_e(items_class)}" data-module="{data_module}">\n'
        f"      {_e(govuk_choices(field, kind))}\n"
        "    </div>\n    \n"
        "  </fieldset>\n"
        f"</div>\n{_CLOSE}"
    )


def _date(field, label_class, hide_optional) -> str:
    return (
        f'{_OPEN}{_group(field)}">\n'
        f'  <fieldset class="govuk-fieldset" role="group"{_describedby(field)}>\n'
        f'    <legend class="govuk-fieldset__legend {_e(label_class)}">\n'
        f"      {_label(field, hide_optional)}\n"
        "    </legend>\n"
        f"    {_hint(field)}\n"
        f"    {_error(field)}\n"
        f"    {_widget(field)}\n"
        "  </fieldset>\n"
        f"</div>\n{_CLOSE}"
    )


def _checkbox(field, label_class, input_class, items_class) -> str:
    return (
        f'{_OPEN}{_group(field)}">\n'
        f"  {_error(field)}\n"
        f'  <div class="govuk-checkboxes {_e(items_class or "govuk-checkboxes--small")}"'
        ' data-module="govuk-checkboxes">\n'
        '    <div class="govuk-checkboxes__item">\n'
        f"      {_widget(field, input_class)}\n"
        f'      <label class="govuk-label govuk-checkboxes__label {_e(label_class)}" for="{_e(field.id_for_label)}">'
        f"{_e(field.label)}</label>\n"
        f"      {_hint(field, ' govuk-checkboxes__hint')}\n"
        "    </div>\n"
        "  </div>\n"
        f"</div>\n{_CLOSE}"
    )


def _input(field, label_class, input_class, hide_optional) -> str:
    """The include's last branch for an input or a select (no password toggle, no character count)."""
    return (
        f'{_OPEN_INPUT}{_group(field)}">\n'
        f'  <label class="govuk-label {_e(label_class)}" for="{_e(field.id_for_label)}">\n'
        f"    {_label(field, hide_optional)}\n"
        "  </label>\n"
        f"  {_hint(field)}\n"
        f"  {_error(field)}\n"
        f"  \n  {_widget(field, input_class)}\n  \n"
        "  \n"
        f"</div>\n{_CLOSE_INPUT}"
    )
