"""Progress the seeds date by a month alone ("Draft plan produced Mar 06"): stored as the month's last
day so the log, "as at" and the counts work as before, and shown everywhere as the month, never as
that day (fixtures/README.md section 5)."""

import io
import json
import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actionplan.models import Action, Paper, ProgressNote, Status
from actionplan.papers.render import render_paper_html
from actionplan.services.errors import PlanLoadError
from actionplan.services.loading import plan_load_fixture
from actionplan.services.papers import paper_build
from actionplan.services.progress import ProgressUpdate, action_record_progress
from tests.conftest import HEREFORDSHIRE, make_user

SLUG = "herefordshire-jar-2006"
HEADING = '<h3 class="govuk-heading-s govuk-!-margin-bottom-1">{}</h3>'


def _fixture() -> dict:
    return json.loads(HEREFORDSHIRE.read_text(encoding="utf-8"))


def _action(plan, reference) -> Action:
    number, position = reference.split(".")
    return Action.objects.get(recommendation__plan=plan, recommendation__number=number, position=position)


def _export(*args) -> dict:
    out = io.StringIO()
    call_command("export_plan", SLUG, "--format", "json", *args, stdout=out)
    return {a["reference"]: a for r in json.loads(out.getvalue())["recommendations"] for a in r["actions"]}


@pytest.fixture
def director(client, hereford):
    client.force_login(make_user("dir", "Director"))
    return client


def test_the_loader_marks_exactly_the_notes_and_completions_the_fixture_dates_by_month(hereford):
    data = _fixture()
    wanted_notes = sorted(
        (f"{r['number']}.{a['position']}", n["text"])
        for r in data["recommendations"] for a in r["actions"] for n in a["notes"] if n.get("date_precision") == "month"
    )
    month_notes = ProgressNote.objects.filter(action__recommendation__plan=hereford, note_date_is_month=True)
    assert sorted((n.action.reference, n.text) for n in month_notes) == wanted_notes
    assert len(wanted_notes) == 17
    assert sum("Mar 06" in text or "MAR 06" in text for _, text in wanted_notes) == 8
    wanted_done = sorted(f"{r['number']}.{a['position']}" for r in data["recommendations"] for a in r["actions"]
                         if a.get("completed_on_precision") == "month")
    done = Action.objects.filter(recommendation__plan=hereford, completed_on_is_month=True)
    assert sorted(a.reference for a in done) == wanted_done
    assert len(wanted_done) == 12
    # Stored as the month's last day: the counting convention.
    drafted = _action(hereford, "5.2")
    assert (drafted.status, drafted.completed_on, drafted.completed_on_is_month) == (
        Status.COMPLETED, date(2006, 3, 31), True)
    assert drafted.notes.get().note_date == date(2006, 3, 31)
    # A note or completion that gives its day is not marked.
    memo = _action(hereford, "3.4")
    assert (memo.completed_on, memo.completed_on_is_month) == (date(2006, 2, 27), False)


def test_the_action_page_reads_march_2006_never_31_march(director, hereford):
    body = director.get(reverse("action_detail", args=[_action(hereford, "5.2").pk])).content.decode()
    assert HEADING.format("March 2006") in body
    assert "Completed in March 2006" in body
    assert "From the plan, lead SF at the end of March 2006" in body  # loaded at the month's end, by convention
    assert "Progress note dated March 2006 added" in body
    assert "<del>—</del> → <ins>March 2006</ins>" in body  # the history's "Completed on" change
    # Nothing above the history says 31 March (the history's "When" column gives the time each row
    # was recorded, which for the plan's rows is the loader's back-dated convention).
    assert "31 March 2006" not in body[: body.index('id="history"')]
    assert "31.03.06" not in body
    dated = director.get(reverse("action_detail", args=[_action(hereford, "1.8").pk])).content.decode()
    assert "Completed on 28 February 2006" in dated
    assert "From the plan, lead SF on 28 February 2006 at midday" in dated


def test_notes_keep_their_place_in_the_log(director, hereford):
    # 8.1, newest first: the 19 May 2006 report, "Letter … Mar 06" (at 31 March), the undated CAMHS
    # note (in the plan at 24 March) and "Workshops … Feb 06" (at 28 February).
    body = director.get(reverse("action_detail", args=[_action(hereford, "8.1").pk])).content.decode()
    headings = re.findall(r'<h3 class="govuk-heading-s govuk-!-margin-bottom-1">([^<]*)</h3>', body)
    assert headings == ["19 May 2006", "March 2006", "Undated (in the plan as at 24 March 2006)", "February 2006"]


def test_as_at_and_counts_still_use_the_months_last_day(hereford):
    before, on = _export("--as-at", "2006-03-30"), _export("--as-at", "2006-03-31")
    assert before["5.2"]["status"] == "not_started"
    assert before["5.2"]["notes"] == []
    assert on["5.2"]["status"] == "completed"
    completed = {ref for ref, a in on.items() if a["status"] == "completed"}
    completed_before = {ref for ref, a in before.items() if a["status"] == "completed"}
    assert completed - completed_before == {"5.2", "10.1", "15.3"}  # "Mar 06" completions count from 31 March


def test_the_json_export_says_which_dates_name_only_a_month(hereford):
    actions = _export("--as-at", "2006-05-19")
    [note] = actions["5.2"]["notes"]
    assert note == {"date": "2006-03-31", "date_precision": "month", "recorded_on": "2006-03-31",
                    "text": "Draft plan produced Mar 06", "author": note["author"]}
    assert (actions["5.2"]["completed_on"], actions["5.2"]["completed_on_precision"]) == ("2006-03-31", "month")
    assert (actions["1.2"]["completed_on"], actions["1.2"]["completed_on_precision"]) == ("2006-01-04", "day")
    assert actions["1.15"]["completed_on_precision"] is None  # completed, no date in the sources
    notes = [n for a in actions.values() for n in a["notes"]]
    assert {n["date_precision"] for n in notes if n["date"] is None} == {None}
    assert {n["date_precision"] for n in notes if n["date"]} == {"day", "month"}
    assert sum(n["date_precision"] == "month" for n in notes) == 17


def test_the_changes_page_and_the_drill_down_name_the_month(director, hereford):
    body = director.get(reverse("changes", args=[SLUG]), {"from": "2006-03-01", "to": "2006-05-19"}).content.decode()
    assert re.search(r">5\.2</a> Plan drafted — completed March 2006", body)
    assert ">5.2</a>, March 2006: Draft plan produced Mar 06" in body
    assert "31 March 2006: Draft plan produced" not in body
    drill = director.get(reverse("dashboard_actions", args=[SLUG]),
                         {"as_at": "2006-05-19", "completed": "on", "rec": 5}).content.decode()
    status = re.search(r"Plan drafted.*?Completed<br><span class=\"govuk-body-s\">([^<]*)</span>", drill, re.S)[1]
    assert status == "March 2006"


def test_papers_print_the_month_in_the_narrow_columns(hereford):
    paper = paper_build(plan=hereford, kind=Paper.Kind.ACTION_PLAN, as_at=date(2006, 5, 19))
    paper.appendices = [Paper.Appendix.ACTION_PLAN, Paper.Appendix.CHANGES]
    paper.changes_since = date(2006, 3, 1)
    html = render_paper_html(paper)
    assert '<span class="note-date">Mar 06</span> Draft plan produced Mar 06' in html
    assert '<span class="note-date">Dec 05</span> Discussion paper prepared Dec 05.' in html
    assert '<span class="note-date">31.03.06</span> Draft plan produced' not in html
    assert re.search(r'<span class="ref">5\.2</span> completed March 2006:', html)


def test_the_admin_list_of_notes_names_the_month(client, hereford):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.gov.uk", "x"))
    body = client.get(reverse("admin:actionplan_progressnote_changelist"), {"q": "Draft plan produced Mar 06"})
    assert "March 2006" in body.content.decode()
    assert "31 March 2006" not in body.content.decode()


def test_a_note_recorded_in_the_form_gives_its_day_and_a_completion_by_form_is_a_day(hereford):
    drafted = _action(hereford, "5.2")  # completed in March 2006 (a month)
    user = make_user("boss", "Plan manager")
    today = timezone.localdate()
    for status in (Status.IN_PROGRESS, Status.COMPLETED):
        drafted.refresh_from_db()
        action_record_progress(action_id=drafted.pk, user=user, expected_version=drafted.version,
                               update=ProgressUpdate(status=status, note_date=today, note_text=f"Now {status}"))
    drafted.refresh_from_db()
    assert (drafted.completed_on, drafted.completed_on_is_month) == (today, False)
    assert not drafted.notes.filter(text__startswith="Now").filter(note_date_is_month=True).exists()
    reopened = drafted.history.filter(status=Status.IN_PROGRESS).latest("history_date")
    assert (reopened.completed_on, reopened.completed_on_is_month) == (None, False)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"date_precision": "week"}, "action 5.2: note 2006-03-31: precision 'week' is not 'day' or 'month'"),
        ({"date": "2006-03-15", "date_precision": "month"},
         "a month-only date is stored as the month's last day, not 2006-03-15"),
    ],
)
def test_the_loader_refuses_a_precision_it_cannot_read(db, change, message):
    data = _fixture()
    data["recommendations"][4]["actions"][1]["notes"][0].update(change)
    with pytest.raises(PlanLoadError, match=re.escape(message)):
        plan_load_fixture(data=data, reason="test")
    assert not ProgressNote.objects.exists()
