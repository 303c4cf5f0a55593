"""A reader for one sheet of a table in an uploaded workbook.

SheetReader finds a sheet's heading row by the column names it knows (wherever the
heading is, in whatever order), then hands out each cell as text, a number or a
date, filing any problem against the sheet, row and column.
"""

from __future__ import annotations

from datetime import date

from actionplan import limits
from actionplan.excel import columns as C
from actionplan.excel.problems import Problems
from actionplan.excel.read.cells import EMPTY, CellError, SheetCell, date_of, text_of, whole_number_of
from actionplan.excel.read.files import max_rows, sheet_rows

HEADER_SEARCH_ROWS = 10


def header_map(cells: list[SheetCell], columns: list[C.Column]) -> dict[str, int]:
    names = {}
    for col in columns:
        names[C.normalise_header(col.header)] = col.key
        for alias in col.aliases:
            names[C.normalise_header(alias)] = col.key
    found = {}
    for i, cell in enumerate(cells):
        key = names.get(C.normalise_header(cell.value)) if isinstance(cell.value, str) else None
        if key and key not in found:
            found[key] = i
    return found


class SheetReader:
    """One sheet: finds the heading row, then hands out typed cells with problems filed."""

    def __init__(self, ws, columns: list[C.Column], problems: Problems):
        self.name, self.problems = ws.title, problems
        self.columns = {c.key: c for c in columns}
        self.rows = sheet_rows(ws)
        self.index: dict[str, int] = {}
        self.header_row = None
        self.header_cells: list[SheetCell] = []
        best = ({}, None, [])
        for _ in range(HEADER_SEARCH_ROWS):
            number, cells = next(self.rows, (None, None))
            if number is None:
                break
            found = header_map(cells, columns)
            if len(found) > len(best[0]):
                best = (found, number, cells)
            if len(found) >= 2:
                break
        self.index, self.header_row, self.header_cells = best

    def has(self, key: str) -> bool:
        return key in self.index

    def heading(self, key: str) -> str:
        i = self.index.get(key)
        if i is not None and i < len(self.header_cells) and isinstance(self.header_cells[i].value, str):
            return " ".join(self.header_cells[i].value.split())
        return self.columns[key].header

    def _repeats_heading(self, cells) -> bool:
        """A heading row repeated at a page break (the council's table has one per page)."""
        if len(self.index) < 2:
            return False
        key, i = min(self.index.items(), key=lambda kv: kv[1])
        value = cells[i].value if i < len(cells) else None
        if not isinstance(value, str) or C.normalise_header(value) != C.normalise_header(self.heading(key)):
            return False
        return header_map(cells, list(self.columns.values())).keys() == self.index.keys()

    def data(self, rows_per_action: int = 1):
        """(row number, cells) after the heading; repeated heading rows are skipped.

        A sheet may hold up to the row limit times `rows_per_action` rows (the Progress
        notes sheet has several rows for each action).
        """
        limit, count = max_rows() * rows_per_action, 0
        for number, cells in self.rows:
            if self._repeats_heading(cells):
                continue
            count += 1
            if count > limit:
                self.problems.block(self.name, number, "", f"The sheet has more than {limit:,} rows, the most "
                                    "one import takes: split the plan into several workbooks")
                return
            yield number, cells

    def cell(self, cells, key) -> SheetCell:
        i = self.index.get(key)
        return cells[i] if i is not None and i < len(cells) else EMPTY

    def text(self, number, cells, key, *, dates_ok=False) -> str | None:
        if key not in self.index:
            return None
        try:
            text, warning = text_of(self.cell(cells, key), dates_ok=dates_ok)
        except CellError as e:
            self.problems.block(self.name, number, self.heading(key), str(e))
            return ""
        if warning:
            self.problems.warn(self.name, number, self.heading(key), warning)
        most = self.columns[key].max_length
        if most and len(text) > most:
            self.problems.block(self.name, number, self.heading(key),
                                f"{limits.too_long(self.heading(key), most)}; this cell has {len(text):,}")
        return text

    def number(self, number, cells, key) -> int | None:
        try:
            return whole_number_of(self.cell(cells, key))
        except CellError as e:
            self.problems.block(self.name, number, self.heading(key), str(e))
            return None

    def date(self, number, cells, key) -> date | None:
        try:
            return date_of(self.cell(cells, key))
        except CellError as e:
            self.problems.block(self.name, number, self.heading(key), str(e))
            return None

    def rag(self, number, cells, key) -> tuple[str, str | None]:
        """(the words, the RAG they mean): words that are no RAG of the scheme are a problem."""
        text = self.text(number, cells, key) or ""
        rag = C.read_rag(text) if text else None
        if text and rag is None:
            self.problems.block(self.name, number, self.heading(key),
                                f"'{text}' is not a RAG rating; use one of: {', '.join(C.rag_words())}")
        return text, rag
