"""Template helpers for GOV.UK Design System markup.

Load with ``{% load govuk %}`` (form fields: ``{% load govuk_forms %}``). Everything that builds HTML goes through
``format_html`` so values are escaped, or (the action page's notes and history, hundreds of values) through
``html.escape`` on each value in the one function writing them.
"""

from __future__ import annotations

import html
import unicodedata
from datetime import date

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.template.defaultfilters import stringfilter, truncatechars
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import add_truncation_text, calculate_truncate_chars_length
from django.utils.translation import get_language, pgettext

from actionplan import dates

register = template.Library()

# RAG value -> (govuk-tag colour modifier, word shown). The word is always printed,
# so the meaning never rests on colour alone. Amber uses the orange tag (its
# shade-50 text on tint-80 background passes WCAG AA, like the other tags).
NO_RAG = mark_safe('<span aria-hidden="true">—</span><span class="govuk-visually-hidden">No RAG</span>')

RAG_TAGS = {
    "red": ("govuk-tag--red", "Red"),
    "amber": ("govuk-tag--orange", "Amber"),
    "green": ("govuk-tag--green", "Green"),
    "blue": ("govuk-tag--blue", "Blue"),
    "grey": ("govuk-tag--grey", "Grey"),
}


@register.filter
def rag_tag(value):
    """``{{ action.rag|rag_tag }}`` -> ``<strong class="govuk-tag govuk-tag--red app-rag">Red</strong>``.

    None or "" gives a dash with visually hidden "No RAG"; an unknown value is shown
    as its own word on a grey tag.
    """
    if value is None or str(value).strip() == "":
        return NO_RAG
    key = str(value).strip().lower()
    modifier, word = RAG_TAGS.get(key, ("govuk-tag--grey", str(value).strip().capitalize()))
    return format_html('<strong class="govuk-tag {} app-rag">{}</strong>', modifier, word)


@register.filter
def rag_label(value):
    """The RAG word alone: ``"amber"`` -> ``"Amber"``; None or "" -> ``"No RAG"``."""
    if value is None or str(value).strip() == "":
        return "No RAG"
    key = str(value).strip().lower()
    return RAG_TAGS.get(key, (None, str(value).strip().capitalize()))[1]


@register.filter
def status_label(value):
    """``"not_started"`` -> ``"Not started"`` (plain text, escaped by the template)."""
    if value is None or value == "":
        return ""
    label = getattr(value, "label", None)
    if label:
        return str(label)
    return str(value).replace("_", " ").strip().capitalize()


def _as_date(value):
    """What a template may hold for a date: a date, a datetime, an ISO string, or nothing."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


@register.filter
def uk_date(value):
    """A date (or datetime, or ISO string) -> ``"19 May 2006"``; None or bad input -> ``""``."""
    return dates.uk_date(_as_date(value))


def _get(obj, name):
    """A field of a model instance, a dataclass or a `values()` row (a dict)."""
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name)


@register.filter
def note_date_words(note):
    """``{{ note|note_date_words }}`` (a ProgressNote, its history row, or a row with `note_date`,
    `recorded_at` and `note_date_is_month`) -> ``"1 March 2006"``; ``"March 2006"`` for a note whose
    text names only the month; ``"Undated (in the plan as at 24 March 2006)"`` for one whose text gives
    no date (never a date it does not give)."""
    return dates.note_date_words(
        _as_date(_get(note, "note_date")), _get(note, "recorded_at"), month=_get(note, "note_date_is_month")
    )


@register.filter
def note_recorded(note):
    """``{{ note|note_recorded }}`` -> ``"on 10 February 2006 at midday"``; for a note loaded from the plan
    whose text names only a month (recorded, by convention, at the month's end) ``"at the end of March 2006"``."""
    return dates.note_recorded_words(
        note.recorded_at, month_convention=note.note_date_is_month and note.recorded_by_id is None
    )


@register.filter
def note_source(note):
    """``{{ note|note_source }}``, before ``note_recorded``: "Recorded by Jane Jones" (the account's username
    when it has no name), "From the plan, lead HL" for a note loaded from the plan naming its lead, or
    "From the plan"."""
    if note.recorded_by:
        return f"Recorded by {note.recorded_by.get_full_name() or note.recorded_by.username}"
    if note.author:
        return f"From the plan, lead {note.author.initials}"
    return "From the plan"


@register.filter
def completion_date(action, recorded):
    """``{{ a|completion_date:a.completion_recorded }}`` (an action or a row with `completed_on` and
    `completed_on_is_month`) -> ``"19 May 2006"``, ``"March 2006"`` when the sources name only the month,
    or ``"date not recorded; in the plan as at 24 March 2006"`` for a completion the sources do not date."""
    return dates.completed_date_words(
        _as_date(_get(action, "completed_on")), recorded, month=_get(action, "completed_on_is_month")
    )


@register.filter
def completion_words(action, recorded):
    """``"Completed on 19 May 2006"``, ``"Completed in March 2006"`` or
    ``"Completed (date not recorded; in the plan as at 24 March 2006)"``."""
    return dates.completed_words(
        _as_date(_get(action, "completed_on")), recorded, month=_get(action, "completed_on_is_month")
    )


@register.filter
def uk_datetime(value):
    """A datetime -> ``"19 May 2006 at 2:30pm"`` (local time); a date -> ``"19 May 2006"``; None -> ``""``."""
    return dates.uk_datetime(_as_date(value))


def _ellipsis(language: str | None) -> str:
    """truncatechars' own ending ("%(truncated_text)s…") in a language, looked up once a language: the
    lookup walks the catalogues' chain of fallbacks, and an action's page cuts a hundred texts."""
    ending = _ELLIPSES.get(language)
    if ending is None:
        ending = _ELLIPSES[language] = pgettext("String to return when truncating text", "%(truncated_text)s…")
    return ending


_ELLIPSES: dict[str | None, str] = {}
setting_changed.connect(lambda **kwargs: _ELLIPSES.clear(), weak=False)  # a test's other LANGUAGE_CODE


def _shortened(value, length: int, ellipsis: str) -> str:
    text = unicodedata.normalize("NFC", value)  # what truncatechars returns when it cuts nothing
    if length > 0 and len(text) <= length:
        return text
    if length > 0 and text.isascii():
        return add_truncation_text(text[: calculate_truncate_chars_length(length, ellipsis)], ellipsis)
    return truncatechars(value, length)


@register.filter(is_safe=True)
@stringfilter
def shortened(value, length):
    """``{{ text|shortened:200 }}``: exactly Django's ``truncatechars``, without its walk over every character
    of the text (to skip combining characters), which was a fifth of the time of an action's page (two texts
    a row of its history, a hundred rows). A text short enough is returned at once; in an ASCII text, which
    has no combining characters, each character takes one place, so it is cut where truncatechars cuts."""
    return _shortened(value, int(length), _ellipsis(get_language()))


def _html(value) -> str:
    """What the template's ``{{ value }}`` writes for a value: conditional_escape, written out. django's
    escape checks each call's arguments for lazy strings, and an action's page escapes some 1,900 values
    (issue 14)."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


@register.filter(is_safe=True)
def history_rows(entries, length):
    """``{{ history|history_rows:200 }}``: an action's history entries as the table's rows, each with when
    (local time), who, what and why, and its changed fields (a paragraph each, their old and new values cut by
    ``shortened``). Written here once a row rather than by a template loop over the rows and their changes:
    an action's history runs to hundreds of rows and changes, and the loop's lookups and escapes were most
    of its page's time (issue 14). Each value is escaped here."""
    length, ellipsis = int(length), _ellipsis(get_language())

    def cut(value):  # `shortened`, then escaped unless the value is safe (str() of any other value)
        short = _shortened(str(value), length, ellipsis)
        return short if isinstance(value, SafeData) else html.escape(short)

    rows = []
    for entry in entries:
        why = f'<br><span class="govuk-hint govuk-!-font-size-16">{_html(entry.why)}</span>' if entry.why else ""
        changes = "".join(
            f'<p class="govuk-body-s govuk-!-margin-bottom-1"><strong>{_html(c.label)}</strong>: '
            f"<del>{cut(c.old)}</del> → <ins>{cut(c.new)}</ins></p>"
            for c in entry.changes
        )
        rows.append(
            '\n    <tr class="govuk-table__row">\n'
            f'      <td class="govuk-table__cell">{html.escape(uk_datetime(entry.when))}</td>\n'
            f'      <td class="govuk-table__cell" data-label="Who">{_html(entry.who)}</td>\n'
            f'      <td class="govuk-table__cell" data-label="What and why">{_html(entry.what)}{why}</td>\n'
            f'      <td class="govuk-table__cell" data-label="Changes">{changes}</td>\n'
            "    </tr>\n  "
        )
    return mark_safe("".join(rows))


@register.filter(is_safe=True)
def progress_notes(notes):
    """``{{ notes|progress_notes }}``: an action's progress notes as its page shows them, each its date, its
    text (``linebreaksbr``), who recorded it and when. Written here once a note rather than by a template
    loop (a hundred notes, four lookups and escapes each: issue 14). Each value is escaped here."""
    blocks = []
    for note in notes:
        text = str(note.text).replace("\r\n", "\n").replace("\r", "\n")  # linebreaksbr: newlines normalised,
        text = (text if isinstance(note.text, SafeData) else html.escape(text)).replace("\n", "<br>")  # each a <br>
        blocks.append(
            '\n<div class="app-note">\n'
            f'  <h3 class="govuk-heading-s govuk-!-margin-bottom-1">{html.escape(note_date_words(note))}</h3>\n'
            f'  <p class="govuk-body govuk-!-margin-bottom-1">{text}</p>\n'
            f'  <p class="govuk-hint govuk-!-font-size-16">{html.escape(note_source(note))} '
            f"{html.escape(note_recorded(note))}</p>\n"
            "</div>\n"
        )
    return mark_safe("".join(blocks))


@register.filter
def days_ago(value, today):
    """How long ago a date or time was, from `today`: "today", "1 day ago", "12 days ago"."""
    if value in (None, "") or today in (None, ""):
        return ""
    count = dates.days_between(value, today)
    return "today" if count <= 0 else f"{dates.days_word(count)} ago"


@register.filter
def overdue_by(due, today):
    """"overdue by 3 days" for a due date before `today`; "" otherwise."""
    if not due or not today:
        return ""
    count = dates.days_between(due, today)
    return f"overdue by {dates.days_word(count)}" if count > 0 else ""


# ---------------------------------------------------------------------------
# Navigation, pagination, tables
# ---------------------------------------------------------------------------


@register.filter
def nav_state(path, url):
    """For service navigation: ``"page"`` when ``path`` is ``url``, ``"true"`` when it is
    inside it (not for the root), else ``""``. Use as the aria-current value."""
    if not url or path is None:
        return ""
    if path == url:
        return "page"
    if url != "/" and path.startswith(url):
        return "true"
    return ""


@register.simple_tag
def branding():
    """``{% branding as b %}{{ b.service_name }}``: the council and service names from
    settings, for templates rendered without a request (e.g. the password-reset email)."""
    return {
        "council_name": getattr(settings, "COUNCIL_NAME", ""),
        "service_name": getattr(settings, "SERVICE_NAME", ""),
    }
