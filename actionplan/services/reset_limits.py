"""How many password-reset links may be asked for: JARTRACKER_RESET_LINKS_PER_EMAIL for one email address
and JARTRACKER_RESET_LINKS_PER_ADDRESS from one client address, within JARTRACKER_RESET_LIMIT_MINUTES.

Counted in the database (`PasswordResetRequest`) rather than Django's cache: the default cache is each
process's own memory, so with several gunicorn workers the limit would multiply and a restart would forget
it, and a shared cache would be one more service (or one more deployment step) to run. A refused request is
not recorded, so the time the page gives stays true.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac

from actionplan.models import PasswordResetRequest


def email_digest(email: str) -> str:
    return salted_hmac("jartracker.reset-limits", email.strip().lower(), algorithm="sha256").hexdigest()


def _lifts(requests: QuerySet[PasswordResetRequest], limit: int, window: timedelta) -> datetime | None:
    """When one more request is allowed, if `limit` are already counted: when the oldest of them leaves."""
    newest = list(requests.order_by("-requested_at").values_list("requested_at", flat=True)[:limit])
    return newest[-1] + window if len(newest) >= limit else None


def claim_reset_link(*, email: str, address: str | None, now: datetime | None = None) -> datetime | None:
    """Record a request for a reset link and return None; or, when the email or the address has had its
    allowance within the window, record nothing and return when the next request will be allowed."""
    now = now or timezone.now()
    window = timedelta(minutes=settings.RESET_LIMIT_MINUTES)
    with transaction.atomic():
        PasswordResetRequest.objects.filter(requested_at__lte=now - window).delete()
        counted = PasswordResetRequest.objects.filter(requested_at__gt=now - window)
        lifts = [_lifts(counted.filter(email_digest=email_digest(email)), settings.RESET_LINKS_PER_EMAIL, window)]
        if address:
            lifts.append(_lifts(counted.filter(address=address), settings.RESET_LINKS_PER_ADDRESS, window))
        refused = [moment for moment in lifts if moment is not None]
        if refused:
            return max(refused)
        PasswordResetRequest.objects.create(requested_at=now, email_digest=email_digest(email), address=address)
        return None
