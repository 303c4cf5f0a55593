"""What changed in a plan between two dates, read from the history tables.

"Since 1 March 2006" means everything recorded after the end of 1 March up to the end of
the "to" day. Queries are fixed in number: the recommendations and the actions as they
stood at the start, the action history rows written in the window, and the notes,
evidence and summaries created in it. The window's rows are replayed in Python per
action to say exactly which save moved the RAG, completed the action or moved its
deadline, and with what reason; the work is bounded by what happened in the window.

RAG is judged as each day would judge it: an action can turn Red in the window with no
save at all, when its due date passes; the reason then says so. A recommendation's RAG at each
end is the one reported for it, else its actions' suggestion, with the suggestion beside it
(`actionplan.reported`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import F

from actionplan.asat import Moment, end_of_day
from actionplan.dates import uk_date
from actionplan.models import (
    Action,
    Evidence,
    Plan,
    ProgressNote,
    Recommendation,
    RecommendationSummary,
    Status,
)
from actionplan.models.action import note_day_expression
from actionplan.rag import roll_up, suggest_action_rag
from actionplan.reported import ReportedRag
from actionplan.selectors.reported import (
    Summaries,
    override_set_annotations,
    reported_from,
    summaries_at_both_ends,
)

STATE_FIELDS = (
    "id", "recommendation_id", "position", "description", "status", "due_date", "date_flag", "by_when_text",
    "rag_override", "rag_override_reason", "completed_on", "completed_on_is_month",
)


@dataclass
class ActionChange:
    """One action that changed in the window, as it stood at each end of it."""

    id: int
    reference: str
    description: str
    rag_before: str | None = None
    rag_after: str | None = None
    rag_reason: str = ""
    rag_changed_at: datetime | None = None
    rag_changed_by: str = ""
    completed_on: date | None = None
    completed_on_is_month: bool = False  # the sources name only the month: shown as the month
    completed_at: datetime | None = None  # when the completion was recorded (the date when no date is given)
    completed_reason: str = ""
    completed_by: str = ""
    due_before: date | None = None
    due_after: date | None = None
    by_when_before: str = ""
    by_when_after: str = ""
    deadline_reason: str = ""
    deadline_changed_at: datetime | None = None
    deadline_changed_by: str = ""
    created_at: datetime | None = None
    created_by: str = ""


@dataclass
class RecommendationChanges:
    """One recommendation's changes: its RAG (reported, else suggested) and its actions' suggestion at
    each end, and what moved under it."""

    id: int
    number: int
    text: str
    rag_before: str | None
    rag_after: str | None
    rag_reason: str = ""  # where it was reported, when and why, if a new report moved it
    suggested_before: str | None = None
    suggested_after: str | None = None
    reported_before: ReportedRag | None = None
    reported_after: ReportedRag | None = None
    rag_movements: list[ActionChange] = field(default_factory=list)
    completed: list[ActionChange] = field(default_factory=list)
    new_actions: list[ActionChange] = field(default_factory=list)
    deadline_changes: list[ActionChange] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)
    summaries: list[dict] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return bool(
            self.rag_before != self.rag_after or self.suggested_before != self.suggested_after
            or self.rag_movements or self.completed or self.new_actions
            or self.deadline_changes or self.notes or self.evidence or self.summaries
        )


@dataclass
class Changes:
    plan: Plan
    since: date
    until: date
    recommendations: list[RecommendationChanges]

    @property
    def changed(self) -> list[RecommendationChanges]:
        return [r for r in self.recommendations if r.anything]

    @property
    def unchanged(self) -> list[RecommendationChanges]:
        return [r for r in self.recommendations if not r.anything]

    @property
    def totals(self) -> dict[str, int]:
        names = ["recommendation_rag", "rag_movements", "completed", "new_actions", "deadline_changes", "notes",
                 "evidence", "summaries"]
        return {name: self.total(name) for name in names}

    def total(self, name: str) -> int:
        if name == "recommendation_rag":
            return sum(1 for r in self.recommendations if r.rag_before != r.rag_after)
        return sum(len(getattr(r, name)) for r in self.recommendations)


def _rag(state: dict | None, on: date) -> str | None:
    if state is None or state["status"] == Status.CANCELLED:
        return None
    deadline = {"due_date": state["due_date"], "date_flag": state["date_flag"]}
    return state["rag_override"] or suggest_action_rag(status=state["status"], **deadline, on=on)


def _who(row: dict) -> str:
    full = f"{row.get('first_name') or ''} {row.get('last_name') or ''}".strip()
    return full or row.get("username") or "System (loaded from the plan)"


def _user_fields(prefix: str = "history_user__") -> dict:
    return {
        "first_name": F(f"{prefix}first_name"),
        "last_name": F(f"{prefix}last_name"),
        "username": F(f"{prefix}username"),
    }


def _rag_reason(before: dict | None, row: dict) -> str:
    """Why one save moved the RAG: the person's reason for an override, else the save's own reason."""
    if row["rag_override"] and (before is None or row["rag_override"] != before["rag_override"]
                                or row["rag_override_reason"] != before["rag_override_reason"]):
        return row["rag_override_reason"] or row["history_change_reason"] or ""
    return row["history_change_reason"] or ""


def changes_between(plan: Plan, since: date, until: date) -> Changes:
    """Per recommendation: RAG movements with their reasons, completions, new actions,
    deadline changes, new progress notes, new evidence and new summary narratives."""
    start, end = end_of_day(since), end_of_day(until)
    before_moment = Moment(on=since, at=start)
    recs = _recommendations(plan, before_moment, Moment.for_date(until))
    numbers = {r["id"]: r["number"] for r in recs}
    baseline = {
        a["id"]: a for a in before_moment.rows(Action, recommendation__plan=plan).values(*STATE_FIELDS)
    }
    replay = _Replay(baseline, numbers, until, start.tzinfo)
    for row in _window_rows(plan, start, end):
        replay.apply(row)
    summaries = summaries_at_both_ends(plan, start, end, since, until)
    by_rec = _recommendation_rags(recs, baseline, replay.final, (since, until), summaries)
    for action_id in replay.final:
        _place_action(action_id, replay, by_rec, since, until)
    _attach_notes_evidence_summaries(plan, start, end, by_rec)
    for rec in by_rec.values():
        for name in ("rag_movements", "completed", "new_actions", "deadline_changes"):
            getattr(rec, name).sort(key=lambda c: [int(p) for p in c.reference.split(".") if p.isdigit()])
    return Changes(plan=plan, since=since, until=until, recommendations=[by_rec[r["id"]] for r in recs])


def _recommendations(plan: Plan, before_moment: Moment, after_moment: Moment) -> list[dict]:
    """The recommendations at the end of the window, with their RAG set by hand (and its date and
    author, and their existence) at each end."""
    return list(
        after_moment.rows(Recommendation, plan_id=plan.pk)
        .annotate(
            before_override=before_moment.field_of(Recommendation, "rag_override", "id"),
            before_reason=before_moment.field_of(Recommendation, "rag_override_reason", "id"),
            before_exists=before_moment.field_of(Recommendation, "id", "id"),
        )
        .annotate(
            **override_set_annotations(after_moment.at),
            **override_set_annotations(before_moment.at, override="before_override", reason="before_reason",
                                       prefix="before_"),
        )
        .values("id", "number", "text", "rag_override", "rag_override_reason", "before_override", "before_reason",
                "before_exists", "override_set_at", "override_set_by", "before_override_set_at",
                "before_override_set_by")
        .order_by("number")
    )


def _window_rows(plan: Plan, start: datetime, end: datetime):
    """Every action history row written in the window, each action's in the order they were saved."""
    return (
        Action.history.model.objects.filter(
            recommendation__plan=plan, history_date__gt=start, history_date__lte=end
        )
        .order_by("id", "history_date", "history_id")
        .values(*STATE_FIELDS, "history_type", "history_date", "history_change_reason", **_user_fields())
    )


class _Replay:
    """Replays the window's saves over the baseline: `final` is each action's state at the end
    (None once deleted), `changes` says which save moved its RAG, completed it or moved its deadline."""

    def __init__(self, baseline: dict[int, dict], numbers: dict[int, int], until: date, tz):
        self.baseline, self.numbers, self.until, self.tz = baseline, numbers, until, tz
        self.final: dict[int, dict | None] = dict(baseline)
        self.changes: dict[int, ActionChange] = {}

    def change_for(self, state: dict) -> ActionChange:
        if state["id"] not in self.changes:
            ref = Action.reference_of(self.numbers.get(state["recommendation_id"], "?"), state["position"])
            self.changes[state["id"]] = ActionChange(state["id"], ref, state["description"])
        return self.changes[state["id"]]

    def apply(self, row: dict) -> None:
        before = self.final.get(row["id"])
        if row["history_type"] == "-":
            self.final[row["id"]] = None
            return
        c = self.change_for(row)
        if before is None and row["id"] not in self.baseline and c.created_at is None:
            c.created_at, c.created_by = row["history_date"], _who(row)
        day = min(row["history_date"].astimezone(self.tz).date(), self.until)
        rag_then, rag_now = _rag(before, day), _rag(row, day)
        if before is not None and rag_then != rag_now:
            c.rag_reason, c.rag_changed_at, c.rag_changed_by = (
                _rag_reason(before, row), row["history_date"], _who(row))
        if row["status"] == Status.COMPLETED and (before is None or before["status"] != Status.COMPLETED):
            c.completed_reason, c.completed_by = row["history_change_reason"] or "", _who(row)
            c.completed_at = row["history_date"]
        if before is not None and _deadline(row) != _deadline(before):
            c.deadline_reason, c.deadline_changed_at, c.deadline_changed_by = (
                row["history_change_reason"] or "", row["history_date"], _who(row))
        self.final[row["id"]] = row


def _deadline(state: dict) -> tuple:
    return state["due_date"], state["by_when_text"]


def _recommendation_rags(
    recs: list[dict], baseline: dict[int, dict], final: dict[int, dict | None], days: tuple[date, date],
    summaries: tuple[dict[int, Summaries], dict[int, Summaries]],
) -> dict[int, RecommendationChanges]:
    """Each recommendation's RAG at both ends (reported, else its actions' roll-up), keyed by id."""
    since, until = days
    rec_rags_before, rec_rags_after = defaultdict(list), defaultdict(list)
    for action_id in set(baseline) | set(final):
        b, a = baseline.get(action_id), final.get(action_id)
        if b is not None:
            rec_rags_before[b["recommendation_id"]].append(_rag(b, since))
        if a is not None:
            rec_rags_after[a["recommendation_id"]].append(_rag(a, until))
    by_rec: dict[int, RecommendationChanges] = {}
    for r in recs:
        found_before, found_after = summaries[0].get(r["id"]), summaries[1].get(r["id"])
        change = RecommendationChanges(r["id"], r["number"], r["text"], None, None)
        if r["before_exists"] is not None:
            change.suggested_before = roll_up(rec_rags_before[r["id"]])
            change.reported_before = reported_from(
                r, found_before.reported if found_before else None, since,
                override="before_override", reason="before_reason", prefix="before_")
        change.suggested_after = roll_up(rec_rags_after[r["id"]])
        change.reported_after = reported_from(r, found_after.reported if found_after else None, until)
        before, after = change.reported_before, change.reported_after
        change.rag_before = before.rag if before else change.suggested_before
        change.rag_after = after.rag if after else change.suggested_after
        if after is not None and after != before:
            change.rag_reason = after.described
        by_rec[r["id"]] = change
    return by_rec


def _place_action(
    action_id: int, replay: _Replay, by_rec: dict[int, RecommendationChanges], since: date, until: date
) -> None:
    """File one action under its recommendation's completions, new actions, RAG movements
    and deadline changes, comparing its state at the start (b) and end (a) of the window."""
    b, a = replay.baseline.get(action_id), replay.final[action_id]
    state = a or b
    if state is None:  # created and deleted inside the window: nothing to report
        return
    rec = by_rec.get(state["recommendation_id"])
    if rec is None:
        return
    c = replay.changes.get(action_id)
    if c is None:  # untouched in the window: only the passing of time can have moved its RAG
        c = ActionChange(action_id, Action.reference_of(rec.number, state["position"]), state["description"])
    if a is not None and a["recommendation_id"] in replay.numbers:
        c.reference = Action.reference_of(replay.numbers[a["recommendation_id"]], a["position"])
    c.rag_before, c.rag_after = _rag(b, since), _rag(a, until)
    if a is None:
        return
    if a["status"] == Status.COMPLETED and (b is None or b["status"] != Status.COMPLETED):
        c.completed_on, c.completed_on_is_month = a["completed_on"], a["completed_on_is_month"]
        rec.completed.append(c)
    if b is None:
        rec.new_actions.append(c)
        return
    if c.rag_before != c.rag_after:
        if not c.rag_reason:
            c.rag_reason = _time_reason(b, a, since, until)
        rec.rag_movements.append(c)
    if _deadline(a) != _deadline(b):
        c.due_before, c.due_after = b["due_date"], a["due_date"]
        c.by_when_before, c.by_when_after = b["by_when_text"], a["by_when_text"]
        rec.deadline_changes.append(c)


def _time_reason(before: dict, after: dict, since: date, until: date) -> str:
    due = after["due_date"]
    if due is not None and since <= due < until and after["status"] not in (Status.COMPLETED, Status.CANCELLED):
        return f"Due date of {uk_date(due)} passed without completion"
    return ""


def _attach_notes_evidence_summaries(plan, start, end, by_rec) -> None:
    window = {"history_type": "+", "history_date__gt": start, "history_date__lte": end}
    notes = (
        ProgressNote.history.model.objects.filter(action__recommendation__plan=plan, **window)
        .order_by("action__recommendation__number", "action__position", note_day_expression().asc(), "history_date")
        .values("id", "action_id", "note_date", "note_date_is_month", "recorded_at", "text", "history_date",
                recommendation_id=F("action__recommendation_id"), position=F("action__position"), **_user_fields())
    )
    for n in notes:
        rec = by_rec.get(n["recommendation_id"])
        if rec is not None:
            n["reference"] = Action.reference_of(rec.number, n["position"])
            n["recorded_by"] = _who(n)
            rec.notes.append(n)
    evidence = (
        Evidence.history.model.objects.filter(action__recommendation__plan=plan, **window)
        .order_by("history_date")
        .values("id", "action_id", "title", "original_name", "url", "uploaded_at", "history_date",
                recommendation_id=F("action__recommendation_id"), position=F("action__position"), **_user_fields())
    )
    for e in evidence:
        rec = by_rec.get(e["recommendation_id"])
        if rec is not None:
            e["reference"] = Action.reference_of(rec.number, e["position"])
            e["recorded_by"] = _who(e)
            e["name"] = e["title"] or e["original_name"] or e["url"]
            rec.evidence.append(e)
    summaries = (
        RecommendationSummary.history.model.objects.filter(recommendation__plan=plan, **window)
        .order_by("date")
        .values("id", "recommendation_id", "date", "text", "rag", "history_date", **_user_fields())
    )
    for s in summaries:
        rec = by_rec.get(s["recommendation_id"])
        if rec is not None:
            s["recorded_by"] = _who(s)
            rec.summaries.append(s)
