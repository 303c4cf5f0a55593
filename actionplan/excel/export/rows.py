"""The rows of each exported sheet, read from the plan as it stood at a date (the snapshot).

The "Action plan" sheet's cells come from its column descriptions (columns.ACTION_COLUMNS);
the other sheets are laid out as their column lists say, in the same order.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.utils import timezone

from actionplan.excel import columns as C
from actionplan.excel.export.writer import Heading
from actionplan.history import versions_as_at
from actionplan.models import (
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Person,
    Plan,
    ProgressNote,
    Recommendation,
)
from actionplan.selectors.snapshot import PlanSnapshot


def _recorded_by(action_ids) -> dict[int, str]:
    """Who typed each note of these actions in, by note id (a fact that never changes, so read from the live
    rows). Asked by action, not by note: a list of thousands of note ids costs more to send than to read."""
    rows = ProgressNote.objects.filter(action_id__in=action_ids, recorded_by__isnull=False).values_list(
        "pk", "recorded_by__first_name", "recorded_by__last_name", "recorded_by__username"
    )
    return {pk: f"{first} {last}".strip() or username for pk, first, last, username in rows}


# A recommendation's own cells, written on its heading row (its number and group on every row too,
# so a sorted or filtered sheet still says which recommendation each action is under).
HEADING_KEYS = {"group", "rec_number", "recommendation"}
EVERY_ROW_KEYS = {"group", "rec_number"}


def action_sheet_columns(plan_column=False) -> list[C.Column]:
    """The Action plan sheet's columns: the printed ones first, then (for actions from several plans) the plan."""
    printed, rest = C.ACTION_COLUMNS[: C.PRINTED_ACTION_COLUMNS], C.ACTION_COLUMNS[C.PRINTED_ACTION_COLUMNS:]
    return [*printed, *([C.PLAN_COLUMN] if plan_column else []), *rest]


def heading_title(rec, plan_title: str = "") -> str:
    """'Recommendation 3 (January – June 2006): Improve the quality of assessments'."""
    group = f" ({rec.group})" if rec.group else ""
    return f"{plan_title + ': ' if plan_title else ''}Recommendation {rec.number}{group}: {rec.text}"


def action_rows(snapshot: PlanSnapshot, columns: list[C.Column], keep=None, plan_column=False):
    """A heading row per recommendation, then one row per action, each cell as its column says it is written."""
    plan_title = snapshot.plan.title
    plan_cell = [plan_title if c.key == "plan" else None for c in columns]
    on_heading = [c.write if c.key in HEADING_KEYS else None for c in columns]
    on_action = [c.write if c.key not in HEADING_KEYS or c.key in EVERY_ROW_KEYS else None for c in columns]
    for rec in snapshot.recommendations:
        actions = [a for a in rec.actions if keep is None or a.id in keep]
        if not actions:
            continue
        cells = [write(rec, None) if write else plan for write, plan in zip(on_heading, plan_cell, strict=True)]
        yield Heading(heading_title(rec, plan_title if plan_column else ""), cells)
        for a in actions:
            yield [write(rec, a) if write else plan for write, plan in zip(on_action, plan_cell, strict=True)]


def note_rows(snapshot: PlanSnapshot, keep=None):
    wanted = [
        (rec, a) for rec in snapshot.recommendations for a in rec.actions if keep is None or a.id in keep
    ]
    recorded_by = _recorded_by([a.id for _, a in wanted])
    zone = timezone.get_current_timezone()  # once, not per note: thousands of notes in a big plan
    for rec, a in wanted:
        for n in a.notes:
            recorded_at = n.recorded_at.astimezone(zone).replace(tzinfo=None) if n.recorded_at else None
            day = C.MonthOf(n.date) if n.date and n.date_is_month else n.date or C.UNDATED
            yield [a.reference, rec.number, a.description, day, n.text, n.author,
                   recorded_by.get(n.id, ""), recorded_at, a.id]


def summary_rows(snapshot: PlanSnapshot, moment):
    """One row per recommendation: its RAG reported beside its actions' suggestion, the RAG a director
    set by hand (what the import reads back), its progress and its latest summary."""
    overrides = {
        pk: (rag, reason)
        for pk, rag, reason in versions_as_at(Recommendation, moment, plan_id=snapshot.plan.pk)
        .exclude(rag_override="")
        .values_list("id", "rag_override", "rag_override_reason")
    }
    for rec in snapshot.recommendations:
        view, reported = rec.rag_view, rec.reported
        override, reason = overrides.get(rec.id, ("", ""))
        reported_in = ""
        if reported:
            reported_in = reported.source_words + (f" ({reported.by})" if reported.by else "")
        cells = {
            "group": rec.group, "rec_number": rec.number, "recommendation": rec.text, "lead_rag": view.lead,
            "reported_rag": reported.rag if reported else None, "reported_on": reported.date if reported else None,
            "reported_in": reported_in, "reported_reason": reported.reason if reported else "",
            "suggested_rag": view.suggested, "rag_difference": view.difference or "", "rag": override or None,
            "rag_reason": reason, "completed": rec.completed_count, "total": rec.live_count,
            "summary_date": rec.summary_date, "summary": rec.summary_text, "summary_rag": rec.summary_rag or None,
        }
        yield [cells[c.key] for c in C.SUMMARY_COLUMNS]


def indicator_rows(plan: Plan, moment):
    indicators = list(versions_as_at(Indicator, moment, plan_id=plan.pk).order_by("code"))
    ids = [i.id for i in indicators]
    figures = defaultdict(list)
    for model, kind in ((IndicatorTarget, C.TARGET), (IndicatorValue, C.VALUE)):
        for f in versions_as_at(model, moment, indicator_id__in=ids).order_by("period_end", "period", "id"):
            figures[f.indicator_id].append((kind, f))
    for ind in indicators:
        base = [ind.code, ind.title, ind.unit, "Yes" if ind.higher_is_better else "No"]
        if not figures[ind.id]:
            yield [*base, "", "", None, None, ""]
        for kind, f in figures[ind.id]:
            yield [*base, kind, f.period, f.period_end, f.value, f.note]


def people_rows(plan_ids, moment):
    rows = []
    for plan_id in plan_ids:
        people = versions_as_at(Person, moment, plan_id=plan_id).order_by("initials")
        rows += [[p.initials, p.name, p.job_title, p.organisation] for p in people]
    return rows


def about_rows(plan: Plan | None, *, as_at, user, exported_at: datetime, description=""):
    who = (user.get_full_name() or user.get_username()) if user is not None else "command line"
    values = {
        "plan": plan.title if plan else "Several plans",
        "slug": plan.slug if plan else "",
        "organisation": plan.organisation if plan else "",
        "inspection": plan.source_inspection if plan else "",
        "started_on": plan.started_on if plan else None,
        "as_at": as_at,
        "exported_by": who,
        # Kept to the microsecond (shown to the minute): an import compares with the plan at this moment.
        "exported_at": timezone.localtime(exported_at).replace(tzinfo=None),
        "filter": description or "All actions in the plan",
    }
    rows = [[label, values[key]] for key, label in C.ABOUT_ROWS]
    rows += [
        [],
        ["How to send changes back", "Change the words, Status, RAG or Progress to date on the 'Action plan' "
         "sheet and import the workbook. Keep the Action ID column as it is: it is how each row finds its "
         "action. Add a progress note as a new line at the top of 'Progress to date', starting with its "
         "date, e.g. '20 November 2026: Paper agreed by Cabinet'. The due date is worked out from 'By when'."],
        ["Printing", "The 'Action plan' sheet prints its first eight columns on A4 landscape, each "
         "recommendation as a heading above its actions. The columns to their right are for the screen and "
         "the import: a recommendation's words are read from its heading row's 'Recommendation' cell, and "
         "each action's recommendation from its 'Rec. no.', so the sheet may be sorted or filtered."],
    ]
    return rows
