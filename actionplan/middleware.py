"""Middleware of the service's own."""

from __future__ import annotations

import logging
from contextlib import ExitStack

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import connections
from django.utils import timezone

from actionplan.views import errors, health
from jartracker.db import reads

logger = logging.getLogger(__name__)


HEALTH_PATH = "/healthz"


class HealthCheckMiddleware:
    """/healthz is answered here, ahead of the session, authentication, CSRF, lock-out and message
    middleware, so that no probe needs (or reads) a session or touches anything but the health report,
    whatever cookies it sends, and the host it names is not checked (a load balancer may probe by
    address). Only SecurityMiddleware runs before it (its redirect to HTTPS exempts this path)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTH_PATH:
            return health.healthz(request)
        return self.get_response(request)


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


RENEWED_AT = "renewed_at"


def _renew_after_seconds() -> int:
    """How often a session is written to move its end on: every 15 minutes, or a tenth of a shorter idle limit."""
    return min(15 * 60, settings.SESSION_COOKIE_AGE // 10)


def session_started(sender, request, user, **kwargs):
    """At sign-in (its session is saved then anyway): the session counts as just renewed."""
    request.session[RENEWED_AT] = int(timezone.now().timestamp())


class SessionActivityMiddleware:
    """A signed-in session ends SESSION_COOKIE_AGE (JARTRACKER_SESSION_IDLE_HOURS) after the last page the
    person read, give or take the renewal interval: reading a page renews the session as
    SESSION_SAVE_EVERY_REQUEST would, but at most every 15 minutes (one write a quarter of an hour for each
    person at work, not one a request; a page's query count is unchanged between renewals). Only reads renew
    it: a form sent is followed by a page read, and no session write is left to fail after a form's changes
    are committed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if request.method in ("GET", "HEAD") and session.get(SESSION_KEY):
            now = int(timezone.now().timestamp())
            if now - session.get(RENEWED_AT, 0) >= _renew_after_seconds():
                session[RENEWED_AT] = now  # a change to the session: saved with a new end, cookie renewed
        return self.get_response(request)


class ReadRequestMiddleware:
    """A GET/HEAD/OPTIONS request's view runs as a read: on SQLite its transaction (ATOMIC_REQUESTS) starts
    without the write lock, and it may not write. Why, and what writes are still safe: jartracker.db.reads."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in reads.SAFE_METHODS:
            return self.get_response(request)
        with reads.reads_only(), ExitStack() as guards:
            for connection in connections.all():
                guards.enter_context(connection.execute_wrapper(reads.refuse_writes))
            return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "writes_on_read", False):
            reads.stop_reading()
        return None
