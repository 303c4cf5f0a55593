from django.urls import path

from actionplan.views import actions, home, lists, manage, plans

urlpatterns = [
    path("", home.home, name="home"),
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/<slug:slug>/", plans.plan_detail, name="plan_detail"),
    path("plans/<slug:slug>/recommendations/add/", manage.recommendation_add, name="recommendation_add"),
    path("plans/<slug:slug>/recommendations/<int:number>/", plans.recommendation_detail, name="recommendation_detail"),
    path("plans/<slug:slug>/recommendations/<int:number>/rag/", plans.recommendation_rag, name="recommendation_rag"),
    path("plans/<slug:slug>/recommendations/<int:number>/edit/", manage.recommendation_change, name="recommendation_edit"),
    path("plans/<slug:slug>/recommendations/<int:number>/cancel/", manage.recommendation_cancel_view,
         name="recommendation_cancel"),
    path("plans/<slug:slug>/recommendations/<int:number>/actions/add/", manage.action_add, name="action_add"),
    path("actions/", lists.action_list, name="action_list"),
    path("actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path("actions/<int:pk>/update/", actions.action_update, name="action_update"),
    path("actions/<int:pk>/edit/", manage.action_change, name="action_edit"),
    path("actions/<int:pk>/reorder/", manage.action_reorder, name="action_reorder"),
    path("actions/<int:pk>/cancel/", manage.action_cancel_view, name="action_cancel"),
    path("evidence/<int:pk>/", actions.evidence_download, name="evidence_download"),
]
