"""The deadline rules (`actionplan.deadlines`) and the action's own rules for its dates and completion:
each is written once, and every page that counts or lists actions agrees with it."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplan.asat import Moment
from actionplan.bywhen import Flag
from actionplan.deadlines import date_flag_reason, is_due_soon, is_overdue
from actionplan.models import Action, Rag, Status
from actionplan.rag import action_rag
from actionplan.selectors.dashboard import plan_dashboard
from actionplan.selectors.drilldown import Cell, actions_behind
from actionplan.selectors.today import attention_counts, my_actions
from tests.factories import ActionFactory

AS_AT = date(2006, 5, 19)


@pytest.fixture
def implausible(world):
    """The Herefordshire 10.5 case: "Jun 05", read as 30 June 2005, before the plan began."""
    action = world.mine
    action.set_by_when("Jun 05")
    action.save()
    return action


def test_set_by_when_reads_the_text_into_dates_and_a_flag(world):
    action = world.mine
    action.set_by_when("Jan – Mar 06")
    assert (action.start_date, action.due_date, action.date_flag) == (date(2006, 1, 1), date(2006, 3, 31), "")
    action.set_by_when("Jun 05")  # the plan began on 1 December 2005
    assert (action.due_date, action.date_flag) == (date(2005, 6, 30), Flag.IMPLAUSIBLE)
    action.set_by_when("tbc")
    assert (action.due_date, action.date_flag) == (None, Flag.NO_DEADLINE)


def test_completing_records_the_day_and_reopening_clears_it(world):
    action = world.mine
    action.set_status(Status.COMPLETED, on=date(2006, 3, 2))
    assert action.completed_on == date(2006, 3, 2)
    action.set_status(Status.IN_PROGRESS, on=date(2006, 3, 9))
    assert action.completed_on is None


def test_a_flagged_date_is_not_overdue_and_the_reason_is_given(implausible):
    assert not is_overdue(implausible, AS_AT)
    assert action_rag(implausible, AS_AT) == Rag.AMBER  # not Red for a deadline nobody set
    assert date_flag_reason(implausible.date_flag) == "Implausible date: before the plan began"


def test_the_dashboard_lists_a_flagged_date_to_check_not_as_overdue(world, implausible):
    board = plan_dashboard(world.plan)  # today: the factories' rows have no earlier history
    assert implausible.pk not in {a["id"] for a in board.overdue}
    assert world.theirs.pk in {a["id"] for a in board.overdue}  # a date read cleanly still counts
    to_check = board.list_rows("date_to_check")
    assert [a["id"] for a in to_check] == [implausible.pk]
    assert board.totals.overdue == len(board.overdue) == 1
    drill = actions_behind(Moment.for_date(None), world.plan, Cell(list="date_to_check"))
    assert [a["id"] for a in drill] == [implausible.pk]


def test_the_dashboard_page_says_why_a_date_is_not_counted(client, world, implausible):
    client.force_login(world.users["director"])
    page = client.get(reverse("dashboard", args=[world.plan.slug])).content.decode()
    assert "Deadline to check: 1" in page
    assert "Implausible date: before the plan began" in page


def test_the_officers_home_page_and_the_overdue_filter_agree(client, world, implausible):
    today = timezone.localdate()
    mine = list(my_actions(world.users["officer"], today))
    assert attention_counts(mine, today)["overdue"] == 0
    client.force_login(world.users["officer"])
    home = client.get(reverse("home")).content.decode()
    assert "Implausible date: before the plan began" in home
    listed = client.get(reverse("action_list"), {"overdue": "on"}).content.decode()
    assert "Discussion paper to be prepared" not in listed  # the flagged one
    assert "LSCB Subgroup to meet" in listed  # overdue on a date read cleanly


def test_due_soon_is_one_setting_everywhere(world, settings):
    today = timezone.localdate()
    Action.objects.filter(pk=world.mine.pk).update(due_date=today + timedelta(days=10))
    mine = Action.objects.get(pk=world.mine.pk)
    settings.DUE_SOON_DAYS = 7
    assert not is_due_soon(mine, today)
    assert world.mine.pk not in {a["id"] for a in plan_dashboard(world.plan).upcoming}
    settings.DUE_SOON_DAYS = 14
    assert is_due_soon(mine, today)
    assert world.mine.pk in {a["id"] for a in plan_dashboard(world.plan).upcoming}
    assert attention_counts([mine], today) == {"overdue": 0, "due_soon": 1, "total": 1, "due_soon_days": 14}


def test_the_due_by_sentence_leaves_out_a_flagged_date(world, implausible):
    ActionFactory(recommendation=world.rec, position=3, by_when_text="Apr 06", due_date=date(2006, 4, 30))
    board = plan_dashboard(world.plan, due_by=date(2006, 5, 31))
    assert board.due_by.counts["total"] == 2  # 1.2 (March) and 1.3 (April), not 1.1 ("Jun 05")


def test_a_note_is_dated_between_the_plans_start_and_today():
    from actionplan.models import ProgressNote

    rule = {"plan_started_on": date(2005, 12, 1), "today": date(2006, 5, 19)}
    assert ProgressNote.date_problem(date(2006, 5, 20), **rule) == ProgressNote.FUTURE
    assert ProgressNote.date_problem(date(2005, 11, 30), **rule) == ProgressNote.BEFORE_PLAN
    assert ProgressNote.date_problem(date(2005, 12, 1), **rule) == ""
    assert ProgressNote.date_problem(date(2006, 5, 19), **rule) == ""
