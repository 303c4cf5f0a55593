"""Reads of actions as at any day (the list with the action list's filters, one action, its notes and
its evidence) and the one write: recording progress, through the progress form's own rules and service."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from actionplan import permissions as perms
from actionplan.api import serializers as out
from actionplan.api.base import AS_AT, ApiView, ListView
from actionplan.api.filters import NAMES, chosen_filters, filter_parameters
from actionplan.asat import Moment, local_day
from actionplan.models import Action, Evidence, Plan
from actionplan.selectors.action_rows import plans_actions
from actionplan.selectors.plan_export import action_as_json, iso, note_as_json
from actionplan.selectors.snapshot import ActionState, actions_as_at, plan_snapshot


def action_row(request, plan_slug: str, number: int, a: ActionState) -> dict:
    """The export's action, with what a program needs to find it again."""
    return {
        "id": a.id, "plan": plan_slug, "recommendation": number, **action_as_json(a),
        "suggested_rag": a.suggested_rag, "rag_override_reason": a.rag_override_reason,
        "last_update": iso(a.last_update),
        "url": request.build_absolute_uri(reverse("api:action", args=[a.id])),
        "page": request.build_absolute_uri(reverse("action_detail", args=[a.id])),
    }


class ActionList(ListView):
    serializer_class = out.ActionSerializer
    params = NAMES

    @extend_schema(parameters=[AS_AT, *filter_parameters()], summary="Actions",
                   description="Actions across plans as they stood at the end of `as_at`, with the action list's "
                               "filters (judged on that day: RAG, overdue and update state), in plan (slug), "
                               "recommendation and action order, 25 a page (`page`; `count`, `next` and "
                               "`previous` as usual). A parameter this endpoint does not take is refused (400).")
    def get(self, request):
        chosen = chosen_filters(request.query_params, perms.actions_for(request.user))
        if chosen.plan is not None:
            day = self.as_at(chosen.plan)
            plans = Plan.objects.filter(pk=chosen.plan.pk)
        else:
            day = self.as_at()
            # A plan not yet begun on the day has nothing to show (as the export refuses such a day).
            plans = Plan.objects.filter(**({"started_on__lte": day} if day else {}))
        # Filtered, counted, ordered and cut to a page in the database; only the page's actions are then
        # read as a snapshot reads them (the same code as the plan's export), so a page's queries and time
        # do not grow with the plans.
        moment = Moment.for_date(day)
        rows = chosen.narrow(plans_actions(moment, plans.values("id")), moment)
        page = self.paginate_queryset(rows.values_list("id", "plan_slug", "rec_number"))
        states = actions_as_at([action_id for action_id, _, _ in page], day)
        return self.get_paginated_response(
            [action_row(request, slug, number, states[action_id]) for action_id, slug, number in page]
        )


def action_then(view: ApiView, action: Action) -> tuple[ActionState, int]:
    """The action as it stood on the day the request asks (404 when it was not yet in the plan)."""
    plan = action.recommendation.plan
    snapshot = plan_snapshot(plan, view.as_at(plan), only=action.recommendation_id)
    for r in snapshot.recommendations:
        for a in r.actions:
            if a.id == action.pk:
                return a, r.number
    raise exceptions.NotFound(f"Action {action.reference} was not yet in the plan on that day")


class ActionDetail(ApiView):
    serializer_class = out.ActionDetailSerializer

    @extend_schema(parameters=[AS_AT], summary="One action",
                   description="As it stood at the end of `as_at`; `version` is always the current one, to send "
                               "back with a progress update.")
    def get(self, request, pk):
        action = perms.action_for(request.user, pk)
        state, number = action_then(self, action)
        return Response({**action_row(request, action.recommendation.plan.slug, number, state),
                         "version": action.version})


class NoteList(ListView):
    serializer_class = out.NoteSerializer

    @extend_schema(parameters=[AS_AT], summary="An action's progress notes", description="Newest first.")
    def get(self, request, pk):
        state, _ = action_then(self, perms.action_for(request.user, pk))
        return self.page_of([note_as_json(n) for n in state.notes])


class EvidenceList(ListView):
    serializer_class = out.EvidenceSerializer

    @extend_schema(parameters=[AS_AT], summary="An action's evidence",
                   description="What each piece of evidence is; a file is fetched through jartracker's own "
                               "download page (signed in, the same permission check as the pages).")
    def get(self, request, pk):
        action = perms.action_for(request.user, pk)
        moment = Moment.for_date(self.as_at(action.recommendation.plan))
        rows = moment.rows(Evidence, action_id=action.pk).order_by("uploaded_at", "id")
        return self.page_of([self._row(e) for e in rows])

    def _row(self, e) -> dict:
        download = reverse("evidence_download", args=[e.id]) if e.file else None
        return {
            "id": e.id, "title": e.title, "link": e.url or None, "file_name": e.original_name or None,
            "content_type": e.content_type or None, "size": e.size if e.file else None,
            "uploaded_on": iso(local_day(e.uploaded_at)),
            "download": self.request.build_absolute_uri(download) if download else None,
        }
