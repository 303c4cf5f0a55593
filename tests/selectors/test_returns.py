"""Returns for a round, read from the database (actionplan/selectors/returns.py)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from actionplan.asat import end_of_day, start_of_day
from actionplan.models import ProgressNote, ReportingDate, Status
from actionplan.rounds import ReturnState, collecting
from actionplan.selectors.returns import focus_summary, plan_rounds, round_returns, round_states
from actionplan.selectors.snapshot import plan_snapshot
from actionplan.services.reporting import calendar_from_papers
from tests.factories import NoteFactory


def _meeting(plan, days_ahead, **extra):
    today = timezone.localdate()
    return ReportingDate.objects.create(plan=plan, name="Action Plan Group", meets_on=today + timedelta(days_ahead),
                                        **extra)


def _states(plan, on):
    rnd = collecting(plan_rounds(plan, on), on)
    return {row.reference: row.state for row in round_returns(plan, rnd, on)}


def test_a_note_recorded_in_the_window_is_a_received_return_and_the_rest_are_due(world):
    _meeting(world.plan, 20)
    NoteFactory(action=world.mine, text="Paper drafted")
    assert _states(world.plan, timezone.localdate()) == {"1.1": ReturnState.RECEIVED, "1.2": ReturnState.DUE}


def test_past_the_deadline_a_return_not_received_is_missing(world):
    today = timezone.localdate()
    _meeting(world.plan, 1, deadline=today - timedelta(days=1))
    assert _states(world.plan, today) == {"1.1": ReturnState.MISSING, "1.2": ReturnState.MISSING}


def test_closed_actions_owe_no_return(world):
    _meeting(world.plan, 20)
    world.theirs.status = Status.CANCELLED
    world.theirs.save()
    assert set(_states(world.plan, timezone.localdate())) == {"1.1"}


def test_each_lead_is_named_with_whether_they_can_be_reminded(world):
    _meeting(world.plan, 20)
    rnd = collecting(plan_rounds(world.plan, timezone.localdate()), timezone.localdate())
    rows = {row.reference: row for row in round_returns(world.plan, rnd, timezone.localdate())}
    (hl,) = rows["1.1"].leads
    assert hl.label == "HL (Henry Lewis)"
    assert hl.can_be_reminded is False  # the officer's account has no email address
    world.users["officer"].email = "henry.lewis@council.example"
    world.users["officer"].save()
    rows = {row.reference: row for row in round_returns(world.plan, rnd, timezone.localdate())}
    assert rows["1.1"].leads[0].can_be_reminded


@pytest.fixture
def hereford_calendar(hereford):
    calendar_from_papers(plan=hereford, reason="test")
    return hereford


def test_herefordshire_returns_for_the_19_may_report_agree_with_the_notes_and_the_plan_as_it_stood(hereford_calendar):
    plan, on = hereford_calendar, date(2006, 5, 10)
    rnd = collecting(plan_rounds(plan, on), on)
    assert (rnd.name, rnd.report_on, rnd.deadline) == ("Children's Services Scrutiny Committee", date(2006, 5, 19),
                                                       date(2006, 5, 16))
    rows = round_returns(plan, rnd, on)
    open_then = {a.reference for r in plan_snapshot(plan, on).recommendations for a in r.actions
                 if a.status not in (Status.COMPLETED, Status.CANCELLED)}
    assert {row.reference for row in rows} == open_then
    in_window = ProgressNote.objects.filter(recorded_at__gte=start_of_day(rnd.opens_on),
                                            recorded_at__lte=end_of_day(on))
    noted = set(in_window.values_list("action_id", flat=True))
    for row in rows:
        assert (row.state == ReturnState.RECEIVED) == (row.action_id in noted), row.reference
        assert row.state != ReturnState.MISSING  # the deadline is still to come
    assert any(row.state == ReturnState.DUE for row in rows)


def test_a_past_round_is_settled_when_its_report_is_drawn_up(hereford_calendar):
    plan = hereford_calendar
    scrutiny = plan_rounds(plan, date(2006, 5, 19))[0]
    on_the_day = round_states(plan, scrutiny, date(2006, 5, 19))
    assert round_states(plan, scrutiny, date(2006, 9, 1)) == on_the_day
    assert ReturnState.MISSING in on_the_day.values()


def test_the_dashboard_line_counts_the_missing_returns_for_the_31_may_meeting(hereford_calendar):
    plan, on = hereford_calendar, date(2006, 5, 25)
    summary = focus_summary(plan, on)
    missing = [r for r in round_returns(plan, summary.round, on) if r.state == ReturnState.MISSING]
    assert summary.missing == len(missing)
    assert summary.sentence.startswith(f"{len(missing)} actions have had no update for the 31 May 2006 meeting")
    assert summary.next.name == "Cabinet"


def test_a_plan_without_a_calendar_has_no_rounds(world):
    assert plan_rounds(world.plan, timezone.localdate()) == []
    assert focus_summary(world.plan, timezone.localdate()) is None
