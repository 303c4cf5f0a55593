"""Build a synthetic installation in a database of its own, time the directors' and officers'
pages, print a table and write JSON.

    DJANGO_DEBUG=true python manage.py benchmark                      # 40 plans, 6,800 actions, 136,000 notes
    python manage.py benchmark --plans 2 --recs 3 --actions 2 --notes 2 --repeat 2   # a quick smoke run
    python manage.py benchmark --database-url postgres://user@host/jartracker --json bench.json

The configured database is never touched: SQLite builds in a temporary file, PostgreSQL
in a separate database (jartracker_bench by default) created and dropped through Django's
test-database machinery.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
import warnings
from io import StringIO
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from actionplan.benchmark.build import Scale, build_installation, build_large_plan, history_row_count
from actionplan.benchmark.database import DEFAULT_NAME, own_database
from actionplan.benchmark.measure import MAX_QUERIES, TIME_TARGETS_MS, measure_pages, standard_pages
from actionplan.benchmark.report import figures_table, page_table
from actionplan.models import Plan

CHILD_FLAG = "JARTRACKER_BENCHMARK_CHILD"


def _extra(module: str, function: str, plan) -> object:
    """Another module's figures (Excel, papers), or why there are none."""
    try:
        imported = __import__(f"actionplan.{module}", fromlist=[function])
        measure = getattr(imported, function)
    except (ImportError, AttributeError):
        return "not available"
    try:
        return measure(plan)
    except Exception as e:  # a failure there must not lose the page figures
        return f"failed: {type(e).__name__}: {e}"


class Command(BaseCommand):
    help = (
        "Build a synthetic installation in its own database and time the main pages (median, p95, queries)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plans", type=int, default=40)
        parser.add_argument("--recs", type=int, default=17, help="recommendations per plan")
        parser.add_argument("--actions", type=int, default=10, help="actions per recommendation")
        parser.add_argument("--notes", type=int, default=20, help="progress notes per action")
        parser.add_argument(
            "--repeat", type=int, default=10, help="timed requests per page (after one warm-up)"
        )
        parser.add_argument("--seed", type=int, default=2006)
        parser.add_argument("--json", dest="json_path", help="write the figures to this file")
        parser.add_argument(
            "--database-url",
            help="build on this server instead of the configured one (a separate benchmark database is "
            "created there; for SQLite a temporary file)",
        )
        parser.add_argument(
            "--bench-db-name", default=DEFAULT_NAME, help="name of the benchmark database (not SQLite)"
        )
        parser.add_argument(
            "--skip-extras", action="store_true", help="do not time the Excel and PDF paper jobs"
        )
        parser.add_argument(
            "--large-notes",
            type=int,
            default=2,
            help="progress notes per action in the one large plan built for Excel and PDF",
        )

    def _extras(self, scale, opts) -> dict:
        """Excel and PDF work a plan at a time: the Herefordshire plan for the paper targets, and one
        plan as large as the whole installation (6,800 actions) for the scale figures."""
        extras = {}
        fixture = Path(settings.BASE_DIR) / "fixtures" / "herefordshire_jar.json"
        call_command("load_plan", str(fixture), stdout=StringIO())
        hereford = Plan.objects.get(slug="herefordshire-jar-2006")
        large = build_large_plan(
            actions=scale.total_actions,
            recs=scale.recs,
            notes=opts["large_notes"],
            seed=opts["seed"],
            log=self.stdout.write,
        )
        jobs = (
            ("Excel, the Herefordshire plan", "benchmark_excel", "measure_excel", hereford),
            (
                f"Excel, one plan of {scale.total_actions:,} actions",
                "benchmark_excel",
                "measure_excel",
                large,
            ),
            ("PDF papers, the Herefordshire plan", "benchmark_papers", "measure_papers", hereford),
            (
                f"PDF full action plan, one plan of {scale.total_actions:,} actions",
                "benchmark_papers",
                "measure_action_plan_only",
                large,
            ),
        )
        for title, module, function, plan in jobs:
            extras[title] = _extra(module, function, plan)
            self.stdout.write("")
            self.stdout.write(figures_table(title, extras[title]))
        return extras

    def handle(self, *args, **opts):
        if opts["database_url"] and not os.environ.get(CHILD_FLAG):
            return self._rerun_with(opts["database_url"])
        for name in ("plans", "recs", "actions", "notes", "repeat"):
            if opts[name] < 1:
                raise CommandError(f"--{name} must be at least 1")
        scale = Scale(
            plans=opts["plans"],
            recs=opts["recs"],
            actions=opts["actions"],
            notes=opts["notes"],
            seed=opts["seed"],
        )
        # DEBUG would keep every bulk insert's SQL in memory and time debug templates.
        settings.DEBUG = False
        warnings.filterwarnings(
            "ignore", message="No directory at", category=UserWarning
        )  # whitenoise, unbuilt static
        started = time.perf_counter()
        self.stdout.write(
            f"Benchmark: {scale.plans} plans × {scale.recs} recommendations × {scale.actions} actions "
            f"= {scale.total_actions:,} actions, {scale.total_notes:,} progress notes"
        )
        with own_database(opts["bench_db_name"]) as where:
            self.stdout.write(f"Database: {where} (created for this run, dropped after it)")
            build_started = time.perf_counter()
            inst = build_installation(scale, log=self.stdout.write)
            build_seconds = time.perf_counter() - build_started
            history = history_row_count()
            self.stdout.write(f"Built in {build_seconds:.1f} s: {history:,} history rows in all")
            analysed = connection.vendor == "postgresql"
            if analysed:
                # Planner statistics, as autovacuum gathers them on a live database soon after a load;
                # without them PostgreSQL guesses row counts and picks poor plans for fresh tables.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
                self.stdout.write("Planner statistics gathered (ANALYZE), as autovacuum would")
            plan = inst.plans[0]
            results = measure_pages(
                standard_pages(plan.slug, inst.long_history_action_id), inst.director, repeat=opts["repeat"]
            )
            self.stdout.write("")
            self.stdout.write(page_table(results))
            extras = {}
            if not opts["skip_extras"]:
                extras = self._extras(scale, opts)
            vendor = connection.vendor
        total = time.perf_counter() - started
        ok = all(r.within_targets for r in results)
        self.stdout.write("")
        self.stdout.write(
            f"Whole run {total:.1f} s (build {build_seconds:.1f} s). "
            + ("All pages within targets." if ok else "Some pages MISSED their targets.")
        )
        report = {
            "scale": scale.__dict__,
            "database": vendor,
            "analysed_after_load": analysed,
            "rows": {**inst.rows, "history_rows_total": history},
            "build_seconds": round(build_seconds, 1),
            "total_seconds": round(total, 1),
            "targets": {"max_queries": MAX_QUERIES, "median_ms": TIME_TARGETS_MS},
            "pages": [r.as_dict() for r in results],
            "all_within_targets": ok,
            "extras": extras,
            "machine": {
                "python": platform.python_version(),
                "django": django.get_version(),
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
            },
        }
        if opts["json_path"]:
            Path(opts["json_path"]).write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
            self.stdout.write(f"Figures written to {opts['json_path']}")

    def _rerun_with(self, url: str):
        """Settings read DATABASE_URL once at start-up, so run again in a process that has it."""
        argv = [a for a in sys.argv[1:] if not a.startswith("--database-url")]
        if "--database-url" in sys.argv:  # "--database-url URL" form: drop the value too
            i = sys.argv.index("--database-url")
            argv = [a for j, a in enumerate(sys.argv[1:], start=1) if j not in (i, i + 1)]
        env = {**os.environ, "DATABASE_URL": url, CHILD_FLAG: "1"}
        manage = Path(settings.BASE_DIR) / "manage.py"
        completed = subprocess.run([sys.executable, str(manage), *argv], env=env, check=False)
        if completed.returncode:
            raise CommandError(f"the benchmark failed (exit {completed.returncode})")
