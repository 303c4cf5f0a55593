"""The workbook's columns, described once for both directions: what the export writes, what the import reads.

Each sheet is a list of Column records, in the manner of pretix's ImportColumn: a
column's heading in our layout and the other headings that mean it (the council's own
table, common variants), its width and cell format, the words its drop-down list
offers, how the export gets its value, and where the import puts what it reads. Adding
a column to the "Action plan" sheet is one Column here (plus the field it fills).

The "Action plan" sheet carries the council's own table (Recommendation, Action to be
taken, Lead, By when, Progress to date, People/Partners, Additional capacity requirement,
Target/Success criteria) with the columns the software adds: the recommendation's number
and timescale group on every row (so a sorted or filtered sheet still says where each action
belongs), the due date read from "By when", status, RAG, whether an update was received since
the due date ("Update": "No update received" or "Up to date") and the RAG's basis in words
("Past due 31 March 2006, no update since 24 March 2006"), both judged on the export's date,
and the action's id, which lets an import find the action again. Its first PRINTED_ACTION_COLUMNS
columns are the ones a clerk prints (A4 landscape, text at 8 pt or more); the recommendation's
words stand on a heading row above its actions (the export's rows.py). The import finds every
column by its heading, in any order.

The import and the export both import this module; neither imports the other.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter

from actionplan import limits
from actionplan.dates import note_date_words
from actionplan.deadlines import usable_due_date
from actionplan.models import Action, Indicator, IndicatorValue, Person, Rag, Status, TimescaleGroup
from actionplan.rag import scheme_choices
from actionplan.updates import UpdateState

ACTION_SHEET = "Action plan"
SUMMARY_SHEET = "Summary"
NOTES_SHEET = "Progress notes"
INDICATORS_SHEET = "Indicators"
PEOPLE_SHEET = "People"
ABOUT_SHEET = "About"
RETURNS_SHEET = "Returns"  # written for people to read; the import does not read it

# The "Progress to date" cell ends with this line when the notes do not all fit in one
# cell (Excel holds at most 32,767 characters); the importer knows to skip it.
CELL_LIMIT = 32_767
MORE_NOTES = "[{count} older notes are on the 'Progress notes' sheet]"
MORE_NOTES_RE = re.compile(r"^\[\d+ older notes? (?:are|is) on the 'Progress notes' sheet\]$")
# A note whose text gives no date is written "Undated (in the plan as at 24 March 2006): …" in the
# "Progress to date" cell and "Undated" in the Progress notes sheet's Date column (its "Recorded at"
# beside it); the import reads both back as undated, never as a date.
UNDATED = "Undated"
UNDATED_HEAD_RE = re.compile(r"^\s*undated\s*\(in the plan as at ([^)]*)\)\s*:\s*", re.I)


@dataclass(frozen=True)
class MonthOf:
    """A date cell whose date names only a month (a note's "Mar 06"): written as the month's last day,
    so the column sorts and filters as dates, in the format "mmmm yyyy", so it reads "March 2006";
    the import reads the cell back as that day."""

    day: date

# Kinds decide the cell style on export and the reading on import.
TEXT, SHORT, INT, DATE, DATETIME, RAG, STATUS, NUMBER = (
    "text", "short", "int", "date", "datetime", "rag", "status", "number"
)


@dataclass(frozen=True)
class Column:
    """One column of a sheet, as the export writes it and the import reads it."""

    key: str
    header: str  # the heading our export writes
    width: float
    kind: str = TEXT
    # Other headings that mean the same column (the seed's spelling, common variants).
    aliases: tuple[str, ...] = field(default=())
    # The attribute of the row record the import fills ("recommendation." for the row's
    # recommendation); None: written for people to read, never imported (worked out from others).
    attr: str | None = None
    field: str = ""  # the Action field the import compares with and saves to, when it is one to one
    write: Callable | None = None  # the value exported for (recommendation, action) of a plan snapshot
    choices: Callable[[], list[str]] | None = None  # the words the export's drop-down list offers
    max_length: int | None = None  # the longest text the import accepts (actionplan/limits.py, or the column's)
    dates_ok: bool = False  # Excel turns "4 Jan 06" typed here into a date: the import reads it as words


def normalise_header(text) -> str:
    """'People/ Partners' -> 'people/partners'; 'Action to be Taken' -> 'action to be taken'."""
    s = " ".join(str(text or "").lower().split())
    s = re.sub(r"\s*/\s*", "/", s)
    return s.strip(" :*")


# --- the words of the Status and RAG columns ----------------------------------------

# RAG: the word is always written; the fill only repeats it (never colour alone).
RAG_FILLS = {
    Rag.RED: ("FFC7CE", "9C0006"),
    Rag.AMBER: ("FFEB9C", "7A4A00"),
    Rag.GREEN: ("C6EFCE", "006100"),
    Rag.BLUE: ("BDD7EE", "1F3864"),
    Rag.GREY: ("E7E6E6", "3A3A3A"),
}


def status_words() -> list[str]:
    return [label for _, label in Status.choices]


def rag_words() -> list[str]:
    return [label for _, label in scheme_choices()]


# Words a council's own sheet may use for a status, besides our labels and values.
STATUS_SYNONYMS = {"complete": Status.COMPLETED, "done": Status.COMPLETED, "not yet started": Status.NOT_STARTED}


def read_status(text: str) -> str | None:
    """'In progress' / 'in_progress' / 'Complete' -> the stored value; None when unknown."""
    key = " ".join(text.lower().replace("_", " ").split())
    for value, label in Status.choices:
        if key == label.lower():
            return value
    return STATUS_SYNONYMS.get(key)


def read_rag(text: str) -> str | None:
    """'Red' / 'R' / 'red' -> 'red' (only words of the configured scheme); None when unknown."""
    key = text.strip().lower()
    choices = scheme_choices()
    for value, label in choices:
        if key in (value, label.lower()):
            return value
    # A single letter ("R", "A", "G") when only one word of the scheme starts with it.
    initial = [value for value, _ in choices if len(key) == 1 and value[0] == key]
    return initial[0] if len(initial) == 1 else None


def rag_label(value: str | None) -> str:
    return Rag(value).label if value else ""


def status_label(value: str) -> str:
    return Status(value).label if value in Status.values else value


def update_label(value: str) -> str:
    """"No update received" or "Up to date" (`actionplan.updates.UpdateState`)."""
    return UpdateState(value).label if value in UpdateState.values else value


# --- how the Lead and Progress to date cells are written ------------------------------


def progress_cell(notes) -> str:
    """Dated notes, newest first, one paragraph each: '19 May 2006: Endorsed at LSCB'; a note whose
    text names only a month: 'March 2006: Draft plan produced Mar 06'; a note whose text gives no
    date: 'Undated (in the plan as at 24 March 2006): …'.

    The import compares a cell with this to know that it is exactly as exported.
    """
    lines, used = [], 0
    for i, note in enumerate(notes):
        line = f"{note_date_words(note.date, note.recorded_at, month=note.date_is_month)}: {note.text}"
        more = MORE_NOTES.format(count=len(notes) - i)
        if used + len(line) + 1 + len(more) > CELL_LIMIT:
            lines.append(more)  # the rest are on the Progress notes sheet; the import skips this line
            break
        lines.append(line)
        used += len(line) + 1
    return "\n".join(lines)


def lead_cell(action) -> str:
    return action.lead_text or ", ".join(f"{i} {q}".strip() for i, q in action.leads)


def _stored(model, name: str) -> int:
    """The length of the database column a cell is saved to."""
    return model._meta.get_field(name).max_length


def _of_action(name: str):
    get = attrgetter(name)
    return lambda rec, action: get(action)


def _of_rec(name: str):
    get = attrgetter(name)
    return lambda rec, action: get(rec)


# --- the sheets -------------------------------------------------------------------------

ACTION_COLUMNS = [
    # Printed (the first PRINTED_ACTION_COLUMNS): what a committee reads on paper.
    Column("ref", "Ref", 5, SHORT, attr="ref", write=_of_action("reference")),
    Column("action", "Action to be taken", 30, TEXT, ("action", "action to be taken"),
           attr="description", field="description", write=_of_action("description"), max_length=limits.ACTION_TEXT),
    Column("lead", "Lead", 8, SHORT, attr="lead_text", field="lead_text", max_length=_stored(Action, "lead_text"),
           write=lambda rec, action: lead_cell(action)),
    Column("by_when", "By when", 9, SHORT, ("by when (as written)",), attr="by_when", field="by_when_text",
           max_length=_stored(Action, "by_when_text"), dates_ok=True, write=_of_action("by_when")),
    Column("status", "Status", 10, STATUS, attr="status", choices=status_words,
           write=lambda rec, action: status_label(action.status)),
    Column("rag", "RAG", 7, RAG, ("rag status", "rag rating"), attr="rag", choices=rag_words,
           write=_of_action("rag")),
    Column("progress", "Progress to date", 47, TEXT, attr="progress_text",
           write=lambda rec, action: progress_cell(action.notes)),
    Column("success", "Target/Success criteria", 22, TEXT, ("target/success criteria", "success criteria"),
           attr="success_criteria", field="success_criteria", write=_of_action("success_criteria"),
           max_length=limits.ACTION_TEXT),
    # Not printed: the recommendation's cells, and what a clerk edits or filters by on screen.
    Column("group", "Timescale group", 11, SHORT, ("timescale", "group", "jar timescale"),
           attr="recommendation.group", write=_of_rec("group"), max_length=_stored(TimescaleGroup, "name")),
    Column("rec_number", "Rec. no.", 5, INT, ("rec no", "rec no.", "recommendation number", "rec"),
           attr="rec_number", write=_of_rec("number")),
    Column("recommendation", "Recommendation", 24, TEXT, attr="recommendation.text", write=_of_rec("text"),
           max_length=limits.RECOMMENDATION_TEXT),
    # The date the rules count by: blank when "By when" is flagged (unread, implausible), as on the pages.
    Column("due_date", "Due date", 11, DATE, write=lambda rec, a: usable_due_date(a.due_date, a.date_flag)),
    Column("rag_reason", "RAG reason (when set by hand)", 15, TEXT, ("rag reason",), attr="rag_reason",
           write=_of_action("rag_override_reason"), max_length=limits.REASON),
    # Worked out on the export's date (actionplan.updates), for people to read; an import ignores them.
    Column("update", "Update", 12, SHORT, write=lambda rec, action: update_label(action.update_state)),
    Column("rag_basis", "RAG basis", 36, TEXT, write=_of_action("rag_basis")),
    Column("partners", "People/Partners", 16, TEXT, ("people/ partners", "partners"), attr="partners",
           field="partners", write=_of_action("partners"), max_length=limits.ACTION_TEXT),
    Column("capacity", "Additional capacity requirement", 20, TEXT, attr="capacity", field="capacity",
           write=_of_action("capacity"), max_length=limits.ACTION_TEXT),
    Column("action_id", "Action ID (used on import; do not change)", 21, INT, ("action id", "id"),
           attr="action_id", write=_of_action("id")),
]
PRINTED_ACTION_COLUMNS = 8
# An import needs at least these to know which action a row is.
REQUIRED_ACTION_COLUMNS = ("recommendation", "action")
# The first column of a list of actions taken from several plans.
PLAN_COLUMN = Column("plan", "Plan", 24, SHORT)

SUMMARY_COLUMNS = [
    # Printed (the first PRINTED_SUMMARY_COLUMNS): each recommendation's RAG, progress and latest summary.
    Column("rec_number", "Rec. no.", 6, INT, attr="number"),
    Column("recommendation", "Recommendation", 36, TEXT, attr="text", max_length=limits.RECOMMENDATION_TEXT),
    # The RAG a page leads with, the one reported for it and the one its actions suggest, side by side
    # (`actionplan.reported`): written for people to read, never imported.
    Column("lead_rag", "RAG (reported, else suggested)", 11, RAG),
    Column("completed", "Completed", 10, INT),
    Column("total", "Actions (not cancelled)", 10, INT),
    Column("summary_date", "Summary date", 11, DATE, attr="summary_date"),
    Column("summary", "Latest summary of progress", 45, TEXT, attr="summary_text", max_length=limits.SUMMARY),
    Column("summary_rag", "Summary RAG", 9, RAG, attr="summary_rag"),
    # Not printed.
    Column("group", "Timescale group", 16, SHORT, attr="group", max_length=_stored(TimescaleGroup, "name")),
    Column("reported_rag", "Reported RAG", 9, RAG),
    Column("reported_on", "Reported on", 12, DATE),
    Column("reported_in", "Reported in", 20, SHORT),
    Column("reported_reason", "Why reported", 30, TEXT),
    Column("suggested_rag", "Suggested from the actions", 11, RAG),
    Column("rag_difference", "Why they differ", 45, TEXT),
    # A director's RAG set by hand: read back on import (with its reason), as in the browser. Older
    # exports headed it "RAG".
    Column("rag", "RAG set by hand", 9, RAG, aliases=("RAG",), attr="rag", choices=rag_words),
    Column("rag_reason", "RAG reason (when set by hand)", 22, TEXT, attr="rag_reason", max_length=limits.REASON),
]
PRINTED_SUMMARY_COLUMNS = 8

NOTE_COLUMNS = [
    Column("ref", "Ref", 6, SHORT, attr="ref"),
    Column("rec_number", "Rec. no.", 5, INT),
    Column("action", "Action to be taken", 29, TEXT),
    Column("date", "Date", 13, DATE, attr="date"),  # "December 2005" for a note dated by its month
    Column("note", "Note", 44, TEXT, attr="text", max_length=limits.PROGRESS_NOTE),
    Column("author", "Author", 8, SHORT, attr="author"),
    Column("recorded_by", "Recorded by", 14, SHORT),
    Column("recorded_at", "Recorded at", 16, DATETIME),
    Column("action_id", "Action ID", 10, INT, attr="action_id"),
]
PRINTED_NOTE_COLUMNS = 8  # all but the Action ID

INDICATOR_COLUMNS = [
    Column("code", "Code", 8, SHORT, attr="code", max_length=_stored(Indicator, "code")),
    Column("title", "Indicator", 36, TEXT, attr="title", max_length=_stored(Indicator, "title")),
    Column("unit", "Unit", 12, SHORT, attr="unit", max_length=_stored(Indicator, "unit")),
    Column("higher_is_better", "Higher is better", 8, SHORT, attr="higher_is_better"),
    Column("kind", "Target or value", 9, SHORT, attr="figures.kind"),
    Column("period", "Period", 12, SHORT, attr="figures.period", max_length=_stored(IndicatorValue, "period")),
    Column("period_end", "Period end", 11, DATE, attr="figures.period_end"),
    Column("value", "Figure", 9, NUMBER, attr="figures.value"),
    Column("note", "Note", 33, TEXT, attr="figures.note", max_length=limits.REASON),
]
TARGET, VALUE = "Target", "Value"

PEOPLE_COLUMNS = [
    Column("initials", "Initials", 9, SHORT, attr="initials"),  # its limit: other_sheets.read_people
    Column("name", "Name", 24, SHORT, attr="name", max_length=_stored(Person, "name")),
    Column("job_title", "Job title", 40, TEXT, attr="job_title", max_length=_stored(Person, "job_title")),
    Column("organisation", "Organisation", 28, SHORT, attr="organisation", max_length=_stored(Person, "organisation")),
]

# The Returns sheet: the round in focus on the export's date (actionplan.rounds), one row per action owing.
RETURNS_COLUMNS = [
    Column("round", "Meeting", 26, TEXT),
    Column("meets_on", "Meeting date", 11, DATE),
    Column("deadline", "Returns due by", 11, DATE),
    Column("reference", "Ref", 6, SHORT),
    Column("description", "Action", 42, TEXT),
    Column("leads", "Lead", 14, SHORT),
    Column("state", "Return", 11, SHORT),
    Column("received_on", "Received on", 11, DATE),
]

# The About sheet: label -> key, one row each.
ABOUT_ROWS = [
    ("plan", "Plan"),
    ("slug", "Plan reference"),
    ("organisation", "Organisation"),
    ("inspection", "Inspection"),
    ("started_on", "Plan started on"),
    ("as_at", "As at"),
    ("exported_by", "Exported by"),
    ("exported_at", "Exported at"),
    ("filter", "Actions included"),
]
ABOUT_LABELS = {label.lower(): key for key, label in ABOUT_ROWS}
ABOUT_COLUMNS = [Column("item", "Item", 24, SHORT), Column("value", "Value", 72, TEXT)]
