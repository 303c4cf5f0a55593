"""Uploaded PDF appendices: checked when uploaded, then laid into the paper's PDF page by page.

The paper's own layout numbers the appended pages. The print template (print/_free_pdf.html) puts
one empty page per uploaded page where the appendix stands, with an id ("appended-<appendix>-<n>"),
so WeasyPrint lays them out with the paper's running header and footer and counts them in "Page 9
of 14" like any other page (whatever numbering the paper's CSS uses); actionplan.papers.artifacts
marks those footers as artifacts as on every page. Then append_pages() finds each empty page by its
id (WeasyPrint writes ids as named destinations) and draws the uploaded page on it, scaled to fit
inside the page's margins (below the appendix heading on its first page) as a form XObject (pikepdf's
calc_form_xobject_placement). The uploaded file's own structure tags are not carried over: each
drawn page is tagged as part of a /Figure (from a transparent image the template puts on the empty
page, so it stands in reading order) whose alternative text is the page's text as pypdf reads it.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
from dataclasses import dataclass

import filetype
import pikepdf
from pypdf import PdfReader

from actionplan import limits

MM = 72 / 25.4
# The page margins of static/papers/paper.css in mm (top, right, bottom, left): A4 and A4 landscape.
PORTRAIT_MARGINS = (24, 16, 20, 16)
WIDE_MARGINS = (20, 12, 16, 12)
# Room kept above the first uploaded page for the appendix's heading (two lines at most: titles are
# capped at 120 characters) and the space after it.
HEADING_MM = 16
# The longest text of one uploaded page carried as its alternative text.
ALT_MAX = 20_000


class AppendedPdfError(ValueError):
    """The upload is not a PDF this service can append; the message names the problem."""


@dataclass(frozen=True)
class CheckedPdf:
    page_count: int
    landscape_pages: list[int]
    sha256: str


def _landscape(page: pikepdf.Page) -> bool:
    box = page.mediabox
    wide = abs(float(box[2]) - float(box[0])) > abs(float(box[3]) - float(box[1]))
    return wide != (int(page.obj.get("/Rotate", 0)) % 180 == 90)


def _read_contents(page: pikepdf.Page) -> None:
    """Read and decode every content stream of the page: a damaged one raises here, not at issue."""
    contents = page.obj.get("/Contents")
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents] if contents is not None else []
    for stream in streams:
        stream.read_bytes()


def _open(data: bytes) -> pikepdf.Pdf:
    try:
        return pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise AppendedPdfError("The PDF is protected by a password: save a copy without one and upload that") from None
    except pikepdf.PdfError:
        raise AppendedPdfError(
            "The PDF is damaged and cannot be read: save or export it again from the program that made it"
        ) from None


def check_pdf(data: bytes) -> CheckedPdf:
    """Whether `data` is a PDF that can be appended: by its bytes, not its name; readable throughout,
    not encrypted, within the size and page limits. Raises AppendedPdfError naming the problem."""
    if len(data) == 0:
        raise AppendedPdfError("The selected file is empty")
    if len(data) > limits.APPENDIX_PDF_BYTES:
        raise AppendedPdfError(
            f"The file is {len(data) / 1048576:.1f} MB; an appendix must be "
            f"{limits.APPENDIX_PDF_BYTES // 1048576} MB or smaller"
        )
    kind = filetype.guess(data[:8192])
    if kind is None or kind.extension != "pdf":
        raise AppendedPdfError("The file is not a PDF (its contents are not those of a PDF): upload a PDF")
    with _open(data) as doc:
        if doc.is_encrypted:
            raise AppendedPdfError(
                "The PDF is encrypted (it has security restrictions): save a copy without them and upload that"
            )
        count = len(doc.pages)
        if count == 0:
            raise AppendedPdfError("The PDF has no pages")
        if count > limits.APPENDIX_PDF_PAGES:
            raise AppendedPdfError(
                f"The PDF has {count} pages; an appendix may have {limits.APPENDIX_PDF_PAGES} pages or fewer"
            )
        landscape = []
        for number, page in enumerate(doc.pages, start=1):
            try:
                _read_contents(page)
                page.as_form_xobject()
                if _landscape(page):
                    landscape.append(number)
            except (pikepdf.PdfError, ValueError, KeyError, TypeError):
                raise AppendedPdfError(
                    f"Page {number} of the PDF is damaged and cannot be read: save or export the PDF again"
                ) from None
    return CheckedPdf(page_count=count, landscape_pages=landscape, sha256=hashlib.sha256(data).hexdigest())


def placeholder_id(appendix_id: int, page: int) -> str:
    return f"appended-{appendix_id}-{page}"


def _named_pages(doc: pikepdf.Pdf) -> dict[str, int]:
    """Named destination -> page index (WeasyPrint writes one flat /Dests name tree)."""
    index = {page.obj.objgen: i for i, page in enumerate(doc.pages)}
    names = doc.Root.get("/Names", {}).get("/Dests", {}).get("/Names", [])
    return {str(names[i]): index[names[i + 1][0].objgen] for i in range(0, len(names), 2)}


def _body(page: pikepdf.Page, first: bool) -> pikepdf.Rectangle:
    box = page.mediabox
    width, height = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
    top, right, bottom, left = WIDE_MARGINS if width > height else PORTRAIT_MARGINS
    if first:
        top += HEADING_MM
    return pikepdf.Rectangle(left * MM, bottom * MM, width - right * MM, height - top * MM)


def _page_texts(data: bytes) -> list[str]:
    """The text of each uploaded page, in reading order as pypdf finds it (empty for a scanned page)."""
    reader = PdfReader(io.BytesIO(data))
    texts = []
    for page in reader.pages:
        try:
            texts.append(" ".join(page.extract_text().split())[:ALT_MAX])
        except Exception:  # noqa: BLE001 - a page whose text cannot be read is described, not refused
            texts.append("")
    return texts


def _parent_arrays(doc: pikepdf.Pdf) -> dict[int, pikepdf.Array]:
    nums = doc.Root.StructTreeRoot.ParentTree.Nums
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def _figure(target: pikepdf.Page, parents: dict[int, pikepdf.Array]) -> tuple[pikepdf.Dictionary, pikepdf.Array]:
    """The placeholder's image on this page (its structure element, a /Figure) and the page's MCID array."""
    mcids = parents[int(target.obj.StructParents)]
    figures = [e for e in mcids if isinstance(e, pikepdf.Dictionary) and e.get("/S") == "/Figure"]
    if not figures:
        raise AppendedPdfError("a page laid out for an uploaded page has no figure to tag it with")
    return figures[-1], mcids


def _draw(doc: pikepdf.Pdf, target: pikepdf.Page, page: pikepdf.Page, key: str, rect: pikepdf.Rectangle,
          parents: dict[int, pikepdf.Array], text: str) -> None:
    """Draw `page` scaled into `rect` on `target`, tagged as part of the placeholder's /Figure, whose
    alternative text then carries the uploaded page's text for a screen reader."""
    form = doc.copy_foreign(page.as_form_xobject())
    # A name of our own: pikepdf's generated ones are random, and the same paper must give the same bytes.
    name = target.add_resource(form, pikepdf.Name.XObject, pikepdf.Name(f"/{key}"))
    placement = target.calc_form_xobject_placement(form, name, rect)
    figure, mcids = _figure(target, parents)
    mcid = len(mcids)
    mcids.append(figure)
    kids = figure.K
    figure.K = pikepdf.Array([*kids, mcid]) if isinstance(kids, pikepdf.Array) else pikepdf.Array([kids, mcid])
    described = str(figure.get("/Alt", ""))
    figure.Alt = pikepdf.String(f"{described}: {text}" if text else f"{described}, with no text that can be read out")
    # WeasyPrint's content leaves its own transformation (y downwards) in force: enclose it in q … Q so
    # that the placement is made in the page's default coordinates.
    target.contents_add(b"q\n", prepend=True)
    target.contents_add(b"Q\n/Figure <</MCID %d>> BDC\n" % mcid + bytes(placement) + b"\nEMC\n")


def append_pages(pdf: bytes, files: dict[int, bytes]) -> bytes:
    """The paper's PDF with each appendix's uploaded pages drawn on its empty pages (module doc).
    `files`: appendix id -> the uploaded PDF's bytes. The same input gives the same bytes."""
    if not files:
        return pdf
    with contextlib.ExitStack() as stack:
        doc = stack.enter_context(pikepdf.open(io.BytesIO(pdf)))
        named = _named_pages(doc)
        parents = _parent_arrays(doc)
        for appendix_id, data in sorted(files.items()):
            source = stack.enter_context(_open(data))  # open until saved: qpdf copies its streams then
            texts = _page_texts(data)
            for number, page in enumerate(source.pages, start=1):
                where = named.get(placeholder_id(appendix_id, number))
                if where is None:
                    raise AppendedPdfError(f"no page was laid out for page {number} of appendix {appendix_id}")
                target = doc.pages[where]
                _draw(doc, target, page, f"Appended{appendix_id}Page{number}", _body(target, first=number == 1),
                      parents, texts[number - 1])
        out = io.BytesIO()
        doc.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()
