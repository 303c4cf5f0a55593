"""A server-side SVG chart of RAG counts at a series of reporting days: one stacked bar per day.

Like `actionplan.charts`, a pure function (data in, SVG string out) drawn with presentation
attributes only, so it passes the strict content security policy and renders the same in a PDF.
It is an image with a text alternative (role="img", its <title> and a <desc> reading out every
count); pages print the same counts in a table beside it. Each segment carries its count as text
when there is room, the legend names each RAG word, and segments are separated by white rules, so
colour is never the only way to tell them apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from actionplan.charts import FONT, GRID_COLOUR, INK

# GOV.UK tag colours; the text colour on each keeps at least 4.5:1.
FILL = {"red": ("#d4351c", "#ffffff"), "amber": ("#f47738", INK), "green": ("#00703c", "#ffffff"),
        "blue": ("#1d70b8", "#ffffff"), "grey": ("#505a5f", "#ffffff")}


@dataclass(frozen=True)
class Bar:
    """One reporting day: its label on the x axis and its counts as (RAG value, word, count)."""

    label: str
    segments: Sequence[tuple[str, str, int]]

    @property
    def total(self) -> int:
        return sum(n for _, _, n in self.segments)


def describe_rounds(title: str, bars: Sequence[Bar]) -> str:
    if not bars:
        return f"{title}: no reporting days yet."
    parts = [f"{title}: {len(bars)} reporting day{'s' if len(bars) != 1 else ''}."]
    for bar in bars:
        counts = ", ".join(f"{word} {n}" for _, word, n in bar.segments)
        parts.append(f"{bar.label}: {counts}.")
    return " ".join(parts)


def _esc(value) -> str:
    return escape(str(value), {'"': "&quot;"})


def rag_rounds_svg(*, chart_id: str, title: str, bars: Sequence[Bar], width: int = 640, height: int = 260) -> str:
    """Stacked bars of RAG counts, one per reporting day, oldest on the left."""
    cid = _esc(chart_id)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" id="{cid}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{cid}-title {cid}-desc" '
        f'font-family="{_esc(FONT)}" font-size="13" fill="{INK}">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(describe_rounds(title, bars))}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    tallest = max((bar.total for bar in bars), default=0)
    if not tallest:
        out.append(f'<text x="{width // 2}" y="{height // 2}" text-anchor="middle" font-size="16">'
                   "No actions to count yet</text></svg>")
        return "".join(out)
    out += _legend(bars[0].segments)
    left, top, bottom = 16, 44, 40
    plot_h = height - top - bottom
    slot = (width - 2 * left) / len(bars)
    bar_w = min(72.0, slot * 0.6)
    base = top + plot_h
    out.append(f'<line x1="{left}" y1="{base}" x2="{width - left}" y2="{base}" stroke="{GRID_COLOUR}"/>')
    for i, bar in enumerate(bars):
        x = left + i * slot + (slot - bar_w) / 2
        out += _bar(bar, x, bar_w, base, plot_h / tallest)
        cx = x + bar_w / 2
        out.append(f'<text x="{cx:.1f}" y="{base + 18}" text-anchor="middle" font-size="12">{escape(bar.label)}</text>')
    out.append("</svg>")
    return "".join(out)


def _legend(segments: Sequence[tuple[str, str, int]]) -> list[str]:
    out, x = ["<g>"], 16
    for value, word, _ in segments:
        fill, _text = FILL.get(value, (GRID_COLOUR, INK))
        out.append(f'<rect x="{x}" y="10" width="14" height="14" fill="{fill}"/>'
                   f'<text x="{x + 20}" y="22">{escape(word)}</text>')
        x += 30 + 8 * len(word)
    out.append("</g>")
    return out


def _bar(bar: Bar, x: float, w: float, base: float, scale: float) -> list[str]:
    """The segments from the bottom up, each with its count inside when it fits; the total on top."""
    out, y = [], base
    for value, word, n in bar.segments:
        if not n:
            continue
        h = n * scale
        y -= h
        fill, text = FILL.get(value, (GRID_COLOUR, INK))
        out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{fill}" '
                   f'stroke="#ffffff" stroke-width="1"><title>{escape(bar.label)}: {escape(word)} {n}</title></rect>')
        if h >= 16:
            out.append(f'<text x="{x + w / 2:.1f}" y="{y + h / 2 + 4:.1f}" text-anchor="middle" fill="{text}" '
                       f'font-size="12">{n}</text>')
    out.append(f'<text x="{x + w / 2:.1f}" y="{y - 6:.1f}" text-anchor="middle" font-size="12">{bar.total}</text>')
    return out
