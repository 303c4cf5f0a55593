"""Writes for the appendices a clerk adds to a paper: add text, upload a PDF, edit, remove, and copy them
to a new version of an issued paper.

Only a draft's appendices change: an issued paper is frozen with its PDF, so every write here locks the
paper's row and refuses if it is issued (its new version, made by editing the paper, gets copies). An
uploaded file is stored before its row is written and removed again if the row is not, so nothing is
left half-written; a file is never deleted once recorded (history rows and copies in later versions of
the paper point at it).
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from actionplan.dates import uk_date
from actionplan.history import delete_recorded, save_recorded
from actionplan.models import Paper, PaperAppendix
from actionplan.models.appendix import appendix_path
from actionplan.papers.appended import CheckedPdf


class AppendixError(ValueError):
    """The appendix cannot be changed as asked; the message says why."""


def _draft(paper_id: int) -> Paper:
    """The paper, its row locked for the rest of the transaction, refused if it has been issued."""
    paper = Paper.objects.select_for_update().get(pk=paper_id)
    if paper.is_issued:
        issued = timezone.localtime(paper.issued_at).date()
        raise AppendixError(
            f"Version {paper.version} was issued on {uk_date(issued)}, so its appendices cannot change. "
            f"Edit the paper to make version {paper.version + 1}, then change that version's appendices"
        )
    return paper


@transaction.atomic
def appendix_text_add(*, paper_id: int, user, title: str, order: int, body: str) -> PaperAppendix:
    paper = _draft(paper_id)
    appendix = PaperAppendix(paper=paper, kind=PaperAppendix.Kind.TEXT, title=title, order=order, body=body)
    save_recorded(appendix, reason=f"Appendix added: {title}", user=user)
    return appendix


def appendix_pdf_add(*, paper_id: int, user, title: str, order: int, data: bytes, original_name: str,
                     checked: CheckedPdf) -> PaperAppendix:
    """Store the checked upload under a generated name, then record it; if recording fails, the file goes."""
    appendix = PaperAppendix(
        kind=PaperAppendix.Kind.PDF, title=title, order=order, original_name=original_name[:255], size=len(data),
        page_count=checked.page_count, landscape_pages=checked.landscape_pages, sha256=checked.sha256,
        uploaded_by=user,
    )
    storage = appendix.file.storage
    stored = storage.save(appendix_path(appendix, original_name), ContentFile(data))
    try:
        with transaction.atomic():
            appendix.paper = _draft(paper_id)
            appendix.file.name = stored
            save_recorded(appendix, reason=f"Appendix uploaded: {title} ({checked.page_count} pages)", user=user)
    except BaseException:
        storage.delete(stored)
        raise
    return appendix


@transaction.atomic
def appendix_update(*, appendix: PaperAppendix, user, changes: dict) -> PaperAppendix:
    """`appendix` as locked by services.versions.unchanged_since; `changes`: title, order, body (text only)."""
    _draft(appendix.paper_id)
    allowed = {"title", "order"} | ({"body"} if appendix.kind == PaperAppendix.Kind.TEXT else set())
    unknown = set(changes) - allowed
    if unknown:
        raise AppendixError(f"these cannot be changed on this appendix: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(appendix, name, value)
    save_recorded(appendix, reason="Appendix edited", user=user)
    return appendix


@transaction.atomic
def appendix_remove(*, appendix_id: int, paper_id: int, user) -> str:
    """Remove an appendix from a draft (its file stays: the history row still names it); its title."""
    _draft(paper_id)
    appendix = PaperAppendix.objects.select_for_update().get(pk=appendix_id, paper_id=paper_id)
    delete_recorded(appendix, reason=f"Appendix removed: {appendix.title}", user=user)
    return appendix.title


def appendices_copy(*, source: Paper, target: Paper, user) -> None:
    """A new version of an issued paper starts with the issued one's appendices (the same stored files)."""
    for old in source.free_appendices.all():
        new = PaperAppendix(paper=target, **{f: getattr(old, f) for f in (
            "order", "title", "kind", "body", "original_name", "size", "page_count", "landscape_pages", "sha256",
            "uploaded_by")})
        new.file.name = old.file.name
        save_recorded(new, reason=f"Appendix copied from issued version {source.version}", user=user)


def appendices_state(paper_id: int) -> list[tuple]:
    """What a paper's appendices say now: compared before and after an issue's render, so that an edit made
    meanwhile stops the issue rather than go unprinted."""
    return list(PaperAppendix.objects.filter(paper_id=paper_id).order_by("pk").values_list(
        "pk", "order", "title", "kind", "body", "sha256"))
