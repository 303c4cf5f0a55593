"""Paragraphs written from the plan as at a date, for the clerk to insert into Considerations and edit.

Each figure comes from the plan as it was recorded at the end of the as-at day, so generating
again for the same date gives the same words: the due-by sentence is the dashboard's own
(actionplan.selectors.due_by), the indicator results the indicator selector's.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from actionplan.charts import format_figure
from actionplan.dates import completed_date_words, uk_date
from actionplan.deadlines import usable_due_date
from actionplan.models import Rag
from actionplan.papers.since import Baseline
from actionplan.selectors.changes import changes_between
from actionplan.selectors.due_by import Areas, has_no_update
from actionplan.selectors.due_by import due_by_sentence as dashboard_due_by_sentence
from actionplan.selectors.indicators import DIRECTION_WORDS, IndicatorRow, plan_indicators
from actionplan.selectors.snapshot import PlanSnapshot


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def due_by_sentence(snapshot: PlanSnapshot, due_by: date, areas: Areas | None = None) -> tuple[str, dict]:
    """"There are 14 areas of activity due by the end of June 2006. Of these 9 have been completed …"."""
    return dashboard_due_by_sentence(snapshot.plan, due_by, snapshot.as_at, areas)


def paper_areas(paper) -> Areas:
    """What a paper's due-by sentence counts, as the clerk chose."""
    return Areas(paper.due_by_area, paper.due_by_group_id)


def red_actions(snapshot: PlanSnapshot) -> list:
    """(recommendation, action) for every action not on target as at the date, in plan order."""
    return [(r, a) for r in snapshot.recommendations for a in r.actions if a.rag == Rag.RED]


def longest_due_first(reds: list) -> list:
    """(recommendation, action) pairs ordered by how long ago each fell due (its usable due date),
    those without one last, then plan order: the appendix lists the first N of these."""
    def key(item):
        position, (_, action) = item
        due = usable_due_date(action.due_date, action.date_flag)
        return (due is None, due or date.max, position)

    return [pair for _, pair in sorted(enumerate(reds), key=key)]


def exceptions_paragraph(snapshot: PlanSnapshot, *, listed_in_appendix: bool = True, limit: int | None = None) -> str:
    reds = red_actions(snapshot)
    when = uk_date(snapshot.as_at)
    if not reds:
        return f"As at {when}, every action in the plan is completed or on target."
    by_rec = Counter(r.number for r, _ in reds)
    where = ", ".join(f"{number} ({count})" for number, count in sorted(by_rec.items()))
    recs = _plural(len(by_rec), "recommendation", "recommendations")
    text = (
        f"As at {when}, {_plural(len(reds), 'action is', 'actions are')} not on target (Red), under "
        f"{recs}: {where}, the number of actions in brackets. {_reported_or_not(reds)}"
    )
    if listed_in_appendix and limit and len(reds) > limit:
        text += (f" The {limit} due longest ago {'is' if limit == 1 else 'are'} listed with "
                 "the latest progress recorded on them in the appendix of actions not on target; the others "
                 "are in the full action plan.")
    elif listed_in_appendix:
        text += " Each is listed with the latest progress recorded on it in the appendix of actions not on target."
    return text


def _reported_or_not(reds: list) -> str:
    """"Of these, 12 were reported delayed or late, or set Red by a person, and 68 have had no update
    since they fell due." (selectors.due_by: the same parts as the due-by sentence)."""
    silent = sum(1 for _, a in reds if has_no_update(a))
    reported = len(reds) - silent
    parts = []
    if reported:
        was = "was" if reported == 1 else "were"
        parts.append(f"{reported} {was} reported delayed or late, or set Red by a person")
    if silent:
        it = "it" if silent == 1 else "they"
        parts.append(f"{silent} {'has' if silent == 1 else 'have'} had no update since {it} fell due")
    return f"Of these, {', and '.join(parts)}."


def indicators_paragraph(snapshot: PlanSnapshot) -> str:
    """Each indicator's latest value against its target as at the date, with its RAG word."""
    rows = plan_indicators(snapshot.plan, snapshot.as_at)
    when = uk_date(snapshot.as_at)
    if not rows:
        return "The plan has no performance indicators."
    parts, none = [], []
    for row in rows:
        latest = row.latest
        if latest is None:
            none.append(row.code)
            continue
        text = f"{row.code}: {format_figure(latest.value, row.unit)} for {latest.period}"
        if latest.forecast:
            text += " (a forecast, not an outturn)"
        if latest.target is not None:
            text += f" against a target of {format_figure(latest.target, row.unit)}"
        else:
            text += ", with no target set"
        if latest.rag:
            text += f" ({Rag(latest.rag).label})"
        if travel := travel_words(row):
            text += f"; {travel[0].lower()}{travel[1:]}"
        parts.append(text + ".")
    if none:
        codes = ", ".join(none[:-1]) + (" and " if len(none) > 1 else "") + none[-1]
        parts.append(f"No value had been recorded by {when} for {codes}.")
    return f"Performance indicators as at {when}: " + " ".join(parts)


def travel_words(row: IndicatorRow) -> str:
    """"Improving, up from 60% for Q1 2006/07"; "" with no earlier value (no direction is guessed)."""
    previous, direction, way = row.previous, row.direction, row.movement
    if direction is None or previous is None or way is None:
        return ""
    way = "unchanged" if way == "level" else way
    return (f"{DIRECTION_WORDS[direction]}, {way} from {format_figure(previous.value, row.unit)} for "
            f"{previous.period}")


def generated_paragraphs(
    snapshot: PlanSnapshot, due_by: date, appendices=(), areas: Areas | None = None, limit: int | None = None,
    baseline: Baseline | None = None,
) -> list[str]:
    """The due-by sentence, what changed since the last report (when the paper's `baseline` is given),
    the exceptions summary and the indicator results, in that order. A paragraph points to its appendix
    only if the paper has it (the exceptions summary says when it lists only the `limit` due longest ago)."""
    sentence, _ = due_by_sentence(snapshot, due_by, areas)
    since = [] if baseline is None else [
        changes_paragraph(snapshot, baseline, listed_in_appendix="changes" in appendices)]
    listed = "exceptions" in appendices
    return [sentence, *since, exceptions_paragraph(snapshot, listed_in_appendix=listed, limit=limit),
            indicators_paragraph(snapshot)]


def _and(items: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _completions(changes: list) -> str:
    if not changes:
        return "no action was completed"
    done = [f"{c.reference} {'in' if c.completed_on and c.completed_on_is_month else 'on'} "
            f"{completed_date_words(c.completed_on, c.completed_at, month=c.completed_on_is_month)}"
            for c in changes]
    return f"{_plural(len(changes), 'action was', 'actions were')} completed ({'; '.join(done)})"


def _slippage(moved: list, actions: dict) -> str:
    """Actions newly not on target: those whose due date passed unfinished, grouped by that date, with
    how many have had no update since; then those a person's save turned Red, with its date and reason."""
    if not moved:
        return "no action fell behind (newly Red)"
    by_time, by_save = [c for c in moved if c.rag_changed_at is None], [c for c in moved if c.rag_changed_at]
    parts = []
    if by_time:
        days: dict[date | None, list[str]] = {}
        for c in by_time:
            due = actions[c.id].due_date if c.id in actions else None
            days.setdefault(due, []).append(c.reference)
        dated = [f"{_and(refs)} on {uk_date(day)}" if day else _and(refs) for day, refs in
                 sorted(days.items(), key=lambda item: (item[0] is None, item[0] or date.min))]
        silent = sum(1 for c in by_time if c.id in actions and has_no_update(actions[c.id]))
        who = "all" if len(by_time) == len(moved) else str(len(by_time))
        parts.append(f"{who} fell due without being completed ({'; '.join(dated)}), and {silent} of these "
                     f"{'has' if silent == 1 else 'have'} had no update recorded since")
    for c in by_save:
        why = f": {c.rag_reason}" if c.rag_reason else ""
        parts.append(f"{c.reference} was set Red on {uk_date(c.rag_changed_at)}{why}")
    return (f"{_plural(len(moved), 'action is', 'actions are')} newly not on target (Red): "
            + "; ".join(parts))


def _other_movements(moved: list) -> str:
    """RAG movements other than completions and new slippage (out of Red, or between Amber and Green)."""
    items = []
    for c in moved:
        when = f" on {uk_date(c.rag_changed_at)}" if c.rag_changed_at else ""
        why = f" ({c.rag_reason})" if c.rag_reason else ""
        items.append(f"{c.reference} from {Rag(c.rag_before).label} to {Rag(c.rag_after).label}{when}{why}")
    return f"{_plural(len(items), 'other RAG movement', 'other RAG movements')}: {'; '.join(items)}"


def _revised_dates(changed: list) -> str:
    if not changed:
        return "no by-when date was revised"
    items = []
    for c in changed:
        why = f"; {c.deadline_reason}" if c.deadline_reason else ""
        items.append(f"{c.reference} from \u201c{c.by_when_before or 'not given'}\u201d to "
                     f"\u201c{c.by_when_after or 'not given'}\u201d ({uk_date(c.deadline_changed_at)}{why})")
    return f"the by-when date of {_plural(len(items), 'action was', 'actions were')} revised: {'; '.join(items)}"


def changes_paragraph(snapshot: PlanSnapshot, baseline: Baseline, *, listed_in_appendix: bool = False) -> str:
    """What changed since the last report (actionplan.papers.since): completions, new slippage, other RAG
    movements with their reasons, recommendations whose RAG moved, and revised by-when dates, with dates."""
    if baseline.since is None:
        return baseline.missing_sentence
    when = uk_date(snapshot.as_at)
    opening = f"{baseline.no_same_body_sentence} Since {baseline.described}".strip()
    if baseline.since >= snapshot.as_at:
        return f"{opening}: its date is not before {when}, so there are no changes to report."
    result = changes_between(snapshot.plan, baseline.since, snapshot.as_at)
    actions = {a.id: a for r in snapshot.recommendations for a in r.actions}
    completed = [c for r in result.recommendations for c in r.completed]
    done = {c.id for c in completed}
    moves = [c for r in result.recommendations for c in r.rag_movements if c.id not in done]
    slipped = [c for c in moves if c.rag_after == Rag.RED]
    others = [c for c in moves if c.rag_after != Rag.RED and c.rag_before and c.rag_after]
    parts = [_completions(completed), _slippage(slipped, actions)]
    if others:
        parts.append(_other_movements(others))
    parts.append(_revised_dates([c for r in result.recommendations for c in r.deadline_changes]))
    text = f"{opening}, to {when}: " + "; ".join(parts) + "."
    recs = [r for r in result.recommendations if r.rag_before != r.rag_after and r.rag_before and r.rag_after]
    for r in recs:
        why = f": {r.rag_reason}" if r.rag_reason else ""
        text += (f" Recommendation {r.number} moved from {Rag(r.rag_before).label} to "
                 f"{Rag(r.rag_after).label}{why}.")
    if listed_in_appendix:
        text += " Each change is listed, with its date and reason, in the appendix of changes since the last report."
    return text
