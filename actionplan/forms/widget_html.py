"""Django's select and input widgets written out in Python, the HTML identical to what Django's templates
(django/forms/widgets/select.html, select_option.html, input.html, attrs.html) make of the same context.

Through the templates every option is an included template and every attribute a loop: the action list's
filter (a plan select of 41 options) spent more time on them than on its rows (issue 14). Any other widget,
a widget given another template, or a form with another renderer is rendered by Django as before."""

from __future__ import annotations

from html import escape as escape_text

from django import forms
from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.safestring import SafeString, mark_safe

WIDGETS = "django/forms/widgets/"
SELECT = WIDGETS + "select.html"
OPTION = WIDGETS + "select_option.html"
# Templates that are input.html (each only includes it).
INPUTS = {
    WIDGETS + f"{name}.html"
    for name in (
        "input",
        "text",
        "search",
        "email",
        "url",
        "number",
        "password",
        "hidden",
        "checkbox",
        "tel",
    )
}
# What a widget's template is rendered in (autoescape on, the default time zone and formats).
_CONTEXT = Context()


def render_field(field: forms.BoundField, widget: forms.Widget, attrs: dict) -> SafeString:
    """`field.as_widget(widget, attrs)` (Django's steps, the widget then written out by `render_widget`)."""
    if field.field.localize:
        widget.is_localized = True
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    return render_widget(widget, field.html_name, field.value(), attrs, field.form.renderer)


def render_widget(widget: forms.Widget, name: str, value, attrs: dict, renderer) -> SafeString:
    """`widget.render(name, value, attrs, renderer)`, without the templates where they are Django's own."""
    if type(renderer) is not DjangoTemplates or widget.template_name not in INPUTS | {SELECT}:
        return widget.render(name, value, attrs, renderer)
    context = widget.get_context(name, value, attrs)["widget"]
    if context["template_name"] == SELECT:
        html = _select(context)
        if html is None:
            return widget.render(name, value, attrs, renderer)
        return mark_safe(html)
    return mark_safe(_input(context))


def _show(value) -> str:
    """`{{ value }}`. A plain str is only escaped there (no time zone or localisation applies to it), so it is
    escaped here directly: the action list's filter shows some 150 values (issue 14)."""
    if type(value) is str:
        return escape_text(value)  # what conditional_escape gives for a str
    return render_value_in_context(value, _CONTEXT)


def _text(value) -> str:
    """`{{ value|stringformat:'s' }}`."""
    return _show(stringformat(value, "s"))


def _attrs(attrs: dict) -> str:
    """attrs.html."""
    return "".join(
        f" {_show(name)}" if value is True else f' {_show(name)}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    """input.html (the renderer drops the newline that ends the template file)."""
    value = f' value="{_text(widget["value"])}"' if widget["value"] is not None else ""
    return f'<input type="{_show(widget["type"])}" name="{_show(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _select(widget: dict) -> str | None:
    """select.html and select_option.html (None if an option has another template)."""
    parts = [f'<select name="{_show(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_show(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION:
                return None
            parts.append(
                f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_show(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def choice_items(field: forms.BoundField, kind: str) -> SafeString:
    """The GOV.UK radios or checkboxes (`kind`) of a field's choices, each an item with its input and label:
    what includes/_field.html wrote with a loop over `field.subwidgets`, the same HTML."""
    item = "radios" if kind == "radios" else "checkboxes"
    kind_of_input = "radio" if kind == "radios" else "checkbox"
    disabled = " disabled" if field.field.disabled else ""
    parts = []
    for choice in field.subwidgets:
        data = choice.data
        id_ = _show(choice.id_for_label)
        checked = " checked" if data["selected"] else ""
        parts.append(
            f'\n      <div class="govuk-{item}__item">'
            f'\n        <input class="govuk-{item}__input" id="{id_}" name="{_show(data["name"])}"'
            f' type="{kind_of_input}" value="{_text(data["value"])}"{checked}{disabled}>'
            f'\n        <label class="govuk-label govuk-{item}__label" for="{id_}">{_show(choice.choice_label)}</label>'
            "\n      </div>\n      "
        )
    return mark_safe("".join(parts))
