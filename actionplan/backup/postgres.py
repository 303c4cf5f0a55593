"""PostgreSQL: copied with `pg_dump` (custom format) and brought back with `pg_restore` and `psql`.

The client programs must be at least the server's major version (pg_dump refuses an older client's
dump of a newer server); Debian's postgresql-client-NN package has all three.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection, transaction

from actionplan.backup.errors import BackupError

FILE = "database.pgdump"


def _client_env() -> dict[str, str]:
    """The configured connection as libpq's environment variables: the password never on a command line."""
    s = connection.settings_dict
    values = {
        "PGHOST": s.get("HOST"),
        "PGPORT": s.get("PORT"),
        "PGUSER": s.get("USER"),
        "PGPASSWORD": s.get("PASSWORD"),
        "PGDATABASE": s.get("NAME"),
        "PGSSLMODE": s.get("OPTIONS", {}).get("sslmode"),
    }
    return {**os.environ, **{k: str(v) for k, v in values.items() if v}}


def _program(name: str) -> str:
    """The client program's path once its major version is at least the server's."""
    path = shutil.which(name)
    server = connection.pg_version // 10000  # type: ignore[attr-defined]
    if path is None:
        raise BackupError(
            f"{name} is not installed: install the PostgreSQL {server} client (Debian: postgresql-client-{server})"
        )
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout
    found = re.search(r"(\d+)(?:\.\d+)?", out)
    client = int(found.group(1)) if found else 0
    if client < server:
        raise BackupError(
            f"{name} is version {client} but the server is PostgreSQL {server}: install postgresql-client-{server}"
        )
    return path


def _run(args: list[str], what: str, stdin: bytes | None = None) -> bytes:
    """The program's output; if it fails, a BackupError with its first line of complaint."""
    result = subprocess.run(args, env=_client_env(), input=stdin, capture_output=True, check=False)
    if result.returncode != 0:
        lines = [line for line in result.stderr.decode(errors="replace").splitlines() if line.strip()]
        raise BackupError(f"{what}: {lines[0].strip() if lines else f'exit status {result.returncode}'}")
    return result.stdout


@contextmanager
def snapshot(folder: Path) -> Iterator[dict]:
    """Dump the database into `folder`; for the block, this connection reads the state that was dumped.

    A repeatable-read transaction exports its snapshot and pg_dump runs in it (--snapshot), so the dump
    and what the block reads (the plans' JSON) are the same moment, while the service keeps writing.
    """
    pg_dump = _program("pg_dump")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot_id, server_version = cursor.fetchone()
        _run([pg_dump, "--format=custom", f"--snapshot={snapshot_id}", f"--file={folder / FILE}"], "pg_dump failed")
        yield {"engine": "postgresql", "file": FILE, "server_version": server_version}


def restore(folder: Path, manifest: dict) -> None:
    """Replace the configured database's tables with the backup's in one transaction: `psql
    --single-transaction` drops what is there and runs the dump's SQL (from pg_restore), so any error
    leaves the database as it was. Owners and grants are left out: the configured user owns the result."""
    pg_restore, psql = _program("pg_restore"), _program("psql")
    drops = _drop_statements()
    connection.close()
    script = _run(
        [pg_restore, "--no-owner", "--no-privileges", "--file=-", str(folder / manifest["database"]["file"])],
        "pg_restore cannot read the backup's dump",
    )
    _run(
        [psql, "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1",
         f"--command={drops}", "--file=-"],
        f"the database {connection.settings_dict['NAME']} was not changed",
        stdin=script,
    )


def _drop_statements() -> str:
    """SQL dropping every table, view and sequence in the connection's schema (an empty migrated
    database has empty tables; --replace has full ones), run in the restore's own transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relkind, quote_ident(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S')"
        )
        rows = cursor.fetchall()
    # Tables first: their identity sequences go with them and cannot be dropped on their own.
    kinds = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "S": "SEQUENCE"}
    order = list(kinds)
    rows.sort(key=lambda row: order.index(row[0]))
    statements = [f"DROP {kinds[kind]} IF EXISTS {name} CASCADE;" for kind, name in rows]
    return "\n".join(statements) or "SELECT 1;"
