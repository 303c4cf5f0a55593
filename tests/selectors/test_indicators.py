"""Indicators against target: RAG with a tolerance band, and how values meet their targets."""

from datetime import date
from decimal import Decimal

import pytest

from actionplan.selectors.indicators import build_points, indicator_rag, target_for


@pytest.mark.parametrize(
    ("value", "target", "higher", "expected"),
    [
        (75, 75, True, "green"),
        (80, 75, True, "green"),
        (71.25, 75, True, "amber"),  # exactly 5% of 75 below: still in the band
        (71.24, 75, True, "red"),
        (65, 75, True, "red"),
        (20, 20, False, "green"),
        (21, 20, False, "amber"),  # 5% of 20 is 1
        (21.01, 20, False, "red"),
        (10, 20, False, "green"),
        (None, 20, True, None),
        (20, None, True, None),
    ],
)
def test_rag_against_target_with_a_tolerance_band(value, target, higher, expected):
    assert indicator_rag(value, target, higher_is_better=higher) == expected


def test_the_tolerance_is_a_setting(settings):
    settings.INDICATOR_TOLERANCE_PCT = 15
    assert indicator_rag(65, 75, higher_is_better=True) == "amber"
    settings.INDICATOR_TOLERANCE_PCT = 0
    assert indicator_rag(74.9, 75, higher_is_better=True) == "red"


def _fig(i, period, end, value, note=""):
    amount = Decimal(str(value)) if value is not None else None
    return {"id": i, "indicator_id": 1, "period": period, "period_end": end, "value": amount, "note": note}


def test_a_value_takes_the_target_for_its_period_else_the_next_else_the_last():
    targets = [_fig(1, "2006/07", date(2007, 3, 31), 75), _fig(2, "Q1 2006/07", date(2006, 6, 30), 70)]
    targets.sort(key=lambda t: t["period_end"])
    assert target_for("Q1 2006/07", date(2006, 6, 30), targets)["value"] == 70
    assert target_for("Q2 2006/07", date(2006, 9, 30), targets)["value"] == 75
    assert target_for("2007/08", date(2008, 3, 31), targets)["value"] == 75
    assert target_for("undated", None, targets) is None


def test_points_join_values_and_targets_in_period_order():
    values = [
        _fig(5, "Q2", date(2006, 9, 30), 65),
        _fig(4, "Q1", date(2006, 6, 30), 60),
        _fig(6, "Oct-Feb", date(2007, 2, 28), None, "Counts, not a rate"),
    ]
    targets = [_fig(1, "2006/07", date(2007, 3, 31), 75)]
    points = build_points(values, targets, higher_is_better=True)
    assert [p.period for p in points] == ["Q1", "Q2", "Oct-Feb", "2006/07"]
    assert [p.rag for p in points] == ["red", "red", None, None]
    assert points[2].note == "Counts, not a rate"
    assert points[3].target_id == 1
