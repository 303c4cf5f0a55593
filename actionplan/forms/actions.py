"""The action lead's form: status, a dated progress note, evidence and the RAG.

The date matters only with a note: a status or RAG change alone is saved whatever the date boxes hold
(they start at today), and a note is never dated with a date the officer did not see.
"""

from __future__ import annotations

from django import forms

from actionplan import limits
from actionplan.forms.dates import GovukDateField
from actionplan.forms.limits import LimitedText
from actionplan.forms.versions import version_field
from actionplan.models import Evidence, Status
from actionplan.rag import scheme_choices
from actionplan.services.progress import NOTE_DATE


class ProgressForm(LimitedText, forms.Form):
    """What an action lead records: status, a dated note, evidence and the RAG."""

    text_limits = {"note_text": limits.PROGRESS_NOTE, "evidence_url": Evidence._meta.get_field("url").max_length}

    version = version_field()
    status = forms.ChoiceField(choices=[c for c in Status.choices if c[0] != Status.CANCELLED])
    note_date = GovukDateField(
        label=NOTE_DATE, required=False, past_only=True, help_text="The day the note speaks of; needed only with a note"
    )
    note_text = forms.CharField(
        label="What has been done",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A short note of what was done. Leave it blank to change only the status or RAG.",
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
        if not (data.get("note_text") or "").strip():
            # No note: the date is not used, so what its boxes hold can be nothing to refuse.
            self._errors.pop("note_date", None)
            data["note_date"] = None
        elif data.get("note_date") is None and "note_date" not in self._errors:
            self.add_error("note_date", "Enter the date the progress refers to")
        if data.get("evidence_file") and data.get("evidence_url"):
            self.add_error("evidence_url", "Give a file or a link, not both")
        return data
