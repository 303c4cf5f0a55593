"""One shape for every API error: {"errors": [{"field": "status" | null, "message": "…"}]}.

400 bad input (the field named; `null` for the request as a whole), 401 no or bad token, 403 not
allowed, 404 not found, 405 wrong method, 409 changed since read (with the current version),
429 too many calls (with Retry-After).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from actionplan.services.errors import StaleEdit

FORM_ERRORS = "non_field_errors"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This action changed since you read it"


def error_body(items: list[tuple[str | None, str]], **extra) -> dict:
    return {"errors": [{"field": field, "message": message} for field, message in items], **extra}


def _flatten(detail, field: str | None = None) -> list[tuple[str | None, str]]:
    """DRF's error detail (a string, a list, or a dict of them, nested) as (field, message) pairs."""
    if isinstance(detail, dict):
        return [pair for key, value in detail.items() for pair in _flatten(value, _join(field, key))]
    if isinstance(detail, list):
        return [pair for item in detail for pair in _flatten(item, field)]
    return [(field, str(detail))]


def _join(parent: str | None, key) -> str | None:
    if isinstance(key, int):  # one item of a list ("status=done,foo"): the list's field is named
        return parent
    key = None if key == FORM_ERRORS else str(key)
    if parent is None:
        return key
    return parent if key is None else f"{parent}.{key}"


def api_exception_handler(exc, context):
    if isinstance(exc, StaleEdit):
        current = exc.current
        return Response(
            error_body([("version", f"This action changed since you read it: it is now at version "
                                    f"{current.version}. Read it again and send your update with that version.")],
                       current_version=current.version),
            status=status.HTTP_409_CONFLICT,
        )
    # The permission helpers raise Django's 404 and 403 (their messages name models: not for callers).
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    detail = exc.detail
    invalid = isinstance(exc, exceptions.ValidationError)
    response.data = error_body(_flatten(detail) if invalid else [(None, _message(exc, str(detail)))])
    return response


def _message(exc, detail: str) -> str:
    """Plain words where DRF's defaults speak of "credentials"."""
    if isinstance(exc, exceptions.NotAuthenticated):
        return "Send a personal access token: Authorization: Bearer jt_… (make one on your account page)"
    if isinstance(exc, exceptions.PermissionDenied) and detail == exceptions.PermissionDenied.default_detail:
        return "You may not do this"
    if isinstance(exc, exceptions.NotFound) and detail == exceptions.NotFound.default_detail:
        return "Not found"
    return detail
