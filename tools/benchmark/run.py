"""One benchmark run, start to finish: build an installation a tenth of the size and time its pages, then
build the full installation in a database of its own, time the same pages (each page's growth is the
full median ÷ the tenth's, both measured in this run), optionally serve it with gunicorn and measure
requests a second (tools.benchmark.http), optionally the Excel and PDF jobs, and return the figures
as a dict (the JSON report). `keep` leaves the full database in place for serving or a look by hand.

`manage.py benchmark` parses its arguments into `Options` and calls `run_benchmark`; everything
it prints goes through `log`, so the command decides where the lines go.
"""

from __future__ import annotations

import gc
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
from tools.benchmark.http import client_name, database_url, measure_http
from tools.benchmark.measure import (
    GROWTH_TARGETS,
    HTTP_P95_TARGET_MS,
    HTTP_TARGETS,
    MAX_QUERIES,
    TIME_TARGETS_MS,
    Installation,
    Page,
    PageResult,
    growth_ok,
    http_ok,
    measure_interleaved,
    standard_pages,
)
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
    keep: bool = False  # leave the full installation's database in place
    http: bool = False  # also serve it with gunicorn and measure requests a second
    http_connections: int = 4
    http_seconds: float = 10.0


HTTP_KEYS = ("action_page", "plan_page", "action_list_plan_open", "action_list_all_open", "dashboard",
             "dashboard_as_at", "plan_export_xlsx")


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


def _analyse() -> None:
    """Planner statistics, as a live installation has them soon after a load: PostgreSQL's autovacuum
    gathers them, and on SQLite each connection's `PRAGMA optimize` as it closes
    (jartracker/db/sqlite3/base.py). The build's bulk inserts run on one connection that is still open,
    so they are gathered here; without them the planner guesses (PostgreSQL's as-at dashboard took about
    1 s; SQLite's all-plans list sorted every open action). On PostgreSQL autovacuum also vacuums a table
    after so many inserts, which marks its pages all-visible: only then can a count be read from an index
    alone (the open list's count: 2.8 ms before, 0.5 ms after, 6,800 actions), so the build does too."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def _machine() -> dict:
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        # The machine is shared: how busy it was at the end of the run (1, 5 and 15 minutes).
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def reminders_line(r: dict) -> str:
    return (f"Reminders dry run for {r['day']}, {r['plans']} plans: {r['seconds']:.2f} s "
            f"(target under {r['target_seconds']} s), {r['queries']} queries ({r['queries_per_plan']} a plan, "
            f"none per person or action); {r['emails']} emails, {r['cannot_be_reminded']} people who cannot be "
            f"reminded, {r['lines']:,} items")


def _tenth(scale: Scale) -> Scale:
    return Scale(plans=max(1, scale.plans // 10), recs=scale.recs, actions=scale.actions, notes=scale.notes,
                 seed=scale.seed)


def _build(scale: Scale, log: Log):
    inst = build_installation(scale, log=log)
    cycle = prepare_cycle(inst.plans)
    log(f"Reporting calendars for {cycle['calendars']} plans (a monthly board); "
        f"{cycle['leads_with_email']} leads with an email address")
    _analyse()
    done = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
    log(f"Planner statistics gathered ({done}), as a live installation has them")
    _set_build_aside()
    return inst


def _set_build_aside() -> None:
    """Collect what the build left behind and keep what lives on out of the collector's way: building made
    hundreds of thousands of objects in this process, and a full collection during a page would walk every
    live one (a page took 35 ms in a fresh process and 89 ms with 1.5 million live objects beside it), while
    a served page runs in a worker that never built anything."""
    gc.collect()
    gc.freeze()


def _pages_json(results: list[PageResult], tenth: dict[str, PageResult]) -> dict:
    pages = {}
    for r in results:
        small = tenth.get(r.key)
        growth = round(r.median_ms / small.median_ms, 2) if small and small.median_ms else None
        pages[r.key] = {**r.as_dict(), "growth": growth, "tenth_median_ms": small.median_ms if small else None}
    return pages


def _measure(options: Options, log: Log) -> dict:
    """Build the tenth, then the full installation beside it, time both in interleaved rounds (growth is
    full ÷ tenth from the same minutes), and take the other figures from the full one. The tenth is dropped
    at the end; the full one is kept on request."""
    small = _tenth(options.scale)
    log(f"A tenth of the size first: {small.plans} plans, {small.total_actions:,} actions")
    with own_database(f"{options.bench_db_name}_tenth"):
        tenth_inst = _build(small, log)
        tenth = Installation(connection.settings_dict["NAME"], _pages_of(tenth_inst), tenth_inst.director)
        with own_database(options.bench_db_name, keep=options.keep) as where:
            kept_or_not = "(kept after the run)" if options.keep else "(created for this run, dropped after it)"
            log(f"Database: {where} {kept_or_not}")
            started = time.perf_counter()
            inst = _build(options.scale, log)
            build_seconds = time.perf_counter() - started
            history = history_row_count()
            log(f"Built in {build_seconds:.1f} s: {history:,} history rows in all")
            full = Installation(connection.settings_dict["NAME"], _pages_of(inst), inst.director)
            log(f"Timing each page {options.repeat} times on each installation, in rounds")
            tenth_results, results = measure_interleaved([tenth, full], repeat=options.repeat)
            connection.close()
            connection.settings_dict["NAME"] = full.database
            reminders = measure_reminders()
            http = {}
            if options.http:
                log(f"Under load: gunicorn (gunicorn.conf.py), {options.http_connections} connections, "
                    f"{options.http_seconds:g} s a page, client {client_name()}")
                http = measure_http(full.pages, inst.director, keys=HTTP_KEYS,
                                    connections=options.http_connections, seconds=options.http_seconds, log=log)
            kept = database_url() if options.keep else None
            extras = {} if options.skip_extras else measure_extras(options, log)
            vendor = connection.vendor
    return {"inst": inst, "results": results, "tenth": {r.key: r for r in tenth_results}, "reminders": reminders,
            "http": http, "kept": kept, "extras": extras, "build_seconds": build_seconds, "history": history,
            "vendor": vendor}


def _pages_of(inst) -> list[Page]:
    return standard_pages(inst.plans[0].slug, inst.long_history_action_id)


def run_benchmark(options: Options, log: Log) -> dict:
    """Build, measure and report; the configured database is never touched."""
    scale = options.scale
    # DEBUG would keep every bulk insert's SQL in memory and time debug templates.
    settings.DEBUG = False
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)  # whitenoise, unbuilt static
    started = time.perf_counter()
    log(f"Benchmark: {scale.plans} plans × {scale.recs} recommendations × {scale.actions} actions "
        f"= {scale.total_actions:,} actions, {scale.total_notes:,} progress notes")
    full = _measure(options, log)
    results, reminders, tenth = full["results"], full["reminders"], full["tenth"]
    log("")
    log(page_table(results, tenth))
    log("")
    log(reminders_line(reminders))
    total = time.perf_counter() - started
    pages = _pages_json(results, tenth)
    ok = (all(r.within_targets and growth_ok(r.key, pages[r.key]["growth"]) for r in results)
          and all(http_ok(key, figures) for key, figures in full["http"].items()) and reminders["within_target"])
    log("")
    log(f"Whole run {total:.1f} s (build {full['build_seconds']:.1f} s). "
        + ("All pages and the reminders within targets." if ok else "Some figures MISSED their targets."))
    if full["kept"]:
        log(f"Kept: DATABASE_URL={full['kept']}")
    return {
        "scale": scale.__dict__, "tenth_scale": _tenth(scale).__dict__, "database": full["vendor"],
        "kept_database_url": full["kept"],
        "rows": {**full["inst"].rows, "history_rows_total": full["history"]},
        "build_seconds": round(full["build_seconds"], 1), "total_seconds": round(total, 1),
        "targets": {"max_queries": MAX_QUERIES, "median_ms": TIME_TARGETS_MS, "growth": GROWTH_TARGETS,
                    "http_rps": HTTP_TARGETS, "http_p95_ms": HTTP_P95_TARGET_MS},
        "pages": pages, "http": full["http"],
        "all_within_targets": ok, "reminders": reminders, "extras": full["extras"], "machine": _machine(),
    }
