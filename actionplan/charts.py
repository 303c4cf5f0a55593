"""Server-side SVG trend charts: the same markup in the browser and in WeasyPrint papers.

`trend_chart_svg()` is a pure function, data in and an SVG string out. Everything it
draws uses SVG presentation attributes (fill=, stroke=, font-family=), never a style
attribute or external CSS, so it passes the strict content security policy and renders
the same in a PDF. It is an image with a text alternative: role="img" and
aria-labelledby naming its <title> and a <desc> that reads out the figures. Pages should
still print the numbers in a table beside it. Values are a solid line with round points,
targets a dashed line with square points, so colour is never the only difference; a value
recorded as a forecast (not an outturn) is a hollow round point reached by a dotted line.
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
FORECAST_DASH = "2 4"  # dotted: a forecast is not a measurement
FORECAST_MARK = f'fill="#ffffff" stroke="{VALUE_COLOUR}" stroke-width="2.5"'  # hollow


@dataclass(frozen=True)
class ChartPoint:
    """One period on the x axis: its label as written, the value (an outturn, or a forecast) and the target."""

    label: str
    value: Number | None = None
    target: Number | None = None
    forecast: bool = False


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


def describe_trend(
    title: str, points: Sequence[ChartPoint], unit: str = "", higher_is_better: bool = True
) -> str:
    """The chart's text alternative: what it plots, each figure, and which way is better."""
    measured = [p for p in points if p.value is not None]
    if not measured:
        return f"{title}: no values have been recorded yet."
    parts = [
        f"{title}: {len(measured)} value{'s' if len(measured) != 1 else ''} "
        f"from {measured[0].label} to {measured[-1].label}."
    ]
    parts.append(
        "Values: " + "; ".join(f"{p.label} {format_figure(p.value, unit)}{' (forecast)' if p.forecast else ''}"
                               for p in measured) + "."
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
    desc = summary or describe_trend(title, points, unit, higher_is_better)
    out = _opening(_safe_id(chart_id), title, desc, width, height)
    numbers = [float(v) for p in points for v in (p.value, p.target) if v is not None]
    if not numbers:
        out.append(
            f'<text x="{width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle" font-size="16">'
            "No values recorded yet</text></svg>"
        )
        return "".join(out)
    frame = _Frame(width, height, len(points), *_axis(numbers))
    out += _legend(frame, unit, forecast=any(p.forecast and p.value is not None for p in points))
    out += _axes(frame, points)
    out += _lines(frame, points)
    out += _markers(frame, points, unit)
    out.append("</svg>")
    return "".join(out)


@dataclass(frozen=True)
class _Frame:
    """Where the plot sits inside the image, and the scales from period index and figure to pixels."""

    width: int
    height: int
    n: int  # periods on the x axis
    low: float
    high: float
    step: float
    left: int = 64
    right: int = 16
    top: int = 44
    bottom: int = 64

    @property
    def plot_w(self) -> int:
        return self.width - self.left - self.right

    @property
    def plot_h(self) -> int:
        return self.height - self.top - self.bottom

    def x(self, i: int) -> float:
        return self.left + (i + 0.5) * self.plot_w / self.n

    def y(self, v: Number) -> float:
        return self.top + self.plot_h - (float(v) - self.low) / (self.high - self.low) * self.plot_h


def _opening(cid: str, title: str, desc: str, width: int, height: int) -> list[str]:
    """The <svg> element named by its <title> and <desc>, on a white background."""
    title_id, desc_id = f"{cid}-title", f"{cid}-desc"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" id="{_attr(cid)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="{_attr(FONT)}" font-size="13" fill="{INK}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def _legend(f: _Frame, unit: str, *, forecast: bool = False) -> list[str]:
    """The legend (top left; forecasts only when there are any) and the unit (top right)."""
    left = f.left
    out = [
        f'<g><line x1="{left}" y1="16" x2="{left + 28}" y2="16" stroke="{VALUE_COLOUR}" stroke-width="3"/>'
        f'<circle cx="{left + 14}" cy="16" r="5" fill="{VALUE_COLOUR}"/>'
        f'<text x="{left + 36}" y="20">{"Outturn" if forecast else "Value"}</text>'
        f'<line x1="{left + 96}" y1="16" x2="{left + 124}" y2="16" stroke="{INK}" stroke-width="2" '
        f'stroke-dasharray="6 4"/>'
        f'<rect x="{left + 106}" y="12" width="8" height="8" fill="#ffffff" stroke="{INK}" stroke-width="2"/>'
        f'<text x="{left + 132}" y="20">Target</text>'
    ]
    if forecast:
        out.append(
            f'<line x1="{left + 192}" y1="16" x2="{left + 220}" y2="16" stroke="{VALUE_COLOUR}" stroke-width="2" '
            f'stroke-dasharray="{FORECAST_DASH}"/>'
            f'<circle cx="{left + 206}" cy="16" r="5" {FORECAST_MARK}/>'
            f'<text x="{left + 228}" y="20">Forecast</text>'
        )
    if unit:
        out.append(f'<text x="{f.width - f.right}" y="20" text-anchor="end">Unit: {escape(unit)}</text>')
    out.append("</g>")
    return out


def _axes(f: _Frame, points: Sequence[ChartPoint]) -> list[str]:
    """The horizontal grid with the y-axis labels, both axis lines and the x-axis labels."""
    out = ['<g font-size="12">']
    ticks = round((f.high - f.low) / f.step)
    for k in range(ticks + 1):
        value = f.low + k * f.step
        ty = f.y(value)
        out.append(
            f'<line x1="{f.left}" y1="{_f(ty)}" x2="{f.width - f.right}" y2="{_f(ty)}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
            f'<text x="{f.left - 8}" y="{_f(ty + 4)}" text-anchor="end">'
            f"{escape(format_number(round(value, 6)))}</text>"
        )
    bottom = f.top + f.plot_h
    out.append(
        f'<line x1="{f.left}" y1="{f.top}" x2="{f.left}" y2="{bottom}" stroke="{INK}" stroke-width="1"/>'
        f'<line x1="{f.left}" y1="{bottom}" x2="{f.width - f.right}" y2="{bottom}" stroke="{INK}" '
        f'stroke-width="1"/>'
    )
    out += _x_labels(f, points)
    out.append("</g>")
    return out


def _x_labels(f: _Frame, points: Sequence[ChartPoint]) -> list[str]:
    """Every period's label when they fit, else every k-th (and the last), slanted when crowded."""
    out = []
    every = max(1, math.ceil(f.n / 12))
    slant = f.n > 6
    for i, p in enumerate(points):
        if i % every and i != f.n - 1:
            continue
        label = p.label if len(p.label) <= 16 else p.label[:15] + "…"
        lx, ly = f.x(i), f.top + f.plot_h + 18
        if slant:
            out.append(
                f'<text x="{_f(lx)}" y="{_f(ly)}" text-anchor="end" '
                f'transform="rotate(-35 {_f(lx)} {_f(ly)})">'
                f"{escape(label)}</text>"
            )
        else:
            out.append(f'<text x="{_f(lx)}" y="{_f(ly)}" text-anchor="middle">{escape(label)}</text>')
    return out


def _runs(f: _Frame, points: Sequence[ChartPoint], attr: str) -> list[list[tuple[float, float]]]:
    """The unbroken stretches of one series: a period without a figure breaks the line."""
    runs, run = [], []
    for i, p in enumerate(points):
        v = getattr(p, attr)
        if v is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append((f.x(i), f.y(v)))
    if run:
        runs.append(run)
    return runs


def _lines(f: _Frame, points: Sequence[ChartPoint]) -> list[str]:
    """Targets as dashed lines, then values as solid lines drawn over them; a stretch that reaches or
    leaves a forecast is dotted."""
    out = []
    for run in _runs(f, points, "target"):
        if len(run) > 1:
            coords = " ".join(f"{_f(px)},{_f(py)}" for px, py in run)
            out.append(f'<polyline points="{coords}" fill="none" stroke="{INK}" stroke-width="2" '
                       'stroke-dasharray="6 4"/>')
    forecast = {i for i, p in enumerate(points) if p.forecast}
    for run in _index_runs(points, "value"):
        for dotted, stretch in _stretches(run, forecast):
            coords = " ".join(f"{_f(f.x(i))},{_f(f.y(points[i].value))}" for i in stretch)  # type: ignore[arg-type]
            style = (f'stroke="{VALUE_COLOUR}" stroke-width="2" stroke-dasharray="{FORECAST_DASH}"' if dotted
                     else f'stroke="{VALUE_COLOUR}" stroke-width="3"')
            out.append(f'<polyline points="{coords}" fill="none" {style}/>')
    return out


def _index_runs(points: Sequence[ChartPoint], attr: str) -> list[list[int]]:
    """The indexes of each unbroken stretch of one series."""
    runs: list[list[int]] = [[]]
    for i, p in enumerate(points):
        if getattr(p, attr) is None:
            runs.append([])
        else:
            runs[-1].append(i)
    return [r for r in runs if r]


def _stretches(run: list[int], forecast: set[int]) -> list[tuple[bool, list[int]]]:
    """A run cut into (dotted, indexes) stretches of two or more points: a segment is dotted when
    either end is a forecast."""
    out: list[tuple[bool, list[int]]] = []
    for a, b in zip(run, run[1:], strict=False):
        dotted = a in forecast or b in forecast
        if out and out[-1][0] == dotted and out[-1][1][-1] == a:
            out[-1][1].append(b)
        else:
            out.append((dotted, [a, b]))
    return out


def _markers(f: _Frame, points: Sequence[ChartPoint], unit: str) -> list[str]:
    """A square per target and a circle per value, each with its figure as a tooltip."""
    out = ['<g class="app-chart__targets">']
    for i, p in enumerate(points):
        if p.target is not None:
            out.append(
                f'<rect x="{_f(f.x(i) - 4)}" y="{_f(f.y(p.target) - 4)}" width="8" height="8" fill="#ffffff" '
                f'stroke="{INK}" stroke-width="2"><title>{escape(p.label)}: target '
                f"{escape(format_figure(p.target, unit))}</title></rect>"
            )
    out.append('</g><g class="app-chart__values">')
    for i, p in enumerate(points):
        if p.value is not None:
            look = FORECAST_MARK if p.forecast else f'fill="{VALUE_COLOUR}" stroke="#ffffff" stroke-width="1"'
            out.append(
                f'<circle cx="{_f(f.x(i))}" cy="{_f(f.y(p.value))}" r="5" {look}>'
                f"<title>{escape(p.label)}: {escape(format_figure(p.value, unit))}"
                f"{' (forecast)' if p.forecast else ''}</title></circle>"
            )
    out.append("</g>")
    return out
