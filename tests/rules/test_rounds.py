"""The rounds rule (actionplan/rounds.py): working days, regular dates, windows, return states."""

from datetime import date

import pytest

from actionplan.rounds import (
    CalendarSpec,
    Interval,
    NamedDate,
    ReturnState,
    collecting,
    in_focus,
    judged,
    missing_streak,
    plan_rounds,
    regular_dates,
    working_days_before,
)

SCRUTINY = NamedDate("Children's Services Scrutiny Committee", date(2006, 5, 31), report_on=date(2006, 5, 19))
CABINET = NamedDate("Cabinet", date(2006, 7, 13))
START = date(2005, 12, 1)


@pytest.mark.parametrize(("day", "n", "expected"), [
    (date(2006, 5, 19), 3, date(2006, 5, 16)),  # Friday -> Tuesday
    (date(2006, 5, 22), 1, date(2006, 5, 19)),  # Monday -> the Friday before, the weekend skipped
    (date(2006, 5, 22), 3, date(2006, 5, 17)),
    (date(2006, 5, 20), 0, date(2006, 5, 20)),
])
def test_working_days_before_skips_weekends(day, n, expected):
    assert working_days_before(day, n) == expected


def test_monthly_keeps_the_day_of_the_month_and_clamps_to_short_months():
    days = regular_dates(Interval.MONTHLY, date(2006, 1, 31), date(2006, 4, 30))
    assert days == [date(2006, 1, 31), date(2006, 2, 28), date(2006, 3, 31), date(2006, 4, 30)]


def test_fortnightly_and_weekly_step_by_their_interval():
    assert regular_dates(Interval.FORTNIGHTLY, date(2006, 1, 2), date(2006, 1, 31)) == [
        date(2006, 1, 2), date(2006, 1, 16), date(2006, 1, 30)]
    assert len(regular_dates(Interval.WEEKLY, date(2006, 1, 2), date(2006, 1, 31))) == 5
    assert regular_dates(Interval.NONE, date(2006, 1, 2), date(2006, 1, 31)) == []


def test_named_rounds_chain_their_windows_and_take_deadlines_before_the_report():
    rounds = plan_rounds(CalendarSpec(named=(CABINET, SCRUTINY)), started_on=START, until=date(2006, 12, 31))
    scrutiny, cabinet = rounds
    assert (scrutiny.opens_on, scrutiny.report_on, scrutiny.deadline) == (START, date(2006, 5, 19), date(2006, 5, 16))
    assert scrutiny.meets_on == date(2006, 5, 31)
    assert cabinet.opens_on == date(2006, 5, 20)  # the day after the Scrutiny report was drawn up
    assert cabinet.deadline == date(2006, 7, 10)


def test_a_named_meeting_replaces_the_regular_one_on_its_day_and_keeps_its_own_deadline():
    spec = CalendarSpec(interval=Interval.WEEKLY, interval_name="Action Plan Group", first_date=date(2006, 7, 6),
                        working_days=2, named=(NamedDate("Cabinet", date(2006, 7, 13), deadline=date(2006, 7, 7)),))
    rounds = plan_rounds(spec, started_on=START, until=date(2006, 7, 20))
    assert [(r.name, r.meets_on) for r in rounds] == [
        ("Action Plan Group", date(2006, 7, 6)), ("Cabinet", date(2006, 7, 13)),
        ("Action Plan Group", date(2006, 7, 20)),
    ]
    assert rounds[1].deadline == date(2006, 7, 7)
    assert rounds[2].deadline == date(2006, 7, 18)
    assert rounds[2].opens_on == date(2006, 7, 14)


def test_two_meetings_taking_one_report_are_one_round():
    spec = CalendarSpec(named=(NamedDate("LSCB", date(2006, 6, 5), report_on=date(2006, 5, 19)), SCRUTINY))
    (only,) = plan_rounds(spec, started_on=START, until=date(2006, 12, 31))
    assert only.name == "Children's Services Scrutiny Committee; LSCB"  # in meeting order
    assert only.report_on == date(2006, 5, 19)


def test_a_return_is_due_through_its_deadline_day_then_missing_unless_received():
    (scrutiny,) = plan_rounds(CalendarSpec(named=(SCRUTINY,)), started_on=START, until=date(2006, 12, 31))
    assert scrutiny.state(False, date(2006, 5, 16)) == ReturnState.DUE
    assert scrutiny.state(False, date(2006, 5, 17)) == ReturnState.MISSING
    assert scrutiny.state(True, date(2006, 5, 17)) == ReturnState.RECEIVED
    assert scrutiny.judged_on(date(2006, 6, 30)) == date(2006, 5, 19)  # settled when the report is drawn up


def test_which_round_collects_which_is_in_focus_and_which_are_judged():
    rounds = plan_rounds(CalendarSpec(named=(SCRUTINY, CABINET)), started_on=START, until=date(2006, 12, 31))
    scrutiny, cabinet = rounds
    assert collecting(rounds, date(2006, 5, 19)) == scrutiny
    assert collecting(rounds, date(2006, 5, 20)) == cabinet
    assert in_focus(rounds, date(2006, 5, 25)) == scrutiny  # its meeting is still to come
    assert in_focus(rounds, date(2006, 6, 1)) == cabinet
    assert in_focus(rounds, date(2007, 1, 1)) == cabinet  # after the last meeting, the last round
    assert judged(rounds, date(2006, 5, 16), 3) == []
    assert judged(rounds, date(2006, 7, 11), 3) == [cabinet, scrutiny]


def test_missing_streak_counts_missing_rounds_in_a_row_from_the_latest():
    assert missing_streak([ReturnState.MISSING, ReturnState.MISSING, ReturnState.RECEIVED]) == 2
    assert missing_streak([ReturnState.RECEIVED, ReturnState.MISSING]) == 0
    assert missing_streak([ReturnState.MISSING, None, ReturnState.MISSING]) == 1
