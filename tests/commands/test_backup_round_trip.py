"""A backup brought back into a fresh, empty database gives the same plans as at every date, the same
rows in every table (history included), the same accounts and papers, and the same media files, byte for
byte; on SQLite always, and on PostgreSQL when the suite runs on it. The restore runs as an administrator
runs it: `manage.py restore` in its own process, with DATABASE_URL and JARTRACKER_MEDIA_ROOT naming the
new database and media folder, so the test database is never written to."""

import io
import json
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actionplan.backup import manifest
from actionplan.models import Paper, Plan
from actionplan.services.papers import paper_create_from_type, paper_issue
from tests.commands.backup_probe import state
from tests.commands.test_load_plan import FIXTURE, SLUG
from tests.conftest import make_user
from tests.factories import EvidenceFactory, NoteFactory
from tests.services.test_papers import COMPLETE

ROOT = Path(settings.BASE_DIR)
pytestmark = pytest.mark.django_db(transaction=True)


def manage(*args: str, database_url: str, media: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "jartracker.settings", "DJANGO_SECRET_KEY": "restore-test",
        "DATABASE_URL": database_url, "JARTRACKER_MEDIA_ROOT": str(media),
    }
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300, check=False)


def restored_state(database_url: str, media: Path) -> dict:
    probe = "from tests.commands.backup_probe import print_state; print_state()"
    result = manage("shell", "--no-imports", "-c", probe, database_url=database_url, media=media)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def media_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def empty_database(tmp_path) -> Iterator[str]:
    """A new database with nothing in it, on the same engine as the test database; dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    s = connection.settings_dict
    name = f"jartracker_restore_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
        yield f"postgres://{s['USER']}{password}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{name}"
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def plan_with_everything(settings, tmp_path):
    """The Herefordshire plan (dated history, notes, summaries) with an account, evidence files and an
    issued paper."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_plan", str(FIXTURE), stdout=io.StringIO())
    plan = Plan.objects.get(slug=SLUG)
    clerk = make_user("clerk", email="clerk@example.org")
    action = plan.recommendations.get(number=1).actions.get(position=1)
    EvidenceFactory(action=action, uploaded_by=clerk)
    EvidenceFactory(action=action, file__data=b"%PDF-1.4 second file \x00\xff", original_name="second.pdf")
    paper = paper_create_from_type(plan=plan, kind=Paper.Kind.CABINET_REPORT, as_at=date(2006, 5, 19),
                                   user=clerk, fields=COMPLETE)
    paper_issue(paper_id=paper.pk, user=clerk)
    return plan


def backup(target: Path) -> Path:
    call_command("backup", str(target), stdout=io.StringIO())
    return sorted(target.glob("jartracker-*"))[-1]


def test_a_backup_restored_into_an_empty_database_is_the_same_plan_history_accounts_papers_and_files(
    plan_with_everything, empty_database, tmp_path, settings
):
    before = state()
    folder = backup(tmp_path / "backups")
    media = tmp_path / "restored-media"

    result = manage("restore", str(folder), database_url=empty_database, media=media)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Restored {folder} (made ")
    after = restored_state(empty_database, media)
    assert after["exports"] == before["exports"]
    assert after["rows"] == before["rows"]
    assert after["rows"]["actionplan.HistoricalProgressNote"] > 0
    assert after["users"] == before["users"]
    assert after["papers"] == before["papers"]
    assert media_bytes(media) == media_bytes(Path(settings.MEDIA_ROOT))
    assert len(media_bytes(media)) == 4  # two evidence files and the issued paper: its PDF and its web page


def test_the_backup_holds_each_plans_json_as_export_plan_prints_it(plan_with_everything, tmp_path):
    folder = backup(tmp_path / "backups")
    out = io.StringIO()
    call_command("export_plan", SLUG, stdout=out)
    assert json.loads((folder / "plans" / f"{SLUG}.json").read_text()) == json.loads(out.getvalue())
    about = json.loads((folder / manifest.NAME).read_text())
    assert about["plans"] == [SLUG]
    assert "actionplan.0001_initial" in about["migrations"]
    assert about["counts"]["media_files"] == 4  # two evidence files, the issued PDF and its web page
    assert about["created_at"].startswith(timezone.now().strftime("%Y-%m-%d"))
    assert folder.stat().st_mode & 0o777 == 0o700


@pytest.fixture
def small_plan(settings, tmp_path):
    """A plan with one action, a progress note and an evidence file, each with its history row."""
    settings.MEDIA_ROOT = tmp_path / "media"
    note = NoteFactory(action__recommendation__plan__slug="first")
    EvidenceFactory(action=note.action, note=note)
    return note.action.recommendation.plan


def test_restore_refuses_a_database_with_data_and_replace_overwrites_it_all(small_plan, empty_database, tmp_path):
    earlier, earlier_state = backup(tmp_path / "backups"), state()
    earlier_media = media_bytes(Path(settings.MEDIA_ROOT))
    EvidenceFactory(action=NoteFactory(action__recommendation__plan__slug="second").action)
    later, later_state = backup(tmp_path / "backups"), state()
    history = sum(n for label, n in later_state["rows"].items() if label.startswith("actionplan.Historical"))
    media = tmp_path / "restored-media"
    assert manage("restore", str(later), database_url=empty_database, media=media).returncode == 0

    refused = manage("restore", str(earlier), database_url=empty_database, media=media)
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [
        f"CommandError: the database already holds data (2 plans, 0 user accounts, {history} history rows; table "
        "actionplan_plan): restore into an empty database, or give --replace to overwrite everything in it"
    ]
    replaced = manage("restore", str(earlier), "--replace", database_url=empty_database, media=media)

    assert replaced.returncode == 0, replaced.stderr
    assert restored_state(empty_database, media) == earlier_state
    assert media_bytes(media) == earlier_media  # the second plan's evidence file is gone with it


def test_a_damaged_database_copy_leaves_the_target_as_it_was(small_plan, empty_database, tmp_path):
    folder = backup(tmp_path / "backups")
    media = tmp_path / "restored-media"
    assert manage("restore", str(folder), database_url=empty_database, media=media).returncode == 0
    before, before_media = restored_state(empty_database, media), media_bytes(media)
    # Damaged before its manifest was written (so the checksums match): half the database copy.
    about = json.loads((folder / manifest.NAME).read_text())
    database = folder / about["database"]["file"]
    database.write_bytes(database.read_bytes()[: database.stat().st_size // 2])
    del about["files"], about["format"], about["format_version"]
    manifest.write(folder, about)

    result = manage("restore", str(folder), "--replace", database_url=empty_database, media=media)

    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert restored_state(empty_database, media) == before
    assert media_bytes(media) == before_media
    assert sorted(p.name for p in media.iterdir()) == ["appendices", "evidence", "papers", "renders"]  # no staging left


def test_keep_removes_all_but_the_newest_backups(small_plan, tmp_path):
    target, made = tmp_path / "backups", []
    for _ in range(3):
        out = io.StringIO()
        call_command("backup", str(target), "--keep", "2", stdout=out)
        made.append(out.getvalue().removeprefix("Backed up to ").split(":")[0])
    assert sorted(str(p) for p in target.iterdir()) == made[1:]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the write lock is SQLite's")
def test_a_backup_on_sqlite_reads_in_one_transaction_without_the_write_lock(small_plan, tmp_path):
    """Officers' saves do not wait for a backup: its one transaction begins DEFERRED (jartracker/db/reads.py)."""
    with CaptureQueriesContext(connection) as queries:
        call_command("backup", str(tmp_path / "backups"), stdout=io.StringIO())
    assert [q["sql"] for q in queries.captured_queries if q["sql"].startswith("BEGIN")] == ["BEGIN DEFERRED"]
