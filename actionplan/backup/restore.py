"""Bringing a backup back into the configured database and MEDIA_ROOT.

Everything is checked before anything is written: the manifest and every file's SHA-256, that the
backup is from this database engine and from this version of the code or an older one, and (unless
`replace`) that the database holds no plans, history or accounts and MEDIA_ROOT no evidence or papers.
The database is then replaced in one transaction and the media folders renamed into place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import DatabaseError

from actionplan.backup import manifest, media, state
from actionplan.backup.engines import configured
from actionplan.backup.errors import BackupError


@dataclass
class Restored:
    manifest: dict
    counts: dict[str, int]
    # Migrations this code has that the backup's database had not applied: `migrate` brings it up to date.
    pending: list[str]


def backup_restore(folder: Path, *, replace: bool = False) -> Restored:
    about = manifest.read(folder)
    engine_name, engine = configured()
    _check_compatible(folder, about, engine_name)
    try:
        if not replace:
            _check_empty()
        staging = media.stage(folder, about)
        try:
            engine.restore(folder, about)
        except BaseException:
            media.discard(staging)
            raise
    except DatabaseError as e:
        raise BackupError(f"cannot use the database: {str(e).strip().splitlines()[0]}") from None
    media.swap_in(staging)
    counts = state.counts()
    counts["media_files"] = len(media.files_present())
    return Restored(about, counts, sorted(state.known_migrations() - set(about["migrations"])))


def _check_compatible(folder: Path, about: dict, engine_name: str) -> None:
    made_on = about["database"]["engine"]
    if made_on != engine_name:
        raise BackupError(
            f"{folder} holds a {made_on} database but the configured database is {engine_name}: restore it into "
            f"a {made_on} database (see DATABASE_URL)"
        )
    newer = sorted(set(about["migrations"]) - state.known_migrations())
    if newer:
        raise BackupError(
            f"{folder} was made by a newer version of jartracker (its database has migration {newer[0]}, which "
            "this version lacks): install that version to restore it"
        )


def _check_empty() -> None:
    tables = state.tables_with_data()
    if tables:
        raise BackupError(
            f"the database already holds data ({state.describe(state.counts())}; table {tables[0]}): restore into "
            "an empty database, or give --replace to overwrite everything in it"
        )
    files = media.files_present()
    if files:
        raise BackupError(
            f"{media.media_root()} already holds media files ({files[0]}): restore into an empty one, or give "
            "--replace to overwrite them"
        )
