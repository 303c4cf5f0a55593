"""Returns for a plan's reporting rounds, read from the database by the rules of `actionplan.rounds`.

`plan_rounds` reads the calendar (one query) and lists its rounds; `round_returns` says, for one
round, which actions owed a return, who led them and whether it came in (three queries, whatever
the plan's size); `focus_summary` counts the round in focus for the dashboard (one more query).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery

from actionplan.asat import Moment, end_of_day, start_of_day
from actionplan.dates import uk_date
from actionplan.deadlines import open_q
from actionplan.models import Action, ActionLead, Person, Plan, Recommendation
from actionplan.rounds import CalendarSpec, NamedDate, ReturnState, Round, after, in_focus, rounds_for

CALENDAR_FIELDS = (
    "reporting_calendar__interval", "reporting_calendar__interval_name", "reporting_calendar__first_date",
    "reporting_calendar__deadline_working_days", "reporting_dates__name", "reporting_dates__meets_on",
    "reporting_dates__report_on", "reporting_dates__deadline",
)


def calendar_spec(plan: Plan) -> CalendarSpec:
    """The plan's calendar as plain values, in one query (a plan with none has an empty one)."""
    return _spec(list(Plan.objects.filter(pk=plan.pk).order_by().values_list(*CALENDAR_FIELDS)))


def calendar_specs(plans) -> dict[int, CalendarSpec]:
    """Several plans' calendars, in one query (pages across plans: home pages, the portfolio)."""
    rows: dict[int, list[tuple]] = {p.pk: [] for p in plans}
    for row in Plan.objects.filter(pk__in=list(rows)).order_by().values_list("pk", *CALENDAR_FIELDS):
        rows[row[0]].append(row[1:])
    return {pk: _spec(plan_rows) for pk, plan_rows in rows.items()}


def _spec(rows: list[tuple]) -> CalendarSpec:
    if not rows:
        return CalendarSpec()
    interval, name, first, days = rows[0][:4]
    named = tuple(
        NamedDate(name=row[4], meets_on=row[5], report_on=row[6], deadline=row[7]) for row in rows if row[4]
    )
    if interval is None:
        return CalendarSpec(named=named)
    return CalendarSpec(interval=interval, interval_name=name, first_date=first, working_days=days, named=named)


def plan_rounds(plan: Plan, on: date) -> list[Round]:
    """The plan's rounds that matter on `on` (`actionplan.rounds.rounds_for`)."""
    return rounds_for(calendar_spec(plan), started_on=plan.started_on, on=on)


def window_note(moment: Moment, rnd: Round, judge: date) -> Subquery:
    """When the latest note in the round's window (up to the day it is judged) was recorded."""
    notes = (
        moment.notes_recorded()
        .filter(action_id=OuterRef("id"), recorded_at__gte=start_of_day(rnd.opens_on),
                recorded_at__lte=end_of_day(judge))
        .values("action_id")
        .annotate(latest=Max("recorded_at"))
        .values("latest")
    )
    return Subquery(notes)


def owing_actions(plan: Plan | Sequence[Plan], rnd: Round, on: date) -> tuple[Moment, QuerySet]:
    """The actions that owed the round a return (open as they stood the day it is judged), each
    annotated with `received_at`, the latest note recorded in the window (None: nothing came in).
    `plan` may be several plans whose rounds share this one's window (pages across plans read them
    in one part of their query)."""
    judge = rnd.judged_on(on)
    moment = Moment.for_date(judge)
    if isinstance(plan, Plan):
        actions = moment.rows(Action, recommendation__plan=plan)
    else:
        actions = moment.rows(Action, recommendation__plan__in=plan)
    actions = actions.filter(open_q())
    return moment, actions.annotate(received_at=window_note(moment, rnd, judge))


@dataclass
class LeadRef:
    person_id: int
    initials: str
    name: str
    user_id: int | None
    email: str
    job_title: str = ""

    @property
    def label(self) -> str:
        return f"{self.initials} ({self.name})" if self.name else self.initials

    @property
    def full_label(self) -> str:
        """"HL (Henry Lewis, Head of Children's Social Care)": how escalations name a lead."""
        about = ", ".join(part for part in (self.name, self.job_title) if part)
        return f"{self.initials} ({about})" if about else self.initials

    @property
    def can_be_reminded(self) -> bool:
        return bool(self.user_id and self.email)


@dataclass
class ReturnRow:
    action_id: int
    reference: str
    description: str
    lead_text: str
    leads: list[LeadRef]
    state: str
    received_at: datetime | None

    @property
    def state_label(self) -> str:
        return ReturnState(self.state).label


def plan_people(plan: Plan) -> dict[int, LeadRef]:
    """The plan's people with their account's email (one query)."""
    rows = Person.objects.filter(plan=plan).values_list(
        "id", "initials", "name", "user_id", "user__email", "job_title", "user__is_active")
    # An inactive account is no account: nobody is reminded through it.
    return {row[0]: LeadRef(row[0], row[1], row[2], row[3] if row[6] else None, (row[4] or "") if row[6] else "",
                            job_title=row[5]) for row in rows}


def leads_as_at(moment: Moment, action_ids: QuerySet, people: dict[int, LeadRef]) -> dict[int, list[LeadRef]]:
    """Each action's leads as they stood at the moment, in order (one query)."""
    rows = moment.rows(ActionLead).filter(action_id__in=action_ids).order_by("action_id", "position")
    found: dict[int, list[LeadRef]] = {}
    for action_id, person_id in rows.values_list("action_id", "person_id"):
        if person_id in people:
            found.setdefault(action_id, []).append(people[person_id])
    return found


def round_returns(plan: Plan, rnd: Round, on: date, people: dict[int, LeadRef] | None = None) -> list[ReturnRow]:
    """Every action that owed `rnd` a return, with its leads and its state on `on`, in plan order."""
    judge = rnd.judged_on(on)
    moment, actions = owing_actions(plan, rnd, on)
    actions = actions.annotate(rec_number=moment.field_of(Recommendation, "number", "recommendation_id"))
    people = plan_people(plan) if people is None else people
    leads = leads_as_at(moment, actions.values("id"), people)
    rows = []
    fields = ("id", "rec_number", "position", "description", "lead_text", "received_at")
    for pk, number, position, description, lead_text, received_at in actions.order_by(
        "rec_number", "position"
    ).values_list(*fields):
        rows.append(ReturnRow(
            action_id=pk, reference=Action.reference_of(number, position), description=description,
            lead_text=lead_text, leads=leads.get(pk, []), state=rnd.state(received_at is not None, judge),
            received_at=received_at,
        ))
    return rows


def round_states(plan: Plan, rnd: Round, on: date) -> dict[int, str]:
    """Action id -> the state of its return for `rnd` on `on`, for every action that owed one (one query)."""
    judge = rnd.judged_on(on)
    _, actions = owing_actions(plan, rnd, on)
    return {pk: rnd.state(received is not None, judge) for pk, received in actions.values_list("id", "received_at")}


def cannot_be_reminded(rows: list[ReturnRow]) -> list[LeadRef]:
    """Leads asked for a return who have no account with an email address, by initials."""
    found = {lead.person_id: lead for row in rows for lead in row.leads if not lead.can_be_reminded}
    return sorted(found.values(), key=lambda lead: lead.initials)


@dataclass
class RoundSummary:
    """The dashboard's line on returns: the round in focus, its counts, and the round after it."""

    round: Round
    next: Round | None
    on: date
    received: int
    due: int
    missing: int

    @property
    def owed(self) -> int:
        return self.received + self.due + self.missing

    @property
    def sentence(self) -> str:
        where = f"the {uk_date(self.round.meets_on)} meeting ({self.round.name})"
        deadline = uk_date(self.round.deadline)
        if self.missing:
            verb = "action has" if self.missing == 1 else "actions have"
            return f"{self.missing} {verb} had no update for {where}; returns were due by {deadline}"
        if self.due:
            return (f"Returns for {where} are due by {deadline}: "
                    f"{self.received} received, {self.due} still due")
        if self.owed:
            return f"Every open action has reported for {where}"
        return f"No open action owed a return for {where}"


def focus_summary(plan: Plan, on: date) -> RoundSummary | None:
    """The round in focus on `on` (`actionplan.rounds.in_focus`) with its returns counted (two
    queries); None when the plan has no reporting calendar."""
    rounds = plan_rounds(plan, on)
    rnd = in_focus(rounds, on)
    if rnd is None:
        return None
    judge = rnd.judged_on(on)
    _, actions = owing_actions(plan, rnd, on)
    counts = actions.aggregate(owed=Count("id"), received=Count("id", filter=Q(received_at__isnull=False)))
    waiting = counts["owed"] - counts["received"]
    past = judge > rnd.deadline
    return RoundSummary(rnd, after(rounds, rnd), on, counts["received"], 0 if past else waiting, waiting if past else 0)


def returns_as_json(plan: Plan, on: date) -> dict:
    """`export_plan --format json`'s "reporting_round": the round in focus on `on` and each owing
    action's return; null when the plan has no reporting calendar."""
    rnd = in_focus(plan_rounds(plan, on), on)
    if rnd is None:
        return {"reporting_round": None}
    return {
        "reporting_round": {
            "meeting": rnd.name, "meets_on": rnd.meets_on.isoformat(), "report_on": rnd.report_on.isoformat(),
            "opens_on": rnd.opens_on.isoformat(), "deadline": rnd.deadline.isoformat(),
            "returns": [
                {"reference": row.reference, "leads": [lead.initials for lead in row.leads], "state": row.state,
                 "received_at": row.received_at.isoformat() if row.received_at else None}
                for row in round_returns(plan, rnd, on)
            ],
        }
    }
