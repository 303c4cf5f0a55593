"""Appendices a clerk adds to a paper: text typed in the browser (sanitised, with headings, lists and tables),
and an uploaded PDF appended to the pack with its pages numbered on from the paper's, read back with pypdf."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from actionplan.models import Paper
from actionplan.papers.appended import AppendedPdfError, check_pdf
from actionplan.papers.render import render_paper_pdf
from actionplan.services import appendices
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


def uploaded_pdf(pages: list[str], landscape: set[int] = frozenset()) -> bytes:
    """A small PDF of our own making (not a seed file): one line of text a page, some pages landscape."""
    from weasyprint import HTML

    css = "".join(f"@page p{n} {{ size: A4 landscape }} .p{n} {{ page: p{n} }}" for n in landscape)
    body = "".join(
        f'<div class="p{n}" style="break-before: page">{text}</div>' for n, text in enumerate(pages, start=1)
    )
    return HTML(string=f"<html><style>{css}</style><body>{body}</body></html>").write_pdf()


def _text(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def paper(world):
    return PaperFactory(plan=world.plan, kind=Paper.Kind.SCRUTINY_NOTE, meeting_body="Scrutiny Committee",
                        title="Progress note", appendices=["summary"])


def _add_pdf(paper, data: bytes, title="Performance management report", order=2, user=None):
    checked = check_pdf(data)
    return appendices.appendix_pdf_add(paper_id=paper.pk, user=user, title=title, order=order, data=data,
                                       original_name="report.pdf", checked=checked)


# --- text: what a clerk types, sanitised ------------------------------------------------------------------

def test_sanitising_removes_scripts_handlers_styles_and_javascript_links_and_keeps_the_structure():
    from actionplan.papers.richtext import sanitise

    dirty = ('<h3 style="position:fixed;top:0">Staffing</h3><script>alert("x")</script>'
             '<p onclick="steal()">Posts <a href="javascript:alert(1)">here</a> and '
             '<a href="https://www.herefordshire.gov.uk/">there</a></p><img src="x" onerror="alert(1)">'
             '<ul><li>one</li></ul><ol><li>two</li></ol>'
             '<table><thead><tr><th scope="col">Team</th></tr></thead><tbody><tr><td>Hereford</td></tr></tbody></table>'
             '<style>body{display:none}</style><iframe src="https://example.com"></iframe>')
    clean = sanitise(dirty)
    for gone in ("<script", "alert", "onclick", "javascript:", "style", "<img", "onerror", "<iframe", "display"):
        assert gone not in clean, gone
    for kept in ("<h3>Staffing</h3>", "<ul><li>one</li></ul>", "<ol><li>two</li></ol>",
                 '<th scope="col">Team</th>', "<td>Hereford</td>", 'href="https://www.herefordshire.gov.uk/"'):
        assert kept in clean, kept
    assert "<a rel=\"noopener noreferrer\">here</a>" in clean  # the link's words stay, its script does not


def test_the_plain_text_convention_makes_headings_lists_and_tables_with_header_cells():
    from actionplan.papers.richtext import to_html

    typed = ("# Staffing\n## Social work teams\nPosts filled at the end of June\nacross the county.\n\n"
             "- social workers\n- team managers\n\n1. recruit\n2) retain\n\n"
             "Team\tPosts\tFilled\nHereford\t12\t10\n\n| Area | Vacant |\n|---|---|\n| Leominster | 1 |\n"
             '<script>alert(1)</script><b onclick="x()">Note</b>')
    html = to_html(typed)
    assert "<h3>Staffing</h3><h4>Social work teams</h4>" in html
    assert "<p>Posts filled at the end of June<br>across the county.</p>" in html
    assert "<ul><li>social workers</li><li>team managers</li></ul>" in html
    assert "<ol><li>recruit</li><li>retain</li></ol>" in html
    assert ('<thead><tr><th scope="col">Team</th><th scope="col">Posts</th><th scope="col">Filled</th></tr></thead>'
            "<tbody><tr><td>Hereford</td><td>12</td><td>10</td></tr></tbody>") in html
    assert '<th scope="col">Area</th>' in html
    assert "<td>Leominster</td><td>1</td>" in html
    assert "---" not in html  # a Markdown rule line is not a row
    assert "alert" not in html
    assert "onclick" not in html
    assert "<b>Note</b>" in html


# --- the PDF ------------------------------------------------------------------------------------------------

STAFFING = "# Staffing\n\nPosts at the end of June:\n\n- social workers\n- team managers\n\n" \
           "| Team | Posts | Filled |\n| Hereford | 12 | 10 |"


def test_an_uploaded_pdf_follows_the_paper_with_its_pages_numbered_on_as_artifacts(paper):
    from tests.papers.test_pdf import _artifact_and_content_text

    appendices.appendix_text_add(paper_id=paper.pk, user=None, title="Staffing", order=1, body=STAFFING)
    _add_pdf(paper, uploaded_pdf(["Quarterly figures first page", "Wide table page", "Closing page"], {2}))
    pdf = render_paper_pdf(paper)
    reader = PdfReader(io.BytesIO(pdf))
    total = len(reader.pages)
    texts = _text(pdf)
    first = next(i for i, t in enumerate(texts) if "Appendix 3: Performance management report" in t)
    assert first == total - 3, "the uploaded PDF's three pages are the pack's last three"
    assert "Quarterly figures first page" in texts[first]
    assert "Wide table page" in texts[first + 1]
    assert "Closing page" in texts[first + 2]
    for number, page in enumerate(reader.pages, start=1):
        artifact, content = _artifact_and_content_text(page)
        assert f"Page {number} of {total}" in artifact, f"page {number} is not numbered in sequence"
        assert "Page " not in content.replace("Page 1 of", ""), f"page {number} reads a page number as content"
    widths = [float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages[first:]]
    assert widths == [False, True, False], "each uploaded page keeps its orientation"


def _kinds(pdf: bytes) -> dict[str, int]:
    from tests.papers.test_pdf import _elements

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return {kind: len(_elements(doc, kind)) for kind in ("/TH", "/TD", "/H3", "/L", "/LI", "/Figure")}


def test_the_appendices_are_tagged_text_with_header_cells_and_the_uploaded_pages_figures_with_their_text(paper):
    from tests.papers.test_pdf import _elements

    before = _kinds(render_paper_pdf(paper))
    appendices.appendix_text_add(paper_id=paper.pk, user=None, title="Staffing", order=1, body=STAFFING)
    _add_pdf(paper, uploaded_pdf(["Quarterly figures first page", "Closing page"]))
    pdf = render_paper_pdf(paper)
    after = _kinds(pdf)
    # Team, Posts, Filled as header cells; Hereford, 12, 10 as cells; one heading; one list of two items.
    assert {k: after[k] - before[k] for k in after} == {"/TH": 3, "/TD": 3, "/H3": 1, "/L": 1, "/LI": 2,
                                                        "/Figure": 2}
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        alts = [str(f.get("/Alt", "")) for f in _elements(doc, "/Figure")]
    assert "Appendix 3, page 1 of 2 of the uploaded PDF: Quarterly figures first page" in alts
    assert "Appendix 3, page 2 of 2 of the uploaded PDF: Closing page" in alts


@pytest.fixture
def issuable(world):
    """A full action plan with its mandatory sections filled: it can be issued as it stands."""
    return PaperFactory(plan=world.plan, title="JAR action plan")


def test_an_issued_paper_with_appendices_renders_the_same_bytes_again_and_they_are_frozen(issuable, world):
    from actionplan.papers.render import status_line_for
    from actionplan.services.papers import issued_html, issued_pdf_bytes, paper_issue

    appendices.appendix_text_add(paper_id=issuable.pk, user=None, title="Staffing", order=1, body=STAFFING)
    _add_pdf(issuable, uploaded_pdf(["Quarterly figures first page"]))
    issued = paper_issue(paper_id=issuable.pk, user=world.users["clerk"])
    stored = issued_pdf_bytes(issued)
    assert "Quarterly figures first page" in _text(stored)[-1]
    assert render_paper_pdf(issued, status_line=status_line_for(issued)) == stored
    page = issued_html(issued)  # the web page stored at issue carries the same appendices
    assert "Appendix 1: Staffing" in page  # a full action plan has no generated appendix
    assert '<h3>Staffing</h3><p>Posts at the end of June:</p><ul><li>social workers</li>' in page
    assert "Appendix 2: Performance management report" in page
    assert "An uploaded PDF of 1 page" in page
    with pytest.raises(appendices.AppendixError, match="was issued on .*, so its appendices cannot change"):
        appendices.appendix_text_add(paper_id=issued.pk, user=None, title="Late", order=3, body="Too late")


def test_a_new_version_of_an_issued_paper_starts_with_its_appendices_and_changes_only_its_own(issuable, world):
    from actionplan.services.papers import paper_issue, paper_update

    appendices.appendix_text_add(paper_id=issuable.pk, user=None, title="Staffing", order=1, body=STAFFING)
    upload = _add_pdf(issuable, uploaded_pdf(["Quarterly figures first page"]))
    issued = paper_issue(paper_id=issuable.pk, user=world.users["clerk"])
    draft = paper_update(paper_id=issued.pk, user=world.users["clerk"], changes={"title": "JAR plan, revised"})
    copies = list(draft.free_appendices.all())
    assert [(a.title, a.kind) for a in copies] == [("Staffing", "text"), ("Performance management report", "pdf")]
    assert copies[1].file.name == upload.file.name
    appendices.appendix_remove(appendix_id=copies[1].pk, paper_id=draft.pk, user=None)
    assert issued.free_appendices.count() == 2
    assert upload.file.storage.exists(upload.file.name), "the issued paper's file is kept"


# --- upload refusals ----------------------------------------------------------------------------------------

def _encrypted(owner_only: bool) -> bytes:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(uploaded_pdf(["Secret"]))) as doc:
        doc.save(out, encryption=pikepdf.Encryption(owner="owner", user="" if owner_only else "reader"))
    return out.getvalue()


def _no_pages() -> bytes:
    out = io.BytesIO()
    pikepdf.new().save(out)
    return out.getvalue()


def _page_two_damaged() -> bytes:
    """A PDF whose second page's content stream says it is compressed but is not."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(uploaded_pdf(["One", "Two"]))) as doc:
        doc.pages[1].obj.Contents.write(b"not compressed at all", filter=pikepdf.Name.FlateDecode, type_check=False)
        doc.save(out, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return out.getvalue()


@pytest.mark.parametrize(("make", "message"), [
    (lambda: b"", "The selected file is empty"),
    (lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "The file is not a PDF"),
    (lambda: b"Minutes of the meeting, saved as text with a .pdf name", "The file is not a PDF"),
    (lambda: _encrypted(owner_only=False), "protected by a password"),
    (lambda: _encrypted(owner_only=True), "encrypted"),
    (lambda: b"%PDF-1.7\n" + b"\x00garbage\xff" * 50, "damaged and cannot be read"),
    (lambda: uploaded_pdf(["One", "Two"])[:1000], "damaged and cannot be read"),  # cut short in the upload
    (lambda: _no_pages(), "The PDF has no pages"),
    (lambda: _page_two_damaged(), "Page 2 of the PDF is damaged and cannot be read"),
])
def test_check_pdf_refuses_what_cannot_be_appended_naming_the_problem(make, message):
    with pytest.raises(AppendedPdfError, match=message):
        check_pdf(make())


def test_check_pdf_refuses_too_many_pages_and_too_many_bytes(monkeypatch):
    from actionplan import limits

    data = uploaded_pdf(["One", "Two", "Three"])
    monkeypatch.setattr(limits, "APPENDIX_PDF_PAGES", 2)
    with pytest.raises(AppendedPdfError, match="The PDF has 3 pages; an appendix may have 2 pages or fewer"):
        check_pdf(data)
    monkeypatch.setattr(limits, "APPENDIX_PDF_BYTES", 1024)
    with pytest.raises(AppendedPdfError, match=r"MB; an appendix must be 0 MB or smaller"):
        check_pdf(data)


def test_a_refused_upload_writes_nothing_and_names_the_problem(client, paper, world, settings):
    from django.urls import reverse

    from actionplan.models import PaperAppendix

    client.force_login(world.users["clerk"])
    url = reverse("paper_appendix_add", args=[paper.pk, "pdf"])
    response = client.post(url, {"title": "Report", "order": "1",
                                 "file": SimpleUploadedFile("report.pdf", _encrypted(owner_only=False))})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The PDF is protected by a password" in page
    assert not PaperAppendix.objects.exists()
    assert not any((settings.MEDIA_ROOT / "appendices").glob("*"))


def test_an_upload_whose_row_cannot_be_written_leaves_no_file(paper, monkeypatch, settings):
    from actionplan.models import PaperAppendix

    def refuse(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(appendices, "save_recorded", refuse)
    with pytest.raises(RuntimeError):
        _add_pdf(paper, uploaded_pdf(["One"]))
    assert not PaperAppendix.objects.exists()
    assert not any((settings.MEDIA_ROOT / "appendices").glob("*"))


def test_an_upload_is_confirmed_listed_and_downloaded_by_whoever_reads_the_paper(client, paper, world):
    from django.urls import reverse

    data = uploaded_pdf(["Quarterly figures first page"])
    client.force_login(world.users["clerk"])
    response = client.post(reverse("paper_appendix_add", args=[paper.pk, "pdf"]),
                           {"title": "Performance management report", "order": "1",
                            "file": SimpleUploadedFile("pm.pdf", data, content_type="application/pdf")},
                           follow=True)
    page = response.content.decode()
    assert "Appendix &#x27;Performance management report&#x27; added to the paper" in page
    assert re.search(r"Performance management report</strong> \(uploaded PDF, 1 page, order 1\)", page)
    appendix = paper.free_appendices.get()
    download = client.get(reverse("paper_appendix_file", args=[paper.pk, appendix.pk]))
    assert b"".join(download.streaming_content) == data
    client.force_login(world.users["viewer"])  # a draft's appendix is for clerks and plan managers
    assert client.get(reverse("paper_appendix_file", args=[paper.pk, appendix.pk])).status_code == 403


def test_the_uploaded_pages_carry_the_agenda_pack_numbering_too(paper):
    """A paper that starts on page 12 of the agenda pack numbers its appended pages on in the pack as well."""
    from tests.papers.test_pdf import _artifact_and_content_text

    Paper.objects.filter(pk=paper.pk).update(pack_first_page=12)
    paper.refresh_from_db()
    _add_pdf(paper, uploaded_pdf(["Quarterly figures first page", "Closing page"]))
    reader = PdfReader(io.BytesIO(render_paper_pdf(paper)))
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        artifact, _ = _artifact_and_content_text(page)
        assert f"Page {number} of {total}" in artifact
        assert f"Page {11 + number} of the agenda pack" in artifact
