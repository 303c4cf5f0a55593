"""The clerks' due-by sentence: "There are 14 areas of activity due by the end of June 2006. Of these 9
have been completed, 4 are on track, 1 is delayed and 2 have had no update since they fell due."

Due by: live (not cancelled) actions whose due date, read cleanly (`actionplan.deadlines`), is on or
before the "due by" date, as the plan stood at the as-at moment. Each is in exactly one part, each
part written once as a `Q` (`outcome_qs`) that the dashboard's figures and the drill-down lists share:

- *completed*: completed as at the as-at day.
- *no update* ("have had no update since they fell due"): `actionplan.updates.no_update_q` (open,
  past its due date, no progress note recorded on or after the day it fell due), not marked delayed,
  and no person's RAG override stands in for a report. Nobody said it is late: nobody said anything.
- *delayed*: not completed, not "no update", and Red as at the as-at day: marked delayed (a delay its
  lead reported stays a reported delay, even if nothing was recorded after it fell due), set Red by
  a person, or past its due date with an update recorded since it fell due that did not complete it
  (reported late).
- *on track*: the rest: not completed and not Red (not yet due, or judged Amber or Green by a person).

Actions with no usable due date are not counted. The clerk chooses what an "area of activity" is
(`AreaOfActivity`): an action (the default), or a recommendation, whose part comes from its live
actions due by the date (`recommendation_outcome`); and optionally one timescale group.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from actionplan.asat import Moment
from actionplan.dates import due_by_words
from actionplan.deadlines import due_by_q
from actionplan.models import AreaOfActivity, Plan, Rag, Recommendation, Status
from actionplan.rag import action_rag_q
from actionplan.selectors.action_rows import plan_actions
from actionplan.updates import UpdateState, no_update_q

DUE_PARTS = ("completed", "on_track", "delayed", "no_update")
OUTCOMES = {
    "completed": "completed",
    "on_track": "on track",
    "delayed": "delayed",
    "no_update": "no update since they fell due",
}


def outcome_qs(moment: Moment) -> dict[str, Q]:
    """Each part of the sentence as a filter on actions as they stood at `moment` (no due-by limit)."""
    live, done = ~Q(status=Status.CANCELLED), Q(status=Status.COMPLETED)
    silent = no_update_q(moment) & Q(rag_override="") & ~Q(status=Status.DELAYED)
    red = action_rag_q(Rag.RED, moment.on)
    return {
        "completed": live & done,
        "on_track": live & ~done & ~red,
        "delayed": live & ~done & red & ~silent,
        "no_update": silent,  # open, past due, no override: always Red, never completed
    }


def has_no_update(action) -> bool:
    """The "no update" part for an action already judged (`selectors.snapshot.ActionState`): the same
    rule as `outcome_qs()["no_update"]`, for papers that read the snapshot."""
    return (
        action.update_state == UpdateState.NO_UPDATE and not action.rag_override and action.status != Status.DELAYED
    )


def due_by_parts(moment: Moment, due_by: date) -> dict[str, Q]:
    due = due_by_q(due_by)
    return {part: due & q for part, q in outcome_qs(moment).items()}


def recommendation_outcome(due: dict[str, int]) -> str | None:
    """A recommendation's part, from how many of its live actions due by the date are in each part:
    completed when all are, delayed when any is, no update when any has none (and none is delayed),
    else on track. None when none of its actions is due by the date (it is not counted)."""
    if not sum(due.get(part, 0) for part in DUE_PARTS):
        return None
    if not (due.get("on_track") or due.get("delayed") or due.get("no_update")):
        return "completed"
    if due.get("delayed"):
        return "delayed"
    if due.get("no_update"):
        return "no_update"
    return "on_track"


@dataclass(frozen=True)
class Areas:
    """What the sentence counts: actions or recommendations, the whole plan or one timescale group."""

    area: str = AreaOfActivity.ACTIONS
    group: int | None = None  # timescale group id

    @property
    def by_recommendation(self) -> bool:
        return self.area == AreaOfActivity.RECOMMENDATIONS


@dataclass
class RecommendationDue:
    """One recommendation as it stood, with how many of its actions due by the date are in each part."""

    id: int
    number: int
    text: str
    group_id: int | None
    cancelled: bool
    due: dict[str, int]

    @property
    def outcome(self) -> str | None:
        return recommendation_outcome(self.due)

    @property
    def outcome_words(self) -> str:
        return OUTCOMES.get(self.outcome or "", "not due")

    @property
    def breakdown(self) -> str:
        """"3 due: 2 completed, 1 no update since they fell due"."""
        total = sum(self.due.get(part, 0) for part in DUE_PARTS)
        parts = [f"{self.due[part]} {OUTCOMES[part]}" for part in DUE_PARTS if self.due.get(part)]
        return f"{total} due: {', '.join(parts)}" if total else "None due"


def in_scope(recs: Iterable[RecommendationDue], areas: Areas) -> list[RecommendationDue]:
    """The recommendations an area of activity may come from (a cancelled one has no part as a whole)."""
    return [
        r for r in recs
        if (areas.group is None or r.group_id == areas.group) and not (areas.by_recommendation and r.cancelled)
    ]


def count_areas(recs: Iterable[RecommendationDue], areas: Areas) -> dict[str, int]:
    """The sentence's counts from each recommendation's counts: summed for actions, one each for
    recommendations with any action due."""
    counts = dict.fromkeys(DUE_PARTS, 0)
    for rec in in_scope(recs, areas):
        if areas.by_recommendation:
            if rec.outcome:
                counts[rec.outcome] += 1
        else:
            for part in DUE_PARTS:
                counts[part] += rec.due.get(part, 0)
    counts["total"] = sum(counts[part] for part in DUE_PARTS)
    return counts


def recommendations_due(moment: Moment, plan: Plan, due_by: date) -> list[RecommendationDue]:
    """Each recommendation as it stood, in number order, with its actions' parts (2 queries)."""
    parts = due_by_parts(moment, due_by)
    rows = plan_actions(moment, plan).values("recommendation_id").annotate(
        **{part: Count("pk", filter=q) for part, q in parts.items()}
    )
    counts = {row["recommendation_id"]: row for row in rows}
    recs = moment.rows(Recommendation, plan_id=plan.pk).order_by("number")
    return [
        RecommendationDue(
            r["id"], r["number"], r["text"], r["group_id"], r["cancelled"],
            {part: (counts.get(r["id"]) or {}).get(part) or 0 for part in DUE_PARTS},
        )
        for r in recs.values("id", "number", "text", "group_id", "cancelled")
    ]


# --- the words ------------------------------------------------------------------------

# part: ((verb for one, verb for many), (rest for one, rest for many))
PHRASES = {
    "completed": (("has", "have"), ("been completed", "been completed")),
    "on_track": (("is", "are"), ("on track", "on track")),
    "delayed": (("is", "are"), ("delayed", "delayed")),
    "no_update": (("has", "have"), ("had no update since it fell due", "had no update since they fell due")),
}


def _clause(part: str, subject: str, many: bool) -> str:
    verbs, rests = PHRASES[part]
    return f"{subject} {verbs[many]} {rests[many]}"


def describe_due_by(due_by: date) -> str:
    return f"by {due_by_words(due_by)}"


Segment = tuple[str, str]  # (words, the count they state: a DUE_PARTS name, "total", or "" for none)


def sentence_segments(counts: dict[str, int], due_by: date) -> list[Segment]:
    """The sentence in pieces, each figure apart so that a page can link it to its list."""
    total, when = counts["total"], describe_due_by(due_by)
    if total == 0:
        return [(f"There are no areas of activity due {when}.", "")]
    area = "area" if total == 1 else "areas"
    out: list[Segment] = [(f"There {'is' if total == 1 else 'are'} ", ""), (f"{total} {area} of activity", "total"),
                          (f" due {when}. ", "")]
    present = [part for part in DUE_PARTS if counts[part]]
    if total == 1:
        return [*out, (_clause(present[0], "It", False), present[0]), (".", "")]
    if len(present) == 1:
        n = counts[present[0]]
        return [*out, (_clause(present[0], "Both" if n == 2 else f"All {n}", True), present[0]), (".", "")]
    out.append(("Of these ", ""))
    for i, part in enumerate(present):
        if i:
            out.append((" and " if i == len(present) - 1 else ", ", ""))
        out.append((_clause(part, str(counts[part]), counts[part] != 1), part))
    return [*out, (".", "")]


def sentence_for(counts: dict[str, int], due_by: date) -> str:
    """The clerks' sentence from counts; singular, plural, "both", "all" and zero read naturally."""
    return "".join(words for words, _ in sentence_segments(counts, due_by))


@dataclass
class DueBy:
    due_by: date
    sentence: str
    counts: dict[str, int]
    areas: Areas = Areas()

    @property
    def segments(self) -> list[Segment]:
        return sentence_segments(self.counts, self.due_by)

    @property
    def scope(self) -> str:
        """The drill-down query string for this sentence's areas (add `outcome=` for one part)."""
        query = f"due_by={self.due_by.isoformat()}"
        if self.areas.by_recommendation:
            query += f"&area={self.areas.area}"
        if self.areas.group is not None:
            query += f"&group={self.areas.group}"
        return query


def due_by_sentence(
    plan: Plan, due_by: date, as_at: date | None, areas: Areas | None = None
) -> tuple[str, dict[str, int]]:
    """"There are 14 areas of activity due by the end of June 2006. Of these 9 have been
    completed, 4 are on track and 1 is delayed." from the plan as recorded at `as_at`."""
    counts = count_areas(recommendations_due(Moment.for_date(as_at), plan, due_by), areas or Areas())
    return sentence_for(counts, due_by), counts
