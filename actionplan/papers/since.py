"""Which earlier report a paper's "changes since the last report" are counted from.

The last report is the latest paper of the same plan, issued, to the same meeting body, whose meeting
came before this paper's (the newest issued version of it; never a version of this paper itself). A
paper that is already issued looks only at papers issued before it, so its own content never changes.

When no paper has gone to that body, the latest issued paper of the plan to any body stands in, and
the sentence names it (body, type and dates): a Cabinet that has not had a report before still learns
what changed since the plan was last reported, and cannot mistake a scrutiny note for its own report.

A clerk who sets "changes since" on the paper chooses the date themselves; it wins over both.
With none of these, the paper says plainly that there is nothing to compare with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from actionplan.dates import uk_date
from actionplan.models import Paper


@dataclass(frozen=True)
class Baseline:
    """The day changes are counted from (after its end), and where that day comes from."""

    since: date | None
    meeting_body: str  # this paper's meeting body, named in the sentences
    earlier: Paper | None = None  # the earlier issued paper compared with, if any
    same_body: bool = False  # whether that paper went to the same meeting body
    chosen: bool = False  # the clerk set the date on the paper

    @property
    def described(self) -> str:
        """'the last report to Cabinet, the Cabinet report of 13 July 2006 (figures as at 10 July 2006)'."""
        if self.chosen or self.earlier is None:
            return uk_date(self.since) if self.since else ""
        p = self.earlier
        what = (f"the {p.get_kind_display()} to the {p.meeting_body} of {uk_date(p.meeting_date)} "
                f"(figures as at {uk_date(p.as_at)})")
        if self.same_body:
            return f"the last report to the {self.meeting_body}, {what}"
        return f"the last paper issued on this plan, {what}"

    @property
    def missing_sentence(self) -> str:
        """Why there is nothing to compare with, in plain words."""
        return (f"No earlier paper on this plan has been issued, to the {self.meeting_body} or to any other "
                "meeting, and no 'changes since' date is set, so there is no earlier report to compare with.")

    @property
    def no_same_body_sentence(self) -> str:
        return f"No earlier report to the {self.meeting_body} has been issued." if (
            self.earlier is not None and not self.same_body and not self.chosen) else ""


def _own_versions(paper: Paper) -> set[int]:
    """The ids of this paper's earlier versions (a new version is not its own last report)."""
    ids, current = set(), paper.supersedes
    while current is not None:
        ids.add(current.pk)
        current = current.supersedes
    return ids


def _norm(body: str) -> str:
    return " ".join(body.split()).casefold()


def earlier_issued_paper(paper: Paper) -> tuple[Paper | None, bool]:
    """(the last issued paper before this one, whether it went to the same meeting body)."""
    issued = Paper.objects.filter(plan_id=paper.plan_id, issued_at__isnull=False,
                                  meeting_date__lt=paper.meeting_date)
    if paper.pk is not None:
        issued = issued.exclude(pk=paper.pk)
    if paper.issued_at is not None:
        issued = issued.filter(issued_at__lt=paper.issued_at)
    own = _own_versions(paper)
    candidates = [p for p in issued.order_by("-meeting_date", "-as_at", "-version", "-pk") if p.pk not in own]
    same = [p for p in candidates if _norm(p.meeting_body) == _norm(paper.meeting_body)]
    if same:
        return same[0], True
    return (candidates[0], False) if candidates else (None, False)


def paper_baseline(paper: Paper) -> Baseline:
    if paper.changes_since is not None:
        return Baseline(paper.changes_since, paper.meeting_body, chosen=True)
    earlier, same_body = earlier_issued_paper(paper)
    if earlier is None:
        return Baseline(None, paper.meeting_body)
    return Baseline(earlier.as_at, paper.meeting_body, earlier=earlier, same_body=same_body)
