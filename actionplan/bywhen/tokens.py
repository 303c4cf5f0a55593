"""The words of a "By when" cell, tidied and cut into the tokens the reader knows.

A cell with a word the reader does not know has no tokens (None): it stays unread, because an
unknown word ("not before", "after", "approx.") may change what the dates mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words the OCR breaks mid-word ("thereaft er", "Februar y"). Each is rejoined wherever its letters
# appear separated only by single spaces. Longest first, so "reviewed" is rejoined before "review"
# can claim its first six letters.
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

MONTH_WORD = re.compile(
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTH_ABBR = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}  # UK, three months each

MODIFIERS = {"end", "mid", "late", "of"}  # parts of a date: "end of June 06", "mid Feb 06", "late Feb"
MARKS = {
    "commencing": "start",
    "from": "start",
    "starting": "start",
    "beginning": "start",
    "review": "review",
    "reviewed": "review",
    "cycle": "cycle",  # "... the monthly cycle = end Feb 06": the cycle is complete by then
}
RECURRENCES = {"weekly", "fortnightly", "monthly", "bimonthly", "quarterly", "annually"}
RECURRENCE_WORDS = {"thereafter", "atleast"}  # only with a recurrence: "Apr 06 and thereafter" is not read
IN_PLACE = {"inplace", "ongoing"}
# Words that say nothing about the dates ("Agreed by June 06 for immediate implementation").
FILLERS = {
    *("and", "subject", "with", "a", "in", "of", "be", "the", "arrangements"),
    *("by", "before", "due", "agreed", "update", "initially", "development", "project"),
    *("for", "immediate", "implementation", "completion"),
}
LINKS = {"-", "/", "to"}  # join the two ends of a range: "Jan - Mar 06", "May/June 06", "Jan to Mar 06"


@dataclass(frozen=True)
class Token:
    kind: str  # num, year, month, season, quarter, fy, numdate, link, word
    text: str
    value: tuple[int, ...] = ()


def _phrases(s: str) -> str:
    """Lower-case, rejoin split words and tidy punctuation so the tokens stay few."""
    s = s.lower()
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)  # en/em dashes -> hyphen
    s = re.sub(r"\bbi\s*-?\s*monthly\b", "bimonthly", s)  # keep its hyphen from reading as a range
    s = re.sub(r"\bon\s*-\s*going\b", "ongoing", s)
    for pattern, word in _REJOIN:
        s = pattern.sub(word, s)
    s = re.sub(r"(\d)\s*(?:st|nd|rd|th)\b", r"\1", s)  # "1 st", "15th" -> the day
    s = re.sub(r"([a-z]{3,})(\d)", r"\1 \2", s)  # "Sep06" -> "sep 06"
    s = re.sub(r"\b(?:at least|no less than)\b", "atleast", s)
    s = re.sub(r"\bin place\b", "inplace", s)
    return re.sub(r"(?<=[a-z])\.", " ", s)  # "Feb.", "Sept."


_TOKEN = re.compile(
    r"(?P<numdate>\d{1,2}([./-])\d{1,2}\2\d{2}(?:\d{2})?)(?![\d/-])"
    r"|(?P<iso>\d{4}-\d{1,2}-\d{1,2})(?![\d/-])"
    r"|(?P<fy>\d{2}(?:\d{2})?/\d{2})(?![\d/])"
    r"|(?P<apos>['\u2018\u2019]\d{2})(?!\d)"
    r"|(?P<num>\d+)"
    r"|(?P<quarter>q[1-4])(?![a-z\d])"
    r"|(?P<word>[a-z]+)"
    r"|(?P<link>[-/])"
    r"|(?P<skip>[\s,;:()=.]+)"
    r"|(?P<other>.)"
)


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)  # two-digit years are 20xx


def _word(text: str) -> Token | None:
    if MONTH_WORD.fullmatch(text):
        return Token("month", text, (_MONTH_ABBR.index(text[:3]) + 1,))
    if text in SEASON_START:
        return Token("season", text, (SEASON_START[text],))
    if text == "to":
        return Token("link", text)
    if text in MODIFIERS | MARKS.keys() | RECURRENCES | RECURRENCE_WORDS | IN_PLACE | FILLERS:
        return Token("word", text)
    return None


def _token(kind: str, text: str) -> Token | None:
    if kind == "numdate":  # day first, as UK papers write: 07.03.06, 7/3/06, 07-03-06
        day, month, year = re.split(r"[./-]", text)
        return Token(kind, text, (int(day), int(month), _year(year)))
    if kind == "iso":  # 2006-03-07
        year, month, day = text.split("-")
        return Token("numdate", text, (int(day), int(month), int(year)))
    if kind == "fy":
        first, second = text.split("/")
        return Token(kind, text, (_year(first), int(second)))
    if kind == "apos":
        return Token("year", text, (_year(text[1:]),))
    if kind == "num":  # a four-digit number is a year; a shorter one keeps its width ("06" may be a year)
        return Token("year", text, (int(text),)) if len(text) == 4 else Token(kind, text, (int(text), len(text)))
    if kind == "quarter":
        return Token(kind, text, (int(text[1]),))
    if kind == "link":
        return Token(kind, text)
    return _word(text) if kind == "word" else None


def tokenise(text: str) -> list[Token] | None:
    """The cell's tokens, or None when it holds a word or sign the reader does not know."""
    tokens = []
    for m in _TOKEN.finditer(_phrases(text)):
        kind = m.lastgroup or "other"
        if kind == "skip":
            continue
        token = _token(kind, m.group(kind))
        if token is None:
            return None
        tokens.append(token)
    return tokens
