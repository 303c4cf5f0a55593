"""Progress notes the seeds date by a month alone ("Mar 06") in workbooks: written as the month,
read back as the same notes (no change proposed), carried as months into a copy of the plan, and
never given the month's last day as their own."""

from datetime import date, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from actionplan.excel import columns as C
from actionplan.excel.export import export_plan_xlsx
from actionplan.excel.importer import workbook_import
from actionplan.excel.read.progress import NoteText, split_progress
from actionplan.models import Action, Plan, ProgressNote, Status
from tests.conftest import HEREFORDSHIRE

pytestmark = pytest.mark.django_db

PROGRESS_AT = [c.key for c in C.ACTION_COLUMNS].index("progress")  # "Progress to date" on the Action plan sheet
PROGRESS = get_column_letter(PROGRESS_AT + 1)


@pytest.fixture
def hereford_xlsx(db, tmp_path) -> tuple[Plan, Path]:
    call_command("load_plan", str(HEREFORDSHIRE), stdout=StringIO())
    plan = Plan.objects.get()
    path = tmp_path / "hereford.xlsx"
    export_plan_xlsx(plan, path)
    return plan, path


def _row_of(ws, reference: str) -> int:
    return next(row[0].row for row in ws.iter_rows(min_row=2) if row[0].value == reference)


def _set_progress(path: Path, reference: str, text: str) -> int:
    wb = load_workbook(path)
    ws = wb["Action plan"]
    row = _row_of(ws, reference)
    ws[f"{PROGRESS}{row}"] = text
    wb.save(path)
    return row


def test_reading_back_the_month_line_the_export_writes():
    cell = ("19 May 2006: Endorsed at LSCB\n"
            "March 2006: Draft plan produced Mar 06\n"
            "7 March 2006: Draft revised policy produced")
    assert split_progress(cell) == [
        NoteText(date(2006, 5, 19), "Endorsed at LSCB"),
        NoteText(date(2006, 3, 31), "Draft plan produced Mar 06", date_is_month=True),
        NoteText(date(2006, 3, 7), "Draft revised policy produced"),
    ]


def test_a_councils_run_on_log_dated_by_a_month_is_read_as_that_month():
    notes = split_progress("Paper on SEN elements produced Dec 05. Approved 10.02.06")
    assert notes == [
        NoteText(date(2005, 12, 31), "Paper on SEN elements produced Dec 05.", date_is_month=True),
        NoteText(date(2006, 2, 10), "Approved 10.02.06"),
    ]


def test_the_export_writes_month_notes_as_the_month(hereford_xlsx):
    _plan, path = hereford_xlsx
    wb = load_workbook(path)  # not read-only: the cell's number format is read too
    actions = {r[0].value: r for r in wb["Action plan"].iter_rows(min_row=2)}
    assert actions["5.2"][PROGRESS_AT].value == "March 2006: Draft plan produced Mar 06"
    assert actions["1.1"][PROGRESS_AT].value == "December 2005: Discussion paper prepared Dec 05."
    notes = [r for r in wb["Progress notes"].iter_rows(min_row=2) if r[0].value == "5.2"]
    [(date_cell, text_cell)] = [(r[3], r[4]) for r in notes]
    # A date cell (it sorts and filters with the others) that reads "March 2006", not "31 Mar 2006".
    assert (date_cell.value, date_cell.number_format, text_cell.value) == (
        datetime(2006, 3, 31), "mmmm yyyy", "Draft plan produced Mar 06")
    day_note = next(r for r in wb["Progress notes"].iter_rows(min_row=2) if r[0].value == "1.8")
    assert day_note[3].number_format == "d mmm yyyy"


def test_our_own_export_sent_back_proposes_no_change(hereford_xlsx):
    plan, path = hereford_xlsx
    report = workbook_import(path, file_name="hereford.xlsx", plan_slug=plan.slug)
    assert report.ok, report.problems
    assert report.change_lines() == []
    assert report.counts["unchanged_actions"] == Action.objects.filter(recommendation__plan=plan).count()


def test_a_note_added_above_a_month_note_is_the_only_change(hereford_xlsx):
    plan, path = hereford_xlsx
    wb = load_workbook(path)
    row = _row_of(wb["Action plan"], "7.4")
    old = wb["Action plan"][f"{PROGRESS}{row}"].value
    assert old.startswith("March 2006: Mar 06 Majority of plans in place.")
    _set_progress(path, "7.4", "2 April 2006: Outstanding plans chased\n" + old)
    report = workbook_import(path, file_name="hereford.xlsx", plan_slug=plan.slug)
    assert report.change_lines() == [f"Action 7.4 (row {row}): New progress note dated 2 April 2006: "
                                     "Outstanding plans chased"]


def test_a_copy_made_through_the_workbook_keeps_month_notes_and_completions_as_months(hereford_xlsx):
    _plan, path = hereford_xlsx
    report = workbook_import(path, file_name="hereford.xlsx", plan_slug="copy", dry_run=False)
    assert report.applied, report.lines()[:10]
    copy = Plan.objects.get(slug="copy")
    note = ProgressNote.objects.get(action__recommendation__plan=copy, text="Draft plan produced Mar 06")
    assert (note.note_date, note.note_date_is_month) == (date(2006, 3, 31), True)
    original = ProgressNote.objects.exclude(action__recommendation__plan=copy)
    copied = ProgressNote.objects.filter(action__recommendation__plan=copy)
    assert copied.filter(note_date_is_month=True).count() == original.filter(note_date_is_month=True).count() == 17
    # 15.3 "Completed Mar 06": completed in March 2006, as in the plan copied.
    done = Action.objects.get(recommendation__plan=copy, recommendation__number=15, position=3)
    assert (done.status, done.completed_on, done.completed_on_is_month) == (Status.COMPLETED, date(2006, 3, 31), True)


def test_a_note_for_a_month_that_has_not_ended_is_refused(hereford_xlsx):
    plan, path = hereford_xlsx
    _set_progress(path, "5.2", "January 2099: Plan revised\nMarch 2006: Draft plan produced Mar 06")
    report = workbook_import(path, file_name="hereford.xlsx", plan_slug=plan.slug)
    assert not report.ok
    assert any("the note dated January 2099 names a month that has not ended: write the day it speaks of" in str(p)
               for p in report.problems)
