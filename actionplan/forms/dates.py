"""Dates typed into forms: the GOV.UK date input (Day, Month and Year boxes) everywhere, read one way,
refused in the Design System's words named by the field; and an as-at date held to the one as-at rule.

The boxes arrive as `<name>-day`, `<name>-month` and `<name>-year`. Pages that take a date in their
address (dashboard, changes, export) are shared as links, so a form that arrives without the boxes
may give the date as `<name>=YYYY-MM-DD` (`?as_at=2006-05-19`): old links and bookmarks still mean
the same day to everyone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from django import forms
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from actionplan.asat import AsAtError, check_as_at
from actionplan.forms.words import lower_first

ISO = "%Y-%m-%d"
PARTS = ("day", "month", "year")
EXAMPLE = "27 3 2006"
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
# The Design System suggests accepting a month's name or its short form in the Month box.
MONTH_NAMES = {**{m: n for n, m in enumerate(MONTHS, 1)}, **{m[:3]: n for n, m in enumerate(MONTHS, 1)}, "sept": 9}
NUMBER = re.compile(r"\d{1,2}", re.ASCII)
YEAR = re.compile(r"\d+", re.ASCII)


@dataclass(frozen=True)
class DateParts:
    """What was typed in the three boxes, as typed (trimmed)."""

    day: str = ""
    month: str = ""
    year: str = ""

    @classmethod
    def of(cls, day: date) -> DateParts:
        return cls(str(day.day), str(day.month), str(day.year))

    def is_empty(self) -> bool:
        return not (self.day or self.month or self.year)


@dataclass(frozen=True)
class Problem:
    """Why three boxes are not a date: `kind` is "missing", "real" or "year"; `parts`, the boxes at fault."""

    kind: str
    parts: tuple[str, ...]


def _month(text: str) -> int | None:
    if NUMBER.fullmatch(text):
        return int(text) if 1 <= int(text) <= 12 else None
    return MONTH_NAMES.get(text.lower().rstrip("."))


def read_parts(parts: DateParts) -> date | Problem:
    """The date the boxes give, or the first problem with them: a box left empty, then a box that
    cannot be part of a date, then a year without 4 numbers, then a day the month does not have."""
    missing = tuple(p for p in PARTS if not getattr(parts, p))
    if missing:
        return Problem("missing", missing)
    month = _month(parts.month)
    day_ok = NUMBER.fullmatch(parts.day) is not None and 1 <= int(parts.day) <= 31
    fine = (day_ok, month is not None, YEAR.fullmatch(parts.year) is not None)
    wrong = tuple(p for p, ok in zip(PARTS, fine, strict=True) if not ok)
    if wrong:
        return Problem("real", wrong)
    if len(parts.year) != 4:
        return Problem("year", ("year",))
    try:
        return date(int(parts.year), month, int(parts.day))  # type: ignore[arg-type]
    except ValueError:
        return Problem("real", PARTS)


def read_iso(text: str) -> date | None:
    """A link's YYYY-MM-DD, or None when it is not one."""
    try:
        return datetime.strptime(text, ISO).date()
    except ValueError:
        return None


def error_parts(value) -> tuple[str, ...]:
    """The boxes to mark when the field has an error: those at fault in what was typed, else all three
    (a real date refused for what it is: in the future, before the plan began)."""
    if isinstance(value, DateParts):
        problem = read_parts(value)
        if isinstance(problem, Problem):
            return problem.parts
    return PARTS


def _and(parts: tuple[str, ...]) -> str:
    return " and ".join(parts) if len(parts) < 3 else "day, month and year"


class DateInputs(forms.Widget):
    """The GOV.UK date input: Day, Month and Year boxes (`<name>-day`, `-month`, `-year`). Its value is
    the DateParts typed, or a link's `<name>=YYYY-MM-DD` when no box was sent."""

    def value_from_datadict(self, data, files, name):
        parts = DateParts(*(str(data.get(f"{name}-{p}") or "").strip() for p in PARTS))
        if parts.is_empty() and data.get(name):
            return str(data.get(name)).strip()
        return parts

    def value_omitted_from_data(self, data, files, name):
        return name not in data and not any(f"{name}-{p}" in data for p in PARTS)

    def id_for_label(self, id_):
        return f"{id_}-day" if id_ else id_

    def format_value(self, value) -> DateParts:
        if isinstance(value, DateParts):
            return value
        if isinstance(value, date):
            return DateParts.of(value)
        day = read_iso(value) if isinstance(value, str) else None
        return DateParts.of(day) if day else DateParts()

    def render(self, name, value, attrs=None, renderer=None):
        return self.boxes(name, value, (attrs or {}).get("id") or f"id_{name}", errors=())

    def boxes(self, name: str, value, id_: str, *, errors: tuple[str, ...]) -> str:
        """The three boxes, those in `errors` marked; the group's id is `id_`, each box's `id_-day`…"""
        parts = self.format_value(value)
        items = format_html_join(
            "\n",
            '<div class="govuk-date-input__item"><div class="govuk-form-group">'
            '<label class="govuk-label govuk-date-input__label" for="{0}-{1}">{2}</label>'
            '<input class="govuk-input govuk-date-input__input govuk-input--width-{3}{4}" id="{0}-{1}" '
            'name="{5}-{1}" type="text" inputmode="numeric" value="{6}"></div></div>',
            (
                (id_, part, part.capitalize(), 4 if part == "year" else 2,
                 " govuk-input--error" if part in errors else "", name, getattr(parts, part))
                for part in PARTS
            ),
        )
        return format_html('<div class="govuk-date-input" id="{}">{}</div>', id_, items)


class GovukDateField(forms.Field):
    """A date typed in the GOV.UK date input, refused in the Design System's words named by the field:
    "<Name> must include a month", "… must be a real date", "… must include a year with 4 numbers",
    "… must be today or in the past" (`past_only`), "Enter <name>" when required and empty.

    `called`: how the messages name the date (default: its label). The hint ends with an example.
    """

    widget = DateInputs

    def __init__(self, *, called: str = "", past_only: bool = False, example: str = EXAMPLE, **kwargs):
        hint = str(kwargs.pop("help_text", "") or "").rstrip(". ")
        kwargs["help_text"] = f"{hint}. For example, {example}" if hint else f"For example, {example}"
        super().__init__(**kwargs)
        self.called = called
        self.past_only = past_only

    @property
    def name_in_messages(self) -> str:
        return self.called or str(self.label or "The date")

    def problem_message(self, problem: Problem) -> str:
        name = self.name_in_messages
        if problem.kind == "missing":
            return f"{name} must include a {_and(problem.parts)}"
        if problem.kind == "year":
            return f"{name} must include a year with 4 numbers"
        return f"{name} must be a real date"

    def to_python(self, value) -> date | None:
        if value in (None, "") or (isinstance(value, DateParts) and value.is_empty()):
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            day = read_iso(value)
            if day is None:
                raise forms.ValidationError(self.problem_message(Problem("real", PARTS)), code="invalid")
            return day
        result = read_parts(value)
        if isinstance(result, Problem):
            raise forms.ValidationError(self.problem_message(result), code=result.kind)
        return result

    def validate(self, value) -> None:
        if value is None:
            if self.required:
                message = str(self.error_messages["required"])
                if message == str(forms.Field.default_error_messages["required"]):
                    message = f"Enter {lower_first(self.name_in_messages)}"
                raise forms.ValidationError(message, code="required")
            return
        if self.past_only and value > timezone.localdate():
            raise forms.ValidationError(f"{self.name_in_messages} must be today or in the past", code="future")

    def has_changed(self, initial, data) -> bool:
        try:
            return self.to_python(data) != self.to_python(initial)
        except forms.ValidationError:
            return True


def date_field(label: str, called: str = "", *, help_text: str = "", required: bool = False,
               past_only: bool = False) -> GovukDateField:
    """A plain date (no as-at rule)."""
    return GovukDateField(label=label, called=called, required=required, help_text=help_text, past_only=past_only)


def date_given(data, name: str) -> bool:
    """Whether a form's data gives the date `name`, as boxes or as a link's YYYY-MM-DD."""
    return bool(data.get(name)) or any(str(data.get(f"{name}-{p}") or "").strip() for p in PARTS)


def typed_date(data, name: str) -> date | None:
    """The date a form's data gives for `name` (boxes or YYYY-MM-DD), or None when it gives none or a bad one;
    for choosing a default only: the field itself says what is wrong."""
    try:
        return GovukDateField(required=False).clean(DateInputs().value_from_datadict(data, None, name))
    except forms.ValidationError:
        return None


class AsAtField(GovukDateField):
    """A day to show the plan at: read like every date, then checked by the one as-at rule.

    The rule needs the plan, which a field cannot see: the form hands it over with bind_plan().
    """

    def __init__(self, *, what: str = "as-at date", **kwargs):
        kwargs.setdefault("called", f"The {what}")
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
