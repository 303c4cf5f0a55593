"""Appendices a clerk writes or uploads for a paper, after the generated ones (summary, action plan …).

A text appendix keeps what the clerk typed (`body`, the plain-text convention of
actionplan.papers.richtext); it is turned into sanitised HTML whenever the paper is laid out. A PDF
appendix keeps the uploaded file under a generated name, like evidence, served only through a
permission-checked view; its pages are appended to the pack and numbered on with the paper's.

An issued paper's appendices never change (services/appendices.py refuses): a new version of the paper
gets copies of them, which share the stored file, so that file is never deleted.
"""

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from actionplan.models.paper import Paper


def appendix_path(instance, filename):
    # Generated names: the uploaded name is kept in original_name, never used on disk.
    return f"appendices/{uuid.uuid4().hex}.pdf"


class PaperAppendix(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", "Text written here"
        PDF = "pdf", "Uploaded PDF"

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="free_appendices")
    # Place among the paper's own appendices, after the generated ones: lowest first.
    order = models.PositiveSmallIntegerField(default=1)
    # At most two lines above the first page of an uploaded PDF (papers/appended.py keeps room for two).
    title = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    body = models.TextField(blank=True)
    file = models.FileField(upload_to=appendix_path, max_length=200, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    size = models.PositiveIntegerField(default=0)
    page_count = models.PositiveIntegerField(default=0)
    # The uploaded pages wider than tall (numbered from 1): each is appended on a landscape page.
    landscape_pages = models.JSONField(default=list, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    history = HistoricalRecords()

    class Meta:
        ordering = ["paper", "order", "pk"]
        verbose_name = "paper appendix"
        verbose_name_plural = "paper appendices"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="text", file="") | (models.Q(kind="pdf") & ~models.Q(file="")),
                name="appendix_text_or_pdf_file",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.get_kind_display()})"
