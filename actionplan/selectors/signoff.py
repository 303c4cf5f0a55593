"""Reads for review and sign-off: the reviewer's inbox, an action's latest claim, and a lead's claims."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from actionplan.history import historical
from actionplan.models import Action, ActionLead, CompletionClaim, Evidence
from actionplan.models.action import CLOSED_STATUSES

PENDING, RETURNED = CompletionClaim.State.PENDING, CompletionClaim.State.RETURNED


def _with_action(claims: QuerySet) -> QuerySet:
    return claims.select_related("action__recommendation__plan", "claimed_by", "reviewer", "note", "evidence")


def inbox() -> QuerySet:
    """Every claim waiting for sign-off, oldest first, with the action's leads and evidence (3 queries)."""
    return (
        _with_action(CompletionClaim.objects.filter(state=PENDING))
        .prefetch_related(
            Prefetch("action__leads", queryset=ActionLead.objects.select_related("person")),
            Prefetch("action__evidence", queryset=Evidence.objects.order_by("uploaded_at", "id")),
        )
        .order_by("claimed_at", "id")
    )


def claim_rows(action: Action) -> list:
    """Every history row of the action's claims, oldest first, with the people they name (one query):
    the action page's history entries and where its latest claim stands both come from these."""
    rows = historical(CompletionClaim).objects.filter(action_id=action.pk).select_related(
        "history_user", "claimed_by", "reviewer"
    )
    return list(rows.order_by("history_date", "history_id"))


def latest_claim(rows: list):
    """The newest claim as it now stands (its last history row; `id` is the claim's), or None."""
    if not rows:
        return None
    newest = max(rows, key=lambda r: (r.claimed_at, r.id))
    return [r for r in rows if r.id == newest.id][-1]


def _mine(user) -> QuerySet:
    led = ActionLead.objects.filter(action_id=OuterRef("action_id"), person__user=user)
    return _with_action(CompletionClaim.objects.filter(Exists(led)))


def awaiting_for(user) -> QuerySet:
    """Completions of actions the user leads that wait for sign-off, oldest first."""
    return _mine(user).filter(state=PENDING).order_by("claimed_at", "id")


def returned_to(user) -> QuerySet:
    """Completions returned on actions the user leads and not yet answered: the latest claim of an
    action still open, newest first, with the reviewer's comment."""
    later = CompletionClaim.objects.filter(action_id=OuterRef("action_id"), claimed_at__gt=OuterRef("claimed_at"))
    return (
        _mine(user)
        .filter(state=RETURNED)
        .exclude(Exists(later))
        .exclude(action__status__in=CLOSED_STATUSES)
        .order_by("-reviewed_at", "-id")
    )


def pending_count() -> int:
    return CompletionClaim.objects.filter(state=PENDING).count()
