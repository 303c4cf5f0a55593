"""Export a plan (or a filtered list of actions) as a working Excel workbook.

Row producers (rows.py) read the plan as it stood at a date (the same snapshot the JSON
export and the papers use) and yield plain rows; one writer (writer.py) turns sheets of
rows into a styled workbook (xlsx.py: our own small writer, three times openpyxl's speed).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from actionplan.asat import end_of_day
from actionplan.dates import uk_date
from actionplan.excel import columns as C
from actionplan.excel.export.returns import returns_rows
from actionplan.excel.export.rows import (
    about_rows,
    action_rows,
    action_sheet_columns,
    indicator_rows,
    note_rows,
    people_rows,
    summary_rows,
)
from actionplan.excel.export.writer import write_workbook
from actionplan.models import Action, Plan
from actionplan.selectors.snapshot import plan_snapshot


@dataclass
class Sheet:
    name: str
    columns: list[C.Column]
    rows: Iterable[Sequence]
    table: bool = True  # frozen header, autofilter, landscape print with repeated header
    printed: int = 0  # the first this many columns are printed (0: all)
    title: str = ""  # the page header: the plan, on the left
    dated: str = ""  # and its date, on the right ("As at 28 November 2026")


def plan_sheets(plan: Plan, *, as_at: date | None = None, user=None) -> list[Sheet]:
    exported_at = timezone.now()  # before the plan is read, so nothing read is newer than this
    moment = end_of_day(as_at) if as_at else exported_at
    snapshot = plan_snapshot(plan, as_at)
    columns = action_sheet_columns()
    sheets = [
        Sheet(C.ACTION_SHEET, columns, action_rows(snapshot, columns), printed=C.PRINTED_ACTION_COLUMNS),
        Sheet(C.SUMMARY_SHEET, C.SUMMARY_COLUMNS, summary_rows(snapshot, moment), printed=C.PRINTED_SUMMARY_COLUMNS),
        Sheet(C.NOTES_SHEET, C.NOTE_COLUMNS, note_rows(snapshot), printed=C.PRINTED_NOTE_COLUMNS),
        Sheet(C.INDICATORS_SHEET, C.INDICATOR_COLUMNS, indicator_rows(plan, moment)),
        Sheet(C.PEOPLE_SHEET, C.PEOPLE_COLUMNS, people_rows([plan.pk], moment)),
        Sheet(C.RETURNS_SHEET, C.RETURNS_COLUMNS, returns_rows(plan, snapshot.as_at)),
        Sheet(C.ABOUT_SHEET, C.ABOUT_COLUMNS,
              about_rows(plan, as_at=snapshot.as_at, user=user, exported_at=exported_at), table=False),
    ]
    return _headed(sheets, plan.title, snapshot.as_at)


def _headed(sheets: list[Sheet], title: str, as_at: date) -> list[Sheet]:
    """Every printed page names the plan and the date it shows."""
    for sheet in sheets:
        sheet.title, sheet.dated = title, f"As at {uk_date(as_at)}"
    return sheets


def export_plan_xlsx(plan: Plan, target, *, as_at: date | None = None, user=None) -> None:
    """Write the plan, as it stood at the end of `as_at` (default now), to a path or binary file."""
    write_workbook(plan_sheets(plan, as_at=as_at, user=user), target)


def export_actions_xlsx(action_ids, target, *, user=None, description: str = "") -> int:
    """Write a chosen set of actions (a filtered list), with their notes and people; returns the count."""
    keep = set(action_ids)
    exported_at = timezone.now()
    plan_ids = sorted(set(Action.objects.filter(pk__in=keep).values_list("recommendation__plan", flat=True)))
    plans = list(Plan.objects.filter(pk__in=plan_ids).order_by("title"))
    snapshots = [plan_snapshot(p) for p in plans]
    several = len(plans) > 1
    columns = action_sheet_columns(plan_column=several)

    def actions():
        for snap in snapshots:
            yield from action_rows(snap, columns, keep, plan_column=several)

    def notes():
        for snap in snapshots:
            yield from note_rows(snap, keep)

    today = timezone.localdate()
    sheets = [
        Sheet(C.ACTION_SHEET, columns, actions(), printed=C.PRINTED_ACTION_COLUMNS),
        Sheet(C.NOTES_SHEET, C.NOTE_COLUMNS, notes(), printed=C.PRINTED_NOTE_COLUMNS),
        Sheet(C.PEOPLE_SHEET, C.PEOPLE_COLUMNS, people_rows(plan_ids, timezone.now())),
        Sheet(C.ABOUT_SHEET, C.ABOUT_COLUMNS,
              about_rows(plans[0] if len(plans) == 1 else None, as_at=today, user=user,
                         exported_at=exported_at, description=description),
              table=False),
    ]
    title = plans[0].title if len(plans) == 1 else "Actions from several plans"
    write_workbook(_headed(sheets, title, today), target)
    return len(keep)
