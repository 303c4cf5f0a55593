"""The one writer: sheets of plain rows in, a workbook out (xlsx.py packs it).

Most cells take the workbook's default format, top-aligned wrapped text; only headings, dates
and RAG cells carry a format of their own (styles.py). Free text is always written as text:
a value that starts with "=" is a text cell, never a formula.

A sheet that prints only its first columns (`Sheet.printed`, the Action plan) gets a print area
over them; a row given as a `Heading` (a recommendation above its actions) prints its title across
those columns, and keeps its other cells (group, number, words) where the import reads them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import actionplan.excel.export.styles as S  # the module itself: the package imports the workbook, which imports this
from actionplan.excel import columns as C
from actionplan.excel.export.xlsx import PageSetup, RagRules, Validation, Worksheet, column_letter, save

# Drop-down lists and RAG colours reach this many rows below the data, for rows people add.
SPARE_ROWS = 500
LINE_POINTS = 15  # one line of 11-point text
MAX_ROW_POINTS = 409  # the tallest row Excel allows
CHARS_PER_WIDTH = 1.15  # ordinary text is a little narrower than the "0" that column widths count in
FORMAT_OF_KIND = {C.DATE: S.DATE, C.DATETIME: S.DATETIME}


def _clean(value):
    """A value a cell can hold. Text is taken as it is: characters XML cannot carry are removed from the
    workbook's text table as a whole (xlsx.save), far faster than cell by cell."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return value


def _kind_of_value(kind, value):
    """About-style sheets mix types in one column: format a date as a date."""
    if isinstance(value, datetime):
        return C.DATETIME
    if isinstance(value, date):
        return C.DATE
    return kind


def _lines(value, width: float) -> int:
    per_line = max(int(width * CHARS_PER_WIDTH), 1)
    return sum(-(-len(part) // per_line) or 1 for part in value.split("\n"))


def row_height(values, widths) -> float | None:
    """Points for a row whose wrapped text needs more than one line; None for one line.

    Spreadsheets do not all grow rows to fit wrapped text when a file gives no height
    (LibreOffice keeps one line, and the text then overlaps when printed), so we give it.
    """
    lines = 1
    for value, width in zip(values, widths, strict=False):
        if width and type(value) is str and (len(value) > width or "\n" in value):
            lines = max(lines, _lines(value, width))
    return min(lines * LINE_POINTS + 3, MAX_ROW_POINTS) if lines > 1 else None


def _cell(column: int, kind: str, raw, mixed: bool):
    value = _clean(raw)
    if value is None or value == "":
        return None
    if isinstance(value, C.MonthOf):
        return column, value.day, S.MONTH
    if kind == C.RAG:
        return column, C.rag_label(value), S.RAG.get(value, S.TEXT)
    if mixed or isinstance(value, date):  # a date is shown as one, whatever its column's kind
        kind = _kind_of_value(kind, value)
    return column, value, FORMAT_OF_KIND.get(kind, S.TEXT)


PLAIN = (str, int, float)  # written as they are, in the default format


def _cells(values, kinds, plain_columns, mixed: bool) -> list:
    """(column, value, format) for each cell with a value; the common case (text and numbers in a text or
    number column) on the fast path, since this runs for every cell of the workbook."""
    cells = []
    for i, (kind, value) in enumerate(zip(kinds, values, strict=False), 1):  # a short row: blanks after it
        if value is None or value == "":
            continue
        if i in plain_columns and type(value) in PLAIN:
            cells.append((i, value, S.TEXT))
        else:
            cell = _cell(i, kind, value, mixed)
            if cell is not None:
                cells.append(cell)
    return cells


def _write_rows(ws: Worksheet, sheet, *, mixed: bool) -> int:
    kinds = [c.kind for c in sheet.columns]
    plain_columns = set() if mixed else {i for i, k in enumerate(kinds, 1) if k not in (C.RAG, C.DATE, C.DATETIME)}
    # Rows are as tall as their printed cells need: a note in a column beside the print area does not
    # stretch the printed page (on screen such a cell shows its first lines until the row is widened).
    widths = [c.width if c.kind in (C.TEXT, C.SHORT, C.STATUS, C.RAG) and i < (sheet.printed or len(kinds)) else 0
              for i, c in enumerate(sheet.columns)]
    across = sum(c.width for c in sheet.columns[: sheet.printed or len(sheet.columns)])
    count = 0
    for row in sheet.rows:
        heading = row if isinstance(row, Heading) else None
        values = heading.cells if heading else row
        cells = _cells(values, kinds, plain_columns, mixed)
        if heading:
            # As tall as the title printed across the page; the recommendation's own cell (on screen, beside
            # the printed columns) is a copy for the import, not what people read.
            cells = [(1, heading.title, S.HEADING), *(c for c in cells if c[0] > 1)]
            height = row_height([heading.title], [across]) or LINE_POINTS + 3
        else:
            height = row_height(values, widths)
        number = ws.append(cells, height)
        if heading and sheet.printed > 1:
            ws.merged.append(f"A{number}:{column_letter(sheet.printed)}{number}")
        count += 1
    return count


def _finish_table(ws: Worksheet, sheet, count: int) -> None:
    ws.autofilter = f"A1:{column_letter(len(sheet.columns))}{max(count + 1, 2)}"
    end = count + 1 + SPARE_ROWS
    for i, column in enumerate(sheet.columns, start=1):
        letter = column_letter(i)
        words = column.choices() if column.choices else None
        if words:
            ws.validations.append(Validation(f"{letter}2:{letter}{end}", words, f"{column.header} not in the list",
                                             "Choose one of: " + ", ".join(words)))
        if column.kind == C.RAG:
            # The fill follows the word when someone changes it in their spreadsheet.
            ws.rag_columns.append(RagRules(f"{letter}2:{letter}{end}",
                                           {C.rag_label(value): dxf for value, dxf in S.RAG_DXF.items()}))


def _header_text(text: str) -> str:
    """Words for a page header: "&" is a code there, so a literal one is doubled; kept short (Excel allows 255)."""
    return text.replace("&", "&&")[:100]


def page_setup(sheet, count: int) -> PageSetup:
    """A4, fit to the page's width; each page headed with the plan and its date, numbered at the foot."""
    left = f"&L{_header_text(sheet.title)}" if sheet.title else ""
    right = f"&R{_header_text(sheet.dated)}" if sheet.dated else ""
    page = PageSetup(landscape=sheet.table, header=f"{left}{right}", footer="&L&A&CPage &P of &N")
    if sheet.table:
        page.title_rows = "$1:$1"  # the heading row repeats on every printed page
    if sheet.printed:
        page.print_area = f"$A$1:${column_letter(sheet.printed)}${count + 1}"
    return page


def write_workbook(sheets, target) -> None:
    """Write sheets (see export.workbook.Sheet) to a path or a binary file object; saved once, at the end."""
    strings: dict[str, int] = {}
    done = []
    for sheet in sheets:
        ws = Worksheet(sheet.name, [c.width for c in sheet.columns], strings, freeze_heading=sheet.table)
        headers = [c.header for c in sheet.columns]
        printed = slice(0, sheet.printed or None)  # the heading row is as tall as its printed headings need
        height = row_height(headers[printed], ws.widths[printed])
        ws.append([(i, h, S.HEADER) for i, h in enumerate(headers, 1)], height)
        count = _write_rows(ws, sheet, mixed=not sheet.table)
        if sheet.table:
            _finish_table(ws, sheet, count)
        ws.page = page_setup(sheet, count)
        done.append(ws)
    save(done, strings, target)


class Heading:
    """A row that heads the rows below it (a recommendation above its actions): `title` is printed across
    the sheet's printed columns; `cells` are the row's values, column by column, as any other row's."""

    __slots__ = ("cells", "title")

    def __init__(self, title: str, cells: list):
        self.title, self.cells = title, cells
