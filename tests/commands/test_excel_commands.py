"""manage.py export_plan --format xlsx and manage.py import_plan, as a plan manager would run them."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from actionplan.models import Action, Person, Plan, ProgressNote, Status
from tests.excel.test_import import COL, ROW_1_1, ROW_1_2

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_export_xlsx_writes_the_workbook_to_the_file_given(world, tmp_path):
    path = tmp_path / "plan.xlsx"
    assert run("export_plan", "jar", "--format", "xlsx", "-o", str(path)) == f"Wrote {path}\n"
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "Action plan"
    assert wb["Action plan"].max_row == 4  # headings, recommendation 1's heading, its two actions
    assert list(tmp_path.iterdir()) == [path]  # written to a temporary name, then put in place


def test_export_xlsx_as_at_a_date(world, tmp_path):
    path = tmp_path / "then.xlsx"
    run("export_plan", "jar", "--format", "xlsx", "-o", str(path), "--as-at", "2006-05-19")
    about = {r[0]: r[1] for r in load_workbook(path)["About"].iter_rows(values_only=True) if r[0]}
    assert about["As at"].date().isoformat() == "2006-05-19"


def test_export_xlsx_needs_a_file_and_explains_bad_arguments_in_one_line(world, tmp_path):
    with pytest.raises(CommandError, match="--format xlsx needs -o FILE.xlsx"):
        run("export_plan", "jar", "--format", "xlsx")
    with pytest.raises(CommandError, match="folder .* does not exist"):
        run("export_plan", "jar", "--format", "xlsx", "-o", str(tmp_path / "missing" / "p.xlsx"))
    with pytest.raises(CommandError, match="no plan 'nope'"):
        run("export_plan", "nope", "--format", "xlsx", "-o", str(tmp_path / "p.xlsx"))
    too_early = "--as-at: The as-at date must be on or after 1 December 2005, when the plan began"
    with pytest.raises(CommandError, match=too_early):
        run("export_plan", "jar", "--format", "xlsx", "-o", str(tmp_path / "p.xlsx"), "--as-at", "1999-01-01")
    assert list(tmp_path.iterdir()) == []


def test_export_json_still_works(world, tmp_path):
    assert '"slug": "jar"' in run("export_plan", "jar")


def _exported_and_changed(tmp_path, status="Completed"):
    path = tmp_path / "plan.xlsx"
    run("export_plan", "jar", "--format", "xlsx", "-o", str(path))
    wb = load_workbook(path)
    wb["Action plan"][f"{COL['status']}{ROW_1_2}"] = status  # action 1.2
    wb.save(path)
    return path


def test_import_dry_run_prints_the_changes_and_writes_nothing(world, tmp_path):
    path = _exported_and_changed(tmp_path)
    out = run("import_plan", str(path), "--dry-run")
    assert "Workbook plan.xlsx into plan jar (JAR plan)" in out
    assert "Dry run: nothing has been written." in out
    assert "  Action 1.2 (row 4): Status: Not started → Completed" in out
    world.theirs.refresh_from_db()
    assert world.theirs.status == Status.NOT_STARTED


def test_import_applies_with_the_user_named_in_the_history(world, tmp_path):
    path = _exported_and_changed(tmp_path)
    out = run("import_plan", str(path), "--user", "manager")
    assert "Applied: the changes below are saved" in out
    world.theirs.refresh_from_db()
    assert world.theirs.status == Status.COMPLETED
    row = world.theirs.history.latest("history_id")
    assert (row.history_user.username, row.history_change_reason) == ("manager", "Imported from plan.xlsx")


def test_import_with_problems_fails_with_the_report_and_writes_nothing(world, tmp_path):
    path = _exported_and_changed(tmp_path, status="Finished")
    out = StringIO()
    with pytest.raises(CommandError, match="plan.xlsx: 1 problem\\(s\\) to fix; nothing was written"):
        call_command("import_plan", str(path), stdout=out)
    assert "sheet 'Action plan', row 4, column 'Status': 'Finished' is not a status" in out.getvalue()
    world.theirs.refresh_from_db()
    assert world.theirs.status == Status.NOT_STARTED


def test_import_of_a_file_that_is_not_a_workbook(world, tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("just some notes")
    with pytest.raises(CommandError):
        run("import_plan", str(path))
    with pytest.raises(CommandError, match="no such file"):
        run("import_plan", str(tmp_path / "missing.xlsx"))
    with pytest.raises(CommandError, match="--user: no user 'ghost'"):
        run("import_plan", str(path), "--user", "ghost")


def test_import_into_a_new_plan_with_create_people(world, tmp_path):
    path = _exported_and_changed(tmp_path)
    wb = load_workbook(path)
    # Initials nobody has listed (and with no People sheet, SF is unknown too).
    wb["Action plan"][f"{COL['lead']}{ROW_1_1}"] = "JD"
    del wb["People"]
    wb.save(path)
    with pytest.raises(CommandError):
        run("import_plan", str(path), "--plan", "jar-copy")
    assert not Plan.objects.filter(slug="jar-copy").exists()
    out = run("import_plan", str(path), "--plan", "jar-copy", "--create-people")
    assert "a new plan jar-copy" in out
    copy = Plan.objects.get(slug="jar-copy")
    assert sorted(Person.objects.filter(plan=copy).values_list("initials", flat=True)) == ["JD", "SF"]
    assert Action.objects.filter(recommendation__plan=copy).count() == 2
    assert not ProgressNote.objects.filter(action__recommendation__plan=copy).exists()
