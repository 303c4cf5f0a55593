"""When something a lead owes is escalated, and to whom: the one rule, pure.

An open action is escalated

- to the **plan managers** (their daily digest) when its return was missing for the last
  `MISSING_ROUNDS` rounds in a row (2) whose deadline has passed, or when it is overdue by more than
  `JARTRACKER_ESCALATE_OVERDUE_DAYS` days (28 by default);
- then also to the **directors**, when it stays so one step further: missing for one more round
  (3 in a row), or overdue by more than twice the setting.

Escalations name the lead (initials, name, job title) and are not optional: a lead who turns their
own reminders off is still escalated about, and plan managers and directors cannot turn them off.
Rounds are ruled in `actionplan.rounds`; overdue in `actionplan.deadlines`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from actionplan.dates import uk_date
from actionplan.rounds import Round

MISSING_ROUNDS = 2
MANAGER, DIRECTOR = 1, 2  # escalation levels: who it has reached


def overdue_days_setting() -> int:
    """Overdue by more than this many days goes to the plan managers (JARTRACKER_ESCALATE_OVERDUE_DAYS)."""
    return settings.ESCALATE_OVERDUE_DAYS


def level_for(*, missing_streak: int, overdue_by: int | None) -> int:
    """0 (not escalated), MANAGER or DIRECTOR."""
    limit = overdue_days_setting()
    level = 0
    if missing_streak >= MISSING_ROUNDS or (overdue_by is not None and overdue_by > limit):
        level = MANAGER
    if missing_streak >= MISSING_ROUNDS + 1 or (overdue_by is not None and overdue_by > 2 * limit):
        level = DIRECTOR
    return level


@dataclass(frozen=True)
class Why:
    """Why an action is escalated, in words for the digest."""

    missed: tuple[Round, ...]
    overdue_by: int | None
    due_date: date | None

    @property
    def words(self) -> str:
        parts = []
        if len(self.missed) >= MISSING_ROUNDS:
            meetings = ", ".join(f"{r.name} {uk_date(r.meets_on)}" for r in reversed(self.missed))
            parts.append(f"no return for {len(self.missed)} rounds in a row ({meetings})")
        if self.overdue_by is not None and self.overdue_by > overdue_days_setting():
            parts.append(f"overdue by {self.overdue_by} days (due {uk_date(self.due_date)})")
        return "; ".join(parts)
