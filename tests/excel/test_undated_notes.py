"""Undated progress notes in workbooks: written as undated, read back as the same notes (no change
proposed), carried undated into a copy of the plan, and never given a date on the way."""

from datetime import date, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
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


def test_reading_back_the_undated_line_the_export_writes():
    cell = ("19 May 2006: Endorsed at LSCB\n"
            "Undated (in the plan as at 24 March 2006): Approved by consultants group\n"
            "7 March 2006: Draft revised policy produced")
    assert split_progress(cell) == [
        NoteText(date(2006, 5, 19), "Endorsed at LSCB"),
        NoteText(None, "Approved by consultants group", in_plan_as_at=date(2006, 3, 24)),
        NoteText(date(2006, 3, 7), "Draft revised policy produced"),
    ]


def test_the_export_writes_undated_notes_as_undated(hereford_xlsx):
    _plan, path = hereford_xlsx
    wb = load_workbook(path, read_only=True)
    actions = {r[0]: r for r in wb["Action plan"].iter_rows(min_row=2, values_only=True)}
    progress = {ref: row[PROGRESS_AT] for ref, row in actions.items()}
    assert progress["1.15"] == "Undated (in the plan as at 24 March 2006): Done by written procedure."
    assert progress["1.14"].splitlines()[-1].startswith("7 March 2006: Draft revised")
    notes = [r for r in wb["Progress notes"].iter_rows(min_row=2, values_only=True) if r[0] == "1.15"]
    assert [(r[3], r[4], r[7]) for r in notes] == [
        ("Undated", "Done by written procedure.", datetime(2006, 3, 24, 12, 0))
    ]
    wb.close()


def test_our_own_export_sent_back_proposes_no_change(hereford_xlsx):
    plan, path = hereford_xlsx
    report = workbook_import(path, file_name="hereford.xlsx", plan_slug=plan.slug)
    assert report.ok, report.problems
    assert report.change_lines() == []
    assert report.counts["unchanged_actions"] == Action.objects.filter(recommendation__plan=plan).count()


def test_a_note_added_above_undated_ones_is_the_only_change(hereford_xlsx):
    plan, path = hereford_xlsx
    wb = load_workbook(path)
    ws = wb["Action plan"]
    row = _row_of(ws, "1.14")
    ws[f"{PROGRESS}{row}"] = "2 April 2006: Procedure circulated\n" + ws[f"{PROGRESS}{row}"].value
    wb.save(path)
    report = workbook_import(path, file_name="hereford.xlsx", plan_slug=plan.slug)
    assert report.change_lines() == [f"Action 1.14 (row {row}): New progress note dated 2 April 2006: "
                                     "Procedure circulated"]


def test_a_workbook_that_dated_an_undated_note_does_not_add_it_again(hereford_xlsx):
    # Workbooks exported before undated notes were kept undated wrote them as "24 March 2006: …".
    plan, path = hereford_xlsx
    wb = load_workbook(path)
    ws = wb["Action plan"]
    row = _row_of(ws, "1.15")
    ws[f"{PROGRESS}{row}"] = "24 March 2006: Done by written procedure."
    wb.save(path)
    report = workbook_import(path, file_name="hereford.xlsx", plan_slug=plan.slug)
    assert report.change_lines() == []
    warnings = [str(w) for w in report.warnings]
    assert any("is an undated note in the plan: the date 24 March 2006 written before it is not recorded" in w
               for w in warnings)


def test_a_copy_made_through_the_workbook_keeps_notes_and_completions_undated(hereford_xlsx):
    _plan, path = hereford_xlsx
    report = workbook_import(path, file_name="hereford.xlsx", plan_slug="copy", dry_run=False)
    assert report.applied, report.lines()[:10]
    copy = Plan.objects.get(slug="copy")
    action = Action.objects.get(recommendation__plan=copy, recommendation__number=15, position=4)
    assert (action.status, action.completed_on) == (Status.COMPLETED, None)
    note = action.notes.get()
    assert (note.note_date, timezone.localtime(note.recorded_at).date()) == (None, date(2006, 3, 24))
    original = ProgressNote.objects.exclude(action__recommendation__plan=copy)
    copied = ProgressNote.objects.filter(action__recommendation__plan=copy)
    assert copied.filter(note_date=None).count() == original.filter(note_date=None).count() > 0


def test_an_undated_note_said_to_be_in_the_plan_in_the_future_is_refused(hereford_xlsx):
    _plan, path = hereford_xlsx
    wb = load_workbook(path)
    ws = wb["Action plan"]
    row = _row_of(ws, "1.15")
    ws[f"{PROGRESS}{row}"] = "Undated (in the plan as at 1 January 2099): Done by written procedure."
    wb.save(path)
    report = workbook_import(path, file_name="hereford.xlsx", plan_slug="copy", dry_run=False)
    assert not report.applied
    assert any("is marked as in the plan as at 1 January 2099, which is in the future" in str(p)
               for p in report.problems)
    assert not Plan.objects.filter(slug="copy").exists()
