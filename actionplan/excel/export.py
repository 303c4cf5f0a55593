"""Export a plan (or a filtered list of actions) as a working Excel workbook.

Row producers read the plan as it stood at a date (the same snapshot the JSON export
and the papers use) and yield plain rows; one writer turns sheets of rows into a
styled workbook in openpyxl's write-only mode, so memory stays flat for big plans.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from actionplan.excel import layout as L
from actionplan.excel.writer import write_workbook
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
from actionplan.selectors.snapshot import PlanSnapshot, end_of_day, plan_snapshot


@dataclass
class Sheet:
    name: str
    columns: list[L.Column]
    rows: Iterable[Sequence]
    # column key -> the words its drop-down list offers
    choices: dict[str, list[str]] = field(default_factory=dict)
    table: bool = True  # frozen header, autofilter, landscape print with repeated header


def progress_cell(notes) -> str:
    """Dated notes, newest first, one paragraph each: '19 May 2006: Endorsed at LSCB'."""
    lines, used = [], 0
    for i, note in enumerate(notes):
        line = f"{note.date:%-d %B %Y}: {note.text}"
        more = L.MORE_NOTES.format(count=len(notes) - i)
        if used + len(line) + 1 + len(more) > L.CELL_LIMIT:
            lines.append(more)  # the rest are on the Progress notes sheet; the import skips this line
            break
        lines.append(line)
        used += len(line) + 1
    return "\n".join(lines)


def lead_cell(action) -> str:
    return action.lead_text or ", ".join(f"{i} {q}".strip() for i, q in action.leads)


def _recorded_by(note_ids) -> dict[int, str]:
    """Who typed each note in (a fact that never changes, so read from the live rows)."""
    rows = ProgressNote.objects.filter(pk__in=note_ids, recorded_by__isnull=False).values_list(
        "pk", "recorded_by__first_name", "recorded_by__last_name", "recorded_by__username"
    )
    return {pk: f"{first} {last}".strip() or username for pk, first, last, username in rows}


def _action_rows(snapshot: PlanSnapshot, keep=None, plan_column=False):
    for rec in snapshot.recommendations:
        for a in rec.actions:
            if keep is not None and a.id not in keep:
                continue
            row = [
                a.reference, rec.group, rec.number, rec.text, a.description, lead_cell(a), a.by_when,
                a.due_date, L.status_label(a.status), a.rag, a.rag_override_reason,
                progress_cell(a.notes), a.partners, a.capacity, a.success_criteria, a.id,
            ]
            yield [snapshot.plan.title, *row] if plan_column else row


def _note_rows(snapshot: PlanSnapshot, keep=None):
    wanted = [
        (rec, a) for rec in snapshot.recommendations for a in rec.actions if keep is None or a.id in keep
    ]
    recorded_by = _recorded_by([n.id for _, a in wanted for n in a.notes])
    for rec, a in wanted:
        for n in a.notes:
            recorded_at = timezone.localtime(n.recorded_at).replace(tzinfo=None) if n.recorded_at else None
            yield [a.reference, rec.number, a.description, n.date, n.text, n.author,
                   recorded_by.get(n.id, ""), recorded_at, a.id]


def _summary_rows(snapshot: PlanSnapshot, moment):
    reasons = dict(
        versions_as_at(Recommendation, moment, plan_id=snapshot.plan.pk)
        .exclude(rag_override="")
        .values_list("id", "rag_override_reason")
    )
    for rec in snapshot.recommendations:
        yield [rec.group, rec.number, rec.text, rec.rag, reasons.get(rec.id, ""), rec.completed_count,
               rec.live_count, rec.summary_date, rec.summary_text, rec.summary_rag or None]


def _indicator_rows(plan: Plan, moment):
    indicators = list(versions_as_at(Indicator, moment, plan_id=plan.pk).order_by("code"))
    ids = [i.id for i in indicators]
    figures = defaultdict(list)
    for model, kind in ((IndicatorTarget, L.TARGET), (IndicatorValue, L.VALUE)):
        for f in versions_as_at(model, moment, indicator_id__in=ids).order_by("period_end", "period", "id"):
            figures[f.indicator_id].append((kind, f))
    for ind in indicators:
        base = [ind.code, ind.title, ind.unit, "Yes" if ind.higher_is_better else "No"]
        if not figures[ind.id]:
            yield [*base, "", "", None, None, ""]
        for kind, f in figures[ind.id]:
            yield [*base, kind, f.period, f.period_end, f.value, f.note]


def _people_rows(plan_ids, moment):
    rows = []
    for plan_id in plan_ids:
        people = versions_as_at(Person, moment, plan_id=plan_id).order_by("initials")
        rows += [[p.initials, p.name, p.job_title, p.organisation] for p in people]
    return rows


def _about(plan: Plan | None, *, as_at, user, exported_at: datetime, description=""):
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
    rows = [[label, values[key]] for key, label in L.ABOUT_ROWS]
    rows += [
        [],
        ["How to send changes back", "Change the words, Status, RAG or Progress to date on the 'Action plan' "
         "sheet and import the workbook. Keep the Action ID column as it is: it is how each row finds its "
         "action. Add a progress note as a new line at the top of 'Progress to date', starting with its "
         "date, e.g. '20 November 2026: Paper agreed by Cabinet'. The due date is worked out from 'By when'."],
    ]
    return rows


ABOUT_COLUMNS = [L.Column("item", "Item", 26, L.SHORT), L.Column("value", "Value", 90, L.TEXT)]


def _choices():
    return {"status": L.status_words(), "rag": L.rag_words()}


def plan_sheets(plan: Plan, *, as_at: date | None = None, user=None) -> list[Sheet]:
    exported_at = timezone.now()  # before the plan is read, so nothing read is newer than this
    moment = end_of_day(as_at) if as_at else exported_at
    snapshot = plan_snapshot(plan, as_at)
    return [
        Sheet(L.ACTION_SHEET, L.ACTION_COLUMNS, _action_rows(snapshot), _choices()),
        Sheet(L.SUMMARY_SHEET, L.SUMMARY_COLUMNS, _summary_rows(snapshot, moment), {"rag": L.rag_words()}),
        Sheet(L.NOTES_SHEET, L.NOTE_COLUMNS, _note_rows(snapshot)),
        Sheet(L.INDICATORS_SHEET, L.INDICATOR_COLUMNS, _indicator_rows(plan, moment)),
        Sheet(L.PEOPLE_SHEET, L.PEOPLE_COLUMNS, _people_rows([plan.pk], moment)),
        Sheet(L.ABOUT_SHEET, ABOUT_COLUMNS,
              _about(plan, as_at=snapshot.as_at, user=user, exported_at=exported_at), table=False),
    ]


def export_plan_xlsx(plan: Plan, target, *, as_at: date | None = None, user=None) -> None:
    """Write the plan, as it stood at the end of `as_at` (default now), to a path or binary file."""
    write_workbook(plan_sheets(plan, as_at=as_at, user=user), target)


def export_actions_xlsx(action_ids, target, *, user=None, description: str = "") -> int:
    """Write a chosen set of actions (a filtered list), with their notes and people; returns the count."""
    from actionplan.models import Action

    keep = set(action_ids)
    exported_at = timezone.now()
    plan_ids = sorted(set(Action.objects.filter(pk__in=keep).values_list("recommendation__plan", flat=True)))
    plans = list(Plan.objects.filter(pk__in=plan_ids).order_by("title"))
    snapshots = [plan_snapshot(p) for p in plans]
    several = len(plans) > 1
    columns = [L.Column("plan", "Plan", 24, L.SHORT), *L.ACTION_COLUMNS] if several else L.ACTION_COLUMNS

    def actions():
        for snap in snapshots:
            yield from _action_rows(snap, keep, plan_column=several)

    def notes():
        for snap in snapshots:
            yield from _note_rows(snap, keep)

    today = timezone.localdate()
    sheets = [
        Sheet(L.ACTION_SHEET, columns, actions(), _choices()),
        Sheet(L.NOTES_SHEET, L.NOTE_COLUMNS, notes()),
        Sheet(L.PEOPLE_SHEET, L.PEOPLE_COLUMNS, _people_rows(plan_ids, timezone.now())),
        Sheet(L.ABOUT_SHEET, ABOUT_COLUMNS,
              _about(plans[0] if len(plans) == 1 else None, as_at=today, user=user, exported_at=exported_at,
                     description=description),
              table=False),
    ]
    write_workbook(sheets, target)
    return len(keep)
