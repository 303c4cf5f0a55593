"""What changed between two dates: RAG movements with reasons, completions, new actions,
deadline changes, notes, evidence, per recommendation."""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from actionplan.asat import AsAtError, check_as_at
from actionplan.history import save_recorded
from actionplan.models import Action, Evidence, Plan, ProgressNote, Status
from actionplan.selectors.changes import changes_between

LONDON = ZoneInfo("Europe/London")
FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "herefordshire_jar.json"


def _at(day, hour=12):
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


@pytest.fixture
def dated_world(world):
    """The world fixture with its history back-dated to the start of 2006."""
    for obj in (world.plan, world.group, world.rec, world.mine, world.theirs, world.hl, world.sf):
        obj.history.update(history_date=_at(date(2006, 1, 2), 9))
    for lead in world.mine.leads.all() | world.theirs.leads.all():
        lead.history.update(history_date=_at(date(2006, 1, 2), 9))
    world.mine.due_date = world.theirs.due_date = date(2006, 6, 30)
    save_recorded(world.mine, reason="dated", when=_at(date(2006, 1, 3)))
    save_recorded(world.theirs, reason="dated", when=_at(date(2006, 1, 3)))
    return world


def test_it_reports_a_rag_override_with_the_reason_given(dated_world):
    w = dated_world
    w.mine.rag_override, w.mine.rag_override_reason = "red", "Key post still vacant"
    save_recorded(
        w.mine, reason="RAG set to Red: Key post still vacant", user=w.users["officer"], when=_at(date(2006, 3, 10))
    )
    changes = changes_between(w.plan, date(2006, 3, 1), date(2006, 3, 31))
    rec = changes.recommendations[0]
    [move] = rec.rag_movements
    assert (move.reference, move.rag_before, move.rag_after) == ("1.1", "amber", "red")
    assert move.rag_reason == "Key post still vacant"
    assert move.rag_changed_by == "Henry Lewis"
    assert rec.rag_before == "amber"
    assert rec.rag_after == "red"


def test_a_deadline_passing_turns_an_action_red_with_that_as_the_reason(dated_world):
    changes = changes_between(dated_world.plan, date(2006, 6, 1), date(2006, 7, 15))
    moves = {m.reference: m for m in changes.recommendations[0].rag_movements}
    assert moves["1.1"].rag_after == "red"
    assert moves["1.1"].rag_reason == "Due date of 30 June 2006 passed without completion"


def test_completions_new_actions_deadlines_notes_and_evidence(dated_world):
    w = dated_world
    w.theirs.status, w.theirs.completed_on = Status.COMPLETED, date(2006, 3, 20)
    save_recorded(w.theirs, reason="Status: Not started → Completed", when=_at(date(2006, 3, 20)))
    w.mine.due_date, w.mine.by_when_text = date(2006, 9, 30), "Sep 06"
    save_recorded(w.mine, reason="Deadline moved: partners' timetable", when=_at(date(2006, 3, 12)))
    new = Action(recommendation=w.rec, position=3, description="Audit of files")
    save_recorded(new, reason="Added by the plan manager", when=_at(date(2006, 3, 5)))
    note = ProgressNote(
        action=w.mine, note_date=date(2006, 3, 8), text="Paper drafted", recorded_at=_at(date(2006, 3, 8))
    )
    save_recorded(note, reason="Progress note added", when=_at(date(2006, 3, 8)))
    early = ProgressNote(action=w.mine, note_date=date(2006, 2, 8), text="Earlier", recorded_at=_at(date(2006, 2, 8)))
    save_recorded(early, reason="Progress note added", when=_at(date(2006, 2, 8)))
    evidence = Evidence(
        action=w.theirs, title="LSCB minutes", url="https://example.org/m", uploaded_at=_at(date(2006, 3, 20))
    )
    save_recorded(evidence, reason="Evidence added", when=_at(date(2006, 3, 20)))

    rec = changes_between(w.plan, date(2006, 3, 1), date(2006, 3, 31)).recommendations[0]
    assert [c.reference for c in rec.completed] == ["1.2"]
    assert rec.completed[0].completed_on == date(2006, 3, 20)
    assert [c.reference for c in rec.new_actions] == ["1.3"]
    [moved] = rec.deadline_changes
    assert (moved.due_before, moved.due_after, moved.by_when_after) == (date(2006, 6, 30), date(2006, 9, 30), "Sep 06")
    assert moved.deadline_reason == "Deadline moved: partners' timetable"
    assert [n["text"] for n in rec.notes] == ["Paper drafted"]  # the February note is before the window
    assert [e["name"] for e in rec.evidence] == ["LSCB minutes"]
    assert [m.reference for m in rec.rag_movements] == ["1.2"]  # amber -> green on completion
    assert rec.rag_movements[0].rag_reason == "Status: Not started → Completed"


def test_nothing_recorded_means_nothing_changed(dated_world):
    changes = changes_between(dated_world.plan, date(2006, 2, 1), date(2006, 2, 28))
    assert changes.changed == []
    assert changes.unchanged[0].number == 1
    assert all(v == 0 for v in changes.totals.values())


def test_the_herefordshire_plan_since_1_march_2006(db):
    call_command("load_plan", str(FIXTURE), stdout=open("/dev/null", "w"))  # noqa: SIM115
    plan = Plan.objects.get(slug="herefordshire-jar-2006")
    changes = changes_between(plan, date(2006, 3, 1), date(2006, 5, 19))
    window = {"history_date__gt": _at(date(2006, 3, 1), 23), "history_date__lte": _at(date(2006, 5, 19), 23)}
    # Completions are read from the history: the five the sources do not date (completed_on None)
    # were recorded on 24 March 2006, the plan version they are known from, so they count here.
    completed_in_window = Action.history.filter(status=Status.COMPLETED, **window).values("id").distinct().count()
    assert changes.total("completed") == completed_in_window > 0
    undated = [c for r in changes.recommendations for c in r.completed if c.completed_on is None]
    assert [(c.reference, c.completed_at.date()) for c in undated] == [
        ("1.14", date(2006, 3, 24)), ("1.15", date(2006, 3, 24)), ("6.3", date(2006, 3, 24)),
        ("15.4", date(2006, 3, 24)), ("15.5", date(2006, 3, 24)),
    ]
    assert changes.total("notes") == ProgressNote.history.filter(history_type="+", **window).count() > 0
    assert changes.total("summaries") == 17  # the 19 May Summary Progress Report
    reasons = {m.rag_reason for r in changes.recommendations for m in r.rag_movements}
    assert "Completed, as the progress note records" in reasons


def test_the_changes_page_defaults_to_the_last_committee_date(client, dated_world):
    w = dated_world
    client.force_login(w.users["director"])
    url = reverse("changes", args=[w.plan.slug])
    response = client.get(url, {"to": "2006-03-31"})
    assert "What changed from 1 December 2005 to 31 March 2006" in response.content.decode()
    w.mine.rag_override, w.mine.rag_override_reason = "red", "Key post still vacant"
    save_recorded(w.mine, reason="RAG set", when=_at(date(2006, 3, 10)))
    body = client.get(url, {"from": "2006-03-01", "to": "2006-03-31"}).content.decode()
    assert 'id="rec-1"' in body
    assert "Key post still vacant" in body


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"from": "2006-05-19", "to": "2006-03-01"},
            "The &#x27;from&#x27; date must be before the &#x27;to&#x27; date",
        ),
        ({"from": "nonsense"}, "The &#x27;from&#x27; date must be a real date"),
        ({"from": "2006-03-01", "to": "2999-01-01"}, None),  # None: the as-at check's own words
    ],
)
def test_bad_dates_on_the_changes_page_are_an_error_summary(client, world, params, message):
    if message is None:
        with pytest.raises(AsAtError) as refused:
            check_as_at(world.plan, date.fromisoformat(params["to"]))
        message = escape(str(refused.value))
    client.force_login(world.users["clerk"])
    body = client.get(reverse("changes", args=[world.plan.slug]), params).content.decode()
    assert "There is a problem" in body
    assert message in body
