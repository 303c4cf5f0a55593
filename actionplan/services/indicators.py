"""Recording an indicator's targets and measured values, each save in the history with its reason."""

from __future__ import annotations

from actionplan.charts import format_figure
from actionplan.history import save_recorded
from actionplan.models import IndicatorTarget, IndicatorValue

# The two kinds of figure, as the pages' addresses name them.
KINDS = {"values": IndicatorValue, "targets": IndicatorTarget}
KIND_WORDS = {"values": "value", "targets": "target"}
_WORD_OF = {model: KIND_WORDS[kind] for kind, model in KINDS.items()}


def default_reason(figure: IndicatorValue | IndicatorTarget) -> str:
    """What the history says when the plan manager gave no reason: the figure and its period."""
    amount = format_figure(figure.value, figure.indicator.unit)
    verb = "changed" if figure.pk else "recorded"
    return f"{_WORD_OF[type(figure)].capitalize()} for {figure.period} {verb}: {amount}"


def figure_record(figure: IndicatorValue | IndicatorTarget, *, reason: str, user):
    """Save a target or measured value (new or changed) with the reason given, or the default one."""
    save_recorded(figure, reason=reason.strip() or default_reason(figure), user=user)
    return figure
