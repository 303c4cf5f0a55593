"""SQLite connections gather the planner's statistics as they close (jartracker/db/sqlite3/base.py), so a
long-running SQLite installation reads its lists by index, as PostgreSQL does with autovacuum's statistics."""

import sqlite3

import pytest
from django.db import connection

from jartracker.db.sqlite3.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner statistics")


def _wrapper(name, **options) -> DatabaseWrapper:
    settings = {**connection.settings_dict, "NAME": str(name), "OPTIONS": options, "TEST": {}}
    return DatabaseWrapper(settings, alias="statistics")


@pytest.fixture(autouse=True)
def _connections_allowed(django_db_blocker):
    with django_db_blocker.unblock():  # a database file of the test's own, not the test database
        yield


def _statistics(path) -> set[str]:
    with sqlite3.connect(path) as raw:
        if not raw.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            return set()
        return {table for (table,) in raw.execute("SELECT tbl FROM sqlite_stat1")}


def test_closing_a_connection_gathers_statistics_for_the_tables_it_read(tmp_path):
    path = tmp_path / "plan.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE action (id INTEGER PRIMARY KEY, status TEXT, number INTEGER)")
        raw.execute("CREATE INDEX action_number ON action (number)")
        raw.execute("CREATE TABLE untouched (id INTEGER PRIMARY KEY, number INTEGER)")
        raw.execute("CREATE INDEX untouched_number ON untouched (number)")
        raw.executemany("INSERT INTO action (status, number) VALUES (?, ?)", [("open", n % 17) for n in range(500)])
    assert _statistics(path) == set()

    db = _wrapper(path)
    with db.cursor() as cursor:
        cursor.execute("SELECT id FROM action WHERE number = %s", [3])  # found by its index
        assert len(cursor.fetchall()) == 30
    db.close()

    assert _statistics(path) == {"action"}  # the table the page read, not the one nobody asked for


def test_a_connection_that_cannot_gather_statistics_still_closes(tmp_path):
    path = tmp_path / "plan.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE action (id INTEGER PRIMARY KEY, number INTEGER)")
        raw.execute("CREATE INDEX action_number ON action (number)")
        raw.executemany("INSERT INTO action (number) VALUES (?)", [(n % 17,) for n in range(500)])
    db = _wrapper(f"file:{path}?mode=ro", uri=True)  # opened read-only: ANALYZE cannot write its statistics
    with db.cursor() as cursor:
        cursor.execute("SELECT id FROM action WHERE number = %s", [3])
    db.close()  # no error
    assert db.connection is None
    assert _statistics(path) == set()
