"""A plan manager's changes to a plan's structure, and a director's RAG; all recorded in the history."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from actionplan.history import delete_recorded, save_recorded
from actionplan.models import Action, ActionLead, Recommendation, RecommendationSummary, Status
from actionplan.selectors.today import recommendations_with_progress
from actionplan.services.errors import StaleEdit
from actionplan.services.signoff import withdraw_pending


def _set_leads(action: Action, people, *, user, reason: str, when=None) -> None:
    wanted = [p.pk for p in people]
    current = {lead.person_id: lead for lead in action.leads.all()}
    for lead in current.values():
        if lead.person_id not in wanted:
            delete_recorded(lead, reason=reason, user=user)  # its history keeps who led it, and until when
    for i, person in enumerate(people):
        if person.pk not in current:
            save_recorded(ActionLead(action=action, person=person, position=i), reason=reason, user=user,
                          when=when)


@transaction.atomic
def action_create(*, recommendation: Recommendation, fields: dict, leads, user, reason: str) -> Action:
    last = recommendation.actions.aggregate(m=Max("position"))["m"] or 0
    action = Action(recommendation=recommendation, position=last + 1, **fields)
    action.set_by_when(action.by_when_text)
    # The leads carry the action's own time: written with it, they are not a later change to it (the
    # stale-edit page reads rows after the opened version's as changes since; see action_edit).
    now = timezone.now()
    save_recorded(action, reason=reason or "Action added", user=user, when=now)
    _set_leads(action, list(leads), user=user, reason=reason or "Lead set", when=now)
    return action


@transaction.atomic
def action_edit(*, action_id: int, expected_version: int, fields: dict, leads, user, reason: str) -> Action:
    action = Action.objects.select_for_update().select_related("recommendation__plan").get(pk=action_id)
    if action.version != expected_version:
        raise StaleEdit(action)
    for name, value in fields.items():
        setattr(action, name, value)
    action.set_by_when(action.by_when_text)
    action.version += 1
    # Leads first: a save's related rows come before the action's own history row, so the stale-edit
    # page (selectors.history.edits_since) reads everything after the row of the version opened as newer.
    _set_leads(action, list(leads), user=user, reason=reason or "Leads changed")
    save_recorded(action, reason=reason or "Action edited", user=user)
    return action


@transaction.atomic
def action_move(*, action_id: int, direction: int, user) -> Action:
    """Swap an action with its neighbour above (-1) or below (+1) in its recommendation."""
    action = Action.objects.select_for_update().get(pk=action_id)
    siblings = Action.objects.filter(recommendation_id=action.recommendation_id)
    neighbour = (
        siblings.filter(position__lt=action.position).order_by("-position")
        if direction < 0
        else siblings.filter(position__gt=action.position).order_by("position")
    ).first()
    if neighbour is None:
        return action
    action.position, neighbour.position = neighbour.position, action.position
    for obj in (action, neighbour):
        obj.version += 1
        save_recorded(obj, reason="Reordered", user=user)
    return action


@transaction.atomic
def action_cancel(*, action_id: int, expected_version: int, user, reason: str) -> Action:
    """Cancel (never delete): the action stays in the record and in every "as at" view."""
    action = Action.objects.select_for_update().get(pk=action_id)
    if action.version != expected_version:
        raise StaleEdit(action)
    withdraw_pending(action, user=user, why="the action was cancelled")
    action.set_status(Status.CANCELLED, on=None)
    action.version += 1
    save_recorded(action, reason=f"Cancelled: {reason}", user=user)
    return action


@transaction.atomic
def recommendation_save(*, recommendation: Recommendation, user, reason: str,
                        expected_version: int | None = None) -> Recommendation:
    """Save a new recommendation, or an edited one (`expected_version`: the version its form was opened at)."""
    if recommendation.pk is not None:
        _unchanged(recommendation, expected_version)
    recommendation.version += 1
    save_recorded(recommendation, reason=reason, user=user)
    return recommendation


def _unchanged(recommendation: Recommendation, expected_version: int | None) -> None:
    current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if current.version != expected_version:
        raise StaleEdit(current)


@transaction.atomic
def recommendation_cancel(*, recommendation: Recommendation, expected_version: int, user,
                          reason: str) -> Recommendation:
    _unchanged(recommendation, expected_version)
    recommendation.cancelled = True
    recommendation.version += 1
    save_recorded(recommendation, reason=f"Cancelled: {reason}", user=user)
    for action in recommendation.actions.exclude(status=Status.CANCELLED):
        withdraw_pending(action, user=user, why="its recommendation was cancelled")
        action.set_status(Status.CANCELLED, on=None)
        action.version += 1
        save_recorded(action, reason=f"Recommendation cancelled: {reason}", user=user)
    return recommendation


@transaction.atomic
def recommendation_set_rag(
    *, recommendation: Recommendation, expected_version: int, rag: str, reason: str, summary: str,
    summary_date: date | None, user
) -> Recommendation:
    """A director's RAG for a recommendation, and a dated summary of progress that carries it.

    Choosing the RAG its actions suggest today sets nothing by hand (any RAG set by hand is removed),
    so the recommendation follows its actions from then on; the summary still carries the RAG chosen.
    """
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if rec.version != expected_version:
        raise StaleEdit(rec)
    suggested = recommendations_with_progress(rec.plan, timezone.localdate(), only=rec)[0].rag_of_actions
    override = "" if rag == suggested else rag
    if (rec.rag_override, rec.rag_override_reason) != (override, reason if override else ""):
        rec.rag_override, rec.rag_override_reason = override, (reason if override else "")
        rec.version += 1
        if override:
            why = f"RAG set to {override.title()}: {reason}"
        elif rag:
            why = f"RAG {rag.title()} chosen, the RAG its actions suggest: nothing set by hand" + (
                f" ({reason})" if reason else "")
        else:
            why = "RAG override removed; the actions' RAG applies"
        save_recorded(rec, reason=why, user=user)
    if summary.strip():
        if summary_date is None:  # the form asks for it; a summary is always dated
            raise ValueError("a summary needs the date it speaks of")
        save_recorded(
            RecommendationSummary(recommendation=rec, date=summary_date, text=summary.strip(), rag=rag, author=user),
            reason="Summary of progress written",
            user=user,
        )
    return rec
