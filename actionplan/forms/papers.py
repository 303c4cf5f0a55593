"""Forms for committee papers: create one from a type, and edit its sections."""

from __future__ import annotations

from django import forms

from actionplan import limits
from actionplan.forms.dates import AsAtField, GovukDateField, bind_plan, date_field
from actionplan.forms.limits import LimitedText, limit
from actionplan.forms.versions import Versioned, version_field
from actionplan.models import AreaOfActivity, Paper, PaperType, TimescaleGroup
from actionplan.papers import defaults
from actionplan.papers.contact import CONTACT_WORDING, wording_problem
from actionplan.papers.context import APPENDIX_TITLES
from actionplan.papers.generated import red_actions
from actionplan.rag import scheme_choices
from actionplan.selectors.due_by import Areas

AREA_LABEL = "Count as one area of activity"
AREA_CHOICES = [
    (AreaOfActivity.ACTIONS.value, "Actions"),
    (AreaOfActivity.RECOMMENDATIONS.value, "Recommendations: each counted once, from its actions due by the date"),
]
GROUP_HELP = "The due-by sentence can count one timescale group only"


def _plan_groups(plan):
    return TimescaleGroup.objects.filter(plan=plan).order_by("order", "name")

AS_AT_HELP = "The paper's figures are the plan as recorded at the end of this day"

KIND_HINTS = {
    Paper.Kind.CABINET_REPORT: "Purpose, Key Decision, Recommendations, numbered Considerations and the "
    "other sections of a Cabinet report, with appendices from the plan",
    Paper.Kind.SCRUTINY_NOTE: "A short covering report and the summary progress report: one row per "
    "recommendation with its RAG",
    Paper.Kind.EXCEPTIONS: "The overall status and each element that will miss its target timescale, with "
    "the revised date and why",
    Paper.Kind.ACTION_PLAN: "The whole plan as the 8-column table, landscape, with RAG",
}


class PaperCreateForm(LimitedText, forms.Form):
    kind = forms.ChoiceField(label="Type of paper", choices=Paper.Kind.choices, widget=forms.RadioSelect)
    meeting_date = date_field("Meeting date", "The meeting date", required=True)
    as_at = AsAtField(label="Figures as at", help_text=AS_AT_HELP)
    meeting_body = forms.CharField(
        label="Meeting", required=False, max_length=200,
        help_text="Leave blank for the meeting the plan's paper type of this kind names (see Paper types)",
    )
    title = forms.CharField(label="Title", required=False, max_length=300,
                            help_text="Leave blank to start from the type's usual title")
    fill_generated = forms.BooleanField(
        label="Fill the considerations from the plan as at that date",
        required=False, initial=True,
        help_text="The due-by sentence, the actions not on target and the indicator results; you can edit them",
    )
    due_by_area = forms.ChoiceField(
        label=AREA_LABEL, required=False, choices=AREA_CHOICES, widget=forms.RadioSelect,
        initial=AreaOfActivity.ACTIONS, help_text="For the due-by sentence",
    )
    due_by_group = forms.ModelChoiceField(
        label="Timescale", required=False, queryset=TimescaleGroup.objects.none(), empty_label="The whole plan",
        help_text=GROUP_HELP,
    )

    def __init__(self, *args, plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        self.fields["due_by_group"].queryset = _plan_groups(plan)
        self.fields["kind"].choices = [(k, label) for k, label in Paper.Kind.choices]
        self.fields["kind"].error_messages["required"] = "Select the type of paper"
        bind_plan(self, plan)

    def areas(self) -> Areas:
        data = self.cleaned_data
        group = data.get("due_by_group")
        return Areas(data.get("due_by_area") or AreaOfActivity.ACTIONS, group.pk if group else None)


def appendices_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="Appendices", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(k, APPENDIX_TITLES[k]) for k in Paper.Appendix.values],
    )


def red_actions_limit_field() -> forms.IntegerField:
    return forms.IntegerField(
        label="Actions not on target: how many to list", required=False, min_value=1, max_value=999,
        # GOV.UK: a text input with a numeric keyboard, not type="number".
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        help_text="For the 'Actions not on target' appendix. Leave blank to list every one; a number lists that "
        "many, those due longest ago, and says how many more are in the full action plan",
        error_messages={
            "invalid": "Actions not on target: how many to list must be a whole number, like 10",
            "min_value": "Actions not on target: how many to list must be 1 or more",
            "max_value": "Actions not on target: how many to list must be 999 or fewer",
        },
    )


CONTACT_WORDING_HELP = ("The sentence in the box at the foot of page 1. Write {name}, {title} and {phone} where the "
                        "contact officer's name, job title and telephone go. Leave blank for: " + CONTACT_WORDING)


def clean_wording(form) -> str:
    """Blank is the standard wording (the seeds'); anything else must say where the officer's details go."""
    wording = (form.cleaned_data.get("contact_wording") or "").strip() or CONTACT_WORDING
    problem = wording_problem(wording)
    if problem:
        raise forms.ValidationError(problem)
    return wording


class PaperForm(Versioned, LimitedText, forms.ModelForm):
    """A paper's sections. Which fields appear depends on its type; exceptions add one row per element."""

    text_limits = dict.fromkeys(defaults.ALL_SECTIONS, limits.PAPER_SECTION)

    appendices = appendices_field()
    as_at = AsAtField(label="Figures as at", help_text=AS_AT_HELP)
    red_actions_limit = red_actions_limit_field()
    pack_first_page = forms.IntegerField(
        label="Agenda pack page it starts on", required=False, min_value=1, max_value=9999,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        help_text="Optional. The footer of each page then also says its page of the agenda pack: a paper "
        "starting on page 11 has 'Page 12 of the agenda pack' on its second page",
        error_messages={
            "invalid": "Agenda pack page must be a whole number, like 11",
            "min_value": "Agenda pack page must be 1 or more",
            "max_value": "Agenda pack page must be 9999 or fewer",
        },
    )

    class Meta:
        model = Paper
        fields = [
            "title", "meeting_body", "meeting_date", "as_at", "portfolio", "wards_affected", "purpose",
            "key_decision", "recommendations", "reasons", "financial_implications", "considerations",
            "alternative_options", "risk_management", "consultees", "background_papers", "contact_name",
            "contact_title", "contact_phone", "contact_wording", "due_by", "due_by_area", "due_by_group",
            "overall_rag", "changes_since", "appendices", "red_actions_limit", "agenda_item", "pack_first_page",
        ]
        widgets = {
            "due_by_area": forms.RadioSelect,
            "key_decision": forms.RadioSelect(choices=[(True, "Yes, this is a Key Decision"),
                                                       (False, "No, this is not a Key Decision")]),
            **{name: forms.Textarea(attrs={"rows": 3}) for name in (
                "purpose", "recommendations", "reasons", "financial_implications", "alternative_options",
                "risk_management", "consultees", "background_papers")},
            "considerations": forms.Textarea(attrs={"rows": 14}),
        }
        field_classes = {"meeting_date": GovukDateField, "due_by": GovukDateField, "changes_since": GovukDateField}
        labels = {
            "title": "Title", "meeting_body": "Meeting",
            "portfolio": "Portfolio or programme area", "wards_affected": "Wards affected",
            "recommendations": "Recommendation(s)", "contact_name": "Contact officer's name",
            "contact_title": "Contact officer's job title", "contact_phone": "Contact officer's telephone",
            "due_by": "Count activity due by", "due_by_area": AREA_LABEL, "due_by_group": "Timescale",
            "overall_rag": "Overall status",
            "changes_since": "Changes since",
            "contact_wording": "Contact box wording", "agenda_item": "Agenda item number",
        }
        help_texts = {
            "considerations": "Numbered paragraphs: leave a blank line between paragraphs. Start a line with "
            "'- ' for a bullet",
            "due_by": "The date the due-by sentence counts to, for example the end of the month before the "
            "meeting",
            "due_by_group": GROUP_HELP,
            "overall_rag": "Leave as the plan's RAG unless the board has given another",
            "changes_since": "Leave blank to count changes from the last issued paper to the same meeting (else "
            "the plan's last issued paper). A date here is used instead",
            "contact_wording": CONTACT_WORDING_HELP,
            "agenda_item": "Optional. The running header then says 'Agenda item' and this number",
        }

    def __init__(self, *args, snapshot=None, **kwargs):
        super().__init__(*args, **kwargs)
        paper = self.instance
        ptype = defaults.paper_type(paper.kind)
        keep = {"version", "title", "meeting_body", "meeting_date", "as_at", "appendices", "changes_since",
                "red_actions_limit", "agenda_item", "pack_first_page", *ptype.sections}
        if paper.kind == Paper.Kind.CABINET_REPORT:
            keep |= {"portfolio", "wards_affected"}
        if paper.kind != Paper.Kind.ACTION_PLAN:
            keep |= {*defaults.CONTACT, "contact_wording"}
        if "considerations" in ptype.sections and paper.kind != Paper.Kind.EXCEPTIONS:
            keep |= {"due_by", "due_by_area", "due_by_group"}
        if paper.kind == Paper.Kind.EXCEPTIONS:
            keep.add("overall_rag")
            self.fields["overall_rag"].choices = [("", "The plan's RAG as at the date")] + scheme_choices()
            self.fields["considerations"].label = "Overview"
            self.fields["considerations"].help_text = "Paragraphs: leave a blank line between them"
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "key_decision" in self.fields:
            self.fields["key_decision"] = forms.TypedChoiceField(
                label="Key Decision", coerce=lambda v: v in (True, "True", "true", "1"),
                choices=[("True", "Yes, this is a Key Decision"), ("False", "No, this is not a Key Decision")],
                widget=forms.RadioSelect, initial=str(paper.key_decision),
            )
        self.fields["appendices"].initial = paper.appendices
        if "due_by_group" in self.fields:
            self.fields["due_by_group"].queryset = _plan_groups(paper.plan)
            self.fields["due_by_group"].empty_label = "The whole plan"
        if "due_by_area" in self.fields:
            self.fields["due_by_area"].choices = AREA_CHOICES
            self.fields["due_by_area"].required = False  # blank keeps the default: actions
        if "contact_wording" in self.fields:
            self.fields["contact_wording"].required = False  # blank: the standard wording (clean_wording)
        bind_plan(self, paper.plan)
        self.exception_rows = []
        if paper.kind == Paper.Kind.EXCEPTIONS and snapshot is not None:
            self._add_exception_fields(snapshot)

    def _add_exception_fields(self, snapshot):
        """One row per candidate element: those the paper lists, then every other action now Red."""
        actions = {a.id: (r, a) for r in snapshot.recommendations for a in r.actions}
        chosen = {item.get("action_id"): item for item in self.instance.exceptions or []}
        order = list(chosen) + [a.id for _, a in red_actions(snapshot) if a.id not in chosen]
        for action_id in order:
            rec, action = actions.get(action_id, (None, None))
            item = chosen.get(action_id, {})
            latest = action.notes[0].text if action and action.notes else ""
            ref = item.get("reference") or (action.reference if action else "?")
            prefix = f"exc_{action_id}"
            self.fields[f"{prefix}_include"] = forms.BooleanField(
                label=f"Include {ref} in the report", required=False, initial=action_id in chosen
            )
            self.fields[f"{prefix}_revised"] = forms.CharField(
                label=f"Revised date for {ref}", required=False, max_length=100,
                initial=item.get("revised", ""), help_text="As the board expects it, for example May 2007",
            )
            self.fields[f"{prefix}_why"] = forms.CharField(
                label=f"Why {ref} will miss its target", required=False,
                widget=forms.Textarea(attrs={"rows": 2}), initial=item.get("why", latest),
            )
            limit(self.fields[f"{prefix}_revised"], f"{prefix}_revised")
            limit(self.fields[f"{prefix}_why"], f"{prefix}_why", limits.PROGRESS_NOTE)  # starts as the latest note
            self.exception_rows.append(
                {"action_id": action_id, "reference": ref, "action": action, "recommendation": rec,
                 "include": self[f"{prefix}_include"], "revised": self[f"{prefix}_revised"],
                 "why": self[f"{prefix}_why"]}
            )

    def clean_contact_wording(self):
        return clean_wording(self)

    def clean_due_by_area(self):
        return self.cleaned_data.get("due_by_area") or AreaOfActivity.ACTIONS

    def clean(self):
        data = super().clean()
        if self.exception_rows:
            data["exceptions"] = [
                {
                    "action_id": row["action_id"],
                    "reference": row["reference"],
                    "revised": (data.get(f"exc_{row['action_id']}_revised") or "").strip(),
                    "why": (data.get(f"exc_{row['action_id']}_why") or "").strip(),
                }
                for row in self.exception_rows
                if data.get(f"exc_{row['action_id']}_include")
            ]
        return data

    def changes(self) -> dict:
        """The cleaned values the services apply (model fields only)."""
        data = self.cleaned_data
        out = {name: data[name] for name in self.fields
               if name in data and not name.startswith("exc_") and name != "version"}
        if self.exception_rows:
            out["exceptions"] = data["exceptions"]
        return out

    @property
    def section_fields(self):
        return [self[name] for name in self.fields if not name.startswith("exc_") and name != "version"]


class PaperPublishForm(LimitedText, forms.Form):
    """Publish an issued paper (readable without signing in) or withdraw it, saying why: kept in its history."""

    version = version_field()
    why = forms.CharField(label="Why", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, publishing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        why = self.fields["why"]
        if publishing:
            why.label = "Why publish it now"
            why.help_text = "For example: agenda published for the meeting. Kept in the paper's history."
            why.error_messages["required"] = "Say why the paper is being published"
        else:
            why.label = "Why withdraw it"
            why.help_text = "For example: contains personal data; replaced by version 2. Kept in the paper's history."
            why.error_messages["required"] = "Say why the paper is being withdrawn"


class PaperTypeForm(Versioned, LimitedText, forms.ModelForm):
    """What a new paper of one kind starts from, for one plan."""

    appendices = appendices_field()
    red_actions_limit = red_actions_limit_field()

    class Meta:
        model = PaperType
        fields = ["title", "meeting_body", "portfolio", "contact_wording", "contact_name", "contact_title",
                  "contact_phone", "appendices", "red_actions_limit"]
        labels = {
            "title": "Title", "meeting_body": "Meeting", "portfolio": "Portfolio or programme area",
            "contact_wording": "Contact box wording", "contact_name": "Contact officer's name",
            "contact_title": "Contact officer's job title", "contact_phone": "Contact officer's telephone",
        }
        help_texts = {
            "title": "The title a new paper of this type starts with",
            "meeting_body": "The meeting a new paper of this type goes to, for example Cabinet",
            "contact_wording": CONTACT_WORDING_HELP,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appendices"].initial = self.instance.appendices
        self.fields["appendices"].help_text = "Ticked on a new paper of this type; the clerk can still change them"
        self.fields["contact_wording"].required = False  # blank: the standard wording (clean_wording)
        if self.instance.kind == Paper.Kind.ACTION_PLAN:  # the full action plan prints no contact box
            for name in ("contact_wording", *defaults.CONTACT):
                del self.fields[name]
        if self.instance.kind != Paper.Kind.CABINET_REPORT:
            del self.fields["portfolio"]

    def clean_contact_wording(self):
        return clean_wording(self)

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}
