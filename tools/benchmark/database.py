"""A database of the benchmark's own, created and dropped with Django's test-database machinery.

SQLite: a file in a new temporary folder. PostgreSQL and others: a separate database on
the same server (default name jartracker_bench). The configured database is never
written to; the benchmark refuses to run if the two names would be the same.
"""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.db import connections

DEFAULT_NAME = "jartracker_bench"


@contextmanager
def own_database(name: str = DEFAULT_NAME, *, alias: str = "default", keep: bool = False):
    """Point `alias` at a fresh, migrated database for the duration; drop it afterwards.

    Yields a description such as "sqlite file /tmp/…/bench.sqlite3" or "postgresql database jartracker_bench".
    """
    connection = connections[alias]
    settings_dict = connection.settings_dict
    original_name = settings_dict["NAME"]
    test_settings = settings_dict.setdefault("TEST", {})
    saved_test_name = test_settings.get("NAME")
    folder = None
    if connection.vendor == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="jartracker-bench-"))
        bench_name = str(folder / "bench.sqlite3")
        where = f"sqlite file {bench_name}"
    else:
        bench_name = name
        where = f"{connection.vendor} database {bench_name}"
    if str(bench_name) == str(original_name):
        raise RuntimeError(f"the benchmark database {bench_name!r} is the configured database; choose another name")
    test_settings["NAME"] = bench_name
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            yield where
        finally:
            if not keep:
                connection.creation.destroy_test_db(original_name, verbosity=0)
            else:
                connection.close()
                settings_dict["NAME"] = original_name
    finally:
        if saved_test_name is None:
            test_settings.pop("NAME", None)
        else:
            test_settings["NAME"] = saved_test_name
        if folder is not None and not keep:
            shutil.rmtree(folder, ignore_errors=True)
