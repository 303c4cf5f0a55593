"""The appendices a clerk wrote or uploaded, as the paper's templates show them: after the generated
appendices, numbered on from them, in the clerk's order."""

from __future__ import annotations

import hashlib

from django.utils.safestring import mark_safe

from actionplan.models import Paper, PaperAppendix
from actionplan.papers.appended import AppendedPdfError, placeholder_id
from actionplan.papers.richtext import to_html

TEXT_TEMPLATE = "actionplan/papers/print/_free_text.html"
PDF_TEMPLATE = "actionplan/papers/print/_free_pdf.html"
# A transparent 1 x 1 PNG: the mark on each page laid out for an uploaded page (papers/appended.py).
MARK = ("data:image/png;base64,"
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII=")


def paper_free_appendices(paper: Paper) -> list[PaperAppendix]:
    if paper.pk is None:  # a paper built to be rendered without saving (render_paper --dry) has none
        return []
    return list(paper.free_appendices.all())


def free_appendix_entries(paper: Paper, start: int) -> list[dict]:
    """One entry per free appendix for the templates' appendix loop, numbered from `start`."""
    entries = []
    for number, appendix in enumerate(paper_free_appendices(paper), start=start):
        entry = {"key": f"free-{appendix.pk}", "number": number, "title": appendix.title, "free": appendix}
        if appendix.kind == PaperAppendix.Kind.TEXT:
            # Sanitised by nh3 against papers.richtext's allow-list, so safe to insert as it is.
            entry.update(template=TEXT_TEMPLATE, html=mark_safe(to_html(appendix.body)), landscape=False)  # noqa: S308
        else:
            landscape = set(appendix.landscape_pages)
            entry.update(
                template=PDF_TEMPLATE, landscape=1 in landscape, mark=MARK,
                pages=[{"id": placeholder_id(appendix.pk, n), "landscape": n in landscape}
                       for n in range(1, appendix.page_count + 1)],
            )
        entries.append(entry)
    return entries


def appended_files(paper: Paper) -> dict[int, bytes]:
    """appendix id -> the uploaded PDF's bytes, for papers.appended.append_pages."""
    files = {}
    for appendix in paper_free_appendices(paper):
        if appendix.kind == PaperAppendix.Kind.PDF:
            with appendix.file.open("rb") as f:
                data = f.read()
            if hashlib.sha256(data).hexdigest() != appendix.sha256:
                raise AppendedPdfError(f"the stored file of appendix '{appendix.title}' no longer matches its SHA-256")
            files[appendix.pk] = data
    return files
