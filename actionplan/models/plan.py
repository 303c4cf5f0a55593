"""A plan, its timescale groups and recommendations, and the people and words it uses."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from actionplan.dates import uk_date


class Rag(models.TextChoices):
    """The RAG words a person can record against a recommendation, a summary, an action or a paper;
    the rules that suggest one live in `actionplan.rag`."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue"
    GREY = "grey", "Grey"


class AreaOfActivity(models.TextChoices):
    """What the clerks' due-by sentence counts as one "area of activity" (`selectors.due_by`)."""

    ACTIONS = "actions", "Actions"
    RECOMMENDATIONS = "recommendations", "Recommendations"


class Plan(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=300)
    organisation = models.CharField(max_length=200)
    source_inspection = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    # Notes dated before this, and deadlines before it, are flagged as implausible.
    started_on = models.DateField()
    # Review and sign-off (actionplan/services/signoff.py): a completion recorded on the progress
    # form is a claim until a plan manager or director accepts it; evidence may be required for it.
    completion_needs_signoff = models.BooleanField("completing an action needs sign-off", default=False)
    completion_needs_evidence = models.BooleanField("completing an action needs evidence", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class TimescaleGroup(models.Model):
    """The inspection's urgency bands ("January – June 2006", "June 2006 –")."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="group_name_unique_in_plan")]

    def __str__(self):
        return self.name


class Person(models.Model):
    """An entry in the plan's index to initials, optionally linked to a user account."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="people")
    initials = models.CharField(max_length=12)
    name = models.CharField(max_length=200, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "initials"]
        constraints = [models.UniqueConstraint(fields=["plan", "initials"], name="initials_unique_in_plan")]
        verbose_name_plural = "people"

    def __str__(self):
        return f"{self.initials} – {self.name}" if self.name else self.initials


class PartnerOrganisation(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="partners")
    name = models.CharField(max_length=200)
    abbreviation = models.CharField(max_length=30, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "name"]

    def __str__(self):
        return self.abbreviation or self.name


class GlossaryTerm(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="glossary")
    abbreviation = models.CharField(max_length=30)
    meaning = models.CharField(max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "abbreviation"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "abbreviation"], name="abbreviation_unique_in_plan")
        ]

    def __str__(self):
        return f"{self.abbreviation}: {self.meaning}"


class Recommendation(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="recommendations")
    group = models.ForeignKey(TimescaleGroup, on_delete=models.PROTECT, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    # A director may set the recommendation's RAG by hand; the reason goes into the history.
    rag_override = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    rag_override_reason = models.TextField(blank=True)
    cancelled = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="recommendation_number_unique")
        ]
        indexes = [
            # The action list across plans, in its default order (recommendation number, then position: ORDER
            # BY recommendation.number, action.position LIMIT 25): the database walks recommendations by number
            # and stops after a page, rather than sorting every open action (1.7 -> 0.13 ms at 6,800 actions).
            # PostgreSQL's planner takes it from its statistics; SQLite once ANALYZE has run (without statistics
            # it sorts, as before).
            models.Index(fields=["number"], name="recommendation_number"),
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"


class RecommendationSummary(models.Model):
    """A dated summary-progress narrative, as written for a progress report, with its RAG."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="summaries")
    date = models.DateField()
    text = models.TextField()
    rag = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "-date"]
        verbose_name_plural = "recommendation summaries"

    def __str__(self):
        return f"Rec {self.recommendation.number} summary {uk_date(self.date)}"
