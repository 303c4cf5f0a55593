"""The Herefordshire JAR plan as loaded: faithful, ditto-free, dated, and back-dated for "as at"."""

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from actionplan.models import Action, Plan, ProgressNote
from actionplan.services.loading import PlanLoadError, plan_load_fixture

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "herefordshire_jar.json"
DITTO_MARKS = {'"', "66", "u", "ic", "íc .", "ic .", "££", "и", "a", "ta", "tt", "“", "”"}
SLUG = "herefordshire-jar-2006"


def export(*args) -> dict:
    out = io.StringIO()
    call_command("export_plan", SLUG, *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def loaded(db):
    call_command("load_plan", str(FIXTURE), stdout=io.StringIO())
    return Plan.objects.get(slug=SLUG)


def all_actions(data):
    return [a for r in data["recommendations"] for a in r["actions"]]


def test_export_shows_17_recommendations_every_action_with_a_resolved_lead_and_no_ditto(loaded):
    data = export()
    assert [r["number"] for r in data["recommendations"]] == list(range(1, 18))
    assert data["organisation"] == "Herefordshire Council"
    actions = all_actions(data)
    assert 165 <= len(actions) <= 180
    for a in actions:
        assert a["leads"] or a["lead_as_written"] in ("no lead yet", "tbc"), a
        assert a["lead_as_written"].strip() not in DITTO_MARKS
        assert not set(a["leads"]) & DITTO_MARKS
    first = data["recommendations"][0]["actions"][0]
    assert first["description"] == "Discussion paper to be prepared"
    assert first["leads"] == ["SF"]
    assert first["lead_as_written"] == "SF (ISM)"
    assert (first["by_when"], first["due_date"]) == ("Dec 05", "2005-12-31")


def test_by_when_words_are_kept_and_read_by_the_conventions(loaded):
    actions = {a["by_when"]: a for a in all_actions(export())}
    assert actions["mid Feb 06"]["due_date"] == "2006-02-15"
    assert actions["Late Feb. – 7 March 06"]["start_date"] == "2006-02-01"
    assert actions["Late Feb. – 7 March 06"]["due_date"] == "2006-03-07"
    assert actions["06/07"]["start_date"] == "2006-04-01"
    assert actions["06/07"]["due_date"] == "2007-03-31"
    recurring = actions["From Apr 06 - no less than bi monthly (to be reviewed Dec 06)"]
    read = (recurring["start_date"], recurring["due_date"], recurring["recurrence"])
    assert read == ("2006-04-01", "2006-12-31", "bi-monthly")
    assert actions["tbc"]["date_flag"] == "no_deadline"
    assert actions["tbc"]["due_date"] is None
    assert actions["Jun 05"]["date_flag"] == "implausible"  # a typo in a 2006 plan, kept and flagged


def test_as_at_1_march_and_19_may_2006_differ_as_the_seeds_do(loaded):
    march, may = export("--as-at", "2006-03-01"), export("--as-at", "2006-05-19")

    def by_text(data):
        return {a["description"]: a for a in all_actions(data)}

    m, y = by_text(march), by_text(may)
    publication = "Publication and implementation of revised criteria."
    assert m[publication]["status"] != "completed"
    assert y[publication]["status"] == "completed"
    done_march = sum(a["status"] == "completed" for a in all_actions(march))
    done_may = sum(a["status"] == "completed" for a in all_actions(may))
    assert done_march < done_may
    notes_march = sum(len(a["notes"]) for a in all_actions(march))
    notes_may = sum(len(a["notes"]) for a in all_actions(may))
    assert notes_march < notes_may
    assert all(n["recorded_on"] <= "2006-03-01" for a in all_actions(march) for n in a["notes"])
    assert all(n["date"] <= "2006-03-01" for a in all_actions(march) for n in a["notes"] if n["date"])
    assert march["recommendations"][0]["summary"] is None  # the 19 May summary did not exist yet
    assert may["recommendations"][0]["summary"]["date"] == "2006-05-19"


def test_history_is_back_dated_to_the_seed_dates(loaded):
    note = ProgressNote.objects.filter(note_date=date(2006, 1, 4)).first()
    assert note.recorded_at.date() == date(2006, 1, 4)
    created = note.history.earliest("history_date")
    assert created.history_date.date() == date(2006, 1, 4)
    assert created.history_change_reason == "Progress to date, as written in the plan"
    done = Action.objects.filter(status="completed").exclude(completed_on=None).first()
    completion = done.history.filter(status="completed").earliest("history_date")
    assert completion.history_date.date() == done.completed_on


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-plan"], "no plan 'no-such-plan'"),
        ([SLUG, "--as-at", "19/05/2006"], "is not a date"),
        ([SLUG, "--as-at", "2099-01-01"], "The as-at date must be today or in the past"),
        ([SLUG, "--as-at", "2005-01-01"], "The as-at date must be on or after"),
    ],
)
def test_export_plan_bad_input_is_one_clear_line(loaded, args, message):
    with pytest.raises(CommandError) as err:
        call_command("export_plan", *args, stdout=io.StringIO())
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_loading_twice_or_bad_fixture_writes_nothing(loaded, tmp_path):
    with pytest.raises(CommandError, match="already loaded"):
        call_command("load_plan", str(FIXTURE), stdout=io.StringIO())
    bad = json.loads(FIXTURE.read_text())
    bad["plan"]["slug"] = "broken"
    bad["recommendations"][-1]["actions"][0]["leads"] = [{"initials": "ZZ"}]
    with pytest.raises(PlanLoadError, match="lead 'ZZ' is not in the index"):
        plan_load_fixture(data=bad, reason="test")
    assert not Plan.objects.filter(slug="broken").exists()
    assert Action.objects.filter(recommendation__plan__slug="broken").count() == 0
    (tmp_path / "x.json").write_text("{not json")
    with pytest.raises(CommandError, match="not a JSON fixture"):
        call_command("load_plan", str(tmp_path / "x.json"))
