"""The directors' pages' forms: read from the query string, so every view of the plan is a link.

A date the plan cannot be shown at (not a date, in the future, before the plan began) is named
beside its box by the as-at field; nothing here reaches the selectors unchecked.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone

from actionplan.forms.dates import AsAtField, bind_plan, date_field
from actionplan.models import AreaOfActivity, Plan, Status, TimescaleGroup
from actionplan.rag import scheme_choices
from actionplan.selectors.attention import list_headings
from actionplan.selectors.drilldown import UPDATES
from actionplan.selectors.due_by import OUTCOMES, Areas

AREA_CHOICES = [
    (AreaOfActivity.ACTIONS.value, "Actions"),
    (AreaOfActivity.RECOMMENDATIONS.value, "Recommendations: each counted once, from its actions due by the date"),
]


def plan_groups(plan: Plan) -> list[tuple[int, str]]:
    """The plan's timescale groups (id, name) in their order."""
    return list(TimescaleGroup.objects.filter(plan=plan).order_by("order", "name").values_list("id", "name"))


class _PlanDatesForm(forms.Form):
    def __init__(self, data, *, plan: Plan):
        super().__init__(data)
        self.plan = plan
        bind_plan(self, plan)


class AsAtForm(_PlanDatesForm):
    as_at = AsAtField(
        label="Show the plan as at", required=False,
        help_text="The figures the system held at the end of this day",
    )
    due_by = date_field(
        "Count the activity due by", "The due-by date", help_text="For example the end of a quarter"
    )
    area = forms.ChoiceField(
        label="Count as one area of activity", required=False, choices=AREA_CHOICES, widget=forms.RadioSelect
    )
    group = forms.IntegerField(label="Timescale to count", required=False, min_value=1, widget=forms.Select)

    def offer_groups(self, groups: list[tuple[int, str]]) -> None:
        """The timescale select's options, from groups the page has read already (no query of its own);
        a group that is not among them is named beside the select."""
        self.fields["group"].widget.choices = [("", "The whole plan"), *groups]
        chosen = getattr(self, "cleaned_data", {}).get("group")
        if chosen is not None and chosen not in dict(groups):
            self.add_error("group", "Select one of the plan's timescale groups")

    def areas(self) -> Areas:
        """What the due-by sentence counts (valid forms only)."""
        data = self.cleaned_data
        return Areas(data.get("area") or AreaOfActivity.ACTIONS, data.get("group"))


class CellForm(AsAtForm):
    """Which figure's actions to list (the query string of every figure's link)."""

    rag = forms.ChoiceField(required=False, choices=[("", "")])
    status = forms.ChoiceField(required=False, choices=[("", ""), *Status.choices])
    live = forms.BooleanField(required=False)
    completed = forms.BooleanField(required=False)
    list = forms.ChoiceField(required=False, choices=lambda: [("", ""), *list_headings().items()])
    rec = forms.IntegerField(required=False, min_value=1)
    group = forms.IntegerField(required=False, min_value=1)
    lead = forms.IntegerField(required=False, min_value=1)
    outcome = forms.ChoiceField(required=False, choices=[("", ""), *OUTCOMES.items()])
    update = forms.ChoiceField(required=False, choices=[("", ""), *UPDATES.items()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rag"].choices = [("", ""), *scheme_choices()]


class ChangesForm(_PlanDatesForm):
    to = AsAtField(label="To", what="'to' date", required=False, help_text="Leave blank for today")

    def clean(self):
        data = super().clean()
        since, until = data.get("from"), data.get("to") or timezone.localdate()
        if since and until and since >= until:
            self.add_error("from", "The 'from' date must be before the 'to' date")
        return data


# "from" is a Python keyword, so the field is added by name; it leads the form.
ChangesForm.base_fields = {
    "from": AsAtField(
        label="From", what="'from' date", required=False,
        help_text="Changes recorded after the end of this day",
    ),
    **ChangesForm.base_fields,
}


class PortfolioForm(forms.Form):
    """The portfolio's as-at date, held to the as-at rule against the plan that began first (a later
    plan shows nothing before it began)."""

    as_at = AsAtField(label="Show the portfolio as at", required=False,
                      help_text="The figures the system held at the end of this day")

    def __init__(self, data, *, first_plan: Plan | None):
        super().__init__(data)
        if first_plan is not None:
            bind_plan(self, first_plan)
        else:
            self.fields["as_at"].disabled = True  # no plan yet: nothing to show at any date
