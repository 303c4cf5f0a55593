"""When each action's newest progress note was recorded, kept on the action (`Action.last_note_at`) so the
action list sorts by its last update on one indexed column rather than reading every action's notes.

The one writer of that column: everything that writes progress notes calls `notes_recorded` with the actions
it wrote notes for, in the same transaction (the progress service, the plan loader, later facts, the workbook
import, the benchmark's builder; the migration that added the column filled it the same way)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import OuterRef, QuerySet, Subquery

from actionplan.models import Action, ProgressNote


def newest_note_time() -> Subquery:
    """The newest `recorded_at` of the outer action's notes (one seek on the note index), or NULL."""
    notes = ProgressNote.objects.filter(action=OuterRef("pk")).order_by("-recorded_at")
    return Subquery(notes.values("recorded_at")[:1])


def notes_recorded(actions: Iterable[int] | QuerySet) -> None:
    """Set these actions' `last_note_at` (ids, or a queryset of actions) from their notes. Worked out from
    the notes rather than from the note just written, so notes written in any order (back-dated ones too)
    cannot leave it wrong. An UPDATE of that column alone: no history row and no new version, as a note
    is not a change to the action's own fields."""
    chosen = actions if isinstance(actions, QuerySet) else Action.objects.filter(pk__in=set(actions))
    chosen.order_by().update(last_note_at=newest_note_time())
