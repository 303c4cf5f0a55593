"""Django's SQLite backend, but a read request's transaction starts `BEGIN DEFERRED` (no write lock) while
every other transaction starts with the settings' `transaction_mode` (IMMEDIATE). Why: jartracker.db.reads."""

from django.db.backends.sqlite3 import base

from jartracker.db.reads import reading_only


class DatabaseWrapper(base.DatabaseWrapper):
    def _start_transaction_under_autocommit(self):
        if reading_only():
            self.cursor().execute("BEGIN DEFERRED")
        else:
            super()._start_transaction_under_autocommit()
