"""Recording an indicator's figures (services/indicators.py): the form only checks; this saves,
into the history, with the plan manager's reason or one that says what was recorded."""

from datetime import date
from decimal import Decimal

from actionplan.forms.indicators import IndicatorValueForm
from actionplan.models import Indicator, IndicatorValue
from actionplan.services.indicators import figure_record


def test_the_form_checks_but_saves_nothing_and_the_service_records_it_with_a_reason(world):
    indicator = Indicator.objects.create(
        plan=world.plan, code="CH 12", title="Conferences within 15 days", unit="%"
    )
    form = IndicatorValueForm(
        {"period": "Q1 2006/07", "period_end": "2006-06-30", "value": "65", "note": "", "reason": ""},
        indicator=indicator,
    )
    assert form.is_valid(), form.errors
    assert not IndicatorValue.objects.exists()
    value = figure_record(form.instance, reason=form.cleaned_data["reason"], user=world.users["manager"])
    row = value.history.get()
    assert row.history_change_reason == "Value for Q1 2006/07 recorded: 65%"
    assert row.history_user == world.users["manager"]
    value.value = Decimal("66")
    figure_record(value, reason="  ", user=world.users["manager"])
    assert value.history.first().history_change_reason == "Value for Q1 2006/07 changed: 66%"
    assert IndicatorValue.objects.get().period_end == date(2006, 6, 30)
