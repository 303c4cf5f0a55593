"""The reporting calendar and the returns page, as a plan manager and a reader use them, and the
returns in the dashboard and the exports."""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from actionplan.models import ReportingCalendar, ReportingDate
from actionplan.services.reporting import calendar_from_papers
from tests.factories import NoteFactory, PaperFactory


@pytest.fixture
def manager(client, world):
    client.force_login(world.users["manager"])
    return client


def test_a_regular_meeting_needs_its_first_date_and_name(manager, world):
    url = reverse("reporting_calendar", args=[world.plan.slug])
    response = manager.post(url, {"interval": "monthly", "interval_name": "", "first_date": "",
                                  "deadline_working_days": "3"})
    assert response.status_code == 400
    assert "Enter the date of the regular meeting&#x27;s first meeting" in response.content.decode()
    assert "Enter the name of the regular meeting" in response.content.decode()
    assert not ReportingCalendar.objects.exists()


def test_the_deadline_is_a_number_of_working_days_within_reason(manager, world):
    url = reverse("reporting_calendar", args=[world.plan.slug])
    response = manager.post(url, {"interval": "none", "deadline_working_days": "45"})
    assert response.status_code == 400
    assert "Enter a number of working days from 0 to 30" in response.content.decode()


def test_saving_the_calendar_lists_its_rounds(manager, world):
    url = reverse("reporting_calendar", args=[world.plan.slug])
    first = timezone.localdate() + timedelta(days=7)
    response = manager.post(url, {"interval": "fortnightly", "interval_name": "Action Plan Group",
                                  "first_date": first.isoformat(), "deadline_working_days": "2"}, follow=True)
    assert "Reporting calendar saved" in response.content.decode()
    rounds = response.context["rounds"]
    assert [r.meets_on for r in rounds[:2]] == [first, first + timedelta(days=14)]
    assert all(r.name == "Action Plan Group" for r in rounds)


def test_a_meeting_is_added_once_and_its_dates_must_run_in_order(manager, world):
    url = reverse("reporting_date_add", args=[world.plan.slug])
    data = {"name": "Cabinet", "meets_on": "2006-07-13", "report_on": "", "deadline": ""}
    assert manager.post(url, data).status_code == 302
    again = manager.post(url, data)
    assert again.status_code == 400
    assert "Cabinet on 13 July 2006 is already in the calendar" in again.content.decode()
    late = manager.post(url, {**data, "name": "LSCB", "report_on": "2006-07-20"})
    assert "The report must be drawn up on or before the day of the meeting" in late.content.decode()
    after = manager.post(url, {**data, "name": "LSCB", "deadline": "2006-07-14"})
    assert "Returns must be due on or before the day the report is drawn up" in after.content.decode()
    bad = manager.post(url, {**data, "name": "LSCB", "meets_on": "13/07/2006"})
    assert "The date of the meeting must be a real date" in bad.content.decode()
    assert list(ReportingDate.objects.values_list("name", flat=True)) == ["Cabinet"]


def test_the_papers_meetings_are_offered_until_added(manager, world):
    PaperFactory(plan=world.plan, meeting_body="Children's Services Scrutiny Committee",
                 meeting_date=date(2006, 5, 31), as_at=date(2006, 5, 19))
    page = manager.get(reverse("reporting_calendar", args=[world.plan.slug]))
    assert page.context["suggestions"] == [{"name": "Children's Services Scrutiny Committee",
                                            "meets_on": date(2006, 5, 31), "report_on": date(2006, 5, 19)}]
    manager.post(reverse("reporting_date_add", args=[world.plan.slug]),
                 {"name": "Children's Services Scrutiny Committee", "meets_on": "2006-05-31",
                  "report_on": "2006-05-19", "deadline": ""})
    page = manager.get(reverse("reporting_calendar", args=[world.plan.slug]))
    assert page.context["suggestions"] == []
    assert page.context["rounds"][0].deadline == date(2006, 5, 16)


def test_the_returns_page_shows_each_state_and_who_cannot_be_reminded(client, world):
    ReportingDate.objects.create(plan=world.plan, name="Action Plan Group",
                                 meets_on=timezone.localdate() + timedelta(days=10))
    NoteFactory(action=world.mine, text="Paper drafted")
    client.force_login(world.users["manager"])
    page = client.get(reverse("plan_returns", args=[world.plan.slug]))
    body = page.content.decode()
    assert page.context["counts"] == {"received": 1, "due": 1, "missing": 0}
    assert "Cannot be reminded" in body
    assert [lead.initials for lead in page.context["unreachable"]] == ["HL", "SF"]
    due_only = client.get(reverse("plan_returns", args=[world.plan.slug]), {"state": "due"})
    assert [row.reference for row in due_only.context["rows"]] == ["1.2"]
    client.force_login(world.users["viewer"])
    assert "Cannot be reminded" not in client.get(reverse("plan_returns", args=[world.plan.slug])).content.decode()


def test_a_future_as_at_date_on_the_returns_page_is_explained(client, world):
    ReportingDate.objects.create(plan=world.plan, name="Cabinet", meets_on=timezone.localdate())
    client.force_login(world.users["viewer"])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.get(reverse("plan_returns", args=[world.plan.slug]), {"as_at": tomorrow})
    assert response.status_code == 400
    assert "The as-at date must be today or in the past" in response.content.decode()


@pytest.fixture
def hereford_calendar(hereford):
    calendar_from_papers(plan=hereford, reason="test")
    return hereford


def test_the_dashboard_says_how_many_had_no_update_for_the_meeting_and_links_to_them(client, world,
                                                                                       hereford_calendar):
    client.force_login(world.users["director"])
    page = client.get(reverse("dashboard", args=[hereford_calendar.slug]), {"as_at": "2006-05-25"})
    summary = page.context["board"].returns
    body = page.content.decode()
    assert summary.missing > 0
    assert f"{summary.missing} actions have had no update for the 31 May 2006 meeting" in body
    query = "?round=2006-05-19&amp;as_at=2006-05-25&amp;state=missing"
    link = reverse("plan_returns", args=[hereford_calendar.slug]) + query
    assert link in body
    listed = client.get(reverse("plan_returns", args=[hereford_calendar.slug]),
                        {"round": "2006-05-19", "as_at": "2006-05-25", "state": "missing"})
    assert len(listed.context["rows"]) == summary.missing


def test_the_json_and_excel_exports_carry_the_round_in_focus(hereford_calendar, tmp_path):
    out = StringIO()
    call_command("export_plan", hereford_calendar.slug, "--as-at", "2006-05-10", stdout=out)
    data = json.loads(out.getvalue())["reporting_round"]
    assert (data["meeting"], data["meets_on"], data["report_on"], data["deadline"]) == (
        "Children's Services Scrutiny Committee", "2006-05-31", "2006-05-19", "2006-05-16")
    states = {r["state"] for r in data["returns"]}
    assert states == {"received", "due"}
    path = tmp_path / "plan.xlsx"
    call_command("export_plan", hereford_calendar.slug, "--as-at", "2006-05-10", "--format", "xlsx", "-o", str(path),
                 stdout=StringIO())
    rows = list(load_workbook(path)["Returns"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Meeting", "Meeting date", "Returns due by", "Ref")
    assert len(rows) - 1 == len(data["returns"])
    by_ref = {r[3]: r[6] for r in rows[1:]}
    assert all(by_ref[r["reference"]] == r["state"].capitalize() for r in data["returns"])


def test_a_person_turns_off_their_optional_reminders_on_their_own_page(client, world):
    client.force_login(world.users["officer"])
    page = client.get(reverse("notice_preferences"))
    body = page.content.decode()
    assert "Your account has no email address, so no reminder reaches you" in body
    assert "returns outstanding by lead" not in body  # a plan manager's digest: not offered to an officer
    assert '<input type="hidden" name="plan_digest" value="on">' in body
    response = client.post(reverse("notice_preferences"), {"plan_digest": "on"}, follow=True)  # as the page posts
    assert "Your email choices are saved" in response.content.decode()
    pref = world.users["officer"].notice_preference
    assert (pref.actions_digest, pref.plan_digest) == (False, True)  # the digest they were not offered is kept
