"""Every free-text field of a form has a limit (`actionplan/limits.py`) and one wording when over it."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.core.validators import MaxLengthValidator
from django.forms.utils import pretty_name

from actionplan import limits


def is_free_text(field: forms.Field) -> bool:
    """Text a person types: a CharField shown as a text box or text area (not a password, not hidden)."""
    return (isinstance(field, forms.CharField) and not field.widget.is_hidden
            and isinstance(field.widget, forms.TextInput | forms.Textarea)
            and not isinstance(field.widget, forms.PasswordInput))


def limit(field: forms.Field, name: str, most: int | None = None) -> None:
    """Give a free-text field its limit: `most`, else the length of the column it is stored in, else
    limits.REASON. Django's own "Ensure this value has at most …" becomes "<label> must be N characters or
    fewer", and no maxlength attribute is sent (a browser would cut pasted text short without a word)."""
    if not is_free_text(field):
        return
    most = most or field.max_length or limits.REASON
    label = str(field.label or pretty_name(name))
    field.max_length = most
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators.append(MaxLengthValidator(most, message=limits.too_long(label, most)))
    field.widget.attrs.pop("maxlength", None)


class LimitedText:
    """Form mixin: after the form is built, every free-text field has its limit. `text_limits` names the
    fields whose limit is not the default (their column's length, else limits.REASON). A form that adds
    fields later calls `limit` for them."""

    text_limits: ClassVar[dict[str, int]] = {}
    fields: dict[str, forms.Field]
    _errors: dict | None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            limit(field, name, self.text_limits.get(name))

    def add_error(self, field, error):
        """One message a field, as GOV.UK asks: a text refused as too long is not also called missing by a
        check in `clean()` that finds it gone from cleaned_data."""
        if isinstance(field, str) and field in (self._errors or {}):
            return
        super().add_error(field, error)
