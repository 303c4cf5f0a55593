"""/api/v1/: every endpoint, its schema and its documentation page."""

from django.contrib.auth.decorators import login_required
from django.urls import path
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from actionplan.api import actions, plans, progress
from actionplan.api.base import CheckedBeforeTransaction

app_name = "api"


class SchemaView(CheckedBeforeTransaction, SpectacularAPIView):
    """The schema, counted per token like every other call."""


class DocsView(CheckedBeforeTransaction, SpectacularSwaggerSplitView):
    """The documentation page (for a signed-in person; its calls count against them)."""


urlpatterns = [
    path("plans/", plans.PlanList.as_view(), name="plans"),
    path("plans/<slug:slug>/", plans.PlanDetail.as_view(), name="plan"),
    path("plans/<slug:slug>/recommendations/", plans.RecommendationList.as_view(), name="recommendations"),
    path("plans/<slug:slug>/recommendations/<int:number>/", plans.RecommendationDetail.as_view(),
         name="recommendation"),
    path("plans/<slug:slug>/people/", plans.PersonList.as_view(), name="people"),
    path("plans/<slug:slug>/glossary/", plans.GlossaryList.as_view(), name="glossary"),
    path("plans/<slug:slug>/indicators/", plans.IndicatorList.as_view(), name="indicators"),
    path("plans/<slug:slug>/papers/", plans.PaperList.as_view(), name="papers"),
    path("actions/", actions.ActionList.as_view(), name="actions"),
    path("actions/<int:pk>/", actions.ActionDetail.as_view(), name="action"),
    path("actions/<int:pk>/notes/", actions.NoteList.as_view(), name="notes"),
    path("actions/<int:pk>/evidence/", actions.EvidenceList.as_view(), name="evidence"),
    path("actions/<int:pk>/progress/", progress.ProgressRecord.as_view(), name="progress"),
    # JSON first (what programs and the documentation page read); ?format=yaml for YAML.
    path("schema/", SchemaView.as_view(renderer_classes=[OpenApiJsonRenderer, OpenApiYamlRenderer]),
         name="schema"),
    # The documentation page is for people in a browser: signed in (its "Try it out" uses the session).
    path("docs/", login_required(DocsView.as_view(url_name="api:schema", title="jartracker API")),
         name="docs"),
]
