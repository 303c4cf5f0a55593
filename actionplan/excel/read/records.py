"""What the import reads from a workbook: plain records, one per row, before any comparison.

A field that is None means the workbook has no such column: that field is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from actionplan.excel.read.progress import NoteText


@dataclass
class SheetAction:
    row: int
    rec_number: int
    description: str
    action_id: int | None = None
    ref: str = ""
    # None for a column the workbook does not have: that field is left as it is.
    lead_text: str | None = None
    leads: tuple[tuple[str, str], ...] | None = None
    by_when: str | None = None
    status: str | None = None
    rag: str | None = None
    rag_reason: str | None = None
    progress_text: str | None = None
    notes: list[NoteText] | None = None
    partners: str | None = None
    capacity: str | None = None
    success_criteria: str | None = None


@dataclass
class SheetRecommendation:
    number: int
    row: int
    sheet: str
    text: str = ""
    group: str = ""
    rag: str | None = None
    rag_reason: str | None = None
    summary_date: date | None = None
    summary_text: str = ""
    summary_rag: str = ""


@dataclass
class SheetPerson:
    initials: str
    row: int
    name: str = ""
    job_title: str = ""
    organisation: str = ""


@dataclass
class SheetFigure:
    kind: str
    period: str
    period_end: date | None
    value: object
    note: str
    row: int


@dataclass
class SheetIndicator:
    code: str
    row: int
    title: str = ""
    unit: str = ""
    higher_is_better: bool = True
    figures: list[SheetFigure] = field(default_factory=list)


@dataclass
class ParsedWorkbook:
    action_sheet: str = ""
    columns: set[str] = field(default_factory=set)
    actions: list[SheetAction] = field(default_factory=list)
    recommendations: dict[int, SheetRecommendation] = field(default_factory=dict)
    people: dict[str, SheetPerson] = field(default_factory=dict)
    indicators: dict[str, SheetIndicator] = field(default_factory=dict)
    about: dict[str, object] = field(default_factory=dict)
    # (action id or ref, date, collapsed text) -> author initials, from the Progress notes sheet
    note_authors: dict[tuple, str] = field(default_factory=dict)
    dates_seen: list[date] = field(default_factory=list)

    @property
    def ours(self) -> bool:
        """Written by our exporter (or laid out like it): blank leads mean "no lead"."""
        return "action_id" in self.columns or "rec_number" in self.columns
