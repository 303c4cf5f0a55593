"""Reads of a plan and what belongs to it, as at any day: the plan (the export's document), its
recommendations, people, glossary, indicators and issued papers."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from actionplan import permissions as perms
from actionplan.api import serializers as out
from actionplan.api.base import AS_AT, ApiView, ListView
from actionplan.asat import Moment, end_of_day, local_day
from actionplan.models import GlossaryTerm, Person, Plan
from actionplan.selectors.indicators import plan_indicators
from actionplan.selectors.plan_export import iso, plan_as_json, recommendation_as_json
from actionplan.selectors.snapshot import RecommendationState, plan_snapshot, recommendation_as_at


class PlanList(ListView):
    serializer_class = out.PlanSerializer

    @extend_schema(parameters=[AS_AT], summary="Plans", description="Every plan that had begun by the day asked.")
    def get(self, request):
        plans = perms.plans_for(request.user).order_by("slug")
        day = self.as_at()
        if day is not None:
            plans = plans.filter(started_on__lte=day)
        return self.page_of([self._row(p) for p in plans])

    def _row(self, plan: Plan) -> dict:
        build = self.request.build_absolute_uri
        return {"slug": plan.slug, "title": plan.title, "organisation": plan.organisation,
                "started_on": iso(plan.started_on), "url": build(reverse("api:plan", args=[plan.slug])),
                "page": build(reverse("plan_detail", args=[plan.slug]))}


class PlanDetail(ApiView):
    serializer_class = out.PlanExportSerializer

    @extend_schema(parameters=[AS_AT], summary="A plan as at a day",
                   description="The plan as recorded at the end of `as_at`, with every recommendation, action and "
                               "note: exactly `manage.py export_plan SLUG --format json --as-at DAY`.")
    def get(self, request, slug):
        plan = perms.plan_for(request.user, slug)
        return Response(plan_as_json(plan, self.as_at(plan)))


def recommendation_row(request, plan: Plan, r: RecommendationState) -> dict:
    return {
        **recommendation_as_json(r), "plan": plan.slug, "live_actions": r.live_count,
        "completed_actions": r.completed_count,
        "url": request.build_absolute_uri(reverse("api:recommendation", args=[plan.slug, r.number])),
    }


class RecommendationList(ListView):
    serializer_class = out.RecommendationSerializer

    @extend_schema(parameters=[AS_AT], summary="A plan's recommendations",
                   description="Each with its reported RAG beside its actions' suggested RAG, and its latest summary.")
    def get(self, request, slug):
        plan = perms.plan_for(request.user, slug)
        snapshot = plan_snapshot(plan, self.as_at(plan))
        return self.page_of([recommendation_row(request, plan, r) for r in snapshot.recommendations])


class RecommendationDetail(ApiView):
    serializer_class = out.RecommendationDetailSerializer

    @extend_schema(parameters=[AS_AT], summary="One recommendation",
                   description="404 when it was not yet in the plan on the day asked.")
    def get(self, request, slug, number):
        rec = perms.recommendation_for(request.user, slug, number)
        state, summaries = recommendation_as_at(rec, self.as_at(rec.plan))
        if state is None:
            return Response(_not_yet(f"Recommendation {number}"), status=404)
        return Response({
            **recommendation_row(request, rec.plan, state),
            "summaries": [{"date": iso(s.date), "text": s.text, "rag": s.rag or None} for s in summaries],
        })


def _not_yet(what: str) -> dict:
    return {"errors": [{"field": None, "message": f"{what} was not yet in the plan on that day"}]}


class PersonList(ListView):
    serializer_class = out.PersonSerializer

    @extend_schema(parameters=[AS_AT], summary="A plan's people", description="The leads the plan names, by initials.")
    def get(self, request, slug):
        plan = perms.plan_for(request.user, slug)
        rows = Moment.for_date(self.as_at(plan)).rows(Person, plan_id=plan.pk).order_by("initials", "id")
        return self.page_of(list(rows.values("id", "initials", "name", "job_title")))


class GlossaryList(ListView):
    serializer_class = out.GlossaryTermSerializer

    @extend_schema(parameters=[AS_AT], summary="A plan's glossary", description="Its abbreviations and their meanings.")
    def get(self, request, slug):
        plan = perms.plan_for(request.user, slug)
        rows = Moment.for_date(self.as_at(plan)).rows(GlossaryTerm, plan_id=plan.pk).order_by("abbreviation", "id")
        return self.page_of(list(rows.values("abbreviation", "meaning")))


class IndicatorList(ListView):
    serializer_class = out.IndicatorSerializer

    @extend_schema(parameters=[AS_AT], summary="A plan's performance indicators",
                   description="Each with its targets and measured values as then recorded, and their RAG.")
    def get(self, request, slug):
        plan = perms.plan_for(request.user, slug)
        rows = plan_indicators(plan, self.as_at(plan))
        return self.page_of([
            {"id": i.id, "code": i.code, "title": i.title, "unit": i.unit, "higher_is_better": i.higher_is_better,
             "rag": i.rag,
             "figures": [{"period": p.period, "period_end": iso(p.period_end), "value": p.value, "target": p.target,
                          "target_period": p.target_period, "rag": p.rag, "note": p.note} for p in i.points]}
            for i in rows
        ])


class PaperList(ListView):
    serializer_class = out.PaperSerializer

    @extend_schema(parameters=[AS_AT], summary="A plan's issued papers",
                   description="Papers issued by the end of the day asked, newest first, with their PDF and page. "
                               "Drafts are not listed.")
    def get(self, request, slug):
        plan = perms.plan_for(request.user, slug)
        day = self.as_at(plan)
        papers = perms.papers_for(request.user, plan).filter(issued_at__isnull=False)
        if day is not None:
            papers = papers.filter(issued_at__lte=end_of_day(day))
        build = request.build_absolute_uri
        return self.page_of([
            {"id": p.pk, "kind": p.kind, "title": p.title, "meeting_body": p.meeting_body, "as_at": iso(p.as_at),
             "issued_on": iso(local_day(p.issued_at)),
             "supersedes": p.supersedes_id, "public": p.public,
             # Papers issued before HTML-first publishing have a PDF only: no web page is made up for them.
             "html": build(reverse("paper_issued", args=[p.pk])) if p.issued_html else None,
             "pdf": build(reverse("paper_pdf", args=[p.pk])),
             "page": build(reverse("paper_detail", args=[p.pk]))}
            for p in papers.order_by("-issued_at", "-pk")
        ])
