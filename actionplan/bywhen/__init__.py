"""Read the free-text "By when" column of the 2006 Herefordshire action plan.

Officers typed this column by hand and it was later OCR'd out of PDF tables, so one cell may hold a
month ("Sep06"), a day ("1 st Apr 06"), a range, a season, a financial year, a recurring commitment
or several milestones, often with words broken by stray spaces ("Comme ncing"), and the same parts
in another order ("monthly thereafter commencing Jan 06", "June 2006 end", "by end Sept. '06").
`read_by_when` turns a cell into dates it can stand behind. Anything else is kept exactly as
written, with no dates and the flag UNREAD: a wrong deadline is worse than a missing one, so we
never guess. A cell is unread when it holds a word the reader does not know (`tokens`), a part it
cannot date (`dates`), or parts that contradict each other or read two ways (`clauses`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from actionplan.bywhen.clauses import read_tokens
from actionplan.bywhen.tokens import tokenise


class Flag:
    NONE = ""  # read fine
    NO_DEADLINE = "no_deadline"  # "tbc", "TBC", blank
    UNREAD = "unread"  # could not be read: kept as written, no dates
    IMPLAUSIBLE = "implausible"  # read, but a date falls before plan_start


@dataclass(frozen=True)
class ByWhen:
    text: str  # exactly as given
    start_date: date | None
    due_date: date | None
    recurrence: str  # "" or weekly/fortnightly/monthly/bi-monthly/quarterly/annually
    flag: str  # one of Flag.*


_NO_DEADLINE = {"", "tbc", "to be confirmed"}


def read_by_when(text: str | None, *, plan_start: date | None = None) -> ByWhen:
    raw = text or ""
    if re.sub(r"[\s.]+", " ", raw.lower()).strip() in _NO_DEADLINE:
        return ByWhen(raw, None, None, "", Flag.NO_DEADLINE)
    tokens = tokenise(raw)
    reading = read_tokens(tokens) if tokens else None
    if reading is None:
        return ByWhen(raw, None, None, "", Flag.UNREAD)
    start, due, recurrence = reading
    early = plan_start is not None and any(d and d < plan_start for d in (start, due))
    return ByWhen(raw, start, due, recurrence, Flag.IMPLAUSIBLE if early else Flag.NONE)
