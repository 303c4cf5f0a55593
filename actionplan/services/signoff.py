"""Review and sign-off: a completion claimed on the progress form, accepted or returned by a reviewer.

The rules, each here once:
- A plan's settings say whether completing an action needs sign-off and whether it needs evidence
  (`plan_signoff_settings_change`). Evidence, when needed, is a file or link on the update or
  already on the action (`evidence_problem`, checked with the rest of the form before any write).
- With sign-off on, an update that marks an open action completed records a claim
  (`claim_completion`): the note and evidence are saved, the action's status and RAG stay as they
  were, and the action shows "Completion awaiting sign-off". One claim waits per action.
- A reviewer (plan manager or director, never the claimant: `permissions.can_review_claim`)
  accepts it: the action is completed through `Action.set_status` on the day of acceptance, so
  every figure, paper and as-at view counts it from then; or returns it with a comment (required).
  A review of a claim someone else already decided raises `AlreadyReviewed` and writes nothing.
- The lead (and the claimant) are emailed either way, once the decision is committed.
- Recording another status while a claim waits, or cancelling the action, withdraws the claim.
Every step is in the history of the claim and of the action (who, when, why).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actionplan.history import save_recorded
from actionplan.models import Action, CompletionClaim, Evidence, Plan, ProgressNote, Status
from actionplan.services.errors import AlreadyReviewed
from actionplan.services.signoff_mail import send_review_notice

EVIDENCE_NEEDED = (
    "Add evidence that the action is complete (a file or a link): this plan needs evidence for every completion"
)
COMMENT_NEEDED = "Enter a comment saying why the completion is returned, so the lead knows what to do"


def display_name(user) -> str:
    if user is None:
        return "Someone"
    return user.get_full_name() or user.get_username()


def completes(action: Action, status: str) -> bool:
    """Whether recording `status` would complete the action (it is not completed already)."""
    return status == Status.COMPLETED and action.status != Status.COMPLETED


def claims_completion(action: Action, status: str) -> bool:
    """Whether recording `status` makes a claim for sign-off rather than completing the action."""
    return completes(action, status) and action.recommendation.plan.completion_needs_signoff


def evidence_problem(action: Action, status: str, *, file=None, url: str = "") -> str:
    """"" or the message for a completion without the evidence the plan needs."""
    if not (completes(action, status) and action.recommendation.plan.completion_needs_evidence):
        return ""
    if file or url or Evidence.objects.filter(action=action).exists():
        return ""
    return EVIDENCE_NEEDED


def pending_claim(action: Action) -> CompletionClaim | None:
    return CompletionClaim.objects.filter(action=action, state=CompletionClaim.State.PENDING).first()


def claim_completion(
    action: Action, *, note: ProgressNote | None, evidence: Evidence | None, user
) -> CompletionClaim:
    """Record the claim (or keep the one already waiting) and the action's history entry for it.
    Call inside the progress update's transaction, with the action locked."""
    claim = pending_claim(action)
    if claim is None:
        claim = CompletionClaim(action=action, claimed_by=user, claimed_at=timezone.now(), note=note,
                                evidence=evidence)
        save_recorded(claim, reason="Completion claimed: awaiting sign-off", user=user)
        reasons = ["Completion claimed: awaiting sign-off"]
    else:
        reasons = ["Completion already awaiting sign-off"]
    if note is not None:
        reasons.append("Progress note added")
    action.version += 1
    save_recorded(action, reason="; ".join(reasons), user=user)
    return claim


def withdraw_pending(action: Action, *, user, why: str) -> None:
    """Withdraw a waiting claim (the lead recorded another status, or the action was cancelled)."""
    claim = pending_claim(action)
    if claim is not None:
        claim.state = CompletionClaim.State.WITHDRAWN
        claim.version += 1
        save_recorded(claim, reason=f"Completion claim withdrawn: {why}", user=user)


def _locked_claim(claim_id: int, expected_version: int) -> CompletionClaim:
    claim = CompletionClaim.objects.select_for_update().select_related("action").get(pk=claim_id)
    if claim.version != expected_version or not claim.is_pending:
        raise AlreadyReviewed(CompletionClaim.objects.select_related("reviewer", "action").get(pk=claim_id))
    return claim


def _decide(claim: CompletionClaim, state: str, *, user, comment: str) -> None:
    claim.state, claim.reviewer, claim.reviewed_at = state, user, timezone.now()
    claim.comment = comment
    claim.version += 1
    verb = "accepted" if state == CompletionClaim.State.ACCEPTED else "returned"
    save_recorded(claim, reason=f"Completion {verb}" + (f": {comment}" if comment else ""), user=user)
    transaction.on_commit(lambda: send_review_notice(claim.pk))


@transaction.atomic
def claim_accept(*, claim_id: int, user, expected_version: int, comment: str = "") -> CompletionClaim:
    """Sign off the completion: the action is completed from today, the day it was accepted."""
    claim = _locked_claim(claim_id, expected_version)
    action = Action.objects.select_for_update().get(pk=claim.action_id)
    if action.status == Status.CANCELLED:
        raise ValidationError({"decision": "This action was cancelled: its completion can no longer be accepted"})
    comment = comment.strip()
    action.set_status(Status.COMPLETED, on=timezone.localdate())
    reasons = [f"Completion accepted by {display_name(user)}" + (f": {comment}" if comment else "")]
    if action.rag_override:  # completed: the suggestion (Green, or Blue) applies, as when completing directly
        action.rag_override, action.rag_override_reason = "", ""
        reasons.append("RAG override removed; the suggested RAG applies")
    # The claim's row before the action's: a save's related rows come first (selectors.history.edits_since).
    _decide(claim, CompletionClaim.State.ACCEPTED, user=user, comment=comment)
    action.version += 1
    save_recorded(action, reason="; ".join(reasons), user=user)
    return claim


@transaction.atomic
def claim_return(*, claim_id: int, user, expected_version: int, comment: str) -> CompletionClaim:
    """Send the completion back to the lead with the reviewer's comment; the action stays open."""
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": COMMENT_NEEDED})
    claim = _locked_claim(claim_id, expected_version)
    _decide(claim, CompletionClaim.State.RETURNED, user=user, comment=comment)
    return claim


@transaction.atomic
def plan_signoff_settings_change(*, plan_id: int, needs_signoff: bool, needs_evidence: bool, user, reason: str) -> Plan:
    """Set whether the plan's completions need sign-off and evidence; claims already waiting stay."""
    plan = Plan.objects.select_for_update().get(pk=plan_id)
    changed = []
    if plan.completion_needs_signoff != needs_signoff:
        changed.append(f"completion needs sign-off: {'yes' if needs_signoff else 'no'}")
    if plan.completion_needs_evidence != needs_evidence:
        changed.append(f"completion needs evidence: {'yes' if needs_evidence else 'no'}")
    if changed:
        plan.completion_needs_signoff, plan.completion_needs_evidence = needs_signoff, needs_evidence
        why = "Settings changed: " + "; ".join(changed) + (f" ({reason.strip()})" if reason.strip() else "")
        save_recorded(plan, reason=why, user=user)
    return plan
