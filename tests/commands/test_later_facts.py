"""What the seeds state after March 2006, loaded on its dates: seen as at the report's date, not the day before."""

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from actionplan.models import Action, Plan, ProgressNote
from actionplan.selectors.dashboard import plan_dashboard
from actionplan.selectors.indicators import plan_indicators
from actionplan.services.loading import PlanLoadError, plan_load_fixture

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "herefordshire_jar.json"
SLUG = "herefordshire-jar-2006"
WHOLE = {1: "All milestones /actions now completed.", 4: "System in place and operating properly.",
         8: "Required action completed."}


def export(as_at: str) -> dict:
    out = io.StringIO()
    call_command("export_plan", SLUG, "--as-at", as_at, stdout=out)
    return {r["number"]: r for r in json.loads(out.getvalue())["recommendations"]}


def by_reference(recs: dict, reference: str) -> dict:
    number, position = (int(p) for p in reference.split("."))
    return recs[number]["actions"][position - 1]


@pytest.fixture
def loaded(db):
    call_command("load_plan", str(FIXTURE), stdout=io.StringIO())
    return Plan.objects.get(slug=SLUG)


def test_recommendations_1_4_and_8_are_completed_as_at_19_may_2006_and_not_the_day_before(loaded):
    before, on = export("2006-05-18"), export("2006-05-19")
    for number, words in WHOLE.items():
        assert any(a["status"] != "completed" for a in before[number]["actions"]), number
        assert all(a["status"] == "completed" for a in on[number]["actions"]), number
        assert not any(words in n["text"] for a in before[number]["actions"] for n in a["notes"]), number
        reached = [a for a in on[number]["actions"] if any(words in n["text"] for n in a["notes"])]
        assert reached, number
        assert {a["completed_on"] for a in reached} == {"2006-05-19"}, number
        assert on[number]["rag"] == "green", number


def test_the_note_says_the_statement_was_made_of_the_whole_recommendation(loaded):
    action = by_reference(export("2006-05-19"), "8.4")  # not started on 24 March; monthly reporting
    (note,) = action["notes"]
    assert note == {
        "date": "2006-05-19",
        "date_precision": "day",  # the report's own day
        "recorded_on": "2006-05-19",
        "text": 'Summary progress report, 19 May 2006, of recommendation 8 as a whole: "Required action completed."',
        "author": "",  # the report speaks, not the action's lead
    }


def test_as_at_19_may_2006_every_live_action_of_1_4_and_8_is_completed_on_the_dashboard(loaded):
    rows = {r.number: r for r in plan_dashboard(loaded, date(2006, 5, 19)).recommendations}
    for number in WHOLE:
        assert rows[number].counts.live > 0, number
        assert rows[number].counts.completed == rows[number].counts.live, number
        assert rows[number].counts.rolled_up == "green", number


def test_a_completion_the_report_dates_earlier_is_still_only_known_from_the_report(loaded):
    assert by_reference(export("2006-05-18"), "16.5")["status"] == "in_progress"
    done = by_reference(export("2006-05-19"), "16.5")
    assert (done["status"], done["completed_on"]) == ("completed", "2006-04-01")


def test_progress_without_completion_starts_an_action_but_does_not_finish_it(loaded):
    assert by_reference(export("2006-05-18"), "16.2")["status"] == "not_started"
    protocol = by_reference(export("2006-05-19"), "16.2")
    assert protocol["status"] == "in_progress"
    assert protocol["notes"][0]["text"].startswith("Summary progress report, 19 May 2006: \"Protocol developed")


def test_the_workforce_strategy_slip_shows_from_21_december_2006(loaded):
    before, after = by_reference(export("2006-12-20"), "3.7"), by_reference(export("2006-12-21"), "3.7")
    assert (before["status"], before["by_when"], before["due_date"]) == ("in_progress", "15 Mar 06", "2006-03-15")
    assert (after["status"], after["by_when"], after["due_date"]) == ("delayed", "May 2007", "2007-05-31")
    assert after["notes"][0]["date"] == "2006-12-21"
    assert "originally scheduled for May 2006" in after["notes"][0]["text"]
    assert "approval in May 2007" in after["notes"][0]["text"]


def test_the_history_names_the_source_and_the_date(loaded):
    action = Action.objects.get(recommendation__plan=loaded, recommendation__number=3, position=7)
    change = action.history.filter(status="delayed").earliest("history_date")
    assert change.history_date.date() == date(2006, 12, 21)
    assert change.history_change_reason == "Later fact: Exceptions report, 21 December 2006"
    whole = Action.objects.get(recommendation__plan=loaded, recommendation__number=1, position=5)
    completion = whole.history.filter(status="completed").earliest("history_date")
    assert completion.history_change_reason == (
        "Later fact: Summary progress report, 19 May 2006, said of recommendation 1 as a whole"
    )


def test_core_assessment_completion_appears_with_the_report_that_states_it(loaded):
    def core(day):
        return [row for row in plan_indicators(loaded, day) if row.code == "Core assessment"]

    assert core(date(2006, 12, 20)) == []
    (row,) = core(date(2006, 12, 21))
    assert [(p.period, p.value, p.target) for p in row.points] == [("2006/07 (forecast)", 70, 80)]


def test_an_event_for_an_action_the_plan_lacks_writes_nothing(db):
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data["events"][0]["position"] = 99
    with pytest.raises(PlanLoadError, match=r"events\[0\]: no action 1.99 in the plan"):
        plan_load_fixture(data=data, reason="test")
    assert not Plan.objects.exists()
    assert not ProgressNote.objects.exists()
