"""The fixture's later facts: what the seeds state after the plan's 24 March 2006 version.

Each event (built by tools/fixture_builder/events.py, listed in fixtures/README.md, "Later
facts") reaches one action on the date of the document that states it: a progress note
quoting the document, and perhaps a status (through `Action.set_status`, the one completion
rule) and a revised by-when (through `Action.set_by_when`). They are applied in date order
through the same back-dated history as the rest of the plan, so the plan as at the day
before a report does not show what the report says, and the plan as at its date does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from actionplan.asat import local_time
from actionplan.history import save_recorded
from actionplan.models import Action, Plan, ProgressNote, Status
from actionplan.services.errors import PlanLoadError
from actionplan.services.last_notes import notes_recorded


@dataclass(frozen=True)
class LaterFact:
    day: date
    action: Action
    note: str
    reason: str
    status: str | None
    completed_on: date | None
    by_when: str | None


def _day(value, where: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise PlanLoadError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def _fact(i: int, event: dict, actions: dict[tuple[int, int], Action]) -> LaterFact:
    """One event of the fixture, checked: its date, its action, its status and by-when."""
    where = f"events[{i}]"
    if not isinstance(event, dict):
        raise PlanLoadError(f"{where}: not an event")
    day = _day(event.get("date"), where)
    number, position = event.get("recommendation"), event.get("position")
    action = actions.get((number, position)) if isinstance(number, int) and isinstance(position, int) else None
    if action is None:
        raise PlanLoadError(f"{where}: no action {number}.{position} in the plan")
    note, source = event.get("note"), event.get("source")
    if not (isinstance(note, str) and note.strip() and isinstance(source, str) and source.strip()):
        raise PlanLoadError(f"{where}: an event needs its note and its source")
    status = event.get("status")
    if status is not None and status not in Status.values:
        raise PlanLoadError(f"{where}: unknown status {status!r}")
    completed_on = _day(event["completed_on"], where) if event.get("completed_on") else None
    if status == Status.COMPLETED and completed_on is None:
        completed_on = day
    reason = f"Later fact: {source}"
    if event.get("of") == "recommendation":
        reason += f", said of recommendation {number} as a whole"
    by_when = event.get("by_when")
    if by_when is not None and not isinstance(by_when, str):
        raise PlanLoadError(f"{where}: by_when {by_when!r} is not the words of a date")
    return LaterFact(day, action, note, reason, status, completed_on, by_when)


def _apply(fact: LaterFact, user) -> None:
    """The note on its date; then the action's change (status, by-when) at the end of that day's work."""
    action = fact.action
    noted = local_time(fact.day, time(12))
    save_recorded(
        ProgressNote(action=action, note_date=fact.day, text=fact.note, recorded_at=noted),
        reason=fact.reason,
        user=user,
        when=noted,
    )
    notes_recorded([action.pk])
    before = (action.status, action.completed_on, action.by_when_text)
    if fact.by_when is not None:
        action.set_by_when(fact.by_when)
    if fact.status is not None:
        action.set_status(fact.status, on=fact.completed_on)
    elif action.status == Status.NOT_STARTED:
        action.set_status(Status.IN_PROGRESS, on=None)  # progress reported: the work has started
    if (action.status, action.completed_on, action.by_when_text) != before:
        save_recorded(action, reason=fact.reason, user=user, when=local_time(fact.day, time(17)))


def load_later_facts(plan: Plan, events: list, *, user=None) -> int:
    """Apply the fixture's events to a freshly loaded plan, in date order; the number applied."""
    if not isinstance(events, list):
        raise PlanLoadError("events: not a list")
    actions = {
        (a.recommendation.number, a.position): a
        for a in Action.objects.filter(recommendation__plan=plan).select_related("recommendation__plan")
    }
    facts = [_fact(i, event, actions) for i, event in enumerate(events)]
    for fact in sorted(facts, key=lambda f: f.day):  # stable: one day's events keep their order
        _apply(fact, user)
    return len(facts)
