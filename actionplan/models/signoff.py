"""A lead's claim that an action is complete, waiting for a reviewer's sign-off.

When a plan's completions need sign-off (`Plan.completion_needs_signoff`), recording "Completed" on
the progress form does not complete the action: it makes a claim. A plan manager or director
accepts it (then, and only then, the action is completed, through `Action.set_status`, from the
day it was accepted) or returns it with a comment. Each claim is its own versioned record, so what
was claimed, by whom, and what the reviewer said survive later claims.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from actionplan.models.action import Action, Evidence, ProgressNote


class CompletionClaim(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "Awaiting sign-off"
        ACCEPTED = "accepted", "Accepted"
        RETURNED = "returned", "Returned"
        # The lead recorded another status while the claim waited, or the action was cancelled.
        WITHDRAWN = "withdrawn", "Withdrawn"

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="completion_claims")
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="completion_claims"
    )
    claimed_at = models.DateTimeField()
    # The note and the evidence recorded with the claim, if any (the action may hold earlier evidence).
    note = models.ForeignKey(ProgressNote, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    evidence = models.ForeignKey(Evidence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField("reviewer's comment", blank=True)
    # Optimistic locking: the review form posts the version it was opened at.
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["claimed_at", "id"]
        indexes = [models.Index(fields=["state", "claimed_at"], name="claim_state_claimed")]
        constraints = [
            models.UniqueConstraint(
                fields=["action"], condition=models.Q(state="pending"), name="one_pending_claim_per_action"
            )
        ]

    def __str__(self):
        return f"Completion of {self.action_id}: {self.get_state_display()}"

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING
