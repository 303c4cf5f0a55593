"""Middleware of the service's own."""

from __future__ import annotations

import logging

from django.contrib.auth import SESSION_KEY
from django.utils import timezone

from actionplan.views import errors

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """A view that finds the database unreachable or too busy answers with the 503 page ("try again in a
    minute; nothing you submitted was saved"), which itself needs no database. The request's transaction
    was rolled back when the error left the view. (An error outside a view reaches the same page through
    `errors.server_error`.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, errors.DATABASE_UNAVAILABLE):
            logger.error("Database unavailable: %s %s: %s", request.method, request.path, exception)
            return errors.service_unavailable(request)
        return None


class SessionActivityMiddleware:
    """A signed-in session ends SESSION_COOKIE_AGE (JARTRACKER_SESSION_IDLE_HOURS) after the last page the
    person read: reading a page renews it, as SESSION_SAVE_EVERY_REQUEST would, but at most once a minute
    (one write a minute for each person at work, not one a request). Only reads renew it: a form sent is
    followed by a page read, and no session write is left to fail after a form's changes are committed."""

    RENEW_AFTER_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if request.method in ("GET", "HEAD") and session.get(SESSION_KEY):
            now = int(timezone.now().timestamp())
            if now - session.get("renewed_at", 0) >= self.RENEW_AFTER_SECONDS:
                session["renewed_at"] = now  # a change to the session: saved with a new expiry, cookie renewed
        return self.get_response(request)
