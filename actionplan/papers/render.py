"""Render a paper: context in, HTML or PDF bytes out. Views, the render_paper command, the
benchmark and the tests all call these; nothing here writes to the database or the disk.

The PDF is WeasyPrint's PDF/UA-1 variant: tagged (headings, lists, tables with header cells),
with the document title and language taken from <title> and <html lang>, and its running
headers and footers then marked as artifacts (actionplan.papers.artifacts). Liberation Sans (the
Arial-metric font) is embedded as a subset.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

import pikepdf
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from actionplan.dates import uk_date
from actionplan.models import Paper
from actionplan.papers.appended import AppendedPdfError, append_pages
from actionplan.papers.artifacts import mark_running_heads_as_artifacts
from actionplan.papers.context import paper_context
from actionplan.papers.free import appended_files, free_appendix_entries
from actionplan.selectors.snapshot import PlanSnapshot

PRINT_TEMPLATE = "actionplan/papers/print/paper.html"
BODY_TEMPLATE = "actionplan/papers/print/_body.html"
STYLESHEET = "papers/paper.css"
HEAD_MAX = 90  # characters of the title in the running header


class PaperRenderError(Exception):
    """The paper could not be laid out; nothing has been written."""


def status_line_for(paper: Paper, *, issuing: bool = False) -> str:
    """The footer's left box: a draft says so; an issued paper carries its version and date."""
    if issuing or paper.is_issued:
        when = timezone.localtime(paper.issued_at).date() if paper.issued_at else timezone.localdate()
        return f"Issued {uk_date(when)}, version {paper.version}"
    return f"Draft, version {paper.version}: not issued"


def css_string(text: str) -> str:
    """A CSS string literal; '<' escaped so that nothing closes the <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3C ")
    return f'"{escaped}"'


def page_css(paper: Paper, status_line: str, as_at: str) -> str:
    """The running header and footer of every page: meeting and date, title, status, as-at date."""
    title = paper.title if len(paper.title) <= HEAD_MAX else paper.title[: HEAD_MAX - 1].rstrip() + "…"
    left = f"{paper.meeting_body} – {uk_date(paper.meeting_date)}"
    if paper.agenda_item.strip():
        left += f" – Agenda item {paper.agenda_item.strip()}"
    return (
        "@page {"
        f" @top-left {{ content: {css_string(left)} }}"
        f" @top-right {{ content: {css_string(title)} }}"
        f" @bottom-left {{ content: {css_string(status_line)} }}"
        f" @bottom-right {{ content: {css_string('As at ' + as_at)} }}"
        f"{_pack_pages(paper)}"
        " }"
    )


def _pack_pages(paper: Paper) -> str:
    """With the pack page the paper starts on, each page also says where it is in the agenda pack:
    a counter of its own (counter(page) stays the paper's "Page 2 of 8"), reset on the first page
    to one before, since every page, the first too, adds one."""
    if not paper.pack_first_page:
        return ""
    return (
        " counter-increment: pack;"
        ' @bottom-center { content: "Page " counter(page) " of " counter(pages) "\\A Page " counter(pack)'
        ' " of the agenda pack"; white-space: pre; }'
        f" }} @page :first {{ counter-reset: pack {paper.pack_first_page - 1};"
    )


def _context(paper: Paper, snapshot: PlanSnapshot | None, status_line: str | None) -> dict:
    status = status_line if status_line is not None else status_line_for(paper)
    ctx = paper_context(paper, snapshot=snapshot, status_line=status)
    # The clerk's own appendices follow those made from the plan, numbered on from them.
    ctx["appendices"] += free_appendix_entries(paper, start=len(ctx["appendices"]) + 1)
    ctx["page_css"] = page_css(paper, status, ctx["as_at"])
    ctx["council_name"] = getattr(settings, "COUNCIL_NAME", "")
    return ctx


def render_paper_html(
    paper: Paper, *, snapshot: PlanSnapshot | None = None, status_line: str | None = None
) -> str:
    """The complete print document (what WeasyPrint lays out)."""
    ctx = _context(paper, snapshot, status_line)
    ctx["for_print"] = True  # an uploaded PDF appendix is empty pages to draw on, not a link
    return render_to_string(PRINT_TEMPLATE, ctx)


def render_paper_body(paper: Paper, *, snapshot: PlanSnapshot | None = None) -> dict:
    """The context for the HTML preview page, which includes the same body template."""
    return _context(paper, snapshot, None)


def stylesheet_path() -> Path:
    found = finders.find(STYLESHEET)
    if not found:
        raise PaperRenderError(f"the paper stylesheet static/{STYLESHEET} is missing")
    return Path(found)


# One FontConfiguration per process (and the stylesheet parsed once against it) saves time on
# every render after the first. WeasyPrint is not documented as thread-safe: one render at a time.
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _weasy():
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        """Papers are self-contained (charts as data: URIs, fonts from fontconfig): nothing is
        fetched from the network or the disk."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"papers do not load external resources ({url[:60]})")

    fonts = FontConfiguration()
    css = CSS(filename=str(stylesheet_path()), font_config=fonts)
    return fonts, css, NoFetching()


def html_to_pdf(html: str, appended: dict[int, bytes] | None = None) -> bytes:
    """Lay out the print document as a tagged PDF/UA-1 file, running heads as artifacts, and draw
    the uploaded PDF appendices (`appended`: appendix id -> bytes, papers.free.appended_files) on
    the pages laid out for them."""
    from weasyprint import HTML

    fonts, css, fetcher = _weasy()
    with _lock:
        try:
            pdf = HTML(string=html, url_fetcher=fetcher, base_url=str(settings.BASE_DIR)).write_pdf(
                stylesheets=[css], font_config=fonts, pdf_variant="pdf/ua-1"
            )
        except Exception as e:  # WeasyPrint raises many kinds; the caller needs one
            raise PaperRenderError(f"the PDF could not be laid out: {e}") from e
    try:
        pdf = mark_running_heads_as_artifacts(pdf)
    except Exception as e:  # pikepdf's errors or ours: the caller needs one
        raise PaperRenderError(f"the PDF's running headers could not be marked as artifacts: {e}") from e
    try:
        return append_pages(pdf, appended or {})
    except (AppendedPdfError, pikepdf.PdfError) as e:
        raise PaperRenderError(f"an uploaded PDF appendix could not be added: {e}") from e


def render_issued_paper(paper: Paper, *, status_line: str) -> tuple[bytes, str]:
    """The PDF and the HTML page's content of a paper being issued, from one context (one reading
    of the plan as at the paper's date), so the two carry the same frozen content. The HTML is the
    body the PDF lays out (BODY_TEMPLATE), without the print document's head or page CSS."""
    ctx = _context(paper, None, status_line)
    # In print an uploaded PDF appendix is pages to draw on (as render_paper_html); on the page, a link to it.
    pdf = html_to_pdf(render_to_string(PRINT_TEMPLATE, {**ctx, "for_print": True}),
                      appended=paper_appended_files(paper))
    return pdf, render_to_string(BODY_TEMPLATE, ctx)


def render_paper_pdf(
    paper: Paper, *, snapshot: PlanSnapshot | None = None, status_line: str | None = None
) -> bytes:
    """The paper as PDF bytes, from the plan as at the paper's date, with its uploaded appendices."""
    return html_to_pdf(render_paper_html(paper, snapshot=snapshot, status_line=status_line),
                       paper_appended_files(paper))


def paper_appended_files(paper: Paper) -> dict[int, bytes]:
    """The uploaded appendices' bytes, each checked against the SHA-256 recorded at upload."""
    try:
        return appended_files(paper)
    except (OSError, AppendedPdfError) as e:
        raise PaperRenderError(f"an uploaded PDF appendix could not be read: {e}") from e
