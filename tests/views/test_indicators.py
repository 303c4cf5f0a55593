"""Indicators against target: RAG with a tolerance band, the pages, and the manager's form."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from actionplan.models import Indicator, IndicatorTarget, IndicatorValue
from actionplan.selectors.indicators import plan_indicators
from actionplan.services.versions import current_version


@pytest.fixture
def indicator(world):
    ind = Indicator.objects.create(plan=world.plan, code="CH 12", title="Conferences within 15 days", unit="%")
    IndicatorTarget.objects.create(indicator=ind, period="2006/07", period_end=date(2007, 3, 31), value=75)
    IndicatorValue.objects.create(indicator=ind, period="Q1 2006/07", period_end=date(2006, 6, 30), value=Decimal("65"))
    IndicatorValue.objects.create(indicator=ind, period="Q2 2006/07", period_end=date(2006, 9, 30), value=Decimal("72"))
    return ind


def test_the_list_shows_each_chart_with_its_numbers_beside_it(client, world, indicator):
    client.force_login(world.users["director"])
    body = client.get(reverse("indicator_list", args=[world.plan.slug])).content.decode()
    assert 'role="img"' in body
    assert "<desc" in body
    assert "Q2 2006/07" in body
    assert ">72<" in body
    assert ">75<" in body
    assert "govuk-tag--orange app-rag\">Amber" in body  # 72 is within 5% of 75
    row = plan_indicators(world.plan)[0]
    assert row.rag == "amber"
    assert row.latest.period == "Q2 2006/07"


def test_the_detail_page_offers_plan_managers_the_forms(client, world, indicator):
    url = reverse("indicator_detail", args=[world.plan.slug, indicator.pk])
    client.force_login(world.users["viewer"])
    assert "Record a value" not in client.get(url).content.decode()
    client.force_login(world.users["manager"])
    assert "Record a value" in client.get(url).content.decode()


def test_a_plan_manager_records_a_value_with_a_reason_in_the_history(client, world, indicator):
    client.force_login(world.users["manager"])
    url = reverse("indicator_figure_add", args=[world.plan.slug, indicator.pk, "values"])
    figure = {"period": "Q3 2006/07", "period_end": "2006-12-31", "value": "74.5", "note": ""}
    response = client.post(url, {**figure, "reason": "From the Q3 report"})
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=indicator, period="Q3 2006/07")
    assert value.value == Decimal("74.5")
    row = value.history.first()
    assert row.history_change_reason == "From the Q3 report"
    assert row.history_user == world.users["manager"]


def test_a_reason_is_made_up_when_adding_and_required_when_changing(client, world, indicator):
    client.force_login(world.users["manager"])
    add = reverse("indicator_figure_add", args=[world.plan.slug, indicator.pk, "targets"])
    client.post(add, {"period": "2007/08", "period_end": "2008-03-31", "value": "80"})
    target = IndicatorTarget.objects.get(period="2007/08")
    assert target.history.first().history_change_reason == "Target for 2007/08 recorded: 80%"
    edit = reverse("indicator_figure_edit", args=[world.plan.slug, indicator.pk, "targets", target.pk])
    opened = current_version(target)
    body = client.post(edit, {"period": "2007/08", "period_end": "2008-03-31", "value": "78",
                              "version": opened}).content.decode()
    assert "Say why this figure is being changed" in body
    client.post(edit, {"period": "2007/08", "period_end": "2008-03-31", "value": "78", "reason": "Reviewed in April",
                       "version": opened})
    target.refresh_from_db()
    assert target.value == 78
    assert target.history.first().history_change_reason == "Reviewed in April"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"period": "", "period_end": "2006-12-31", "value": "1"}, "Enter the period, for example 2006/07"),
        ({"period": "Q3", "period_end": "", "value": "1"}, "Enter the date the period ends"),
        ({"period": "Q3", "period_end": "2006-31-12", "value": "1"}, "Date the period ends must be a real date"),
        ({"period": "Q3", "period_end": "2006-12-31", "value": "lots"}, "Enter the figure as a number"),
        (
            {"period": "Q3", "period_end": "2006-12-31", "value": ""},
            "Enter the figure, or a note saying why there is none",
        ),
        (
            {"period": "Q1 again", "period_end": "2006-06-30", "value": "3"},
            "There is already a value for the period ending 30 June 2006",
        ),
        (
            {"period": "Next year", "period_end": "2999-03-31", "value": "3"},
            "A measured value&#x27;s period must have ended by today",
        ),
    ],
)
def test_value_form_errors_follow_the_govuk_pattern(client, world, indicator, data, message):
    client.force_login(world.users["manager"])
    url = reverse("indicator_figure_add", args=[world.plan.slug, indicator.pk, "values"])
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in body
    assert message in body
    assert "<title>Error:" in body


def test_only_plan_managers_may_post_figures(client, world, indicator):
    client.force_login(world.users["director"])
    url = reverse("indicator_figure_add", args=[world.plan.slug, indicator.pk, "values"])
    assert client.post(url, {"period": "Q3", "period_end": "2006-12-31", "value": "1"}).status_code == 403
    assert not IndicatorValue.objects.filter(period="Q3").exists()


def test_an_unknown_kind_of_figure_is_not_found(client, world, indicator):
    client.force_login(world.users["manager"])
    url = reverse("indicator_figure_add", args=[world.plan.slug, indicator.pk, "guesses"])
    assert client.get(url).status_code == 404
