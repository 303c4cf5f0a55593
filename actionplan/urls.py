from django.urls import path

from actionplan.views import account, actions, home, lists, plans, public_papers, reporting, signoff, structure, tokens
from actionplan.views import appendices as appendix_views
from actionplan.views import dashboard as dashboard_views
from actionplan.views import excel as excel_views
from actionplan.views import indicators as indicator_views
from actionplan.views import paper_renders as paper_render_views
from actionplan.views import paper_types as paper_type_views
from actionplan.views import papers as paper_views

urlpatterns = [
    path("", home.home, name="home"),
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/<slug:slug>/", plans.plan_detail, name="plan_detail"),
    path("plans/<slug:slug>/recommendations/add/", structure.recommendation_add, name="recommendation_add"),
    path("plans/<slug:slug>/recommendations/<int:number>/", plans.recommendation_detail, name="recommendation_detail"),
    path("plans/<slug:slug>/recommendations/<int:number>/rag/", plans.recommendation_rag, name="recommendation_rag"),
    path("plans/<slug:slug>/recommendations/<int:number>/edit/", structure.recommendation_change,
         name="recommendation_edit"),
    path("plans/<slug:slug>/recommendations/<int:number>/cancel/", structure.recommendation_cancel,
         name="recommendation_cancel"),
    path("plans/<slug:slug>/recommendations/<int:number>/actions/add/", structure.action_add,
         name="action_add"),
    path("actions/", lists.action_list, name="action_list"),
    path("actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path("actions/<int:pk>/update/", actions.action_update, name="action_update"),
    path("actions/<int:pk>/edit/", structure.action_change, name="action_edit"),
    path("actions/<int:pk>/reorder/", structure.action_reorder, name="action_reorder"),
    path("actions/<int:pk>/cancel/", structure.action_cancel, name="action_cancel"),
    path("evidence/<int:pk>/", actions.evidence_download, name="evidence_download"),
    # Review and sign-off of completions (issue 11).
    path("sign-off/", signoff.signoff_inbox, name="signoff_inbox"),
    path("sign-off/<int:pk>/", signoff.signoff_review, name="signoff_review"),
    path("plans/<slug:slug>/settings/sign-off/", signoff.plan_signoff_settings, name="plan_signoff_settings"),
    path("plans/<slug:slug>/export.xlsx", excel_views.plan_export_xlsx, name="plan_export_xlsx"),
    path("actions/export.xlsx", excel_views.action_list_export_xlsx, name="action_list_export_xlsx"),
    path("actions/export.csv", excel_views.action_list_export_csv, name="action_list_export_csv"),
    path("plans/<slug:slug>/import/", excel_views.plan_import, name="plan_import"),
    path("imports/new/", excel_views.plan_import, name="plan_import_new"),
    path("imports/<str:token>/apply/", excel_views.plan_import_apply, name="plan_import_apply"),
    # Directors' dashboards, changes between dates, portfolio and indicators (issue 4).
    path("plans/<slug:slug>/dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("plans/<slug:slug>/dashboard/actions/", dashboard_views.dashboard_actions, name="dashboard_actions"),
    path("plans/<slug:slug>/changes/", dashboard_views.changes, name="changes"),
    path("portfolio/", dashboard_views.portfolio, name="portfolio"),
    path("plans/<slug:slug>/indicators/", indicator_views.indicator_list, name="indicator_list"),
    path("plans/<slug:slug>/indicators/<int:pk>/", indicator_views.indicator_detail, name="indicator_detail"),
    path("plans/<slug:slug>/indicators/<int:pk>/<str:kind>/add/", indicator_views.indicator_figure_add,
         name="indicator_figure_add"),
    path("plans/<slug:slug>/indicators/<int:pk>/<str:kind>/<int:figure_pk>/edit/",
         indicator_views.indicator_figure_edit, name="indicator_figure_edit"),
    path("plans/<slug:slug>/papers/", paper_views.paper_list, name="paper_list"),
    path("plans/<slug:slug>/papers/new/", paper_views.paper_create, name="paper_create"),
    path("plans/<slug:slug>/paper-types/", paper_type_views.paper_type_list, name="paper_type_list"),
    path("plans/<slug:slug>/paper-types/<str:kind>/", paper_type_views.paper_type_edit, name="paper_type_edit"),
    path("papers/<int:pk>/", paper_views.paper_detail, name="paper_detail"),
    path("papers/<int:pk>/edit/", paper_views.paper_edit, name="paper_edit"),
    path("papers/<int:pk>/preview/", paper_views.paper_preview, name="paper_preview"),
    path("papers/<int:pk>/pdf/", paper_views.paper_pdf, name="paper_pdf"),
    path("papers/<int:pk>/issue/", paper_views.paper_issue, name="paper_issue"),
    # HTML first (issue 12): the issued paper as a web page, publishing it, a plan's published papers.
    # Published papers and the accessibility statement open without signing in; nothing else does.
    path("papers/<int:pk>/issued/", public_papers.paper_issued, name="paper_issued"),
    path("papers/<int:pk>/publish/", public_papers.paper_publish, name="paper_publish"),
    path("plans/<slug:slug>/papers/published/", public_papers.published_list, name="published_papers"),
    path("accessibility/", public_papers.accessibility, name="accessibility"),
    # Appendices a clerk writes or uploads (issue 12).
    path("papers/<int:pk>/appendices/add/<str:kind>/", appendix_views.appendix_add, name="paper_appendix_add"),
    path("papers/<int:pk>/appendices/<int:appendix_pk>/edit/", appendix_views.appendix_edit,
         name="paper_appendix_edit"),
    path("papers/<int:pk>/appendices/<int:appendix_pk>/remove/", appendix_views.appendix_remove,
         name="paper_appendix_remove"),
    path("papers/<int:pk>/appendices/<int:appendix_pk>/file/", appendix_views.appendix_file,
         name="paper_appendix_file"),
    # PDFs made in the background (django-tasks): progress page, then the file.
    path("papers/<int:pk>/renders/<int:render_pk>/", paper_render_views.paper_render, name="paper_render"),
    path("papers/<int:pk>/renders/<int:render_pk>/file/", paper_render_views.paper_render_file,
         name="paper_render_file"),
    # Issue 11: the reporting cycle (calendar, rounds, returns).
    path("plans/<slug:slug>/calendar/", reporting.reporting_calendar, name="reporting_calendar"),
    path("plans/<slug:slug>/calendar/meetings/add/", reporting.reporting_date_add, name="reporting_date_add"),
    path("plans/<slug:slug>/calendar/meetings/<int:pk>/remove/", reporting.reporting_date_remove,
         name="reporting_date_remove"),
    path("plans/<slug:slug>/returns/", reporting.plan_returns, name="plan_returns"),
    path("account/reminders/", account.notice_preferences, name="notice_preferences"),
    # Personal access tokens for the API (issue 16).
    path("account/api-tokens/", tokens.api_tokens, name="api_tokens"),
    path("account/api-tokens/<int:pk>/revoke/", tokens.api_token_revoke, name="api_token_revoke"),
]
