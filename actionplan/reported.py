"""A recommendation's reported RAG beside the RAG its actions suggest: which one a page leads with,
and why they differ, in one line.

- **Reported RAG** as at a moment: the most recent of (a) the RAG a director set by hand that was
  in force at that moment (dated the day it was set, with its reason and who set it) and (b) the
  latest summary of progress dated on or before the as-at day that carries a RAG (dated the day it
  speaks of, "Summary progress report", its first sentence as the reason). On the same day the
  director's setting wins: it is the one given with a reason. None when neither exists.
- **Suggested RAG**: the roll-up of the actions' RAGs (`actionplan.rag.roll_up`).
- **Lead RAG**, the one papers and dashboards show first: the reported RAG when there is one,
  else the suggestion (labelled "suggested from the actions").
- **The difference**, when the two disagree: "Reported Green on 19 May 2006 (summary progress
  report); the actions suggest Red: 3 past due with no update since they fell due (1.21, 1.22,
  1.23), 1 reported delayed (1.5)". "No update" is `actionplan.updates.update_state`'s rule.

The facts come from the selectors (the dashboard counts in the database, the snapshot holds every
action); the words are written here once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import models

from actionplan.dates import uk_date
from actionplan.models import Rag, Status
from actionplan.rag import completed_rag

REASON_LENGTH = 160  # a summary's first sentence is cut (at a word) beyond this many characters
REFERENCES_SHOWN = 8
BULLET = r"^\s*[-•*–]\s+"  # references listed per kind of Red action before "and N more"


class Source(models.TextChoices):
    DIRECTOR = "director", "Set by a director"
    SUMMARY = "summary", "Summary progress report"


def rag_word(rag: str | None) -> str:
    return dict(Rag.choices).get(rag, rag) if rag else "no RAG"


@dataclass(frozen=True)
class ReportedRag:
    """A RAG someone reported for a recommendation: what, on which day, where, why and by whom."""

    rag: str
    date: date
    source: str  # a Source value
    reason: str
    by: str = ""

    @property
    def source_words(self) -> str:
        return Source(self.source).label

    @property
    def described(self) -> str:
        """Where and when it was reported, and why: "Set by Sue Fiennes on 3 June 2006: agreed at the
        board" or "Summary progress report of 19 May 2006: All milestones /actions now completed."."""
        if self.source == Source.DIRECTOR:
            return f"Set by {self.by or 'a director'} on {uk_date(self.date)}: {self.reason}"
        return f"{self.source_words} of {uk_date(self.date)}: {self.reason}"

    @property
    def when_where(self) -> str:
        """"Reported 19 May 2006 (summary progress report)"."""
        return f"Reported {uk_date(self.date)} ({self.source_words.lower()})"

    @property
    def said(self) -> str:
        """"Reported Green on 19 May 2006 (summary progress report)"."""
        return f"Reported {rag_word(self.rag)} on {uk_date(self.date)} ({self.source_words.lower()})"

    def as_json(self) -> dict:
        return {"rag": self.rag, "date": self.date.isoformat(), "source": self.source, "reason": self.reason,
                "by": self.by or None}


def summary_reason(text: str) -> str:
    """The first sentence of a summary of progress (bullets and line breaks dropped), cut at a word."""
    parts: list[str] = []
    for line in (text or "").splitlines():
        words = re.sub(BULLET, "", line).strip()
        if not words:
            continue
        if re.match(BULLET, line) and parts and not parts[-1].endswith((":", ".", ";")):
            parts[-1] += ";"  # one bullet from the next
        parts.append(words)
    flat = " ".join(" ".join(parts).split())
    if not flat:
        return "A summary of progress with no words"
    match = re.search(r"[.!?](?=\s|$)", flat)
    first = flat[: match.end()] if match else flat
    if len(first) <= REASON_LENGTH:
        return first
    return first[:REASON_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def reported_rag(
    *,
    override: str,
    override_reason: str,
    override_set_on: date | None,
    override_by: str = "",
    summary_rag: str = "",
    summary_date: date | None = None,
    summary_text: str = "",
    on: date,
) -> ReportedRag | None:
    """The reported RAG as at `on` from the override then in force and the latest summary of progress
    recorded by then (the caller reads both as they stood): the more recent wins, the override on a tie."""
    candidates = []
    if override and override_set_on is not None:
        reason = override_reason.strip() or "No reason recorded"
        candidates.append(ReportedRag(override, override_set_on, Source.DIRECTOR, reason, override_by))
    if summary_rag and summary_date is not None and summary_date <= on:
        candidates.append(ReportedRag(summary_rag, summary_date, Source.SUMMARY, summary_reason(summary_text)))
    if not candidates:
        return None
    # Latest date first; on the same day the director's setting (listed first) stays first.
    return max(candidates, key=lambda r: r.date)


@dataclass(frozen=True)
class RedAction:
    """One Red action behind a Red suggestion, with what makes it Red."""

    reference: str
    status: str
    by_hand: bool  # Red only because a person set it Red (its status and dates do not make it Red)
    no_update: bool  # `actionplan.updates.update_state` says no update since it fell due


RED_KINDS = [  # (kind, words), in the order the line lists them
    ("no_update", "past due with no update since they fell due"),
    ("delayed", "reported delayed"),
    ("by_hand", "set Red by hand"),
    ("past_due", "past due, updated since they fell due"),
]


def _red_kind(action: RedAction) -> str:
    if action.by_hand:
        return "by_hand"
    if action.status == Status.DELAYED:
        return "delayed"
    return "no_update" if action.no_update else "past_due"


def _reference_order(reference: str) -> list[int]:
    return [int(part) for part in reference.split(".") if part.isdigit()]


def _references(refs: list[str]) -> str:
    refs = sorted(refs, key=_reference_order)
    shown = ", ".join(refs[:REFERENCES_SHOWN])
    more = len(refs) - REFERENCES_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


def suggestion_words(*, suggested: str | None, live: int, done: int, reds: Iterable[RedAction]) -> str:
    """Why the actions suggest what they do, in words: `live` actions not cancelled, `done` of them
    Green (Blue under that scheme), `reds` the Red ones."""
    if suggested is None or not live:
        return "no live actions"
    if suggested == Rag.RED:
        by_kind: dict[str, list[str]] = {}
        for action in reds:
            by_kind.setdefault(_red_kind(action), []).append(action.reference)
        parts = [f"{len(refs)} {words} ({_references(refs)})" for kind, words in RED_KINDS
                 if (refs := by_kind.get(kind))]
        return ", ".join(parts) or "an action is Red"
    if suggested == completed_rag():
        return f"all {live} actions {'completed' if done == live else rag_word(suggested)}"
    return f"{live - done} of {live} actions not completed"


def rag_difference(reported: ReportedRag | None, suggested: str | None, words: str) -> str | None:
    """The one line a page and a paper print when the reported and suggested RAG differ; else None."""
    if reported is None or reported.rag == suggested:
        return None
    return f"{reported.said}; the actions suggest {rag_word(suggested)}: {words}"


@dataclass(frozen=True)
class RecommendationRag:
    """A recommendation's RAG as a page shows it: the lead, the reported, the suggested with its
    basis in words, and the line saying why the two differ (None when they agree)."""

    reported: ReportedRag | None
    suggested: str | None
    basis: str = ""
    difference: str | None = None

    @property
    def lead(self) -> str | None:
        return self.reported.rag if self.reported else self.suggested

    @property
    def lead_source(self) -> str:
        """What the lead RAG is, in words: "Reported 19 May 2006 (…)" or "Suggested from the actions"."""
        return self.reported.when_where if self.reported else "Suggested from the actions"

    @property
    def differs(self) -> bool:
        return self.difference is not None


def recommendation_rag(
    reported: ReportedRag | None, *, suggested: str | None, live: int, done: int, reds: Iterable[RedAction]
) -> RecommendationRag:
    """Put the two side by side, with the suggestion's basis and, where they differ, the line saying why."""
    words = suggestion_words(suggested=suggested, live=live, done=done, reds=reds)
    return RecommendationRag(reported, suggested, words, rag_difference(reported, suggested, words))
