"""The workbook import holds cells to the same limits as the forms: a cell over its limit is a problem naming
the sheet, row and column, and nothing at all is written."""

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from actionplan import limits
from actionplan.excel.export import export_plan_xlsx
from actionplan.excel.importer import workbook_import
from tests.excel.test_import import COL, counts

pytestmark = pytest.mark.django_db


def exported(world, tmp_path: Path, **cells) -> Path:
    """The conftest plan exported, with these cells of the Action plan sheet changed ({"F3": "…"})."""
    path = tmp_path / "plan.xlsx"
    export_plan_xlsx(world.plan, path)
    wb = load_workbook(path)
    for sheet_cell, value in cells.items():
        sheet, _, cell = sheet_cell.rpartition("!")
        wb[sheet or "Action plan"][cell] = value
    wb.save(path)
    return path


def refused(path: Path) -> list[str]:
    before = counts()
    report = workbook_import(path, file_name=path.name, dry_run=False)
    assert not report.applied
    assert counts() == before
    return [str(p) for p in report.problems]


def test_an_action_over_its_limit_is_refused_naming_the_cell_and_nothing_is_written(world, tmp_path):
    path = exported(world, tmp_path, **{f"{COL['status']}2": "Completed", f"{COL['action']}3": "a" * 4_001})
    assert refused(path) == [
        "sheet 'Action plan', row 3, column 'Action to be taken': Action to be taken must be 4,000 characters or "
        "fewer; this cell has 4,001"
    ]


def test_a_progress_note_over_its_limit_is_refused(world, tmp_path):
    path = exported(world, tmp_path, **{f"{COL['progress']}2": "19 May 2006: " + "n" * 10_001})
    assert refused(path) == [
        "sheet 'Action plan', row 2, column 'Progress to date': A progress note must be 10,000 characters or "
        "fewer; the note starting 'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn' has 10,001"
    ]


def test_a_summary_over_its_limit_is_refused_on_its_own_sheet(world, tmp_path):
    path = exported(world, tmp_path, **{"Summary!O2": date(2006, 5, 19), "Summary!P2": "s" * (limits.SUMMARY + 1)})
    problems = refused(path)
    assert problems == [
        "sheet 'Summary', row 2, column 'Latest summary of progress': Latest summary of progress must be "
        "10,000 characters or fewer; this cell has 10,001"
    ]


def test_a_lead_over_the_length_of_its_column_is_refused(world, tmp_path):
    path = exported(world, tmp_path, **{f"{COL['lead']}2": "HL " + "(acting) " * 30})
    assert refused(path) == [
        "sheet 'Action plan', row 2, column 'Lead': Lead must be 200 characters or fewer; this cell has 272"
    ]


def test_text_at_its_limit_is_imported(world, tmp_path):
    path = exported(world, tmp_path, **{f"{COL['partners']}2": "p" * limits.ACTION_TEXT})
    report = workbook_import(path, file_name=path.name, dry_run=False)
    assert report.applied
    world.mine.refresh_from_db()
    assert len(world.mine.partners) == limits.ACTION_TEXT
