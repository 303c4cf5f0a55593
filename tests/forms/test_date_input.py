"""The GOV.UK date input (forms/dates.GovukDateField): Day, Month and Year boxes, read one way, refused in
the Design System's words named by the field, the boxes at fault marked, the error summary linking to the
first of them."""

from datetime import date, timedelta

import pytest
from django import forms
from django.template import Context, Template
from django.utils import timezone

from actionplan.forms.dates import GovukDateField


class MeetingForm(forms.Form):
    meets_on = GovukDateField(label="Date of the meeting", called="The date of the meeting", required=True)
    happened_on = GovukDateField(label="Date it happened", required=False, past_only=True)


def boxes(day="", month="", year="", name="meets_on"):
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}


def errors(data) -> list[str]:
    form = MeetingForm(data)
    assert not form.is_valid()
    return form.errors["meets_on"] if "meets_on" in form.errors else form.errors["happened_on"]


def rendered(data) -> str:
    form = MeetingForm(data)
    form.is_valid()
    return Template(
        '{% include "includes/_error_summary.html" %}{% include "includes/_field.html" with field=form.meets_on %}'
    ).render(Context({"form": form}))


@pytest.mark.parametrize(("typed", "day"), [
    (("19", "5", "2006"), date(2006, 5, 19)),
    (("01", "05", "2006"), date(2006, 5, 1)),
    ((" 7 ", "Mar", "2006"), date(2006, 3, 7)),
    (("7", "march", "2006"), date(2006, 3, 7)),
    (("30", "Sept", "2006"), date(2006, 9, 30)),
    (("29", "2", "2008"), date(2008, 2, 29)),
])
def test_the_three_boxes_give_the_date_typed_with_a_month_as_a_number_or_its_name(typed, day):
    form = MeetingForm(boxes(*typed))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["meets_on"] == day


def test_a_link_may_give_the_date_as_yyyy_mm_dd_when_no_box_is_sent():
    form = MeetingForm({"meets_on": "2006-05-19"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["meets_on"] == date(2006, 5, 19)


@pytest.mark.parametrize(("typed", "message"), [
    (("", "", ""), "Enter the date of the meeting"),
    (("19", "", "2006"), "The date of the meeting must include a month"),
    (("", "5", "2006"), "The date of the meeting must include a day"),
    (("19", "5", ""), "The date of the meeting must include a year"),
    (("", "", "2006"), "The date of the meeting must include a day and month"),
    (("19", "", ""), "The date of the meeting must include a month and year"),
    (("32", "5", "2006"), "The date of the meeting must be a real date"),
    (("19", "13", "2006"), "The date of the meeting must be a real date"),
    (("19", "Mai", "2006"), "The date of the meeting must be a real date"),
    (("31", "2", "2006"), "The date of the meeting must be a real date"),
    (("29", "2", "2006"), "The date of the meeting must be a real date"),
    (("x", "5", "2006"), "The date of the meeting must be a real date"),
    (("19", "5", "06"), "The date of the meeting must include a year with 4 numbers"),
    (("19", "5", "20061"), "The date of the meeting must include a year with 4 numbers"),
])
def test_each_problem_is_named_in_the_design_systems_words(typed, message):
    assert errors(boxes(*typed)) == [message]


def test_a_date_that_must_not_be_in_the_future_says_so():
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = {**boxes("1", "1", "2006"), **boxes(str(tomorrow.day), str(tomorrow.month), str(tomorrow.year),
                                             name="happened_on")}
    assert errors(data) == ["Date it happened must be today or in the past"]


@pytest.mark.parametrize(("typed", "marked"), [
    (("19", "", "2006"), ["month"]),
    (("", "", "2006"), ["day", "month"]),
    (("19", "13", "2006"), ["month"]),
    (("19", "5", "06"), ["year"]),
    (("31", "2", "2006"), ["day", "month", "year"]),
    (("", "", ""), ["day", "month", "year"]),
])
def test_the_boxes_at_fault_are_marked_and_the_summary_links_to_the_first(typed, marked):
    html = rendered(boxes(*typed))
    for part in ("day", "month", "year"):
        box = html.split(f'id="id_meets_on-{part}"')[0].rsplit("<input", 1)[1]
        assert ("govuk-input--error" in box) == (part in marked), part
    assert f'href="#id_meets_on-{marked[0]}"' in html
    assert "govuk-form-group--error" in html


def test_the_date_input_follows_the_design_systems_markup_and_keeps_what_was_typed():
    html = rendered(boxes("19", "Mar", "06"))
    assert ('<fieldset class="govuk-fieldset" role="group" aria-describedby="id_meets_on-hint id_meets_on-error">'
            in html)
    assert '<legend class="govuk-fieldset__legend' in html
    assert '<div id="id_meets_on-hint" class="govuk-hint">For example, 27 3 2006</div>' in html
    assert '<div class="govuk-date-input" id="id_meets_on">' in html
    for part, width, value in (("day", 2, "19"), ("month", 2, "Mar"), ("year", 4, "06")):
        label = f'<label class="govuk-label govuk-date-input__label" for="id_meets_on-{part}">{part.title()}</label>'
        assert label in html
        assert f'id="id_meets_on-{part}" name="meets_on-{part}" type="text" inputmode="numeric" value="{value}"' in html
        assert f"govuk-input--width-{width}" in html
    assert 'type="date"' not in html


def test_an_unbound_form_shows_its_initial_date_in_the_boxes():
    form = MeetingForm(initial={"meets_on": date(2006, 7, 13)})
    html = Template('{% include "includes/_field.html" with field=form.meets_on %}').render(Context({"form": form}))
    assert 'name="meets_on-day" type="text" inputmode="numeric" value="13"' in html
    assert 'name="meets_on-month" type="text" inputmode="numeric" value="7"' in html
    assert 'name="meets_on-year" type="text" inputmode="numeric" value="2006"' in html
