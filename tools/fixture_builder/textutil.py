"""Whitespace helpers and the date-token reader used for progress notes.

Pure stdlib.  All two-digit years are read as 20xx.  A date without a year
("27 Jan", "17 th Feb", "25 03") is read as 2006: every such date in the
plan's "Progress to date" column was written between January and May 2006.
A month without a day ("Dec 05", "Mar 06", "Jan.") is read as the last day
of that month, and the token says so (`precision` "month"): the last day is a
convention for sorting and counting, never a day the text gives.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

IMPLIED_YEAR = 2006

# A cell holding only one of these is treated as empty (OCR left a stray
# bullet or comma in otherwise blank cells, e.g. rec 1 "Additional Capacity").
_JUNK_CELL = re.compile(r"^[\s,.;:•·\-–—]*$")


def collapse(text: str) -> str:
    """Collapse runs of whitespace to one space and strip."""
    return " ".join((text or "").split())


def clean_cell(text: str) -> str:
    """Whitespace-collapsed cell text; punctuation-only cells become ""."""
    text = collapse(text)
    return "" if _JUNK_CELL.match(text) else text


_MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?"
    r"|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b"
)
_YEAR = r"(\d{4}|\d{2})(?![\d/])"

# Order matters: earlier patterns win where matches overlap.
_PATTERNS = [
    # 04.01.06 / 16 02 06 / 07. 03. 06 / 10.03. 06
    ("dmy", re.compile(r"(?<![\d/])(\d{1,2})\s?[.\s]\s?(\d{1,2})\s?[.\s]\s?" + _YEAR)),
    # 27 Jan / 17 th Feb / 1 April 06 / 31 st May 06
    (
        "dMy",
        re.compile(
            r"(?<![\d/])(\d{1,2})\s?(?:st|nd|rd|th)?\s+(" + _MONTH + r")\.?"
            r"(?:\s+" + _YEAR + r")?",
            re.I,
        ),
    ),
    # Dec 05 / Oct05 / MAR 06 / Jan 2006
    ("My", re.compile(r"\b(" + _MONTH + r")\.?\s?" + _YEAR, re.I)),
    # 25 03 / 16 02 (day-month, no year): only when the first number cannot be a
    # month, so "06 05" (June 05? 6 May?) is never read as a date.
    ("dm", re.compile(r"(?<![\d/.])(\d{1,2})\s(\d{1,2})(?![\d/])(?!\s?[.\s]\s?\d)")),
    # "established Jan." / "agreed in Jan" (capitalised month at a sentence end)
    ("M", re.compile(r"\b(" + _MONTH + r")(?=\.|\s*$)")),
]


@dataclass
class DateToken:
    start: int
    end: int
    raw: str
    kind: str
    iso: str | None  # None when the date is impossible (e.g. 30.02.06)
    ref: bool = False  # a target/future reference, not the date of a note

    @property
    def precision(self) -> str:
        """"month" for a month without a day ("Mar 06", "established Jan."), else "day"."""
        return "month" if self.kind in MONTH_ONLY_KINDS else "day"


MONTH_ONLY_KINDS = ("My", "M")


def _year(text: str | None) -> int:
    if not text:
        return IMPLIED_YEAR
    value = int(text)
    return value if value >= 1000 else 2000 + value


def _iso(y: int, m: int, d: int | None) -> str | None:
    if not 1 <= m <= 12:
        return None
    last = calendar.monthrange(y, m)[1]
    if d is None:
        d = last
    if not 1 <= d <= last:
        return None
    return date(y, m, d).isoformat()


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def find_dates(text: str) -> list[DateToken]:
    """All date tokens in ``text``, in order, without overlaps."""
    found: list[DateToken] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            a, b = m.span()
            if not free(a, b):
                continue
            if kind == "dmy":
                iso = _iso(_year(m.group(3)), int(m.group(2)), int(m.group(1)))
            elif kind == "dMy":
                iso = _iso(_year(m.group(3)), _month(m.group(2)), int(m.group(1)))
            elif kind == "My":
                iso = _iso(_year(m.group(2)), _month(m.group(1)), None)
            elif kind == "dm":
                day, mon = int(m.group(1)), int(m.group(2))
                if day <= 12 or not 1 <= mon <= 12:
                    continue
                iso = _iso(IMPLIED_YEAR, mon, day)
            else:  # bare month: must be capitalised in the text
                if not m.group(1)[0].isupper():
                    continue
                iso = _iso(IMPLIED_YEAR, _month(m.group(1)), None)
            found.append(DateToken(a, b, text[a:b], kind, iso))
            taken.append((a, b))
    found.sort(key=lambda t: t.start)
    return found


_NUMERIC_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2})$")
_LONG_DATE = re.compile(r"(\d{1,2})\s*(?:st|nd|rd|th)?\s+(" + _MONTH + r"),?\s+(\d{4})", re.I)


def parse_numeric_date(text: str) -> str | None:
    """'19.05.06' -> '2006-05-19'."""
    m = _NUMERIC_DATE.match(collapse(text))
    if not m:
        return None
    return _iso(_year(m.group(3)), int(m.group(2)), int(m.group(1)))


def parse_long_date(text: str) -> str | None:
    """First '31st May, 2006' / '13TH JULY, 2006' / '21 December 2006' in text."""
    m = _LONG_DATE.search(text)
    if not m:
        return None
    return _iso(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
