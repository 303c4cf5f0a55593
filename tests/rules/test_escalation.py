"""Who an action is escalated to (actionplan/escalation.py)."""

from datetime import date

import pytest

from actionplan.escalation import DIRECTOR, MANAGER, Why, level_for
from actionplan.rounds import Round


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.ESCALATE_OVERDUE_DAYS = 28


@pytest.mark.parametrize(("streak", "overdue_by", "level"), [
    (0, None, 0), (1, 28, 0),  # one missed round, or overdue by exactly the setting: not yet
    (2, None, MANAGER), (0, 29, MANAGER), (1, 56, MANAGER),
    (3, None, DIRECTOR), (0, 57, DIRECTOR), (2, 57, DIRECTOR),
])
def test_escalation_reaches_plan_managers_then_directors(streak, overdue_by, level):
    assert level_for(missing_streak=streak, overdue_by=overdue_by) == level


def test_the_reason_names_the_rounds_missed_and_how_long_overdue():
    scrutiny = Round("Scrutiny Committee", date(2006, 5, 31), date(2006, 5, 19), date(2006, 5, 16), date(2005, 12, 1))
    cabinet = Round("Cabinet", date(2006, 7, 13), date(2006, 7, 13), date(2006, 7, 10), date(2006, 5, 20))
    why = Why((cabinet, scrutiny), 40, date(2006, 6, 3))
    assert why.words == ("no return for 2 rounds in a row (Scrutiny Committee 31 May 2006, Cabinet 13 July 2006); "
                         "overdue by 40 days (due 3 June 2006)")
