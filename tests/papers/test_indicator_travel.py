"""Indicators in papers: the direction of travel against the value before (by the indicator's polarity,
in words with a decorative arrow), the distance from target, and outturns told apart from forecasts in the
chart and the table; read back from the rendered HTML and PDF."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from actionplan.charts import ChartPoint, trend_chart_svg
from actionplan.models import IndicatorValue, Paper
from actionplan.papers.context import indicator_exception_rows
from actionplan.papers.render import render_paper_html, render_paper_pdf
from actionplan.selectors.indicators import IMPROVING, NO_CHANGE, WORSENING, direction_of_travel
from actionplan.selectors.snapshot import plan_snapshot
from actionplan.services.papers import paper_build, paper_generated_text
from tests.factories import IndicatorFactory, IndicatorTargetFactory, IndicatorValueFactory


@pytest.mark.parametrize(
    ("previous", "latest", "higher", "expected"),
    [
        (60, 65, True, IMPROVING), (65, 60, True, WORSENING), (12, 10, False, IMPROVING),
        (10, 12, False, WORSENING), (10, 10, True, NO_CHANGE), (10, 10, False, NO_CHANGE),
        (None, 10, True, None), (10, None, True, None), (10, 12, None, None),
    ],
)
def test_direction_of_travel_follows_the_indicators_polarity_and_never_guesses(previous, latest, higher, expected):
    assert direction_of_travel(previous, latest, higher_is_better=higher) == expected


@pytest.fixture
def indicators(world):
    plan = world.plan
    rising = IndicatorFactory(plan=plan, code="IA", title="Initial assessments completed")
    IndicatorTargetFactory(indicator=rising, value=Decimal("75"))
    IndicatorValueFactory(indicator=rising, period="Q2 2006/07", period_end=date(2006, 9, 30), value=Decimal("60"))
    IndicatorValueFactory(indicator=rising, period="2006/07", period_end=date(2007, 3, 31), value=Decimal("65"),
                          forecast=True)
    lower = IndicatorFactory(plan=plan, code="REG", title="Re-registrations", higher_is_better=False, unit="%")
    IndicatorTargetFactory(indicator=lower, value=Decimal("10"))
    IndicatorValueFactory(indicator=lower, period="Q1 2006/07", period_end=date(2006, 6, 30), value=Decimal("10"))
    IndicatorValueFactory(indicator=lower, period="Q2 2006/07", period_end=date(2006, 9, 30), value=Decimal("12"))
    single = IndicatorFactory(plan=plan, code="ONE", title="Reviews on time")
    IndicatorValueFactory(indicator=single, value=Decimal("80"))
    # As at today: the figures are recorded now, and a paper reads them as recorded at its date.
    paper = paper_build(plan=plan, kind=Paper.Kind.CABINET_REPORT, as_at=timezone.localdate(), fill_generated=False)
    paper.appendices = [Paper.Appendix.INDICATORS]
    return paper


def _html(paper) -> str:
    return render_paper_html(paper)


def _words(html: str) -> str:
    """The page's words (tags as spaces, no space before a full stop)."""
    return re.sub(r" ([.;,])", r"\1", re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_the_appendix_says_the_direction_in_words_beside_a_hidden_arrow_and_the_distance_from_target(indicators):
    html = _html(indicators)
    text = _words(html)
    assert ("Latest: 65% for 2006/07, a forecast, not an outturn; 10 percentage points below the target of 75%. "
            "Higher is better. Direction of travel: Improving, up from 60% for Q2 2006/07.") in text
    assert ("Latest: 12% for Q2 2006/07; 2 percentage points above the target of 10%. Lower is better. "
            "Direction of travel: Worsening, up from 10% for Q1 2006/07.") in text
    assert "Latest: 80% for Q1 2006/07; no target set. Higher is better. Direction of travel: not known: no " \
           "earlier value to compare with." in text
    # The arrow says nothing a screen reader would read: an empty element, hidden; the words carry the meaning.
    arrows = re.findall(r'<span class="travel-arrow travel-arrow--(\w+)" aria-hidden="true"></span>', html)
    assert arrows == ["up", "up"]


def test_the_table_says_which_values_are_forecasts(indicators):
    text = _words(_html(indicators))
    assert "Period Value Outturn or forecast Target RAG Note" in text
    assert "Q2 2006/07 60% Outturn 75%" in text
    assert "2006/07 65% Forecast 75%" in text


def test_the_pdf_reads_the_words_and_not_the_arrow(indicators):
    pdf = render_paper_pdf(indicators)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "Direction of travel: Improving, up from 60% for Q2 2006/07." in text
    assert "Direction of travel: Worsening, up from 10% for Q1 2006/07." in text
    assert "Outturn or forecast" in text
    assert "2006/07 65% Forecast 75%" in text


def test_the_generated_indicator_paragraph_says_forecast_and_direction(indicators):
    text = paper_generated_text(indicators)
    assert ("IA: 65% for 2006/07 (a forecast, not an outturn) against a target of 75% (Red); improving, up from "
            "60% for Q2 2006/07.") in text
    assert "ONE: 80% for Q1 2006/07, with no target set." in text


def test_the_chart_draws_a_forecast_hollow_on_a_dotted_line_and_an_outturn_filled():
    svg = trend_chart_svg(chart_id="c", title="IA", unit="%", points=[
        ChartPoint("Q1", 55, 75), ChartPoint("Q2", 60, 75), ChartPoint("2006/07", 65, 75, forecast=True)])
    circles = re.findall(r'<circle cx="[\d.]+" cy="[\d.]+" r="5" ([^>]*)><title>([^<]*)</title>', svg)
    assert [(look.split()[0], title) for look, title in circles] == [
        ('fill="#1d70b8"', "Q1: 55%"), ('fill="#1d70b8"', "Q2: 60%"), ('fill="#ffffff"', "2006/07: 65% (forecast)")]
    solid = re.findall(r'<polyline points="([^"]*)" fill="none" stroke="#1d70b8" stroke-width="3"/>', svg)
    dotted = re.findall(r'<polyline points="([^"]*)" fill="none" stroke="#1d70b8" stroke-width="2" '
                        r'stroke-dasharray="2 4"/>', svg)
    assert len(solid) == 1
    assert len(solid[0].split()) == 2
    assert len(dotted) == 1
    assert dotted[0].split()[0] == solid[0].split()[1]
    assert ">Forecast</text>" in svg
    assert ">Outturn</text>" in svg  # the legend names the solid points outturns beside forecasts
    assert "Values: Q1 55%; Q2 60%; 2006/07 65% (forecast)." in svg
    assert ">Forecast</text>" not in trend_chart_svg(chart_id="d", title="IA", points=[ChartPoint("Q1", 55)])


def test_a_forecast_may_be_recorded_for_a_period_not_yet_ended(client, world):
    indicator = IndicatorFactory(plan=world.plan, code="IA")
    client.force_login(world.users["manager"])
    url = reverse("indicator_figure_add", args=[world.plan.slug, indicator.pk, "values"])
    data = {"period": "Next year", "period_end": "2999-03-31", "value": "3"}
    assert "tick that it is a forecast" in client.post(url, data).content.decode()
    client.post(url, {**data, "forecast": "on"})
    assert IndicatorValue.objects.get(indicator=indicator).forecast


def test_the_december_exceptions_report_lists_assessment_completion_and_the_workforce_strategy(hereford):
    paper = Paper.objects.get(plan=hereford, kind=Paper.Kind.EXCEPTIONS)
    off = indicator_exception_rows(plan_snapshot(hereford, paper.as_at))["off"]
    assert {item["row"].code for item in off} == {"Initial assessment", "Core assessment"}
    assert all(item["point"].forecast for item in off)  # the fixture records them as forecasts
    assert [item["reference"] for item in paper.exceptions] == ["3.7"]
    text = _words(_html(paper))
    assert "2 indicators are short of their targets and 1 action will not be achieved" in text
    assert "Forecast: 65% for 2006/07 (forecast)" in text
    assert "3.7 A workforce development strategy" in text
