"""What each person's email says (actionplan/selectors/notices.py): one per person, links they may use."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from actionplan import roles
from actionplan.models import NoticePreference, Person, ReportingDate
from actionplan.services.demo import demo_accounts_ensure
from actionplan.services.notices import day_notices
from actionplan.services.reporting import calendar_from_papers
from tests.conftest import make_user
from tests.factories import (
    ActionFactory,
    ActionLeadFactory,
    GroupFactory,
    PersonFactory,
    PlanFactory,
    RecommendationFactory,
)


def _working_day():
    day = timezone.localdate()
    while day.weekday() >= 5:  # forward, not back: the plan made just now is not in the history of a past day
        day += timedelta(days=1)
    return day


@pytest.fixture
def cycle(world, settings):
    """The conftest plan with a meeting whose returns are being asked for, and email addresses."""
    settings.SITE_URL = "https://plans.council.example"
    settings.ESCALATE_OVERDUE_DAYS = 28
    day = _working_day()
    ReportingDate.objects.create(plan=world.plan, name="Action Plan Group", meets_on=day + timedelta(days=7))
    for role in ("officer", "manager", "director"):
        world.users[role].email = f"{role}@council.example"
        world.users[role].save()
    # The factories' 2006 due dates would make both actions long overdue today.
    type(world.mine).objects.filter(recommendation__plan=world.plan).update(due_date=None)
    world.mine.refresh_from_db()
    world.theirs.refresh_from_db()
    world.day = day
    return world


def _by_name(notices):
    return {n.recipient.name: n for n in notices}


def _section(notice, key):
    return next(s for s in notice.sections if s.key == key)


def test_a_lead_is_asked_for_returns_with_links_straight_to_the_update_form(cycle):
    henry = _by_name(day_notices(cycle.day))["Henry Lewis"]
    returns = _section(henry, "returns")
    assert returns.required
    (line,) = returns.lines
    assert line.text == "Update action 1.1: Discussion paper to be prepared"
    assert line.url == f"https://plans.council.example/actions/{cycle.mine.pk}/update/"


def test_a_reader_who_may_not_update_is_linked_to_the_action_page(cycle):
    sue = _by_name(day_notices(cycle.day))["Sue Fiennes"]  # a director leads 1.2 but may not update it
    (line,) = _section(sue, "returns").lines
    assert line.url == f"https://plans.council.example/actions/{cycle.theirs.pk}/"
    assert line.text.startswith("Read action 1.2")


def test_due_today_soon_and_overdue_are_listed_and_can_be_turned_off_but_returns_cannot(cycle):
    cycle.mine.due_date = cycle.day
    cycle.mine.save()
    henry = _by_name(day_notices(cycle.day))["Henry Lewis"]
    assert [s.key for s in henry.sections] == ["returns", "due_today"]
    NoticePreference.objects.create(user=cycle.users["officer"], actions_digest=False)
    henry = _by_name(day_notices(cycle.day))["Henry Lewis"]
    assert [s.key for s in henry.sections] == ["returns"]


def test_long_overdue_goes_to_the_plan_manager_by_name_even_when_the_lead_turned_reminders_off(cycle):
    cycle.mine.due_date = cycle.day - timedelta(days=30)
    cycle.mine.save()
    NoticePreference.objects.create(user=cycle.users["officer"], actions_digest=False)
    notices = _by_name(day_notices(cycle.day))
    (line,) = _section(notices["manager"], "escalations").lines
    assert line.detail.startswith("led by HL (Henry Lewis, Head of Children's Social Care): overdue by 30 days")
    assert not any(s.key == "escalations" for s in notices["Sue Fiennes"].sections)  # not yet a director's
    cycle.mine.due_date = cycle.day - timedelta(days=60)
    cycle.mine.save()
    sue = _by_name(day_notices(cycle.day))["Sue Fiennes"]
    escalated = [line.text for line in _section(sue, "escalations").lines]
    assert escalated == ["See action 1.1: Discussion paper to be prepared"]


def test_people_without_an_email_address_are_listed_for_the_plan_manager_and_not_sent(cycle):
    cycle.users["officer"].email = ""
    cycle.users["officer"].save()
    Person.objects.filter(pk=cycle.sf.pk).update(user=None)
    notices = _by_name(day_notices(cycle.day))
    unreachable = _section(notices["manager"], "unreachable")
    assert [(line.text, line.detail) for line in unreachable.lines] == [
        ("HL (Henry Lewis, Head of Children's Social Care)", "the account has no email address"),
        ("SF (Sue Fiennes, Director of Children's Services)", "no account"),
    ]
    assert not notices["Henry Lewis"].recipient.reachable
    assert not notices["SF (Sue Fiennes, Director of Children's Services)"].recipient.reachable


def test_a_plan_manager_can_turn_off_the_plan_digest_but_not_escalations(cycle):
    cycle.mine.due_date = cycle.day - timedelta(days=30)
    cycle.mine.save()
    NoticePreference.objects.create(user=cycle.users["manager"], plan_digest=False)
    manager = _by_name(day_notices(cycle.day))["manager"]
    assert [s.key for s in manager.sections] == ["escalations"]


def test_one_email_a_person_across_plans(cycle):
    other = PlanFactory(slug="other", title="Other plan")
    henry = PersonFactory(plan=other, initials="HL", name="Henry Lewis", user=cycle.users["officer"])
    action = ActionFactory(recommendation=RecommendationFactory(plan=other, group=GroupFactory(plan=other)),
                           due_date=cycle.day)
    ActionLeadFactory(action=action, person=henry)
    notices = [n for n in day_notices(cycle.day) if n.recipient.name == "Henry Lewis"]
    assert len(notices) == 1
    assert notices[0].plans == ["JAR plan", "Other plan"]


def test_nothing_is_composed_at_weekends(cycle):
    saturday = cycle.day + timedelta(days=5 - cycle.day.weekday())
    assert saturday.weekday() == 5
    assert day_notices(saturday) == []


def test_herefordshire_returns_missed_three_rounds_running_reach_the_director(hereford):
    demo_accounts_ensure()
    calendar_from_papers(plan=hereford, reason="test")
    make_user("board", roles.DIRECTOR, email="board@council.example", first_name="Board", last_name="Member")
    notices = _by_name(day_notices(date(2006, 12, 28)))
    lines = _section(notices["Board Member"], "escalations").lines
    assert lines
    assert all("no return for 3 rounds in a row" in line.detail or "overdue by" in line.detail for line in lines)
    assert any("no return for 3 rounds in a row (Children's Services Scrutiny Committee 31 May 2006, Cabinet 13 July"
               " 2006, Leader and Chief Executive 21 December 2006)" in line.detail for line in lines)
