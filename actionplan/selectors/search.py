"""Finding actions by what people type: the one rule behind the action list's search (and the
workbook of that list), the home page's search box and the jump straight to an action.

A query is read into terms (`parse_search`); an action matches when it matches every term, except
that references are alternatives ("13.2 13.9" lists both; an action has only one reference):

- "13.2" (also "13 .2", "action 13.2", "rec 13.2", "R13.2"): that action.
- "rec 10", "recommendation 10", "R10": the actions of recommendation 10.
- A number alone, "10": the actions of recommendation 10 where the plan has one; in a plan
  without it, actions whose description has that number standing alone ("for 12 months").
- Letters alone, "HL" or "hl": where the action's plan has someone with those initials, actions
  they lead (or whose lead cell, as written, names them: "SF,HL,AH"); elsewhere a word.
- Anything else is a word, found anywhere (any case, any order) in the description, the lead cell,
  the target/success criteria or a progress note.

So "10 HL" is recommendation 10's actions led by Henry Lewis, and "audit hl" the actions he leads
that mention an audit. Each term is an `Exists` or a plain condition: no joins, no duplicates, and
the same SQL on SQLite and PostgreSQL (the regular expressions use only what both understand).
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from functools import reduce
from typing import Literal

from django.db.models import Exists, OuterRef, Q, QuerySet

from actionplan.models import Action, ActionLead, Person, ProgressNote, Recommendation

Kind = Literal["action", "recommendation", "number", "letters", "word"]

MAX_LENGTH = 100  # characters a search may have (the form says so)

# "13 .2", "13. 2" -> "13.2"; never inside a date such as "10.02.06".
_SPACED_REFERENCE = re.compile(r"(?<![\d.])(\d+)\s*\.\s*(\d+)(?![\d.])")
# "recommendation 10", "rec. 10", "rec10", "R10" -> "rec:10"; "action 13.2" -> "13.2".
_RECOMMENDATION_WORD = re.compile(r"\b(?:recommendation|rec\.?|r(?=\d))\s*(?=\d)", re.IGNORECASE)
_ACTION_WORD = re.compile(r"\baction\s+(?=\d+\.\d+(?![\d.]))", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s,;]+")
_PUNCTUATION = "\"'“”‘’()[]{}.:!?"

_ACTION = re.compile(r"(?:rec:)?(\d+)\.(\d+)")
_RECOMMENDATION = re.compile(r"rec:(\d+)")
_NUMBER = re.compile(r"\d+")
_LETTERS = re.compile(r"[^\W\d_]{1,12}")  # as long as initials may be (Person.initials)


@dataclass(frozen=True)
class Term:
    kind: Kind
    text: str  # as typed, tidied: "13.2", "rec 10", "10", "HL", "audit"
    recommendation: int | None = None
    position: int | None = None

    @property
    def number(self) -> int:
        """The recommendation's number, for the terms that name one (references and numbers)."""
        if self.recommendation is None:
            raise ValueError(f"{self.text!r} names no recommendation")
        return self.recommendation

    @property
    def is_reference(self) -> bool:
        return self.kind in ("action", "recommendation")


@dataclass(frozen=True)
class Search:
    terms: tuple[Term, ...]

    @property
    def references(self) -> list[Term]:
        return [t for t in self.terms if t.is_reference]

    @property
    def single_action(self) -> Term | None:
        """The action reference when that is the whole query ("13.2"): the one that may jump."""
        only = self.terms[0] if len(self.terms) == 1 else None
        return only if only is not None and only.kind == "action" else None


def parse_search(text: str) -> Search:
    """Read what was typed into terms (see the module's docstring); nothing typed, no terms."""
    tidied = _SPACED_REFERENCE.sub(r"\1.\2", text or "")
    tidied = _ACTION_WORD.sub("", _RECOMMENDATION_WORD.sub("rec:", tidied))
    terms = [_term(token.strip(_PUNCTUATION)) for token in _SEPARATORS.split(tidied)]
    return Search(tuple(t for t in terms if t is not None))


def _term(token: str) -> Term | None:
    if not token:
        return None
    if found := _ACTION.fullmatch(token):
        rec, position = int(found[1]), int(found[2])
        return Term("action", Action.reference_of(rec, position), rec, position)
    if found := _RECOMMENDATION.fullmatch(token):
        return Term("recommendation", f"rec {int(found[1])}", int(found[1]))
    if _NUMBER.fullmatch(token):
        return Term("number", token, int(token))
    if _LETTERS.fullmatch(token):
        return Term("letters", token)
    return Term("word", token.replace("rec:", "rec "))


def _words_q(word: str) -> Q:
    notes = ProgressNote.objects.filter(action=OuterRef("pk"), text__icontains=word)
    return (
        Q(description__icontains=word) | Q(lead_text__icontains=word) | Q(success_criteria__icontains=word)
        | Q(Exists(notes))
    )


def _standing_alone(text: str, outside: str) -> str:
    """A regular expression for `text` not touching characters of the class `outside` (both databases)."""
    return rf"(^|[^{outside}]){re.escape(text)}([^{outside}]|$)"


def term_q(term: Term) -> Q:
    """The condition an action meets when it matches one term."""
    plan = OuterRef("recommendation__plan")
    if term.kind == "action":
        return Q(recommendation__number=term.recommendation, position=term.position)
    if term.kind == "recommendation":
        return Q(recommendation__number=term.recommendation)
    if term.kind == "number":
        has_it = Exists(Recommendation.objects.filter(plan=plan, number=term.number))
        in_text = Q(description__regex=_standing_alone(term.text, "0-9"))
        return Q(recommendation__number=term.recommendation) | (~has_it & in_text)
    if term.kind == "letters":
        someone = Exists(Person.objects.filter(plan=plan, initials__iexact=term.text))
        leads = ActionLead.objects.filter(action=OuterRef("pk"), person__initials__iexact=term.text)
        led = Q(Exists(leads)) | Q(lead_text__iregex=_standing_alone(term.text, "A-Za-z"))
        return (someone & led) | (~someone & _words_q(term.text))
    return _words_q(term.text)


def search_q(search: Search) -> Q:
    """Every term, with the references as alternatives to one another."""
    references = [term_q(t) for t in search.references]
    q = reduce(operator.or_, references) if references else Q()
    for term in search.terms:
        if not term.is_reference:
            q &= term_q(term)
    return q


def search_actions(queryset: QuerySet[Action], text: str) -> QuerySet[Action]:
    """The actions of `queryset` that match what was typed (all of them when nothing was)."""
    search = parse_search(text)
    return queryset.filter(search_q(search)) if search.terms else queryset


def jump_target(scope: QuerySet[Action], search: Search) -> int | None:
    """The action to open straight away: the query is one action reference and exactly one action
    in `scope` has it (two plans may both have a 13.2: then the list shows both)."""
    if search.single_action is None:
        return None
    found = list(scope.filter(term_q(search.single_action)).values_list("pk", flat=True)[:2])
    return found[0] if len(found) == 1 else None


def missing_references(scope: QuerySet[Action], search: Search) -> list[str]:
    """A sentence for each action or recommendation asked for by reference that `scope` does not
    have ("There is no action 13.42 in this plan. Recommendation 13 has actions 13.1 to 13.9.")."""
    wanted = search.references
    if not wanted:
        return []
    numbers = {t.recommendation for t in wanted}
    rows = list(
        scope.filter(recommendation__number__in=numbers)
        .values_list("recommendation__number", "position").order_by()
    )
    one_plan = scope.values("recommendation__plan").distinct().order_by().count() <= 1
    where = "in this plan" if one_plan else "in any plan you can see"
    problems = []
    for term in wanted:
        positions = sorted(p for n, p in rows if n == term.recommendation)
        if term.kind == "recommendation" and not positions:
            problems.append(f"There is no recommendation {term.recommendation} {where}.")
        elif term.kind == "action" and term.position not in positions:
            problems.append(f"There is no action {term.text} {where}." + _range(term, positions, one_plan))
    return problems


def _range(term: Term, positions: list[int], one_plan: bool) -> str:
    if not one_plan:
        return ""
    if not positions:
        return f" There is no recommendation {term.recommendation} either."
    rec = term.number
    first, last = (Action.reference_of(rec, p) for p in (positions[0], positions[-1]))
    if first == last:
        return f" Recommendation {rec} has one action, {first}."
    return f" Recommendation {rec} has actions {first} to {last}."
