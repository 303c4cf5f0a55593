"""Excel figures for the benchmark: export time and peak memory, import dry run and apply times.

    from tools.benchmark.excel import measure_excel
    figures = measure_excel(plan)

The import goes into a fresh plan (a new slug) inside a transaction that is rolled
back afterwards, so measuring leaves the database as it was.
"""

from __future__ import annotations

import tempfile
import time
import tracemalloc
from pathlib import Path

from django.db import transaction

from actionplan.excel.export import export_plan_xlsx
from actionplan.excel.importer import workbook_import
from actionplan.models import Action, Plan

TARGETS = {"export_seconds": 5.0, "export_peak_mb": 300.0, "import_seconds": 20.0}


class _Rollback(Exception):
    pass


def _free_slug(base: str) -> str:
    slug, n = f"{base}-excel-benchmark"[:50], 1
    while Plan.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-excel-benchmark-{n}"[:50]
    return slug


def measure_excel(plan: Plan, user=None) -> dict:
    """Time an export of `plan` and an import of that file (dry run, then apply) into a fresh plan."""
    figures = {"actions": Action.objects.filter(recommendation__plan=plan).count()}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{plan.slug}.xlsx"
        started = time.perf_counter()
        export_plan_xlsx(plan, path, user=user)
        figures["export_seconds"] = round(time.perf_counter() - started, 2)
        # Memory is measured on a second run: tracing slows Python down and would spoil the time.
        tracemalloc.start()
        try:
            export_plan_xlsx(plan, path, user=user)
            figures["export_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1048576, 1)
        finally:
            tracemalloc.stop()
        figures["file_mb"] = round(path.stat().st_size / 1048576, 2)

        slug = _free_slug(plan.slug)
        started = time.perf_counter()
        report = workbook_import(path, file_name=path.name, plan_slug=slug, user=user, dry_run=True)
        figures["import_dry_run_seconds"] = round(time.perf_counter() - started, 2)
        if not report.ok:
            raise RuntimeError("the exported workbook did not import: " + "; ".join(map(str, report.problems[:3])))
        try:
            with transaction.atomic():
                started = time.perf_counter()
                applied = workbook_import(path, file_name=path.name, plan_slug=slug, user=user, dry_run=False)
                figures["import_apply_seconds"] = round(time.perf_counter() - started, 2)
                figures["imported_actions"] = applied.counts.get("new_actions", 0)
                raise _Rollback  # leave the database as it was
        except _Rollback:
            pass
    figures["import_seconds"] = round(figures["import_dry_run_seconds"] + figures["import_apply_seconds"], 2)
    figures["within_targets"] = (
        figures["export_seconds"] < TARGETS["export_seconds"]
        and figures["export_peak_mb"] < TARGETS["export_peak_mb"]
        and figures["import_seconds"] < TARGETS["import_seconds"]
    )
    return figures
