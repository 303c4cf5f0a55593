"""Read the detailed action plan table (TAB-separated rows, 8 columns).

Rules (see fixtures/README.md for the judgement calls they encode):

* A row whose first column starts with "N." / "N," opens recommendation N;
  other non-empty first-column cells continue that recommendation's text.
* A row with text in "Action to be Taken" opens an action, except
  - a list introduction ("The strategy will include:") with no lead, by-when
    or progress, and the single list row that follows it, and
  - a fragment starting in lower case with no lead, by-when or progress
    ("known/possible changes to ...") which continues the sentence above;
  these are merged into the action above (the list on new lines, the
  lower-case fragment after a space).
* A row with no action text adds its cells to the action above: a by-when is
  appended with "; " (rec 2's quarterly review dates), any other cell with " ".
* Rows named in corrections["drop_rows"] (OCR garbage) are dropped.
"""

import re
from dataclasses import dataclass, field

from .errors import FixtureBuildError
from .textutil import clean_cell, collapse

HEADER_PREFIX = ["Recommendation", "Action to be Taken", "Lead", "By When", "Progress to Date"]
COLUMNS = ["rec", "action", "lead", "by_when", "progress", "partners", "capacity", "success"]
_REC_START = re.compile(r"^\s*(\d{1,2})\s*[.,]\s*(\S.*)$")


@dataclass
class Row:
    line_no: int
    cells: dict

    def __getitem__(self, key):
        return self.cells[key]


@dataclass
class RawAction:
    description: str
    lead_cell: str
    by_when: str
    progress: str
    partners: str
    capacity: str
    success: str
    line_no: int
    merged_lines: list = field(default_factory=list)


@dataclass
class RawRecommendation:
    number: int
    fragments: list
    rows: list
    actions: list = field(default_factory=list)


def _is_header(fields: list[str]) -> bool:
    return [collapse(f) for f in fields[:5]] == HEADER_PREFIX


def read_table(lines: list[str]) -> list[Row]:
    """Rows of the action plan table, page headers and blank lines removed."""
    start = next((i for i, line in enumerate(lines) if _is_header(line.split("\t"))), None)
    if start is None:
        raise FixtureBuildError(
            "action plan table header 'Recommendation<TAB>Action to be Taken<TAB>Lead...' not found"
        )
    rows = []
    for i in range(start, len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        fields = line.split("\t")
        if _is_header(fields):
            continue
        if len(fields) != len(COLUMNS):
            break  # end of the table (page number / next section)
        rows.append(Row(i + 1, dict(zip(COLUMNS, fields, strict=True))))
    if not rows:
        raise FixtureBuildError("action plan table header found but no 8-column rows follow it")
    return rows


def group_recommendations(rows: list[Row]) -> list[RawRecommendation]:
    recs: list[RawRecommendation] = []
    for row in rows:
        first = collapse(row["rec"])
        m = _REC_START.match(first)
        if m:
            number = int(m.group(1))
            expected = len(recs) + 1
            if number != expected:
                raise FixtureBuildError(
                    f"action plan line {row.line_no}: recommendation {number} found where {expected} was expected"
                )
            recs.append(RawRecommendation(number, [m.group(2)], []))
        elif first:
            if not recs:
                raise FixtureBuildError(f"action plan line {row.line_no}: text before recommendation 1")
            recs[-1].fragments.append(first)
        if not recs:
            raise FixtureBuildError(f"action plan line {row.line_no}: row before recommendation 1")
        recs[-1].rows.append(row)
    if not recs:
        raise FixtureBuildError("no recommendations found in the action plan table")
    return recs


def _words(text: str) -> list[str]:
    return text.split()


def _norm(word: str) -> str:
    return re.sub(r"[^\w']", "", word.lower())


def join_fragments(fragments: list[str]) -> str:
    """Join first-column fragments word for word.

    Where a fragment repeats the last words of the one before (a phrase
    repeated across a line or page break: "...strategic aims and" /
    "strategic aims and objectives ..."; "...contacts with the" / "Contacts
    with the Social Care Duty Team."), the repeated words (2 or more) are
    dropped once.
    """
    words: list[str] = []
    for frag in fragments:
        new = _words(frag)
        for k in range(min(len(words), len(new), 8), 1, -1):
            if [_norm(w) for w in words[-k:]] == [_norm(w) for w in new[:k]]:
                new = new[k:]
                break
        words.extend(new)
    return " ".join(words)


def _row_key(row: Row) -> str:
    return clean_cell(row["action"])


def build_raw_actions(rec: RawRecommendation, drop_rows: list[dict], report: dict) -> None:
    drops = [d for d in drop_rows if d["rec"] == rec.number]
    used = set()
    merge_next = False
    for row in rec.rows:
        c = {k: clean_cell(row[k]) for k in COLUMNS}
        action_text = c["action"]
        drop = next((d for d in drops if action_text.startswith(d["action_prefix"])), None)
        if drop is not None:
            used.add(drop["action_prefix"])
            _report_dropped(rec, row, c, drop, report)
            continue
        bare = not (c["lead"] or c["by_when"] or c["progress"])
        prev = rec.actions[-1] if rec.actions else None
        if not action_text:
            # no action text: the cells belong to the action above
            merge_next = False
            _continue_action(rec, prev, row, c, report)
        elif prev is not None and bare and (action_text.endswith(":") or merge_next or action_text[0].islower()):
            _merge_description(rec, prev, row, c, report)
            merge_next = action_text.endswith(":")
        else:
            merge_next = False
            rec.actions.append(
                RawAction(
                    action_text,
                    c["lead"],
                    c["by_when"],
                    c["progress"],
                    c["partners"],
                    c["capacity"],
                    c["success"],
                    row.line_no,
                )
            )
    for d in drops:
        if d["action_prefix"] not in used:
            raise FixtureBuildError(
                f"corrections drop_rows: rec {rec.number} row starting {d['action_prefix']!r} not found"
            )


def _report_dropped(rec: RawRecommendation, row: Row, c: dict, drop: dict, report: dict) -> None:
    report["dropped_rows"].append(
        {
            "rec": rec.number,
            "line": row.line_no,
            "action": c["action"],
            "by_when": c["by_when"],
            "progress": c["progress"],
            "reason": drop.get("reason", ""),
        }
    )


def _merge_description(rec: RawRecommendation, prev: RawAction, row: Row, c: dict, report: dict) -> None:
    """A bare row whose text continues the action above: a list (its introduction and its row)
    starts on a new line; a lower-case fragment continues the sentence above."""
    action_text = c["action"]
    sep = " " if action_text[0].islower() else "\n"
    prev.description = f"{prev.description}{sep}{action_text}"
    prev.merged_lines.append(row.line_no)
    for key, attr in (("partners", "partners"), ("capacity", "capacity"), ("success", "success")):
        if c[key]:
            setattr(prev, attr, collapse(f"{getattr(prev, attr)} {c[key]}"))
    report["merged_rows"].append(
        {
            "rec": rec.number,
            "line": row.line_no,
            "text": action_text,
            "into": prev.description[:60],
        }
    )


def _continue_action(rec: RawRecommendation, prev: RawAction | None, row: Row, c: dict, report: dict) -> None:
    """A row with no action text: its cells are appended to the action above."""
    if prev is None:
        raise FixtureBuildError(
            f"action plan line {row.line_no}: continuation row with no action above it"
        )
    if c["lead"]:
        raise FixtureBuildError(
            f"action plan line {row.line_no}: lead {c['lead']!r} on a row without an action"
        )
    if c["by_when"]:
        prev.by_when = f"{prev.by_when}; {c['by_when']}" if prev.by_when else c["by_when"]
    for key in ("progress", "partners", "capacity", "success"):
        if c[key]:
            setattr(prev, key, collapse(f"{getattr(prev, key)} {c[key]}"))
    prev.merged_lines.append(row.line_no)
    report["continuation_rows"].append(
        {
            "rec": rec.number,
            "line": row.line_no,
            "cells": {k: v for k, v in c.items() if v},
            "into": prev.description[:60],
        }
    )
