"""A plan manager's forms for the plan's structure (actions, recommendations) and a director's RAG."""

from __future__ import annotations

from django import forms

from actionplan import limits
from actionplan.forms.dates import date_field
from actionplan.forms.limits import LimitedText
from actionplan.forms.versions import Versioned, version_field
from actionplan.models import Action, Person, Recommendation, TimescaleGroup
from actionplan.rag import scheme_choices


class ActionForm(Versioned, LimitedText, forms.ModelForm):
    """A plan manager's edit of an action's structure: words, leads, dates, partners."""

    text_limits = dict.fromkeys(("description", "partners", "capacity", "success_criteria"), limits.ACTION_TEXT)

    leads = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave empty for 'no lead yet'",
    )
    reason = forms.CharField(
        label="Reason for the change",
        required=False,
        help_text="Recorded in the history, for example 'Agreed at the Action Plan Group on 7 March'",
    )
    class Meta:
        model = Action
        fields = ["description", "lead_text", "by_when_text", "partners", "capacity", "success_criteria"]
        labels = {"description": "Action to be taken", "lead_text": "Lead as written", "by_when_text": "By when"}
        help_texts = {
            "lead_text": "As it should appear in papers, for example 'SF (ISM)' or 'HL to sign off'",
            "by_when_text": "In words, as written: 'End Feb 06', 'Jan – Mar 06', 'From Apr 06', 'tbc'",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.Textarea(attrs={"rows": 2}),
            "capacity": forms.Textarea(attrs={"rows": 2}),
            "success_criteria": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leads"].queryset = Person.objects.filter(plan=plan).order_by("initials")
        self.fields["leads"].label_from_instance = lambda p: f"{p.initials} – {p.name or 'name not known'}"
        if self.instance.pk:
            self.fields["leads"].initial = [lead.person_id for lead in self.instance.leads.all()]

    def clean_description(self):
        text = self.cleaned_data["description"].strip()
        if not text:
            raise forms.ValidationError("Enter the action to be taken")
        return text


class RecommendationForm(Versioned, LimitedText, forms.ModelForm):
    text_limits = {"text": limits.RECOMMENDATION_TEXT}
    reason = forms.CharField(label="Reason for the change", required=False)

    class Meta:
        model = Recommendation
        fields = ["number", "text", "group"]
        labels = {"text": "Recommendation", "group": "Timescale group"}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["group"].queryset = TimescaleGroup.objects.filter(plan=plan)

    def clean_number(self):
        number = self.cleaned_data["number"]
        clash = Recommendation.objects.filter(plan=self.plan, number=number).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"Recommendation {number} already exists in this plan")
        return number


class RecommendationRagForm(LimitedText, forms.Form):
    """A director's recommendation-level RAG and dated summary narrative."""

    text_limits = {"summary": limits.SUMMARY}

    version = version_field()
    rag = forms.ChoiceField(label="RAG rating", widget=forms.RadioSelect, required=False)
    reason = forms.CharField(label="Reason", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    summary_date = date_field("Date of the summary", "The date of the summary")
    summary = forms.CharField(label="Summary of progress", required=False, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, suggested_rag=None, **kwargs):
        super().__init__(*args, **kwargs)
        label = dict(scheme_choices()).get(suggested_rag, "none")
        self.fields["rag"].choices = [("", f"Use the RAG of its actions ({label})")] + scheme_choices()
        self.fields["rag"].help_text = (
            f"Choosing {label}, the RAG its actions suggest, sets nothing by hand: the recommendation then follows "
            "its actions. A summary written here carries the RAG chosen."
            if suggested_rag else "A summary written here carries the RAG chosen."
        )
        self.suggested_rag = suggested_rag

    def clean(self):
        data = super().clean()
        rag = data.get("rag")
        if rag and rag != self.suggested_rag and not (data.get("reason") or "").strip():
            self.add_error("reason", "Give a reason for setting a RAG other than that of its actions")
        if (data.get("summary") or "").strip() and not data.get("summary_date"):
            self.add_error("summary_date", "Enter the date the summary speaks of")
        return data
