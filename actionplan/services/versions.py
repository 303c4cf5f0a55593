"""Optimistic locking, one rule for every object a form changes: the form carries the version it was opened
at, and a save is refused (StaleEdit, nothing written) unless the object still stands at that version.

An object's version is its `version` column where it has one kept for this (actions, recommendations,
completion claims), else the id of its latest history row: every save writes one, so the id moves on
with every change whoever made it (a paper's `version` counts issued papers, not saves).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction

from actionplan.models import Action, CompletionClaim, Recommendation
from actionplan.services.errors import StaleEdit

VERSION_COLUMN = (Action, CompletionClaim, Recommendation)


def current_version(obj) -> int:
    """The version a form opened on `obj` carries: its `version` column, or its latest history row's id."""
    if isinstance(obj, VERSION_COLUMN):
        return obj.version
    return obj.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0


@contextmanager
def unchanged_since(obj, expected: int | None) -> Iterator:
    """Lock `obj`'s row for the rest of the transaction and yield it as it now stands, or raise StaleEdit
    if someone saved it after the form was opened at `expected`. Every write under it is one transaction.
    An object not saved yet has nothing to overwrite: it is yielded as it is."""
    with transaction.atomic():
        if obj.pk is None:
            yield obj
            return
        current = type(obj).objects.select_for_update().get(pk=obj.pk)
        if current_version(current) != expected:
            raise StaleEdit(current)
        yield current
