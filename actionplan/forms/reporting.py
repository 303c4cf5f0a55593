"""A plan manager's reporting calendar: the regular meeting, the named dates, and the returns page's
choice of round and as-at date."""

from __future__ import annotations

from django import forms

from actionplan.forms.dates import AsAtField, bind_plan, date_field
from actionplan.forms.limits import LimitedText
from actionplan.forms.versions import Versioned
from actionplan.models import NoticePreference, ReportingCalendar
from actionplan.rounds import Interval, ReturnState


class CalendarForm(Versioned, LimitedText, forms.ModelForm):
    class Meta:
        model = ReportingCalendar
        fields = ["interval", "interval_name", "first_date", "deadline_working_days"]
        labels = {
            "interval": "How often the regular meeting meets",
            "interval_name": "Name of the regular meeting",
            "first_date": "Date of its first meeting",
            "deadline_working_days": "Returns are due this many working days before each report",
        }
        help_texts = {
            "interval_name": "For example 'Action Plan Group'",
            "first_date": "Monthly meetings keep this day of the month",
            "deadline_working_days": "Monday to Friday are counted; bank holidays are not known. "
            "A named meeting may give its own date instead",
        }
        widgets = {"interval": forms.RadioSelect}

    first_date = date_field("Date of its first meeting", "The date of the first meeting",
                            help_text="Monthly meetings keep this day of the month")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interval"].choices = Interval.choices
        self.fields["deadline_working_days"].widget.attrs.update({"min": 0, "max": 30})

    def clean_deadline_working_days(self):
        days = self.cleaned_data["deadline_working_days"]
        if days is None or not 0 <= days <= 30:
            raise forms.ValidationError("Enter a number of working days from 0 to 30")
        return days

    def clean(self):
        data = super().clean()
        if data.get("interval") and data["interval"] != Interval.NONE:
            if not data.get("first_date") and "first_date" not in self.errors:
                self.add_error("first_date", "Enter the date of the regular meeting's first meeting")
            if not (data.get("interval_name") or "").strip():
                self.add_error("interval_name", "Enter the name of the regular meeting, for example Action Plan Group")
        return data


class ReportingDateForm(LimitedText, forms.Form):
    name = forms.CharField(
        label="Meeting", max_length=200, help_text="For example 'Children's Services Scrutiny Committee'",
        error_messages={"required": "Enter the name of the meeting"},
    )
    meets_on = date_field("Date of the meeting", "The date of the meeting", required=True)
    report_on = date_field(
        "Date the report is drawn up as at", "The date the report is drawn up as at",
        help_text="Leave empty when the report is as at the meeting itself",
    )
    deadline = date_field(
        "Returns due by", "The date returns are due by",
        help_text="Leave empty for the calendar's number of working days before the report",
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter the name of the meeting")
        return name

    def clean(self):
        data = super().clean()
        meets_on, report_on, deadline = data.get("meets_on"), data.get("report_on"), data.get("deadline")
        if meets_on and report_on and report_on > meets_on:
            self.add_error("report_on", "The report must be drawn up on or before the day of the meeting")
        if meets_on and deadline and deadline > (report_on or meets_on):
            self.add_error("deadline", "Returns must be due on or before the day the report is drawn up")
        return data


class ReturnsForm(forms.Form):
    """The returns page: which round, as at which day, which returns."""

    round = forms.ChoiceField(label="Round", required=False)
    as_at = AsAtField(label="As at", required=False)
    state = forms.ChoiceField(
        label="Show", required=False, choices=[("", "All returns"), *ReturnState.choices],
    )

    def __init__(self, *args, plan, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        bind_plan(self, plan)
        self.fields["round"].choices = [("", "The round in focus")] + [(r.key, r.label) for r in rounds]



class NoticePreferenceForm(Versioned, forms.ModelForm):
    class Meta:
        model = NoticePreference
        fields = ["actions_digest", "plan_digest"]
        labels = {
            "actions_digest": "My actions: due today, due in the next 7 days, and overdue",
            "plan_digest": "Plan managers: returns outstanding by lead, and the leads who cannot be reminded",
        }
