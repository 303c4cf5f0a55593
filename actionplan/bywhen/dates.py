"""Date expressions in a "By when" cell, in any order of their parts, and ranges between two of them.

`dates_at(tokens, i)` lists every way a date expression or a range can start at token i, so the
reader can see when a cell reads two ways. The orders it knows:

* a day: "4 Jan 06", "4-Jan-06", "07.03.06", "7/3/06", "07 03 06" (day first, as UK papers write),
  and, with a four-digit or apostrophe year only, "June 4 2006" and "2006 June 4";
* a month: "Feb 06", "June-06", "Sept. '06", "2006 June", with "end" / "end of" / "mid" before it or
  "end" after it ("June 2006 end");
* a season ("Autumn 06", "2006 autumn") and a financial year or quarter ("06/07", "Q2 06/07",
  "06/07 Q2").

A two-digit number before a month is a day, never a year: "06 June" has no year and is not read.
A part without its year ("Jan", "4 Jan", "late Feb") only starts a range, taking the year of the
range's end; a range whose start comes after its end ("Apr 07 - Oct 06") is not read.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date

from actionplan.bywhen.tokens import Token


@dataclass(frozen=True)
class Part:
    first: date
    last: date
    period: bool  # seasons, financial years and ranges name a start as well as an end
    point: bool = False  # one day or one month: a milestone whose gaps can name a recurrence
    opens_range: bool = False  # no year of its own, or "late Feb": only the start of a range


@dataclass(frozen=True)
class _Expr:
    """A day or month expression before its year is known."""

    month: int
    day: int | None = None
    year: int | None = None
    modifier: str = ""  # "", "end", "mid", "late"

    def part(self, year: int | None = None) -> Part | None:
        year = self.year or year
        if year is None:
            return None
        try:
            last = calendar.monthrange(year, self.month)[1]
            if self.day is not None:
                day = date(year, self.month, self.day)
                return Part(day, day, False, point=True)
            first, end = date(year, self.month, 1), date(year, self.month, last)
        except ValueError:  # 30 Feb, month 13
            return None
        if self.modifier in ("end", "mid"):
            day = end if self.modifier == "end" else first.replace(day=15)
            return Part(day, day, False, point=True)
        return Part(first, end, False, point=True, opens_range=self.modifier == "late")


# --- token matchers: each yields (value, next index) for every way it can match at i -------------

_Match = Iterator[tuple[object, int]]
_Matcher = Callable[[list[Token], int], _Match]


def _kind(kind: str, test: Callable[[Token], bool] = lambda t: True) -> _Matcher:
    def match(tokens: list[Token], i: int) -> _Match:
        if i < len(tokens) and tokens[i].kind == kind and test(tokens[i]):
            yield tokens[i], i + 1

    return match


def _words(*texts: str) -> _Matcher:
    def match(tokens: list[Token], i: int) -> _Match:
        j = i
        for text in texts:
            if j >= len(tokens) or tokens[j].text != text:
                return
            j += 1
        yield " ".join(texts), j

    return match


def _either(*matchers: _Matcher) -> _Matcher:
    def match(tokens: list[Token], i: int) -> _Match:
        for matcher in matchers:
            yield from matcher(tokens, i)

    return match


def _optional(matcher: _Matcher) -> _Matcher:
    def match(tokens: list[Token], i: int) -> _Match:
        yield None, i
        yield from matcher(tokens, i)

    return match


def _sequence(tokens: list[Token], i: int, matchers: tuple[_Matcher, ...]) -> Iterator[tuple[list, int]]:
    if not matchers:
        yield [], i
        return
    for value, j in matchers[0](tokens, i):
        for rest, k in _sequence(tokens, j, matchers[1:]):
            yield [value, *rest], k


_DAY = _kind("num", lambda t: 1 <= t.value[0] <= 31)
_MONTH_NUMBER = _kind("num", lambda t: 1 <= t.value[0] <= 12)
_MONTH = _kind("month")
_YEAR = _either(_kind("num", lambda t: t.value[1] == 2), _kind("year"))  # "06", "2006", "'06"
_STRONG_YEAR = _kind("year")  # "2006", "'06": cannot be a day
_DASH = _words("-")
_PREFIX = _optional(_either(_words("end", "of"), _words("end"), _words("mid"), _words("mid", "-"), _words("late")))
_SUFFIX = _optional(_words("end"))


def _value(token: object) -> int:
    assert isinstance(token, Token)
    return token.value[0]


def _year(token: object) -> int:
    """A year token's year: "06" is 2006 (two-digit years are 20xx), "'06" and "2006" already are."""
    assert isinstance(token, Token)
    return token.value[0] + 2000 if token.kind == "num" else token.value[0]


def _modifier(prefix: object, suffix: object) -> str | None:
    """'end' / 'mid' / 'late' / '', or None for a contradiction ("end June 06 end")."""
    if prefix and suffix:
        return None
    return str(prefix or suffix or "").split(" ")[0]


def _day_month_year(v: list) -> _Expr:
    return _Expr(_value(v[1]), day=_value(v[0]), year=_year(v[2]))


# pattern -> how its matched values make an expression; order does not matter (every match is tried)
_EXPRESSIONS: list[tuple[tuple[_Matcher, ...], Callable[[list], _Expr | None]]] = [
    ((_DAY, _MONTH, _YEAR), _day_month_year),
    ((_DAY, _DASH, _MONTH, _DASH, _YEAR), lambda v: _day_month_year([v[0], v[2], v[4]])),
    ((_DAY, _MONTH_NUMBER, _YEAR), _day_month_year),
    ((_MONTH, _DAY, _STRONG_YEAR), lambda v: _Expr(_value(v[0]), day=_value(v[1]), year=_year(v[2]))),
    ((_STRONG_YEAR, _MONTH, _DAY), lambda v: _Expr(_value(v[1]), day=_value(v[2]), year=_year(v[0]))),
    ((_DAY, _MONTH), lambda v: _Expr(_value(v[1]), day=_value(v[0]))),
    ((_PREFIX, _MONTH, _optional(_DASH), _YEAR, _SUFFIX), lambda v: _month(v[1], v[3], _modifier(v[0], v[4]))),
    ((_PREFIX, _STRONG_YEAR, _MONTH, _SUFFIX), lambda v: _month(v[2], v[1], _modifier(v[0], v[3]))),
    ((_PREFIX, _MONTH), lambda v: _month(v[1], None, _modifier(v[0], None))),
]


def _month(month: object, year: object, modifier: str | None) -> _Expr | None:
    if modifier is None:
        return None
    return _Expr(_value(month), year=_year(year) if year is not None else None, modifier=modifier)


def _months(year: int, month: int, count: int) -> Part:
    end_year, end_month = divmod(year * 12 + month - 1 + count - 1, 12)
    last = date(end_year, end_month + 1, calendar.monthrange(end_year, end_month + 1)[1])
    return Part(date(year, month, 1), last, count > 1)


_SEASON, _FY, _QUARTER = _kind("season"), _kind("fy"), _kind("quarter")


def _financial(year: Token, quarter: Token | None) -> Part | None:
    first = year.value[0]
    if year.value[1] != (first + 1) % 100:
        return None  # "06/08" is not a financial year
    if quarter is None:
        return _months(first, 4, 12)
    n = quarter.value[0]
    return _months(first + (n == 4), (n * 3) % 12 + 1, 3)


def _periods(tokens: list[Token], i: int) -> Iterator[tuple[Part, int]]:
    """Seasons, financial years and quarters (always with their year)."""
    for v, j in _sequence(tokens, i, (_SEASON, _YEAR)):
        yield _months(_year(v[1]), _value(v[0]), 3), j
    for v, j in _sequence(tokens, i, (_STRONG_YEAR, _SEASON)):
        yield _months(_year(v[0]), _value(v[1]), 3), j
    for pattern in ((_optional(_QUARTER), _FY), (_FY, _QUARTER)):
        for v, j in _sequence(tokens, i, pattern):
            year, quarter = (v[1], v[0]) if pattern[1] is _FY else (v[0], v[1])
            if (part := _financial(year, quarter)) is not None:
                yield part, j


def single_at(tokens: list[Token], i: int) -> Iterator[tuple[Part | _Expr, int]]:
    """Every date expression starting at i: a Part, or an _Expr still without its year."""
    if i < len(tokens) and tokens[i].kind == "numdate":
        day, month, year = tokens[i].value
        yield _Expr(month, day=day, year=year), i + 1
    for pattern, build in _EXPRESSIONS:
        for values, j in _sequence(tokens, i, pattern):
            if (expr := build(values)) is not None:
                yield expr, j
    yield from _periods(tokens, i)


def _resolve(found: Part | _Expr, year: int | None = None) -> Part | None:
    if isinstance(found, Part):
        return found
    part = found.part(year)
    if part is not None and found.year is None:
        part = replace(part, opens_range=True)
    return part


def dates_at(tokens: list[Token], i: int) -> Iterator[tuple[Part, int]]:
    """Every date expression or range that can start at token i, with the index after it."""
    for left, j in single_at(tokens, i):
        if (part := _resolve(left)) is not None and not part.opens_range:
            yield part, j
        if j < len(tokens) and tokens[j].kind == "link":
            for right, k in single_at(tokens, j + 1):
                end = _resolve(right)
                if end is None or end.opens_range:
                    continue
                start = _resolve(left, end.first.year)
                if start is not None and start.first <= end.first and start.last <= end.last:
                    yield Part(start.first, end.last, True), k
