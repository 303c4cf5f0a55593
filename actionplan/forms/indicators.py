"""Forms for a plan manager to record an indicator's targets and measured values.

A reason is required when changing a figure already recorded; services/indicators.py saves
the figure into the history with that reason (or a default one when adding).
"""

from __future__ import annotations

from django import forms
from django.utils import timezone

from actionplan.dates import uk_date
from actionplan.forms.dates import GovukDateField
from actionplan.forms.limits import LimitedText
from actionplan.forms.versions import Versioned
from actionplan.models import Indicator, IndicatorTarget, IndicatorValue
from actionplan.services.indicators import KIND_WORDS


class IndicatorFigureForm(Versioned, LimitedText, forms.ModelForm):
    reason = forms.CharField(
        label="Reason for the change",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the history, for example 'Q1 figures from the performance report'",
    )

    class Meta:
        fields = ["period", "period_end", "value", "note"]
        labels = {
            "period": "Period",
            "period_end": "Date the period ends",
            "value": "Figure",
            "note": "Note",
        }
        help_texts = {
            "period": "As the report writes it, for example 2006/07, Q1 2006/07 or Oct 05 – Feb 06",
            "period_end": "Used to put the figures in order and to match values to targets",
        }
        field_classes = {"period_end": GovukDateField}
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        # "Required" messages are raised in clean(): the templates' govuk_errors filter
        # rewrites a field's own "required" message into a generic "Enter <label>".
        error_messages = {
            "value": {
                "invalid": "Enter the figure as a number, for example 65 or 12.5",
                "max_digits": "Enter a figure with no more than 10 digits before the decimal point",
                "max_decimal_places": "Enter a figure with no more than 2 decimal places",
            },
        }

    kind = "values"

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.instance.indicator = indicator
        self.fields["period"].required = False
        self.fields["value"].localize = False
        # GOV.UK: a text input with a decimal keypad, not type="number" (which alters what is typed).
        self.fields["value"].widget = forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"})

    @property
    def word(self) -> str:
        return KIND_WORDS[self.kind]

    def clean_period_end(self):
        end = self.cleaned_data["period_end"]
        siblings = self._meta.model.objects.filter(indicator=self.indicator, period_end=end)
        if self.instance.pk:
            siblings = siblings.exclude(pk=self.instance.pk)
        if end and siblings.exists():
            raise forms.ValidationError(
                f"There is already a {self.word} for the period ending {uk_date(end)}: change that one instead"
            )
        return end

    def clean(self):
        data = super().clean()
        if not (data.get("period") or "").strip() and "period" not in self.errors:
            self.add_error("period", "Enter the period, for example 2006/07")
        if data.get("period_end") is None and "period_end" not in self.errors:
            self.add_error("period_end", "Enter the date the period ends")
        if self.instance.pk and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why this figure is being changed")
        if self.kind == "targets" and data.get("value") is None and "value" not in self.errors:
            self.add_error("value", "Enter the target as a number, for example 75")
        if self.kind == "values":
            if data.get("value") is None and not (data.get("note") or "").strip() and "value" not in self.errors:
                self.add_error("value", "Enter the figure, or a note saying why there is none")
            end = data.get("period_end")
            if end and end > timezone.localdate() and not data.get("forecast"):
                self.add_error(
                    "period_end",
                    "A measured value's period must have ended by today; for a figure to date, give today's date, "
                    "or tick that it is a forecast",
                )
        return data


class IndicatorValueForm(IndicatorFigureForm):
    kind = "values"

    class Meta(IndicatorFigureForm.Meta):
        model = IndicatorValue
        fields = [*IndicatorFigureForm.Meta.fields, "forecast"]
        labels = {**IndicatorFigureForm.Meta.labels, "forecast": "This figure is a forecast, not an outturn"}
        help_texts = {
            **IndicatorFigureForm.Meta.help_texts,
            "forecast": "Tick if the report gives the figure it expects for the period rather than one measured. "
            "Papers and charts show forecasts apart from outturns",
        }


class IndicatorTargetForm(IndicatorFigureForm):
    kind = "targets"

    class Meta(IndicatorFigureForm.Meta):
        model = IndicatorTarget
        labels = {**IndicatorFigureForm.Meta.labels, "value": "Target"}


FORMS = {"values": IndicatorValueForm, "targets": IndicatorTargetForm}
