"""Load a plan from the project's fixture format, with its history back-dated to the seeds' dates.

The fixture (fixtures/herefordshire_jar.json) is derived from the seed documents by
`manage.py build_fixture`; this module turns it into rows. Each note is recorded on
the date it speaks of and each action is completed on the date of its completion
note, so the plan "as at" 1 March 2006 shows what then stood. Progress text that gives
no date, and a completion no dated note records, stay undated: they are recorded on the
date of the plan version they are known from (PLAN_VERSION_DATE), never given that date.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.db import transaction

from actionplan.asat import local_time
from actionplan.dates import end_of_month, uk_date
from actionplan.history import save_recorded
from actionplan.models import (
    Action,
    ActionLead,
    GlossaryTerm,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    PartnerOrganisation,
    Person,
    Plan,
    ProgressNote,
    Recommendation,
    RecommendationSummary,
    Status,
    TimescaleGroup,
)
from actionplan.services.errors import PlanLoadError
from actionplan.services.last_notes import notes_recorded
from actionplan.services.later_facts import load_later_facts

__all__ = ["PlanLoadError", "plan_load_fixture"]

# The detailed plan in the seeds is the version of 24 March 2006 (its file name says so). Progress
# text that gives no date of its own is known to have been in the plan by then: such a note keeps
# no date (note_date None) and is recorded on this day, and so is a completion no note dates.
PLAN_VERSION_DATE = date(2006, 3, 24)


def _at(day: date, hour: int) -> datetime:
    return local_time(day, time(hour))


def _iso(value: str | None, where: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PlanLoadError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def _required_iso(value: str | None, where: str) -> date:
    day = _iso(value, where)
    if day is None:
        raise PlanLoadError(f"{where}: no date (YYYY-MM-DD)")
    return day


def _month_only(day: date | None, precision: str | None, where: str) -> bool:
    """A fixture date's precision: "day" (or none given) or "month", which names a month alone and
    is stored as that month's last day (a convention for counting; shown as the month)."""
    if precision in (None, "day"):
        return False
    if precision != "month":
        raise PlanLoadError(f"{where}: precision {precision!r} is not 'day' or 'month'")
    if day is None:
        raise PlanLoadError(f"{where}: precision 'month' given with no date")
    if day != end_of_month(day):
        raise PlanLoadError(f"{where}: a month-only date is stored as the month's last day, not {day.isoformat()}")
    return True


def _decimal(value, where: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise PlanLoadError(f"{where}: {value!r} is not a number") from None


@transaction.atomic
def plan_load_fixture(*, data: dict, reason: str, user=None) -> Plan:
    """Create a plan and everything in it from fixture data; all or nothing."""
    try:
        meta = data["plan"]
        slug = meta["slug"]
    except (KeyError, TypeError):
        raise PlanLoadError("the fixture has no 'plan' with a 'slug'") from None
    if Plan.objects.filter(slug=slug).exists():
        raise PlanLoadError(f"a plan with slug {slug!r} is already loaded")
    started = _iso(meta.get("created_on"), "plan.created_on") or date.today()
    opened = _at(started, 9)

    def record(obj, when=opened, why=reason):
        save_recorded(obj, reason=why, user=user, when=when)
        return obj

    plan = record(
        Plan(
            slug=slug,
            title=meta["title"],
            organisation=meta.get("organisation", ""),
            source_inspection=meta.get("source_inspection", ""),
            status=meta.get("status", Plan.State.ACTIVE),
            started_on=started,
        )
    )
    groups = {
        g["name"]: record(TimescaleGroup(plan=plan, name=g["name"], order=g.get("order", i)))
        for i, g in enumerate(data.get("groups", []))
    }
    people = {}
    for p in data.get("people", []):
        people[p["initials"]] = record(
            Person(
                plan=plan,
                initials=p["initials"],
                name=p.get("name", ""),
                job_title=p.get("job_title", ""),
                organisation=p.get("organisation", ""),
            )
        )
    for term in data.get("glossary", []):
        record(GlossaryTerm(plan=plan, abbreviation=term["abbreviation"], meaning=term["meaning"]))
    for partner in data.get("partners", []):
        record(
            PartnerOrganisation(plan=plan, name=partner["name"], abbreviation=partner.get("abbreviation", ""))
        )

    for rec_data in data.get("recommendations", []):
        _load_recommendation(plan, rec_data, groups, people, record)
    for ind_data in data.get("indicators", []):
        _load_indicator(plan, ind_data, record, opened)
    notes_recorded(Action.objects.filter(recommendation__plan=plan))  # the notes written with the actions
    load_later_facts(plan, data.get("events", []), user=user)  # after the plan, before papers read it
    from actionplan.services.papers import papers_load_samples  # papers build on the loaded plan

    papers_load_samples(plan, data, user=user)
    return plan


def _load_recommendation(plan, rec_data, groups, people, record):
    number = rec_data["number"]
    where = f"recommendation {number}"
    if rec_data.get("group") not in groups:
        raise PlanLoadError(f"{where}: unknown timescale group {rec_data.get('group')!r}")
    rec = record(
        Recommendation(plan=plan, group=groups[rec_data["group"]], number=number, text=rec_data["text"])
    )
    for action_data in rec_data.get("actions", []):
        _load_action(plan, rec, action_data, people, record)
    for summary in rec_data.get("summaries", []):
        day = _required_iso(summary.get("date"), f"{where} summary")
        record(
            RecommendationSummary(
                recommendation=rec, date=day, text=summary["text"], rag=summary.get("rag", "")
            ),
            when=_at(day, 12),
            why=f"Summary progress report of {uk_date(day)}",
        )


def _load_action(plan, rec, data, people, record):
    where = f"action {Action.reference_of(rec.number, data.get('position'))}"
    action = Action(
        recommendation=rec,
        position=data["position"],
        description=data["description"],
        lead_text=data.get("lead_text", ""),
        partners=data.get("partners", ""),
        capacity=data.get("capacity", ""),
        success_criteria=data.get("success_criteria", ""),
    )
    action.set_by_when(data.get("by_when", ""))
    action = record(action)
    first_lead = None
    for i, lead in enumerate(data.get("leads", [])):
        person = people.get(lead["initials"])
        if person is None:
            raise PlanLoadError(f"{where}: lead {lead['initials']!r} is not in the index to initials")
        first_lead = first_lead or person
        record(ActionLead(action=action, person=person, qualifier=lead.get("qualifier", ""), position=i))

    notes = []  # (the day it is recorded on, the date it gives or None, whether it names a month only, text)
    for note in data.get("notes", []):
        day = _iso(note.get("date"), where)
        month = _month_only(day, note.get("date_precision"), f"{where}: note {note.get('date')}")
        notes.append((day or PLAN_VERSION_DATE, day, month, note["text"]))
    notes.sort(key=lambda n: n[0])
    final_status = data.get("status", Status.NOT_STARTED)
    if final_status not in Status.values:
        raise PlanLoadError(f"{where}: unknown status {final_status!r}")
    completed_on = _iso(data.get("completed_on"), where)  # checked even when the status is not completed
    completed_month = _month_only(completed_on, data.get("completed_on_precision"), f"{where}: completed_on")
    # A completion the sources do not date keeps completed_on None and is recorded on the plan version's date.
    completion_recorded = (completed_on or PLAN_VERSION_DATE) if final_status == Status.COMPLETED else None

    working = Status.ONGOING if final_status == Status.ONGOING else Status.IN_PROGRESS
    for recorded_on, day, month, text in notes:
        when = _at(recorded_on, 12)
        record(
            ProgressNote(action=action, note_date=day, note_date_is_month=month, text=text, author=first_lead,
                         recorded_at=when),
            when=when,
            why="Progress to date, as written in the plan",
        )
        starts_work = completion_recorded is None or recorded_on < completion_recorded
        if action.status == Status.NOT_STARTED and final_status != Status.NOT_STARTED and starts_work:
            action.status = working
            record(action, when=when, why="Progress recorded")
    if completion_recorded is not None:
        action.set_status(Status.COMPLETED, on=completed_on, on_is_month=completed_month)
        why = "Completed, as the progress note records" if completed_on else (
            f"Completed, as the plan of {uk_date(PLAN_VERSION_DATE)} records (the sources give no date)")
        record(action, when=_at(completion_recorded, 17), why=why)
    elif final_status != Status.NOT_STARTED and action.status == Status.NOT_STARTED:
        action.status = final_status
        record(action, why="Status as written in the plan")


def _load_indicator(plan, data, record, opened):
    where = f"indicator {data.get('code')}"
    # An indicator a later report brings (recorded_on) exists from that report's date.
    since = _at(day, 12) if (day := _iso(data.get("recorded_on"), where)) else opened
    indicator = record(
        Indicator(
            plan=plan,
            code=data["code"],
            title=data["title"],
            unit=data.get("unit", ""),
            higher_is_better=data.get("higher_is_better", True),
        ),
        when=max(since, opened),
    )
    for model, key in ((IndicatorTarget, "targets"), (IndicatorValue, "values")):
        for figure in data.get(key, []):
            period_end = _iso(figure.get("period_end"), where)
            when = _at(figure_day, 12) if (figure_day := _iso(figure.get("recorded_on"), where)) else opened
            extra = {"forecast": bool(figure.get("forecast"))} if model is IndicatorValue else {}
            record(
                model(
                    indicator=indicator,
                    period=figure.get("period", ""),
                    period_end=period_end,
                    value=_decimal(figure.get("value"), where),
                    note=figure.get("note", ""),
                    **extra,
                ),
                when=max(when, opened),
            )
