"""Paragraphs written from the plan as at a date, for the clerk to insert into Considerations and edit.

Each figure comes from the plan as it was recorded at the end of the as-at day, so generating
again for the same date gives the same words. The dashboard's due-by sentence and the indicator
selector are used when they are installed; where one is not, the paragraph says so plainly
instead of inventing a figure.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from actionplan.papers.defaults import describe_due_by
from actionplan.rag import Rag, Status
from actionplan.selectors.snapshot import PlanSnapshot


@dataclass
class DueByCounts:
    due: int
    completed: int
    on_track: int
    not_on_target: int


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def due_by_counts_from_snapshot(snapshot: PlanSnapshot, due_by: date) -> DueByCounts:
    """Live actions due by the day, counted by their state as at the snapshot's date."""
    due = [
        a
        for r in snapshot.recommendations
        for a in r.actions
        if a.status != Status.CANCELLED and a.due_date is not None and a.due_date <= due_by
    ]
    rags = Counter(a.rag for a in due)
    completed = sum(1 for a in due if a.status == Status.COMPLETED)
    return DueByCounts(
        due=len(due), completed=completed, on_track=len(due) - completed - rags[Rag.RED],
        not_on_target=rags[Rag.RED],
    )


def due_by_sentence_fallback(snapshot: PlanSnapshot, due_by: date) -> tuple[str, DueByCounts]:
    """Used only while actionplan.selectors.dashboard.due_by_sentence is not installed."""
    c = due_by_counts_from_snapshot(snapshot, due_by)
    when = describe_due_by(due_by)
    if not c.due:
        return f"No actions in the plan were due by {when}.", c
    sentence = (
        f"There {'is' if c.due == 1 else 'are'} {_plural(c.due, 'action', 'actions')} in the plan due by "
        f"{when}. As at {snapshot.as_at.day} {snapshot.as_at:%B %Y}, {c.completed} "
        f"{'has' if c.completed == 1 else 'have'} been completed, {c.on_track} "
        f"{'is' if c.on_track == 1 else 'are'} on track and {c.not_on_target} "
        f"{'is' if c.not_on_target == 1 else 'are'} not on target."
    )
    return sentence, c


def due_by_sentence(snapshot: PlanSnapshot, due_by: date) -> tuple[str, object]:
    """The "N areas of activity due by …; of these …" sentence, as the dashboard words it."""
    try:
        from actionplan.selectors.dashboard import due_by_sentence as dashboard_sentence
    except ImportError:
        return due_by_sentence_fallback(snapshot, due_by)
    return dashboard_sentence(snapshot.plan, due_by=due_by, as_at=snapshot.as_at)


def red_actions(snapshot: PlanSnapshot) -> list:
    """(recommendation, action) for every action not on target as at the date, in plan order."""
    return [(r, a) for r in snapshot.recommendations for a in r.actions if a.rag == Rag.RED]


def exceptions_paragraph(snapshot: PlanSnapshot) -> str:
    reds = red_actions(snapshot)
    when = f"{snapshot.as_at.day} {snapshot.as_at:%B %Y}"
    if not reds:
        return f"As at {when}, every action in the plan is completed or on target."
    by_rec = Counter(r.number for r, _ in reds)
    where = ", ".join(f"{number} ({count})" for number, count in sorted(by_rec.items()))
    recs = _plural(len(by_rec), "recommendation", "recommendations")
    return (
        f"As at {when}, {_plural(len(reds), 'action is', 'actions are')} not on target (Red), "
        f"under {recs}: {where} (the number of actions in brackets). Each is listed with the latest "
        f"progress recorded on it in the exceptions appendix."
    )


def indicators_paragraph(snapshot: PlanSnapshot) -> str:
    """One sentence per indicator: its latest value against target as at the date."""
    try:
        from actionplan.selectors import indicators as indicator_selectors
    except ImportError:
        return (
            "Indicator results are not included: the indicator selector is not installed in this "
            "version of the system."
        )
    rows = indicator_selectors.indicators_as_at(snapshot.plan, as_at=snapshot.as_at)
    return indicator_sentences(rows, snapshot.as_at)


def indicator_sentences(rows, as_at: date) -> str:
    if not rows:
        return "The plan has no performance indicators."
    parts = []
    for row in rows:
        code = _get(row, "code")
        latest = _get(row, "latest_value")
        target = _get(row, "target_value")
        rag = _get(row, "rag")
        period = _get(row, "latest_period") or ""
        if latest is None:
            parts.append(f"{code}: no value recorded by {as_at.day} {as_at:%B %Y}.")
            continue
        text = f"{code}: {latest}{f' ({period})' if period else ''}"
        text += f" against a target of {target}" if target is not None else ", with no target set"
        if rag:
            text += f" – {str(rag).capitalize()}"
        parts.append(text + ".")
    return "Performance indicators as at " + f"{as_at.day} {as_at:%B %Y}: " + " ".join(parts)


def _get(row, name):
    return row.get(name) if isinstance(row, dict) else getattr(row, name, None)


def generated_paragraphs(snapshot: PlanSnapshot, due_by: date) -> list[str]:
    """The due-by sentence, the exceptions summary and the indicator results, in that order."""
    sentence, _ = due_by_sentence(snapshot, due_by)
    return [sentence, exceptions_paragraph(snapshot), indicators_paragraph(snapshot)]
