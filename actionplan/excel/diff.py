"""Compare a read workbook with the plan in the database: what is new, what changed, field by field.

This module holds what an import would do (ImportPlan), the plan as it is now and as
it was exported (PlanState), and the comparison of people, recommendations and
indicators; actions are compared in diff_actions.

Everything the comparison needs is loaded up front in a fixed number of queries, so a
6,800-row workbook costs the same handful of queries as a 10-row one.
"""

from __future__ import annotations

from collections import defaultdict, namedtuple
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils import timezone

from actionplan.excel import layout as L
from actionplan.excel.cells import collapse, uk_date
from actionplan.excel.problems import Problems
from actionplan.excel.sheet import ParsedWorkbook
from actionplan.history import versions_as_at
from actionplan.models import (
    Action,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Person,
    Plan,
    ProgressNote,
    Recommendation,
    RecommendationSummary,
    TimescaleGroup,
)
from actionplan.rag import Status, suggest_action_rag
from actionplan.selectors.snapshot import LONDON, end_of_day

NO_GROUP = "Timescale not given"
NO_BASE = object()  # the workbook does not say when it was exported: compare with the plan only
_NoteLike = namedtuple("_NoteLike", "date text")
ACTION_TEXT_FIELDS = [  # (model field, parsed attribute, label)
    ("description", "description", "Action to be taken"),
    ("lead_text", "lead_text", "Lead"),
    ("by_when_text", "by_when", "By when"),
    ("partners", "partners", "People/Partners"),
    ("capacity", "capacity", "Additional capacity requirement"),
    ("success_criteria", "success_criteria", "Target/Success criteria"),
]


@dataclass
class Change:
    label: str
    old: str | None  # None for something added (a note, a summary): there is no "before"
    new: str

    def __str__(self) -> str:
        return f"{self.label}: {self.new}" if self.old is None else f"{self.label}: {self.old} → {self.new}"


@dataclass
class NewNote:
    date: date
    text: str
    author: str = ""  # initials, from the Progress notes sheet when it names one


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
    changes: list[Change] = field(default_factory=list)
    notes: list[NewNote] = field(default_factory=list)

    @property
    def ref(self) -> str:
        return f"{self.rec_number}.{self.position}"


@dataclass
class RecommendationItem:
    number: int
    row: int
    sheet: str
    is_new: bool
    fields: dict = field(default_factory=dict)  # text, group (name), rag_override, rag_override_reason
    changes: list[Change] = field(default_factory=list)
    summary: tuple[date, str, str] | None = None  # a new dated summary of progress


@dataclass
class PersonItem:
    initials: str
    is_new: bool
    fields: dict = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)


@dataclass
class IndicatorItem:
    code: str
    indicator_id: int | None
    fields: dict = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    new_figures: list = field(default_factory=list)  # (kind, period, period_end, value, note)
    changed_figures: list = field(default_factory=list)  # (kind, pk, fields)


@dataclass
class ImportPlan:
    """Everything an import would do; the dry run shows it, apply carries it out."""

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


def same(a, b) -> bool:
    return collapse(str(a or "")) == collapse(str(b or ""))


def show(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, date):
        return uk_date(value)
    return str(value)


class PlanState:
    """The plan as it is now, read in one query per kind of thing."""

    def __init__(self, plan: Plan | None):
        self.plan = plan
        pid = plan.pk if plan else None
        self.groups = {g.name: g for g in TimescaleGroup.objects.filter(plan_id=pid)}
        self.people = {p.initials: p for p in Person.objects.filter(plan_id=pid)}
        self.recs = {r.number: r for r in Recommendation.objects.filter(plan_id=pid).select_related("group")}
        self.actions = {a.pk: a for a in Action.objects.filter(recommendation__plan_id=pid).select_related("recommendation")}
        self.by_words = {(a.recommendation.number, collapse(a.description).lower()): a for a in self.actions.values()}
        self.positions = defaultdict(set)
        for a in self.actions.values():
            self.positions[a.recommendation.number].add(a.position)
        self.notes = defaultdict(list)
        for n in ProgressNote.objects.filter(action__recommendation__plan_id=pid).order_by("-note_date", "-recorded_at", "id"):
            self.notes[n.action_id].append(n)
        self.summaries = {}
        for s in RecommendationSummary.objects.filter(recommendation__plan_id=pid).order_by("date", "pk"):
            self.summaries[s.recommendation_id] = s
        self.indicators = {i.code: i for i in Indicator.objects.filter(plan_id=pid)}
        self.figures = {}
        for model, kind in ((IndicatorTarget, L.TARGET), (IndicatorValue, L.VALUE)):
            for f in model.objects.filter(indicator__plan_id=pid):
                self.figures[(f.indicator_id, kind, f.period)] = f
        self.base_actions: dict[int, object] = {}
        self.base_recs: dict[int, object] = {}
        self.has_base = False

    def load_base(self, moment: datetime) -> None:
        """The plan as it was when the workbook was exported, from the history (two queries)."""
        pid = self.plan.pk
        self.base_recs = {r.number: r for r in versions_as_at(Recommendation, moment, plan_id=pid)}
        groups = {g.id: g.name for g in versions_as_at(TimescaleGroup, moment, plan_id=pid)}
        for r in self.base_recs.values():
            r.group_name = groups.get(r.group_id, "")
        rec_ids = [r.id for r in self.base_recs.values()]
        self.base_actions = {a.id: a for a in versions_as_at(Action, moment, recommendation_id__in=rec_ids)}
        self.has_base = True
        self.base_day = timezone.localtime(moment).date()

    def exported_rag(self, action_id: int):
        """The RAG the workbook showed for an action when it was exported (NO_BASE if unknown)."""
        row = self.base_actions.get(action_id) if self.has_base else None
        if row is None:
            return NO_BASE
        if row.status == Status.CANCELLED:
            return None
        return row.rag_override or suggest_action_rag(status=row.status, due_date=row.due_date, on=self.base_day)

    def base_of(self, table: dict, key, attr):
        if not self.has_base:
            return NO_BASE
        row = table.get(key)
        return NO_BASE if row is None else attr(row) if callable(attr) else getattr(row, attr)


def export_moment(about: dict) -> datetime | None:
    """When the workbook's figures were taken: the end of its as-at day, or the moment of export."""
    exported = about.get("exported_at")
    if not isinstance(exported, datetime):
        return None
    exported = exported.replace(tzinfo=LONDON) if exported.tzinfo is None else exported
    as_at = about.get("as_at")
    as_at = as_at.date() if isinstance(as_at, datetime) else as_at
    if isinstance(as_at, date) and as_at < exported.date():
        return end_of_day(as_at)
    # "Exported at" was taken just before the plan was read; a millisecond back allows for rounding
    # in the spreadsheet, so the comparison never counts a later change as part of the export.
    return exported - timedelta(milliseconds=1)


def decide(new, old, base, equal=None) -> str:
    """'keep' (nothing to do), 'apply', or 'conflict' (both the workbook and the plan changed it)."""
    equal = equal or same
    if equal(new, old):
        return "keep"
    if base is NO_BASE:
        return "apply"
    if equal(new, base):
        return "keep"  # untouched in the workbook; the plan changed since the export: the plan's stands
    if equal(old, base):
        return "apply"
    return "conflict"


def conflict_message(label: str, old: str, new: str, base: str) -> str:
    return (f"{label} was changed in the plan after this workbook was exported (it is now '{old}'; it was "
            f"'{base}', and the workbook has '{new}'): export the plan again and make the change there")


def choose_plan(parsed: ParsedWorkbook, slug: str | None, problems: Problems):
    slug = (slug or str(parsed.about.get("slug") or "")).strip()
    if not slug:
        problems.block(L.ABOUT_SHEET, None, "Plan reference",
                       "the workbook does not say which plan it is: choose the plan to import into")
        return "", None
    try:
        validate_slug(slug)
    except ValidationError:
        problems.block("", None, "", f"'{slug}' cannot be a plan reference: use letters, numbers and hyphens only")
        return slug, None
    return slug, Plan.objects.filter(slug=slug).first()


def new_plan_fields(parsed: ParsedWorkbook, slug: str, file_name: str, organisation: str) -> dict:
    about = parsed.about
    started = about.get("started_on")
    started = started.date() if hasattr(started, "date") else started
    if not isinstance(started, date):
        started = min(parsed.dates_seen, default=timezone.localdate())
    return {
        "slug": slug,
        "title": str(about.get("plan") or PurePath(file_name).stem)[:300],
        "organisation": str(about.get("organisation") or organisation)[:200],
        "source_inspection": str(about.get("inspection") or "")[:300],
        "started_on": started,
    }


def diff_people(parsed, db: PlanState, result: ImportPlan, problems: Problems, create_people: bool) -> None:
    for initials, row in parsed.people.items():
        wanted = {"name": row.name, "job_title": row.job_title, "organisation": row.organisation}
        person = db.people.get(initials)
        if person is None:
            result.people.append(PersonItem(initials, True, wanted))
            continue
        changes = [Change(k.replace("_", " ").capitalize(), show(getattr(person, k)), show(v))
                   for k, v in wanted.items() if not same(getattr(person, k), v)]
        if changes:
            result.people.append(PersonItem(initials, False, wanted, changes))
    known = set(db.people) | set(parsed.people)
    for a in parsed.actions:
        for initials, _ in a.leads or ():
            if initials in known:
                continue
            if create_people:
                result.people.append(PersonItem(initials, True, {"name": "", "job_title": "", "organisation": ""}))
                problems.warn(parsed.action_sheet, a.row, "Lead",
                              f"{initials} is a new person: added to the plan's index to initials with no name yet")
                known.add(initials)
            else:
                problems.block(parsed.action_sheet, a.row, "Lead",
                               f"{initials} is not on the People sheet nor among the plan's people: add them to the "
                               "People sheet, or choose to create people from unknown initials")


def diff_recommendations(parsed, db: PlanState, result: ImportPlan, problems: Problems) -> None:
    for number in sorted(parsed.recommendations):
        row = parsed.recommendations[number]
        rec = db.recs.get(number)
        group = row.group or (rec.group.name if rec else NO_GROUP)
        if group not in db.groups and group not in result.new_groups:
            result.new_groups.append(group)
        item = RecommendationItem(number, row.row, row.sheet, rec is None)
        if rec is None:
            if not row.text:
                problems.block(row.sheet, row.row, "Recommendation", f"recommendation {number} has no words")
            item.fields = {"text": row.text, "group": group}
        else:
            for label, name, new, old, base in (
                ("Recommendation", "text", row.text, rec.text, db.base_of(db.base_recs, number, "text")),
                ("Timescale group", "group", row.group, rec.group.name,
                 db.base_of(db.base_recs, number, "group_name")),
            ):
                if not new:
                    continue
                verdict = decide(new, old, base)
                if verdict == "apply":
                    item.fields[name] = new
                    item.changes.append(Change(label, old, new))
                elif verdict == "conflict":
                    problems.block(row.sheet, row.row, label, conflict_message(
                        f"Recommendation {number}'s {label.lower()}", old, new, base))
        _diff_recommendation_rag(row, rec, item, db, problems)
        latest = db.summaries.get(rec.pk) if rec else None
        if row.summary_text and row.summary_date and not (
            latest and latest.date == row.summary_date and same(latest.text, row.summary_text)
        ):
            item.summary = (row.summary_date, row.summary_text, row.summary_rag)
            item.changes.append(Change(f"New summary of progress dated {uk_date(row.summary_date)}", None,
                                       row.summary_text))
        if item.is_new or item.changes or item.fields:
            result.recommendations.append(item)


def _diff_recommendation_rag(row, rec, item: RecommendationItem, db: PlanState, problems: Problems) -> None:
    """A recommendation's RAG is set by hand only with a reason (as in the browser)."""
    if row.rag_reason is None:
        return  # no reason column: the RAG shown is the rolled-up one, nothing to set
    current = (rec.rag_override, rec.rag_override_reason) if rec else ("", "")
    wanted = (row.rag or "", row.rag_reason) if row.rag_reason else ("", "")
    base = db.base_of(db.base_recs, row.number, lambda r: (r.rag_override, r.rag_override_reason))
    verdict = decide(wanted, current, base, equal=lambda a, b: tuple(a) == tuple(b))
    if verdict == "conflict":
        problems.block(row.sheet, row.row, "RAG", conflict_message(
            f"Recommendation {row.number}'s RAG set by hand", rag_text(current), rag_text(wanted), rag_text(base)))
    if verdict == "apply":
        item.fields["rag_override"], item.fields["rag_override_reason"] = wanted
        if rec is not None:
            new = rag_text(wanted) if wanted[0] else "removed (the actions' RAG applies)"
            item.changes.append(Change("RAG set by hand", rag_text(current), new))


def rag_text(override) -> str:
    return f"{L.rag_label(override[0])}: {override[1]}" if override and override[0] else "—"


def diff_indicators(parsed, db: PlanState, result: ImportPlan) -> None:
    for code, row in parsed.indicators.items():
        ind = db.indicators.get(code)
        wanted = {"title": row.title, "unit": row.unit, "higher_is_better": row.higher_is_better}
        item = IndicatorItem(code, ind.pk if ind else None, wanted if ind is None else {})
        if ind is not None:
            for k, v in wanted.items():
                if not same(getattr(ind, k), v):
                    item.fields[k] = v
                    item.changes.append(Change(f"{code} {k.replace('_', ' ')}", show(getattr(ind, k)), show(v)))
        for f in row.figures:
            figure = db.figures.get((ind.pk, f.kind, f.period)) if ind else None
            values = {"period_end": f.period_end, "value": f.value, "note": f.note}
            if figure is None:
                item.new_figures.append((f.kind, f.period, f.period_end, f.value, f.note))
                item.changes.append(Change(f"{code} new {f.kind.lower()} for {f.period or 'no period'}", None,
                                           show(f.value)))
                continue
            changed = {k: v for k, v in values.items() if not _equal_figure(getattr(figure, k), v)}
            if changed:
                item.changed_figures.append((f.kind, figure.pk, changed))
                item.changes.append(Change(f"{code} {f.kind.lower()} for {f.period}", show(figure.value),
                                           show(f.value)))
        if ind is None or item.changes:
            result.indicators.append(item)


def _equal_figure(old, new) -> bool:
    if old is None or new is None or new == "":
        return (old is None or old == "") and (new is None or new == "")
    try:
        return float(old) == float(new)
    except (TypeError, ValueError):
        return same(old, new)
