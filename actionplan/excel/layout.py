"""The workbook's layout, shared by the exporter (what it writes) and the importer (what it reads).

The "Action plan" sheet follows the council's own table (Recommendation, Action to be
taken, Lead, By when, Progress to date, People/Partners, Additional capacity requirement,
Target/Success criteria) with the columns the software adds: the recommendation's number
and timescale group on every row (so a filter works), the due date read from "By when",
status, RAG and the action's id, which lets an import find the action again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from actionplan.rag import Rag, Status, scheme_choices

ACTION_SHEET = "Action plan"
SUMMARY_SHEET = "Summary"
NOTES_SHEET = "Progress notes"
INDICATORS_SHEET = "Indicators"
PEOPLE_SHEET = "People"
ABOUT_SHEET = "About"

# The "Progress to date" cell ends with this line when the notes do not all fit in one
# cell (Excel holds at most 32,767 characters); the importer knows to skip it.
CELL_LIMIT = 32_767
MORE_NOTES = "[{count} older notes are on the 'Progress notes' sheet]"
MORE_NOTES_RE = re.compile(r"^\[\d+ older notes? (?:are|is) on the 'Progress notes' sheet\]$")

# Kinds decide the cell style on export and the reading on import.
TEXT, SHORT, INT, DATE, DATETIME, RAG, STATUS, NUMBER = (
    "text", "short", "int", "date", "datetime", "rag", "status", "number"
)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    kind: str = TEXT
    # Other headings that mean the same column (the seed's spelling, common variants).
    aliases: tuple[str, ...] = field(default=())


def normalise_header(text) -> str:
    """'People/ Partners' -> 'people/partners'; 'Action to be Taken' -> 'action to be taken'."""
    s = " ".join(str(text or "").lower().split())
    s = re.sub(r"\s*/\s*", "/", s)
    return s.strip(" :*")


ACTION_COLUMNS = [
    Column("ref", "Ref", 6, SHORT),
    Column("group", "Timescale group", 11, SHORT, ("timescale", "group", "jar timescale")),
    Column("rec_number", "Rec. no.", 5, INT, ("rec no", "rec no.", "recommendation number", "rec")),
    Column("recommendation", "Recommendation", 24, TEXT),
    Column("action", "Action to be taken", 34, TEXT, ("action", "action to be taken")),
    Column("lead", "Lead", 9, SHORT),
    Column("by_when", "By when", 12, SHORT, ("by when (as written)",)),
    Column("due_date", "Due date", 11, DATE),
    Column("status", "Status", 11, STATUS),
    Column("rag", "RAG", 7, RAG, ("rag status", "rag rating")),
    Column("rag_reason", "RAG reason (when set by hand)", 15, TEXT, ("rag reason",)),
    Column("progress", "Progress to date", 50, TEXT),
    Column("partners", "People/Partners", 16, TEXT, ("people/ partners", "partners")),
    Column("capacity", "Additional capacity requirement", 20, TEXT),
    Column("success", "Target/Success criteria", 24, TEXT, ("target/success criteria", "success criteria")),
    Column("action_id", "Action ID (used on import; do not change)", 9, INT, ("action id", "id")),
]
# An import needs at least these to know which action a row is.
REQUIRED_ACTION_COLUMNS = ("recommendation", "action")

SUMMARY_COLUMNS = [
    Column("group", "Timescale group", 16, SHORT),
    Column("rec_number", "Rec. no.", 6, INT),
    Column("recommendation", "Recommendation", 45, TEXT),
    Column("rag", "RAG", 8, RAG),
    Column("rag_reason", "RAG reason (when set by hand)", 22, TEXT),
    Column("completed", "Completed", 10, INT),
    Column("total", "Actions (not cancelled)", 10, INT),
    Column("summary_date", "Summary date", 12, DATE),
    Column("summary", "Latest summary of progress", 60, TEXT),
    Column("summary_rag", "Summary RAG", 9, RAG),
]

NOTE_COLUMNS = [
    Column("ref", "Ref", 7, SHORT),
    Column("rec_number", "Rec. no.", 6, INT),
    Column("action", "Action to be taken", 40, TEXT),
    Column("date", "Date", 12, DATE),
    Column("note", "Note", 60, TEXT),
    Column("author", "Author", 9, SHORT),
    Column("recorded_by", "Recorded by", 16, SHORT),
    Column("recorded_at", "Recorded at", 17, DATETIME),
    Column("action_id", "Action ID", 10, INT),
]

INDICATOR_COLUMNS = [
    Column("code", "Code", 9, SHORT),
    Column("title", "Indicator", 45, TEXT),
    Column("unit", "Unit", 16, SHORT),
    Column("higher_is_better", "Higher is better", 9, SHORT),
    Column("kind", "Target or value", 10, SHORT),
    Column("period", "Period", 14, SHORT),
    Column("period_end", "Period end", 12, DATE),
    Column("value", "Figure", 10, NUMBER),
    Column("note", "Note", 50, TEXT),
]
TARGET, VALUE = "Target", "Value"

PEOPLE_COLUMNS = [
    Column("initials", "Initials", 9, SHORT),
    Column("name", "Name", 24, SHORT),
    Column("job_title", "Job title", 40, TEXT),
    Column("organisation", "Organisation", 28, SHORT),
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
