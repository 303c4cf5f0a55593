"""Time pages server side with Django's test client, as a signed-in user.

Each page is fetched once to warm up (and its queries counted), then `repeat` times for
the timings, with no query capture running so nothing but the page is timed.
"""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import asdict, dataclass, field
from datetime import date

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

MAX_QUERIES = 15
TIME_TARGETS_MS = {"dashboard_today": 150, "dashboard_as_at": 300}

PAST_DAY = date(2006, 6, 30)
CHANGES_FROM, CHANGES_TO = date(2006, 5, 19), date(2006, 7, 13)


@dataclass
class Page:
    key: str
    label: str
    url: str


@dataclass
class PageResult:
    key: str
    label: str
    url: str
    status: int
    queries: int
    median_ms: float
    p95_ms: float
    min_ms: float
    max_ms: float
    runs: int
    times_ms: list[float] = field(default_factory=list)

    @property
    def within_targets(self) -> bool:
        limit = TIME_TARGETS_MS.get(self.key)
        return self.status == 200 and self.queries <= MAX_QUERIES and (limit is None or self.median_ms < limit)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["time_target_ms"] = TIME_TARGETS_MS.get(self.key)
        data["within_targets"] = self.within_targets
        return data


def standard_pages(plan_slug: str, long_action_id: int) -> list[Page]:
    """The pages the issue names, for one plan of the installation."""
    dashboard = reverse("dashboard", args=[plan_slug])
    return [
        Page("dashboard_today", "Dashboard, today", dashboard),
        Page("dashboard_as_at", f"Dashboard as at {PAST_DAY:%-d %b %Y}", f"{dashboard}?as_at={PAST_DAY.isoformat()}"),
        Page("changes", f"Changes {CHANGES_FROM:%-d %b} – {CHANGES_TO:%-d %b %Y}",
             f"{reverse('changes', args=[plan_slug])}?from={CHANGES_FROM.isoformat()}&to={CHANGES_TO.isoformat()}"),
        Page("portfolio", "Portfolio (every plan)", reverse("portfolio")),
        Page("action_long_history", "Action with long history", reverse("action_detail", args=[long_action_id])),
        Page("action_list_filtered", "Action list, filtered",
             f"{reverse('action_list')}?plan={plan_slug}&status=in_progress&status=delayed&rag=red"),
        Page("my_actions", "Home (a director: plan figures, RAG at reporting days)", reverse("home")),
        Page("indicators", "Indicators with charts", reverse("indicator_list", args=[plan_slug])),
    ]


def _host() -> str:
    for host in settings.ALLOWED_HOSTS:
        if host not in ("*",) and not host.startswith("."):
            return host
    return "localhost"


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, math.ceil(pct / 100 * len(ordered)) - 1)
    return ordered[index]


def measure_pages(pages: list[Page], user, *, repeat: int = 10) -> list[PageResult]:
    client = Client(HTTP_HOST=_host())
    client.force_login(user)
    results = []
    for page in pages:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.url)
        queries = len(captured.captured_queries)  # read now: later requests reset the log
        times = []
        for _ in range(max(1, repeat)):
            started = time.perf_counter()
            client.get(page.url)
            times.append((time.perf_counter() - started) * 1000)
        results.append(
            PageResult(
                key=page.key, label=page.label, url=page.url, status=response.status_code,
                queries=queries,
                median_ms=round(statistics.median(times), 1), p95_ms=round(_percentile(times, 95), 1),
                min_ms=round(min(times), 1), max_ms=round(max(times), 1), runs=len(times),
                times_ms=[round(t, 1) for t in times],
            )
        )
    return results
