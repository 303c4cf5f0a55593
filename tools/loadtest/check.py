"""After a drill: was every progress note the server accepted stored exactly once, with its history row?

The simulated officers write each note's text (unique to the run) to a JSON-lines file the moment the
server accepts it (the redirect after saving). `notes_check` compares that record with what the
database holds; `stored_notes` reads the database. Run as
`python -m tools.loadtest.check ACCEPTED.jsonl PREFIX` with the drill's environment: prints the
result as JSON and exits 1 when anything was lost, duplicated, saved unasked or left without history.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Accepted:
    """A note the server accepted: its action and its text."""

    action: int
    text: str


@dataclass(frozen=True)
class Stored:
    """A note in the database whose text carries the run's prefix, with its creation history rows."""

    id: int
    action: int
    text: str
    history_rows: int


@dataclass
class NotesCheck:
    accepted: int
    stored: int
    lost: list[str] = field(default_factory=list)  # accepted, not stored on its action
    duplicated: list[str] = field(default_factory=list)  # stored more than once
    unexpected: list[str] = field(default_factory=list)  # stored, but the user was not told it was saved
    without_history: list[str] = field(default_factory=list)  # stored without exactly one "created" history row

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.unexpected or self.without_history)


def notes_check(accepted: list[Accepted], stored: list[Stored], *, maybe_saved: set[str] = frozenset()) -> NotesCheck:
    """Compare what users were told was saved with what is stored. `maybe_saved`: texts whose save
    ended without an answer or with an error page (a fault drill's killed worker): stored or not,
    neither is a fault, but stored twice still is."""
    counts = Counter((s.action, s.text) for s in stored)
    told = {(a.action, a.text) for a in accepted}
    result = NotesCheck(accepted=len(told), stored=len(stored))
    result.lost = sorted(text for action, text in told if counts[(action, text)] == 0)
    result.duplicated = sorted(text for (action, text), n in counts.items() if n > 1)
    result.unexpected = sorted(
        text for (action, text) in counts if (action, text) not in told and text not in maybe_saved
    )
    result.without_history = sorted(s.text for s in stored if s.history_rows != 1)
    return result


def stored_notes(prefix: str) -> list[Stored]:
    """The notes whose text starts with `prefix`, with their count of creation ("+") history rows."""
    from django.db.models import Count, Q

    from actionplan.models import ProgressNote

    historical = ProgressNote.history.model
    created = dict(
        historical.objects.filter(text__startswith=prefix)
        .values("id")
        .annotate(n=Count("history_id", filter=Q(history_type="+")))
        .values_list("id", "n")
    )
    return [
        Stored(id=pk, action=action, text=text, history_rows=created.get(pk, 0))
        for pk, action, text in ProgressNote.objects.filter(text__startswith=prefix).values_list(
            "pk", "action_id", "text"
        )
    ]


def accepted_read(path: Path) -> tuple[list[Accepted], set[str]]:
    """The accepted notes, and the texts whose outcome the user could not know, from the drill's record.

    Each save is recorded as "sent" before it is posted, then as accepted, refused or unknown (an error
    page or no answer) when its answer comes. A save with no answer recorded (its user was stopped with
    the run, or killed) is as unknown as one that ended in an error page."""
    last: dict[str, dict] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            last[row["text"]] = row
    accepted = [Accepted(action=r["action"], text=t) for t, r in last.items() if r["outcome"] == "accepted"]
    return accepted, {t for t, r in last.items() if r["outcome"] in {"unknown", "sent"}}


def main(argv: list[str] | None = None) -> int:
    path, prefix = (argv if argv is not None else sys.argv[1:])[:2]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jartracker.settings")
    import django

    django.setup()
    accepted, maybe = accepted_read(Path(path))
    result = notes_check(accepted, stored_notes(prefix), maybe_saved=maybe)
    print(json.dumps({**asdict(result), "ok": result.ok, "maybe_saved": len(maybe)}))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
