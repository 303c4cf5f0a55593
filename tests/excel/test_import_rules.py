"""What an import refuses, each with its sheet, row, column and the text at fault, nothing half-written:
dates that do not exist, cells longer than Excel holds, a changed action reference, and (for a clerk)
any change to the plan's structure. Real workbooks: the plan exported, then edited with openpyxl."""

import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplan.excel.importer import workbook_import
from actionplan.models import Action, ProgressNote, Rag, Status
from tests.excel.test_import import (  # noqa: F401
    COL,
    ROW_1_1,
    ROW_1_2,
    ROW_2_1,
    counts,
    edit,
    export,
    messages,
    new_row,
    plan,
    upload,
)

pytestmark = pytest.mark.django_db


def imported(plan, path, user="manager", **kwargs):  # noqa: F811
    return workbook_import(path, file_name="plan.xlsx", user=plan.users[user], dry_run=False,
                           structure_allowed=user == "manager", **kwargs)


# --- dates that do not exist -----------------------------------------------------------------------

def test_a_note_opened_by_a_date_that_does_not_exist_is_refused_not_added_to_the_note_above(plan, tmp_path):  # noqa: F811
    def change(ws):
        progress = f"{COL['progress']}{ROW_1_1}"
        ws[progress] = "31 February 2026: Met the partners\n" + ws[progress].value

    path = edit(export(plan.plan, tmp_path / "plan.xlsx"), change)
    before = counts()
    report = imported(plan, path)
    assert not report.applied
    assert messages(report) == [
        "sheet 'Action plan', row 3, column 'Progress to date': '31 February 2026' is not a real date (in the note "
        "'Met the partners'): correct the date, e.g. 19/05/2006"
    ]
    assert report.change_lines() == []  # not offered as a change to any note
    assert counts() == before


# --- Excel's cell limit ---------------------------------------------------------------------------

def with_shared_string(path, marker: str, text: str):
    """The workbook with `marker` replaced by `text` in its XML: openpyxl cuts any longer text to Excel's
    32,767 characters as it writes a cell, but other programs write what they are given."""
    with zipfile.ZipFile(path) as zin:
        parts = {name: zin.read(name) for name in zin.namelist()}
    holding = [name for name, data in parts.items() if marker.encode() in data]
    assert len(holding) == 1, holding
    parts[holding[0]] = parts[holding[0]].replace(marker.encode(), text.encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    return path


def test_a_cell_longer_than_excel_holds_is_refused(plan, tmp_path):  # noqa: F811
    path = edit(export(plan.plan, tmp_path / "plan.xlsx"),
                lambda ws: ws.__setitem__(f"{COL['partners']}{ROW_1_2}", "LONG-PARTNERS-CELL"))
    with_shared_string(path, "LONG-PARTNERS-CELL", "Schools, " * 4000)  # 36,000 characters
    before = counts()
    report = imported(plan, path)
    assert messages(report) == [
        "sheet 'Action plan', row 4, column 'People/Partners': this cell has 36,000 characters, more than the "
        "32,767 a cell of Excel can hold: shorten it (older progress notes can go on the 'Progress notes' sheet)"
    ]
    assert counts() == before


# --- the action reference ------------------------------------------------------------------------

def test_a_changed_reference_is_refused_naming_the_action_the_row_is(plan, tmp_path):  # noqa: F811
    def change(ws):
        ws[f"{COL['ref']}{ROW_1_1}"] = "1.2"  # the row of action 1.1 now says it is 1.2
        ws[f"{COL['ref']}{ROW_2_1}"] = "2.7"  # a reference the plan does not have
        ws[f"{COL['status']}{ROW_2_1}"] = "Completed"

    path = edit(export(plan.plan, tmp_path / "plan.xlsx"), change)
    before = counts()
    report = imported(plan, path)
    assert messages(report) == [
        "sheet 'Action plan', row 3, column 'Ref': the reference '1.2' was changed: by its Action ID this row is "
        "action 1.1 ('Discussion paper to be prepared'), and that is action 1.2's reference. An import does not "
        "renumber actions: put back '1.1' (a plan manager can move actions on the plan's pages)",
        "sheet 'Action plan', row 6, column 'Ref': the reference '2.7' was changed: by its Action ID this row is "
        "action 2.1 ('Issue revised booklet'), and the plan has no action with it. An import does not renumber "
        "actions: put back '2.1' (a plan manager can move actions on the plan's pages)",
    ]
    assert counts() == before
    plan.late.refresh_from_db()
    assert plan.late.status == Status.DELAYED


def test_a_row_without_its_id_whose_reference_is_another_actions_is_refused(plan, tmp_path):  # noqa: F811
    def change(ws):
        ws[f"{COL['action_id']}{ROW_1_2}"] = None  # the ID cleared and the words changed: the row matches no action
        ws[f"{COL['action']}{ROW_1_2}"] = "Prepare the discussion paper again"

    report = imported(plan, edit(export(plan.plan, tmp_path / "plan.xlsx"), change))
    assert [str(p) for p in report.problems if p.column == "Ref"] == [
        f"sheet 'Action plan', row 4, column 'Ref': '1.2' is the reference of action 1.2 "
        f"('{plan.theirs.description[:40]}'), but this row's words and Action ID match no action: if it is that "
        "action, put back its words and Action ID as exported; if it is a new action, clear the reference"
    ]
    assert not Action.objects.filter(description="Prepare the discussion paper again").exists()


# --- a clerk's import ----------------------------------------------------------------------------

def test_a_clerk_imports_status_progress_notes_and_rag(plan, tmp_path):  # noqa: F811
    today = timezone.localdate()

    def change(ws):
        ws[f"{COL['status']}{ROW_1_2}"] = "In progress"
        ws[f"{COL['progress']}{ROW_1_2}"] = f"{today:%-d %B %Y}: Partners met; paper drafted"
        ws[f"{COL['rag']}{ROW_2_1}"] = "Red"
        ws[f"{COL['rag_reason']}{ROW_2_1}"] = "Printer let us down again"

    report = imported(plan, edit(export(plan.plan, tmp_path / "plan.xlsx"), change), user="clerk")
    assert report.applied, report.lines()
    plan.theirs.refresh_from_db()
    plan.late.refresh_from_db()
    assert plan.theirs.status == Status.IN_PROGRESS
    assert ProgressNote.objects.get(action=plan.theirs).text == "Partners met; paper drafted"
    assert (plan.late.rag_override, plan.late.rag_override_reason) == (Rag.RED, "Printer let us down again")
    assert plan.theirs.history.latest("history_id").history_user == plan.users["clerk"]


def structure_changed(ws):
    ws[f"{COL['status']}{ROW_1_2}"] = "In progress"  # allowed, but not written while anything else is refused
    ws[f"{COL['lead']}{ROW_1_1}"] = "SF"
    ws[f"{COL['by_when']}{ROW_1_2}"] = "End Dec 26"
    ws[f"{COL['action']}{ROW_2_1}"] = "Issue the revised booklet to every school"
    ws[f"{COL['partners']}{ROW_1_1}"] = "Schools"
    ws[f"{COL['success']}{ROW_1_2}"] = "Booklet in every school"
    ws.append(new_row(group="January – June 2006", rec_number=1, recommendation="Ensure that things improve.",
                      action="Brief the Cabinet member", lead="SF", by_when="End Apr 06", status="In progress"))


def test_a_clerks_workbook_that_changes_structure_is_refused_cell_by_cell_and_nothing_is_written(plan, tmp_path):  # noqa: F811
    path = edit(export(plan.plan, tmp_path / "plan.xlsx"), structure_changed)
    before = counts()
    dry = workbook_import(path, file_name="plan.xlsx", user=plan.users["clerk"], structure_allowed=False)
    why = ("a clerk's import may change status, progress notes and RAG; the plan's structure stays with plan "
           "managers; put it back as exported, or ask a plan manager to import this workbook")
    assert sorted(messages(dry)) == sorted([
        f"sheet 'Action plan', row 3, column 'Lead': Lead of action 1.1 changed (HL → SF): {why}",
        f"sheet 'Action plan', row 3, column 'People/Partners': People/Partners of action 1.1 changed "
        f"({plan.mine.partners or '—'} → Schools): {why}",
        f"sheet 'Action plan', row 4, column 'By when': By when of action 1.2 changed "
        f"({plan.theirs.by_when_text or '—'} → End Dec 26 (due 31 December 2026)): {why}",
        f"sheet 'Action plan', row 4, column 'Target/Success criteria': Target/Success criteria of action 1.2 "
        f"changed ({plan.theirs.success_criteria or '—'} → Booklet in every school): {why}",
        f"sheet 'Action plan', row 7, column 'Action to be taken': 'Brief the Cabinet member' would be a new "
        f"action: {why}",
        "sheet 'Action plan', row 6, column 'Action to be taken': Action to be taken of action 2.1 changed "
        f"(Issue revised booklet → Issue the revised booklet to every school): {why}",
    ])
    applied = imported(plan, path, user="clerk")
    assert not applied.applied
    assert counts() == before
    plan.theirs.refresh_from_db()
    assert plan.theirs.status == Status.NOT_STARTED
    # The same workbook from a plan manager: the structure is theirs to change.
    assert imported(plan, path).applied


def test_the_clerks_refusal_is_in_the_error_summary_of_the_dry_run_page(client, plan, tmp_path):  # noqa: F811
    path = edit(export(plan.plan, tmp_path / "plan.xlsx"),
                lambda ws: ws.__setitem__(f"{COL['lead']}{ROW_1_1}", "SF"))
    client.force_login(plan.users["clerk"])
    response = upload(client, reverse("plan_import", args=["jar"]), path)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="govuk-error-summary"' in page
    assert "Fix the 1 problem listed below" in page
    assert "Lead of action 1.1 changed (HL → SF): a clerk&#x27;s import may change status" in page
    assert 'data-label="Column">Lead</td>' in page
    assert "Import these changes" not in page


def test_a_date_that_does_not_exist_is_in_the_error_summary_of_the_dry_run_page(client, plan, tmp_path):  # noqa: F811
    day = timezone.localdate() - timedelta(days=1)
    path = edit(export(plan.plan, tmp_path / "plan.xlsx"), lambda ws: ws.__setitem__(
        f"{COL['progress']}{ROW_1_2}", f"30/02/{day:%Y}: Partners met\n{day:%-d %B %Y}: Paper drafted"))
    client.force_login(plan.users["clerk"])
    response = upload(client, reverse("plan_import", args=["jar"]), path)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="govuk-error-summary"' in page
    assert f"&#x27;30/02/{day:%Y}&#x27; is not a real date" in page
    assert 'data-label="Row">4</td>' in page
