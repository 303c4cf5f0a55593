"""A request to make a paper's PDF in the background (django-tasks), and what became of it.

Deliberately not versioned with simple-history: this is a job record (queued, running, done,
failed), not plan data. The record that matters, an issued paper and its SHA-256, lives on the
versioned Paper; a draft's PDF here is a convenience copy that can be made again at any time.
"""

from django.conf import settings
from django.db import models

from actionplan.models.paper import Paper


class PaperRender(models.Model):
    class Kind(models.TextChoices):
        DRAFT = "draft", "Draft PDF"
        ISSUE = "issue", "Issue"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being prepared"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    IN_FLIGHT = (Status.QUEUED, Status.RUNNING)

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="renders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # What the task is doing now, in words for the clerk ("Laying out the pages").
    stage = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    requested_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A draft's PDF, under MEDIA_ROOT/renders/ with a generated name. An issue keeps no file of
    # its own: the issued file is Paper.issued_pdf, and sha256 repeats its fingerprint.
    file = models.FileField(upload_to="renders/", max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    # The django-tasks result id, to notice a task the worker gave up on.
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["paper", "kind", "status"], name="paper_render_lookup")]

    def __str__(self):
        return f"{self.get_kind_display()} of paper {self.paper_id}: {self.get_status_display()}"

    @property
    def in_flight(self) -> bool:
        return self.status in self.IN_FLIGHT
