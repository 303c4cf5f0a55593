"""Review and sign-off: a reviewer's decision on a completion, and a plan's sign-off settings."""

from __future__ import annotations

from django import forms

from actionplan.forms.limits import LimitedText
from actionplan.forms.versions import version_field

ACCEPT, RETURN = "accept", "return"


class ReviewForm(LimitedText, forms.Form):
    version = version_field()
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[(ACCEPT, "Accept: the action is completed from today"),
                 (RETURN, "Return it to the lead: the action stays open")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to accept the completion or return it"},
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when you return it: say what is missing. The lead is emailed your comment.",
    )


class SignoffSettingsForm(LimitedText, forms.Form):
    version = version_field()
    needs_signoff = forms.BooleanField(
        label="Completing an action needs sign-off",
        required=False,
        help_text="A lead's completion waits for a plan manager or director to accept it; figures count the "
        "action completed from the day it is accepted.",
    )
    needs_evidence = forms.BooleanField(
        label="Completing an action needs evidence",
        required=False,
        help_text="A completion is refused unless the update, or the action already, has a file or a link.",
    )
    reason = forms.CharField(
        label="Reason for the change",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, agreed at the Action Plan Group on 2 June 2006. It goes into the plan's history.",
    )
