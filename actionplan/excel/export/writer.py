"""The one writer: sheets of plain rows in, a styled write-only workbook out.

The workbook's default cell format is top-aligned wrapped text, so most cells are
written as plain values (openpyxl's fast path: about twice as fast as a styled cell);
only headings, dates and RAG cells carry a style of their own. Free text is always
written as text: a value that starts with "=" goes in as a text cell, never a formula.
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
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation

from actionplan.excel import columns as C

DATE_FORMAT = "d mmm yyyy"
MONTH_FORMAT = "mmmm yyyy"  # a date that names only a month (columns.MonthOf): "March 2006"
DATETIME_FORMAT = "d mmm yyyy hh:mm"
# Drop-down lists and RAG colours reach this many rows below the data, for rows people add.
SPARE_ROWS = 500
TOP_WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")


class _Styles:
    """Template cells, one per kind; each new cell shares its template's style.

    Sharing one StyleArray is safe: write-only cells are written once and thrown away,
    and nothing changes a style after it is set. It saves a copy per cell.
    """

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
        # Kinds mapped to None are written as plain values in the default (wrapped, top) format.
        self.kinds = {
            C.TEXT: None,
            C.SHORT: None,
            C.STATUS: None,
            C.INT: None,
            C.NUMBER: None,
            C.DATE: template(alignment=TOP, number_format=DATE_FORMAT),
            C.DATETIME: template(alignment=TOP, number_format=DATETIME_FORMAT),
        }
        self.month = template(alignment=TOP, number_format=MONTH_FORMAT)
        self.rag = {
            value: template(
                alignment=TOP_WRAP, fill=PatternFill("solid", fgColor=bg), font=Font(bold=True, color=fg)
            )
            for value, (bg, fg) in C.RAG_FILLS.items()
        }

    def cell(self, ws, style, value):
        if style is None:
            if isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(ws, value)
                cell.data_type = "s"  # text stays text: never a formula
                return cell
            return value
        cell = WriteOnlyCell(ws, value)
        cell._style = style
        if isinstance(value, str):
            cell.data_type = "s"
        return cell


def _default_format_wrapped(wb) -> StyleArray:
    """Make format 0 (every cell without a style of its own) top-aligned wrapped text.

    openpyxl has no public setting for the default cell format, so this sets the first
    entry of its format tables on a new, empty workbook (checked by the export tests).
    Columns must use it too: LibreOffice formats a cell with no style by its column's.
    """
    default = StyleArray()
    default.alignmentId = wb._alignments.add(TOP_WRAP)
    wb._cell_styles = IndexedList([default])
    wb._named_styles["Normal"].alignment = TOP_WRAP  # LibreOffice takes an unstyled cell's format from here
    return default


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
        return C.DATETIME
    if isinstance(value, date):
        return C.DATE
    return kind


LINE_POINTS = 15  # one line of 11-point text
MAX_ROW_POINTS = 409  # the tallest row Excel allows
CHARS_PER_WIDTH = 1.15  # ordinary text is a little narrower than the "0" that column widths count in


def _row_height(values, widths) -> float | None:
    """Points for a row whose wrapped text needs more than one line; None for one line.

    Spreadsheets do not all grow rows to fit wrapped text when a file gives no height
    (LibreOffice keeps one line, and the text then overlaps when printed), so we give it.
    """
    lines = 1
    for value, width in zip(values, widths, strict=False):
        if width and isinstance(value, str) and (len(value) > width or "\n" in value):
            per_line = max(int(width * CHARS_PER_WIDTH), 1)
            lines = max(lines, sum(-(-len(part) // per_line) or 1 for part in value.split("\n")))
    return min(lines * LINE_POINTS + 3, MAX_ROW_POINTS) if lines > 1 else None


def _write_rows(ws, styles, columns, rows, *, mixed: bool) -> int:
    count = 0
    kinds = [(c.kind, styles.kinds.get(c.kind)) for c in columns]
    widths = [c.width if c.kind in (C.TEXT, C.SHORT, C.STATUS, C.RAG) else 0 for c in columns]
    cell, rag_styles, text_style = styles.cell, styles.rag, styles.kinds[C.TEXT]
    for row in rows:
        height = _row_height(row, widths)
        if height:
            ws.row_dimensions[count + 2].height = height  # row 1 is the heading
        cells = []
        for (kind, style), raw in zip(kinds, row, strict=False):
            value = _clean(raw)
            if isinstance(value, C.MonthOf):
                cells.append(cell(ws, styles.month, value.day))
            elif value is None or value == "":
                cells.append(None)
            elif kind == C.RAG:
                cells.append(cell(ws, rag_styles.get(value, text_style), C.rag_label(value)))
            elif mixed:
                cells.append(cell(ws, styles.kinds.get(_kind_of_value(kind, value)), value))
            else:
                cells.append(cell(ws, style, value))
        ws.append(cells)
        count += 1
    return count


def _finish_table(ws, sheet, count: int) -> None:
    last_col = get_column_letter(len(sheet.columns))
    ws.auto_filter.ref = f"A1:{last_col}{max(count + 1, 2)}"
    end = count + 1 + SPARE_ROWS
    for i, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(i)
        words = column.choices() if column.choices else None
        if words:
            dv = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True)
            dv.error = "Choose one of: " + ", ".join(words)
            dv.errorTitle = f"{column.header} not in the list"
            dv.showErrorMessage = True
            dv.add(f"{letter}2:{letter}{end}")
            ws.data_validations.append(dv)
        if column.kind == C.RAG:
            # The fill follows the word when someone changes it in their spreadsheet.
            for value, (bg, fg) in C.RAG_FILLS.items():
                ws.conditional_formatting.add(
                    f"{letter}2:{letter}{end}",
                    CellIsRule(operator="equal", formula=[f'"{C.rag_label(value)}"'],
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
    """Write sheets (see export.workbook.Sheet) to a path or a binary file object; saved once, at the end."""
    wb = Workbook(write_only=True)
    default = _default_format_wrapped(wb)
    styles = None
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        styles = styles or _Styles(ws)
        for i, column in enumerate(sheet.columns, start=1):
            dimension = ws.column_dimensions[get_column_letter(i)]
            dimension.width = column.width
            dimension._style = copy(default)
        _page_setup(ws, landscape=sheet.table)
        if sheet.table:
            ws.freeze_panes = "A2"
            ws.print_title_rows = "1:1"
        heading = _row_height([c.header for c in sheet.columns], [c.width for c in sheet.columns])
        if heading:
            ws.row_dimensions[1].height = heading
        ws.append([styles.cell(ws, styles.header, c.header) for c in sheet.columns])
        count = _write_rows(ws, styles, sheet.columns, sheet.rows, mixed=not sheet.table)
        if sheet.table:
            _finish_table(ws, sheet, count)
    wb.save(target)
