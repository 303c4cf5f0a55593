"""Dates typed into forms: read one way everywhere, and an as-at date held to the one as-at rule.

Dates are read as YYYY-MM-DD only: the GOV.UK date box (type="date") sends that, and the pages
that take a date in their address (dashboard, changes, export) are shared as links, so a link
means the same day to everyone.
"""

from __future__ import annotations

from django import forms

from actionplan.asat import AsAtError, check_as_at

ISO = "%Y-%m-%d"
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format=ISO)


def _invalid(what: str) -> str:
    return f"Enter the {what} as a real date in the form YYYY-MM-DD, for example 2006-05-19"


def date_field(label: str, what: str, *, help_text: str = "", required: bool = False) -> forms.DateField:
    """A plain date (no as-at rule), named in words when it is not a date."""
    return forms.DateField(
        label=label, required=required, help_text=help_text, widget=DATE_INPUT, input_formats=[ISO],
        error_messages={"invalid": _invalid(what)},
    )


class AsAtField(forms.DateField):
    """A day to show the plan at: read like every date, then checked by the one as-at rule.

    The rule needs the plan, which a field cannot see: the form hands it over with bind_plan().
    """

    def __init__(self, *, what: str = "as-at date", **kwargs):
        kwargs.setdefault("widget", DATE_INPUT)
        kwargs.setdefault("input_formats", [ISO])
        kwargs["error_messages"] = {"invalid": _invalid(what), **kwargs.get("error_messages", {})}
        super().__init__(**kwargs)
        self.plan = None

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.plan is None:
            raise RuntimeError("an AsAtField needs its form to call bind_plan() first")
        try:
            check_as_at(self.plan, value)
        except AsAtError as e:
            raise forms.ValidationError(str(e), code="as_at") from None


def bind_plan(form: forms.BaseForm, plan) -> None:
    """Give each as-at field of this form (its own copies of the fields) the plan to check against."""
    for field in form.fields.values():
        if isinstance(field, AsAtField):
            field.plan = plan
