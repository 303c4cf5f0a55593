from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("actionplan.urls")),
]

# The error pages, styled and needing no database (DEBUG off only): actionplan/views/errors.py.
handler400 = "actionplan.views.errors.bad_request"
handler403 = "actionplan.views.errors.permission_denied"
handler404 = "actionplan.views.errors.page_not_found"
handler500 = "actionplan.views.errors.server_error"
