"""The benchmark's printed table."""

from __future__ import annotations

from tools.benchmark.measure import (
    GROWTH_TARGETS,
    HTTP_P95_TARGET_MS,
    HTTP_TARGETS,
    MAX_QUERIES,
    NOT_PAGES,
    TIME_TARGETS_MS,
    PageResult,
    growth_ok,
    http_ok,
)


def page_table(results: list[PageResult], tenth: dict[str, PageResult] | None = None) -> str:
    """Each page's figures; with `tenth` (the same pages on a tenth of the data) its growth, full ÷ tenth."""
    header = f"{'Page':<40} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'growth':>7}  target"
    lines = [header, "-" * len(header)]
    for r in results:
        limit = TIME_TARGETS_MS.get(r.key)
        # A file (the workbook) reads a fixed number of queries a sheet and has no page's query budget.
        targets = ([f"≤{limit} ms"] if limit else []) + ([] if r.key in NOT_PAGES else [f"≤{MAX_QUERIES} q"])
        if r.key in GROWTH_TARGETS:
            targets.append(f"growth ≤{GROWTH_TARGETS[r.key]}")
        target = ", ".join(targets) or "none (a file)"
        small = (tenth or {}).get(r.key)
        ratio = r.median_ms / small.median_ms if small and small.median_ms else None
        ok = r.within_targets and (tenth is None or growth_ok(r.key, ratio))
        verdict = "ok" if ok else (f"HTTP {r.status}" if r.status != 200 else "MISSED")
        growth = f"{ratio:.2f}" if ratio is not None else "-"
        figures = f"{r.median_ms:>10.1f} {r.p95_ms:>8.1f} {r.queries:>8} {growth:>7}"
        lines.append(f"{r.label:<40} {figures}  {target} {verdict}")
    return "\n".join(lines)


def figures_table(title: str, figures) -> str:
    if not isinstance(figures, dict):
        return f"{title}: {figures}"
    width = max((len(str(k)) for k in figures), default=0)
    lines = [title]
    for key, value in figures.items():
        if isinstance(value, dict):
            inner = ", ".join(f"{k}={v}" for k, v in value.items())
            lines.append(f"  {key:<{width}}  {inner}")
        else:
            lines.append(f"  {key:<{width}}  {value}")
    return "\n".join(lines)


def http_line(label: str, key: str, f: dict) -> str:
    """One page under load, with its target where issue 14 sets one."""
    minimum = HTTP_TARGETS.get(key)
    verdict = "ok" if http_ok(key, f) else "MISSED"
    target = f"  target ≥{minimum}/s, p95 <{HTTP_P95_TARGET_MS} ms {verdict}" if minimum else ""
    failed = f", {f['failed']} failed" if f.get("failed") else ""
    return f"  {label:<40} {f['rps']:>7.1f} req/s  p95 {f['p95_ms']} ms  ({f['requests']} requests{failed}){target}"
