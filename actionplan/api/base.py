"""What every API view shares: the query parameters it takes (any other is refused, not ignored),
the as-at day, and pages of 25 in a stable order."""

from __future__ import annotations

from contextlib import ExitStack
from datetime import date

from django.db import transaction
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.generics import GenericAPIView
from rest_framework.mixins import ListModelMixin
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import APIView

from actionplan.asat import AsAtError, check_as_at
from actionplan.models import Plan

PAGE_SIZE = 25

AS_AT = OpenApiParameter(
    "as_at", OpenApiTypes.DATE, description="YYYY-MM-DD: the answer as recorded at the end of that day (default: now)"
)


class Pages(PageNumberPagination):
    page_size = PAGE_SIZE
    invalid_page_message = "There is no page {page_number} of these results"


class CheckedBeforeTransaction(APIView):
    """An API view whose caller is identified, allowed and counted (throttling) before its transaction.

    Pages run in one transaction per request (ATOMIC_REQUESTS). Here the token check, the per-token call
    count and the token's "last used" run first, each write committed at once in its own short transaction
    (services/tokens.py, api/auth.py); only then does the handler's transaction begin. So a count is never
    rolled back with a failed call, every worker sees it at once, a read's transaction still starts without
    SQLite's write lock (jartracker/db/reads.py), and a write's lock is not taken while the count is written.
    """

    _handler_transaction: ExitStack
    _transaction_begun = False

    @classmethod
    def as_view(cls, **initkwargs):
        return transaction.non_atomic_requests(super().as_view(**initkwargs))

    def dispatch(self, request, *args, **kwargs):
        self._transaction_begun = False
        with ExitStack() as self._handler_transaction:
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self._handler_transaction.enter_context(transaction.atomic())
        self._transaction_begun = True

    def handle_exception(self, exc):
        if self._transaction_begun:
            return super().handle_exception(exc)  # marks the handler's transaction for rollback
        # Refused before the handler's transaction began (no token, not allowed, throttled): DRF marks the
        # innermost transaction for rollback on any error, so give it an empty one rather than a caller's.
        with transaction.atomic():
            return super().handle_exception(exc)


class ApiView(CheckedBeforeTransaction, GenericAPIView):
    """A read of the API. `params`: the query parameters this view takes besides as_at (and page, when it
    pages); anything else is answered 400 naming it, so a misspelt filter never silently returns all."""

    params: tuple[str, ...] = ()
    pagination_class: type[Pages] | None = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # who is calling, whether they may, throttling: first
        allowed = {"as_at", *self.params} | ({"page"} if self.pagination_class else set())
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            takes = ", ".join(sorted(allowed))
            raise exceptions.ValidationError(
                {name: f"Unknown query parameter {name!r}: this endpoint takes {takes}" for name in unknown}
            )

    def as_at(self, plan: Plan | None = None) -> date | None:
        """The day asked for, checked as every page and the export check it; None for now."""
        text = self.request.query_params.get("as_at")
        if text is None:
            return None
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise exceptions.ValidationError({"as_at": f"{text!r} is not a date; use YYYY-MM-DD, e.g. 2006-05-19"}) \
                from None
        try:
            if plan is not None:
                check_as_at(plan, day)
            elif day > timezone.localdate():
                raise AsAtError("The as-at date must be today or in the past")
        except AsAtError as e:
            raise exceptions.ValidationError({"as_at": str(e)}) from None
        return day



class ListView(ListModelMixin, ApiView):
    """A read that answers in pages of 25 (`?page=2`); ListModelMixin tells the schema so."""

    pagination_class = Pages

    def page_of(self, rows: list):
        """One page of `rows` (already in their stable order) as the paginated answer."""
        return self.get_paginated_response(self.paginate_queryset(rows))
