"""The workbook's cell formats: a fixed list, written once as xl/styles.xml.

Cells name a format by its place in CELL_FORMATS (the xf index an .xlsx cell's `s` attribute
holds). Format 0 is what every cell without a format of its own gets: top-aligned wrapped text,
also set as the "Normal" style, since LibreOffice takes an unstyled cell's look from there.
"""

from __future__ import annotations

from dataclasses import dataclass

from actionplan.excel import columns as C

DATE_FORMAT = "d mmm yyyy"
MONTH_FORMAT = "mmmm yyyy"  # a date that names only a month (columns.MonthOf): "March 2006"
DATETIME_FORMAT = "d mmm yyyy hh:mm"
NUMBER_FORMATS = {DATE_FORMAT: 164, DATETIME_FORMAT: 165, MONTH_FORMAT: 166}  # 164 and up: a workbook's own
HEADER_FILL = "D9D9D9"
HEADING_FILL = "DEEAF6"  # a recommendation's heading row on the Action plan sheet


@dataclass(frozen=True)
class Format:
    bold: bool = False
    colour: str = ""  # the font's colour, RRGGBB
    fill: str = ""  # a solid background, RRGGBB
    border_below: bool = False
    number_format: str = ""
    wrap: bool = True


TEXT = 0
HEADER, DATE, DATETIME, MONTH, HEADING = 1, 2, 3, 4, 5
CELL_FORMATS: list[Format] = [
    Format(),
    Format(bold=True, fill=HEADER_FILL, border_below=True),
    Format(number_format=DATE_FORMAT, wrap=False),
    Format(number_format=DATETIME_FORMAT, wrap=False),
    Format(number_format=MONTH_FORMAT, wrap=False),
    Format(bold=True, fill=HEADING_FILL, border_below=True),
]
# RAG words on their colour (the word is always written; the fill only repeats it).
RAG = {}
for _value, (_bg, _fg) in C.RAG_FILLS.items():
    RAG[_value] = len(CELL_FORMATS)
    CELL_FORMATS.append(Format(bold=True, colour=_fg, fill=_bg))
# Conditional formats (dxf) for the RAG columns, so the colour follows a word someone types: in RAG_FILLS order.
RAG_DXF = {value: i for i, value in enumerate(C.RAG_FILLS)}


def _font(bold: bool, colour: str) -> str:
    b = "<b/>" if bold else ""
    color = f'<color rgb="FF{colour}"/>' if colour else ""
    return f'<font>{b}<sz val="11"/>{color}<name val="Calibri"/><family val="2"/></font>'


def _fill(colour: str) -> str:
    return (f'<fill><patternFill patternType="solid"><fgColor rgb="FF{colour}"/><bgColor indexed="64"/>'
            "</patternFill></fill>")


def _alignment(wrap: bool) -> str:
    return '<alignment vertical="top" wrapText="1"/>' if wrap else '<alignment vertical="top"/>'


def styles_xml() -> str:
    """xl/styles.xml, elements in the order the schema (ECMA-376 CT_Stylesheet) requires."""
    fonts = [(False, "")] + sorted({(f.bold, f.colour) for f in CELL_FORMATS} - {(False, "")})
    fills = sorted({f.fill for f in CELL_FORMATS if f.fill})
    xfs = []
    for f in CELL_FORMATS:
        font = fonts.index((f.bold, f.colour))
        fill = fills.index(f.fill) + 2 if f.fill else 0  # 0 and 1 are the two fills every workbook starts with
        num = NUMBER_FORMATS.get(f.number_format, 0)
        applied = "".join(f' apply{name}="1"' for name, used in (
            ("NumberFormat", num), ("Font", font), ("Fill", fill), ("Border", f.border_below)) if used)
        xfs.append(
            f'<xf numFmtId="{num}" fontId="{font}" fillId="{fill}" borderId="{1 if f.border_below else 0}" xfId="0"'
            f'{applied} applyAlignment="1">{_alignment(f.wrap)}</xf>'
        )
    dxfs = "".join(
        f'<dxf><font><b/><color rgb="FF{fg}"/></font><fill><patternFill><bgColor rgb="FF{bg}"/></patternFill>'
        "</fill></dxf>"
        for bg, fg in C.RAG_FILLS.values()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<numFmts count="{len(NUMBER_FORMATS)}">'
        + "".join(f'<numFmt numFmtId="{i}" formatCode="{code}"/>' for code, i in NUMBER_FORMATS.items())
        + f'</numFmts><fonts count="{len(fonts)}">' + "".join(_font(b, c) for b, c in fonts) + "</fonts>"
        f'<fills count="{len(fills) + 2}"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill>' + "".join(_fill(c) for c in fills) + "</fills>"
        '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
        '<border><left/><right/><top/><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>'
        f'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0">{_alignment(True)}</xf>'
        f'</cellStyleXfs><cellXfs count="{len(xfs)}">' + "".join(xfs) + "</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        f'<dxfs count="{len(C.RAG_FILLS)}">{dxfs}</dxfs>'
        '<tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/>'
        "</styleSheet>"
    )
