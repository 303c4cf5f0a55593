"""Django's SQLite backend, with two differences.

- A read request's transaction starts `BEGIN DEFERRED` (no write lock) while every other transaction
  starts with the settings' `transaction_mode` (IMMEDIATE). Why: jartracker.db.reads.
- Each connection runs `PRAGMA optimize` as it closes, as SQLite advises (ours close at the end of the
  first request after CONN_MAX_AGE seconds, so about once a minute a thread). It gathers the planner's
  statistics (ANALYZE) for the tables this connection's queries used that have none, or that have grown
  25-fold since they were gathered, and otherwise does nothing (about 0.04 ms). Without statistics
  SQLite cannot tell that an index in the list's order beats sorting every open action: the all-plans
  action list's page query took 6.8 ms without them and 0.9 ms with them on the benchmark's 6,800
  actions (28 Nov 2026). PostgreSQL's autovacuum does the same there.
"""

import contextlib
import sqlite3

from django.db.backends.sqlite3 import base

from jartracker.db.reads import reading_only


class DatabaseWrapper(base.DatabaseWrapper):
    def _start_transaction_under_autocommit(self):
        if reading_only():
            self.cursor().execute("BEGIN DEFERRED")
        else:
            super()._start_transaction_under_autocommit()

    def _close(self):
        if self.connection is not None and not self.in_atomic_block and not self.is_in_memory_db():
            # Statistics only speed queries up: never fail a request, or lose its answer, for them.
            with contextlib.suppress(sqlite3.Error):
                self.connection.execute("PRAGMA optimize")
        super()._close()
