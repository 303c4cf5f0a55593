from django.contrib import admin
from django.urls import include, path

from actionplan.views.signin import LimitedPasswordReset

urlpatterns = [
    path("admin/", admin.site.urls),
    # The reset form with its limit (actionplan/services/reset_limits.py), ahead of Django's own.
    path("accounts/password_reset/", LimitedPasswordReset.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    # The open API (issue 16): actionplan/api.
    path("api/v1/", include("actionplan.api.urls")),
    path("", include("actionplan.urls")),
]

# The error pages, styled and needing no database (DEBUG off only): actionplan/views/errors.py.
handler400 = "actionplan.views.errors.bad_request"
handler403 = "actionplan.views.errors.permission_denied"
handler404 = "actionplan.views.errors.page_not_found"
handler500 = "actionplan.views.errors.server_error"
