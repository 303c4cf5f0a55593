"""SQLite: copied and brought back with SQLite's online backup API (Python's `Connection.backup`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection, transaction

from actionplan.backup.errors import BackupError
from jartracker.db.reads import reads_only, refuse_writes

FILE = "database.sqlite3"


@contextmanager
def snapshot(folder: Path) -> Iterator[dict]:
    """Copy the database into `folder`; for the block, this connection reads the state that was copied.

    One deferred (read) transaction holds one snapshot for the copy and for what the block reads (the
    plans' JSON) while the service goes on writing beside it in WAL mode; a command's usual IMMEDIATE
    transaction would take the write lock and make every officer's save wait for the backup.
    """
    with reads_only(), connection.execute_wrapper(refuse_writes), transaction.atomic():
        connection.cursor().execute("SELECT count(*) FROM sqlite_master")  # starts the read snapshot
        target = sqlite3.connect(folder / FILE)
        try:
            connection.connection.backup(target)
            # The copy is one self-contained file: out of WAL mode, reading it later makes no -wal/-shm files.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
        yield {"engine": "sqlite", "file": FILE, "sqlite_version": sqlite3.sqlite_version}


def restore(folder: Path, manifest: dict) -> None:
    """Replace the configured database's whole content with the backup's, in one write transaction:
    the backup API copies every page or, failing, leaves the database as it was."""
    name = connection.settings_dict["NAME"]
    connection.close()
    copy = folder / manifest["database"]["file"]
    source = sqlite3.connect(f"file:{copy}?mode=ro&immutable=1", uri=True)
    try:
        try:
            problem = source.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as e:
            problem = str(e)
        if problem != "ok":
            raise BackupError(f"the database {name} was not changed: the copy {copy} is damaged ({problem})")
        try:
            target = sqlite3.connect(name, timeout=20)
        except sqlite3.Error as e:
            raise BackupError(f"cannot open the database {name}: {e}") from None
        try:
            source.backup(target)
        except sqlite3.Error as e:
            raise BackupError(f"the database {name} was not changed: {e}") from None
        finally:
            target.close()
    finally:
        source.close()
