"""forms.widget_html writes select and input widgets exactly as Django's own templates do."""

import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.template import Context, Template
from django.utils.safestring import mark_safe

from actionplan.forms.widget_html import choice_items, render_widget

CASES = [
    (
        forms.Select(choices=[("", "All"), ("a", "A & B"), (1, 2)]),
        "a",
        {"class": "govuk-select", "id": "x", "required": True, "disabled": False},
    ),
    (forms.Select(choices=[("Group <1>", [("a", "<a>"), ("b", "B")]), ("c", "C")]), "b", {}),
    (forms.SelectMultiple(choices=[("a", "A"), ("b", "B"), ("c", "C")]), ["a", "c"], {"aria-describedby": "h e"}),
    (forms.NullBooleanSelect(), None, {}),
    (forms.TextInput(), 'x"<', {"class": "c"}),
    (forms.SearchInput(), None, {"class": "c", "data-x": mark_safe("<b>")}),
    (forms.CheckboxInput(), True, {"class": "c"}),
    (forms.CheckboxInput(), False, {}),
    (forms.NumberInput(), 3, {}),
    (forms.PasswordInput(), "pw", {"spellcheck": "false"}),
]


@pytest.mark.parametrize(("widget", "value", "attrs"), CASES)
def test_the_html_is_djangos(widget, value, attrs):
    renderer = get_default_renderer()
    assert render_widget(widget, "f", value, dict(attrs), renderer) == widget.render("f", value, dict(attrs), renderer)


def test_other_widgets_are_rendered_by_django():
    widget = forms.Textarea()
    assert render_widget(widget, "f", "a", {}, get_default_renderer()) == widget.render("f", "a", {})


# The loop includes/_field.html had before forms.widget_html.choice_items wrote the items.
OLD_ITEMS = """{% for choice in field.subwidgets %}
      <div class="govuk-KIND__item">
        <input class="govuk-KIND__input" id="{{ choice.id_for_label }}" name="{{ choice.data.name }}" type="TYPE" value="{{ choice.data.value|stringformat:'s' }}"{% if choice.data.selected %} checked{% endif %}{% if field.field.disabled %} disabled{% endif %}>
        <label class="govuk-label govuk-KIND__label" for="{{ choice.id_for_label }}">{{ choice.choice_label }}</label>
      </div>
      {% endfor %}"""  # noqa: E501


class Choices(forms.Form):
    colour = forms.ChoiceField(choices=[("r", "Red & <b>"), ("g", "Green")], widget=forms.RadioSelect)
    sizes = forms.MultipleChoiceField(
        choices=[(1, "One"), (2, "Two"), (3, '"Three"')], widget=forms.CheckboxSelectMultiple
    )
    fixed = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple, disabled=True)


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        ({"colour": "g"}, "colour", "radios"),
        (None, "colour", "radios"),
        ({"sizes": ["1", "3"]}, "sizes", "checkboxes"),
        ({}, "sizes", "checkboxes"),
        ({"fixed": ["a"]}, "fixed", "checkboxes"),
    ],
)
def test_the_choices_are_the_loops(data, name, kind):
    field = Choices(data)[name]
    old = Template(OLD_ITEMS.replace("KIND", kind).replace("TYPE", "radio" if kind == "radios" else "checkbox"))
    assert choice_items(field, kind) == old.render(Context({"field": field}))
