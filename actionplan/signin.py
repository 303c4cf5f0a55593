"""Sign-in rules: whose address a request comes from, when failed sign-ins lock an account or an address
out (django-axes, with a limit for each), and when a lock lifts. Settings: JARTRACKER_LOGIN_* and
JARTRACKER_PROXY_COUNT (README, Configuration). The password-reset limit is `services/reset_limits.py`.

Axes counts failures per username and per address; a lock lifts once the failures that made it are older
than the cool-off (`AXES_COOLOFF_TIME`). Attempts made while locked out are refused and do not extend the
lock (`AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT` off), so the time a page gives stays true, and
someone hammering an account cannot keep its owner out for ever.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest

from actionplan import dates


def client_address(request: HttpRequest) -> str | None:
    """The address the nearest of the JARTRACKER_PROXY_COUNT trusted proxies saw the request come from: the
    entry that many from the right of X-Forwarded-For (each proxy appends what it saw; entries further left
    are whatever the client wrote). With no proxies, or a header too short or not an address, REMOTE_ADDR."""
    count = settings.PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if count and len(forwarded) >= count and _is_address(forwarded[-count]):
        return forwarded[-count]
    remote = request.META.get("REMOTE_ADDR", "")
    return remote if _is_address(remote) else None


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _failures(attempts: QuerySet) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LoginAttempts(AxesDatabaseHandler):
    """Axes' database handler with a limit of its own for each of the two lock-out parameters
    (AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]): JARTRACKER_LOGIN_FAILURES_PER_USERNAME and
    JARTRACKER_LOGIN_FAILURES_PER_ADDRESS. Axes compares one count with one limit (AXES_FAILURE_LIMIT, the
    username's), so the address's count is scaled to it: it reaches that limit exactly when the address
    reaches its own. A council's staff often share one address, hence a higher limit for it."""

    def get_failures(self, request, credentials=None) -> int:
        by_username, by_address = (_failures(a) for a in self.get_user_attempts(request, credentials))
        per_username, per_address = settings.LOGIN_FAILURES_PER_USERNAME, settings.LOGIN_FAILURES_PER_ADDRESS
        return max(by_username, by_address * per_username // per_address)


@dataclass(frozen=True)
class Lockout:
    by_username: bool
    by_address: bool
    lifts_at: datetime | None

    @property
    def lifts_words(self) -> str:
        """"10:45am", or "10:45am on 20 May 2006" when that is not today."""
        return dates.uk_time_on(self.lifts_at) if self.lifts_at else ""


def _lifts(attempts: QuerySet, limit: int) -> datetime | None:
    """When the failures still counted fall below `limit`: the oldest drop out first, each a cool-off after
    its last failure. None if they are below it already."""
    rows = list(attempts.order_by("attempt_time").values_list("attempt_time", "failures_since_start"))
    left = sum(failures for _, failures in rows)
    if left < limit:
        return None
    for attempt_time, failures in rows:
        left -= failures
        if left < limit:
            return attempt_time + get_cool_off()
    return None  # not reached: once every row is gone nothing is left


def lockout(request: HttpRequest, credentials: dict | None = None) -> Lockout:
    """Which limits the request is over, and when the later of them lifts."""
    handler = LoginAttempts()
    by_username, by_address = handler.get_user_attempts(request, credentials)
    username_lifts = _lifts(by_username, settings.LOGIN_FAILURES_PER_USERNAME)
    address_lifts = _lifts(by_address, settings.LOGIN_FAILURES_PER_ADDRESS)
    times = [t for t in (username_lifts, address_lifts) if t is not None]
    return Lockout(username_lifts is not None, address_lifts is not None, max(times) if times else None)
