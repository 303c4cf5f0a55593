"""Forms for the appendices a clerk adds to a paper: text written in a textarea, or an uploaded PDF."""

from __future__ import annotations

from django import forms

from actionplan import limits
from actionplan.forms.limits import LimitedText
from actionplan.forms.versions import Versioned
from actionplan.models import PaperAppendix
from actionplan.papers.appended import AppendedPdfError, CheckedPdf, check_pdf
from actionplan.papers.richtext import HINT, to_plain

TITLE_HINT = "Printed as 'Appendix N: title'; for example, Performance management report: staffing"
ORDER_HINT = ("Where this appendix goes among those you add, lowest first. They follow the appendices made "
              "from the plan")


def _order_field() -> forms.IntegerField:
    return forms.IntegerField(
        label="Order", min_value=1, max_value=99, initial=1, help_text=ORDER_HINT,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": "Enter the order, like 1", "invalid": "Order must be a whole number, like 1",
                        "min_value": "Order must be 1 or more", "max_value": "Order must be 99 or fewer"},
    )


class AppendixTextForm(Versioned, LimitedText, forms.ModelForm):
    """A text appendix: title, place and the clerk's text (papers/richtext.py's convention)."""

    text_limits = {"body": limits.APPENDIX_TEXT}
    order = _order_field()

    class Meta:
        model = PaperAppendix
        fields = ["title", "order", "body"]
        labels = {"body": "Text of the appendix"}
        help_texts = {"title": TITLE_HINT, "body": HINT}
        widgets = {"body": forms.Textarea(attrs={"rows": 20, "spellcheck": "true"})}
        error_messages = {"title": {"required": "Enter the appendix's title"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].required = True
        self.fields["body"].error_messages["required"] = "Enter the text of the appendix"

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not to_plain(body):
            raise forms.ValidationError("The text of the appendix has nothing left to print once scripts and "
                                        "markup are removed: enter the text itself", code="nothing_left")
        return body


class AppendixPdfForm(LimitedText, forms.Form):
    """A new PDF appendix: title, place and the file (checked by its bytes: papers/appended.py)."""

    title = forms.CharField(label="Title", max_length=120, help_text=TITLE_HINT,
                            error_messages={"required": "Enter the appendix's title"})
    order = _order_field()
    file = forms.FileField(
        label="PDF file", help_text=f"A PDF of {limits.APPENDIX_PDF_BYTES // 1048576} MB or smaller, "
        f"{limits.APPENDIX_PDF_PAGES} pages at most, not protected by a password",
        error_messages={"required": "Select a PDF file", "empty": "The selected file is empty"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > limits.APPENDIX_PDF_BYTES:  # refused before reading it all
            raise forms.ValidationError(
                f"The file is {upload.size / 1048576:.1f} MB; an appendix must be "
                f"{limits.APPENDIX_PDF_BYTES // 1048576} MB or smaller", code="too_big")
        upload.seek(0)
        data = upload.read()
        try:
            self.checked: CheckedPdf = check_pdf(data)
        except AppendedPdfError as e:
            raise forms.ValidationError(str(e), code="not_appendable") from None
        self.data_bytes = data
        return upload


class AppendixPdfEditForm(Versioned, LimitedText, forms.ModelForm):
    """An uploaded appendix's title and place (to change the file, remove it and upload another)."""

    order = _order_field()

    class Meta:
        model = PaperAppendix
        fields = ["title", "order"]
        help_texts = {"title": TITLE_HINT}
        error_messages = {"title": {"required": "Enter the appendix's title"}}
