"""The exceptions report's indicators: those short of target as at the paper's date, with the
distance in words, and those that cannot be judged because a value or a target is missing."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from actionplan.models import Paper
from actionplan.papers.context import indicator_exception_rows
from actionplan.papers.render import render_paper_html
from actionplan.selectors.snapshot import plan_snapshot
from actionplan.services.papers import paper_build
from tests.factories import IndicatorFactory, IndicatorTargetFactory, IndicatorValueFactory


@pytest.fixture
def indicators(world):
    plan = world.plan
    short = IndicatorFactory(plan=plan, code="IA", title="Initial assessments completed")
    IndicatorTargetFactory(indicator=short, value=Decimal("75"))
    IndicatorValueFactory(indicator=short, period="2006/07 (forecast)", period_end=date(2007, 3, 31),
                          value=Decimal("65"), note="A forecast, not an outturn.")
    met = IndicatorFactory(plan=plan, code="MET", title="On target")
    IndicatorTargetFactory(indicator=met, value=Decimal("75"))
    IndicatorValueFactory(indicator=met, value=Decimal("80"))
    over = IndicatorFactory(plan=plan, code="LOW", title="Children on the register", higher_is_better=False,
                            unit="per 10,000 under 18")
    IndicatorTargetFactory(indicator=over, value=Decimal("10"))
    IndicatorValueFactory(indicator=over, value=Decimal("12"))
    IndicatorValueFactory(indicator=IndicatorFactory(plan=plan, code="NOTGT", title="No target"))
    IndicatorFactory(plan=plan, code="NOVAL", title="No value")
    return plan


def test_indicators_short_of_target_are_exceptions_with_the_distance_in_words(indicators):
    result = indicator_exception_rows(plan_snapshot(indicators, timezone.localdate()))
    off = {item["row"].code: item for item in result["off"]}
    assert set(off) == {"IA", "LOW"}
    assert off["IA"]["value"] == "65%"
    assert off["IA"]["target"] == "75%"
    assert off["IA"]["distance"] == "10 percentage points below the target"
    assert off["LOW"]["distance"] == "2 per 10,000 under 18 above the target"
    assert [r.code for r in result["no_value"]] == ["NOVAL"]
    assert [r.code for r in result["no_target"]] == ["NOTGT"]


def test_the_exceptions_report_lists_indicator_exceptions_before_the_actions_and_says_what_it_cannot_judge(
    indicators,
):
    today = timezone.localdate()
    paper = paper_build(plan=indicators, kind=Paper.Kind.EXCEPTIONS, as_at=today)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", render_paper_html(paper)))
    actions = len(paper.exceptions)
    assert f"2 indicators are short of their targets and {actions} action{'' if actions == 1 else 's'} will not" in text
    section = text[text.index("Indicators short of target"):text.index("Actions")]
    assert "IA Initial assessments completed 65% for 2006/07 (forecast) A forecast, not an outturn." in section
    assert "75% for 2006/07 10 percentage points below the target Red" in section
    assert "MET" not in section
    assert "Not judged against target: NOVAL (no value recorded by" in section
    assert "NOTGT (no target recorded)." in section
