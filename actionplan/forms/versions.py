"""Every form that changes something already saved sends back the version it was opened at
(services/versions.py: the rule, and what a version is). Without it a save could silently undo someone
else's change, so a form sent without it, or with one that is not a number, is refused and nothing saved."""

from __future__ import annotations

from django import forms

from actionplan.services.versions import current_version

MISSING = ("This page was sent without the version of the record it was opened on, so saving it could undo "
           "someone else's change: nothing has been saved. Open the page again and make your change there.")
LABEL = "Version of the record"


def version_field() -> forms.IntegerField:
    """The hidden, required `version` field of a form that changes a saved record."""
    return forms.IntegerField(label=LABEL, widget=forms.HiddenInput, min_value=0,
                              error_messages={"required": MISSING, "invalid": MISSING, "min_value": MISSING})


def reopened(form, current):
    """After a stale save: the same form, what was typed kept, moved onto `current`'s version so saving
    again applies it on top of the other person's change."""
    form.data = form.data.copy()
    form.data["version"] = current_version(current)
    return form


class Versioned:
    """ModelForm mixin: editing a saved instance, the form has a required `version` field set from it
    (adding a new one, there is nothing to lock and no field)."""

    fields: dict[str, forms.Field]
    instance: object

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("version", None)
        if getattr(self.instance, "pk", None):
            self.fields["version"] = version_field()
            self.fields["version"].initial = current_version(self.instance)
