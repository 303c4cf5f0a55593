"""Performance indicators against target: RAG with a tolerance band, and the chart's data.

RAG for a measured value against its target, with a band of INDICATOR_TOLERANCE_PCT
(default 5) per cent of the target:

- higher is better: Green at or above target; Amber below it but within the band
  (value >= target - band); Red below the band;
- lower is better: Green at or below target; Amber above it but within the band
  (value <= target + band); Red above the band.

No value or no target gives no RAG. Green here means "on target" whatever the plan's
RAG scheme says about completed actions.

Which target applies to a value: the target for the same period (same period end date),
else the first target whose period ends after the value's, else the latest earlier
target (a target stands until it is replaced). A value with no period end matches a
target with the same period label only.

Direction of travel: the latest value against the measured value before it, judged by the
indicator's polarity (higher or lower is better): improving, worsening or no change. With no
earlier value there is no direction; nothing is estimated. A value recorded as a forecast is
compared like an outturn, and the papers say it is a forecast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings

from actionplan.asat import Moment
from actionplan.charts import ChartPoint, trend_chart_svg
from actionplan.models import Indicator, IndicatorTarget, IndicatorValue, Plan, Rag

FIGURE_FIELDS = ("id", "indicator_id", "period", "period_end", "value", "note")
VALUE_FIELDS = (*FIGURE_FIELDS, "forecast")

IMPROVING, WORSENING, NO_CHANGE = "improving", "worsening", "no_change"
DIRECTION_WORDS = {IMPROVING: "Improving", WORSENING: "Worsening", NO_CHANGE: "No change"}


def direction_of_travel(previous, latest, *, higher_is_better: bool | None) -> str | None:
    """Improving, worsening or no change from one value to the next; None when either value or the
    polarity is unknown (never guessed)."""
    if previous is None or latest is None or higher_is_better is None:
        return None
    if latest == previous:
        return NO_CHANGE
    return IMPROVING if (latest > previous) == higher_is_better else WORSENING


def tolerance_pct() -> Decimal:
    return Decimal(str(getattr(settings, "INDICATOR_TOLERANCE_PCT", 5)))


def indicator_rag(value, target, *, higher_is_better: bool, tolerance: Decimal | None = None) -> str | None:
    """Red, Amber or Green for one value against its target (see the module's rule)."""
    if value is None or target is None:
        return None
    value, target = Decimal(str(value)), Decimal(str(target))
    band = abs(target) * (tolerance_pct() if tolerance is None else Decimal(str(tolerance))) / 100
    if higher_is_better:
        if value >= target:
            return Rag.GREEN
        return Rag.AMBER if value >= target - band else Rag.RED
    if value <= target:
        return Rag.GREEN
    return Rag.AMBER if value <= target + band else Rag.RED


def target_for(period: str, period_end: date | None, targets: list[dict]) -> dict | None:
    """The target that applies to a period (see the module's rule); targets sorted by end."""
    if period_end is None:
        return next((t for t in targets if t["period"] == period), None)
    dated = [t for t in targets if t["period_end"] is not None]
    for t in dated:
        if t["period_end"] >= period_end:
            return t
    return dated[-1] if dated else None


@dataclass
class IndicatorPoint:
    period: str
    period_end: date | None
    value: Decimal | None = None
    value_id: int | None = None
    note: str = ""
    forecast: bool = False  # the value is a forecast, not an outturn
    target: Decimal | None = None
    target_id: int | None = None  # the target recorded for this very period, if any
    target_period: str = ""  # the period of the target that applies
    rag: str | None = None


@dataclass
class IndicatorRow:
    id: int
    code: str
    title: str
    unit: str
    higher_is_better: bool
    points: list[IndicatorPoint] = field(default_factory=list)
    values: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)

    @property
    def latest(self) -> IndicatorPoint | None:
        measured = [p for p in self.points if p.value is not None]
        return measured[-1] if measured else None

    @property
    def previous(self) -> IndicatorPoint | None:
        """The measured value before the latest one, if any."""
        measured = [p for p in self.points if p.value is not None]
        return measured[-2] if len(measured) > 1 else None

    @property
    def direction(self) -> str | None:
        """The latest value's direction of travel against the one before (see the module's rule)."""
        previous, latest = self.previous, self.latest
        return direction_of_travel(previous.value if previous else None, latest.value if latest else None,
                                   higher_is_better=self.higher_is_better)

    @property
    def movement(self) -> str | None:
        """"up", "down" or "level": which way the figure moved since the value before (None: no earlier value)."""
        previous, latest = self.previous, self.latest
        if previous is None or latest is None or previous.value is None or latest.value is None:
            return None
        return "up" if latest.value > previous.value else "down" if latest.value < previous.value else "level"

    @property
    def rag(self) -> str | None:
        return self.latest.rag if self.latest else None

    @property
    def has_figures(self) -> bool:
        """Whether there is any number to chart (a value or a target)."""
        return any(p.value is not None or p.target is not None for p in self.points)

    @property
    def chart_title(self) -> str:
        return f"{self.code} {self.title}: values against target"

    @property
    def chart_points(self) -> list[ChartPoint]:
        return [ChartPoint(p.period, p.value, p.target, p.forecast) for p in self.points]

    def chart_svg(self, *, width: int = 640, height: int = 300, prefix: str = "indicator") -> str:
        return trend_chart_svg(
            chart_id=f"{prefix}-{self.id}-chart",
            title=self.chart_title,
            points=self.chart_points,
            unit=self.unit,
            higher_is_better=self.higher_is_better,
            width=width,
            height=height,
        )


def _sort_key(figure: dict):
    return (figure["period_end"] is None, figure["period_end"] or date.min, figure["period"], figure["id"])


def build_points(values: list[dict], targets: list[dict], higher_is_better: bool) -> list[IndicatorPoint]:
    """One point per period that has a value or a target, in period order."""
    targets = sorted(targets, key=_sort_key)
    points: dict[tuple, IndicatorPoint] = {}
    for v in sorted(values, key=_sort_key):
        key = (v["period_end"], v["period"]) if v["period_end"] is None else (v["period_end"],)
        points[key] = IndicatorPoint(v["period"], v["period_end"], v["value"], v["id"], v["note"],
                                     v.get("forecast", False))
    for t in targets:
        key = (t["period_end"], t["period"]) if t["period_end"] is None else (t["period_end"],)
        point = points.setdefault(key, IndicatorPoint(t["period"], t["period_end"]))
        point.target_id = t["id"]
    ordered = sorted(points.values(), key=lambda p: (p.period_end is None, p.period_end or date.min, p.period))
    for p in ordered:
        applies = target_for(p.period, p.period_end, targets)
        if applies is not None:
            p.target, p.target_period = applies["value"], applies["period"]
        p.rag = indicator_rag(p.value, p.target, higher_is_better=higher_is_better)
    return ordered


def plan_indicators(plan: Plan, as_at: date | None = None, *, indicator_id: int | None = None) -> list[IndicatorRow]:
    """Every indicator of a plan (or one), with targets and values as recorded at `as_at` (3 queries)."""
    moment = Moment.for_date(as_at)
    only = {"id": indicator_id} if indicator_id is not None else {}
    indicators = list(
        moment.rows(Indicator, plan_id=plan.pk, **only)
        .values("id", "code", "title", "unit", "higher_is_better")
        .order_by("code")
    )
    rows = {i["id"]: IndicatorRow(**i) for i in indicators}
    scope: dict[str, int | Plan] = {"indicator__plan": plan}
    if indicator_id is not None:
        scope = {"indicator_id": indicator_id}
    for model, attr, fields in ((IndicatorTarget, "targets", FIGURE_FIELDS), (IndicatorValue, "values", VALUE_FIELDS)):
        for figure in moment.rows(model, **scope).values(*fields):
            row = rows.get(figure["indicator_id"])
            if row is not None:
                getattr(row, attr).append(figure)
    for row in rows.values():
        row.values.sort(key=_sort_key)
        row.targets.sort(key=_sort_key)
        row.points = build_points(row.values, row.targets, row.higher_is_better)
    return list(rows.values())


def indicator_chart_svg(row: IndicatorRow, **kwargs) -> str:
    """The trend chart for one indicator row (for pages and papers alike)."""
    return row.chart_svg(**kwargs)
