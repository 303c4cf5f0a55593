"""The email a lead gets when a reviewer accepts or returns a completion: plain text and HTML,
through Django's configured email backend (settings.EMAIL_BACKEND), sent after the decision is
committed. A lead without an email address on their account is not emailed; a failed send is
logged and never undoes the decision, which the lead also sees on their home page."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from actionplan.models import CompletionClaim
from actionplan.selectors.notices import absolute

log = logging.getLogger(__name__)


def review_recipients(claim: CompletionClaim) -> list[str]:
    """The email addresses of the action's leads' accounts and of whoever claimed the completion."""
    users = [lead.person.user for lead in claim.action.leads.select_related("person__user")]
    users.append(claim.claimed_by)
    addresses = []
    for user in users:
        if user is not None and user.email and user.email not in addresses:
            addresses.append(user.email)
    return addresses


def send_review_notice(claim_id: int) -> int:
    """Email the decision on a claim; returns the number of messages sent (0 or 1)."""
    claim = CompletionClaim.objects.select_related("action__recommendation__plan", "reviewer", "claimed_by").get(
        pk=claim_id
    )
    recipients = review_recipients(claim)
    if not recipients:
        return 0
    action = claim.action
    context = {
        "claim": claim,
        "action": action,
        "plan": action.recommendation.plan,
        "accepted": claim.state == CompletionClaim.State.ACCEPTED,
        "reviewer": (claim.reviewer.get_full_name() or claim.reviewer.get_username()) if claim.reviewer else "",
        "action_link": absolute(reverse("action_detail", args=[action.pk])),
        "update_link": absolute(reverse("action_update", args=[action.pk])),
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
    }
    verb = "accepted" if context["accepted"] else "returned"
    subject = f"Action {action.reference}: completion {verb}"
    try:
        return send_mail(
            subject,
            render_to_string("email/completion_reviewed.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            recipients,
            html_message=render_to_string("email/completion_reviewed.html", context),
        )
    except OSError:  # SMTP errors are OSErrors: the decision stands; the home page shows it
        log.exception("Could not email the review of completion claim %s", claim_id)
        return 0
