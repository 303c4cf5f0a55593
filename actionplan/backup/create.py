"""Making a backup: DIR/jartracker-YYYYMMDDTHHMMSSZ/ holding

    manifest.json          what, when, which version and migrations, a SHA-256 for every file
    database.sqlite3       or database.pgdump (pg_dump's custom format)
    plans/SLUG.json        each plan as `export_plan` prints it, from the same moment as the database copy
    media/evidence/ …      evidence uploads, uploaded appendices, issued and draft PDFs (actionplan.backup.media)

It is written as DIR/.jartracker-….part and renamed when complete, so a folder with the backup's name
is always a whole backup; a failure removes the part-written folder.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.db import DatabaseError

from actionplan.backup import manifest, media, state
from actionplan.backup.engines import configured
from actionplan.backup.errors import BackupError
from actionplan.models import Plan
from actionplan.selectors.plan_export import plan_as_json

PREFIX = "jartracker-"


@dataclass
class Made:
    folder: Path
    manifest: dict


def backup_create(parent: Path, *, keep: int | None = None) -> Made:
    engine_name, engine = configured()
    made_at = datetime.now(UTC)
    part = _start(parent, f"{PREFIX}{made_at:%Y%m%dT%H%M%SZ}")
    try:
        _check_readable()
        with engine.snapshot(part) as database:
            about = {
                "created_at": made_at.isoformat(timespec="seconds"),
                "app": state.app_version(),
                "database": database,
                "migrations": state.applied_migrations(),
                "counts": state.counts(),
                "plans": _write_plans(part / "plans"),
            }
        about["counts"]["media_files"] = media.copy_into(part)
        written = manifest.write(part, about)
        final = _free_name(parent, part.name.removeprefix(".").removesuffix(".part"))
        part.rename(final)
    except OSError as e:
        raise BackupError(f"cannot write the backup in {parent}: {e.strerror or e}") from None
    finally:
        shutil.rmtree(part, ignore_errors=True)
    if keep is not None:
        prune(parent, keep)
    return Made(final, written)


def _check_readable() -> None:
    try:
        migrated = "actionplan.0001_initial" in state.applied_migrations()
    except DatabaseError as e:
        raise BackupError(f"cannot read the database: {str(e).strip().splitlines()[0]}") from None
    if not migrated:
        raise BackupError("the database holds no jartracker tables (it was never migrated): nothing to back up")


def _start(parent: Path, name: str) -> Path:
    """The part-written folder, made now so that a folder that cannot be written is found before any work."""
    if parent.exists() and not parent.is_dir():
        raise BackupError(f"{parent} is a file: give the folder to write backups into")
    if not parent.absolute().parent.is_dir():
        raise BackupError(f"folder {parent.absolute().parent} does not exist")
    try:
        parent.mkdir(exist_ok=True)
        part = parent / f".{name}.part"
        part.mkdir(mode=0o700)  # password hashes and personal data: readable by the service's account only
    except OSError as e:
        raise BackupError(f"cannot write to {parent}: {e.strerror or e}") from None
    return part


def _free_name(parent: Path, name: str) -> Path:
    """The backup's folder name, with -2, -3 … if a backup was made in the same second."""
    candidate, n = parent / name, 1
    while candidate.exists():
        n += 1
        candidate = parent / f"{name}-{n}"
    return candidate


def _write_plans(folder: Path) -> list[str]:
    folder.mkdir()
    slugs = []
    for plan in Plan.objects.order_by("slug"):
        text = json.dumps(plan_as_json(plan), indent=2, ensure_ascii=False)
        (folder / f"{plan.slug}.json").write_text(text + "\n", encoding="utf-8")
        slugs.append(plan.slug)
    return slugs


def backups_in(parent: Path) -> list[Path]:
    """The complete backups in `parent`, oldest first (their names sort by time)."""
    return sorted(p for p in parent.glob(f"{PREFIX}*") if p.is_dir() and (p / manifest.NAME).is_file())


def prune(parent: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` backups in `parent`; the folders removed."""
    old = backups_in(parent)[:-keep] if keep > 0 else []
    for folder in old:
        shutil.rmtree(folder)
    return old
