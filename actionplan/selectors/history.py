"""An action's full history, readable: who, when, why, and each field's old and new value."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from actionplan.dates import day_or_month, note_date_words, uk_date
from actionplan.history import historical
from actionplan.models import Action, ActionLead, CompletionClaim, Evidence, Paper, Person, ProgressNote
from actionplan.selectors.prepared import Prepared

SKIP = {"id", "version", "history_id", "history_date", "history_change_reason", "history_type", "history_user"}
# Derived from the notes and not versioned (Action.last_note_at): the notes' own history tells of them.
SKIP |= {"last_note_at"}
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


NOT_RECORDED = "Someone (name not recorded)"  # a row written with no user: the plan's loader, an import without --user
YOU_ELSEWHERE = "You, in another tab or window"

# Each field in the words of the plan and its papers, the one place history pages and the stale-edit
# page name fields by (a field missing here is named by its model's verbose name; a test checks none is).
FIELD_WORDS: dict[type, dict[str, str]] = {
    Action: {
        "recommendation": "Recommendation", "position": "Order in the recommendation",
        "description": "Action to be taken", "lead_text": "Lead (as written)", "by_when_text": "By when",
        "start_date": "Starts (read from By when)", "due_date": "Due (read from By when)",
        "recurrence": "Repeats (read from By when)", "date_flag": "Reading of By when", "status": "Status",
        "completed_on": "Completed on", "rag_override": "RAG override",
        "rag_override_reason": "Reason for the RAG override", "partners": "People/partners",
        "capacity": "Additional capacity requirement", "success_criteria": "Target/success criteria",
    },
    ProgressNote: {
        "action": "Action", "note_date": "Date the progress refers to", "text": "Note", "author": "Lead",
        "recorded_by": "Recorded by", "recorded_at": "Recorded at",
    },
}


def field_words(model, f) -> str:
    """A field's name on history pages: "RAG override", "By when", never "Rag override"."""
    return FIELD_WORDS.get(model, {}).get(f.name) or str(f.verbose_name).capitalize()


def _who(row, viewer=None) -> str:
    """Who wrote a history row: their name; "You, in another tab or window" when it is `viewer`; or
    NOT_RECORDED for a row that names no one (never an error)."""
    try:
        user = row.history_user if row.history_user_id is not None else None
    except ObjectDoesNotExist:  # an account since removed from under a row that still names it
        user = None
    if user is None:
        return NOT_RECORDED
    if viewer is not None and user.pk == viewer.pk:
        return YOU_ELSEWHERE
    return user.get_full_name() or user.username


def _diffs(rows, model, base=None):
    """Each row with its changes from the row before it (rows oldest first; `base`: the row before the
    first, when known); no extra queries."""
    fields = [(f, f.attname, MONTH_FLAGS.get(f.name, "")) for f in model._meta.concrete_fields
              if f.name not in SKIP and f.attname not in SKIP]
    previous: dict[int, Any] = {base.id: base} if base is not None else {}  # object id -> its row before this
    for row in rows:
        before = previous.get(row.id)
        changes = []
        if before is not None:
            for f, name, flag in fields:
                old = (getattr(before, name), bool(flag) and getattr(before, flag))
                new = (getattr(row, name), bool(flag) and getattr(row, flag))
                if old != new:
                    changes.append(Change(field_words(model, f), _display(model, f.name, *old),
                                          _display(model, f.name, *new)))
        previous[row.id] = row
        yield row, changes


ACTION_WHAT = {"+": "Action created", "~": "Action changed", "-": "Action removed"}
LEAD_VERB = {"+": "added", "-": "removed", "~": "changed"}


def _action_entries(rows, viewer=None, base=None, told=None) -> list[HistoryEntry]:
    """`told`: the ids of the saves whose notes, evidence or leads have entries of their own; None (the
    history page) when every related row has one. A save that changed no field of the action and is told
    by no other entry (an officer's "Progress reviewed, no change") still gets one, so the stale-edit page
    never says "Someone saved" with nothing under it."""
    entries = []
    for row, changes in _diffs(rows, Action, base):
        unchanged = row.history_type == "~" and not changes
        if unchanged and (told is None or row.history_id in told):
            continue  # a save with nothing changed (e.g. a note added alone) is told by the note's entry
        what = "Saved with no change to the action" if unchanged else ACTION_WHAT[row.history_type]
        entries.append(HistoryEntry(row.history_date, _who(row, viewer), row.history_change_reason or "",
                                    what, changes))
    return entries


def _note_entries(rows, viewer=None) -> list[HistoryEntry]:
    entries = []
    for row, changes in _diffs(rows, ProgressNote):
        dated = (f"Progress note dated {note_date_words(row.note_date, None, month=row.note_date_is_month)}"
                 if row.note_date else "Undated progress note")
        what = dated + {"+": " added", "~": " changed", "-": " removed"}[row.history_type]
        shown = changes or [Change("Note", "—", row.text)]
        entries.append(HistoryEntry(row.history_date, _who(row, viewer), row.history_change_reason or "", what,
                                    shown))
    return entries


def _evidence_entries(rows, viewer=None) -> list[HistoryEntry]:
    verb = {"+": "added", "~": "changed", "-": "removed"}
    return [HistoryEntry(row.history_date, _who(row, viewer), row.history_change_reason or "",
                         f"Evidence {verb[row.history_type]}: {row.original_name or row.url}") for row in rows]


def _lead_entries(rows, viewer=None) -> list[HistoryEntry]:
    """Rows read with their person (select_related, or records' `person`): a person since removed is named by
    its id, not a crash."""
    return [HistoryEntry(row.history_date, _who(row, viewer), row.history_change_reason or "",
                         f"Lead {LEAD_VERB[row.history_type]}: {_initials(row)}") for row in rows]


def _initials(row) -> str:
    try:
        person = row.person
    except ObjectDoesNotExist:
        person = None
    return person.initials if person is not None else f"a person no longer in the plan (no. {row.person_id})"


def _rows(model, action_id: int, since: datetime | None = None):
    rows = historical(model).objects.filter(action_id=action_id).select_related("history_user")
    if since is not None:
        rows = rows.filter(history_date__gt=since)
    return rows.order_by("history_date", "history_id")


USER_NAMES = ("username", "first_name", "last_name")


def _history_names(model) -> list[str]:
    return [f.attname for f in historical(model)._meta.concrete_fields]


def _history_values(model, *more: str, **action):
    """The model's history rows for an action, oldest first: each row's fields, its user's names, then `more`."""
    return historical(model).objects.filter(**action).order_by("history_date", "history_id").values_list(
        *_history_names(model), *(f"history_user__{n}" for n in USER_NAMES), *more
    )


# Read for each view of an action's page, compiled once (selectors.prepared).
ACTION_ROWS = Prepared(lambda pk: _history_values(Action, id=pk))
NOTE_ROWS = Prepared(lambda pk: _history_values(ProgressNote, action_id=pk))
EVIDENCE_ROWS = Prepared(lambda pk: _history_values(Evidence, action_id=pk))
LEAD_ROWS = Prepared(lambda pk: _history_values(ActionLead, "person__initials", action_id=pk))


def _records(model, rows: list[tuple]) -> list[SimpleNamespace]:
    """History rows (`_history_values`' tuples) as plain records read the way the model's rows are
    (`row.status`, `row.history_user`, a lead's `row.person.initials`), without a model instance for each row
    and each user: an action's page reads hundreds of rows, written by a few people. A user since removed
    reads as None, as does a lead's person."""
    names = _history_names(model)
    User = historical(model)._meta.get_field("history_user").related_model
    users: dict[int, Any] = {}
    records = []
    end = len(names) + len(USER_NAMES)
    for values in rows:
        record = SimpleNamespace(**dict(zip(names, values[: len(names)], strict=True)))
        if model is ActionLead:
            initials = values[end]
            record.person = Person(pk=record.person_id, initials=initials) if initials is not None else None
        user_id, person = record.history_user_id, values[len(names) : end]
        if user_id is not None and user_id not in users:
            known = person[0] is not None  # no user of that id left: the join found none
            users[user_id] = User(pk=user_id, **dict(zip(USER_NAMES, person, strict=True))) if known else None
        record.history_user = users.get(user_id)
        records.append(record)
    return records


def action_history(action: Action, claim_rows: list | None = None) -> list[HistoryEntry]:
    """Every change to the action, its notes, evidence, leads and completion claims, newest first.
    `claim_rows`: the claims' history rows when the page has read them (selectors.signoff.claim_rows)."""
    entries = [
        *_action_entries(_records(Action, ACTION_ROWS.rows(action.pk))),
        *_note_entries(_records(ProgressNote, NOTE_ROWS.rows(action.pk))),
        *_evidence_entries(_records(Evidence, EVIDENCE_ROWS.rows(action.pk))),
        *_lead_entries(_records(ActionLead, LEAD_ROWS.rows(action.pk))),
        *_claim_entries(action, claim_rows),
    ]
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


CLAIM_WHAT = {
    CompletionClaim.State.PENDING: "Completion claimed: awaiting sign-off",
    CompletionClaim.State.ACCEPTED: "Completion accepted (signed off)",
    CompletionClaim.State.RETURNED: "Completion returned to the lead",
    CompletionClaim.State.WITHDRAWN: "Completion claim withdrawn",
}


def _claim_entries(action: Action, rows, viewer=None) -> list[HistoryEntry]:
    """Each claim, acceptance, return and withdrawal: who, when and the reviewer's comment."""
    if rows is None:
        rows = _rows(CompletionClaim, action.pk)
    return [HistoryEntry(row.history_date, _who(row, viewer), row.history_change_reason or "",
                         CLAIM_WHAT.get(row.state, "Completion claim changed")) for row in rows]


@dataclass
class EditsSince:
    """What was saved on an action after a form was opened on it (the stale-edit page), from the history."""

    current: Action
    entries: list[HistoryEntry]  # newest first: the action's saves, its notes, evidence, leads and claims

    @property
    def heading(self) -> str:
        """Who saved, each once, first to save first (the viewer last): "Jane Jones saved this action after
        you opened this page", "You saved this action in another tab or window after …"."""
        names = list(dict.fromkeys(e.who for e in reversed(self.entries)))
        if names == [YOU_ELSEWHERE]:
            return "You saved this action in another tab or window after you opened this page"
        if not names:
            names = ["Someone"]  # the version moved on with no history row to tell of it
        if YOU_ELSEWHERE in names:
            names = [n for n in names if n != YOU_ELSEWHERE] + ["you (in another tab or window)"]
        names = [names[0], *(n[0].lower() + n[1:] if n == NOT_RECORDED else n for n in names[1:])]
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"{who} saved this action after you opened this page"


def edits_since(current: Action, opened_version: int, viewer=None) -> EditsSince:
    """The saves after `opened_version`, each diffed against the row before it, with the notes, evidence,
    leads and completion claims each wrote; `viewer` (the person whose save was refused) is named
    "You, in another tab or window".

    A save writes its related rows first and the action's row last, in one transaction, as one user
    (services.progress, .structure, .signoff, excel.apply): a related row belongs to the first action row
    at or after it written by the same user, and counts when that row is newer than the opened version.
    Rows that belong to no newer save (a loader's leads written after the action it created) are not
    changes since.

    A fixed number of queries however many saves there were (simple-history's prev_record would cost one
    a row), and no error whatever the history holds: rows naming no user, a version with no history row
    (then all the action's rows are read), a person since removed.
    """
    rows = list(current.history.filter(version__gte=opened_version).select_related("history_user")
                .order_by("history_date", "history_id"))
    opened = [row for row in rows if row.version == opened_version]
    if not opened:  # no row of the opened version: the row before the first newer one is the base
        rows = list(current.history.select_related("history_user").order_by("history_date", "history_id"))
        first = next((i for i, row in enumerate(rows) if row.version > opened_version), len(rows))
        opened = rows[max(first - 1, 0):first]
    base = opened[-1] if opened else None
    newer = [row for row in rows if row.version > opened_version]
    since = base.history_date if base is not None else None

    def belongs(related) -> list:
        return [r for r in related if _save_of(r, newer) is not None]

    notes = belongs(_rows(ProgressNote, current.pk, since))
    evidence = belongs(_rows(Evidence, current.pk, since))
    leads = belongs(_rows(ActionLead, current.pk, since).select_related("person"))
    claims = belongs(_rows(CompletionClaim, current.pk, since))
    told = {_save_of(r, newer).history_id for r in [*notes, *evidence, *leads, *claims]}
    entries = [
        *_action_entries(newer, viewer, base, told),
        *_note_entries(notes, viewer),
        *_evidence_entries(evidence, viewer),
        *_lead_entries(leads, viewer),
        *_claim_entries(current, claims, viewer),
    ]
    entries.sort(key=lambda e: e.when, reverse=True)
    return EditsSince(current, entries)


def _save_of(related, newer: list):
    """The newer action row `related` was written with: the first at or after it, by the same user."""
    at = bisect_left([row.history_date for row in newer], related.history_date)
    if at < len(newer) and newer[at].history_user_id == related.history_user_id:
        return newer[at]
    return None


@dataclass
class LastSave:
    """Who last saved a record, when and why (the stale-edit banner of a record other than an action)."""

    who: str
    when: datetime | None
    why: str


def last_save(obj, viewer=None) -> LastSave:
    """The latest history row of `obj`, in words; "Someone" when it has none (never an error)."""
    row = obj.history.select_related("history_user").order_by("-history_id").first()
    if row is None:
        return LastSave("Someone", None, "")
    return LastSave(_who(row, viewer), row.history_date, row.history_change_reason or "")


def paper_history(paper: Paper, *, latest: int = 20) -> list:
    """A paper's latest history rows, newest first, with who saved each."""
    rows = paper.history.select_related("history_user").order_by("-history_date", "-history_id")
    return list(rows[:latest])
