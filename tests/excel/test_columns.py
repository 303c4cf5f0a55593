"""Each column is described once (excel/columns.py) and the import never needs the export.

The column rule: every column the export writes is found again by the import, and each
"Action plan" column is either read back into the row the import builds or declared as
written for people only (attr None: the due date, worked out from "By when").
"""

import ast
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from actionplan.excel import columns as C
from actionplan.excel.export import export_plan_xlsx
from actionplan.excel.problems import Problems
from actionplan.excel.read.cells import collapse
from actionplan.excel.read.sheet import SheetReader
from actionplan.excel.read.workbook import parse_workbook
from actionplan.models import ActionLead, Indicator, IndicatorValue, Rag, RecommendationSummary, Status
from actionplan.selectors.snapshot import plan_snapshot
from tests.factories import NoteFactory

ROOT = Path(__file__).resolve().parents[2]
EXCEL = ROOT / "actionplan" / "excel"
# The import: everything but export/. columns.py and problems.py are what both sides share.
IMPORT_FILES = [
    *sorted((EXCEL / "read").glob("*.py")), *sorted((EXCEL / "compare").glob("*.py")),
    EXCEL / "apply.py", EXCEL / "importer.py", EXCEL / "columns.py", EXCEL / "problems.py",
]
SHEETS = [
    (C.ACTION_SHEET, C.ACTION_COLUMNS), (C.SUMMARY_SHEET, C.SUMMARY_COLUMNS), (C.NOTES_SHEET, C.NOTE_COLUMNS),
    (C.INDICATORS_SHEET, C.INDICATOR_COLUMNS), (C.PEOPLE_SHEET, C.PEOPLE_COLUMNS),
]


@pytest.fixture
def full_plan(world):
    """Action 1.1 with every column of the Action plan sheet filled in."""
    w = world
    a = w.mine
    a.lead_text, a.status, a.by_when_text, a.due_date = "HL", Status.DELAYED, "17 Mar 06", date(2006, 3, 17)
    a.rag_override, a.rag_override_reason = Rag.AMBER, "Printer promised it for Friday"
    a.partners, a.capacity, a.success_criteria = "LSCB", "One analyst for a month", "Booklet issued"
    a.save()
    ActionLead.objects.filter(action=w.theirs).delete()
    NoteFactory(action=a, note_date=date(2006, 2, 1), text="Paper drafted", author=w.hl)
    RecommendationSummary.objects.create(recommendation=w.rec, date=date(2006, 5, 19), text="On track",
                                         rag=Rag.GREEN)
    ind = Indicator.objects.create(plan=w.plan, code="CH 141", title="Referrals", unit="per 10,000")
    IndicatorValue.objects.create(indicator=ind, period="Q1 2006/07", period_end=date(2006, 6, 30), value=412)
    return w


def _as_read(column: C.Column, written):
    """What the import makes of a cell the export wrote."""
    if column.kind == C.STATUS:
        return C.read_status(written)
    return collapse(written) if isinstance(written, str) else written


def test_every_column_the_export_writes_is_found_by_the_import(full_plan, tmp_path):
    path = tmp_path / "plan.xlsx"
    export_plan_xlsx(full_plan.plan, path)
    wb = load_workbook(path, read_only=True)
    for sheet, columns in SHEETS:
        reader = SheetReader(wb[sheet], columns, Problems())
        assert set(reader.index) == {c.key for c in columns}, sheet
    wb.close()


def test_every_action_column_is_read_back_as_it_was_written(full_plan, tmp_path):
    """A round trip over the column list: each column's written value comes back where its `attr` says."""
    path = tmp_path / "plan.xlsx"
    export_plan_xlsx(full_plan.plan, path)
    wb = load_workbook(path, read_only=True)
    problems = Problems()
    parsed = parse_workbook(wb, problems)
    wb.close()
    assert not problems.blocking, [str(p) for p in problems.blocking]
    snapshot = plan_snapshot(full_plan.plan)
    rec_state = snapshot.recommendations[0]
    action_state = next(a for a in rec_state.actions if a.id == full_plan.mine.pk)
    read = next(a for a in parsed.actions if a.action_id == full_plan.mine.pk)
    written_only = []
    for column in C.ACTION_COLUMNS:
        written = column.write(rec_state, action_state)
        if column.attr is None:
            written_only.append(column.key)
            continue
        record, _, attr = column.attr.rpartition(".")
        value = getattr(parsed.recommendations[read.rec_number] if record else read, attr)
        assert written not in (None, ""), f"{column.key}: the test plan should fill this column"
        assert value == _as_read(column, written), column.key
    assert written_only == ["due_date", "update", "rag_basis"]  # worked out on export, never imported


def test_the_action_columns_say_how_each_is_written_and_what_it_offers():
    assert all(c.write is not None for c in C.ACTION_COLUMNS)
    keys = [c.key for c in C.ACTION_COLUMNS]
    assert len(keys) == len(set(keys))
    offered = {c.key: c.choices() for c in C.ACTION_COLUMNS if c.choices}
    assert offered == {"status": C.status_words(), "rag": C.rag_words()}


def _imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
    return names


def test_the_import_does_not_import_the_export():
    for path in IMPORT_FILES:
        found = [m for m in _imported_modules(path) if m.startswith("actionplan.excel.export")]
        assert not found, f"{path.relative_to(ROOT)} imports {found}"


def test_reading_a_workbook_needs_no_database_and_no_comparison():
    for path in sorted((EXCEL / "read").glob("*.py")):
        found = [m for m in _imported_modules(path)
                 if m.startswith(("actionplan.models", "actionplan.excel.compare", "django.db"))]
        assert not found, f"{path.relative_to(ROOT)} imports {found}"


def test_loading_the_import_leaves_the_export_unloaded():
    """Also indirectly: through any module the import loads, in a fresh interpreter."""
    code = (
        "import django, sys; django.setup(); import actionplan.excel.importer; "
        "print(sorted(m for m in sys.modules if m.startswith('actionplan.excel.export')))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"DJANGO_SETTINGS_MODULE": "jartracker.settings_test", "PATH": ""})
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
