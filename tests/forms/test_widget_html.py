"""forms.widget_html writes select and input widgets exactly as Django's own templates do."""

import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.utils.safestring import mark_safe

from actionplan.forms.widget_html import render_widget

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
