"""Whether an action's update is in, and the basis of its RAG in words: the rules that keep
"no update received" apart from "delayed".

The seeds' RAG scheme (`actionplan.rag`) calls an open action past its due date Red. That is
right as a colour, but a director cannot sign "80 are delayed" when 80 leads simply have not
reported since the date fell due. So the update state says which Red actions were *reported*
and which are merely *unreported*:

- NO_UPDATE: open (not completed, not cancelled), past a due date read cleanly
  (`actionplan.deadlines`), and no progress recorded on or after the day it fell due.
- CURRENT: everything else, including an action reported after it fell due.

"Progress recorded" is the day a note was recorded (`recorded_at` in the plan's time zone),
not the day its text speaks of: a lead who writes on 3 April "done on 28 March" has reported
after the due date. The basis sentence ("past due 31 March 2006, no update since 24 March
2006") is what lists, papers and exports print beside a suggested RAG, so the colour is never
shown without its reason.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.lookups import GreaterThanOrEqual

from actionplan.asat import local_zone
from actionplan.dates import completed_words, uk_date
from actionplan.deadlines import date_flag_reason, is_open, is_past_due, open_q, past_due_q
from actionplan.models import Rag, Status


class UpdateState(models.TextChoices):
    CURRENT = "current", "Up to date"
    NO_UPDATE = "no_update", "No update received"


def update_state(*, status: str, due_date: date | None, date_flag: str, last_update: date | None, on: date) -> str:
    """NO_UPDATE when the action is open, past its (cleanly read) due date on `on`, and the last
    progress was recorded before the day it fell due (or never); else CURRENT."""
    if not is_open(status) or not is_past_due(due_date, date_flag, on):
        return UpdateState.CURRENT
    assert due_date is not None  # is_past_due holds only for a usable date
    if last_update is not None and last_update >= due_date:
        return UpdateState.CURRENT
    return UpdateState.NO_UPDATE


def no_update_q(moment, prefix: str = "") -> Q:
    """The same rule as `update_state`, as a filter on actions (or `prefix` rows) as they stood at
    `moment` (an `actionplan.asat.Moment`): only notes recorded by then count."""
    # The day of the action's latest note, compared with its due date: one index seek per action on
    # (action, recorded_at), and one conversion to a local day, instead of converting every note's time
    # (on SQLite a call into Python per note) to look for one on or after the due date.
    latest = moment.notes_recorded().filter(action_id=OuterRef(f"{prefix}id" if prefix else "id"))
    last_day = TruncDate(Subquery(latest.order_by("-recorded_at").values("recorded_at")[:1]), tzinfo=local_zone())
    never = Value(date.min)  # no note: none on or after the due date
    noted_since_due: GreaterThanOrEqual = GreaterThanOrEqual(Coalesce(last_day, never), F(f"{prefix}due_date"))
    return open_q(prefix) & past_due_q(moment.on, prefix) & ~Q(noted_since_due)


def _status_words(status: str) -> str:
    return dict(Status.choices).get(status, status)


def suggestion_basis(
    *,
    status: str,
    due_date: date | None,
    date_flag: str,
    completed_on: date | None,
    completed_on_is_month: bool,
    last_update: date | None,
    on: date,
) -> str:
    """Why the system suggests the RAG it does for one action on `on`, in words for a page or paper:
    "Past due 31 March 2006, no update since 24 March 2006"."""
    if status == Status.CANCELLED:
        return "Cancelled"
    if status == Status.COMPLETED:
        # "Completed on …", "Completed in March 2006" or "Completed (date not recorded)"
        return completed_words(completed_on, None, month=completed_on_is_month)
    if status == Status.DELAYED:
        return "Reported delayed"
    if is_past_due(due_date, date_flag, on):
        due = uk_date(due_date)
        if last_update is None:
            return f"Past due {due}, no update recorded"
        if due_date is None or last_update < due_date:  # never None here: is_past_due holds
            return f"Past due {due}, no update since {uk_date(last_update)}"
        return f"Past due {due}; last update {uk_date(last_update)} reports it {_status_words(status).lower()}"
    state = _status_words(status)
    if due_date and not date_flag:
        return f"{state}, due {uk_date(due_date)}"
    if date_flag:
        return f"{state}; due date not counted ({date_flag_reason(date_flag).lower()})"
    return f"{state}, no due date"


def override_basis(*, rag: str, reason: str, suggested: str | None, suggested_basis: str) -> str:
    """A person's RAG in words, with the suggestion it overrode: "Set Amber by hand: revised date agreed
    (suggested Red: past due 31 March 2006, no update since 24 March 2006)"."""
    label = dict(Rag.choices).get(rag, rag)
    said = f"Set {label} by hand" + (f": {reason.strip()}" if reason.strip() else "")
    if suggested and suggested != rag:
        why = suggested_basis[:1].lower() + suggested_basis[1:]
        return f"{said} (suggested {dict(Rag.choices).get(suggested, suggested)}: {why})"
    return said


def rag_basis(action, *, suggested: str | None, last_update: date | None, on: date) -> str:
    """The basis of the RAG an action carries on `on` (an Action or a row with its fields)."""
    basis = suggestion_basis(
        status=action.status,
        due_date=action.due_date,
        date_flag=action.date_flag,
        completed_on=action.completed_on,
        completed_on_is_month=action.completed_on_is_month,
        last_update=last_update,
        on=on,
    )
    if action.status != Status.CANCELLED and action.rag_override:
        return override_basis(
            rag=action.rag_override, reason=action.rag_override_reason, suggested=suggested, suggested_basis=basis
        )
    return basis
