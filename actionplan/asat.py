""""As at": the moment a page, paper or export speaks of, and which days it may be.

Every view of the plan "as at" a day (dashboard, changes, indicators, papers, exports, commands)
reads it through this module, so the rule for which days are allowed, its wording, the end of a
day and the time zone those days are in each live here once.

The time zone is the project's `TIME_ZONE` setting (a council's plan runs on local time), read
through Django so a test that overrides the setting sees the change (`dates.local_zone`, shared with
the way dates are written).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from actionplan.dates import local_zone, uk_date
from actionplan.history import versions_as_at
from actionplan.models import Plan, ProgressNote


def local_time(day: date, at: time) -> datetime:
    """The wall-clock time `at` on `day`, in the plan's time zone."""
    return datetime.combine(day, at, tzinfo=local_zone())


def local_day(moment: datetime | None) -> date | None:
    """The day an instant fell on in the plan's time zone (None stays None)."""
    return timezone.localtime(moment, local_zone()).date() if moment is not None else None


def start_of_day(day: date) -> datetime:
    return local_time(day, time.min)


def end_of_day(day: date) -> datetime:
    """The last instant of `day`: "as at 1 March" means everything recorded by then."""
    return local_time(day, time.max)


class AsAtError(ValueError):
    """An as-at date the plan cannot be shown at; the message says why, in GOV.UK words."""


def check_as_at(plan: Plan, day: date) -> None:
    """Raise AsAtError unless the plan can be shown as at `day`: not in the future (nothing is
    recorded yet) and not before the plan began (there was nothing to show). Every page, form,
    paper, export and command shows this message as it is."""
    if day > timezone.localdate():
        raise AsAtError("The as-at date must be today or in the past")
    if day < plan.started_on:
        raise AsAtError(f"The as-at date must be on or after {uk_date(plan.started_on)}, when the plan began")


@dataclass(frozen=True)
class Moment:
    """The day a page speaks of: `on` judges RAG; `at` is None for "now" (live tables)."""

    on: date
    at: datetime | None = None

    @classmethod
    def for_date(cls, as_at: date | None) -> Moment:
        today = timezone.localdate()
        if as_at is None or as_at >= today:
            return cls(on=today)
        return cls(on=as_at, at=end_of_day(as_at))

    @property
    def is_today(self) -> bool:
        return self.at is None

    def rows(self, model, **filters) -> QuerySet:
        """Each object as it stood: live rows today, else its last historical version."""
        if self.at is None:
            return model.objects.filter(**filters).order_by()
        return versions_as_at(model, self.at, **filters).order_by()

    def versions_of(self, live: QuerySet) -> QuerySet:
        """The objects of `live` (current rows of a model that is never deleted, such as actions) as
        they stood: the same version `rows` reads, found by one index seek per object on the
        (id, history_date) index instead of ranking every history row. Faster when many history
        rows are older than the moment (several days across a whole installation); objects created
        later have no version yet and drop out."""
        if self.at is None:
            return live.order_by()
        historical = live.model.history.model
        latest = historical.objects.filter(id=OuterRef("pk"), history_date__lte=self.at).order_by(
            "-history_date", "-history_id"
        )
        ids = live.order_by().annotate(version_id=Subquery(latest.values("history_id")[:1])).values("version_id")
        return historical.objects.filter(history_id__in=ids).exclude(history_type="-").order_by()

    def field_of(self, model, name: str, ref: str) -> Subquery:
        """`name` of the object whose id is in the outer row's `ref`, as it stood (one index seek)."""
        if self.at is None:
            inner = model.objects.filter(pk=OuterRef(ref)).order_by()
        else:
            inner = model.history.model.objects.filter(id=OuterRef(ref), history_date__lte=self.at).order_by(
                "-history_date", "-history_id"
            )
        return Subquery(inner.values(name)[:1])

    def notes_recorded(self) -> QuerySet:
        """Progress notes recorded by this moment. Notes are never deleted (the model
        protects them and no service removes one), so a note exists at a moment exactly
        when its creation row does; its date and time of recording never change."""
        if self.at is None:
            return ProgressNote.objects.order_by()
        return ProgressNote.history.model.objects.filter(history_type="+", history_date__lte=self.at).order_by()
