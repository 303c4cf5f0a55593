"""The plan as it is now and as it was when the workbook was exported, and the three-way comparison.

Everything the comparison needs is loaded up front in a fixed number of queries, so a
6,800-row workbook costs the same handful of queries as a 10-row one. Where the workbook
says when it was exported, each field is compared three ways (the workbook, the plan now,
the plan at export): a field the workbook left alone never undoes a change made in the
plan since, and a field changed in both is a problem.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.utils import timezone

from actionplan.asat import end_of_day, local_zone
from actionplan.excel import columns as C
from actionplan.excel.read.cells import collapse, uk_date
from actionplan.history import versions_as_at
from actionplan.models import (
    Action,
    ActionLead,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Person,
    Plan,
    ProgressNote,
    Recommendation,
    RecommendationSummary,
    Status,
    TimescaleGroup,
)
from actionplan.models.action import notes_newest_first
from actionplan.rag import suggested_rag

NO_BASE = object()  # the workbook does not say when it was exported: compare with the plan only


def same(a, b) -> bool:
    return collapse(str(a or "")) == collapse(str(b or ""))


def show(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, date):
        return uk_date(value)
    return str(value)


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


def rag_text(override) -> str:
    return f"{C.rag_label(override[0])}: {override[1]}" if override and override[0] else "—"


class PlanState:
    """The plan as it is now, read in one query per kind of thing."""

    def __init__(self, plan: Plan | None):
        self.plan = plan
        pid = plan.pk if plan else None
        self.groups = {g.name: g for g in TimescaleGroup.objects.filter(plan_id=pid)}
        self.people = {p.initials: p for p in Person.objects.filter(plan_id=pid)}
        self.recs = {r.number: r for r in Recommendation.objects.filter(plan_id=pid).select_related("group")}
        actions = Action.objects.filter(recommendation__plan_id=pid).select_related("recommendation")
        self.actions = {a.pk: a for a in actions}
        self.by_words = {(a.recommendation.number, collapse(a.description).lower()): a for a in self.actions.values()}
        self.by_reference = {a.reference: a for a in self.actions.values()}
        # The Lead cell an action with no lead written gets in the export (columns.lead_cell): its leads.
        leads = defaultdict(list)
        for lead in ActionLead.objects.filter(action__recommendation__plan_id=pid).select_related("person"):
            leads[lead.action_id].append((lead.person.initials, lead.qualifier))
        self.lead_cells = {pk: ", ".join(f"{i} {q}".strip() for i, q in found) for pk, found in leads.items()}
        self.positions = defaultdict(set)
        for a in self.actions.values():
            self.positions[a.recommendation.number].add(a.position)
        self.notes = defaultdict(list)
        notes = ProgressNote.objects.filter(action__recommendation__plan_id=pid)
        for n in notes.order_by(*notes_newest_first()):
            self.notes[n.action_id].append(n)
        self.summaries = {}
        for s in RecommendationSummary.objects.filter(recommendation__plan_id=pid).order_by("date", "pk"):
            self.summaries[s.recommendation_id] = s
        self.indicators = {i.code: i for i in Indicator.objects.filter(plan_id=pid)}
        self.figures = {}
        for model, kind in ((IndicatorTarget, C.TARGET), (IndicatorValue, C.VALUE)):
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
        return row.rag_override or suggested_rag(row, self.base_day)

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
    exported = exported.replace(tzinfo=local_zone()) if exported.tzinfo is None else exported
    as_at = about.get("as_at")
    as_at = as_at.date() if isinstance(as_at, datetime) else as_at
    if isinstance(as_at, date) and as_at < exported.date():
        return end_of_day(as_at)
    # "Exported at" was taken just before the plan was read; a millisecond back allows for rounding
    # in the spreadsheet, so the comparison never counts a later change as part of the export.
    return exported - timedelta(milliseconds=1)
