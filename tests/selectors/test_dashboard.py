"""The directors' dashboard: true time travel, figures that match the actions behind them,
and the clerks' due-by sentence generated from the data."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from actionplan.history import save_recorded
from actionplan.models import Action, Paper, ProgressNote, Status
from actionplan.selectors.dashboard import plan_dashboard
from actionplan.selectors.drilldown import Cell, actions_behind
from actionplan.selectors.quick_dates import quick_dates
from actionplan.selectors.today import plan_rag_totals
from tests.factories import ActionFactory, NoteFactory

LONDON = ZoneInfo("Europe/London")




def _when(day, hour=12):
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


# --- True time travel on the real plan -------------------------------------------------


def test_1_march_and_19_may_2006_show_different_states(hereford):
    march = plan_dashboard(hereford, date(2006, 3, 1))
    may = plan_dashboard(hereford, date(2006, 5, 19))
    assert march.totals.completed < may.totals.completed
    assert march.totals.rags != may.totals.rags
    # The 19 May summary narratives did not exist on 1 March.
    assert all(r.summary_date is None for r in march.recommendations)
    assert all(r.summary_date == date(2006, 5, 19) for r in may.recommendations)
    # A note recorded on 8 May 2006 is the last update in May, not in March.
    assert max(r.last_update for r in march.recommendations if r.last_update).date() <= date(2006, 3, 1)


def test_as_at_reads_the_history_not_todays_rows(hereford):
    """Completing an action today does not change the past; it changes today."""
    action = Action.objects.filter(recommendation__plan=hereford, status=Status.NOT_STARTED).first()
    before = plan_dashboard(hereford, date(2006, 5, 19)).totals.completed
    today_before = plan_dashboard(hereford).totals.completed
    action.status = Status.COMPLETED
    action.completed_on = timezone.localdate()
    save_recorded(action, reason="Done today")
    assert plan_dashboard(hereford, date(2006, 5, 19)).totals.completed == before
    assert plan_dashboard(hereford).totals.completed == today_before + 1


def test_todays_counts_agree_with_the_plan_page(hereford):
    today = timezone.localdate()
    totals = plan_dashboard(hereford).totals
    live = plan_rag_totals(hereford, today)
    assert totals.live == live["live"]
    assert totals.completed == live["completed"]
    assert dict(totals.rags) == {k[4:]: v for k, v in live.items() if k.startswith("rag_")}


@pytest.mark.parametrize("as_at", [date(2006, 3, 1), date(2006, 5, 19), None])
def test_every_figure_is_the_number_of_actions_behind_it(hereford, as_at):
    board = plan_dashboard(hereford, as_at)
    moment = board.moment

    def behind(**cell):
        return len(actions_behind(moment, hereford, Cell(**cell)))

    t = board.totals
    assert behind(live=True) == t.live
    assert behind(completed=True) == t.completed
    assert behind(list="overdue") == t.overdue == len(board.overdue)
    assert behind(list="stale") == len(board.stale)
    assert behind(list="upcoming") == len(board.upcoming)
    for rag, n in t.rags:
        assert behind(rag=rag) == n
    assert behind(rag="red", update="no_update") == t.no_update
    assert behind(rag="red", update="reported") == t.red_reported
    assert t.no_update + t.red_reported == t.rag("red")
    for status, _, n in t.statuses:
        assert behind(status=status) == n
    for g in board.groups:
        assert behind(group=g.id, live=True) == g.counts.live
        assert behind(group=g.id, rag="red", update="no_update") == g.counts.no_update
        for rag, n in g.counts.rags:
            assert behind(group=g.id, rag=rag) == n
    for r in board.recommendations:
        assert behind(rec=r.number, live=True) == r.counts.live
        assert behind(rec=r.number, completed=True) == r.counts.completed
        for rag, n in r.counts.rags:
            assert behind(rec=r.number, rag=rag) == n
    for lead in board.leads:
        assert behind(lead=lead.person_id, live=True) == lead.counts.live
        assert behind(lead=lead.person_id, list="overdue") == lead.counts.overdue
        for rag, n in lead.counts.rags:
            assert behind(lead=lead.person_id, rag=rag) == n


# --- Attention lists ------------------------------------------------------------------


def test_overdue_stale_and_upcoming_as_at_a_date(world, settings):
    settings.DASHBOARD_STALE_DAYS = 28
    plan = world.plan
    for obj in (plan, world.group, world.rec, world.mine, world.theirs):
        obj.history.update(history_date=_when(date(2006, 1, 2), 9))
    world.mine.due_date, world.theirs.due_date = date(2006, 4, 10), date(2006, 3, 15)
    save_recorded(world.mine, reason="dated", when=_when(date(2006, 1, 3)))
    save_recorded(world.theirs, reason="dated", when=_when(date(2006, 1, 3)))
    note = NoteFactory.build(action=world.mine, note_date=date(2006, 3, 20), recorded_at=_when(date(2006, 3, 20)))
    save_recorded(note, reason="note", when=_when(date(2006, 3, 20)))

    board = plan_dashboard(plan, date(2006, 3, 31))
    assert [a["id"] for a in board.overdue] == [world.theirs.pk]
    assert [a["id"] for a in board.upcoming] == [world.mine.pk]
    assert [a["id"] for a in board.stale] == [world.theirs.pk]  # no note at all; mine had one 11 days before

    settings.DASHBOARD_STALE_DAYS = 7
    assert {a["id"] for a in plan_dashboard(plan, date(2006, 3, 31)).stale} == {world.mine.pk, world.theirs.pk}


def test_an_action_younger_than_the_stale_period_is_not_stale(world):
    fresh = ActionFactory(recommendation=world.rec, position=3, due_date=None)
    board = plan_dashboard(world.plan)
    assert fresh.pk not in {a["id"] for a in board.stale}


def test_a_note_recorded_later_does_not_count_as_at_an_earlier_date(world):
    for obj in (world.plan, world.group, world.rec, world.mine):
        obj.history.update(history_date=_when(date(2006, 1, 2)))
    note = ProgressNote(action=world.mine, note_date=date(2006, 2, 1), text="x", recorded_at=_when(date(2006, 6, 1)))
    save_recorded(note, reason="typed in late", when=_when(date(2006, 6, 1)))
    march = plan_dashboard(world.plan, date(2006, 3, 1))
    assert march.recommendations[0].last_update is None
    assert plan_dashboard(world.plan, date(2006, 6, 2)).recommendations[0].last_update is not None


# --- Quick dates ---------------------------------------------------------------------


def test_quick_dates_offer_summary_paper_and_plan_start_dates(hereford):
    days = [q.day for q in quick_dates(hereford)]
    assert date(2006, 5, 19) in days
    assert hereford.started_on in days
    Paper.objects.create(plan=hereford, kind=Paper.Kind.CABINET_REPORT, meeting_body="Cabinet",
                         meeting_date=date(2006, 7, 13), as_at=date(2006, 7, 13), title="Progress on improvement")
    labels = {q.day: q.label for q in quick_dates(hereford)}
    assert "Progress on improvement" in labels[date(2006, 7, 13)]
    assert "Cabinet meeting" in labels[date(2006, 7, 13)]


# --- The pages ---------------------------------------------------------------------








