"""Step 3 of an import: carry out a ChangeSet, every write recorded with the user and "Imported from FILE".

Changes to existing actions and recommendations go through the same services as the
browser (action_edit, recommendation_save), one call per changed row. New actions,
their leads and notes, are created with simple-history's bulk helpers, which write
the same history rows (user, reason) in a few queries: a fresh 6,800-action plan
loads in seconds instead of minutes. The caller wraps this in one transaction.
"""

from __future__ import annotations

from datetime import time

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from actionplan.asat import local_time
from actionplan.excel import columns as C
from actionplan.excel.compare.changeset import ChangeSet
from actionplan.history import save_recorded
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
    TimescaleGroup,
)
from actionplan.services.last_notes import notes_recorded
from actionplan.services.progress import person_for
from actionplan.services.structure import action_edit, recommendation_save

BATCH = 500


def apply_change_set(result: ChangeSet, *, user, reason: str) -> Plan:
    """Write everything in `result`; call inside transaction.atomic()."""
    plan = result.plan
    if plan is None:
        plan = Plan(**result.new_plan)
        save_recorded(plan, reason=reason, user=user)
    groups = {g.name: g for g in TimescaleGroup.objects.filter(plan=plan)}
    order = max((g.order for g in groups.values()), default=0)
    for name in result.new_groups:
        order += 1
        groups[name] = TimescaleGroup(plan=plan, name=name, order=order)
        save_recorded(groups[name], reason=reason, user=user)
    people = _apply_people(result, plan, user, reason)
    recs = _apply_recommendations(result, plan, groups, user, reason)
    default_author = person_for(user, plan) if user is not None else None
    _create_actions(result, plan, recs, people, default_author, user, reason)
    _change_actions(result, people, default_author, user, reason)
    _apply_indicators(result, plan, user, reason)
    return plan


def _apply_people(result, plan, user, reason) -> dict[str, Person]:
    people = {p.initials: p for p in Person.objects.filter(plan=plan)}
    new = [Person(plan=plan, initials=p.initials, **p.fields) for p in result.people if p.is_new]
    if new:
        for person in bulk_create_with_history(new, Person, batch_size=BATCH, default_user=user,
                                               default_change_reason=reason):
            people[person.initials] = person
    for item in result.people:
        if not item.is_new:
            person = people[item.initials]
            for name, value in item.fields.items():
                setattr(person, name, value)
            save_recorded(person, reason=reason, user=user)
    return people


def _apply_recommendations(result, plan, groups, user, reason) -> dict[int, Recommendation]:
    recs = {r.number: r for r in plan.recommendations.all()}  # each knows its plan: no query per action
    for item in result.recommendations:
        rec = recs.get(item.number) or Recommendation(plan=plan, number=item.number, version=0)
        for name, value in item.fields.items():
            if name == "group":
                rec.group = groups[value]
            else:
                setattr(rec, name, value)
        if item.is_new or item.fields:
            recs[item.number] = recommendation_save(recommendation=rec, user=user, reason=reason,
                                                     expected_version=rec.version)
        if item.summary:
            day, text, rag = item.summary
            summary = RecommendationSummary(recommendation=recs[item.number], date=day, text=text, rag=rag,
                                            author=user)
            save_recorded(summary, reason=reason, user=user)
    return recs


def _note(action_id, note, people, default_author, user, now) -> ProgressNote:
    # A note carried undated keeps the day the workbook says it was in the plan (the day it is known from).
    recorded_at = local_time(note.recorded_on, time(12)) if note.recorded_on else now
    return ProgressNote(action_id=action_id, note_date=note.date, note_date_is_month=note.date_is_month, text=note.text,
                        author=people.get(note.author) or default_author, recorded_by=user, recorded_at=recorded_at)


def _create_actions(result, plan, recs, people, default_author, user, reason) -> None:
    if not result.new_actions:
        return
    objs = []
    for item in result.new_actions:
        rec = recs[item.rec_number]
        action = Action(recommendation=rec, position=item.position, **item.fields)
        action.set_by_when(item.fields["by_when_text"])
        objs.append(action)
    # One time for the actions and their leads and notes: written together, the leads and notes are no later
    # change to a new action (selectors.history.edits_since reads rows after a version's row as changes).
    now = timezone.now()
    created = bulk_create_with_history(objs, Action, batch_size=BATCH, default_user=user,
                                       default_change_reason=reason, default_date=now)
    leads, notes = [], []
    for item, action in zip(result.new_actions, created, strict=True):
        item.action_id = action.pk
        for i, (initials, qualifier) in enumerate(item.leads or ()):
            leads.append(ActionLead(action=action, person=people[initials], qualifier=qualifier[:100], position=i))
        notes += [_note(action.pk, n, people, default_author, user, now) for n in item.notes]
    bulk_create_with_history(leads, ActionLead, batch_size=BATCH, default_user=user, default_change_reason=reason,
                             default_date=now)
    bulk_create_with_history(notes, ProgressNote, batch_size=BATCH, default_user=user, default_change_reason=reason,
                             default_date=now)
    notes_recorded(note.action_id for note in notes)


def _change_actions(result, people, default_author, user, reason) -> None:
    now = timezone.now()
    notes, touched = [], []
    current_leads: dict[int, list[Person]] = {}
    if any(item.fields and item.leads is None for item in result.changed_actions):
        ids = [item.action_id for item in result.changed_actions]
        for lead in ActionLead.objects.filter(action_id__in=ids).select_related("person").order_by("position"):
            current_leads.setdefault(lead.action_id, []).append(lead.person)
    for item in result.changed_actions:
        if item.notes and not item.fields:
            touched.append(item.action_id)
        notes += [_note(item.action_id, n, people, default_author, user, now) for n in item.notes]
    # The notes before the actions' own rows, as in the browser: the stale-edit page counts what follows
    # the row of the version a form was opened at (selectors.history.edits_since).
    bulk_create_with_history(notes, ProgressNote, batch_size=BATCH, default_user=user, default_change_reason=reason)
    notes_recorded(note.action_id for note in notes)
    for item in result.changed_actions:
        if item.fields:
            leads = ([people[i] for i, _ in item.leads] if item.leads is not None
                     else current_leads.get(item.action_id, []))
            action_edit(action_id=item.action_id, expected_version=item.version, fields=item.fields,
                        leads=leads, user=user, reason=reason)
    if touched:
        # A new note moves the action on a version, as in the browser, so a form opened before
        # the import is told that something changed.
        actions = list(Action.objects.filter(pk__in=touched))
        for action in actions:
            action.version += 1
        bulk_update_with_history(actions, Action, ["version"], batch_size=BATCH, default_user=user,
                                 default_change_reason=reason)


def _apply_indicators(result, plan, user, reason) -> None:
    models = {C.TARGET: IndicatorTarget, C.VALUE: IndicatorValue}
    for item in result.indicators:
        if item.indicator_id is None:
            indicator = Indicator(plan=plan, code=item.code, **item.fields)
            save_recorded(indicator, reason=reason, user=user)
        else:
            indicator = Indicator.objects.get(pk=item.indicator_id)
            if item.fields:
                for name, value in item.fields.items():
                    setattr(indicator, name, value)
                save_recorded(indicator, reason=reason, user=user)
        for kind, period, period_end, value, note in item.new_figures:
            figure = models[kind](indicator=indicator, period=period, period_end=period_end, value=value, note=note)
            save_recorded(figure, reason=reason, user=user)
        for kind, pk, fields in item.changed_figures:
            figure = models[kind].objects.get(pk=pk)
            for name, value in fields.items():
                setattr(figure, name, value)
            save_recorded(figure, reason=reason, user=user)
