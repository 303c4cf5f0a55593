"""`backup` and `restore` given something they cannot use answer in one line, exit 1, and change nothing:
a folder that cannot be written, a folder that is not a backup, a backup damaged or changed since it was
made, one from another database engine or a newer version, and a database or media folder that already
holds data (without --replace)."""

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from actionplan.backup import manifest, media, state
from actionplan.models import Plan
from tests.factories import PlanFactory

ROOT = Path(settings.BASE_DIR)
pytestmark = pytest.mark.django_db


def restore(folder: Path, *args: str) -> None:
    call_command("restore", str(folder), *args)


def made_backup(folder: Path, *, engine: str | None = None, migrations: list[str] | None = None) -> Path:
    """A backup folder as `backup` writes one (a database file, a plan's JSON, an evidence file, the manifest),
    for the checks that come before any database work."""
    (folder / "plans").mkdir(parents=True)
    (folder / "media" / "evidence").mkdir(parents=True)
    (folder / "database.sqlite3").write_bytes(b"SQLite format 3\x00 and the rest")
    (folder / "plans" / "jar.json").write_text('{"slug": "jar"}\n')
    (folder / "media" / "evidence" / "0123abcd").write_bytes(b"%PDF-1.4 minutes")
    manifest.write(folder, {
        "created_at": "2026-11-27T02:00:00+00:00",
        "database": {"engine": engine or connection.vendor, "file": "database.sqlite3"},
        "migrations": state.applied_migrations() if migrations is None else migrations,
        "counts": {"plans": 1, "users": 0, "history_rows": 1, "media_files": 1},
        "plans": ["jar"],
    })
    return folder


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_backup_into_a_folder_that_cannot_be_written_is_one_line_and_exit_1():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jartracker.settings_test"}
    result = subprocess.run([sys.executable, "manage.py", "backup", "/sys"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["CommandError: cannot write to /sys: Operation not permitted"]


@pytest.mark.parametrize(("name", "message"), [
    ("a-file", "{dir} is a file: give the folder to write backups into"),
    ("no/such/backups", "folder {tmp}/no/such does not exist"),
])
def test_backup_names_a_file_or_a_missing_parent_folder(tmp_path, name, message):
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(CommandError, match=f"^{message.format(dir=tmp_path / name, tmp=tmp_path)}$"):
        call_command("backup", str(tmp_path / name))


def test_keep_must_be_at_least_one(tmp_path):
    with pytest.raises(CommandError, match="^--keep must be at least 1, not 0$"):
        call_command("backup", str(tmp_path), "--keep", "0")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db(transaction=True)
def test_a_backup_that_fails_half_way_leaves_no_folder_behind(tmp_path, media_root, monkeypatch):
    PlanFactory()

    def disk_full(folder):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(media, "copy_into", disk_full)
    with pytest.raises(CommandError, match=f"^cannot write the backup in {tmp_path}: No space left on device$"):
        call_command("backup", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_a_folder_without_a_manifest_is_not_a_backup(tmp_path, media_root):
    with pytest.raises(CommandError, match=f"^{tmp_path} is not a jartracker backup: it has no manifest.json$"):
        restore(tmp_path)


def test_naming_the_folder_that_holds_the_backups_points_at_the_newest(tmp_path, media_root):
    made_backup(tmp_path / "jartracker-20261126T020000Z")
    made_backup(tmp_path / "jartracker-20261127T020000Z")
    with pytest.raises(CommandError, match=r"\(it holds backups: name one, e.g. .*/jartracker-20261127T020000Z\)$"):
        restore(tmp_path)


def test_a_manifest_that_is_not_json_is_named_damaged(tmp_path, media_root):
    folder = made_backup(tmp_path / "b")
    (folder / "manifest.json").write_text('{"format": "jartracker-backup", "fil')
    with pytest.raises(CommandError, match=f"^{folder}/manifest.json is damaged: it is not valid JSON"):
        restore(folder)


@pytest.mark.parametrize(("damage", "message"), [
    (lambda f: (f / "plans" / "jar.json").write_text('{"slug": "jaR"}\n'),
     "{f} is damaged: plans/jar.json does not match its checksum in manifest.json"),
    (lambda f: (f / "media" / "evidence" / "0123abcd").unlink(),
     "{f} is incomplete: media/evidence/0123abcd is missing"),
    (lambda f: (f / "media" / "evidence" / "ffff").write_bytes(b"?"),
     "{f} holds media/evidence/ffff, which its manifest.json does not list"),
])
def test_a_backup_changed_since_it_was_made_is_refused_naming_the_file(tmp_path, media_root, damage, message):
    folder = made_backup(tmp_path / "b")
    damage(folder)
    with pytest.raises(CommandError, match=f"^{message.format(f=folder)}$"):
        restore(folder)
    assert not media_root.exists()


def test_a_backup_from_the_other_database_engine_is_refused(tmp_path, media_root):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    folder = made_backup(tmp_path / "b", engine=other)
    with pytest.raises(CommandError, match=f"^{folder} holds a {other} database but the configured database is "):
        restore(folder)


def test_a_backup_from_a_newer_version_is_refused_naming_the_migration(tmp_path, media_root):
    folder = made_backup(tmp_path / "b", migrations=[*state.known_migrations(), "actionplan.9999_from_the_future"])
    with pytest.raises(CommandError, match=r"made by a newer version of jartracker \(its database has migration "
                                           r"actionplan.9999_from_the_future, which this version lacks\)"):
        restore(folder)


def test_a_database_holding_plans_is_not_overwritten_without_replace(tmp_path, media_root):
    PlanFactory(slug="live")
    folder = made_backup(tmp_path / "b")
    with pytest.raises(CommandError, match=r"^the database already holds data \(1 plan, 0 user accounts, 1 history "
                                           r"row; table actionplan_plan\): restore into an empty database, "
                                           "or give --replace to overwrite everything in it$"):
        restore(folder)
    assert list(Plan.objects.values_list("slug", flat=True)) == ["live"]
    assert not media_root.exists()


def test_media_files_already_there_are_not_overwritten_without_replace(tmp_path, media_root):
    (media_root / "papers").mkdir(parents=True)
    (media_root / "papers" / "issued.pdf").write_bytes(b"%PDF-1.4 an earlier installation's paper")
    folder = made_backup(tmp_path / "b")
    with pytest.raises(CommandError, match=f"^{media_root} already holds media files \\(papers/issued.pdf\\): "
                                           "restore into an empty one, or give --replace to overwrite them$"):
        restore(folder)
    assert media.files_present() == ["papers/issued.pdf"]
    assert sorted(p.name for p in media_root.iterdir()) == ["papers"]


def test_a_database_never_migrated_is_named_and_no_backup_is_written(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jartracker.settings_test",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}"}
    result = subprocess.run([sys.executable, "manage.py", "backup", str(tmp_path / "backups")], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "CommandError: the database holds no jartracker tables (it was never migrated): nothing to back up"
    ]
    assert list((tmp_path / "backups").iterdir()) == []
