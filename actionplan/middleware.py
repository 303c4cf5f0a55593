"""Middleware of the service's own."""

from __future__ import annotations

import logging

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
