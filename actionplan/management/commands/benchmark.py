"""Build a synthetic installation in a database of its own, time the directors' and officers'
pages, print a table and write JSON. The work is done by `tools.benchmark` (outside the app);
this command only reads the arguments.

    DJANGO_DEBUG=true python manage.py benchmark                      # 40 plans, 6,800 actions, 136,000 notes
    python manage.py benchmark --plans 2 --recs 3 --actions 2 --notes 2 --repeat 2   # a quick smoke run
    python manage.py benchmark --database-url postgres://user@host/jartracker --json bench.json
    python manage.py benchmark --skip-extras --http --keep --json bench.json   # and requests a second, gunicorn

Each page is timed on the full installation and on one a tenth of its size built first in the same run;
the JSON has pages.<key>.{median_ms, p95_ms, queries, growth} and, with --http, http.<key>.{rps, p95_ms}.

The configured database is never touched: SQLite builds in a temporary file, PostgreSQL
in a separate database (jartracker_bench by default) created and dropped through Django's
test-database machinery (kept with --keep: the run ends by printing its DATABASE_URL).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from actionplan.management.commands._output import output_path, writing
from tools.benchmark.build import Scale
from tools.benchmark.database import DEFAULT_NAME
from tools.benchmark.run import Options, run_benchmark

CHILD_FLAG = "JARTRACKER_BENCHMARK_CHILD"


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

        parser.add_argument("--keep", action="store_true", help="keep the full installation's database after the run")
        parser.add_argument(
            "--http", action="store_true",
            help="also serve the installation with gunicorn (gunicorn.conf.py, production settings) and measure "
            "requests a second and p95 with a bounded client on loopback",
        )
        parser.add_argument("--http-connections", type=int, default=4, help="concurrent connections (--http)")
        parser.add_argument("--http-seconds", type=float, default=10.0, help="seconds of load a page (--http)")

    def handle(self, *args, **opts):
        if opts["database_url"] and not os.environ.get(CHILD_FLAG):
            return self._rerun_with(opts["database_url"])
        for name in ("plans", "recs", "actions", "notes", "repeat", "http_connections"):
            if opts[name] < 1:
                raise CommandError(f"--{name.replace('_', '-')} must be at least 1")
        if opts["http_seconds"] <= 0:
            raise CommandError("--http-seconds must be more than 0")
        json_path = output_path("--json", opts["json_path"]) if opts["json_path"] else None  # before minutes of work
        scale = Scale(
            plans=opts["plans"], recs=opts["recs"], actions=opts["actions"], notes=opts["notes"], seed=opts["seed"]
        )
        options = Options(
            scale=scale,
            repeat=opts["repeat"],
            bench_db_name=opts["bench_db_name"],
            skip_extras=opts["skip_extras"],
            large_notes=opts["large_notes"],
            keep=opts["keep"],
            http=opts["http"],
            http_connections=opts["http_connections"],
            http_seconds=opts["http_seconds"],
        )
        report = run_benchmark(options, log=self.stdout.write)
        if json_path is not None:
            with writing("--json", json_path) as tmp:
                tmp.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
            self.stdout.write(f"Figures written to {json_path}")

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
