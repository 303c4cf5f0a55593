"""The clerks' due-by sentence: "There are 14 areas of activity due by the end of June 2006. Of these 9
have been completed, 4 are on track and 1 is delayed."

Due by: live actions whose due date (read cleanly, `actionplan.deadlines`) is on or before the
"due by" date. Of these, *completed* means completed as at the as-at day; *delayed* means not
completed and Red as at the as-at day (past its due date, marked delayed, or set Red by a person
with a reason); *on track* is the rest (not completed, not Red: not yet due, or judged Amber by a
person). Actions with no usable due date are not counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from actionplan.asat import Moment
from actionplan.dates import due_by_words
from actionplan.deadlines import due_by_q
from actionplan.models import Plan, Rag, Status
from actionplan.rag import action_rag_q
from actionplan.selectors.action_rows import plan_actions

DUE_PARTS = ("completed", "on_track", "delayed")


def due_by_parts(on: date, due_by: date) -> dict[str, Q]:
    due = due_by_q(due_by) & ~Q(status=Status.CANCELLED)
    done = Q(status=Status.COMPLETED)
    red = action_rag_q(Rag.RED, on)
    return {"completed": due & done, "delayed": due & ~done & red, "on_track": due & ~done & ~red}


OUTCOMES = {"completed": "completed", "on_track": "on track", "delayed": "delayed"}


@dataclass
class DueBy:
    due_by: date
    sentence: str
    counts: dict[str, int]


def due_by_counts(moment: Moment, plan: Plan, due_by: date) -> dict[str, int]:
    parts = due_by_parts(moment.on, due_by)
    counts = plan_actions(moment, plan).aggregate(**{k: Count("pk", filter=q) for k, q in parts.items()})
    counts["total"] = counts["completed"] + counts["on_track"] + counts["delayed"]
    return counts


def describe_due_by(due_by: date) -> str:
    return f"by {due_by_words(due_by)}"


def _n(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def sentence_for(counts: dict[str, int], due_by: date) -> str:
    """The clerks' sentence from counts; singular, plural, "both", "all" and zero read naturally."""
    total, when = counts["total"], describe_due_by(due_by)
    if total == 0:
        return f"There are no areas of activity due {when}."
    opening = f"There {'is' if total == 1 else 'are'} {_n(total, 'area', 'areas')} of activity due {when}."
    parts = [
        (counts["completed"], ("has", "have"), "been completed"),
        (counts["on_track"], ("is", "are"), "on track"),
        (counts["delayed"], ("is", "are"), "delayed"),
    ]
    present = [p for p in parts if p[0]]
    if total == 1:
        _, (one, _), rest = present[0]
        return f"{opening} It {one} {rest}."
    if len(present) == 1:
        n, (_, many), rest = present[0]
        return f"{opening} {'Both' if n == 2 else f'All {n}'} {many} {rest}."
    words = [f"{n} {one if n == 1 else many} {rest}" for n, (one, many), rest in present]
    return f"{opening} Of these {', '.join(words[:-1])} and {words[-1]}."


def due_by_sentence(plan: Plan, due_by: date, as_at: date | None) -> tuple[str, dict[str, int]]:
    """"There are 14 areas of activity due by the end of June 2006. Of these 9 have been
    completed, 4 are on track and 1 is delayed." from the plan as recorded at `as_at`."""
    counts = due_by_counts(Moment.for_date(as_at), plan, due_by)
    return sentence_for(counts, due_by), counts
