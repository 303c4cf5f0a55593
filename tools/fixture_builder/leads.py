"""Lead cells: written initials, ditto marks, blanks and "tbc".

* Written: one or more initials ("SF", "SF,HL,AH,SD") each optionally
  followed by a qualifier kept as written ("SF (ISM)", "SF (IMS)",
  "HL to sign off").
* Ditto: OCR turned the ditto mark into '"', '66', 'u', 'ic', 'ic .',
  'íc .', '££', 'и', 'a', 'ta', 'tt', ...  Any lead cell that is not initials
  and not "tbc" and has at most 3 characters once spaces and dots are
  removed is a ditto: same lead as the action above (lead_source "ditto").
* Blank: the lead continues from the action above (lead_source
  "inherited"); a blank first action of a recommendation has no lead
  (lead_source "none").
* "tbc": no lead yet (leads [], lead_source "tbc").
"""

import copy
import re

from .errors import FixtureBuildError

_PART = re.compile(r"^([A-Z]{2,3})(?:\s+(\S.*))?$")
_SPLIT = re.compile(r"\s*[,/]\s*")


def parse_written(cell: str) -> list[dict] | None:
    """Parsed leads, or None when the cell is not written initials."""
    parts = [p for p in _SPLIT.split(cell.strip()) if p]
    if not parts:
        return None
    leads = []
    for part in parts:
        m = _PART.match(part)
        if not m:
            return None
        leads.append({"initials": m.group(1), "qualifier": (m.group(2) or "").strip()})
    return leads


def is_ditto(cell: str) -> bool:
    squeezed = re.sub(r"[\s.]", "", cell)
    return 0 < len(squeezed) <= 3 and squeezed.lower() != "tbc" and parse_written(cell) is None


def resolve_leads(actions: list[dict], rec_number: int, report: dict) -> None:
    """Fill lead_text / leads / lead_source on a recommendation's actions, in order."""
    prev = None
    for action in actions:
        cell = action.pop("_lead_cell")
        written = parse_written(cell) if cell else None
        if written is not None:
            action.update(lead_text=cell, leads=written, lead_source="written")
        elif cell and cell.lower() == "tbc":
            action.update(lead_text="tbc", leads=[], lead_source="tbc")
        elif cell and is_ditto(cell):
            if prev is None:
                raise FixtureBuildError(f"rec {rec_number}: ditto mark {cell!r} on the first action")
            action.update(
                lead_text=prev["lead_text"], leads=copy.deepcopy(prev["leads"]), lead_source="ditto"
            )
            report["dittos"].setdefault(cell, 0)
            report["dittos"][cell] += 1
        elif not cell:
            if prev is None:
                action.update(lead_text="", leads=[], lead_source="none")
            else:
                action.update(
                    lead_text=prev["lead_text"], leads=copy.deepcopy(prev["leads"]), lead_source="inherited"
                )
        else:
            raise FixtureBuildError(f"rec {rec_number}: unrecognised lead cell {cell!r}")
        prev = action
