"""Helpers that make every write carry who, when and why into simple-history."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from functools import cache
from typing import Any

from django.db import models
from django.db.models import F, Window
from django.db.models.functions import RowNumber

# How the change came, when not through a page: "via API (token Power BI)". Set around a whole
# request by the API (actionplan/api/writes.py), so every row a service writes says so.
_VIA: ContextVar[str] = ContextVar("history_via", default="")


@contextmanager
def recorded_via(how: str) -> Iterator[None]:
    """Within the block, every history reason ends with `how`: "Progress note added; via API (token X)"."""
    reset = _VIA.set(how)
    try:
        yield
    finally:
        _VIA.reset(reset)


def _with_via(reason: str) -> str:
    via = _VIA.get()
    return f"{reason}; {via}" if via else reason


def save_recorded(obj: models.Model, *, reason: str, user=None, when: datetime | None = None) -> None:
    """Save obj so that its history row names the user, the reason and (when back-dating) the date."""
    if user is not None:
        obj._history_user = user
    obj._change_reason = _with_via(reason)
    if when is not None:
        obj._history_date = when
    try:
        obj.save()
    finally:
        # These are per-save facts; leaving them on the instance would stamp later saves too.
        for attr in ("_history_user", "_change_reason", "_history_date"):
            if hasattr(obj, attr):
                delattr(obj, attr)


def delete_recorded(obj: models.Model, *, reason: str, user=None) -> None:
    """Delete obj so that its history's deletion row names the user and the reason."""
    if user is not None:
        obj._history_user = user
    obj._change_reason = _with_via(reason)
    obj.delete()


@cache
def historical(model: type[models.Model]) -> Any:
    """The model of `model`'s history rows (made by simple-history at run time, so typed Any). Each read of
    `Model.history` (or `obj.history`) builds a new manager class (simple-history's descriptor, half a
    millisecond): pages that read several histories query `historical(Model).objects` instead."""
    return model.history.model


def versions_as_at(model: type[models.Model], moment: datetime, **filters) -> models.QuerySet:
    """The historical row of each object as it stood at `moment`: one query, no per-row work.

    Ranks each object's history rows newest first (by date, then history id) and keeps
    rank 1; deletions are dropped in the outer query, since dropping them inside would
    let an older row win the ranking.
    """
    rows = historical(model)
    ranked = (
        rows.objects.filter(history_date__lte=moment, **filters)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("id")],
                order_by=[F("history_date").desc(), F("history_id").desc()],
            )
        )
        .filter(rank=1)
        .values("history_id")
    )
    return rows.objects.filter(history_id__in=ranked).exclude(history_type="-")
