"""A plan's reporting calendar: when leads owe a return (an update), and for which meeting.

The calendar is configuration, read as it is now and applied to any date (as a recommendation's
plan is); its changes are in the history like every other. The rounds it makes, and what a
return's state is, are ruled in `actionplan.rounds`.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from actionplan.dates import uk_date
from actionplan.models.plan import Plan
from actionplan.rounds import Interval


class ReportingCalendar(models.Model):
    plan = models.OneToOneField(Plan, on_delete=models.PROTECT, related_name="reporting_calendar")
    interval = models.CharField(max_length=12, choices=Interval.choices, default=Interval.NONE)
    # The regular meeting, for instance "Action Plan Group", and its first date.
    interval_name = models.CharField("regular meeting", max_length=200, blank=True)
    first_date = models.DateField("first regular meeting", null=True, blank=True)
    # A return is due this many working days (Monday to Friday) before the report is drawn up.
    deadline_working_days = models.PositiveSmallIntegerField("working days before", default=3)
    history = HistoricalRecords()

    def __str__(self):
        return f"Reporting calendar of {self.plan}"


class ReportingDate(models.Model):
    """A named meeting (group, board, committee) the plan reports to, on a date."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reporting_dates")
    name = models.CharField("meeting", max_length=200)
    meets_on = models.DateField("date of the meeting")
    # The day the report to that meeting is drawn up as at (the 19 May report to the 31 May
    # Scrutiny meeting); blank when the report is as at the meeting itself.
    report_on = models.DateField("report drawn up on", null=True, blank=True)
    # Blank: the calendar's working days before the report date.
    deadline = models.DateField("returns due by", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "meets_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name", "meets_on"], name="reporting_date_unique_in_plan")
        ]

    def __str__(self):
        return f"{self.name}, {uk_date(self.meets_on)}"
