"""Server-side SVG trend charts: the same markup in the browser and in WeasyPrint papers.

`trend_chart_svg()` is a pure function, data in and an SVG string out. Everything it
draws uses SVG presentation attributes (fill=, stroke=, font-family=), never a style
attribute or external CSS, so it passes the strict content security policy and renders
the same in a PDF. It is an image with a text alternative: role="img" and
aria-labelledby naming its <title> and a <desc> that reads out the figures. Pages should
still print the numbers in a table beside it. Values are a solid line with round points,
targets a dashed line with square points, so colour is never the only difference.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

Number = Decimal | float | int

INK = "#0b0c0c"  # GOV.UK text colour
VALUE_COLOUR = "#1d70b8"  # GOV.UK blue: 5.2:1 against white
GRID_COLOUR = "#b1b4b6"
FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"


@dataclass(frozen=True)
class ChartPoint:
    """One period on the x axis: its label as written, the measured value and the target."""

    label: str
    value: Number | None = None
    target: Number | None = None


def format_number(value: Number | None) -> str:
    """65.00 -> "65", 12.50 -> "12.5", 1234 -> "1,234"; None -> "no figure"."""
    if value is None:
        return "no figure"
    d = Decimal(str(value))
    text = f"{d:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_figure(value: Number | None, unit: str = "") -> str:
    """A figure with its unit: "65%", "412 per 10,000 under 18"."""
    if value is None:
        return "no figure"
    if unit == "%":
        return f"{format_number(value)}%"
    return f"{format_number(value)} {unit}".strip()


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if raw <= multiple * magnitude:
            return multiple * magnitude
    return 10 * magnitude


def _axis(numbers: list[float]) -> tuple[float, float, float]:
    low, high = min([0.0, *numbers]), max([0.0, *numbers])
    if high == low:
        high = low + 1
    step = _nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _safe_id(text: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "-", text).strip("-") or "chart"
    return cleaned if cleaned[0].isalpha() else f"chart-{cleaned}"


def _attr(value) -> str:
    return escape(str(value), {'"': "&quot;"})


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def describe_trend(title: str, points: Sequence[ChartPoint], unit: str = "", higher_is_better: bool = True) -> str:
    """The chart's text alternative: what it plots, each figure, and which way is better."""
    measured = [p for p in points if p.value is not None]
    if not measured:
        return f"{title}: no values have been recorded yet."
    parts = [
        f"{title}: {len(measured)} value{'s' if len(measured) != 1 else ''} "
        f"from {measured[0].label} to {measured[-1].label}."
    ]
    parts.append(
        "Values: " + "; ".join(f"{p.label} {format_figure(p.value, unit)}" for p in measured) + "."
    )
    targeted = [p for p in points if p.target is not None]
    if targeted:
        parts.append(
            "Targets: " + "; ".join(f"{p.label} {format_figure(p.target, unit)}" for p in targeted) + "."
        )
    parts.append("Higher is better." if higher_is_better else "Lower is better.")
    return " ".join(parts)


def trend_chart_svg(
    *,
    chart_id: str,
    title: str,
    points: Sequence[ChartPoint],
    unit: str = "",
    higher_is_better: bool = True,
    summary: str = "",
    width: int = 640,
    height: int = 300,
) -> str:
    """An SVG line chart of values (solid, round points) against targets (dashed, squares).

    One <circle> per point that has a value and one <rect> marker per point that has a
    target, each with a <title> tooltip. `summary` overrides the generated description.
    """
    cid = _safe_id(chart_id)
    title_id, desc_id = f"{cid}-title", f"{cid}-desc"
    desc = summary or describe_trend(title, points, unit, higher_is_better)
    left, right, top, bottom = 64, 16, 44, 64
    plot_w, plot_h = width - left - right, height - top - bottom
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" id="{_attr(cid)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="{_attr(FONT)}" font-size="13" fill="{INK}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    numbers = [float(v) for p in points for v in (p.value, p.target) if v is not None]
    if not numbers:
        out.append(
            f'<text x="{width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle" font-size="16">'
            "No values recorded yet</text></svg>"
        )
        return "".join(out)

    low, high, step = _axis(numbers)

    def y(v: Number) -> float:
        return top + plot_h - (float(v) - low) / (high - low) * plot_h

    n = len(points)

    def x(i: int) -> float:
        return left + (i + 0.5) * plot_w / n

    # Legend (top left) and unit (top right).
    out.append(
        f'<g><line x1="{left}" y1="16" x2="{left + 28}" y2="16" stroke="{VALUE_COLOUR}" stroke-width="3"/>'
        f'<circle cx="{left + 14}" cy="16" r="5" fill="{VALUE_COLOUR}"/>'
        f'<text x="{left + 36}" y="20">Value</text>'
        f'<line x1="{left + 96}" y1="16" x2="{left + 124}" y2="16" stroke="{INK}" stroke-width="2" '
        f'stroke-dasharray="6 4"/>'
        f'<rect x="{left + 106}" y="12" width="8" height="8" fill="#ffffff" stroke="{INK}" stroke-width="2"/>'
        f'<text x="{left + 132}" y="20">Target</text>'
    )
    if unit:
        out.append(f'<text x="{width - right}" y="20" text-anchor="end">Unit: {escape(unit)}</text>')
    out.append("</g>")

    # Horizontal grid and y-axis labels.
    out.append('<g font-size="12">')
    ticks = round((high - low) / step)
    for k in range(ticks + 1):
        value = low + k * step
        ty = y(value)
        out.append(
            f'<line x1="{left}" y1="{_f(ty)}" x2="{width - right}" y2="{_f(ty)}" stroke="{GRID_COLOUR}" '
            f'stroke-width="1"/>'
            f'<text x="{left - 8}" y="{_f(ty + 4)}" text-anchor="end">{escape(format_number(round(value, 6)))}</text>'
        )
    out.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{INK}" stroke-width="1"/>'
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="{INK}" '
        f'stroke-width="1"/>'
    )
    # X-axis labels: every label when they fit, else every k-th, slanted when crowded.
    every = max(1, math.ceil(n / 12))
    slant = n > 6
    for i, p in enumerate(points):
        if i % every and i != n - 1:
            continue
        label = p.label if len(p.label) <= 16 else p.label[:15] + "…"
        lx, ly = x(i), top + plot_h + 18
        if slant:
            out.append(
                f'<text x="{_f(lx)}" y="{_f(ly)}" text-anchor="end" transform="rotate(-35 {_f(lx)} {_f(ly)})">'
                f"{escape(label)}</text>"
            )
        else:
            out.append(f'<text x="{_f(lx)}" y="{_f(ly)}" text-anchor="middle">{escape(label)}</text>')
    out.append("</g>")

    def polylines(attr: str) -> list[list[tuple[float, float]]]:
        runs, run = [], []
        for i, p in enumerate(points):
            v = getattr(p, attr)
            if v is None:
                if run:
                    runs.append(run)
                run = []
            else:
                run.append((x(i), y(v)))
        if run:
            runs.append(run)
        return runs

    for run in polylines("target"):
        if len(run) > 1:
            coords = " ".join(f"{_f(px)},{_f(py)}" for px, py in run)
            out.append(
                f'<polyline points="{coords}" fill="none" stroke="{INK}" stroke-width="2" stroke-dasharray="6 4"/>'
            )
    for run in polylines("value"):
        if len(run) > 1:
            coords = " ".join(f"{_f(px)},{_f(py)}" for px, py in run)
            out.append(f'<polyline points="{coords}" fill="none" stroke="{VALUE_COLOUR}" stroke-width="3"/>')

    out.append('<g class="app-chart__targets">')
    for i, p in enumerate(points):
        if p.target is not None:
            out.append(
                f'<rect x="{_f(x(i) - 4)}" y="{_f(y(p.target) - 4)}" width="8" height="8" fill="#ffffff" '
                f'stroke="{INK}" stroke-width="2"><title>{escape(p.label)}: target '
                f"{escape(format_figure(p.target, unit))}</title></rect>"
            )
    out.append('</g><g class="app-chart__values">')
    for i, p in enumerate(points):
        if p.value is not None:
            out.append(
                f'<circle cx="{_f(x(i))}" cy="{_f(y(p.value))}" r="5" fill="{VALUE_COLOUR}" stroke="#ffffff" '
                f'stroke-width="1"><title>{escape(p.label)}: {escape(format_figure(p.value, unit))}</title></circle>'
            )
    out.append("</g></svg>")
    return "".join(out)
