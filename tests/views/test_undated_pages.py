"""The Herefordshire plan's undated progress and undated completions, as loaded and as every reader
sees them: stored without a date, known from the plan of 24 March 2006, never printed as that date."""

import io
import json
import re
from collections import Counter
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actionplan.models import Action, Paper, ProgressNote, Status
from actionplan.papers.render import render_paper_html
from actionplan.services.loading import PLAN_VERSION_DATE
from actionplan.services.papers import paper_build
from tests.conftest import HEREFORDSHIRE, make_user

IN_PLAN = "Undated (in the plan as at 24 March 2006)"
COMPLETED_UNDATED = "Completed (date not recorded; in the plan as at 24 March 2006)"
SLUG = "herefordshire-jar-2006"


def _fixture_actions():
    data = json.loads(HEREFORDSHIRE.read_text(encoding="utf-8"))
    return {f"{r['number']}.{a['position']}": a for r in data["recommendations"] for a in r["actions"]}


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


def test_the_loader_keeps_undated_notes_undated_and_records_them_on_the_plan_versions_date(hereford):
    fixture_dates = Counter(n["date"] for a in _fixture_actions().values() for n in a["notes"])
    undated = ProgressNote.objects.filter(action__recommendation__plan=hereford, note_date__isnull=True)
    assert undated.count() == fixture_dates[None] > 0
    assert {timezone.localtime(n.recorded_at).date() for n in undated} == {PLAN_VERSION_DATE}
    # No note is given the plan version's date that its text does not give.
    dated_24_march = ProgressNote.objects.filter(note_date=PLAN_VERSION_DATE).count()
    assert dated_24_march == fixture_dates[PLAN_VERSION_DATE.isoformat()]


def test_completions_no_note_dates_keep_no_date_and_count_from_the_plan_version(hereford):
    fixture = _fixture_actions()
    undated_done = [ref for ref, a in fixture.items() if a["status"] == "completed" and not a["completed_on"]]
    assert {"1.14", "1.15", "6.3", "15.4", "15.5"} <= set(undated_done)
    for ref in undated_done:
        action = _action(hereford, ref)
        assert (action.status, action.completed_on) == (Status.COMPLETED, None)
        completion = action.history.filter(status=Status.COMPLETED).earliest("history_date")
        assert timezone.localtime(completion.history_date).date() == PLAN_VERSION_DATE
    before, on = _export("--as-at", "2006-03-23"), _export("--as-at", "2006-03-24")
    assert {before[ref]["status"] for ref in undated_done} <= {"not_started", "in_progress"}
    assert before["1.14"]["status"] == "in_progress"  # from its note of 7 March 2006
    assert {(on[ref]["status"], on[ref]["completed_on"], on[ref]["completion_recorded_on"]) for ref in undated_done} \
        == {("completed", None, "2006-03-24")}


def test_the_json_export_carries_a_null_date_and_the_day_the_note_was_recorded(hereford):
    actions = _export()
    [note] = actions["1.15"]["notes"]
    assert (note["date"], note["recorded_on"], note["text"]) == (None, "2006-03-24", "Done by written procedure.")
    notes = [n for a in actions.values() for n in a["notes"]]
    fixture_undated = Counter(n["text"] for a in _fixture_actions().values() for n in a["notes"] if n["date"] is None)
    exported_undated = Counter(n["text"] for n in notes if n["date"] is None)
    assert exported_undated == fixture_undated
    assert {n["recorded_on"] for n in notes if n["date"] is None} == {"2006-03-24"}
    assert all(n["recorded_on"] for n in notes)
    assert actions["1.2"]["completion_recorded_on"] is None  # dated by its note: 4 January 2006
    assert actions["1.2"]["completed_on"] == "2006-01-04"


def test_the_action_page_shows_undated_notes_and_the_undated_completion_in_words(director, hereford):
    body = director.get(reverse("action_detail", args=[_action(hereford, "1.15").pk])).content.decode()
    assert COMPLETED_UNDATED in body
    assert f'<h3 class="govuk-heading-s govuk-!-margin-bottom-1">{IN_PLAN}</h3>' in body
    assert "Undated progress note added" in body
    assert ">24 March 2006</h3>" not in body
    dated = director.get(reverse("action_detail", args=[_action(hereford, "1.2").pk])).content.decode()
    assert "Completed on 4 January 2006" in dated


def test_undated_notes_sit_at_the_plan_versions_day_in_the_log(director, hereford):
    body = director.get(reverse("action_detail", args=[_action(hereford, "1.14").pk])).content.decode()
    headings = re.findall(r'<h3 class="govuk-heading-s govuk-!-margin-bottom-1">([^<]*)</h3>', body)
    assert headings == [IN_PLAN] * 5 + ["7 March 2006"]


def test_the_changes_page_and_the_drill_down_say_the_completion_date_was_not_recorded(director, hereford):
    changes = director.get(reverse("changes", args=[SLUG]), {"from": "2006-03-01", "to": "2006-05-19"})
    body = changes.content.decode()
    assert "completed (date not recorded; in the plan as at 24 March 2006)" in body
    assert f"{IN_PLAN}: Done by written procedure." in body
    drill = director.get(reverse("dashboard_actions", args=[SLUG]),
                         {"as_at": "2006-05-19", "completed": "on", "rec": 15})
    assert "date not recorded; in the plan as at 24 March 2006" in drill.content.decode()


def test_papers_print_undated_notes_and_completions_without_a_date(hereford):
    paper = paper_build(plan=hereford, kind=Paper.Kind.ACTION_PLAN, as_at=date(2006, 5, 19))
    paper.appendices = [Paper.Appendix.ACTION_PLAN, Paper.Appendix.CHANGES]
    paper.changes_since = date(2006, 3, 1)
    html = render_paper_html(paper)
    assert '<span class="note-date">Undated (in the plan at 24.03.06)</span> Done by written procedure.' in html
    assert re.search(r'<span class="ref">1\.15</span> completed \(date not recorded; in the plan as at 24 March '
                     r"2006\)", html)
    assert '<span class="note-date">24.03.06</span> Done by written procedure.' not in html


def test_the_admin_list_of_notes_shows_undated_in_words(client, hereford):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.gov.uk", "x"))
    body = client.get(reverse("admin:actionplan_progressnote_changelist"), {"q": "Done by written procedure"})
    assert IN_PLAN in body.content.decode()
