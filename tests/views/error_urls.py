"""The service's URLs and error handlers, plus two pages that fail: a fault in the code, and a database that
has gone away (for tests/views/test_error_pages.py)."""

from django.db import OperationalError
from django.urls import path

from jartracker.urls import handler400, handler403, handler404, handler500  # noqa: F401 (read by Django)
from jartracker.urls import urlpatterns as service_urls


def fails(request):
    raise RuntimeError("a fault in the service")


def database_gone(request):
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [path("test/fails/", fails), path("test/database-gone/", database_gone), *service_urls]
