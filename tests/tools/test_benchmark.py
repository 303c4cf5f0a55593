"""A small-scale smoke run of the benchmark: the builder, the measurements, and the command
building in a database of its own (no timing assertions)."""

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from actionplan.asat import end_of_day
from actionplan.history import versions_as_at
from actionplan.models import Action, ActionLead, ProgressNote
from tools.benchmark.build import Scale, build_installation, history_row_count
from tools.benchmark.http import client_name
from tools.benchmark.measure import PageResult, measure_pages, standard_pages
from tools.benchmark.report import page_table

TINY = Scale(plans=2, recs=3, actions=2, notes=3)


@pytest.mark.django_db
def test_the_builder_makes_the_requested_installation_with_dated_history():
    inst = build_installation(TINY)
    assert inst.rows["plans"] == 2
    assert inst.rows["actions"] == 12
    # The first action of the first plan has the long history the action page is timed on.
    assert inst.rows["notes"] == 12 * 3 + 3 * 4
    assert ProgressNote.objects.count() == inst.rows["notes"] == ProgressNote.history.count()
    assert ActionLead.objects.count() == ActionLead.history.count() >= 12
    assert Action.history.count() == inst.rows["action_history"] > 12
    assert history_row_count() > inst.rows["action_history"] + inst.rows["notes"]
    dates = Action.history.values_list("history_date", flat=True)
    assert min(dates).date() >= date(2005, 12, 1)
    assert max(dates).date() <= date(2006, 12, 31)
    # The live rows are the last version of each action's history.
    now = versions_as_at(Action, timezone.now()).values("id", "status", "due_date", "version", "rag_override")
    assert {tuple(r.values()) for r in now} == set(
        Action.objects.values_list("id", "status", "due_date", "version", "rag_override")
    )
    # And in the middle of 2006 the plan was somewhere between its start and its end.
    mid = versions_as_at(Action, end_of_day(date(2006, 6, 30)))
    assert mid.count() == 12
    assert mid.filter(status="not_started").count() < 12


KEYS = {"action_page", "plan_page", "action_list_plan_open", "action_list_all_open", "dashboard", "dashboard_as_at",
        "plan_export_xlsx"}


@pytest.mark.django_db
def test_the_measurements_fetch_every_page():
    inst = build_installation(TINY)
    results = measure_pages(standard_pages(inst.plans[0].slug, inst.long_history_action_id), inst.director, repeat=1)
    assert {r.key for r in results} >= KEYS | {"changes", "portfolio", "action_list_filtered", "my_actions",
                                                "api_actions_all_today", "api_actions_all_as_at"}
    figures = [(r.key, r.status, r.queries) for r in results]
    assert all(r.status == 200 for r in results), figures
    assert all(0 < r.queries <= 15 for r in results if r.key != "plan_export_xlsx"), figures
    # An API call also counts itself against its caller's limit: the same few statements, told apart.
    assert {r.key for r in results if r.call_counting} == {r.key for r in results if r.key.startswith("api_")}


def test_the_command_builds_in_its_own_database_and_leaves_the_configured_one_alone(tmp_path):
    """A tenth and a full installation, each page's growth, requests a second from gunicorn, the database kept."""
    configured = tmp_path / "users-data.sqlite3"
    out = tmp_path / "bench.json"
    env = {**os.environ, "DJANGO_DEBUG": "true", "DATABASE_URL": f"sqlite:///{configured}",
           "DJANGO_SETTINGS_MODULE": "jartracker.settings"}
    completed = subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "benchmark", "--plans", "1", "--recs", "2",
         "--actions", "2", "--notes", "2", "--repeat", "1", "--skip-extras", "--json", str(out),
         "--keep", "--http", "--http-seconds", "0.5", "--http-connections", "2"],
        env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "Dashboard, today" in completed.stdout
    assert "median ms" in completed.stdout
    report = json.loads(out.read_text())
    assert report["rows"]["actions"] == 4
    assert report["database"] == "sqlite"
    assert set(report["pages"]) >= KEYS
    for key in KEYS:
        page = report["pages"][key]
        assert page["median_ms"] > 0, key
        assert page["p95_ms"] >= page["median_ms"], key
        assert page["queries"] > 0, key
        assert page["growth"] > 0, key  # full ÷ tenth (here both one plan)
    assert set(report["http"]) == KEYS
    for key, figures in report["http"].items():
        assert figures["first_status"] == 200, key
        assert figures["client"] == client_name(), key  # wrk where installed (make test installs it)
        assert figures["requests"] > 0, key
        assert figures["failed"] == 0, key  # every request answered
        assert figures["rps"] > 0, key
        assert figures["p95_ms"] > 0, key
    kept = Path(report["kept_database_url"].removeprefix("sqlite:///"))
    try:
        assert kept.stat().st_size > 0  # the installation is there to serve again
    finally:
        shutil.rmtree(kept.parent, ignore_errors=True)
    assert not configured.exists()  # never opened, let alone written


def test_the_printed_table_holds_pages_to_the_query_budget_but_not_the_workbook():
    def result(key: str, queries: int) -> PageResult:
        return PageResult(key=key, label=key, url="/", status=200, queries=queries, call_counting=0, median_ms=10.0,
                          p95_ms=11.0, min_ms=9.0, max_ms=12.0, runs=1, times_ms=[10.0])

    rows = page_table([result("plan_export_xlsx", 23), result("plan_page", 9), result("dashboard", 16)]).splitlines()
    workbook, plan, dashboard = rows[2:]
    assert workbook.endswith("none (a file) ok")  # 23 queries, a file: no "≤15 q" claimed for it
    assert plan.endswith("≤13 ms, ≤15 q ok")
    assert dashboard.endswith("≤150 ms, ≤15 q MISSED")  # one query over
