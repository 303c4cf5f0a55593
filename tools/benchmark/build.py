"""Build a synthetic installation for the benchmark: many plans with a year of recorded history.

Plans, groups, people, recommendations, leads, notes, evidence, summaries and indicators
go in with `bulk_create_with_history`, each object carrying its own back-dated history
date. An action's life (created; each progress update, which saves the action as the
progress service does; a deadline moved; a RAG set by hand; completion or cancellation)
is worked out first and then written as the live row in its final state plus one
historical row per save, inserted in bulk straight into the history table. Dates spread
over 2006 so that "as at" queries have real work to do. Random but seeded: the same
scale builds the same installation.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from actionplan import roles
from actionplan.asat import local_time
from actionplan.dates import uk_date
from actionplan.models import (
    Action,
    ActionLead,
    Evidence,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Person,
    Plan,
    ProgressNote,
    Rag,
    Recommendation,
    RecommendationSummary,
    Status,
    TimescaleGroup,
)
from actionplan.services.last_notes import notes_recorded

PLAN_START = date(2005, 12, 1)
YEAR_START, YEAR_END = date(2006, 1, 9), date(2006, 12, 20)
SUMMARY_DATES = (date(2006, 5, 19), date(2006, 12, 21))
LONG_HISTORY_FACTOR = 5  # the first action of the first plan has this many times the notes
PEOPLE_PER_PLAN = 8
WORDS = [
    "referral", "threshold", "audit", "review", "safeguarding", "protocol", "training", "workforce", "strategy",
    "LSCB", "partnership", "data", "assessment", "conference", "placement", "recruitment", "supervision",
    "quality", "performance", "report", "cabinet", "scrutiny", "schools", "health", "police", "guidance",
]


@dataclass(frozen=True)
class Scale:
    plans: int = 40
    recs: int = 17
    actions: int = 10
    notes: int = 20
    seed: int = 2006

    @property
    def total_actions(self) -> int:
        return self.plans * self.recs * self.actions

    @property
    def total_notes(self) -> int:
        return self.total_actions * self.notes


@dataclass
class Installation:
    plans: list[Plan]
    director: object
    long_history_action_id: int
    rows: dict[str, int] = field(default_factory=dict)


def _at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return local_time(day, time(hour, minute))


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def _users():
    User = get_user_model()
    director, created = User.objects.get_or_create(
        username="bench-director", defaults={"first_name": "Bench", "last_name": "Director"}
    )
    if created:
        director.set_unusable_password()
        director.save()
    director.groups.add(Group.objects.get(name=roles.DIRECTOR))
    manager, _ = User.objects.get_or_create(username="bench-manager", defaults={"first_name": "Bench"})
    manager.groups.add(Group.objects.get(name=roles.PLAN_MANAGER))
    return director, manager


def _final_status(rng: random.Random) -> str:
    roll = rng.random()
    for status, upto in (
        (Status.COMPLETED, 0.35), (Status.IN_PROGRESS, 0.75), (Status.ONGOING, 0.85),
        (Status.DELAYED, 0.93), (Status.NOT_STARTED, 0.98),
    ):
        if roll < upto:
            return status
    return Status.CANCELLED


def _action_life(rng, action: dict, note_days: list[date]) -> list[tuple[datetime, str, dict]]:
    """The saves of one action: (when, reason, the action's fields after the save)."""
    final = _final_status(rng)
    state = dict(action, status=Status.NOT_STARTED, version=1)
    created = _at(PLAN_START + timedelta(days=rng.randrange(0, 40)), 9)
    saves = [(created, "Loaded from the action plan", dict(state))]
    moved_at = rng.randrange(len(note_days)) if note_days and rng.random() < 0.12 else None
    override_at = rng.randrange(len(note_days)) if note_days and rng.random() < 0.06 else None
    stop_at = len(note_days) - 1 if final in (Status.COMPLETED, Status.CANCELLED) else None
    for i, day in enumerate(note_days):
        reasons = []
        working = Status.ONGOING if final == Status.ONGOING else Status.IN_PROGRESS
        if final != Status.NOT_STARTED and state["status"] == Status.NOT_STARTED:
            reasons.append(f"Status: Not started → {Status(working).label}")
            state["status"] = working
        if i == moved_at and state["due_date"]:
            new_due = state["due_date"] + timedelta(days=rng.choice((30, 61, 92)))
            reasons.append(f"Deadline moved from {uk_date(state['due_date'])} to {uk_date(new_due)}")
            state["due_date"], state["by_when_text"] = new_due, f"{new_due:%b %y}"
        if i == override_at:
            rag = rng.choice((Rag.AMBER, Rag.RED))
            reason = "Partners have agreed a recovery plan" if rag == Rag.AMBER else "Key post still vacant"
            state["rag_override"], state["rag_override_reason"] = rag, reason
            reasons.append(f"RAG set to {rag.label}: {reason}")
        if i == len(note_days) - 1 and final == Status.DELAYED:
            reasons.append(f"Status: {Status(state['status']).label} → Delayed")
            state["status"] = Status.DELAYED
        if i == stop_at:
            reasons.append(f"Status: {Status(state['status']).label} → {Status(final).label}")
            state["status"] = final
            state["completed_on"] = day if final == Status.COMPLETED else None
        reasons.append("Progress note added")
        state["version"] += 1
        saves.append((_at(day, 12, rng.randrange(0, 59)), "; ".join(reasons), dict(state)))
    if not note_days and final != Status.NOT_STARTED:
        state["status"], state["version"] = final, state["version"] + 1
        saves.append((_at(YEAR_END), "Status as reported", dict(state)))
    return saves


def _note_days(rng: random.Random, n: int) -> list[date]:
    span = (YEAR_END - YEAR_START).days
    return sorted(YEAR_START + timedelta(days=rng.randrange(span)) for _ in range(n))


def _with_date(obj, when: datetime, reason: str = "", user=None):
    obj._history_date = when
    if reason:
        obj._change_reason = reason
    if user is not None:
        obj._history_user = user
    return obj


def _plan_frame(p: int, scale: Scale, prefix: str, rng: random.Random, director) -> tuple:
    """The plan with its two timescale groups, its people and its recommendations, all dated its opening."""
    opened = _at(PLAN_START, 9)
    plan = Plan(
        slug=f"{prefix}-{p:02d}",
        title=f"Benchmark improvement plan {p + 1:02d}",
        organisation=f"Example Council {p + 1}",
        source_inspection="Synthetic inspection for the benchmark",
        started_on=PLAN_START,
    )
    plan = bulk_create_with_history([_with_date(plan, opened)], Plan, default_change_reason="Benchmark")[0]
    groups = bulk_create_with_history(
        [_with_date(TimescaleGroup(plan=plan, name=name, order=i), opened)
         for i, name in enumerate(("January – June 2006", "June 2006 –"))],
        TimescaleGroup, default_change_reason="Benchmark",
    )
    people = bulk_create_with_history(
        [_with_date(Person(plan=plan, initials=f"P{i}", name=f"Person {i} of plan {p + 1}", job_title="Head of Service",
                           user=director if (p == 0 and i == 0) else None), opened)
         for i in range(PEOPLE_PER_PLAN)],
        Person, default_change_reason="Benchmark",
    )
    recs = bulk_create_with_history(
        [_with_date(Recommendation(plan=plan, group=groups[0 if r < scale.recs // 2 else 1], number=r + 1,
                                   text=f"Recommendation {r + 1}: {_words(rng, 12)}."), opened)
         for r in range(scale.recs)],
        Recommendation, default_change_reason="Benchmark",
    )
    return plan, people, recs


def _action_fields(rng: random.Random, rec: Recommendation, position: int) -> dict:
    """An action as the plan first loaded it (not started, a due date somewhere in 2006–07)."""
    due = YEAR_START + timedelta(days=rng.randrange(30, 450))
    return {
        "recommendation_id": rec.pk, "position": position, "description": _words(rng, 14) + ".",
        "lead_text": "", "by_when_text": f"{due:%b %y}", "start_date": None, "due_date": due,
        "recurrence": "", "date_flag": "", "completed_on": None, "rag_override": "",
        "rag_override_reason": "", "partners": "LSCB, PCT", "capacity": "",
        "success_criteria": _words(rng, 8) + ".",
    }


def _plan_lives(p: int, scale: Scale, rng: random.Random, recs: list) -> tuple[list, list]:
    """Each action's life and its note days, worked out before anything about it is written."""
    lives, notes_per_action = [], []
    for rec in recs:
        for a in range(scale.actions):
            fields = _action_fields(rng, rec, a + 1)
            n_notes = scale.notes * (LONG_HISTORY_FACTOR if (p == 0 and rec.number == 1 and a == 0) else 1)
            days = _note_days(rng, n_notes)
            lives.append(_action_life(rng, fields, days))
            notes_per_action.append(days)
    return lives, notes_per_action


def _write_actions(lives: list, manager) -> tuple[list[Action], int]:
    """The live rows in their final state, then one historical row per save; returns the actions
    and the number of historical rows. Edits by hand (a deadline moved, a RAG set) are the manager's."""
    actions = Action.objects.bulk_create([Action(**life[-1][2]) for life in lives], batch_size=2000)
    History = Action.history.model
    history_rows = []
    for action, life in zip(actions, lives, strict=True):
        for i, (when, reason, state) in enumerate(life):
            history_rows.append(
                History(id=action.pk, **state, history_date=when, history_change_reason=reason,
                        history_type="+" if i == 0 else "~",
                        history_user_id=manager.pk if "RAG set" in reason or "Deadline" in reason else None)
            )
    History.objects.bulk_create(history_rows, batch_size=2000)
    return actions, len(history_rows)


def _write_action_records(rng: random.Random, actions: list, lives: list, notes_per_action: list,
                          people: list) -> tuple[int, int, int]:
    """Leads (sometimes two), one progress note per update, and now and then evidence at the last save;
    returns the counts of leads, notes and evidence."""
    leads, notes, evidence = [], [], []
    for action, life, days in zip(actions, lives, notes_per_action, strict=True):
        person = people[rng.randrange(PEOPLE_PER_PLAN)]
        leads.append(_with_date(ActionLead(action=action, person=person, position=0), life[0][0]))
        if rng.random() < 0.2:
            other = people[rng.randrange(PEOPLE_PER_PLAN)]
            if other.pk != person.pk:
                leads.append(_with_date(ActionLead(action=action, person=other, position=1), life[0][0]))
        for (when, _, _), day in zip(life[1:], days, strict=False):
            notes.append(_with_date(
                ProgressNote(action=action, note_date=day, text=_words(rng, 25) + ".", author=person, recorded_at=when),
                when, "Progress note added",
            ))
        if rng.random() < 0.1 and len(life) > 1:
            when = life[-1][0]
            evidence.append(_with_date(
                Evidence(action=action, title=f"Minutes {rng.randrange(100)}", url="https://example.org/minutes",
                         uploaded_at=when), when, "Evidence added",
            ))
    bulk_create_with_history(leads, ActionLead, batch_size=2000, default_change_reason="Benchmark")
    bulk_create_with_history(notes, ProgressNote, batch_size=2000)
    notes_recorded(action.pk for action in actions)  # as every writer of notes does (services.last_notes)
    bulk_create_with_history(evidence, Evidence, batch_size=2000)
    return len(leads), len(notes), len(evidence)


def _write_summaries(rng: random.Random, recs: list) -> int:
    """A summary report for every recommendation on each summary date; returns how many."""
    summaries = [
        _with_date(RecommendationSummary(recommendation=rec, date=day, text=_words(rng, 40) + ".",
                                         rag=rng.choice((Rag.RED, Rag.AMBER, Rag.GREEN))), _at(day), "Summary report")
        for rec in recs for day in SUMMARY_DATES
    ]
    bulk_create_with_history(summaries, RecommendationSummary, batch_size=2000)
    return len(summaries)


def _write_indicators(rng: random.Random, plan: Plan) -> None:
    """Five indicators with quarterly targets (set at the start) and values (recorded 20 days after each quarter)."""
    opened = _at(PLAN_START, 9)
    indicators = bulk_create_with_history(
        [_with_date(Indicator(plan=plan, code=f"CH {i:02d}", title=_words(rng, 6), unit="%",
                              higher_is_better=i != 1), opened) for i in range(5)],
        Indicator, default_change_reason="Benchmark",
    )
    figures_t, figures_v = [], []
    for ind in indicators:
        for q in range(4):
            end = date(2006, 3 * q + 3, 30 if q in (1, 2) else 31)
            figures_t.append(_with_date(IndicatorTarget(indicator=ind, period=f"Q{q + 1} 2006", period_end=end,
                                                        value=Decimal(70 + q * 2)), opened))
            figures_v.append(_with_date(IndicatorValue(indicator=ind, period=f"Q{q + 1} 2006", period_end=end,
                                                       value=Decimal(rng.randrange(55, 85))),
                                        _at(end + timedelta(days=20))))
    bulk_create_with_history(figures_t, IndicatorTarget, default_change_reason="Benchmark")
    bulk_create_with_history(figures_v, IndicatorValue, default_change_reason="Benchmark")


def _build_plan(p: int, scale: Scale, prefix: str, rng: random.Random, director, manager, rows: dict) -> tuple:
    """One plan and its year of history, adding what it wrote to `rows`. The steps draw on `rng`
    in a fixed order, so keep it: reordering them changes what a given seed builds."""
    plan, people, recs = _plan_frame(p, scale, prefix, rng, director)
    rows["plans"] += 1
    rows["recommendations"] += len(recs)
    lives, notes_per_action = _plan_lives(p, scale, rng, recs)
    actions, history_rows = _write_actions(lives, manager)
    rows["actions"] += len(actions)
    rows["action_history"] += history_rows
    leads, notes, evidence = _write_action_records(rng, actions, lives, notes_per_action, people)
    rows["leads"] += leads
    rows["notes"] += notes
    rows["evidence"] += evidence
    rows["summaries"] += _write_summaries(rng, recs)
    _write_indicators(rng, plan)
    return plan, actions[0].pk


def build_installation(
    scale: Scale, *, prefix: str = "bench", log: Callable[[str], None] | None = None
) -> Installation:
    """Create `scale.plans` plans in the current database (one transaction per plan)."""
    rng = random.Random(scale.seed)
    director, manager = _users()
    rows = dict.fromkeys(("plans", "recommendations", "actions", "action_history", "leads", "notes", "evidence",
                          "summaries"), 0)
    plans, long_action = [], None
    for p in range(scale.plans):
        with transaction.atomic():
            plan, first_action = _build_plan(p, scale, prefix, rng, director, manager, rows)
        plans.append(plan)
        long_action = long_action or first_action
        if log and (p + 1) % max(1, scale.plans // 8) == 0:
            log(f"  built {p + 1} of {scale.plans} plans ({rows['actions']:,} actions, {rows['notes']:,} notes)")
    return Installation(plans=plans, director=director, long_history_action_id=long_action, rows=rows)


def history_row_count() -> int:
    """All historical rows of the app's versioned models (one COUNT per table)."""
    from django.apps import apps

    total = 0
    for model in apps.get_app_config("actionplan").get_models():
        if model.__name__.startswith("Historical"):
            total += model.objects.count()
    return total


def build_large_plan(*, actions: int, recs: int, notes: int, seed: int, log=None):
    """One plan of `actions` actions (e.g. 6,800 in 17 recommendations), for the Excel and PDF jobs,
    which work a plan at a time. Few notes per action keep the PDF's length about the actions."""
    from django.contrib.auth import get_user_model

    rng = random.Random(seed + 1)
    User = get_user_model()
    director, manager = User.objects.get(username="bench-director"), User.objects.get(username="bench-manager")
    rows = dict.fromkeys(("plans", "recommendations", "actions", "action_history", "leads", "notes", "evidence",
                          "summaries"), 0)
    scale = Scale(plans=1, recs=recs, actions=max(1, actions // recs), notes=notes, seed=seed)
    with transaction.atomic():
        plan, _ = _build_plan(99, scale, "bench-large", rng, director, manager, rows)
    if log:
        log(f"  built one plan of {rows['actions']:,} actions and {rows['notes']:,} notes for Excel and PDF")
    return plan
