"""The workbook import holds cells to the same limits as the forms: a cell over its limit is a problem naming
the sheet, row and column, and nothing at all is written."""

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from actionplan import limits
from actionplan.excel import columns as C
from actionplan.excel.export import export_plan_xlsx
from actionplan.excel.importer import workbook_import
from tests.excel.test_import import COL, ROW_1_1, ROW_1_2, counts

pytestmark = pytest.mark.django_db


def exported(world, tmp_path: Path, **cells) -> Path:
    """The conftest plan exported, with these cells of the Action plan sheet changed ({"C4": "…"})."""
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
    path = exported(world, tmp_path,
                    **{f"{COL['status']}{ROW_1_1}": "Completed", f"{COL['action']}{ROW_1_2}": "a" * 4_001})
    assert refused(path) == [
        "sheet 'Action plan', row 4, column 'Action to be taken': Action to be taken must be 4,000 characters or "
        "fewer; this cell has 4,001"
    ]


def test_a_progress_note_over_its_limit_is_refused(world, tmp_path):
    path = exported(world, tmp_path, **{f"{COL['progress']}{ROW_1_1}": "19 May 2006: " + "n" * 10_001})
    assert refused(path) == [
        "sheet 'Action plan', row 3, column 'Progress to date': A progress note must be 10,000 characters or "
        "fewer; the note starting 'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn' has 10,001"
    ]


def test_a_summary_over_its_limit_is_refused_on_its_own_sheet(world, tmp_path):
    at = {c.key: get_column_letter(i) for i, c in enumerate(C.SUMMARY_COLUMNS, start=1)}
    path = exported(world, tmp_path, **{f"Summary!{at['summary_date']}2": date(2006, 5, 19),
                                        f"Summary!{at['summary']}2": "s" * (limits.SUMMARY + 1)})
    problems = refused(path)
    assert problems == [
        "sheet 'Summary', row 2, column 'Latest summary of progress': Latest summary of progress must be "
        "10,000 characters or fewer; this cell has 10,001"
    ]


def test_a_lead_over_the_length_of_its_column_is_refused(world, tmp_path):
    path = exported(world, tmp_path, **{f"{COL['lead']}{ROW_1_1}": "HL " + "(acting) " * 30})
    assert refused(path) == [
        "sheet 'Action plan', row 3, column 'Lead': Lead must be 200 characters or fewer; this cell has 272"
    ]


def test_text_at_its_limit_is_imported(world, tmp_path):
    path = exported(world, tmp_path, **{f"{COL['partners']}{ROW_1_1}": "p" * limits.ACTION_TEXT})
    report = workbook_import(path, file_name=path.name, dry_run=False)
    assert report.applied
    world.mine.refresh_from_db()
    assert len(world.mine.partners) == limits.ACTION_TEXT
