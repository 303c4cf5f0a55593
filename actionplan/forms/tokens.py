"""The form that makes a personal access token (views/tokens.py)."""

from django import forms

from actionplan.forms.dates import GovukDateField
from actionplan.models.token import NAME_MAX


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=NAME_MAX,
        help_text="What the token is for, such as \u201cPower BI dashboard\u201d. It is shown in the history of "
                  "every change made with it.",
        error_messages={"required": "Enter a name for the token",
                        "max_length": f"Name must be {NAME_MAX} characters or fewer"},
    )
    expires_on = GovukDateField(
        label="Expiry date", required=False, example="31 3 2027",
        help_text="The token stops working at the end of this day. Leave it blank for a token that works until "
                  "you revoke it.",
    )
