"""One benchmark run, start to finish: build the installation in a database of its own, time the
pages, optionally the Excel and PDF jobs, and return the figures as a dict (the JSON report).

`manage.py benchmark` parses its arguments into `Options` and calls `run_benchmark`; everything
it prints goes through `log`, so the command decides where the lines go.
"""

from __future__ import annotations

import os
import platform
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from actionplan.models import Plan
from tools.benchmark.build import Scale, build_installation, build_large_plan, history_row_count
from tools.benchmark.database import DEFAULT_NAME, own_database
from tools.benchmark.excel import measure_excel
from tools.benchmark.measure import MAX_QUERIES, TIME_TARGETS_MS, measure_pages, standard_pages
from tools.benchmark.papers import measure_action_plan_only, measure_papers
from tools.benchmark.reminders import measure_reminders, prepare_cycle
from tools.benchmark.report import figures_table, page_table

Log = Callable[[str], None]


@dataclass(frozen=True)
class Options:
    scale: Scale
    repeat: int = 10
    bench_db_name: str = DEFAULT_NAME
    skip_extras: bool = False
    large_notes: int = 2  # progress notes per action in the one large plan built for Excel and PDF


def _guarded(measure: Callable[[Plan], dict], plan: Plan) -> dict | str:
    """Another job's figures, or why there are none: a failure there must not lose the page figures."""
    try:
        return measure(plan)
    except Exception as e:  # reported in the figures instead of ending the run
        return f"failed: {type(e).__name__}: {e}"


def measure_extras(options: Options, log: Log) -> dict:
    """Excel and PDF work a plan at a time: the Herefordshire plan for the paper targets, and one
    plan as large as the whole installation (6,800 actions) for the scale figures."""
    scale = options.scale
    fixture = Path(settings.BASE_DIR) / "fixtures" / "herefordshire_jar.json"
    call_command("load_plan", str(fixture), stdout=StringIO())
    hereford = Plan.objects.get(slug="herefordshire-jar-2006")
    large = build_large_plan(
        actions=scale.total_actions, recs=scale.recs, notes=options.large_notes, seed=scale.seed, log=log
    )
    jobs = (
        ("Excel, the Herefordshire plan", measure_excel, hereford),
        (f"Excel, one plan of {scale.total_actions:,} actions", measure_excel, large),
        ("PDF papers, the Herefordshire plan", measure_papers, hereford),
        (f"PDF full action plan, one plan of {scale.total_actions:,} actions", measure_action_plan_only, large),
    )
    extras = {}
    for title, measure, plan in jobs:
        extras[title] = _guarded(measure, plan)
        log("")
        log(figures_table(title, extras[title]))
    return extras


def _analyse() -> bool:
    """Planner statistics, as autovacuum gathers them on a live database soon after a load; without
    them PostgreSQL guesses row counts and picks poor plans for fresh tables."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True


def _machine() -> dict:
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
    }


def reminders_line(r: dict) -> str:
    return (f"Reminders dry run for {r['day']}, {r['plans']} plans: {r['seconds']:.2f} s "
            f"(target under {r['target_seconds']} s), {r['queries']} queries ({r['queries_per_plan']} a plan, "
            f"none per person or action); {r['emails']} emails, {r['cannot_be_reminded']} people who cannot be "
            f"reminded, {r['lines']:,} items")


def run_benchmark(options: Options, log: Log) -> dict:
    """Build, measure and report; the configured database is never touched."""
    scale = options.scale
    # DEBUG would keep every bulk insert's SQL in memory and time debug templates.
    settings.DEBUG = False
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)  # whitenoise, unbuilt static
    started = time.perf_counter()
    log(
        f"Benchmark: {scale.plans} plans × {scale.recs} recommendations × {scale.actions} actions "
        f"= {scale.total_actions:,} actions, {scale.total_notes:,} progress notes"
    )
    with own_database(options.bench_db_name) as where:
        log(f"Database: {where} (created for this run, dropped after it)")
        build_started = time.perf_counter()
        inst = build_installation(scale, log=log)
        build_seconds = time.perf_counter() - build_started
        history = history_row_count()
        log(f"Built in {build_seconds:.1f} s: {history:,} history rows in all")
        cycle = prepare_cycle(inst.plans)
        log(f"Reporting calendars for {cycle['calendars']} plans (a monthly board); "
            f"{cycle['leads_with_email']} leads with an email address")
        analysed = _analyse()
        if analysed:
            log("Planner statistics gathered (ANALYZE), as autovacuum would")
        pages = standard_pages(inst.plans[0].slug, inst.long_history_action_id)
        results = measure_pages(pages, inst.director, repeat=options.repeat)
        log("")
        log(page_table(results))
        reminders = measure_reminders()
        log("")
        log(reminders_line(reminders))
        extras = {} if options.skip_extras else measure_extras(options, log)
        vendor = connection.vendor
    total = time.perf_counter() - started
    ok = all(r.within_targets for r in results) and reminders["within_target"]
    log("")
    log(
        f"Whole run {total:.1f} s (build {build_seconds:.1f} s). "
        + ("All pages and the reminders within targets." if ok else "Some figures MISSED their targets.")
    )
    return {
        "scale": scale.__dict__,
        "database": vendor,
        "analysed_after_load": analysed,
        "rows": {**inst.rows, "history_rows_total": history},
        "build_seconds": round(build_seconds, 1),
        "total_seconds": round(total, 1),
        "targets": {"max_queries": MAX_QUERIES, "median_ms": TIME_TARGETS_MS},
        "pages": [r.as_dict() for r in results],
        "all_within_targets": ok,
        "reminders": reminders,
        "extras": extras,
        "machine": _machine(),
    }
