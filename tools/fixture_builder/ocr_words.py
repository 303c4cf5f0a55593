"""Join the words the OCR broke apart ("Herefordshi re", "thereaft er") by a rule plus a list.

The rule (applied to two neighbouring words, separated by one space):

* **Split**: join "A B" when the joined word AB is written whole somewhere in the seeds, unless A
  and B are both words the seeds also use on their own. "Herefordshi re" becomes "Herefordshire"
  ("Herefordshi" is never used on its own); "up on", "under way", "health care" stay apart ("upon",
  "underway", "healthcare" are in the seeds too, but so are "up", "on", "under", "way", ...).
* **Hyphen**: join a hyphen left open on one side ("co- ordinate", "multi -agency") when the
  hyphenated word is written whole in the seeds ("co-ordinate", "multi-agency"); "syndrome- done"
  stays (no such word).
* **Ordinal**: join a day number and its own ordinal suffix ("17 th", "1 st", "2 nd"; not "2 th").

A word is "used on its own" when it occurs somewhere that is not one of these candidate pairs.
Words are the space-separated tokens with their outer punctuation removed, cut at "/" ("May/Jun e"
reads "May/June"), compared in lower case.

The corrections file's `ocr_words` handles what the rule cannot decide: `join` entries (each with its
reading and why: a split whose whole word the seeds never write, such as "Comme ncing", or a
run-together such as "Allianctook") are applied first, and `keep` entries name pairs the rule would
join but the council wrote as two words ("Task force"). Every entry must be used, or the build fails.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from .errors import FixtureBuildError

_PUNCT = r"[^\w]"
_OUTER = re.compile(rf"^{_PUNCT}+|{_PUNCT}+$")
_TOKEN = re.compile(r"\S+")


def _word(text: str) -> str:
    return _OUTER.sub("", text).lower()


def _tail(token: str) -> str:
    """The last word of a token, cut at "/": "May/Jun" -> "Jun"."""
    return token.rsplit("/", 1)[-1]


def _head(token: str) -> str:
    return token.split("/", 1)[0]


def _ordinal(number: str) -> str:
    n = int(number)
    return "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _kind(left: str, right: str, whole: set[str]) -> tuple[str, str] | None:
    """('split' | 'hyphen' | 'ordinal', the joined word) when the two tokens are a candidate pair."""
    a, b = _tail(left), _head(right)
    if re.fullmatch(r"\d{1,2}", a) and (m := re.fullmatch(r"(st|nd|rd|th)\W*", b)) and m[1] == _ordinal(a):
        return "ordinal", a + m[1]
    joined = _word(a + b)
    if not joined or joined not in whole:
        return None
    if a[-1:].isalpha() and b[:1].isalpha():
        return "split", joined
    if (a.endswith("-") != b.startswith("-")) and "-" in joined and a.rstrip("-") and b.lstrip("-"):
        return "hyphen", joined
    return None


@dataclass
class Lexicon:
    """The seeds' words: each written whole, and how often each is used outside a candidate pair."""

    whole: set[str]
    alone: Counter

    @classmethod
    def from_text(cls, text: str) -> "Lexicon":
        tokens = text.split()
        whole = {_word(part) for token in tokens for part in token.split("/")} - {""}
        heads, tails = set(), set()  # tokens whose first / last "/"-part is in a candidate pair
        for i in range(len(tokens) - 1):
            if _kind(tokens[i], tokens[i + 1], whole):
                tails.add(i)
                heads.add(i + 1)
        alone: Counter = Counter()
        for i, token in enumerate(tokens):
            parts = token.split("/")
            last = len(parts) - 1
            alone.update(
                w
                for j, part in enumerate(parts)
                if not (j == 0 and i in heads) and not (j == last and i in tails) and (w := _word(part))
            )
        return cls(whole, alone)


@dataclass
class Joins:
    """What was joined, for the build report and the README's counts."""

    rule: Counter = field(default_factory=Counter)  # (written, reads) -> occurrences
    hyphen: Counter = field(default_factory=Counter)
    ordinal: Counter = field(default_factory=Counter)
    listed: Counter = field(default_factory=Counter)
    kept: Counter = field(default_factory=Counter)


class WordJoiner:
    """Joins OCR splits in the plan's text. The seeds' words are read after the list's own joins,
    so a run-together the list separates ("TheCouncils") is not a word the rule could restore."""

    def __init__(self, seed_text: str, entries: dict) -> None:
        self.join_entries = entries.get("join", [])
        self.keep = {entry["written"].lower() for entry in entries.get("keep", [])}
        self.joins = Joins()
        for entry in self.join_entries:
            if not entry.get("why") or "reads" not in entry:
                raise FixtureBuildError(f"corrections ocr_words: {entry.get('written')!r} needs 'reads' and 'why'")
        for entry in entries.get("keep", []):
            if not entry.get("why"):
                raise FixtureBuildError(f"corrections ocr_words: keep {entry.get('written')!r} needs 'why'")
        self._listed = [
            (re.compile(rf"(?<!\w){re.escape(e['written'])}(?!\w)"), e["written"], e["reads"])
            for e in self.join_entries
        ]
        self.lexicon = Lexicon.from_text(self._apply_list(seed_text, None))

    def __call__(self, text: str) -> str:
        """The text with the corrections' joins and the rule's joins applied."""
        return self._apply_rule(self._apply_list(text, self.joins.listed))

    def _apply_list(self, text: str, counts: Counter | None) -> str:
        for pattern, written, reads in self._listed:
            text, n = pattern.subn(reads, text)
            if n and counts is not None:
                counts[(written, reads)] += n
        return text

    def _apply_rule(self, text: str) -> str:
        out: list[str] = []
        matches = list(_TOKEN.finditer(text))
        pos = 0
        current = ""
        for m in matches:
            gap = text[pos : m.start()]
            pos = m.end()
            token = m.group()
            if current and gap == " " and (how := self._join_how(current, token)):
                self._count(how, current, token)
                current += token
                continue
            out.append(current)
            out.append(gap)
            current = token
        out.append(current)
        out.append(text[pos:])
        return "".join(out)

    def _join_how(self, left: str, right: str) -> str | None:
        found = _kind(left, right, self.lexicon.whole)
        if found is None:
            return None
        how, _ = found
        pair = f"{_word(_tail(left))} {_word(_head(right))}"
        if how == "split" and all(self.lexicon.alone[w] for w in pair.split(" ")):
            return None
        if how == "split" and pair in self.keep:
            self.joins.kept[pair] += 1
            return None
        return how

    def _count(self, how: str, left: str, right: str) -> None:
        pair = (f"{_tail(left)} {_head(right)}", _tail(left) + _head(right))
        {"split": self.joins.rule, "hyphen": self.joins.hyphen, "ordinal": self.joins.ordinal}[how][pair] += 1

    def check_all_used(self) -> None:
        """Every list entry must have been needed: a stale entry fails the build."""
        used = {written for written, _ in self.joins.listed}
        for entry in self.join_entries:
            if entry["written"] not in used:
                raise FixtureBuildError(f"corrections ocr_words: {entry['written']!r} is not in the plan's text")
        for pair in self.keep:
            if pair not in self.joins.kept:
                raise FixtureBuildError(f"corrections ocr_words: keep {pair!r} is never joined by the rule")
