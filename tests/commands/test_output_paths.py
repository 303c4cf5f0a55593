"""Every command that writes a file answers a path it cannot write in one line, with a non-zero exit, before
doing any work, and never leaves half a file (or its temporary file) behind."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError

from actionplan.management.commands._output import output_path, writing

ROOT = Path(settings.BASE_DIR)

COMMANDS = {
    "export_plan json": ["export_plan", "herefordshire-jar-2006", "-o"],
    "export_plan xlsx": ["export_plan", "herefordshire-jar-2006", "--format", "xlsx", "-o"],
    "render_paper": ["render_paper", "--type", "action-plan", "--plan", "herefordshire-jar-2006",
                     "--as-at", "2006-05-19", "-o"],
    "benchmark --json": ["benchmark", "--plans", "1", "--json"],
    "build_fixture": ["build_fixture", "-o"],
}


def manage(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jartracker.settings_test"}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_path_that_cannot_be_written_is_one_line_and_a_failure(command):
    result = manage(*COMMANDS[command], "/proc/version")
    option = COMMANDS[command][-1]
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"CommandError: {option}: cannot write /proc/version: "
                                                  "No such file or directory"]


@pytest.mark.parametrize(("value", "message"), [
    ("/no/such/folder/plan.json", "-o: folder /no/such/folder does not exist"),
    ("/tmp", "-o: /tmp is a folder: give the name of a file to write"),
])
def test_a_missing_folder_or_a_folder_is_named(value, message):
    with pytest.raises(CommandError, match=f"^{message}$"):
        output_path("-o", value)


def _export_failing_half_way(target: Path) -> None:
    with writing("-o", target) as tmp:
        tmp.write_text("half a fi")
        raise RuntimeError("the export failed half way")


def test_a_write_that_fails_leaves_neither_the_file_nor_its_temporary(tmp_path):
    with pytest.raises(RuntimeError):
        _export_failing_half_way(tmp_path / "plan.json")
    assert list(tmp_path.iterdir()) == []


def test_a_write_that_succeeds_replaces_the_file_whole(tmp_path):
    target = tmp_path / "plan.json"
    target.write_text("old")
    with writing("-o", target) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new"
    assert list(tmp_path.iterdir()) == [target]
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
