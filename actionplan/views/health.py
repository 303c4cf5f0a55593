"""/healthz for a load balancer and for monitoring (issue 15): JSON, 200 while the database answers and
its migrations are applied, 503 otherwise. No sign-in, no session, no data (selectors/health.py).

Reached through `middleware.HealthCheckMiddleware`, not urls.py: answered before the session and
sign-in middleware, and outside the request's transaction (which would need the database before the
view could say it is down).
"""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from actionplan.selectors.health import health


@never_cache
@require_safe
def healthz(request):
    report, ok = health()
    return JsonResponse(report, status=200 if ok else 503)
