"""The plan as it stood at a moment, read from the history tables.

Everything here is "true time travel": rows recorded after the moment are invisible,
and each object appears as its last version at or before it. A fixed number of
queries (one per kind of object) whatever the size of the plan.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from actionplan.asat import end_of_day, local_day
from actionplan.history import versions_as_at
from actionplan.models import (
    Action,
    ActionLead,
    Person,
    Plan,
    ProgressNote,
    Rag,
    Recommendation,
    RecommendationSummary,
    Status,
    TimescaleGroup,
)
from actionplan.models.action import note_day, notes_newest_first
from actionplan.rag import action_rag, completed_rag, roll_up, suggested_rag
from actionplan.reported import RecommendationRag, RedAction, ReportedRag, recommendation_rag
from actionplan.selectors.completions import undated_completions
from actionplan.selectors.reported import (
    Summaries,
    override_set_annotations,
    red_action,
    reported_from,
    summaries_by_recommendation,
)
from actionplan.updates import UpdateState, rag_basis, update_state

Day = date  # the field `date` below shadows the type inside the class


@dataclass
class NoteState:
    id: int
    date: date | None  # None: the note's text gives no date (shown "Undated (in the plan as at …)")
    text: str
    author: str
    recorded_at: datetime
    date_is_month: bool = False  # the text names only a month: `date` is its last day, shown as the month

    @property
    def day(self) -> Day:
        """Where the note sits in the log (its date, else the day it was recorded): for ordering only."""
        return note_day(self.date, self.recorded_at)


@dataclass
class ActionState:
    id: int
    reference: str
    position: int
    description: str
    lead_text: str
    leads: list[tuple[str, str]]
    by_when: str
    start_date: date | None
    due_date: date | None
    recurrence: str
    date_flag: str
    status: str
    completed_on: date | None
    completed_on_is_month: bool  # the sources name only the month: shown "March 2006", never its last day
    # When a completion with no date in the sources was recorded (completed_on None); else None.
    completion_recorded: datetime | None
    suggested_rag: str | None
    rag: str | None
    rag_override: str  # a person's RAG, "" when none (the RAG is then the suggestion)
    rag_override_reason: str
    partners: str
    capacity: str
    success_criteria: str
    notes: list[NoteState] = field(default_factory=list)
    last_update: date | None = None  # the local day the latest note was recorded (actionplan.updates)
    update_state: str = UpdateState.CURRENT
    rag_basis: str = ""  # the RAG's basis in words; an override shows the suggestion it overrode

    @property
    def by_when_text(self) -> str:
        """"By when" under the Action field's name, so a page's deadline include reads either."""
        return self.by_when


@dataclass
class RecommendationState:
    id: int
    number: int
    text: str
    group: str
    group_order: int
    rag_view: RecommendationRag  # reported beside suggested, and why they differ
    summary_text: str
    summary_date: date | None
    summary_rag: str
    actions: list[ActionState] = field(default_factory=list)

    @property
    def rag(self) -> str | None:
        """The lead RAG: the reported one when there is one, else the actions' suggestion."""
        return self.rag_view.lead

    @property
    def reported(self) -> ReportedRag | None:
        return self.rag_view.reported

    @property
    def suggested_rag(self) -> str | None:
        return self.rag_view.suggested

    @property
    def completed_count(self) -> int:
        return sum(1 for a in self.actions if a.status == Status.COMPLETED)

    @property
    def live_count(self) -> int:
        return sum(1 for a in self.actions if a.status != Status.CANCELLED)


@dataclass
class PlanSnapshot:
    plan: Plan
    as_at: date
    recommendations: list[RecommendationState]


def plan_snapshot(plan: Plan, as_at: date | None = None, *, only: int | None = None) -> PlanSnapshot:
    """The plan as recorded at the end of `as_at` (default: now, RAG judged today); with `only`,
    just the recommendation of that id."""
    return plan_snapshots([plan], as_at, only=only)[0]


def plan_snapshots(plans: list[Plan], as_at: date | None = None, *, only: int | None = None) -> list[PlanSnapshot]:
    """`plan_snapshot` of several plans at once, in the order given: the same queries, each once for all
    of them (the API's action list across plans stays within its query budget)."""
    moment, on = _moment_and_day(as_at)
    plan_ids = [p.pk for p in plans]
    which: dict = {"plan_id__in": plan_ids} if only is None else {"plan_id__in": plan_ids, "id": only}
    recs = list(
        versions_as_at(Recommendation, moment, **which)
        .annotate(**override_set_annotations(moment))
        .order_by("number")
    )
    groups = {g.id: g for g in versions_as_at(TimescaleGroup, moment, plan_id__in=plan_ids)}
    rec_ids = [r.id for r in recs]
    actions = list(versions_as_at(Action, moment, recommendation_id__in=rec_ids).order_by("position"))
    people = {p.id: p.initials for p in versions_as_at(Person, moment, plan_id__in=plan_ids)}
    summaries = summaries_by_recommendation(
        versions_as_at(RecommendationSummary, moment, recommendation_id__in=rec_ids), on
    )
    by_rec = defaultdict(list)
    states = _action_states(actions, {r.id: r.number for r in recs}, people, moment, on)
    for a, state in zip(actions, states, strict=True):
        by_rec[a.recommendation_id].append(state)
    by_plan = defaultdict(list)
    for r in recs:
        by_plan[r.plan_id].append(
            _recommendation_state(r, groups.get(r.group_id), summaries.get(r.id), by_rec.get(r.id, []), on)
        )
    return [PlanSnapshot(plan=p, as_at=on, recommendations=by_plan.get(p.pk, [])) for p in plans]


def actions_as_at(action_ids: list[int], as_at: date | None = None) -> dict[int, ActionState]:
    """The actions of these ids as `plan_snapshot` has them (the same reads and rules, for these
    actions alone): what a page of a list shows, whatever the size of the plans. An action not yet
    in its plan at the end of `as_at` is left out. A fixed number of queries."""
    moment, on = _moment_and_day(as_at)
    actions = list(versions_as_at(Action, moment, id__in=action_ids))
    recs = list(versions_as_at(Recommendation, moment, id__in={a.recommendation_id for a in actions}))
    actions = [a for a in actions if a.recommendation_id in {r.id for r in recs}]
    # The people of the actions' plans, as a snapshot of their plan reads them.
    people = {p.id: p.initials for p in versions_as_at(Person, moment, plan_id__in={r.plan_id for r in recs})}
    states = _action_states(actions, {r.id: r.number for r in recs}, people, moment, on)
    return {state.id: state for state in states}


def _moment_and_day(as_at: date | None) -> tuple[datetime, date]:
    """The instant a snapshot reads the history at, and the day it judges RAG on."""
    if as_at is None:
        return timezone.now(), timezone.localdate()
    return end_of_day(as_at), as_at


def _action_states(
    actions: list, rec_numbers: dict[int, int], people: dict[int, str], moment: datetime, on: date
) -> list[ActionState]:
    """The actions (versions read at `moment`) as they stood, with their leads, notes and completions."""
    leads, notes = _leads_and_notes(moment, [a.id for a in actions], people)
    completions = undated_completions(actions, moment)
    states = []
    for a in actions:
        state = _action_state(a, rec_numbers, leads, notes, on)
        state.completion_recorded = completions.get(a.id)
        states.append(state)
    return states


def recommendation_as_at(rec: Recommendation, as_at: date | None) -> tuple[RecommendationState | None, list]:
    """One recommendation as recorded at the end of `as_at` (default: now), and its summaries of
    progress as they then stood, latest dated first; None when it was not yet in the plan."""
    snapshot = plan_snapshot(rec.plan, as_at, only=rec.pk)
    if not snapshot.recommendations:
        return None, []
    moment = timezone.now() if as_at is None else end_of_day(as_at)
    summaries = versions_as_at(RecommendationSummary, moment, recommendation_id=rec.pk).order_by("-date", "-id")
    return snapshot.recommendations[0], list(summaries)


def _leads_and_notes(moment: datetime, action_ids: list[int], people: dict[int, str]) -> tuple[dict, dict]:
    """Each action's leads (initials, qualifier) in order, and its progress notes newest first."""
    leads = defaultdict(list)
    for lead in versions_as_at(ActionLead, moment, action_id__in=action_ids).order_by("position"):
        leads[lead.action_id].append((people.get(lead.person_id, "?"), lead.qualifier))
    notes = defaultdict(list)
    # Plain values, not model instances: a plan's notes run to thousands, and building a model for each
    # was most of a big plan's snapshot (the workbook export reads every note).
    note_rows = (
        versions_as_at(ProgressNote, moment, action_id__in=action_ids)
        .order_by(*notes_newest_first())
        .values_list("id", "action_id", "note_date", "text", "author_id", "recorded_at", "note_date_is_month")
    )
    for pk, action_id, note_date, text, author_id, recorded_at, is_month in note_rows:
        notes[action_id].append(NoteState(pk, note_date, text, people.get(author_id, ""), recorded_at, is_month))
    return leads, notes


def _action_state(a: Action, rec_numbers: dict[int, int], leads: dict, notes: dict, on: date) -> ActionState:
    """One action as it stood, its RAG judged on `on` (none once cancelled)."""
    suggested, rag = suggested_rag(a, on), action_rag(a, on)
    action_notes = notes.get(a.id, [])
    last = local_day(max((n.recorded_at for n in action_notes), default=None))
    return ActionState(
        id=a.id,
        reference=Action.reference_of(rec_numbers[a.recommendation_id], a.position),
        position=a.position,
        description=a.description,
        lead_text=a.lead_text,
        leads=leads.get(a.id, []),
        by_when=a.by_when_text,
        start_date=a.start_date,
        due_date=a.due_date,
        recurrence=a.recurrence,
        date_flag=a.date_flag,
        status=a.status,
        completed_on=a.completed_on,
        completed_on_is_month=a.completed_on_is_month,
        completion_recorded=None,
        suggested_rag=suggested,
        rag=rag,
        rag_override=a.rag_override if rag else "",
        rag_override_reason=a.rag_override_reason if a.rag_override and rag else "",
        partners=a.partners,
        capacity=a.capacity,
        success_criteria=a.success_criteria,
        notes=action_notes,
        last_update=last,
        update_state=update_state(
            status=a.status, due_date=a.due_date, date_flag=a.date_flag, last_update=last, on=on
        ),
        rag_basis=rag_basis(a, suggested=suggested, last_update=last, on=on),
    )


def _red_actions(actions: list[ActionState], on: date) -> list[RedAction]:
    """The Red actions' facts for the line saying why the actions suggest Red."""
    reds = []
    for a in actions:
        if a.rag != Rag.RED:
            continue
        recorded = [timezone.localdate(n.recorded_at) for n in a.notes if n.recorded_at]
        reds.append(red_action(reference=a.reference, status=a.status, suggested=a.suggested_rag,
                               due_date=a.due_date, date_flag=a.date_flag,
                               last_update=max(recorded, default=None), on=on))
    return reds


def _recommendation_state(
    r: Recommendation,
    group: TimescaleGroup | None,
    summaries: Summaries | None,
    actions: list[ActionState],
    on: date,
) -> RecommendationState:
    """One recommendation as it stood: the RAG reported for it beside the roll-up of its actions'."""
    summary = (summaries.latest if summaries else None) or {}
    live = [a for a in actions if a.rag]
    rag_view = recommendation_rag(
        reported_from(r, summaries.reported if summaries else None, on),
        suggested=roll_up(a.rag for a in actions),
        live=len(live),
        done=sum(1 for a in live if a.rag == completed_rag()),
        reds=_red_actions(actions, on),
    )
    return RecommendationState(
        id=r.id,
        number=r.number,
        text=r.text,
        group=group.name if group else "",
        group_order=group.order if group else 0,
        rag_view=rag_view,
        summary_text=summary.get("text", ""),
        summary_date=summary.get("date"),
        summary_rag=summary.get("rag", ""),
        actions=actions,
    )
