"""Performance indicators (CH 141 …) with targets and measured values per period."""

from django.db import models
from simple_history.models import HistoricalRecords

from actionplan.models.plan import Plan


class Indicator(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="indicators")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    unit = models.CharField(max_length=60, blank=True)
    higher_is_better = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="indicator_code_unique_in_plan")]

    def __str__(self):
        return f"{self.code} {self.title}"


class _PeriodFigure(models.Model):
    period = models.CharField(max_length=40, help_text="As written, e.g. '2006/07' or 'Oct 05 – Feb 06'.")
    period_end = models.DateField(null=True, blank=True)
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["indicator", "period_end"]

    def __str__(self):
        return f"{self.indicator.code} {self.period}: {self.value}"


class IndicatorTarget(_PeriodFigure):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    history = HistoricalRecords()


class IndicatorValue(_PeriodFigure):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    # A figure a report gives as expected for the period, not one measured (an outturn): papers and
    # charts show the two differently.
    forecast = models.BooleanField("a forecast, not an outturn", default=False)
    history = HistoricalRecords()
