"""Reading a "Progress to date" cell into dated notes: our export's layout, or the council's run-on log.

Pure functions (no database), like the rest of the reading of single cells.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from actionplan.excel.columns import MORE_NOTES_RE, UNDATED_HEAD_RE
from actionplan.excel.read.cells import collapse

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_MONTH_RE = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
             r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_YEAR = r"(\d{4}|\d{2})(?![\d/])"
# A note written as our export writes it, or typed by someone adding one: the date at the
# start of a line, then a colon or a dash: "19 May 2006: ...", "20/11/2026 - ...".
_NOTE_HEAD = re.compile(
    rf"^\s*(\d{{1,2}})(?:st|nd|rd|th)?[\s./-]+({_MONTH_RE}\.?|\d{{1,2}})[\s./-]+{_YEAR}\s*(?::|\s[-–—])\s*",
    re.I,
)
# A note whose date names only a month, as the export writes one ("March 2006: Draft plan produced
# Mar 06"): read as that month (its last day, marked as a month), never as a day.
_MONTH_HEAD = re.compile(rf"^\s*({_MONTH_RE})\.?\s+{_YEAR}\s*(?::|\s[-–—])\s*", re.I)
# Dates inside run-on text (the council's "Progress to date" column): only with a year,
# so no year is ever guessed. "04.01.06", "16 02 06", "07. 03. 06", "17 Feb 06", "Dec 05".
_DATE_TOKENS = [
    ("dmy", re.compile(rf"(?<![\d/])(\d{{1,2}})\s?[./\s]\s?(\d{{1,2}})\s?[./\s]\s?{_YEAR}")),
    ("dMy", re.compile(rf"(?<![\d/])(\d{{1,2}})\s?(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?,?\s+{_YEAR}", re.I)),
    ("My", re.compile(rf"\b({_MONTH_RE})\.?\s?{_YEAR}", re.I)),
]
_FUTURE = re.compile(r"\b(to be|will|no later than|scheduled|expected|target|by end|before|until)\b", re.I)
_LONE_STATUS = re.compile(r"^(completed|done)\.?$", re.I)


@dataclass(frozen=True)
class NoteText:
    date: date | None  # None: no date could be read; the caller decides
    text: str
    bad_date: str = ""  # a date written that does not exist ("31 02 06")
    # A note written as the export writes one whose text gives no date ("Undated (in the plan as at
    # 24 March 2006): …"): the day it was known to be in the plan (None when that cannot be read).
    in_plan_as_at: date | None = None
    # The date names only a month ("March 2006: …", "Dec 05"): `date` is its last day, shown as the month.
    date_is_month: bool = False


def _year(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


def _make_date(y: int, m: int, d: int | None) -> date | None:
    if not 1 <= m <= 12:
        return None
    last = calendar.monthrange(y, m)[1]
    d = last if d is None else d
    return date(y, m, d) if 1 <= d <= last else None


def _month(text: str) -> int:
    if text.isdigit():
        return int(text)
    key = text.lower().rstrip(".")
    return _MONTHS.get(key) or _MONTHS[key[:3]]


def _as_at(text: str) -> date | None:
    """"24 March 2006" (as the export writes it) -> the date; None when it is not one."""
    m = re.fullmatch(rf"\s*(\d{{1,2}})\s+({_MONTH_RE})\s+(\d{{4}})\s*", text, re.I)
    return _make_date(int(m[3]), _month(m[2]), int(m[1])) if m else None


def _head(line: str):
    """(date, names a month only, the rest, the day an undated note was in the plan, a date written that does
    not exist) for a line that opens a note: a dated one, one marked undated, or one opened by a date that
    does not exist ("31 February 2026: ..."), which the import refuses rather than reading it as more words
    of the note above; None for a line that opens no note."""
    undated = UNDATED_HEAD_RE.match(line)
    if undated:
        return None, False, line[undated.end():], _as_at(undated[1]), ""
    month = _MONTH_HEAD.match(line)
    if month:
        day = _make_date(_year(month[2]), _month(month[1]), None)
        return day, True, line[month.end():], None, ""
    m = _NOTE_HEAD.match(line)
    if not m:
        return None
    day = _make_date(_year(m[3]), _month(m[2]), int(m[1]))
    return day, False, line[m.end():], None, "" if day else m[0].strip(" :-–—")


def split_progress(text: str) -> list[NoteText]:
    """A "Progress to date" cell -> its notes.

    Lines that start with a date and a colon ("19 May 2006: ...") each open a note, and
    lines below without one continue it (this is how the export writes notes, newest
    first). A cell with no such line is the council's run-on log: it is cut after
    each date written with a year, as the officers wrote "done X 10.02.06 Y 15.02.06".
    """
    lines = [ln for ln in text.replace("\r\n", "\n").split("\n") if not MORE_NOTES_RE.match(ln.strip())]
    if any(_head(ln) for ln in lines):
        return _split_lines(lines)
    return _split_run_on(" ".join(ln.strip() for ln in lines if ln.strip()))


def _split_lines(lines: list[str]) -> list[NoteText]:
    notes: list[list] = []
    undated: list[str] = []
    for line in lines:
        head = _head(line)
        if head:
            notes.append([head[0], head[1], [head[2]], head[3], head[4]])
        elif notes:
            notes[-1][2].append(line)
        elif line.strip():
            undated.append(line)
    result = [NoteText(None, "\n".join(undated).strip())] if undated else []
    result += [NoteText(day, "\n".join(body).strip(), bad, in_plan_as_at=as_at, date_is_month=month)
               for day, month, body, as_at, bad in notes]
    return [n for n in result if n.text]


def _tokens(text: str):
    found, taken = [], []
    for kind, rx in _DATE_TOKENS:
        for m in rx.finditer(text):
            a, b = m.span()
            if any(not (b <= s or a >= e) for s, e in taken):
                continue
            try:
                if kind == "dmy":
                    d = _make_date(_year(m[3]), int(m[2]), int(m[1]))
                elif kind == "dMy":
                    d = _make_date(_year(m[3]), _month(m[2]), int(m[1]))
                else:
                    d = _make_date(_year(m[2]), _month(m[1]), None)
            except (KeyError, ValueError):
                continue
            found.append((a, b, d, m[0], kind == "My"))
            taken.append((a, b))
    found.sort()
    # A date in a range ("Oct05-Feb 06") or after "to be", "by end", "will" ... is a
    # deadline mentioned in passing, not the date the work was done.
    kept, prev_end = [], 0
    for i, (a, b, d, raw, month) in enumerate(found):
        clause = text[prev_end:a]
        dash_after = i + 1 < len(found) and re.fullmatch(r"\s*[-–]\s*", text[b:found[i + 1][0]])
        dash_before = i > 0 and re.fullmatch(r"\s*[-–]\s*", text[found[i - 1][1]:a])
        if not (dash_after or dash_before or _FUTURE.search(clause)):
            kept.append((a, b, d, raw, month))
        prev_end = b
    return kept


def _split_run_on(text: str) -> list[NoteText]:
    if not text:
        return []
    tokens = _tokens(text)
    pieces, start = [], 0
    for a, b, *_ in tokens:
        if not re.sub(r"[\s,;:.\-–]", "", text[start:a]):
            continue  # the date opens this note ("15 03 06 In absence of ..."): cut at the next one
        end = b + len(re.match(r"[.,;]*", text[b:])[0])
        pieces.append((start, end))
        start = end
    if text[start:].strip():
        pieces.append((start, len(text)))
    notes: list[NoteText] = []
    for a, b in pieces:
        piece = text[a:b].strip(" ,;-–")
        inside = [t for t in tokens if a <= t[0] and t[1] <= b]
        if not piece:
            continue
        if not inside and notes and (piece[0].islower() or _LONE_STATUS.match(piece)):
            last = notes[-1]
            notes[-1] = NoteText(last.date, f"{last.text} {piece}", last.bad_date, date_is_month=last.date_is_month)
            continue
        if not inside:
            notes.append(NoteText(None, piece))
            continue
        token = inside[0] if inside[0][0] - a <= 1 else inside[-1]
        notes.append(NoteText(token[2], piece, "" if token[2] else token[3], date_is_month=bool(token[2]) and token[4]))
    return notes


def note_key(day: date | None, text: str) -> tuple:
    return (day, collapse(text))
