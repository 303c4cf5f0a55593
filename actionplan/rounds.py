"""Reporting rounds and returns: the one place that says when a lead owes an update, and whether
it came in.

A plan's reporting calendar (`models.ReportingCalendar` and its `ReportingDate`s) makes a list of
**rounds**, one per meeting the plan reports to: the regular meeting (weekly, fortnightly or
monthly from a first date, for instance the Action Plan Group) and the named dates (boards,
committees, Cabinet). A named date on the day of a regular meeting replaces it.

Each round has:

- `meets_on`: the day of the meeting;
- `report_on`: the day the report to it is drawn up as at (the 19 May 2006 report to the 31 May
  Scrutiny Committee), the meeting day itself unless the calendar says otherwise;
- `deadline`: the day returns are due by, the date the calendar gives, or else `working_days`
  working days (Monday to Friday; bank holidays are not known) before `report_on`;
- `opens_on`: the day after the previous round's `report_on` (the plan's start for the first
  round). Progress recorded in the window `opens_on` .. `report_on` (both days included, by the
  day it was recorded, not the day its text speaks of) is that round's return: anything later
  was not in that report, so it counts for the next round.

For each round, every open action owes a return, which all its leads are asked for. The return is:

- RECEIVED: a progress note was recorded in the round's window, up to the day it is judged;
- DUE: none yet, and the deadline has not passed (the deadline day itself still counts);
- MISSING: none, and the deadline has passed ("no update received").

A round is judged on `min(day asked about, report_on)`: once its report is drawn up, its returns
are settled. Which actions were open, and who led them, is read as they stood on that day
(`actionplan.selectors.returns`), so a past round reads the same whenever it is asked about.

The calendar is configuration, read as it is now and applied to any date; its changes are in the
history. This module is pure (no database); `selectors.returns` reads the calendar and the notes.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import models

from actionplan.dates import uk_date

HORIZON_DAYS = 400  # regular rounds are listed this far past the day asked about


class ReturnState(models.TextChoices):
    RECEIVED = "received", "Received"
    DUE = "due", "Due"
    MISSING = "missing", "Missing"


class Interval(models.TextChoices):
    NONE = "none", "No regular interval"
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Fortnightly"
    MONTHLY = "monthly", "Monthly"


@dataclass(frozen=True)
class NamedDate:
    name: str
    meets_on: date
    report_on: date | None = None
    deadline: date | None = None


@dataclass(frozen=True)
class CalendarSpec:
    """A calendar's settings as plain values (read from the models by `selectors.returns`)."""

    interval: str = Interval.NONE
    interval_name: str = ""
    first_date: date | None = None
    working_days: int = 3
    named: tuple[NamedDate, ...] = field(default_factory=tuple)

    @property
    def is_empty(self) -> bool:
        return not self.named and (self.interval == Interval.NONE or self.first_date is None)


@dataclass(frozen=True)
class Round:
    name: str
    meets_on: date
    report_on: date
    deadline: date
    opens_on: date
    regular: bool = False

    @property
    def key(self) -> str:
        """Names the round in addresses and exports: its report date, unique within a plan."""
        return self.report_on.isoformat()

    @property
    def label(self) -> str:
        """"Children's Services Scrutiny Committee, 31 May 2006"."""
        return f"{self.name}, {uk_date(self.meets_on)}"

    def judged_on(self, on: date) -> date:
        """The day the round's returns are judged when asked about on `on`."""
        return min(on, self.report_on)

    def asking(self, on: date, lead_days: int) -> bool:
        """Whether leads are asked for this round's returns on `on`: from `lead_days` days before the
        deadline until the report is drawn up (a missing return can still come in until then)."""
        return self.deadline - timedelta(days=lead_days) <= on <= self.report_on

    def state(self, received: bool, on: date) -> str:
        """The return's state on `on`, given whether a note was recorded in the window by then."""
        if received:
            return ReturnState.RECEIVED
        return ReturnState.MISSING if on > self.deadline else ReturnState.DUE


def working_days_before(day: date, n: int) -> date:
    """The day `n` working days (Monday to Friday) before `day`; `day` itself for 0."""
    while n > 0:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def _add_months(day: date, months: int, anchor_day: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(anchor_day, calendar.monthrange(year, month)[1]))


def regular_dates(interval: str, first: date | None, until: date) -> list[date]:
    """The regular meeting's dates from `first` up to `until`; monthly keeps the day of the month
    (the 31st becomes the month's last day in shorter months)."""
    if first is None or interval == Interval.NONE:
        return []
    days: list[date] = []
    n = 0
    while True:
        if interval == Interval.MONTHLY:
            day = _add_months(first, n, first.day)
        else:
            day = first + timedelta(weeks=n * (2 if interval == Interval.FORTNIGHTLY else 1))
        if day > until:
            return days
        days.append(day)
        n += 1


def plan_rounds(spec: CalendarSpec, *, started_on: date, until: date) -> list[Round]:
    """Every round of a plan's calendar whose report falls between the plan's start and `until`
    (regular rounds) or at any date (named ones), in date order, each window chained to the last."""
    return list(_plan_rounds(spec, started_on, until))


@functools.lru_cache(maxsize=512)
def _plan_rounds(spec: CalendarSpec, started_on: date, until: date) -> tuple[Round, ...]:
    # Remembered: a page across plans lists every plan's rounds from its start (a weekly calendar
    # makes hundreds), and the answer depends only on these plain values.
    by_report: dict[date, tuple[str, date, date | None, bool]] = {}
    for day in regular_dates(spec.interval, spec.first_date, until):
        by_report[day] = (spec.interval_name or "Regular meeting", day, None, True)
    named_by_report: dict[date, list[NamedDate]] = {}
    for named in sorted(spec.named, key=lambda d: (d.meets_on, d.name)):
        by_report.pop(named.meets_on, None)  # a named meeting replaces the regular one that day
        named_by_report.setdefault(named.report_on or named.meets_on, []).append(named)
    for report_on, group in named_by_report.items():  # meetings sharing a report are one round
        deadlines = [n.deadline for n in group if n.deadline]
        by_report[report_on] = ("; ".join(n.name for n in group), group[0].meets_on, min(deadlines, default=None),
                                False)
    rounds: list[Round] = []
    opens = started_on
    for report_on in sorted(d for d in by_report if d >= started_on):
        name, meets_on, deadline, regular = by_report[report_on]
        due = deadline or working_days_before(report_on, spec.working_days)
        rounds.append(Round(name, meets_on, report_on, due, opens, regular))
        opens = report_on + timedelta(days=1)
    return tuple(rounds)


def rounds_for(spec: CalendarSpec, *, started_on: date, on: date) -> list[Round]:
    """The rounds that matter on `on`: all past ones and those of the next `HORIZON_DAYS`."""
    return plan_rounds(spec, started_on=started_on, until=on + timedelta(days=HORIZON_DAYS))


def collecting(rounds: list[Round], on: date) -> Round | None:
    """The round a note recorded on `on` counts for: the first whose report is not yet drawn up."""
    return next((r for r in rounds if r.report_on >= on), None)


def in_focus(rounds: list[Round], on: date) -> Round | None:
    """The round pages and exports report on `on`: the next meeting (its returns settled once its
    report is drawn up), or after the last meeting, the last round."""
    return next((r for r in rounds if r.meets_on >= on), rounds[-1] if rounds else None)


def after(rounds: list[Round], current: Round | None) -> Round | None:
    """The round after `current`."""
    if current is None:
        return None
    return next((r for r in rounds if r.report_on > current.report_on), None)


def judged(rounds: list[Round], on: date, count: int) -> list[Round]:
    """The last `count` rounds whose deadline had passed by `on`, most recent first: the ones a
    return can be missing from."""
    return [r for r in rounds if r.deadline < on][-count:][::-1]


def missing_streak(states: list[str | None]) -> int:
    """How many rounds in a row, most recent first, an action's return was missing (None: it owed
    none that round, which ends the streak)."""
    streak = 0
    for state in states:
        if state != ReturnState.MISSING:
            break
        streak += 1
    return streak
