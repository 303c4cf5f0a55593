"""Read the "Action plan" sheet: each row's recommendation, action and cells, in either layout.

Our own export's layout and the council's original column order are both read by
matching column headings, wherever the heading row is. The recommendation is carried
down blank (or merged) cells, and a ditto mark in "Lead" repeats the lead above.
Nothing here touches the database.
"""

from __future__ import annotations

import re

from actionplan import limits
from actionplan.excel import columns as C
from actionplan.excel.problems import Problems
from actionplan.excel.read.cells import CellError, LeadCell, collapse, read_lead
from actionplan.excel.read.progress import split_progress
from actionplan.excel.read.records import ParsedWorkbook, SheetAction, SheetRecommendation
from actionplan.excel.read.sheet import SheetReader

_REC_START = re.compile(r"^\s*(\d{1,3})\s*[.,):]?\s+(.*)$|^\s*(\d{1,3})\s*[.,):]\s*(\S.*)$", re.S)


def find_action_sheet(wb, problems: Problems) -> SheetReader | None:
    names = [ws.title for ws in wb.worksheets]
    ordered = [wb[C.ACTION_SHEET]] if C.ACTION_SHEET in names else []
    ordered += [ws for ws in wb.worksheets if ws.title not in (C.ACTION_SHEET, *_OTHER_SHEETS)]
    first = None
    for ws in ordered:
        reader = SheetReader(ws, C.ACTION_COLUMNS, problems)
        first = first or reader
        if all(reader.has(k) for k in C.REQUIRED_ACTION_COLUMNS):
            return reader
    if first is None:
        problems.block("", None, "", "The workbook has no sheet with the action plan table")
        return None
    missing = [first.columns[k].header for k in C.REQUIRED_ACTION_COLUMNS if not first.has(k)]
    problems.block(
        first.name, first.header_row or 1, "",
        "The action plan table needs the column" + ("s " if len(missing) > 1 else " ")
        + " and ".join(f"'{m}'" for m in missing) + " in its heading row; it was not found"
        + (" (looked in the first ten rows of each sheet)" if len(ordered) > 1 else ""),
    )
    return None


_OTHER_SHEETS = (C.SUMMARY_SHEET, C.NOTES_SHEET, C.INDICATORS_SHEET, C.PEOPLE_SHEET, C.ABOUT_SHEET)


class _RecTracker:
    """Carries the recommendation down blank (or merged) cells and gathers its words."""

    def __init__(self, parsed: ParsedWorkbook, sheet: str, problems: Problems):
        self.parsed, self.sheet, self.problems = parsed, sheet, problems
        self.current: SheetRecommendation | None = None
        self.group = ""

    def row(self, reader: SheetReader, number, cells, has_action: bool) -> SheetRecommendation | None:
        group = reader.text(number, cells, "group")
        if group:
            self.group = group
        rec_text = reader.text(number, cells, "recommendation") or ""
        if reader.has("rec_number"):
            n = reader.number(number, cells, "rec_number")
            if n is not None:
                self._switch(n, number, rec_text)
            elif rec_text and self.current is not None and collapse(rec_text) != collapse(self.current.text):
                self.problems.block(self.sheet, number, reader.heading("rec_number"),
                                    "give the recommendation's number for these words")
        elif rec_text:
            m = _REC_START.match(rec_text)
            if m:
                n, words = (int(m[1]), m[2]) if m[1] else (int(m[3]), m[4])
                self._switch(n, number, words)
            elif self.current is None:
                self.problems.block(self.sheet, number, reader.heading("recommendation"),
                                    "start the recommendation with its number, e.g. '1. Ensure that ...'")
            elif collapse(rec_text) not in collapse(self.current.text):
                self.current.text = f"{self.current.text} {rec_text}".strip()  # words spilling onto this row
        if self.current is None and has_action:
            self.problems.block(self.sheet, number, reader.heading("recommendation"),
                                "this action has no recommendation above it")
        return self.current

    def _switch(self, n: int, number: int, text: str):
        rec = self.parsed.recommendations.get(n)
        if rec is None:
            rec = SheetRecommendation(n, number, self.sheet, collapse(text), self.group)
            self.parsed.recommendations[n] = rec
        elif text and not rec.text:
            rec.text = collapse(text)
        elif text and collapse(text) != rec.text:
            self.problems.block(self.sheet, number, "Recommendation",
                                f"recommendation {n} has different words here than in row {rec.row}: "
                                "make them the same on every row")
        if self.group and not rec.group:
            rec.group = self.group
        self.current = rec


class _ActionRows:
    """Reads one row after another, remembering the lead and recommendation above."""

    def __init__(self, reader: SheetReader, parsed: ParsedWorkbook, problems: Problems):
        self.reader, self.parsed, self.problems = reader, parsed, problems
        self.recs = _RecTracker(parsed, reader.name, problems)
        self.previous_lead: tuple[str, tuple] | None = None  # (lead text, leads) of the row above
        self.previous_rec: SheetRecommendation | None = None
        self.rec: SheetRecommendation | None = None

    def read(self, number: int, cells) -> None:
        reader = self.reader
        description = reader.text(number, cells, "action") or ""
        self.rec = self.recs.row(reader, number, cells, bool(description))
        if not description:
            self._check_no_action(number, cells)
            return
        if self.rec is None:
            return
        action = SheetAction(number, self.rec.number, description)
        # The cells that say which action this is come first; then the rest, in column order.
        action.action_id = reader.number(number, cells, "action_id") if reader.has("action_id") else None
        action.ref = reader.text(number, cells, "ref") or ""
        for column in C.ACTION_COLUMNS:
            if column.attr is None or column.key in _READ_FIRST or column.key in _READ_WITH_STATUS:
                continue
            _READERS.get(column.key, _ActionRows.read_text)(self, number, cells, action, column)
        self.parsed.actions.append(action)
        self.previous_rec = self.rec

    def _check_no_action(self, number: int, cells) -> None:
        reader = self.reader
        others = [k for k in reader.index if k not in ("recommendation", "rec_number", "group", "ref")
                  and not reader.cell(cells, k).empty]
        if others:
            self.problems.block(reader.name, number, reader.heading("action"),
                                "there is text in this row but no action: put the action's words in "
                                f"'{reader.heading('action')}', or clear the row")

    def read_text(self, number: int, cells, action: SheetAction, column: C.Column) -> None:
        """A plain text column: taken as written (the reader refuses it over the column's length)."""
        setattr(action, column.attr, self.reader.text(number, cells, column.key, dates_ok=column.dates_ok))

    def read_lead(self, number: int, cells, action: SheetAction, column: C.Column) -> None:
        reader = self.reader
        if not reader.has("lead"):
            return
        lead_text = reader.text(number, cells, "lead") or ""
        try:
            lead = read_lead(lead_text)
        except CellError as e:
            self.problems.block(reader.name, number, reader.heading("lead"), str(e))
            lead = None
        if lead is not None:
            self._take_lead(number, action, lead, lead_text)  # within its length: the reader checked it
        if action.leads is not None:
            self.previous_lead = (action.lead_text, action.leads)

    def _take_lead(self, number: int, action: SheetAction, lead: LeadCell, lead_text: str) -> None:
        # In the council's own table a blank lead under the same recommendation means "as above".
        inherit_blank = not self.parsed.ours and self.previous_rec is self.rec
        if lead.kind == "ditto" or (lead.kind == "blank" and inherit_blank and self.previous_lead):
            if self.previous_lead is None:
                self.problems.block(self.reader.name, number, self.reader.heading("lead"),
                                    f"'{lead_text}' is a ditto mark, but there is no lead above it to repeat")
            else:
                action.lead_text, action.leads = self.previous_lead
        elif lead.kind == "tbc":
            action.lead_text, action.leads = lead_text, ()
        else:
            action.lead_text, action.leads = lead_text, lead.leads

    def read_choices(self, number: int, cells, action: SheetAction, column: C.Column) -> None:
        """Status, RAG and the RAG's reason: words from the drop-down lists, read together."""
        reader, problems = self.reader, self.problems
        status = reader.text(number, cells, "status")
        if status:
            action.status = C.read_status(status)
            if action.status is None:
                problems.block(reader.name, number, reader.heading("status"),
                               f"'{status}' is not a status; use one of: {', '.join(C.status_words())}")
        rag, action.rag = reader.rag(number, cells, "rag")
        action.rag_reason = reader.text(number, cells, "rag_reason")
        if action.rag_reason and not rag:
            problems.block(reader.name, number, reader.heading("rag"),
                           "a reason for a RAG set by hand is given, but no RAG: choose the RAG, or clear the reason")

    def read_progress(self, number: int, cells, action: SheetAction, column: C.Column) -> None:
        action.progress_text = self.reader.text(number, cells, "progress")
        if action.progress_text is None:
            return
        action.notes = split_progress(action.progress_text)
        for note in action.notes:
            if len(note.text) > limits.PROGRESS_NOTE:
                self.problems.block(self.reader.name, number, self.reader.heading("progress"),
                                    f"{limits.too_long('A progress note', limits.PROGRESS_NOTE)}; the note "
                                    f"starting '{note.text[:40]}' has {len(note.text):,}")
            if note.bad_date:  # never recorded as a note of another day, nor as one without a date
                self.problems.block(self.reader.name, number, self.reader.heading("progress"),
                                    f"'{note.bad_date}' is not a real date (in the note "
                                    f"'{_excerpt(note.text)}'): correct the date, e.g. 19/05/2006")
            if note.date:
                self.parsed.dates_seen.append(note.date)


def _excerpt(text: str, most: int = 60) -> str:
    return text if len(text) <= most else text[:most].rstrip() + "…"


# Columns read by a reader of their own; any other column with an `attr` is plain text.
_READERS = {"lead": _ActionRows.read_lead, "status": _ActionRows.read_choices, "progress": _ActionRows.read_progress}
_READ_FIRST = ("ref", "group", "rec_number", "recommendation", "action", "action_id")  # which action the row is
_READ_WITH_STATUS = ("rag", "rag_reason")


def read_action_sheet(reader: SheetReader, parsed: ParsedWorkbook, problems: Problems) -> None:
    rows = _ActionRows(reader, parsed, problems)
    for number, cells in reader.data():
        rows.read(number, cells)
    _check_duplicates(parsed, reader.name, problems)


def _check_duplicates(parsed: ParsedWorkbook, sheet: str, problems: Problems) -> None:
    by_id, by_words = {}, {}
    for a in parsed.actions:
        if a.action_id is not None:
            if a.action_id in by_id:
                problems.block(sheet, a.row, "Action ID",
                               f"action ID {a.action_id} is also in row {by_id[a.action_id]}: "
                               "each action may appear once (clear the ID of a copied row)")
            by_id.setdefault(a.action_id, a.row)
        if a.action_id is not None:
            continue  # rows with different IDs are different actions, even in the same words
        key = (a.rec_number, collapse(a.description).lower())
        if key in by_words:
            problems.block(sheet, a.row, "Action to be taken",
                           f"the same action is in row {by_words[key]} of recommendation {a.rec_number}: "
                           "remove one of them, or make their words different")
        by_words.setdefault(key, a.row)
