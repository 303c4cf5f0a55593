"""Excel from the browser: the as-at date of a plan's export, and the workbook to import."""

from __future__ import annotations

from django import forms

from actionplan.excel.read.files import max_bytes, size_text
from actionplan.forms.dates import AsAtField, bind_plan


class PlanExportForm(forms.Form):
    """?as_at=YYYY-MM-DD on the export link: the plan as it stood at the end of that day (blank: now)."""

    as_at = AsAtField(required=False)

    def __init__(self, data, *, plan):
        super().__init__(data)
        bind_plan(self, plan)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Workbook",
        help_text="An Excel workbook (.xlsx): one exported from here, or your own with the columns "
        "Recommendation, Action to be taken, Lead, By when, Progress to date, People/Partners, "
        "Additional capacity requirement, Target/Success criteria",
    )
    slug = forms.SlugField(
        label="Plan reference",
        required=False,
        help_text="Letters, numbers and hyphens, e.g. herefordshire-jar-2006. Leave blank to use the "
        "reference on the workbook's About sheet. A reference no plan has yet makes a new plan.",
    )
    create_people = forms.BooleanField(
        label="Add leads whose initials are not in the plan yet (with no name, to fill in later)",
        required=False,
    )

    def __init__(self, *args, new_plan: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not new_plan:
            del self.fields["slug"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                f"The file is {size_text(upload.size)}; a workbook must be {size_text(max_bytes())} or smaller"
            )
        return upload
