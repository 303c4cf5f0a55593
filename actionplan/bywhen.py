"""Read the free-text "By when" column of the 2006 Herefordshire action plan.

Officers typed this column by hand and it was later OCR'd out of PDF tables,
so one cell may hold a month ("Sep06"), a day ("1 st Apr 06"), a range, a
season, a financial year or a recurring commitment, often with words broken
by stray spaces ("Comme ncing"). `read_by_when` turns a cell into dates it can
stand behind. Anything else is kept exactly as written, with no dates and the
flag UNREAD: a wrong deadline is worse than a missing one, so we never guess.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple


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


# --- normalisation -----------------------------------------------------------

# Words the OCR breaks mid-word ("thereaft er", "Februar y"). Each is rejoined
# wherever its letters appear separated only by single spaces. Longest first,
# so "reviewed" is rejoined before "review" can claim its first six letters.
_KEYWORDS = sorted(
    [
        *("commencing", "thereafter", "completion", "arrangements", "immediate", "implementation"),
        *("development", "initially", "agreed", "update", "project", "ongoing", "subject"),
        *("review", "reviewed", "weekly", "fortnightly", "monthly", "bimonthly", "quarterly", "annually"),
        *("january", "february", "march", "april", "june", "july", "august", "september"),
        *("october", "november", "december", "spring", "summer", "autumn", "winter"),
    ],
    key=len,
    reverse=True,
)
_REJOIN = [(re.compile(r"\b" + " ?".join(word) + r"\b"), word) for word in _KEYWORDS]

# Lead-in and trailing words that say nothing about the date itself.
_PREFIX = re.compile(r"(?:agreed by|update|development project|initially|by|before) ")
_SUFFIX = re.compile(r" for immediate implementation$")
_NO_DEADLINE = {"", "tbc", "to be confirmed"}


def _normalise(text: str) -> str:
    """Lower-case, rejoin split words and tidy punctuation so rules stay small."""
    s = text.lower()
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)  # en/em dashes -> hyphen
    s = re.sub(r"['\u2018\u2019](\d\d)\b", r"\1", s)  # '06 -> 06
    s = re.sub(r"\bbi\s*-?\s*monthly\b", "bimonthly", s)  # keep its hyphen safe
    for pattern, word in _REJOIN:
        s = pattern.sub(word, s)
    s = re.sub(r"(\d)\s*(?:st|nd|rd|th)\b", r"\1", s)  # "1 st", "15th" -> day
    s = re.sub(r"([a-z]{3,})(\d)", r"\1 \2", s)  # "Sep06" -> "sep 06"
    s = re.sub(r"(?<=[a-z])\.|\.(?=\s|$)", " ", s)  # "Feb." and full stops
    s = re.sub(r"[,;:()=]", " ", s)
    s = re.sub(r"\s*-\s*", " - ", s)
    s = re.sub(r"\s*/\s*", "/", s)
    s = " ".join(s.split())
    while m := _PREFIX.match(s):
        s = s[m.end() :]
    return _SUFFIX.sub("", s)


# --- single date expressions ---------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MONTH_ABBR = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_YEAR = r"(?:\d{4}|\d{2})"
_RECUR = r"(?:weekly|fortnightly|monthly|bimonthly|quarterly|annually)"
_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}  # UK, 3 months each


class _Span(NamedTuple):
    first: date
    last: date
    period: bool  # seasons and financial years name a start as well as an end


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)  # two-digit years are 20xx


def _month(name: str) -> int:
    return _MONTH_ABBR.index(name[:3]) + 1


def _months(year: int, month: int, count: int) -> _Span:
    """The span of `count` whole months starting at year/month."""
    end_year, end_month = divmod(year * 12 + month - 1 + count - 1, 12)
    end_month += 1
    last = date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
    return _Span(date(year, month, 1), last, count > 1)


def _day(day: int, month: int, year: int) -> _Span:
    d = date(year, month, day)  # raises ValueError for 31/02/06: caller reads as unread
    return _Span(d, d, False)


def _when(s: str) -> _Span | None:
    """One date expression -> its span, or None. A missing year is never guessed."""
    try:
        if m := re.fullmatch(rf"(end|mid)(?: of)? ({_MONTH}) ({_YEAR})", s):
            month = _months(_year(m[3]), _month(m[2]), 1)
            return _day(15 if m[1] == "mid" else month.last.day, month.last.month, month.last.year)
        if m := re.fullmatch(rf"(\d{{1,2}}) ({_MONTH}) ({_YEAR})", s):
            return _day(int(m[1]), _month(m[2]), _year(m[3]))
        if m := re.fullmatch(rf"(\d{{1,2}})[./ ](\d{{1,2}})[./ ]({_YEAR})", s):  # UK: day first
            return _day(int(m[1]), int(m[2]), _year(m[3]))
        if m := re.fullmatch(rf"({_MONTH}) ({_YEAR})", s):
            return _months(_year(m[2]), _month(m[1]), 1)
        if m := re.fullmatch(rf"(spring|summer|autumn|winter) ({_YEAR})", s):
            return _months(_year(m[2]), _SEASON_START[m[1]], 3)
        if m := re.fullmatch(rf"(?:q([1-4]) )?({_YEAR})/({_YEAR})", s):  # financial year from April
            year = _year(m[2])
            if _year(m[3]) % 100 != (year + 1) % 100:
                return None  # "06/08" is not a financial year
            if not m[1]:
                return _months(year, 4, 12)
            return _months(year + (int(m[1]) == 4), (int(m[1]) * 3) % 12 + 1, 3)
    except ValueError:
        return None
    return None


# --- rules: each takes the normalised text, returns (start, due, recurrence) ---

_Read = tuple[date | None, date | None, str]
_REVIEW = r"(?:(?:subject to |with )?(?:a )?review(?: of arrangements)?(?: in)?|to be reviewed)"
_RECURRING = re.compile(
    rf"(?:(?:commencing|from) )?(?P<start>.+?)(?: -)?(?: and)?(?: thereafter)?"
    rf"(?: at least| no less than)? (?P<rec>{_RECUR})(?: thereafter)?(?: {_REVIEW} (?P<review>.+))?"
)


def _recurrence(word: str) -> str:
    return "bi-monthly" if word == "bimonthly" else word


def _recurring(s: str) -> _Read | None:
    """'Commencing Jan 06, thereafter at least monthly, subject to review in April 06'."""
    if not (m := _RECURRING.fullmatch(s)) or not (start := _when(m["start"])):
        return None
    review = _when(m["review"]) if m["review"] else None
    if m["review"] and not review:
        return None  # "review in May" with no year: unread, not guessed
    return start.first, review.last if review else None, _recurrence(m["rec"])


def _ongoing(s: str) -> _Read | None:
    """'In place and ongoing, subject to completion of the monthly cycle = end Feb 06'."""
    m = re.fullmatch(rf"in place and ongoing(?: subject to completion of the)? ({_RECUR}) cycle (.+)", s)
    if m and (due := _when(m[2])):
        return None, due.last, _recurrence(m[1])
    return None


def _from(s: str) -> _Read | None:
    """'From 15 Mar 06': a start with no end."""
    if (m := re.fullmatch(r"(?:from|commencing) (.+)", s)) and (start := _when(m[1])):
        return start.first, None, ""
    return None


def _range(s: str) -> _Read | None:
    """'Jan - Mar 06', 'Oct 06- Apr 07', 'May/June 06', 'Late Feb. - 7 March 06'."""
    m = re.fullmatch(rf"(?:late )?((?:\d{{1,2}} )?{_MONTH})(?: ({_YEAR}))?(?: - |/)(.+)", s)
    if not m or not (end := _when(m[3])):
        return None
    # "Jan - Mar 06": the first part borrows the year of the last part.
    start = _when(f"{m[1]} {m[2] or end.first.year}")
    if not start or start.first > end.last:
        return None  # "Nov - Feb 07" could mean either year: do not pick one
    return start.first, end.last, ""


def _single(s: str) -> _Read | None:
    """'Feb 06', '7/3/06', 'End Mar 06', 'Autumn 06', 'Q2 06/07'."""
    if span := _when(s):
        return (span.first if span.period else None), span.last, ""
    return None


_RULES = (_recurring, _ongoing, _from, _range, _single)  # first match wins
_GAP_WORDS = {1: "monthly", 2: "bi-monthly", 3: "quarterly", 12: "annually"}


def _schedule(raw: str) -> _Read | None:
    """'End June 06; End September 06; End Dec 06; End Mar 07': dated repeats of one action.

    Rows holding only a date under an action were joined with '; ' by the fixture
    builder; the first date starts the cycle, the last is when it is due, and an even
    gap between them names the recurrence.
    """
    spans = [_when(_normalise(part)) for part in raw.split(";")]
    if len(spans) < 2 or not all(spans):
        return None
    months = [span.last.year * 12 + span.last.month for span in spans]
    gaps = {b - a for a, b in zip(months, months[1:], strict=False)}
    recurrence = _GAP_WORDS.get(gaps.pop(), "") if len(gaps) == 1 else ""
    return spans[0].last, spans[-1].last, recurrence


def read_by_when(text: str | None, *, plan_start: date | None = None) -> ByWhen:
    raw = text or ""
    s = _normalise(raw)
    if s in _NO_DEADLINE:
        return ByWhen(raw, None, None, "", Flag.NO_DEADLINE)
    rules = [lambda _: _schedule(raw)] if ";" in raw else _RULES
    for rule in rules:
        if found := rule(s):
            start, due, recurrence = found
            early = plan_start is not None and any(d and d < plan_start for d in (start, due))
            return ByWhen(raw, start, due, recurrence, Flag.IMPLAUSIBLE if early else Flag.NONE)
    return ByWhen(raw, None, None, "", Flag.UNREAD)
