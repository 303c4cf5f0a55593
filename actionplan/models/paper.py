"""Committee papers: a Cabinet report, scrutiny note, exceptions report or full action plan, as at a date."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from actionplan.dates import uk_date
from actionplan.models.plan import AreaOfActivity, Plan, Rag, TimescaleGroup

# The seeds' Cabinet report: "Further information on the subject of this report is available from
# Sue Fiennes, Director of Children's Services on 01432 260039".
CONTACT_WORDING = "Further information on the subject of this report is available from {name}, {title} on {phone}"


class Paper(models.Model):
    class Kind(models.TextChoices):
        CABINET_REPORT = "cabinet_report", "Cabinet report"
        SCRUTINY_NOTE = "scrutiny_note", "Scrutiny progress note"
        EXCEPTIONS = "exceptions", "Exceptions report"
        ACTION_PLAN = "action_plan", "Full action plan"

    class Appendix(models.TextChoices):
        SUMMARY = "summary", "Summary progress report"
        ACTION_PLAN = "action_plan", "Full action plan"
        EXCEPTIONS = "exceptions", "Exceptions"
        INDICATORS = "indicators", "Performance indicators"
        CHANGES = "changes", "Changes since the last report"
        GLOSSARY = "glossary", "Index of initials and abbreviations"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="papers")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    meeting_body = models.CharField(max_length=200)
    meeting_date = models.DateField()
    # The figures are those the system recorded at the end of this day.
    as_at = models.DateField()
    title = models.CharField(max_length=300)
    portfolio = models.CharField("portfolio or programme area", max_length=200, blank=True)
    wards_affected = models.CharField(max_length=200, blank=True, default="County-wide")
    purpose = models.TextField(blank=True)
    key_decision = models.BooleanField(default=False)
    recommendations = models.TextField("recommendation(s)", blank=True)
    reasons = models.TextField(blank=True)
    financial_implications = models.TextField(blank=True)
    considerations = models.TextField(
        blank=True, help_text="Numbered paragraphs, one per blank-line-separated block"
    )
    alternative_options = models.TextField(blank=True)
    risk_management = models.TextField(blank=True)
    consultees = models.TextField(blank=True)
    background_papers = models.TextField(blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_title = models.CharField(max_length=200, blank=True)
    contact_phone = models.CharField(max_length=50, blank=True)
    # The contact box's sentence, copied from the paper's type when the paper is made, so that an
    # issued paper keeps its words when the type is edited later (actionplan.papers.contact).
    contact_wording = models.CharField(max_length=300, default=CONTACT_WORDING)
    # The running header says "Agenda item 7" when the clerk gives the paper's item number.
    agenda_item = models.CharField("agenda item number", max_length=20, blank=True)
    # The footer adds "Page 12 of the agenda pack" counting from the pack page the paper starts on.
    pack_first_page = models.PositiveIntegerField(
        "agenda pack page it starts on", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    appendices = models.JSONField(default=list, blank=True)
    # The appendix of actions not on target lists at most this many (those due longest ago) and
    # counts the rest; blank lists them all.
    red_actions_limit = models.PositiveSmallIntegerField(
        "actions not on target to list", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    changes_since = models.DateField(null=True, blank=True)
    # The "due by" sentence counts the activity due by this day ("due by the end of June 2006").
    due_by = models.DateField("activity due by", null=True, blank=True)
    # What the sentence counts as one area of activity, and optionally only one timescale group.
    due_by_area = models.CharField(
        "count as one area of activity", max_length=20, choices=AreaOfActivity.choices, default=AreaOfActivity.ACTIONS
    )
    due_by_group = models.ForeignKey(
        TimescaleGroup, verbose_name="timescale", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Exceptions report: the status the board gives the plan; blank means the plan's RAG as at the date.
    overall_rag = models.CharField("overall status", max_length=10, choices=Rag.choices, blank=True)
    # Exceptions report: each element that will miss its target timescale, with the revised date
    # and why, as the clerk settled them: [{"action_id", "reference", "revised", "why"}, ...].
    exceptions = models.JSONField(default=list, blank=True)
    # Issuing freezes the paper: its PDF is kept byte for byte with its SHA-256.
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    issued_pdf = models.FileField(upload_to="papers/", blank=True)
    issued_sha256 = models.CharField(max_length=64, blank=True)
    # The same frozen content as the PDF, as the HTML page shows it: rendered at issue from the same
    # context, stored with its own SHA-256 and served as stored, never made again from live data.
    # Papers issued before HTML pages were kept have none (their PDF is the record).
    issued_html = models.FileField(upload_to="papers/", max_length=200, blank=True)
    issued_html_sha256 = models.CharField(max_length=64, blank=True)
    # An issued paper a clerk has published: its page and PDF open without signing in (committee
    # papers are public documents). Who published or withdrew it, when and why is in its history.
    public = models.BooleanField("published", default=False)
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "-meeting_date", "-pk"]
        indexes = [models.Index(fields=["plan", "as_at"], name="paper_plan_as_at")]  # quick as-at choices

    def __str__(self):
        return f"{self.title} ({self.meeting_body}, {uk_date(self.meeting_date)})"

    @property
    def is_issued(self) -> bool:
        return self.issued_at is not None

    @property
    def is_public(self) -> bool:
        """Readable without signing in: issued and published (a draft is never public)."""
        return self.public and self.is_issued


class PaperType(models.Model):
    """A plan's layout for one kind of paper: what a new paper of that kind starts from (title,
    portfolio, meeting, contact box, appendices). A paper copies these when it is made; editing the
    type later changes only papers made after."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="paper_types")
    kind = models.CharField(max_length=20, choices=Paper.Kind.choices)
    title = models.CharField(max_length=300)
    portfolio = models.CharField("portfolio or programme area", max_length=200, blank=True)
    meeting_body = models.CharField("meeting", max_length=200)
    contact_wording = models.CharField(max_length=300, default=CONTACT_WORDING)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_title = models.CharField(max_length=200, blank=True)
    contact_phone = models.CharField(max_length=50, blank=True)
    # The appendices a new paper of this type has ticked (Paper.Appendix values).
    appendices = models.JSONField(default=list, blank=True)
    red_actions_limit = models.PositiveSmallIntegerField(
        "actions not on target to list", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "kind"]
        constraints = [models.UniqueConstraint(fields=["plan", "kind"], name="paper_type_one_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.plan}"
