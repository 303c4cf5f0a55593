"""The one writer: sheets of plain rows in, a styled write-only workbook out.

Every cell is styled by its column's kind (wrapped text, date formats, RAG fill and
word). Styles are built once per kind and copied onto each cell, which keeps a
6,800-row plan to a couple of seconds. Free text is always written as text, so a cell
that starts with "=" can never become a formula in the reader's spreadsheet.
"""

from __future__ import annotations

from copy import copy
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from actionplan.excel import layout as L

DATE_FORMAT = "d mmm yyyy"
DATETIME_FORMAT = "d mmm yyyy hh:mm"
# Drop-down lists and RAG colours reach this many rows below the data, for rows people add.
SPARE_ROWS = 500
TOP_WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")


class _Styles:
    """Template cells, one per kind; a new cell takes a copy of its template's style."""

    def __init__(self, ws):
        def template(**attrs):
            cell = WriteOnlyCell(ws)
            for name, value in attrs.items():
                setattr(cell, name, value)
            return cell._style

        self.header = template(
            font=Font(bold=True), fill=PatternFill("solid", fgColor="D9D9D9"), alignment=TOP_WRAP,
            border=Border(bottom=Side(style="thin")),
        )
        self.kinds = {
            L.TEXT: template(alignment=TOP_WRAP),
            L.SHORT: template(alignment=TOP_WRAP),
            L.STATUS: template(alignment=TOP_WRAP),
            L.INT: template(alignment=TOP),
            L.NUMBER: template(alignment=TOP),
            L.DATE: template(alignment=TOP, number_format=DATE_FORMAT),
            L.DATETIME: template(alignment=TOP, number_format=DATETIME_FORMAT),
        }
        self.rag = {
            value: template(
                alignment=TOP_WRAP, fill=PatternFill("solid", fgColor=bg), font=Font(bold=True, color=fg)
            )
            for value, (bg, fg) in L.RAG_FILLS.items()
        }

    def cell(self, ws, style, value):
        cell = WriteOnlyCell(ws, value)
        cell._style = copy(style)
        if isinstance(value, str):
            cell.data_type = "s"  # text stays text: never a formula
        return cell


def _clean(value):
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return value


def _kind_of_value(kind, value):
    """About-style sheets mix types in one column: style a date as a date."""
    if isinstance(value, datetime):
        return L.DATETIME
    if isinstance(value, date):
        return L.DATE
    return kind


def _write_rows(ws, styles, columns, rows) -> int:
    count = 0
    for row in rows:
        cells = []
        for column, raw in zip(columns, row, strict=False):
            value = _clean(raw)
            if value is None or value == "":
                cells.append(None)
            elif column.kind == L.RAG:
                cells.append(styles.cell(ws, styles.rag.get(value, styles.kinds[L.TEXT]), L.rag_label(value)))
            else:
                cells.append(styles.cell(ws, styles.kinds[_kind_of_value(column.kind, value)], value))
        ws.append(cells)
        count += 1
    return count


def _finish_table(ws, sheet, count: int) -> None:
    last_col = get_column_letter(len(sheet.columns))
    ws.auto_filter.ref = f"A1:{last_col}{max(count + 1, 2)}"
    end = count + 1 + SPARE_ROWS
    for i, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(i)
        words = sheet.choices.get(column.key)
        if words:
            dv = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True)
            dv.error = "Choose one of: " + ", ".join(words)
            dv.errorTitle = f"{column.header} not in the list"
            dv.showErrorMessage = True
            dv.add(f"{letter}2:{letter}{end}")
            ws.data_validations.append(dv)
        if column.kind == L.RAG:
            # The fill follows the word when someone changes it in their spreadsheet.
            for value, (bg, fg) in L.RAG_FILLS.items():
                ws.conditional_formatting.add(
                    f"{letter}2:{letter}{end}",
                    CellIsRule(operator="equal", formula=[f'"{L.rag_label(value)}"'],
                               fill=PatternFill("solid", bgColor=bg), font=Font(bold=True, color=fg)),
                )


def _page_setup(ws, *, landscape: bool) -> None:
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as it needs
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddHeader.left.text = "&A"
    ws.oddFooter.center.text = "Page &P of &N"


def write_workbook(sheets, target) -> None:
    """Write sheets (see export.Sheet) to a path or a binary file object; saved once, at the end."""
    wb = Workbook(write_only=True)
    styles = None
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        styles = styles or _Styles(ws)
        for i, column in enumerate(sheet.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = column.width
        _page_setup(ws, landscape=sheet.table)
        if sheet.table:
            ws.freeze_panes = "A2"
            ws.print_title_rows = "1:1"
        ws.append([styles.cell(ws, styles.header, c.header) for c in sheet.columns])
        count = _write_rows(ws, styles, sheet.columns, sheet.rows)
        if sheet.table:
            _finish_table(ws, sheet, count)
    wb.save(target)
