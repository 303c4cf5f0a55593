"""What an import would change: the set of changes, one item per person, recommendation, action, indicator.

Built by the comparison (compare.plan, compare.actions), shown by the dry run, carried out by apply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from actionplan.models import Action, Plan


@dataclass
class ProposedChange:
    """One change the import would make, as the dry run shows it: 'Status: Not started → Completed'."""

    label: str
    old: str | None  # None for something added (a note, a summary): there is no "before"
    new: str

    def __str__(self) -> str:
        return f"{self.label}: {self.new}" if self.old is None else f"{self.label}: {self.old} → {self.new}"


@dataclass
class NewNote:
    date: date | None  # None only for a note the workbook marks undated ("Undated (in the plan as at …)")
    text: str
    author: str = ""  # initials, from the Progress notes sheet when it names one
    recorded_on: date | None = None  # an undated note's day in the plan, as the workbook gives it
    date_is_month: bool = False  # the date names only a month ("March 2006: …"): its last day, shown as the month


@dataclass
class ActionItem:
    row: int
    rec_number: int
    description: str
    position: int = 0
    action_id: int | None = None  # an existing action; None for a new one
    version: int | None = None
    fields: dict = field(default_factory=dict)  # model field -> value to save
    leads: list[tuple[str, str]] | None = None  # (initials, qualifier) to set; None: unchanged
    changes: list[ProposedChange] = field(default_factory=list)
    notes: list[NewNote] = field(default_factory=list)

    @property
    def ref(self) -> str:
        return Action.reference_of(self.rec_number, self.position)


@dataclass
class RecommendationItem:
    number: int
    row: int
    sheet: str
    is_new: bool
    fields: dict = field(default_factory=dict)  # text, group (name), rag_override, rag_override_reason
    changes: list[ProposedChange] = field(default_factory=list)
    summary: tuple[date, str, str] | None = None  # a new dated summary of progress


@dataclass
class PersonItem:
    initials: str
    is_new: bool
    fields: dict = field(default_factory=dict)
    changes: list[ProposedChange] = field(default_factory=list)


@dataclass
class IndicatorItem:
    code: str
    indicator_id: int | None
    fields: dict = field(default_factory=dict)
    changes: list[ProposedChange] = field(default_factory=list)
    new_figures: list = field(default_factory=list)  # (kind, period, period_end, value, note)
    changed_figures: list = field(default_factory=list)  # (kind, pk, fields)


@dataclass
class ChangeSet:
    """Every change an import would make to one plan; the dry run shows it, apply carries it out."""

    file_name: str
    slug: str
    plan: Plan | None
    new_plan: dict = field(default_factory=dict)  # Plan fields when the plan is created
    new_groups: list[str] = field(default_factory=list)
    people: list[PersonItem] = field(default_factory=list)
    recommendations: list[RecommendationItem] = field(default_factory=list)
    new_actions: list[ActionItem] = field(default_factory=list)
    changed_actions: list[ActionItem] = field(default_factory=list)
    unchanged: int = 0
    not_in_file: int = 0
    indicators: list[IndicatorItem] = field(default_factory=list)

    @property
    def new_notes(self) -> int:
        return sum(len(a.notes) for a in (*self.new_actions, *self.changed_actions))
