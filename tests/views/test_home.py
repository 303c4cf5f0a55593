"""Each role's home page: what that person has to do or decide, and only links they may use."""

import re
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplan.models import Action, ActionLead, CompletionClaim, Person
from tests.factories import ActionFactory, CompletionClaimFactory, NoteFactory, ReportingDateFactory, UserFactory
from tools.benchmark.build import Scale, build_installation

MAX_QUERIES = 15
HREF = re.compile(r'href="([^"]+)"')


def home_html(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_officer_sees_overdue_by_days_returned_comments_and_waiting_completions(client, world):
    today = timezone.localdate()
    world.mine.due_date = today - timedelta(days=12)
    world.mine.save()
    returned = CompletionClaimFactory(action=world.mine, claimed_by=world.users["officer"],
                                      claimed_at=timezone.now() - timedelta(days=5), state="returned",
                                      reviewer=world.users["manager"], reviewed_at=timezone.now(),
                                      comment="Attach the signed minutes")
    waiting_action = Action.objects.create(recommendation=world.rec, position=3, description="Publish the booklet",
                                           status="in_progress")
    ActionLead.objects.create(action=waiting_action, person=world.hl)
    CompletionClaimFactory(action=waiting_action, claimed_by=world.users["officer"])
    html = home_html(client, world.users["officer"])
    assert "Overdue by 12 days" in html
    assert "Completions returned to you" in html
    assert "“Attach the signed minutes”" in html
    assert f'href="{reverse("action_update", args=[returned.action_id])}"' in html
    assert "Your completions awaiting sign-off" in html
    assert "Action 1.3</a>: recorded as completed" in html


def test_a_returned_completion_answered_by_a_new_one_leaves_the_returned_list(client, world):
    CompletionClaimFactory(action=world.mine, claimed_by=world.users["officer"], state="returned",
                           claimed_at=timezone.now() - timedelta(days=2), comment="Not yet")
    CompletionClaimFactory(action=world.mine, claimed_by=world.users["officer"])
    html = home_html(client, world.users["officer"])
    assert "Completions returned to you" not in html
    assert "Your completions awaiting sign-off" in html


def test_director_is_offered_no_update_link_and_sees_the_plan_at_its_reporting_days(client, hereford):
    call_command("setup_demo", stdout=StringIO())
    director = Person.objects.get(initials="SF").user
    html = home_html(client, director)
    assert "/update/" not in html  # a director records no progress: no link that would answer 403
    assert "You lead 58 open actions" in html
    assert "Since the last report, 21 December 2006" in html
    assert "Report to the Leader and Chief Executive, 21 December 2006" in html  # its reporting calendar
    assert 'role="img"' in html
    # The chart's table: the plan as recorded at the end of 13 July 2006, the Cabinet's date.
    row = re.search(r"13 July 2006<br>.*?</tr>", html, re.S).group(0)
    assert [int(n) for n in re.findall(r'numeric">(\d+)</td>', row)] == [64, 44, 68, 68]
    assert "Completions awaiting sign-off" in html


def test_manager_sees_overdue_and_stale_across_plans_and_what_waits_for_sign_off(client, world):
    today = timezone.localdate()
    world.mine.due_date = today - timedelta(days=3)
    world.mine.save()
    world.theirs.due_date = today + timedelta(days=30)
    world.theirs.save()
    NoteFactory(action=world.theirs, recorded_at=timezone.now() - timedelta(days=60))
    CompletionClaimFactory(action=world.theirs, claimed_by=world.users["director"],
                           claimed_at=timezone.now() - timedelta(days=4))
    html = home_html(client, world.users["manager"])
    assert "You have no open actions" not in html
    overdue = html[html.index('id="overdue"'):html.index('id="stale"')]
    assert "Discussion paper to be prepared" in overdue
    assert "Overdue by 3 days" in overdue
    assert "LSCB Subgroup to meet" not in overdue
    assert "1 completion waits" in html
    assert "4 days ago" in html
    assert f'href="{reverse("signoff_inbox")}"' in html


def test_manager_sees_how_many_are_overdue_or_stale_and_the_first_ten_of_each_in_order(client, world):
    """The lists are counted in full and only their first rows read (issue 14): the longest overdue first,
    and first among the stale those never noted (the earliest recorded first), then the longest silent."""
    today = timezone.localdate()
    long_ago = timezone.now() - timedelta(days=400)
    late = [ActionFactory(recommendation=world.rec, position=10 + days, description=f"Late by {days} days",
                          due_date=today - timedelta(days=days), status="in_progress") for days in range(1, 13)]
    Action.objects.filter(pk__in=[world.mine.pk, world.theirs.pk]).update(due_date=today + timedelta(days=30))
    for number, action in enumerate([world.mine, world.theirs, *late]):
        action.history.update(history_date=long_ago + timedelta(days=number))  # all first recorded long ago
    for action in late[:5]:
        NoteFactory(action=action, recorded_at=long_ago + timedelta(days=100 + action.position))
    html = home_html(client, world.users["manager"])
    overdue = html[html.index('id="overdue"'):html.index('id="stale"')]
    assert "12 open actions past their due date; the 10 longest overdue:" in overdue
    shown = re.findall(r"Late by (\d+) days", overdue)
    assert shown == [str(days) for days in range(12, 2, -1)]
    stale = html[html.index('id="stale"'):]
    assert "14 open actions; the 10 longest without a note:" in stale
    never_noted = ["Discussion paper to be prepared", "LSCB Subgroup to meet",
                   *(f"Late by {days} days" for days in range(6, 13))]
    order = re.findall(r'data-label="Action">([^<]+)<', stale)
    assert order == [*never_noted, "Late by 1 days"]  # then the oldest note of the five noted


def test_a_person_with_no_role_is_offered_no_link_to_the_plans(client, world):
    html = home_html(client, world.users["norole"])
    assert "Your account has no role yet" in html
    assert f'href="{reverse("plan_list")}"' not in html


def _links(html: str) -> set[str]:
    return {h.replace("&amp;", "&") for h in HREF.findall(html) if h.startswith("/") and not h.startswith("/static/")}


@pytest.mark.parametrize("username", ["officer", "manager", "director", "clerk", "viewer"])
def test_every_link_on_each_role_home_page_answers_200_for_that_user(client, hereford, username, settings, tmp_path):
    """The Herefordshire plan as `make run` loads it, with a completion waiting and one returned,
    so that every part of each home page is there; every link is followed as that person."""
    settings.MEDIA_ROOT = tmp_path
    call_command("setup_demo", stdout=StringIO())
    officer = Person.objects.get(initials="HL").user
    reviewer = UserFactory(username="reviewer")
    hl_open = Action.objects.filter(leads__person__initials="HL").exclude(status="completed").order_by("pk")
    CompletionClaimFactory(action=hl_open[0], claimed_by=officer)
    CompletionClaimFactory(action=hl_open[1], claimed_by=officer, state=CompletionClaim.State.RETURNED,
                           reviewer=reviewer, reviewed_at=timezone.now(), comment="Attach the minutes")
    user = Person.objects.get(initials={"officer": "HL", "director": "SF"}[username]).user if username in (
        "officer", "director") else type(officer).objects.get(username=username)
    html = home_html(client, user)
    links = _links(html)
    assert reverse("home") in links
    refused = {}
    for link in sorted(links):
        status = client.get(link).status_code
        if status != 200:
            refused[link] = status
    assert refused == {}


@pytest.mark.django_db
def test_home_pages_stay_within_the_query_budget_as_the_data_grows():
    """The director's and plan manager's home pages (and the portfolio at a date): the same number
    of queries for an installation ten times bigger (and a second plan), never more than 15."""
    counts = []
    for scale, prefix in ((Scale(plans=1, recs=2, actions=2, notes=2, seed=1), "small"),
                          (Scale(plans=1, recs=5, actions=8, notes=4, seed=2), "large")):
        built = build_installation(scale, prefix=prefix)
        first = Action.objects.filter(recommendation__plan=built.plans[0]).order_by("pk").first()
        CompletionClaim.objects.filter(action__recommendation__plan__slug__startswith="small").delete()
        CompletionClaimFactory(action=first, claimed_by=UserFactory())
        for meets_on in (date(2006, 3, 31), date(2006, 5, 31), date(2006, 7, 13)):  # rounds, returns, escalations
            ReportingDateFactory(plan=built.plans[0], name="Board", meets_on=meets_on)
        measured = {}
        for username, url in (("bench-director", reverse("home")), ("bench-manager", reverse("home")),
                              ("bench-director", reverse("portfolio") + "?as_at=2006-06-30")):
            client = Client()
            client.force_login(type(built.director).objects.get(username=username))
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            measured[(username, url)] = len(captured.captured_queries)
        counts.append(measured)
    small, large = counts
    assert large == small
    assert max(large.values()) <= MAX_QUERIES, large


def test_portfolio_takes_an_as_at_date_and_refuses_one_before_any_plan_began(client, world):
    client.force_login(world.users["director"])
    page = client.get(reverse("portfolio"), {"as_at": "2006-03-01"})
    html = page.content.decode()
    assert "Portfolio of plans as at 1 March 2006" in html
    assert 'href="/plans/jar/dashboard/?as_at=2006-03-01"' in html
    assert "RAG at each reporting day" in html
    refused = client.get(reverse("portfolio"), {"as_at": "2005-01-01"}).content.decode()
    assert "The as-at date must be on or after 1 December 2005, when the plan began" in refused


def test_portfolio_counts_each_plan_as_recorded_on_its_reporting_days(client, hereford):
    call_command("setup_demo", stdout=StringIO())
    client.force_login(Person.objects.get(initials="SF").user)
    html = client.get(reverse("portfolio"), {"as_at": "2006-12-31"}).content.decode()
    rounds = html[html.index('id="rounds"'):]
    row = re.search(r"13 July 2006<br>.*?</tr>", rounds, re.S).group(0)
    assert [int(n) for n in re.findall(r'numeric">(\d+)</td>', row)] == [64, 44, 68, 68]
    assert date(2006, 12, 31).strftime("%-d %B %Y") in rounds


def test_officer_sees_the_returns_their_actions_owe_the_next_round(client, world):
    today = timezone.localdate()
    meeting = today + timedelta(days=14)
    ReportingDateFactory(plan=world.plan, name="Cabinet", meets_on=meeting)
    html = home_html(client, world.users["officer"])
    returns = html[html.index('id="returns-due"'):html.index('id="your-actions"')]
    assert f"Your returns for the Cabinet, {meeting:%-d %B %Y}" in returns
    assert "Discussion paper to be prepared" in returns
    assert "LSCB Subgroup to meet" not in returns  # SF's, not theirs
    assert "Due</strong>" in returns
    assert f'href="{reverse("action_update", args=[world.mine.pk])}"' in returns
    NoteFactory(action=world.mine, recorded_at=timezone.now(), text="Paper drafted")
    returns = home_html(client, world.users["officer"])
    assert f"Received</strong> {today:%-d %B %Y}" in returns


def test_manager_sees_missing_returns_by_lead_and_who_cannot_be_reminded(client, hereford):
    """The demo calendar's last meeting (Leader and Chief Executive, 21 December 2006) is past: every
    open action that recorded nothing from 14 July to 21 December 2006 has its return missing."""
    call_command("setup_demo", stdout=StringIO())
    html = home_html(client, Person.objects.get(initials="DL").user)
    returns = html[html.index('id="returns"'):html.index('id="signoff-waiting"')]
    assert "Returns missing for the Leader and Chief Executive, 21 December 2006" in returns
    hl = re.search(r"HL \(Henry Lewis\)</th>\s*<td[^>]*>(\d+)</td>\s*<td[^>]*>([^<]*)</td>", returns)
    assert hl.group(1) == "8"
    assert hl.group(2).startswith("5.6, 5.7, 7.4")
    assert 'href="/plans/herefordshire-jar-2006/returns/?round=2006-12-21&amp;state=missing"' in returns
    unreachable = html[html.index('id="cannot-be-reminded"'):]
    assert "SD (Sue Doheny): no account" in unreachable
    assert "HL (Henry Lewis)" not in unreachable  # the demo account has an email address
