"""An action's full history, readable: who, when, why, and each field's old and new value."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone

from actionplan.dates import day_or_month, note_date_words, uk_date
from actionplan.models import Action, ActionLead, CompletionClaim, Evidence, Paper, ProgressNote

SKIP = {"id", "version", "history_id", "history_date", "history_change_reason", "history_type", "history_user"}
# A date field and the flag saying its date names only a month (shown as the month, never its last
# day); the flag is shown through its date, not as a field of its own.
MONTH_FLAGS = {"completed_on": "completed_on_is_month", "note_date": "note_date_is_month"}
SKIP |= set(MONTH_FLAGS.values())


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    why: str
    what: str
    changes: list[Change] = field(default_factory=list)


def _display(model, name, value, month: bool = False) -> str:
    if value in (None, ""):
        return "—"
    if month:
        return day_or_month(value, month=True)
    f = model._meta.get_field(name)
    if f.choices:
        return str(dict(f.choices).get(value, value))
    if hasattr(value, "strftime"):
        return uk_date(value)
    return str(value)


def _who(row) -> str:
    user = row.history_user
    if user is None:
        return "System (loaded from the plan)"
    return user.get_full_name() or user.username


def _diffs(rows, model, label_for):
    """Pair each row with the one before it (rows oldest first); no extra queries."""
    fields = [f for f in model._meta.concrete_fields if f.name not in SKIP and f.attname not in SKIP]
    previous: dict[int, Any] = {}  # object id -> its history row before this one
    for row in rows:
        before = previous.get(row.id)
        changes = []
        if before is not None:
            for f in fields:
                flag = MONTH_FLAGS.get(f.name, "")
                old, new = ((getattr(r, f.attname), bool(flag) and getattr(r, flag)) for r in (before, row))
                if old != new:
                    label = str(f.verbose_name).capitalize()
                    changes.append(Change(label, _display(model, f.name, *old), _display(model, f.name, *new)))
        previous[row.id] = row
        yield row, changes, label_for(row, before)


def action_history(action: Action, claim_rows: list | None = None) -> list[HistoryEntry]:
    """Every change to the action, its notes, evidence, leads and completion claims, newest first.
    `claim_rows`: the claims' history rows when the page has read them (selectors.signoff.claim_rows)."""
    entries = []
    action_rows = action.history.select_related("history_user").order_by("history_date", "history_id")
    for row, changes, _ in _diffs(action_rows, Action, lambda r, b: ""):
        what = {"+": "Action created", "~": "Action changed", "-": "Action removed"}[row.history_type]
        if row.history_type == "~" and not changes:
            continue  # a save with nothing changed (e.g. a note added alone) is told by the note's entry
        entries.append(HistoryEntry(row.history_date, _who(row), row.history_change_reason or "", what, changes))
    note_rows = (
        ProgressNote.history.filter(action_id=action.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    for row, changes, _ in _diffs(note_rows, ProgressNote, lambda r, b: ""):
        dated = (f"Progress note dated {note_date_words(row.note_date, None, month=row.note_date_is_month)}"
                 if row.note_date else "Undated progress note")
        what = dated + (" added" if row.history_type == "+" else " changed")
        shown = changes or [Change("Note", "—", row.text)]
        entries.append(HistoryEntry(row.history_date, _who(row), row.history_change_reason or "", what, shown))
    for row in Evidence.history.filter(action_id=action.pk).select_related("history_user").order_by("history_date"):
        name = row.original_name or row.url
        entries.append(
            HistoryEntry(row.history_date, _who(row), row.history_change_reason or "", f"Evidence added: {name}")
        )
    lead_rows = ActionLead.history.filter(action_id=action.pk).select_related("history_user", "person")
    for row in lead_rows.order_by("history_date"):
        verb = {"+": "added", "-": "removed", "~": "changed"}[row.history_type]
        entries.append(
            HistoryEntry(
                row.history_date, _who(row), row.history_change_reason or "", f"Lead {verb}: {row.person.initials}"
            )
        )
    entries.extend(_claim_entries(action, claim_rows))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


CLAIM_WHAT = {
    CompletionClaim.State.PENDING: "Completion claimed: awaiting sign-off",
    CompletionClaim.State.ACCEPTED: "Completion accepted (signed off)",
    CompletionClaim.State.RETURNED: "Completion returned to the lead",
    CompletionClaim.State.WITHDRAWN: "Completion claim withdrawn",
}


def _claim_entries(action: Action, rows: list | None) -> list[HistoryEntry]:
    """Each claim, acceptance, return and withdrawal: who, when and the reviewer's comment."""
    if rows is None:
        rows = list(CompletionClaim.history.filter(action_id=action.pk).select_related("history_user")
                    .order_by("history_date", "history_id"))
    return [HistoryEntry(row.history_date, _who(row), row.history_change_reason or "", CLAIM_WHAT[row.state])
            for row in rows]


@dataclass
class Edit:
    """One save by someone else: its history row and the fields it changed."""

    row: object
    changes: list  # simple-history's ModelChange: field, old, new


@dataclass
class EditsSince:
    """What others saved on an action after a form was opened on it (the stale-edit page)."""

    current: Action
    edits: list[Edit]  # newest first
    notes: list[ProgressNote]


def edits_since(current: Action, opened_version: int) -> EditsSince:
    """The saves after `opened_version`, each diffed against the row before it, and the notes added since.

    Two queries however many saves there were: the history rows from the opened version on
    (with their users), and the notes. simple-history's prev_record would cost one per row.
    """
    rows = list(
        current.history.filter(version__gte=opened_version)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    opened = [row for row in rows if row.version == opened_version]
    newer = [row for row in rows if row.version > opened_version]
    before = opened[-1] if opened else (newer[0].prev_record if newer else None)
    edits = []
    for row in newer:
        diff = row.diff_against(before).changes if before is not None else []
        edits.append(Edit(row, [c for c in diff if c.field not in ("version", *MONTH_FLAGS.values())]))
        before = row
    since = opened[-1].history_date if opened else timezone.now()
    notes = list(current.notes.filter(recorded_at__gt=since).order_by("recorded_at"))
    return EditsSince(current, edits[::-1], notes)


def paper_history(paper: Paper, *, latest: int = 20) -> list:
    """A paper's latest history rows, newest first, with who saved each."""
    rows = paper.history.select_related("history_user").order_by("-history_date", "-history_id")
    return list(rows[:latest])
