"""Error messages in this service's words: the one place that turns a framework's generic message
("This field is required.", "Enter a valid URL.", "Ensure this value has at most 200 characters")
into the GOV.UK Design System's wording, named by the field's label ("Enter the meeting",
"Enter a link in the correct format, like https://www.example.com", "Meeting must be 200
characters or fewer").

A message a form or service wrote itself is kept as written (only a leading "Please " is dropped):
it is recognised by its code, or, for the codes fields share with Django (required, invalid…), by
differing from the field's default. Pages show errors only through `field_messages` and
`form_messages` (the templates' `govuk_errors` filter and error summary).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from actionplan.limits import too_long

CHOOSING = (forms.CheckboxSelectMultiple, forms.RadioSelect, forms.CheckboxInput, forms.Select, forms.FileInput)
# Codes only Django's models and auth forms use: their messages are always the framework's.
FRAMEWORK_CODES = {
    "null_characters_not_allowed", "unique", "unique_together", "blank", "null",
    "invalid_login", "inactive", "password_incorrect", "password_mismatch", "password_too_short",
    "password_too_similar", "password_too_common", "password_entirely_numeric",
}
# Codes of Django's limit validators, whose own messages all begin "Ensure …" (forms/limits.py gives text
# fields a message of its own, kept as written).
LIMIT_CODES = {"max_length", "min_length", "max_value", "min_value", "step_size", "max_digits",
               "max_decimal_places", "max_whole_digits"}
CHOICE_CODES = {"invalid_choice", "invalid_pk_value", "invalid_list"}
SAME_EVERYWHERE = {
    "invalid_login": "Enter a correct username and password (both are case-sensitive)",
    "inactive": "This account cannot sign in: ask a plan manager to restore it",
    "password_incorrect": "Your old password is not right: enter it again",
    "password_mismatch": "The two new passwords do not match: enter the same password in both boxes",
    "password_too_common": "Your new password is too common: choose one that is harder to guess",
    "password_entirely_numeric": "Your new password must include a letter or a symbol, not only numbers",
    "empty": "The selected file is empty",
    "contradiction": "Select a file or tick the box to remove the file, not both",
}


def lower_first(text: str) -> str:
    """ "Meeting date" -> "meeting date", but "RAG rating" stays as it is."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def is_choosing(field: forms.Field | None) -> bool:
    """Whether a person answers the field by choosing (radios, a select, a box to tick, a file)."""
    return field is not None and isinstance(field.widget, CHOOSING)


def _text(error: ValidationError) -> str:
    return str(next(iter(error)))


def _defaults(field: forms.Field, code: str) -> set[str]:
    """The framework's messages for `code` on this field: its class's, and its validators' (a slug or an
    email address is refused by a validator, in the validator's words)."""
    found = set()
    for cls in type(field).__mro__:
        message = getattr(cls, "default_error_messages", {}).get(code)
        if message is not None:
            found.add(str(message))
            break
    for validator in field.validators:
        if getattr(validator, "code", None) == code and getattr(validator, "message", None) is not None:
            found.add(str(validator.message))
    return found


def is_framework(error: ValidationError, field: forms.Field | None) -> bool:
    """Whether the message is the framework's own rather than one this service wrote."""
    if error.code in FRAMEWORK_CODES:
        return True
    if error.code in LIMIT_CODES:
        return str(error.message).startswith("Ensure ")
    if field is None or not error.code:
        return False
    return str(error.message) in _defaults(field, error.code)


def _invalid(field: forms.Field, label: str) -> str:
    if isinstance(field, forms.URLField):
        return "Enter a link in the correct format, like https://www.example.com"
    if isinstance(field, forms.EmailField):
        return "Enter an email address in the correct format, like name@example.com"
    if isinstance(field, forms.IntegerField):
        return f"{label} must be a whole number"
    if isinstance(field, forms.DecimalField | forms.FloatField):
        return f"{label} must be a number"
    if isinstance(field, forms.SlugField):
        return f"{label} must only include letters a to z, numbers, hyphens and underscores"
    if isinstance(field, forms.DateField):
        return f"{label} must be a real date"
    if isinstance(field, forms.FileField):
        return "The file could not be uploaded: select it again"
    return f"Enter {lower_first(label)} in the correct format"


def _limits(code: str, label: str, params: dict) -> str | None:
    limit = params.get("limit_value", params.get("max"))
    return {
        "max_length": too_long(label, limit) if isinstance(limit, int) else None,
        "min_length": f"{label} must be {limit} characters or more",
        "max_value": f"{label} must be {limit} or less",
        "min_value": f"{label} must be {limit} or more",
        "step_size": f"{label} must be a multiple of {limit}",
        "max_digits": f"{label} must have no more than {limit} digits",
        "max_decimal_places": f"{label} must have no more than {limit} decimal places",
        "max_whole_digits": f"{label} must have no more than {limit} digits before the decimal point",
        "password_too_short": f"Your new password must be {params.get('min_length')} characters or more",
        "password_too_similar": f"Your new password is too like your {params.get('verbose_name', 'details')}",
    }.get(code)


def plain(error: ValidationError, field: forms.Field | None = None, label: str = "") -> str:
    """One error in the service's words; `field` and `label` name the question it belongs to."""
    text = _text(error)
    if not is_framework(error, field):
        return text[7].upper() + text[8:] if text.startswith("Please ") and len(text) > 7 else text
    code, params = error.code or "", error.params or {}
    label = label or "This answer"
    if code in SAME_EVERYWHERE:
        return SAME_EVERYWHERE[code]
    if code in ("required", "blank", "null", "missing"):
        return f"{'Select' if is_choosing(field) else 'Enter'} {lower_first(label)}"
    if code in CHOICE_CODES:
        return f"{label}: select one of the options shown"
    if code == "max_length" and isinstance(field, forms.FileField):
        return f"The file's name must be {params.get('max')} characters or fewer"
    if code in ("unique", "unique_together"):
        return f"There is already a {params.get('model_name', 'record')} like this: change {lower_first(label)}"
    if code == "invalid" and field is not None:
        return _invalid(field, label)
    return _limits(code, label, params) or text


def field_messages(bound_field) -> list[str]:
    """A bound field's errors, each in the service's words."""
    label = str(bound_field.label or bound_field.name)
    return [plain(e, bound_field.field, label) for e in bound_field.errors.as_data()]


def form_messages(form) -> list[str]:
    """A form's errors that belong to no one field, in the service's words."""
    return [plain(e) for e in form.non_field_errors().as_data()]
