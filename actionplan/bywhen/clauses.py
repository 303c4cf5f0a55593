"""What a whole "By when" cell says, from its parts in whatever order they come.

The cell is cut into items every way its tokens allow (a date or range, a marker such as
"commencing" or "review", a recurrence such as "monthly", a word that says nothing about the dates)
and each cutting is read by the rules below. A cell is read only when every cutting that makes sense
gives the same dates; two different readings are a guess, and the cell stays unread.

* A marker gives the date right after it (filler words between are fine) its role: "commencing /
  from / starting" a start, "review / reviewed" a review, "cycle" the end of a cycle in place.
* With a recurrence ("monthly"): the start is the date marked as one, or else the one plain date
  ("Apr 06 and monthly thereafter"), or none for a cycle already "in place / ongoing"; the due date
  is the review or the end of the cycle, if any. So "monthly thereafter commencing Jan 06" reads as
  "Commencing Jan 06, thereafter monthly".
* Without one: a start alone has no due date ("From 15 Mar 06"); one plain date or range is the due
  date (a period also names its start); several are milestones in order ("End June 06; End Sep 06",
  "June 06 Oct 06- Apr 07"): the first milestone's date is the start, the end of the last the due
  date, and three or more evenly spaced single dates name their recurrence (quarterly).
* Contradictions are not read: two recurrences, two starts, a review before the start, milestones
  out of order, a marker with no date, a hyphen between two dates that do not make a range.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

from actionplan.bywhen.dates import Part, dates_at
from actionplan.bywhen.tokens import FILLERS, IN_PLACE, MARKS, RECURRENCE_WORDS, RECURRENCES, Token


class Reading(NamedTuple):
    start: date | None
    due: date | None
    recurrence: str


class _Item(NamedTuple):
    kind: str  # date, mark, recur, recur_word, in_place, link, filler
    value: object = None


_ROLES = ("start", "review", "cycle", "plain", "recur", "recur_word", "in_place")
_MAX_CUTTINGS = 200  # more ways to cut a cell than this is itself too ambiguous to read
_GAP_WORDS = {1: "monthly", 2: "bi-monthly", 3: "quarterly", 12: "annually"}


def _word_item(token: Token) -> _Item | None:
    if token.kind == "link":
        return _Item("link")
    if token.kind != "word":
        return None
    if token.text in MARKS:
        return _Item("mark", MARKS[token.text])
    if token.text in RECURRENCES:
        return _Item("recur", "bi-monthly" if token.text == "bimonthly" else token.text)
    if token.text in RECURRENCE_WORDS:
        return _Item("recur_word")
    if token.text in IN_PLACE:
        return _Item("in_place")
    return _Item("filler") if token.text in FILLERS else None


def _cuttings(tokens: list[Token]) -> Iterator[list[_Item]]:
    """Every way to cut the tokens into items, left to right."""
    options: list[list[tuple[_Item, int]]] = []
    for i, token in enumerate(tokens):
        here = [(_Item("date", part), j) for part, j in dates_at(tokens, i)]
        if (item := _word_item(token)) is not None:
            here.append((item, i + 1))
        options.append(here)

    def walk(i: int) -> Iterator[list[_Item]]:
        if i == len(tokens):
            yield []
            return
        for item, j in options[i]:
            for rest in walk(j):
                yield [item, *rest]

    return walk(0)


def _roles(items: list[_Item]) -> dict[str, list] | None:
    """Dates by role (start, review, cycle, plain), recurrences and in-place words; None when a
    marker has no date right after it, or a link sits between two dates or at either end."""
    roles: dict[str, list] = {key: [] for key in _ROLES}
    pending: str | None = None
    for k, item in enumerate(items):
        if item.kind == "filler":
            continue
        if item.kind == "date":
            roles[pending or "plain"].append(item.value)
            pending = None
            continue
        if pending is not None:
            return None  # "commencing monthly", "review in place": the marker has no date
        if item.kind == "mark":
            pending = str(item.value)
        elif item.kind == "link":
            if k in (0, len(items) - 1):
                return None  # "Feb 06 -" may mean from Feb 06 on, as the seeds' "June 2006 -" does
            if items[k - 1].kind == items[k + 1].kind == "date":
                return None  # "Apr 07 - Oct 06" is a range or nothing
        else:
            roles[item.kind].append(item.value)
    return None if pending else roles


def _recurring(roles: dict[str, list]) -> Reading | None:
    recurrences, plain, starts = set(roles["recur"]), roles["plain"], roles["start"]
    ends = roles["review"] + roles["cycle"]
    if len(recurrences) > 1 or len(ends) > 1 or len(starts) + len(plain) > 1:
        return None
    start: Part | None = (starts or plain or [None])[0]
    if start is None and not roles["in_place"]:
        return None
    due = ends[0].last if ends else None
    if start is not None and due is not None and due < start.first:
        return None
    return Reading(start.first if start else None, due, recurrences.pop())


def _milestones(parts: list[Part]) -> Reading | None:
    if any(b.first <= a.last for a, b in zip(parts, parts[1:], strict=False)):
        return None  # out of order, or overlapping
    recurrence = ""
    if len(parts) >= 3 and all(p.point for p in parts):
        months = [p.last.year * 12 + p.last.month for p in parts]
        gaps = {b - a for a, b in zip(months, months[1:], strict=False)}
        recurrence = _GAP_WORDS.get(gaps.pop(), "") if len(gaps) == 1 else ""
    return Reading(parts[0].last, parts[-1].last, recurrence)


def _compose(roles: dict[str, list]) -> Reading | None:
    if roles["recur"]:
        return _recurring(roles)
    if roles["review"] or roles["cycle"] or roles["in_place"] or roles["recur_word"] or len(roles["start"]) > 1:
        return None
    if roles["start"]:
        if roles["plain"]:
            return None
        start = roles["start"][0]
        return Reading(start.first, start.last if start.period else None, "")
    parts = roles["plain"]
    if len(parts) == 1:
        return Reading(parts[0].first if parts[0].period else None, parts[0].last, "")
    return _milestones(parts) if parts else None


def read_tokens(tokens: list[Token]) -> Reading | None:
    """The one reading every sensible cutting agrees on, or None."""
    readings = set()
    for n, items in enumerate(_cuttings(tokens)):
        if n >= _MAX_CUTTINGS:
            return None
        if (roles := _roles(items)) is not None and (reading := _compose(roles)) is not None:
            readings.add(reading)
    return readings.pop() if len(readings) == 1 else None
