"""Open an uploaded workbook safely, or refuse it with one sentence a clerk can act on.

Checked before openpyxl sees the file: the size limit, what the bytes really are
(a CSV or PDF renamed .xlsx, a password-protected workbook, which Excel stores in an
OLE container), a damaged or cut-short zip, and a "zip bomb" (members that would
unpack to far more than any real plan). openpyxl then reads it in read-only mode with
formulas as written (data_only=False): a formula's text is taken, never evaluated,
and a workbook saved by our own exporter has no cached results to read anyway.
defusedxml, installed with the app, guards openpyxl's XML parsing.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from openpyxl import load_workbook

from actionplan.evidence import looks_like_text
from actionplan.excel.problems import WorkbookRefused
from actionplan.excel.read.cells import SheetCell

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MB = 1024 * 1024


def max_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_BYTES", 10 * MB)


def max_unpacked_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_UNPACKED_BYTES", 100 * MB)


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", 20_000)


# A real workbook's XML packs 5-50 times smaller; a part packed 400 times smaller (deflate's most is
# about 1,030) is made of nothing but repeats: built to explode, not to be read.
MAX_RATIO = 400
SAVE_AS_XLSX = "open it in Excel (or LibreOffice) and save it as an 'Excel Workbook (.xlsx)', then import that"


def size_text(n: int) -> str:
    """12.3 MB, or 512 KB for small sizes (a limit set low in testing still reads sensibly)."""
    return f"{n / MB:.1f} MB" if n >= MB else f"{n // 1024} KB"


def check_file(path: Path) -> None:
    """Raise WorkbookRefused unless the file is a plausible, safe .xlsx."""
    _check_size(path)
    with path.open("rb") as f:
        _check_head(f.read(4096))
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError, EOFError):
        raise WorkbookRefused(
            "The file is damaged or incomplete (perhaps cut short while downloading): save it again and import that"
        ) from None
    _check_members(members)


def _check_size(path: Path) -> None:
    size = path.stat().st_size
    if size == 0:
        raise WorkbookRefused("The file is empty")
    if size > max_bytes():
        raise WorkbookRefused(
            f"The file is {size_text(size)}; a workbook to import must be {size_text(max_bytes())} or smaller"
        )


def _check_head(head: bytes) -> None:
    """What the first bytes say the file really is: an .xlsx is a zip archive."""
    if head.startswith(OLE_MAGIC):
        raise WorkbookRefused(
            "The workbook is password-protected (or is an old .xls file): remove the password in Excel "
            f"(File, Info, Protect Workbook) or {SAVE_AS_XLSX}"
        )
    if head.startswith(b"%PDF"):
        raise WorkbookRefused("The file is a PDF, not an Excel workbook: import the spreadsheet it was made from")
    if not head.startswith(b"PK"):
        if looks_like_text(head):
            raise WorkbookRefused(f"The file is plain text (perhaps a CSV file renamed .xlsx): {SAVE_AS_XLSX}")
        raise WorkbookRefused(f"The file is not an Excel workbook (.xlsx): {SAVE_AS_XLSX}")


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    """A zip archive that holds a workbook, and no more than a real plan would unpack to."""
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise WorkbookRefused("The file is a Word document, not an Excel workbook")
        if "content.xml" in names:
            raise WorkbookRefused(f"The file is an OpenDocument spreadsheet (.ods): {SAVE_AS_XLSX}")
        raise WorkbookRefused(f"The file is a zip archive but not an Excel workbook: {SAVE_AS_XLSX}")
    unpacked = sum(m.file_size for m in members)
    if unpacked > max_unpacked_bytes():
        raise WorkbookRefused(
            f"The workbook would unpack to {size_text(unpacked)}, more than the {size_text(max_unpacked_bytes())} "
            "allowed: it is not a plan we can import (it may be built to overload the server)"
        )
    for m in members:
        if m.file_size > MB and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise WorkbookRefused(
                f"The workbook part {m.filename} is packed {m.file_size // max(m.compress_size, 1):,} times "
                "smaller than its contents, which no real spreadsheet is: it cannot be imported"
            )


def open_workbook(path: Path):
    """check_file, then openpyxl in read-only mode; the caller must close() the workbook."""
    check_file(path)
    try:
        return load_workbook(path, read_only=True, data_only=False)
    except Exception as e:  # openpyxl raises many kinds for a damaged file; all mean the same to a clerk
        raise WorkbookRefused(
            f"The workbook could not be read; it may be damaged ({type(e).__name__}): save it again and import that"
        ) from None


def sheet_rows(ws) -> Iterator[tuple[int, list[SheetCell]]]:
    """(row number, cells) for each row that has anything in it; blank rows are skipped."""
    ws.reset_dimensions()  # some programs write wrong dimensions; read every cell there is
    for row in ws.iter_rows():
        cells = []
        number = None
        for c in row:
            value = getattr(c, "value", None)
            number = number or getattr(c, "row", None)
            cells.append(SheetCell(value, getattr(c, "data_type", "n")) if value is not None else SheetCell(None, "n"))
        if any(not c.empty for c in cells):
            yield number, cells
