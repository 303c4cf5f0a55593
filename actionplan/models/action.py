"""Actions, who leads them, and what has been recorded against them."""

from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from simple_history.models import HistoricalRecords

from actionplan.bywhen import Flag, read_by_when
from actionplan.dates import note_date_words
from actionplan.models.plan import Person, Rag, Recommendation


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ONGOING = "ongoing", "Ongoing"
    COMPLETED = "completed", "Completed"
    DELAYED = "delayed", "Delayed"
    CANCELLED = "cancelled", "Cancelled"


# Finished one way or the other: never overdue, due soon or stale.
CLOSED_STATUSES = (Status.COMPLETED, Status.CANCELLED)


def completed_on_for(status: str, day: date | None) -> date | None:
    """The one completion rule: an action carries the day it was completed while it is completed,
    and no completion date otherwise (reopening clears it)."""
    return day if status == Status.COMPLETED else None


def completion_fields(status: str, day: date | None, *, month: bool = False) -> dict:
    """`completed_on` by the rule above, and whether it names only a month (the sources' "Mar 06":
    stored as the month's last day, shown as the month). Every completion date is written with
    its precision, so a day completion never keeps an earlier month's flag."""
    completed_on = completed_on_for(status, day)
    return {"completed_on": completed_on, "completed_on_is_month": month and completed_on is not None}


class ActionQuerySet(models.QuerySet):
    def for_plan(self, plan):
        return self.filter(recommendation__plan=plan)



class Action(models.Model):
    # Why a due date is not counted (see actionplan.deadlines); shown wherever the action is listed.
    DATE_FLAGS = [
        (Flag.NONE, "Read"),
        (Flag.NO_DEADLINE, "No deadline"),
        (Flag.UNREAD, "Date could not be read"),
        (Flag.IMPLAUSIBLE, "Implausible date: before the plan began"),
    ]

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="actions")
    position = models.PositiveIntegerField()
    description = models.TextField()
    # The lead cell as written (qualifiers kept: "SF (ISM)", "HL to sign off"); people in ActionLead.
    lead_text = models.CharField(max_length=200, blank=True)
    by_when_text = models.CharField(max_length=300, blank=True)
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    recurrence = models.CharField(max_length=20, blank=True)
    date_flag = models.CharField(max_length=20, choices=DATE_FLAGS, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)
    # The sources date the completion by a month alone ("Completed Mar 06"): completed_on is that
    # month's last day, for counting, and it is shown as the month ("Completed in March 2006").
    completed_on_is_month = models.BooleanField(default=False)
    rag_override = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    rag_override_reason = models.TextField(blank=True)
    partners = models.TextField("people/partners", blank=True)
    capacity = models.TextField("additional capacity requirement", blank=True)
    success_criteria = models.TextField("target/success criteria", blank=True)
    # Optimistic locking: a form posts the version it was opened at.
    version = models.PositiveIntegerField(default=1)
    # When its newest progress note was recorded (None: no note yet), so the action list sorts by its last
    # update on one indexed column instead of reading every action's notes. Derived from the notes and
    # written only by services.last_notes.notes_recorded, which every writer of notes calls; not versioned
    # (a note has its own history, and is not a change to the action) and never written by save() below.
    last_note_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["last_note_at"])

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["recommendation__number", "position"]
        indexes = [
            # Dashboard "overdue" and "due soon" lists.
            models.Index(fields=["due_date", "status"], name="action_due_status"),
            # The action list sorted by "Last update" (ORDER BY last_note_at … LIMIT 25; tables.ActionTable). On
            # PostgreSQL, migration 0025 adds one in the list's order of NULLs, which this cannot give there.
            models.Index(fields=["last_note_at"], name="action_last_note"),
            # The action list filtered by status, counted for its pages (SELECT COUNT(*) … WHERE status IN (…);
            # the open list: filters.ActionFilter.by_status), read from the index alone.
            models.Index(fields=["status"], name="action_status"),
        ]

    def __str__(self):
        return f"{self.reference} {self.description[:60]}"

    def save(self, *args, **kwargs):
        """Saving an action never writes `last_note_at`: an instance read before a note was added would put
        back the time before it (services.last_notes keeps the column)."""
        if not self._state.adding and kwargs.get("update_fields") is None and self.pk is not None:
            kwargs["update_fields"] = [f.name for f in self._meta.concrete_fields
                                       if not f.primary_key and f.name != "last_note_at"]
        super().save(*args, **kwargs)

    @staticmethod
    def reference_of(recommendation_number: int | str, position: int | str) -> str:
        """"10.5": the fifth action of recommendation 10, as the plan and its readers cite it.
        For rows read without an Action (values(), history rows, workbook rows)."""
        return f"{recommendation_number}.{position}"

    @property
    def reference(self) -> str:
        return self.reference_of(self.recommendation.number, self.position)

    def set_by_when(self, text: str) -> None:
        """Read "By when" into dates and apply it: the one place an action's dates are set from its
        text. Needs `recommendation` (its plan's start makes earlier dates implausible)."""
        read = read_by_when(text, plan_start=self.recommendation.plan.started_on)
        self.by_when_text = read.text
        self.start_date, self.due_date = read.start_date, read.due_date
        self.recurrence, self.date_flag = read.recurrence, read.flag

    def set_status(self, status: str, *, on: date | None, on_is_month: bool = False) -> None:
        """Change the status; completing records `on` as the day it was completed (`on_is_month`:
        the sources name only its month)."""
        self.status = status
        for name, value in completion_fields(status, on, month=on_is_month).items():
            setattr(self, name, value)


class ActionLead(models.Model):
    """A person leading an action; an explicit row (not an m2m) so "as at" can read it from history."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="leads")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="leads")
    qualifier = models.CharField(max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "position"]

    def __str__(self):
        return f"{self.person.initials} {self.qualifier}".strip()


def note_day(note_date: date | None, recorded_at: datetime) -> date:
    """Where a note sits in the log: the date it speaks of, or, for a note whose text gives no date,
    the (local) day it was recorded, the day it is known to have been in the plan. Only for
    ordering and "as at": an undated note is never shown with this as its date."""
    return note_date if note_date is not None else timezone.localtime(recorded_at).date()


def note_day_expression() -> Coalesce:
    """`note_day` in SQL (the local day, through the database's time zone conversion): explicit, so
    undated notes sort in the same place on SQLite and PostgreSQL, whose NULLs sort differently."""
    return Coalesce("note_date", TruncDate("recorded_at"))


def notes_newest_first() -> list:
    """The order of a log of notes, newest first: by `note_day`, then the later recorded, then the
    earlier written."""
    return [note_day_expression().desc(), F("recorded_at").desc(), F("id").asc()]


class ProgressNote(models.Model):
    FUTURE, BEFORE_PLAN = "future", "before_plan"  # what `date_problem` finds

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="notes")
    # The date the note speaks of (what was done when), not when it was typed in. None only for
    # progress text from the seeds that gives no date of its own: it stays undated, known from
    # `recorded_at` (the plan version it was in). A note a person records always has a date.
    note_date = models.DateField(null=True, blank=True)
    # The text names only a month ("Draft plan produced Mar 06"): note_date is the month's last day,
    # a convention for ordering and "as at", and the note is shown as "March 2006". Loaded from the
    # seeds only; a note a person records gives its day.
    note_date_is_month = models.BooleanField(default=False)
    text = models.TextField()
    author = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    recorded_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", *notes_newest_first()]
        indexes = [
            models.Index(fields=["action", "note_date"], name="note_action_date"),
            # When each action's last note was recorded: the action list's "Last update" for the rows of a
            # page (MAX(recorded_at) … WHERE action_id IN (…) GROUP BY action_id, selectors.today.last_note_times),
            # the list sorted by it (a correlated MAX per action, tables.ActionTable.order_last_update) and
            # the dashboards' rows (selectors.action_rows.with_note_dates): a seek to the newest, no note read.
            models.Index(fields=["action", "recorded_at"], name="note_action_recorded"),
        ]

    def __str__(self):
        return f"{note_date_words(self.note_date, self.recorded_at, month=self.note_date_is_month)}: {self.text[:60]}"

    @classmethod
    def date_problem(cls, day: date, *, plan_started_on: date, today: date) -> str:
        """FUTURE, BEFORE_PLAN or "" for a note dated `day`. A note says what has been done, so its
        date lies between the plan's start and today; the browser form and the workbook import each
        word the problem for where it is shown."""
        if day > today:
            return cls.FUTURE
        if day < plan_started_on:
            return cls.BEFORE_PLAN
        return ""


def evidence_path(instance, filename):
    # Generated names: the uploaded name is kept in original_name, never used on disk.
    import uuid

    return f"evidence/{uuid.uuid4().hex}"


class Evidence(models.Model):
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="evidence")
    note = models.ForeignKey(
        ProgressNote, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    title = models.CharField(max_length=200, blank=True)
    file = models.FileField(upload_to=evidence_path, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    url = models.URLField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "-uploaded_at"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(url=""), name="evidence_has_file_or_link"
            )
        ]

    def __str__(self):
        return self.title or self.original_name or self.url
