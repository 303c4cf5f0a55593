"""The action lead's form: status, a dated progress note, evidence and the RAG."""

from __future__ import annotations

from django import forms

from actionplan import limits
from actionplan.forms.dates import DATE_INPUT
from actionplan.forms.limits import LimitedText
from actionplan.models import Evidence, Status
from actionplan.rag import scheme_choices


class ProgressForm(LimitedText, forms.Form):
    """What an action lead records: status, a dated note, evidence and the RAG."""

    text_limits = {"note_text": limits.PROGRESS_NOTE, "evidence_url": Evidence._meta.get_field("url").max_length}

    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=[c for c in Status.choices if c[0] != Status.CANCELLED])
    note_date = forms.DateField(
        label="Date the progress refers to", required=False, widget=DATE_INPUT, help_text="For example, 19 May 2006"
    )
    note_text = forms.CharField(
        label="What has been done",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A short note: what was done, and when. Leave blank to change only the status or RAG.",
    )
    evidence_file = forms.FileField(
        label="Evidence",
        required=False,
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument, image or text file",
    )
    evidence_url = forms.URLField(label="Or a link to the evidence", required=False, assume_scheme="https")
    rag = forms.ChoiceField(label="RAG rating", widget=forms.RadioSelect)
    rag_reason = forms.CharField(
        label="Reason for choosing a different RAG",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed only when you choose a RAG other than the suggested one",
    )

    def __init__(self, *args, suggested_rag: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        label = dict(scheme_choices()).get(suggested_rag, "none")
        self.fields["rag"].choices = [("", f"Use the suggested RAG ({label})")] + scheme_choices()
        self.fields["rag"].required = False

    def clean(self):
        data = super().clean()
        if data.get("note_date") and not (data.get("note_text") or "").strip():
            self.add_error("note_text", "Enter what was done on that date")
        if data.get("evidence_file") and data.get("evidence_url"):
            self.add_error("evidence_url", "Give a file or a link, not both")
        return data
