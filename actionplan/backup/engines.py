"""The configured database's backup module: SQLite or PostgreSQL, chosen by DATABASE_URL."""

from __future__ import annotations

from types import ModuleType

from django.db import connection

from actionplan.backup import postgres, sqlite
from actionplan.backup.errors import BackupError

ENGINES: dict[str, ModuleType] = {"sqlite": sqlite, "postgresql": postgres}


def configured() -> tuple[str, ModuleType]:
    if connection.vendor not in ENGINES:
        raise BackupError(f"backups support SQLite and PostgreSQL; the configured database is {connection.vendor}")
    return connection.vendor, ENGINES[connection.vendor]
