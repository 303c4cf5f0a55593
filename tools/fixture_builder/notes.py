"""Split a "Progress to date" cell into dated notes, and derive status.

Splitting rule (automatic; corrections may give explicit break points):

1. Find date tokens (textutil.find_dates).  A token is a *reference*, not a
   note date, when it is inside a closed parenthesis, part of a range
   ("Oct05-Feb 06"), directly after "by end"/"before"/"until", or when the
   clause leading up to it (since the previous date, parentheses left out)
   speaks of the future or
   a plan: "to be" (but not "to be with"), "will", "no later than", "scheduled", "expected",
   "target", "ideally", "following".
2. Text up to and including a note date forms a note dated by it
   ("Interim written guidance issued 10.02.06").  Punctuation and a
   parenthesis right after the date stay with it.  A date followed by ":"
   or a dash does not end its note ("extended 22 02 06 – Project Initiation
   Document produced").  The future-clause test is not applied to a date
   that opens a sentence (rule 3).
3. A date opens its note instead ("15 03 06 In absence of ...") when it
   starts the cell, follows a full stop, or is the second of two adjacent
   dates ("...request 15.02.06 21 02 06 positive response received...").
4. Three or more adjacent dates are a list ("Visits/Reviews 10.02.06
   16 02 06 28 02 06 09 03 06 16 03 06"): one note, dated by the last.
5. Text after the last date is a note of its own, dated null, unless it is a
   lone "Completed"/"Done" or starts in lower case ("and in operation"),
   which stays with the note before it.
6. A note's date is its opening date if it has one, else the last note date
   in it.  An impossible date ("30.02.06", "31 02 06") gives date null.
"""

import re

from .textutil import DateToken, find_dates

_FUTURE_CLAUSE = re.compile(
    r"\b(to be(?!\s+with)|will|no later than|scheduled|expected|target|ideally|following)\b", re.I
)
_FUTURE_BEFORE = re.compile(r"\b(by end|before|until|till)\s*$", re.I)
_SEPARATORS = re.compile(r"^[\s,;:\-–—]+")
_LONE_STATUS = re.compile(r"^(completed|done)\.?$", re.I)


def _mark_references(text: str, tokens: list[DateToken], origin: int = 0) -> None:
    for i, tok in enumerate(tokens):
        prev_end = tokens[i - 1].end if i else origin
        clause = re.sub(r"\([^()]*\)", " ", text[prev_end : tok.start])
        before = text[origin : tok.start]
        opens_sentence = not before.strip(" ,;-–") or before.rstrip().endswith(".")
        after = text[tok.end :]
        in_paren = before.count("(") > before.count(")") and ")" in after
        in_range = bool(
            re.match(r"\s*[-–]\s*", after)
            and i + 1 < len(tokens)
            and text[tok.end : tokens[i + 1].start].strip() in ("-", "–")
        )
        in_range = in_range or (i > 0 and text[tokens[i - 1].end : tok.start].strip() in ("-", "–"))
        future = not opens_sentence and bool(_FUTURE_CLAUSE.search(clause) or _FUTURE_BEFORE.search(clause))
        tok.ref = bool(in_paren or in_range or future)


def _extend_after(text: str, pos: int) -> int:
    """Keep trailing punctuation and an immediately following (...) with a date."""
    m = re.match(r"[.,;]*", text[pos:])
    pos += m.end()
    m = re.match(r"\s*\([^()]*\)", text[pos:])
    if m:
        pos += m.end()
    return pos


def _runs(text: str, tokens: list[DateToken]) -> list[list[DateToken]]:
    runs: list[list[DateToken]] = []
    for tok in tokens:
        if runs and re.fullmatch(r"[\s,;]*", text[runs[-1][-1].end : tok.start]):
            runs[-1].append(tok)
        else:
            runs.append([tok])
    return runs


def _auto_cuts(text: str, tokens: list[DateToken]) -> list[int]:
    notes = [t for t in tokens if not t.ref]
    cuts: list[int] = []
    for run in _runs(text, notes):
        if len(run) >= 3:
            cuts.append(_extend_after(text, run[-1].end))
            continue
        if len(run) == 2:
            cuts.append(run[1].start)
            tok = run[1]
        else:
            tok = run[0]
        before = text[: tok.start].rstrip()
        if len(run) == 1 and before.endswith(".") and before.strip(" ,;-–"):
            cuts.append(tok.start)  # opens a note after a full stop
            continue
        if len(run) == 1 and not _SEPARATORS.sub("", before):
            continue  # opens the cell
        if len(run) == 2:
            continue  # second of a pair opens its note
        if re.match(r"\s*[:\-–—]", text[tok.end :]):
            continue  # "w/b 27 02 06: one and a half ..." / "22 02 06 – Project ..."
        cuts.append(_extend_after(text, tok.end))
    return sorted({c for c in cuts if 0 < c < len(text)})


def _pieces(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    bounds = [0] + cuts + [len(text)]
    spans = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        seg = text[a:b]
        lead = len(seg) - len(_SEPARATORS.sub("", seg))
        a2, b2 = a + lead, b - (len(text[a:b]) - len(text[a:b].rstrip()))
        if b2 > a2:
            spans.append((a2, b2))
    return spans


def _date_token(span: tuple[int, int], tokens: list[DateToken]) -> DateToken | None:
    """The token that dates a note (rule 6), or None."""
    inside = [t for t in tokens if span[0] <= t.start and t.end <= span[1] and not t.ref]
    if not inside:
        return None
    return inside[0] if inside[0].start == span[0] else inside[-1]


def _note(text: str, tok: DateToken | None) -> dict:
    """A note: its date, and `date_precision` "month" when its text names only the month."""
    note = {"date": tok.iso if tok else None, "text": text}
    if tok is not None and tok.iso is not None and tok.precision == "month":
        note["date_precision"] = "month"
    return note


def split_notes(text: str, breaks: list[str] | None = None) -> tuple[list[dict], list[str]]:
    """Notes [{date, text[, date_precision]}] and the raw impossible dates met."""
    if not text:
        return [], []
    tokens = find_dates(text)
    if breaks is not None:
        cuts, pos = [], 0
        for marker in breaks:
            at = text.find(marker, pos)
            if at < 0:
                raise ValueError(f"note break {marker!r} not found in {text[:60]!r}...")
            cuts.append(at)
            pos = at + 1
        spans = _pieces(text, sorted({c for c in cuts if c > 0}))
        for a, b in spans:  # references judged within each piece
            _mark_references(text, [t for t in tokens if a <= t.start and t.end <= b], origin=a)
    else:
        _mark_references(text, tokens)
        spans = _pieces(text, _auto_cuts(text, tokens))
        merged: list[tuple[int, int]] = []
        for a, b in spans:
            piece = text[a:b]
            has_date = any(a <= t.start and t.end <= b and not t.ref for t in tokens)
            if merged and not has_date and (piece[0].islower() or _LONE_STATUS.match(piece)):
                merged[-1] = (merged[-1][0], b)
            else:
                merged.append((a, b))
        spans = merged
    notes, invalid = [], []
    for span in spans:
        tok = _date_token(span, tokens)
        notes.append(_note(text[span[0] : span[1]], tok))
        if tok is not None and tok.iso is None:
            invalid.append(tok.raw)
    return notes, invalid


# ---------------------------------------------------------------- status
_RECURRING_BY_WHEN = re.compile(r"monthly|thereafter|ongoing|on-going|weekly|fortnightly|quarterly", re.I)
_RECURRING_DESCRIPTION = re.compile(r"\b(weekly|monthly|fortnightly|regular)\b", re.I)
_COMPLETE = re.compile(
    r"\b(completed?|done|approved|achieved|agreed|produced|issued|established|in place"
    r"|endorsed|confirmed|adopted|prepared|briefed|submitted)\b",
    re.I,
)
_NOT_FINAL = re.compile(
    r"\b(to be|will|draft|initial|further work|awaiting|underway|under development|being"
    r"|in progress|majority|scheduled|expected|provisional|on track|to develop|negotiating)\b",
    re.I,
)


def is_recurring(by_when: str, description: str) -> bool:
    return bool(_RECURRING_BY_WHEN.search(by_when) or _RECURRING_DESCRIPTION.search(description))


def derive_status(by_when: str, description: str, notes: list[dict]) -> tuple[str, str | None, str]:
    """(status, completed_on, its precision) from the notes; see README section 6.

    The precision is "month" when the latest completion note names only its month ("Completed
    Mar 06"); a note of the same day that gives the day makes it "day"."""
    started = bool(notes) or by_when.lower().startswith("in place")
    if not started:
        return "not_started", None, "day"
    if is_recurring(by_when, description):
        return "ongoing", None, "day"
    finals = [n for n in notes if _COMPLETE.search(n["text"]) and not _NOT_FINAL.search(n["text"])]
    if not finals:
        return "in_progress", None, "day"
    dated = [n for n in finals if n["date"]]
    if not dated:
        return "completed", None, "day"
    latest = max(n["date"] for n in dated)
    by_month = all(n.get("date_precision") == "month" for n in dated if n["date"] == latest)
    return "completed", latest, ("month" if by_month else "day")
