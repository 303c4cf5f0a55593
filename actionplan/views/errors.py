"""The error pages: 400, 403 (and a form refused by the CSRF check), 404, 500, 503 while the database cannot
be reached, and 413 for a form too large to read. None needs the database: each page is rendered with a
context built here, never the context processors (which read the session and the user), and names the
signed-in person only when they can still be read. Each page says what happened and gives a way back.

Django calls the handlers named in `jartracker/urls.py` only when DEBUG is off.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string

from actionplan import limits
from actionplan.permissions import can_read, can_review

logger = logging.getLogger(__name__)

# What the database raises when it cannot be reached or is too busy to answer (a restart, a dropped
# connection, SQLite's lock wait running out): shown as the 503 page, not as a fault in the service.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 60


def _signed_in(request: HttpRequest) -> dict:
    """The signed-in user and what the header may offer them, if the session and their roles can be read;
    anyone else, or when they cannot, a visitor (the header then offers Sign in)."""
    user = getattr(request, "user", None)
    try:
        if user is not None and user.is_authenticated:
            return {"user": user, "nav_can_read": can_read(user), "nav_can_review": can_review(user)}
    except DatabaseError:
        pass
    return {}


def render_error(request: HttpRequest, template: str, status: int, context: dict | None = None,
                 *, signed_in: dict | None = None) -> HttpResponse:
    """The page in the service's layout, from this context alone (no context processors). `signed_in` is
    `_signed_in(request)`, for the pages that may read the database to name who is signed in."""
    signed_in = signed_in or {"user": AnonymousUser()}
    page = {
        "request": request,
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
        # The header's sign-out form needs the token; reading it touches only the cookie.
        "csrf_token": get_token(request) if signed_in["user"].is_authenticated else "",
        **signed_in,
        **(context or {}),
    }
    return HttpResponse(render_to_string(template, page), status=status)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503: the database cannot be reached; nothing was saved (each request is one transaction)."""
    response = render_error(request, "503.html", 503, {"back": request.path})
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return too_large(request, exception)
    return render_error(request, "400.html", 400, signed_in=_signed_in(request))


def too_large(request: HttpRequest, exception: Exception) -> HttpResponse:
    """413: the form's text (or its number of fields or files) is over what the service reads."""
    context = {
        "back": request.path,
        "too_many_fields": isinstance(exception, TooManyFieldsSent),
        "too_many_files": isinstance(exception, TooManyFilesSent),
        "max_megabytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024),
        "sent_megabytes": _sent_megabytes(request),
        "note_limit": limits.PROGRESS_NOTE,
    }
    return render_error(request, "413.html", 413, context, signed_in=_signed_in(request))


def _sent_megabytes(request: HttpRequest) -> float | None:
    """How much a form sent, when it is all text (a form with a file counts the file too, so says nothing)."""
    if request.content_type != "application/x-www-form-urlencoded":
        return None
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) / (1024 * 1024) or None
    except ValueError:
        return None


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, "403.html", 403, signed_in=_signed_in(request))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """403 for a form sent without its token (an expired page, or from another site)."""
    return render_error(request, "403_csrf.html", 403, {"back": request.path}, signed_in=_signed_in(request))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, "404.html", 404, signed_in=_signed_in(request))


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 when what went wrong is the database being unreachable (also outside a view: the
    session saved after it, a middleware's read). Never names the user: that could need the database."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return service_unavailable(request)
    try:
        return render_error(request, "500.html", 500)
    except Exception:  # the page itself failed: still answer in words, not a bare server error
        logger.exception("The 500 page could not be rendered")
        return HttpResponse(
            "<!DOCTYPE html><title>Sorry, there is a problem with the service</title>"
            "<h1>Sorry, there is a problem with the service</h1><p>Try again later.</p>",
            status=500,
        )
