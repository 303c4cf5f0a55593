"""Which transactions only read.

On SQLite one connection at a time holds the write lock. Transactions that write start with
`BEGIN IMMEDIATE` (the settings' `transaction_mode`), taking the lock up front so that two
read-then-write transactions queue rather than one failing at its first write with "database is
locked". A transaction that only reads needs no lock at all (WAL lets it read beside a writer), so
a page read starts `BEGIN DEFERRED` instead and never waits for a writer or for another reader.

Requests whose method is safe (GET, HEAD, OPTIONS) are reads (`ReadRequestMiddleware`). Everything else
(forms sent, background tasks, management commands) keeps the lock up front, as before. A deferred
transaction that tried to write would lose that guarantee, so a read request may not write inside its
view: the attempt fails at once with `ReadRequestWrote` naming the statement, in tests rather than as
a rare lock error in production. A page that must write when read (a render found abandoned is
recorded as failed) says so with `@writes_on_read`, and its transaction takes the lock up front like a
form's. (The session renewal a read can make is saved by SessionMiddleware
outside the view, in a transaction of its own that starts with the write.)

Bookkeeping that every worker must share even for reads (the API's per-token call counts, a token's
"last used") is written inside `writes_allowed()`, before the view's own transaction begins: each such
write is then a short transaction of its own that takes the lock up front (actionplan/api/base.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")

_reading: ContextVar[bool] = ContextVar("jartracker_reading", default=False)


class ReadRequestWrote(RuntimeError):
    """A GET/HEAD view tried to write: it would do so in a transaction that does not hold the write lock."""


def reading_only() -> bool:
    """True while a read request's view runs (its transaction starts deferred)."""
    return _reading.get()


@contextmanager
def reads_only() -> Iterator[None]:
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def writes_on_read(view):
    """Mark a view that writes even when read (GET): its transaction starts IMMEDIATE, like a form's."""
    view.writes_on_read = True
    return view


def stop_reading() -> None:
    """Inside `reads_only()`: this request writes after all (until the block ends)."""
    _reading.set(False)


@contextmanager
def writes_allowed() -> Iterator[None]:
    """A write a read request makes on purpose, outside its view's transaction: within the block a new
    transaction takes the write lock up front and writes are not refused."""
    token = _reading.set(False)
    try:
        yield
    finally:
        _reading.reset(token)


def refuse_writes(execute, sql, params, many, context):
    """A `connection.execute_wrapper` for read requests."""
    if reading_only() and sql.lstrip().upper().startswith(WRITES):
        raise ReadRequestWrote(f"a read request (GET/HEAD) may not write; it tried: {sql[:80]}")
    return execute(sql, params, many, context)
