"""An action list as a plain CSV file: the list's columns (and the plan, as the list can span plans) plus each
action's latest progress note, for people who want a file any program opens.

Dates are written YYYY-MM-DD, which spreadsheets read as dates and which sort as text; a flagged due date
gives why it is not counted instead, as the list does. The file is UTF-8 with a byte-order mark, so Excel
reads its accents. A cell that a spreadsheet would run as a formula (one starting with = + - @, a tab or a
carriage return) is written after an apostrophe, as OWASP advises against CSV injection: what a lead typed
is shown, never run.
"""

from __future__ import annotations

import csv
from datetime import date
from io import StringIO

from django.db.models import OuterRef, Subquery

from actionplan.asat import local_day
from actionplan.dates import note_date_words
from actionplan.deadlines import date_flag_reason
from actionplan.models import ProgressNote, Rag
from actionplan.models.action import notes_newest_first
from actionplan.selectors.today import listed, with_rag
from actionplan.updates import UpdateState, update_state

HEADER = (
    "Plan", "Ref", "Action", "Lead", "By when", "Due", "Status", "RAG", "Update", "Last update",
    "Latest note date", "Latest note",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 500  # actions read at a time: the extras (RAG, last note) are worked out a chunk at a time


def safe_cell(value) -> str:
    """The cell as text, with an apostrophe before anything a spreadsheet would treat as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _with_latest_note(queryset):
    latest = ProgressNote.objects.filter(action=OuterRef("pk")).order_by(*notes_newest_first())
    return queryset.annotate(
        latest_note_text=Subquery(latest.values("text")[:1]),
        latest_note_date=Subquery(latest.values("note_date")[:1]),
        latest_note_month=Subquery(latest.values("note_date_is_month")[:1]),
        latest_note_recorded=Subquery(latest.values("recorded_at")[:1]),
    )


def _note_date(action) -> str:
    if action.latest_note_text is None:
        return ""
    if action.latest_note_date is not None and not action.latest_note_month:
        return _iso(action.latest_note_date)
    return note_date_words(action.latest_note_date, local_day(action.latest_note_recorded),
                           month=bool(action.latest_note_month))


def _row(action, on: date) -> list:
    last = local_day(action.last_update)
    state = update_state(status=action.status, due_date=action.due_date, date_flag=action.date_flag,
                         last_update=last, on=on)
    return [
        action.recommendation.plan.title, action.reference, action.description, action.lead_text,
        action.by_when_text, date_flag_reason(action.date_flag) if action.date_flag else _iso(action.due_date),
        action.get_status_display(), Rag(action.rag_now).label if action.rag_now else "",
        UpdateState(state).label, _iso(last), _note_date(action), action.latest_note_text or "",
    ]


def actions_csv(queryset, on: date) -> str:
    """The actions of `queryset` (a filtered list), by plan and reference, as CSV text with a BOM."""
    ordered = queryset.order_by("recommendation__plan__title", "recommendation__number", "position")
    ids = list(ordered.values_list("pk", flat=True))
    out = StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        rows = _with_latest_note(listed(queryset.model.objects.filter(pk__in=chunk)))
        by_id = {a.pk: a for a in with_rag(rows, on)}
        for pk in chunk:
            writer.writerow([safe_cell(v) for v in _row(by_id[pk], on)])
    return out.getvalue()
