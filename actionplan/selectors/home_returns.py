"""The reporting cycle on the home pages, by the rules of `actionplan.rounds`, `actionplan.escalation`
and `selectors.returns`, across a person's plans in a fixed number of queries: an officer's returns
for the round in focus, a plan manager's missing (or still due) returns by lead with the leads who
cannot be reminded, and a director's escalations (the same as `selectors.reminders.plan_facts`
finds for the daily emails, read for many plans at once)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, IntegerField, Value

from actionplan.asat import Moment
from actionplan.deadlines import open_q, usable_due_date
from actionplan.escalation import DIRECTOR, MISSING_ROUNDS, Why, level_for
from actionplan.models import Action, ActionLead, Plan, Recommendation
from actionplan.rounds import CalendarSpec, ReturnState, Round, in_focus, judged, missing_streak, rounds_for
from actionplan.selectors.returns import LeadRef, calendar_specs, owing_actions


def focus_rounds(plans: Sequence[Plan], on: date, specs: dict[int, CalendarSpec] | None = None) -> dict[int, Round]:
    """Each plan's round in focus on `on` (`actionplan.rounds.in_focus`); plans with no calendar
    have none (one query, none when the calendars are given)."""
    specs = calendar_specs(plans) if specs is None else specs
    found = {}
    for plan in plans:
        rnd = in_focus(rounds_for(specs[plan.pk], started_on=plan.started_on, on=on), on)
        if rnd is not None:
            found[plan.pk] = rnd
    return found


@dataclass
class OwedReturns:
    """An officer's returns for one plan's round in focus: each action they lead that owes one."""

    plan: Plan
    round: Round
    rows: list[dict]

    @property
    def outstanding(self) -> int:
        return sum(1 for r in self.rows if r["state"] != ReturnState.RECEIVED)


def returns_owed(user, plans: Sequence[Plan], rounds: dict[int, Round], on: date) -> list[OwedReturns]:
    """For each plan naming the user, the returns the actions they lead owe its round in focus
    (`rounds`, from `focus_rounds`), in one query for any number of plans."""
    named = [p for p in plans if getattr(p, "my_initials", None) and p.pk in rounds]
    led = ActionLead.objects.filter(person__user=user).values("action_id")
    rows = _owing(named, rounds, on, lambda actions: actions.filter(id__in=led),
                  ("id", "plan_ref", "rec_number", "position", "description", "received_at"))
    out = []
    for plan in named:
        rnd = rounds[plan.pk]
        judge = rnd.judged_on(on)
        mine = sorted((r for r in rows if r["plan_ref"] == plan.pk), key=lambda r: (r["rec_number"], r["position"]))
        for row in mine:
            row["reference"] = Action.reference_of(row["rec_number"], row["position"])
            row["state"] = rnd.state(row["received_at"] is not None, judge)
        out.append(OwedReturns(plan, rnd, mine))
    return out


def _owing(plans: Sequence[Plan], rounds: dict[int, Round], on: date, narrow, fields) -> list[dict]:
    """The actions owing each plan's round a return (`selectors.returns.owing_actions`), narrowed,
    across the plans in one query; each row carries `plan_ref` and `rec_number`. Plans whose rounds
    share a window (opens on the same day, judged on the same day) are one part of the query: compiling
    a part per plan cost more than running the query."""
    parts = []
    for group in _by_window(plans, rounds, on):
        moment, actions = owing_actions(group, rounds[group[0].pk], on)
        parts.append(
            narrow(actions)
            .annotate(plan_ref=F("recommendation__plan_id"),  # nothing moves between plans
                      rec_number=moment.field_of(Recommendation, "number", "recommendation_id"))
            .values(*fields)
            .order_by()
        )
    return list(parts[0].union(*parts[1:], all=True)) if parts else []


def _by_window(plans: Sequence[Plan], rounds: dict[int, Round], on: date) -> list[list[Plan]]:
    """The plans, grouped by their round's window: the day it opens and the day it is judged."""
    groups: dict[tuple[date, date], list[Plan]] = {}
    for plan in plans:
        rnd = rounds[plan.pk]
        groups.setdefault((rnd.opens_on, rnd.judged_on(on)), []).append(plan)
    return list(groups.values())


@dataclass
class LeadReturns:
    lead: LeadRef
    references: list[str] = field(default_factory=list)


@dataclass
class PlanReturns:
    """A plan's round in focus: the returns not received, by lead (missing once the deadline has
    passed, due before), and the leads among them who cannot be reminded."""

    plan: Plan
    round: Round
    state: str  # of every return not received: due or missing
    by_lead: list[LeadReturns]
    unled: list[str]  # references of actions owing a return with no lead

    @property
    def state_label(self) -> str:
        return ReturnState(self.state).label.lower()

    @property
    def count(self) -> int:
        return len({ref for entry in self.by_lead for ref in entry.references} | set(self.unled))

    @property
    def cannot_be_reminded(self) -> list[LeadRef]:
        return [entry.lead for entry in self.by_lead if not entry.lead.can_be_reminded]


def returns_by_lead(plans: Sequence[Plan], rounds: dict[int, Round], on: date) -> list[PlanReturns]:
    """For each plan with a calendar, its round in focus (`rounds`, from `focus_rounds`) and the
    returns not yet received, by lead (two queries for any number of plans: the actions, their
    current leads)."""
    with_round = [p for p in plans if p.pk in rounds]
    waiting = _owing(with_round, rounds, on, lambda actions: actions.filter(received_at__isnull=True),
                     ("id", "plan_ref", "rec_number", "position"))
    by_plan: dict[int, list[dict]] = {}
    for row in sorted(waiting, key=lambda r: (r["rec_number"], r["position"])):
        by_plan.setdefault(row["plan_ref"], []).append(row)
    leads = current_leads([row["id"] for row in waiting])
    out = []
    for plan in with_round:
        rnd = rounds[plan.pk]
        by_lead: dict[int, LeadReturns] = {}
        unled = []
        for row in by_plan.get(plan.pk, []):
            reference = Action.reference_of(row["rec_number"], row["position"])
            row_leads = leads.get(row["id"])
            if not row_leads:
                unled.append(reference)
            for lead in row_leads or ():
                entry = by_lead.get(lead.person_id)
                if entry is None:
                    entry = by_lead[lead.person_id] = LeadReturns(lead)
                entry.references.append(reference)
        state = rnd.state(False, rnd.judged_on(on))
        out.append(PlanReturns(plan, rnd, state, sorted(by_lead.values(), key=lambda e: e.lead.initials), unled))
    return out


def current_leads(action_ids: list[int]) -> dict[int, list[LeadRef]]:
    """Each action's leads now, in order, with their account's email (one query); one `LeadRef` for
    each person, however many actions they lead."""
    leads: dict[int, list[LeadRef]] = {}
    people: dict[int, LeadRef] = {}
    rows = ActionLead.objects.filter(action_id__in=action_ids).order_by("action_id", "position")
    for action_id, person_id, initials, name, user_id, email, job_title in rows.values_list(
        "action_id", "person_id", "person__initials", "person__name", "person__user_id", "person__user__email",
        "person__job_title",
    ):
        lead = people.get(person_id)
        if lead is None:
            lead = people[person_id] = LeadRef(person_id, initials, name, user_id, email=email or "",
                                               job_title=job_title)
        leads.setdefault(action_id, []).append(lead)
    return leads


@dataclass
class Escalated:
    plan: Plan
    action_id: int
    reference: str
    description: str
    why: Why
    leads: list[LeadRef] = field(default_factory=list)

    @property
    def lead_names(self) -> str:
        return ", ".join(lead.full_label for lead in self.leads) or "No lead yet"


def escalations(plans: Sequence[Plan], specs: dict[int, CalendarSpec], on: date, level: int = DIRECTOR
                ) -> list[Escalated]:
    """The open actions escalated to `level` on `on` across the plans: their returns for each plan's
    last judged rounds and how long they are overdue, by `actionplan.escalation` (three queries)."""
    rounds = {p.pk: judged(rounds_for(specs[p.pk], started_on=p.started_on, on=on), on, MISSING_ROUNDS + 1)
              for p in plans}
    states = _round_states(plans, rounds, on)
    by_id = {p.pk: p for p in plans}
    moment = Moment.for_date(on)
    actions = moment.rows(Action, recommendation__plan__in=plans).filter(open_q()).annotate(
        rec_number=moment.field_of(Recommendation, "number", "recommendation_id"),
        plan_ref=moment.field_of(Recommendation, "plan_id", "recommendation_id"))
    found = []
    for row in actions.order_by("due_date", "rec_number", "position").values(
        "id", "plan_ref", "rec_number", "position", "description", "due_date", "date_flag"
    ):
        due = usable_due_date(row["due_date"], row["date_flag"])
        overdue_by = (on - due).days if due is not None and due < on else None
        plan_rounds = rounds[row["plan_ref"]]
        streak = missing_streak([states.get((row["id"], i)) for i in range(len(plan_rounds))])
        if level_for(missing_streak=streak, overdue_by=overdue_by) >= level:
            reference = Action.reference_of(row["rec_number"], row["position"])
            why = Why(tuple(plan_rounds[:streak]), overdue_by, due)
            found.append(Escalated(by_id[row["plan_ref"]], row["id"], reference, row["description"], why))
    found.sort(key=lambda e: (e.why.overdue_by is None, -(e.why.overdue_by or 0)))  # longest overdue first
    leads = current_leads([e.action_id for e in found])
    for entry in found:
        entry.leads = leads.get(entry.action_id, [])
    return found


def _round_states(plans: Sequence[Plan], rounds: dict[int, list[Round]], on: date) -> dict[tuple[int, int], str]:
    """(action id, index of the round, most recent first) -> the state of its return (one query, a
    part for each index and window the plans' rounds have: see `_owing`)."""
    parts = []
    for i in range(max((len(r) for r in rounds.values()), default=0)):
        at_i = [p for p in plans if i < len(rounds[p.pk])]
        for group in _by_window(at_i, {p.pk: rounds[p.pk][i] for p in at_i}, on):
            _, actions = owing_actions(group, rounds[group[0].pk][i], on)
            index = Value(i, output_field=IntegerField())
            parts.append(actions.annotate(plan_ref=F("recommendation__plan_id"), k=index)
                         .values("id", "plan_ref", "k", "received_at").order_by())
    found = {}
    for row in (parts[0].union(*parts[1:], all=True) if parts else []):
        rnd = rounds[row["plan_ref"]][row["k"]]
        found[(row["id"], row["k"])] = rnd.state(row["received_at"] is not None, rnd.judged_on(on))
    return found
