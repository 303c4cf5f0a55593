"""Compare the workbook's action rows with the plan's actions: match, then new or changed, field by field.

A row finds its action by our Action ID column, else by recommendation and words.
Where the workbook says when it was exported, each field is compared three ways
(the workbook, the plan now, the plan at export): a field the workbook left alone
never undoes a change made in the plan since, and a field changed in both is a problem.
"""

from __future__ import annotations

import re
from collections import namedtuple
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from actionplan.bywhen import read_by_when
from actionplan.dates import day_or_month
from actionplan.excel import columns as C
from actionplan.excel.compare.changeset import ActionItem, ChangeSet, NewNote, ProposedChange
from actionplan.excel.compare.state import NO_BASE, PlanState, conflict_message, decide, rag_text, same, show
from actionplan.excel.problems import Problems
from actionplan.excel.read.cells import collapse, uk_date
from actionplan.excel.read.records import ParsedWorkbook, SheetAction
from actionplan.models import Action, ProgressNote, Status
from actionplan.models.action import completion_fields
from actionplan.rag import suggest_action_rag

_NoteLike = namedtuple("_NoteLike", "date text recorded_at date_is_month")
# (model field, attribute read, label): the text columns that map one to one onto an action's fields.
ACTION_TEXT_FIELDS = [(c.field, c.attr, c.header) for c in C.ACTION_COLUMNS if c.field]
REF_HEADING = next(c.header for c in C.ACTION_COLUMNS if c.key == "ref")


def _match(parsed: ParsedWorkbook, db: PlanState, problems: Problems, same_plan: bool):
    """Pair each row with an existing action: by our ID column, else by recommendation and words."""
    taken: dict[int, int] = {}
    for a in parsed.actions:
        existing = None
        if a.action_id is not None and same_plan:
            existing = db.actions.get(a.action_id)
            if existing is None:
                problems.warn(parsed.action_sheet, a.row, "Action ID",
                              f"there is no action {a.action_id} in this plan; the row is matched by its "
                              "recommendation and words instead")
            elif existing.recommendation.number != a.rec_number:
                problems.block(parsed.action_sheet, a.row, "Rec. no.",
                               f"action {existing.reference} belongs to recommendation "
                               f"{existing.recommendation.number}; "
                               "an import cannot move an action to another recommendation")
                continue
        if existing is None:
            existing = db.by_words.get((a.rec_number, collapse(a.description).lower()))
        if same_plan and not _reference_agrees(parsed, a, existing, db, problems):
            continue
        if existing is not None and existing.pk in taken:
            problems.block(parsed.action_sheet, a.row, "Action to be taken",
                           f"row {taken[existing.pk]} is already this action ({existing.reference}): "
                           "each action may appear once")
            continue
        if existing is not None:
            taken[existing.pk] = a.row
        yield a, existing


def _reference_agrees(parsed: ParsedWorkbook, row: SheetAction, existing: Action | None, db: PlanState,
                      problems: Problems) -> bool:
    """A row's "Ref" says which action it is as plainly as its ID: one that disagrees with the action the row
    was matched to, or names another action of the plan, is refused (an import never renumbers an action,
    and a guess either way could write one action's update onto another)."""
    ref = row.ref.strip()
    if not ref:
        return True
    named = db.by_reference.get(ref)
    if existing is not None and ref != existing.reference:
        how = "its Action ID" if row.action_id == existing.pk else "its recommendation and words"
        now = f"that is action {named.reference}'s reference" if named else "the plan has no action with it"
        problems.block(parsed.action_sheet, row.row, REF_HEADING,
                       f"the reference '{ref}' was changed: by {how} this row is action {existing.reference} "
                       f"('{existing.description[:40]}'), and {now}. An import does not renumber actions: put "
                       f"back '{existing.reference}' (a plan manager can move actions on the plan's pages)")
        return False
    if existing is None and named is not None:
        problems.block(parsed.action_sheet, row.row, REF_HEADING,
                       f"'{ref}' is the reference of action {named.reference} ('{named.description[:40]}'), but "
                       "this row's words and Action ID match no action: if it is that action, put back its words "
                       "and Action ID as exported; if it is a new action, clear the reference")
        return False
    return True


def diff_actions(parsed, db: PlanState, result: ChangeSet, problems: Problems, *, started_on, same_plan) -> None:
    today = timezone.localdate()
    matched = 0
    for row, existing in _match(parsed, db, problems, same_plan):
        ctx = _RowContext(parsed, row, problems, today, started_on)
        if existing is None:
            item = _new_action(row, db, ctx)
            result.new_actions.append(item)
            continue
        matched += 1
        item = _changed_action(row, existing, db, ctx)
        if item.changes or item.notes:
            result.changed_actions.append(item)
        else:
            result.unchanged += 1
    result.not_in_file = len(db.actions) - matched
    if result.not_in_file and parsed.actions:
        problems.warn(parsed.action_sheet, None, "",
                      f"{result.not_in_file} of the plan's actions are not in the workbook; they are left as they are")


@dataclass
class _RowContext:
    parsed: ParsedWorkbook
    row: SheetAction
    problems: Problems
    today: date
    started_on: date

    def warn(self, column: str, message: str) -> None:
        self.problems.warn(self.parsed.action_sheet, self.row.row, column, message)

    def block(self, column: str, message: str) -> None:
        self.problems.block(self.parsed.action_sheet, self.row.row, column, message)


def _check_signoff(ctx: _RowContext, db: PlanState, status: str, reference: str) -> None:
    """A plan whose completions need sign-off is not completed by a workbook (services.signoff)."""
    if status == Status.COMPLETED and db.plan is not None and db.plan.completion_needs_signoff:
        ctx.block("Status", f"completing action {reference} needs sign-off in this plan: record the completion on "
                  "the action's page, where a plan manager or director signs it off")


def _new_notes(ctx: _RowContext, existing_notes, *, new_action: bool = False) -> list[NewNote]:
    row = ctx.row
    if not row.notes:
        return []
    if existing_notes:
        exported = C.progress_cell(
            [_NoteLike(n.note_date, n.text, n.recorded_at, n.note_date_is_month) for n in existing_notes])
        if same(row.progress_text, exported):
            return []  # the cell is exactly as exported
    have = {(n.note_date, collapse(n.text)) for n in existing_notes}
    have_text = {collapse(n.text) for n in existing_notes}
    undated = {collapse(n.text) for n in existing_notes if n.note_date is None}
    notes = []
    for note in row.notes:
        if note.bad_date:
            continue  # refused as it was read (read/actions.py): never offered as a note of another day
        text = collapse(note.text)
        if (note.date, text) in have or (note.date is None and text in have_text):
            continue  # already in the plan (an undated note is known by its words)
        if text in undated:  # a workbook exported before undated notes were kept undated dated them
            ctx.warn("Progress to date", f"'{note.text[:60]}' is an undated note in the plan: the date "
                     f"{_dated(note)} written before it is not recorded (an import adds notes, never "
                     "changes one)")
            continue
        day, recorded_on = _note_day(ctx, note, new_action)
        if day is None and recorded_on is None:
            continue
        # The Progress notes sheet names each exported note's author (by the exported action ID or ref).
        author = ctx.parsed.note_authors.get((row.action_id, note.date, text)) or ctx.parsed.note_authors.get(
            (row.ref, note.date, text), "")
        notes.append(NewNote(day, note.text, author, recorded_on, date_is_month=day is not None and note.date_is_month))
        have.add((day, text))
        have_text.add(text)
    return notes


def _note_day(ctx: _RowContext, note, new_action: bool) -> tuple[date | None, date | None]:
    """(the new note's date, the day an undated one was in the plan); (None, None) when refused."""
    if note.date is None and new_action and note.in_plan_as_at is not None:
        # A note the sources never dated, carried into a new action (a plan copied through its
        # workbook): it stays undated, known in the plan as at the day the workbook gives.
        if note.in_plan_as_at > ctx.today:
            ctx.block("Progress to date", f"the undated note '{note.text[:60]}' is marked as in the plan as at "
                      f"{uk_date(note.in_plan_as_at)}, which is in the future")
            return None, None
        return None, note.in_plan_as_at
    if note.date is None:
        ctx.warn("Progress to date", f"no date found for '{note.text[:60]}': it is recorded as a note of "
                 f"today, {uk_date(ctx.today)} (start it with a date, e.g. '{uk_date(ctx.today)}: ...')")
        return ctx.today, None
    problem = ProgressNote.date_problem(note.date, plan_started_on=ctx.started_on, today=ctx.today)
    if problem == ProgressNote.FUTURE and note.date_is_month:
        ctx.block("Progress to date", f"the note dated {_dated(note)} names a month that has not ended: write the "
                  f"day it speaks of (e.g. '{uk_date(ctx.today)}: ...')")
        return None, None
    if problem == ProgressNote.FUTURE:
        ctx.block("Progress to date", f"the note dated {_dated(note)} is in the future: a note says what "
                  "has been done")
        return None, None
    if problem == ProgressNote.BEFORE_PLAN:
        ctx.block("Progress to date", f"the note dated {_dated(note)} is before the plan began on "
                  f"{uk_date(ctx.started_on)}")
        return None, None
    return note.date, None


def _dated(note) -> str:
    """A note's date in a message: "31 March 2006", or "March 2006" when it names only the month."""
    return day_or_month(note.date, month=note.date_is_month)


def _completed_on(status: str, notes: list[NewNote], today: date) -> dict:
    """A workbook's completion (`completion_fields`) is dated by its latest dated new note, else today, as
    in the browser, and names a month only when that note does; when its only new notes are marked
    undated, it keeps no date (none is invented for it)."""
    dated = [n for n in notes if n.date is not None]
    if not dated and notes:
        return completion_fields(status, None)
    latest = max((n.date for n in dated), default=today)
    month = bool(dated) and all(n.date_is_month for n in dated if n.date == latest)
    return completion_fields(status, latest, month=month)


def _rag(ctx: _RowContext, status: str, deadline, current: tuple[str, str], shown=NO_BASE) -> tuple[str, str]:
    """The RAG override to store. Set by hand only with a reason, as in the browser.

    `shown` is the RAG the workbook showed when exported: a RAG cell left as it was is no news.
    """
    row = ctx.row
    due_date, date_flag = deadline
    suggested = suggest_action_rag(status=status, due_date=due_date, date_flag=date_flag, on=ctx.today)
    if row.rag_reason:
        wanted = (row.rag or "", row.rag_reason)
    elif row.rag_reason is not None:
        wanted = ("", "")  # the reason column is there and empty: no RAG set by hand
    else:
        wanted = current  # a RAG column alone is the RAG as shown; nothing to set
    effective = wanted[0] or suggested
    if row.rag and row.rag != effective and status != Status.CANCELLED and row.rag != shown:
        ctx.warn("RAG", f"RAG {C.rag_label(row.rag)} differs from {C.rag_label(effective)}, which applies "
                 "(suggested from the status and due date): to set it by hand, give the reason in "
                 "'RAG reason (when set by hand)'")
    return wanted


def _deadline(ctx: _RowContext, by_when: str) -> tuple:
    """(due date, date flag) as the by-when text reads: what the RAG suggestion is judged by."""
    read = read_by_when(by_when, plan_start=ctx.started_on)
    return read.due_date, read.flag


def _new_action(row: SheetAction, db: PlanState, ctx: _RowContext) -> ActionItem:
    used = db.positions[row.rec_number]
    m = re.fullmatch(r"(\d+)\.(\d+)", row.ref.strip())
    position = int(m[2]) if m and int(m[1]) == row.rec_number and int(m[2]) not in used and int(m[2]) > 0 else (
        max(used, default=0) + 1)
    used.add(position)
    item = ActionItem(row.row, row.rec_number, row.description, position)
    item.notes = _new_notes(ctx, [], new_action=True)
    status = row.status or (Status.IN_PROGRESS if item.notes else Status.NOT_STARTED)
    _check_signoff(ctx, db, status, row.ref.strip() or "in this row")
    by_when = row.by_when or ""
    override = _rag(ctx, status, _deadline(ctx, by_when), ("", ""))
    item.fields = {name: getattr(row, attr) or "" for name, attr, _label in ACTION_TEXT_FIELDS}
    item.fields.update({
        "status": status, **_completed_on(status, item.notes, ctx.today), "rag_override": override[0],
        "rag_override_reason": override[1],
    })
    item.leads = list(row.leads or ())
    return item


def _changed_action(row: SheetAction, action: Action, db: PlanState, ctx: _RowContext) -> ActionItem:
    item = ActionItem(row.row, row.rec_number, row.description, action.position, action.pk, action.version)
    compare = _FieldComparison(action, db, ctx)
    _changed_text(row, action, item, compare, ctx)
    if "lead_text" in item.fields:
        item.leads = list(row.leads or ())
    item.notes = _new_notes(ctx, db.notes.get(action.pk, []))
    status = action.status
    if row.status and compare.apply("Status", row.status, action.status, "status", shown=C.status_label):
        status = row.status
        if action.status != Status.COMPLETED:
            _check_signoff(ctx, db, status, action.reference)
        item.fields["status"] = status
        item.fields.update(_completed_on(status, item.notes, ctx.today))
        item.changes.append(ProposedChange("Status", C.status_label(action.status), C.status_label(status)))
    if "by_when_text" in item.fields:
        deadline = _deadline(ctx, item.fields["by_when_text"])
    else:
        deadline = (action.due_date, action.date_flag)
    current = (action.rag_override, action.rag_override_reason)
    wanted = _rag(ctx, status, deadline, current, db.exported_rag(action.pk))
    if compare.apply("RAG", wanted, current, lambda a: (a.rag_override, a.rag_override_reason),
                     equal=lambda a, b: tuple(a) == tuple(b), shown=rag_text):
        item.fields["rag_override"], item.fields["rag_override_reason"] = wanted
        new = rag_text(wanted) if wanted[0] else "removed (the suggested RAG applies)"
        item.changes.append(ProposedChange("RAG set by hand", rag_text(current), new))
    for note in item.notes:
        label = f"New progress note dated {_dated(note)}" if note.date else "New undated progress note"
        item.changes.append(ProposedChange(label, None, note.text))
    return item


class _FieldComparison:
    """One existing action's fields, each compared three ways; a conflict is filed against the row."""

    def __init__(self, action: Action, db: PlanState, ctx: _RowContext):
        self.action, self.db, self.ctx = action, db, ctx

    def apply(self, label, new, old, base_attr, equal=None, shown=show) -> bool:
        """True when the workbook's value is to be saved."""
        base = self.db.base_of(self.db.base_actions, self.action.pk, base_attr)
        verdict = decide(new, old, base, equal)
        if verdict == "conflict":
            self.ctx.block(label, conflict_message(f"{label} of action {self.action.reference}",
                                                   shown(old), shown(new), shown(base)))
        return verdict == "apply"


def _changed_text(row: SheetAction, action: Action, item: ActionItem, compare: _FieldComparison,
                  ctx: _RowContext) -> None:
    for name, attr, label in ACTION_TEXT_FIELDS:
        new, old = getattr(row, attr), getattr(action, name)
        if name == "lead_text" and not old and same(new, compare.db.lead_cells.get(action.pk, "")):
            continue  # no lead written: the export wrote the leads' initials, which are no change
        if new is None or not compare.apply(label, new, old, name):
            continue
        item.fields[name] = new
        display = new
        if name == "by_when_text":
            due = _deadline(ctx, new)[0]
            display = f"{new} (due {uk_date(due)})" if due else f"{new} (no date could be read)"
        item.changes.append(ProposedChange(label, show(old), show(display)))
