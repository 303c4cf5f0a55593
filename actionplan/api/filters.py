"""The action list's filters, as the API takes them: the same names and rules as the page's
(actionplan/filters.py), applied to the actions as they stood on the day asked."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import date
from functools import cached_property, reduce

from django.db.models import Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework import serializers as s

from actionplan.asat import Moment
from actionplan.deadlines import is_overdue, overdue_q
from actionplan.models import Plan, Status
from actionplan.rag import action_rag_q, scheme_choices
from actionplan.selectors.action_rows import led_by
from actionplan.selectors.search import MAX_LENGTH, search_actions
from actionplan.selectors.snapshot import ActionState
from actionplan.updates import UpdateState, no_update_q

MANY = "Several: repeat the parameter or separate with commas"


class ActionFilters(s.Serializer):
    plan = s.SlugField(required=False, help_text="A plan's slug, e.g. herefordshire-jar-2006")
    recommendation = s.IntegerField(required=False, min_value=1, help_text="A recommendation's number")
    lead = s.CharField(required=False, max_length=12, help_text="A lead's initials (HL)")
    status = s.ListField(
        child=s.ChoiceField(Status.values, error_messages={
            "invalid_choice": f"{{input!r}} is not a status; choose from {', '.join(Status.values)}"}),
        required=False, help_text=f"{', '.join(Status.values)}. {MANY}",
    )
    rag = s.ListField(child=s.CharField(), required=False, help_text=f"red, amber, green (blue, grey). {MANY}")
    due_after = s.DateField(required=False, help_text="Due on or after (YYYY-MM-DD)")
    due_before = s.DateField(required=False, help_text="Due on or before (YYYY-MM-DD)")
    overdue = s.BooleanField(required=False, help_text="true: only actions open and past a due date read cleanly")
    update = s.ChoiceField(UpdateState.values, required=False,
                           help_text="no_update: past its due date with no progress note since")
    q = s.CharField(required=False, max_length=MAX_LENGTH,
                    help_text="The action list's search: a reference (13.2), rec 10, initials (HL) or words. It "
                              "matches the actions' current words; everything else answers as at the day asked")

    def validate_rag(self, values):
        allowed = [value for value, _ in scheme_choices()]
        wrong = [v for v in values if v not in allowed]
        if wrong:
            raise s.ValidationError(f"{wrong[0]!r} is not a RAG; choose from {', '.join(allowed)}")
        return values

    def validate_plan(self, slug) -> Plan:
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            known = ", ".join(Plan.objects.order_by("slug").values_list("slug", flat=True))
            raise s.ValidationError(f"No plan {slug!r}; plans: {known or 'none loaded'}")
        return plan


NAMES = tuple(ActionFilters().fields)
LISTS = ("status", "rag")


def filter_parameters() -> list[OpenApiParameter]:
    """The filters for the schema (a serializer as query parameters would lose the "several" lists)."""
    params = []
    for name, field in ActionFilters().fields.items():
        kind = {s.IntegerField: OpenApiTypes.INT, s.DateField: OpenApiTypes.DATE,
                s.BooleanField: OpenApiTypes.BOOL}.get(type(field), OpenApiTypes.STR)
        params.append(OpenApiParameter(name, kind, many=name in LISTS, explode=True, description=field.help_text))
    return params


@dataclass
class Chosen:
    """The filters asked for. `narrow` applies them in the database to the list's rows; `keeps` is the same
    rules judged on one action as a snapshot has it (tests/api/test_action_list_paths.py: they agree).
    Each rule is the shared one, in SQL and in Python: the RAG (actionplan.rag), overdue
    (actionplan.deadlines) and the update state (actionplan.updates)."""

    plan: Plan | None
    matches: QuerySet | None  # the actions the search found (current words); None when there was no search
    rules: dict

    def narrow(self, rows: QuerySet, moment: Moment) -> QuerySet:
        """`rows` (`selectors.action_rows.plans_actions`: actions as they stood at `moment`) that pass."""
        r = {name: value for name, value in self.rules.items() if value not in (None, "", [])}
        if self.matches is not None:
            rows = rows.filter(id__in=self.matches.values("pk"))
        conditions = {
            "recommendation": lambda v: Q(rec_number=v),
            "lead": lambda v: led_by(moment, v.strip().upper()),
            "status": lambda v: Q(status__in=v),
            "rag": lambda v: reduce(operator.or_, (action_rag_q(rag, moment.on) for rag in v)),
            "due_after": lambda v: Q(due_date__gte=v),
            "due_before": lambda v: Q(due_date__lte=v),
            "overdue": lambda v: overdue_q(moment.on) if v else Q(),
        }
        rows = rows.filter(*(condition(r[name]) for name, condition in conditions.items() if name in r))
        if "update" in r:  # as the web list's filter does: exclude, so no NULL makes a row fall out of both
            silent = no_update_q(moment)
            rows = rows.filter(silent) if r["update"] == UpdateState.NO_UPDATE else rows.exclude(silent)
        return rows

    @cached_property
    def matched_ids(self) -> set[int] | None:
        return None if self.matches is None else set(self.matches.values_list("pk", flat=True))

    def keeps(self, a: ActionState, on: date) -> bool:
        r = self.rules
        if self.matched_ids is not None and a.id not in self.matched_ids:
            return False
        number = int(a.reference.split(".")[0])
        checks = (
            ("recommendation", lambda v: number == v),
            ("lead", lambda v: v.strip().upper() in {initials for initials, _ in a.leads}),
            ("status", lambda v: a.status in v),
            ("rag", lambda v: a.rag in v),
            ("due_after", lambda v: a.due_date is not None and a.due_date >= v),
            ("due_before", lambda v: a.due_date is not None and a.due_date <= v),
            ("overdue", lambda v: is_overdue(a, on) or not v),
            ("update", lambda v: a.update_state == v),
        )
        return all(check(r[name]) for name, check in checks if r.get(name) not in (None, "", []))


def chosen_filters(query_params, readable_actions) -> Chosen:
    """The filters asked for, checked (400 naming each bad one), with the search run once."""
    data = {}
    for name in NAMES:
        if name not in query_params:
            continue
        if name in LISTS:
            data[name] = [v for value in query_params.getlist(name) for v in value.split(",") if v]
        else:
            data[name] = query_params.get(name)
    checked = ActionFilters(data=data)
    if not checked.is_valid():
        raise exceptions.ValidationError(checked.errors)
    rules = dict(checked.validated_data)
    text = rules.pop("q", "")
    matches = None
    if text and text.strip():
        matches = search_actions(readable_actions, text)
    return Chosen(plan=rules.pop("plan", None), matches=matches, rules=rules)

