"""Paragraphs written from the plan as at a date, for the clerk to insert into Considerations and edit.

Each figure comes from the plan as it was recorded at the end of the as-at day, so generating
again for the same date gives the same words: the due-by sentence is the dashboard's own
(actionplan.selectors.due_by), the indicator results the indicator selector's.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from actionplan.charts import format_figure
from actionplan.dates import uk_date
from actionplan.deadlines import usable_due_date
from actionplan.models import Rag
from actionplan.selectors.due_by import Areas, has_no_update
from actionplan.selectors.due_by import due_by_sentence as dashboard_due_by_sentence
from actionplan.selectors.indicators import plan_indicators
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
        if latest.target is not None:
            text += f" against a target of {format_figure(latest.target, row.unit)}"
        else:
            text += ", with no target set"
        if latest.rag:
            text += f" ({Rag(latest.rag).label})"
        parts.append(text + ".")
    if none:
        codes = ", ".join(none[:-1]) + (" and " if len(none) > 1 else "") + none[-1]
        parts.append(f"No value had been recorded by {when} for {codes}.")
    return f"Performance indicators as at {when}: " + " ".join(parts)


def generated_paragraphs(
    snapshot: PlanSnapshot, due_by: date, appendices=(), areas: Areas | None = None, limit: int | None = None
) -> list[str]:
    """The due-by sentence, the exceptions summary and the indicator results, in that order.
    The exceptions summary points to the appendix of actions not on target only if the paper has it
    (and says when the appendix lists only the `limit` due longest ago)."""
    sentence, _ = due_by_sentence(snapshot, due_by, areas)
    listed = "exceptions" in appendices
    return [sentence, exceptions_paragraph(snapshot, listed_in_appendix=listed, limit=limit),
            indicators_paragraph(snapshot)]
