"""The govuk_field tag (templatetags/govuk_field.py) writes the filter fields as includes/_field.html does."""

import pytest
from django.http import QueryDict
from django.template.loader import render_to_string

from actionplan.filters import ActionFilter
from actionplan.models import Action
from actionplan.templatetags.govuk_field import field_html
from tests.factories import PlanFactory

QUERIES = [
    None,  # unbound: nothing chosen
    "q=13.2&plan=p-1&lead=hl&status=ongoing&status=delayed&rag=red&due_after=2024-03-01"
    "&due_before-day=5&due_before-month=6&due_before-year=2025&overdue=on&update=no_update",
    # each field in error (a search too long, an unknown plan and status, impossible dates, an unknown update)
    "q=" + "x" * 300 + "&plan=nope&status=gone&rag=violet&due_after-day=31&due_after-month=2&due_after-year=2024"
    "&due_before=soon&update=maybe",
]
EXTRAS = [
    {},
    {
        "label_class": "govuk-label--m",
        "input_class": "govuk-input--width-10",
        "items_class": "govuk-checkboxes--small",
        "hide_optional": True,
    },
]


@pytest.mark.django_db
@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("extra", EXTRAS)
def test_filter_fields_are_the_includes_html(query, extra):
    PlanFactory(slug="p-1", title="Plan <one> & two")
    data = QueryDict(query) if query else None
    form = ActionFilter(data, queryset=Action.objects.all()).form
    form.is_valid()
    for field in form.visible_fields():
        include = render_to_string("includes/_field.html", {"field": field, **extra})
        assert field_html(field, **extra) == include, field.name
    if query and "nope" in query:
        assert form.errors  # the error branches were the ones compared
