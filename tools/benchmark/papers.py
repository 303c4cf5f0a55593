"""PDF figures for the benchmark: the full action plan and a Cabinet report with its appendices.

    from tools.benchmark.papers import measure_papers
    figures = measure_papers(plan)

Each paper is built with its type's defaults (unsaved: nothing is written) and rendered twice
after one warm-up render, keeping the faster time, as a warm worker process would. "Ours" is
the whole job (plan snapshot, template, layout, PDF); "WeasyPrint" is WeasyPrint alone on the
same HTML; their ratio shows how much of the time is ours.
"""

from __future__ import annotations

import resource
import time
from datetime import date

from django.utils import timezone
from pypdf import PdfReader

from actionplan.models import Action, Paper, Plan
from actionplan.papers.render import html_to_pdf, render_paper_html, render_paper_pdf
from actionplan.services.papers import paper_build

TARGETS = {"action_plan_seconds": 5.0, "cabinet_report_seconds": 2.0, "ours_to_weasyprint": 1.2}


def _best_of(fn, runs: int = 2):
    best, result = None, None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def _pages(pdf: bytes) -> int:
    import io

    return len(PdfReader(io.BytesIO(pdf)).pages)


def measure_paper(paper: Paper, runs: int = 2) -> dict:
    ours, pdf = _best_of(lambda: render_paper_pdf(paper), runs)
    html = render_paper_html(paper)
    weasy, _ = _best_of(lambda: html_to_pdf(html), runs)
    return {
        "seconds": round(ours, 2),
        "weasyprint_seconds": round(weasy, 2),
        "ours_to_weasyprint": round(ours / weasy, 2) if weasy else None,
        "pages": _pages(pdf),
        "bytes": len(pdf),
    }


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux reports KiB


def measure_papers(plan: Plan, as_at: date | None = None, runs: int = 2) -> dict:
    """Render the full action plan (landscape, 8 columns plus RAG) and a Cabinet report with its
    default appendices, as at `as_at` (default today)."""
    day = as_at or timezone.localdate()
    action_plan = paper_build(plan=plan, kind=Paper.Kind.ACTION_PLAN, as_at=day, fill_generated=False)
    cabinet = paper_build(plan=plan, kind=Paper.Kind.CABINET_REPORT, as_at=day)
    render_paper_pdf(paper_build(plan=plan, kind=Paper.Kind.SCRUTINY_NOTE, as_at=day))  # warm-up: fonts
    figures = {"actions": Action.objects.filter(recommendation__plan=plan).count(), "as_at": day.isoformat()}
    rss_before = _peak_rss_mb()
    plan_figures = measure_paper(action_plan, runs)
    cabinet_figures = measure_paper(cabinet, runs)
    for prefix, measured in (("action_plan", plan_figures), ("cabinet_report", cabinet_figures)):
        for key, value in measured.items():
            figures[f"{prefix}_{key}"] = value
    figures["cabinet_report_appendices"] = list(cabinet.appendices)
    figures["peak_rss_mb"] = _peak_rss_mb()
    figures["peak_rss_growth_mb"] = round(figures["peak_rss_mb"] - rss_before, 1)
    figures["within_targets"] = (
        figures["action_plan_seconds"] < TARGETS["action_plan_seconds"]
        and figures["cabinet_report_seconds"] < TARGETS["cabinet_report_seconds"]
        and max(figures["action_plan_ours_to_weasyprint"], figures["cabinet_report_ours_to_weasyprint"])
        < TARGETS["ours_to_weasyprint"]
    )
    return figures


def measure_action_plan_only(plan: Plan, as_at: date | None = None) -> dict:
    """One render of a (large) plan's full action plan: time, pages and the process's peak memory."""
    day = as_at or timezone.localdate()
    paper = paper_build(plan=plan, kind=Paper.Kind.ACTION_PLAN, as_at=day, fill_generated=False)
    started = time.perf_counter()
    pdf = render_paper_pdf(paper)
    return {
        "actions": Action.objects.filter(recommendation__plan=plan).count(),
        "seconds": round(time.perf_counter() - started, 1),
        "pages": _pages(pdf),
        "bytes": len(pdf),
        "peak_rss_mb": _peak_rss_mb(),
    }
