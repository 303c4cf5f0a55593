"""A small .xlsx (Office Open XML) writer for the parts our workbooks use, and nothing else.

Why our own: writing the 170-action, 3,400-note plan, openpyxl (even in write-only mode, with lxml)
and XlsxWriter both spend most of their time in per-cell Python and in deflating at level 6
(measured in the README's Excel section); this writes each cell as one string and packs at level 1.
What it writes: text (a shared-strings table, so text is never a formula), numbers, dates as serial
numbers with a date format, cell formats (styles.py), column widths, row heights, merged cells, a
frozen heading row, an autofilter, drop-down lists, conditional RAG fills, and print settings (A4,
orientation, fit to width, margins, header and footer, repeated title rows, print area).
Elements are written in the order the schema (ECMA-376 CT_Worksheet, CT_Workbook) requires: Excel
refuses a file whose elements are out of order even where other programs read it.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from xml.sax.saxutils import escape, quoteattr

from actionplan.excel.export.styles import styles_xml

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
EPOCH = datetime(1899, 12, 30)  # Excel's day 0 (its day 60 is the 29 February 1900 that never was)
EPOCH_DAY = EPOCH.date()
# Level 1 packs the XML about 1.4 times larger than level 6 in a third of the time (README, Excel).
COMPRESS_LEVEL = 1
# Control characters XML 1.0 cannot carry (tab, line feed and carriage return it can).
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def column_letter(n: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def serial(value: date) -> float | int:
    """A date or a naive datetime as Excel's serial number (days since EPOCH)."""
    if isinstance(value, datetime):
        delta = value - EPOCH
        return delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
    return (value - EPOCH_DAY).days


@dataclass
class Validation:
    cells: str  # "I2:I505"
    words: list[str]
    title: str
    message: str


@dataclass
class RagRules:
    cells: str  # "J2:J505"
    formats: dict[str, int]  # word -> the conditional format (dxf) it is shown in


@dataclass
class PageSetup:
    landscape: bool = True
    header: str = ""  # in Excel's header codes (&L, &C, &R, &P, &N); a literal "&" written "&&"
    footer: str = ""
    print_area: str = ""  # "$A$1:$H$40"
    title_rows: str = ""  # "$1:$1"


@dataclass
class Worksheet:
    """One sheet, its rows appended in order; each cell is (column number, value, format index)."""

    name: str
    widths: list[float]
    strings: dict[str, int]  # the workbook's shared strings, text -> index
    freeze_heading: bool = False
    page: PageSetup = field(default_factory=PageSetup)
    autofilter: str = ""
    merged: list[str] = field(default_factory=list)
    validations: list[Validation] = field(default_factory=list)
    rag_columns: list[RagRules] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)
    row_count: int = 0

    def __post_init__(self):
        self._letters = [column_letter(i) for i in range(1, len(self.widths) + 1)]

    def append(self, cells, height: float | None = None) -> int:
        """Add the next row; returns its number. Cells: (column number from 1, value, format); None values
        are left out. Text is always a shared string, so a value starting "=" stays text."""
        self.row_count += 1
        r = self.row_count
        letters, strings, out = self._letters, self.strings, []
        for col, value, fmt in cells:
            s = f' s="{fmt}"' if fmt else ""
            ref = f"{letters[col - 1]}{r}"
            kind = type(value)
            if kind is str:
                i = strings.get(value)
                if i is None:
                    i = strings[value] = len(strings)
                out.append(f'<c r="{ref}"{s} t="s"><v>{i}</v></c>')
            elif kind is int or kind is float:
                out.append(f'<c r="{ref}"{s}><v>{value!r}</v></c>')
            elif isinstance(value, date):
                out.append(f'<c r="{ref}"{s}><v>{serial(value)!r}</v></c>')
            elif value is not None:
                raise TypeError(f"cannot write {kind.__name__} to a cell")
        ht = f' ht="{height:g}" customHeight="1"' if height else ""
        self.rows.append(f'<row r="{r}"{ht}>{"".join(out)}</row>')
        return r

    def xml(self) -> str:
        parts = [XML_HEAD, f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}">',
                 '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
                 f'<dimension ref="A1:{self._letters[-1]}{max(self.row_count, 1)}"/>',
                 '<sheetViews><sheetView workbookViewId="0">']
        if self.freeze_heading:
            parts.append('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                         '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>')
        parts.append('</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>')
        parts += [f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>' for i, w in enumerate(self.widths, 1)]
        parts += ["</cols><sheetData>", *self.rows, "</sheetData>"]
        if self.autofilter:
            parts.append(f'<autoFilter ref="{self.autofilter}"/>')
        if self.merged:
            parts.append(f'<mergeCells count="{len(self.merged)}">')
            parts += [f'<mergeCell ref="{ref}"/>' for ref in self.merged]
            parts.append("</mergeCells>")
        parts += self._rag_rules()
        parts += self._validations()
        m = "0.4", "0.6"
        parts.append(f'<pageMargins left="{m[0]}" right="{m[0]}" top="{m[1]}" bottom="{m[1]}" header="0.3" '
                     'footer="0.3"/>')
        orientation = "landscape" if self.page.landscape else "portrait"
        parts.append(f'<pageSetup paperSize="9" fitToWidth="1" fitToHeight="0" orientation="{orientation}"/>')
        if self.page.header or self.page.footer:
            parts.append("<headerFooter>")
            if self.page.header:
                parts.append(f"<oddHeader>{escape(self.page.header)}</oddHeader>")
            if self.page.footer:
                parts.append(f"<oddFooter>{escape(self.page.footer)}</oddFooter>")
            parts.append("</headerFooter>")
        parts.append("</worksheet>")
        return "".join(parts)

    def _rag_rules(self) -> list[str]:
        parts, priority = [], 0
        for rules in self.rag_columns:
            parts.append(f'<conditionalFormatting sqref="{rules.cells}">')
            for word, dxf in rules.formats.items():
                priority += 1
                parts.append(f'<cfRule type="cellIs" dxfId="{dxf}" priority="{priority}" operator="equal">'
                             f"<formula>{escape(_quoted(word))}</formula></cfRule>")
            parts.append("</conditionalFormatting>")
        return parts

    def _validations(self) -> list[str]:
        if not self.validations:
            return []
        parts = [f'<dataValidations count="{len(self.validations)}">']
        for v in self.validations:
            parts.append(f'<dataValidation type="list" allowBlank="1" showErrorMessage="1" '
                         f"errorTitle={quoteattr(v.title[:32])} error={quoteattr(v.message[:255])} "
                         f'sqref="{v.cells}"><formula1>{escape(_quoted(",".join(v.words)))}</formula1>'
                         "</dataValidation>")
        parts.append("</dataValidations>")
        return parts


def _quoted(text: str) -> str:
    """A formula's text constant: "Red"."""
    return '"' + text.replace('"', '""') + '"'


def sheet_ref(name: str) -> str:
    """'Action plan' as a formula names it."""
    return "'" + name.replace("'", "''") + "'"


HIDDEN = ' hidden="1"'


def _workbook_xml(sheets: list[Worksheet]) -> str:
    names = []
    for i, ws in enumerate(sheets):
        if ws.autofilter:
            names.append(("_xlnm._FilterDatabase", i, f"{sheet_ref(ws.name)}!{_absolute(ws.autofilter)}", True))
        if ws.page.print_area:
            names.append(("_xlnm.Print_Area", i, f"{sheet_ref(ws.name)}!{ws.page.print_area}", False))
        if ws.page.title_rows:
            names.append(("_xlnm.Print_Titles", i, f"{sheet_ref(ws.name)}!{ws.page.title_rows}", False))
    defined = "".join(
        f'<definedName name="{name}" localSheetId="{i}"{HIDDEN if hidden else ""}>{escape(ref)}</definedName>'
        for name, i, ref, hidden in names
    )
    return (
        f'{XML_HEAD}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr/>'
        '<bookViews><workbookView activeTab="0"/></bookViews><sheets>'
        + "".join(f"<sheet name={quoteattr(ws.name)} sheetId=\"{i}\" r:id=\"rId{i}\"/>"
                  for i, ws in enumerate(sheets, 1))
        + "</sheets>" + (f"<definedNames>{defined}</definedNames>" if defined else "")
        + '<calcPr calcId="191029"/></workbook>'
    )


def _absolute(ref: str) -> str:
    """A1:R4 -> $A$1:$R$4."""
    out = []
    for part in ref.split(":"):
        letters = part.rstrip("0123456789")
        out.append(f"${letters}${part[len(letters):]}")
    return ":".join(out)


def _shared_strings_xml(strings: dict[str, int]) -> str:
    items = []
    for text in strings:  # dicts keep insertion order: the order of the indexes given out
        space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() or "\n" in text else ""
        items.append(f"<si><t{space}>{escape(text)}</t></si>")
    # Control characters (other than tab and line breaks) cannot be carried in XML: dropped from all text at once.
    text = NOT_IN_XML.sub("", "".join(items))
    return f'{XML_HEAD}<sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">{text}</sst>'


SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def _content_types(count: int) -> str:
    office = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SHEET_TYPE}"/>'
                        for i in range(1, count + 1))
    return (
        f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{office}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{office}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{office}.sharedStrings+xml"/>'
        f"{overrides}</Types>"
    )


def _relationships(rels: list[tuple[str, str]]) -> str:
    return (f'{XML_HEAD}<Relationships xmlns="{PACKAGE_REL}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{REL}/{kind}" Target="{target}"/>'
                      for i, (kind, target) in enumerate(rels, 1))
            + "</Relationships>")


def save(sheets: list[Worksheet], strings: dict[str, int], target) -> None:
    """Pack the sheets (sharing `strings`) into an .xlsx at `target`, a path or a binary file object."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as z:
        z.writestr("[Content_Types].xml", _content_types(len(sheets)))
        z.writestr("_rels/.rels", _relationships([("officeDocument", "xl/workbook.xml")]))
        z.writestr("xl/workbook.xml", _workbook_xml(sheets))
        rels = [("worksheet", f"worksheets/sheet{i}.xml") for i in range(1, len(sheets) + 1)]
        z.writestr("xl/_rels/workbook.xml.rels",
                   _relationships([*rels, ("styles", "styles.xml"), ("sharedStrings", "sharedStrings.xml")]))
        z.writestr("xl/styles.xml", styles_xml())
        for i, ws in enumerate(sheets, 1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", ws.xml())
        z.writestr("xl/sharedStrings.xml", _shared_strings_xml(strings))
