"""Reading single cells of a council's workbook: text, whole numbers, dates, leads with ditto marks.

Pure functions (no database): each returns what it read, and the caller files any
problem against the cell's sheet, row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from actionplan.dates import uk_date
from actionplan.excel.columns import CELL_LIMIT


@dataclass(frozen=True)
class SheetCell:
    """One cell of an uploaded worksheet, as openpyxl gave it."""

    value: object
    data_type: str = "s"  # openpyxl's: s(tring), n(umber), d(ate), f(ormula), b(ool), e(rror)

    @property
    def empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


EMPTY = SheetCell(None, "n")


class CellError(ValueError):
    """This cell cannot be read as asked; the message says why in a clerk's words."""


def _number_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def text_of(cell: SheetCell, *, dates_ok: bool = False) -> tuple[str, str]:
    """(text, warning): the cell as text. A formula gives its own text, never its result.

    A date where text is expected is refused, unless `dates_ok` (the "By when" column,
    where Excel turns "4 Jan 06" into a date as it is typed): then it is written out.
    """
    value = cell.value
    if value is None:
        return "", ""
    if cell.data_type == "f" or (isinstance(value, str) and cell.data_type == "f"):
        return str(value).strip(), (
            f"this cell holds a formula ({str(value)[:40]}): its text is taken as written, not calculated"
        )
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        if not dates_ok:
            raise CellError(
                f"this cell holds a date ({uk_date(day)}) but words are expected here: "
                "format the cell as Text and type the words"
            )
        text = f"{day.day} {day:%b %Y}"
        return text, f"the cell held a date, not text; read as '{text}' (type it as text to keep your own words)"
    if isinstance(value, bool):
        return ("Yes" if value else "No"), ""
    if isinstance(value, int | float):
        return _number_text(value), ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > CELL_LIMIT:  # made by another program: Excel itself would have cut it short
        raise CellError(f"this cell has {len(text):,} characters, more than the {CELL_LIMIT:,} a cell of Excel "
                        "can hold: shorten it (older progress notes can go on the 'Progress notes' sheet)")
    return text.strip(), ""


def whole_number_of(cell: SheetCell) -> int | None:
    """A whole number (recommendation number, action id); None when blank."""
    value = cell.value
    if cell.empty:
        return None
    if cell.data_type == "f":
        raise CellError(f"this cell holds a formula ({str(value)[:40]}); type the number itself")
    if isinstance(value, bool | datetime | date):
        raise CellError("expected a whole number here")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().rstrip(".").isdigit():
        return int(value.strip().rstrip("."))
    raise CellError(f"'{str(value)[:40]}' is not a whole number")


def date_of(cell: SheetCell) -> date | None:
    value = cell.value
    if cell.empty:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"):
            try:
                return datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
    raise CellError(f"'{str(value)[:40]}' is not a date; write it like 19/05/2006")


def collapse(text: str) -> str:
    return " ".join(text.split())


# --- leads --------------------------------------------------------------------

# OCR and typists turned the ditto mark into all of these; each means "same as the row above".
DITTO_MARKS = {'"', "''", "\u201c", "\u201d", "66", "99", "u", "ic", "íc", "££", "и", "a", "ta", "tt",
               "do", "ditto", "as above", "ditto."}
# Initials: a capital letter, then capitals or digits ("SF", "ICM", "P12"); a qualifier may follow.
_INITIALS_PART = re.compile(r"^([A-Z][A-Z0-9]{1,11})(?:\s+(\S.*))?$")
_SEPARATORS = ",/;&"
NO_LEAD_YET = {"tbc", "to be confirmed", "tba"}


@dataclass(frozen=True)
class LeadCell:
    kind: str  # "written", "ditto", "tbc", "blank"
    leads: tuple[tuple[str, str], ...] = ()  # (initials, qualifier)


def _split_outside_brackets(text: str) -> list[str]:
    """'SF (ISM, acting), HL' -> ['SF (ISM, acting)', 'HL']."""
    parts, depth, current = [], 0, []
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if ch in _SEPARATORS and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def is_ditto(text: str) -> bool:
    squeezed = re.sub(r"[\s.]", "", text).lower()
    return squeezed in DITTO_MARKS or text.strip().lower() in DITTO_MARKS


def read_lead(text: str) -> LeadCell:
    """'SF (ISM)', 'SF,HL,AH,SD', 'HL to sign off', a ditto mark, 'tbc' or blank.

    Raises CellError for anything else (e.g. a full name), naming what is accepted.
    """
    text = text.strip()
    if not text:
        return LeadCell("blank")
    if text.lower() in NO_LEAD_YET:
        return LeadCell("tbc")
    leads = []
    for part in _split_outside_brackets(text):
        m = _INITIALS_PART.match(part)
        if not m:
            leads = []
            break
        leads.append((m[1], (m[2] or "").strip()))
    if leads:
        return LeadCell("written", tuple(leads))
    if is_ditto(text):
        return LeadCell("ditto")
    raise CellError(
        f"'{text[:40]}' is not initials: write the lead's initials as on the People sheet "
        "(e.g. 'SF' or 'SF (ISM)'), 'tbc', or a ditto mark (\") for the same lead as the row above"
    )
