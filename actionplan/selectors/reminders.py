"""What each plan owes on a day, read once per plan for the daily reminders (`send_reminders`).

For one plan on one day: its open actions as they stood (with their usable due date and leads),
the return each owes the round whose returns are being asked for (`Round.asking`), and whether it
is escalated (`actionplan.escalation`) from the last rounds' returns and how long it is overdue.
Seven queries a plan at most, whatever its size; nothing is read per person or per action.
`selectors.notices` turns these facts into one email per person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from actionplan.asat import Moment
from actionplan.deadlines import open_q, usable_due_date
from actionplan.escalation import MISSING_ROUNDS, Why, level_for
from actionplan.models import Action, Plan, Recommendation
from actionplan.rounds import Round, collecting, judged, missing_streak
from actionplan.selectors.returns import LeadRef, leads_as_at, plan_people, plan_rounds, round_states, window_note


def return_lead_days() -> int:
    """Leads are asked for a round's returns from this many days before its deadline
    (JARTRACKER_RETURN_REMINDER_DAYS)."""
    return settings.RETURN_REMINDER_DAYS


@dataclass
class ActionFacts:
    action_id: int
    reference: str
    description: str
    due_date: date | None  # usable (a flagged date is none: actionplan.deadlines)
    leads: list[LeadRef]
    return_state: str | None  # for the round being asked for; None when none is
    overdue_by: int | None
    escalation: int  # 0, escalation.MANAGER or escalation.DIRECTOR
    why: Why | None

    @property
    def lead_names(self) -> str:
        """"HL (Henry Lewis, Head of Children's Social Care)": escalations name the lead."""
        return ", ".join(lead.full_label for lead in self.leads) or "No lead yet"


@dataclass
class PlanFacts:
    plan: Plan
    on: date
    round: Round | None  # the round whose returns are asked for on `on`
    actions: list[ActionFacts]

    @property
    def unreachable(self) -> list[LeadRef]:
        """Leads of open actions who have no account with an email address, by initials."""
        found = {lead.person_id: lead for a in self.actions for lead in a.leads if not lead.can_be_reminded}
        return sorted(found.values(), key=lambda lead: lead.initials)


def _streaks(plan: Plan, rounds: list[Round], on: date) -> dict[int, tuple[Round, ...]]:
    """Action id -> the rounds in a row (most recent first) its return was missing from, among the
    last MISSING_ROUNDS + 1 rounds whose deadline has passed (one query each)."""
    rounds = judged(rounds, on, MISSING_ROUNDS + 1)
    states = [round_states(plan, rnd, on) for rnd in rounds]
    ids = set().union(*states) if states else set()
    return {pk: tuple(rounds[:missing_streak([s.get(pk) for s in states])]) for pk in ids}


def plan_facts(plan: Plan, on: date) -> PlanFacts:
    """Everything the day's emails need from one plan (`on` as the plan stood that day)."""
    rounds = plan_rounds(plan, on)
    asking = collecting(rounds, on)
    if asking is not None and not asking.asking(on, return_lead_days()):
        asking = None
    moment = Moment.for_date(on)
    actions = moment.rows(Action, recommendation__plan=plan).filter(open_q()).annotate(
        rec_number=moment.field_of(Recommendation, "number", "recommendation_id"))
    if asking is not None:
        actions = actions.annotate(received_at=window_note(moment, asking, on))
    people = plan_people(plan)
    leads = leads_as_at(moment, actions.values("id"), people)
    streaks = _streaks(plan, rounds, on)
    fields = ["id", "rec_number", "position", "description", "due_date", "date_flag"]
    found = []
    for row in actions.order_by("rec_number", "position").values(*fields, *(["received_at"] if asking else [])):
        due = usable_due_date(row["due_date"], row["date_flag"])
        overdue_by = (on - due).days if due is not None and due < on else None
        missed = streaks.get(row["id"], ())
        level = level_for(missing_streak=len(missed), overdue_by=overdue_by)
        found.append(ActionFacts(
            action_id=row["id"], reference=Action.reference_of(row["rec_number"], row["position"]),
            description=row["description"], due_date=due, leads=leads.get(row["id"], []),
            return_state=asking.state(row["received_at"] is not None, on) if asking else None,
            overdue_by=overdue_by, escalation=level,
            why=Why(missed, overdue_by, due) if level else None,
        ))
    return PlanFacts(plan=plan, on=on, round=asking, actions=found)
