"""HTML first (issue 12): issuing stores the paper's web page beside its PDF, from the same reading of the
plan, and the page is served as stored. Its words are the PDF's words, in the same order: the PDF is read
back with pypdf (in the order WeasyPrint drew it), leaving out the running headers and footers in the page
margins; the HTML is read as a browser shows it (with the numbers of numbered paragraphs)."""

import io
import re
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from actionplan.models import Paper
from actionplan.services.papers import issued_html, issued_pdf_bytes, paper_issue
from tests.factories import PaperFactory

MM = 72 / 25.4
# The body of every page lies inside its margins (paper.css: 24 mm top on portrait pages, 20 mm on landscape
# ones, 20 or 16 mm at the foot); the running headers' baselines sit above these lines, the footers' below.
HEAD_BAND = {"portrait": 22 * MM, "landscape": 18.5 * MM}
FOOT_BAND = 15 * MM
# A numbered paragraph's number ("1. "): WeasyPrint draws it after the paragraph, so it is compared apart.
MARKER = re.compile(r"^\d+\. $")


def pdf_body_words(pdf: bytes) -> tuple[list[str], list[str]]:
    """The words drawn inside the margins of every page, in the order drawn (a new line starts a new word),
    and the numbers of numbered paragraphs."""
    text: list[str] = []
    markers: list[str] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        height, width = float(page.mediabox.height), float(page.mediabox.width)
        top = height - HEAD_BAND["portrait" if height > width else "landscape"]
        last_y = [None]

        def keep(piece, cm, tm, _font, _size, top=top, last_y=last_y):
            y = tm[5] * cm[3] + cm[5]  # the baseline on the page
            if not FOOT_BAND < y < top:
                return
            if MARKER.match(piece):
                markers.append(piece.strip())
                return
            text.append(piece if y == last_y[0] else " " + piece)
            last_y[0] = y

        page.extract_text(visitor_text=keep)
    return "".join(text).split(), markers


class _Text(HTMLParser):
    """The words of an HTML fragment as a browser shows them, and the numbers of its numbered paragraphs."""

    def __init__(self):
        super().__init__()
        self.out: list[str] = []
        self.counters: list[int | None] = []
        self.markers: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("ol", "ul"):
            self.counters.append(0 if tag == "ol" else None)
        elif tag == "li" and self.counters and self.counters[-1] is not None:
            self.counters[-1] += 1
            self.markers.append(f"{self.counters[-1]}.")
        self.out.append(" " if tag not in ("span", "strong", "em", "a") else "")

    def handle_endtag(self, tag):
        if tag in ("ol", "ul") and self.counters:
            self.counters.pop()
        self.out.append(" " if tag not in ("span", "strong", "em", "a") else "")

    def handle_data(self, data):
        self.out.append(data)


def html_words(html: str) -> tuple[list[str], list[str]]:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.out).split(), parser.markers


def without(words: list[str], part: list[str]) -> list[str]:
    """words with the run `part` taken out once; fails if it is not there."""
    for i in range(len(words) - len(part) + 1):
        if words[i:i + len(part)] == part:
            return words[:i] + words[i + len(part):]
    raise AssertionError(f"not found: {' '.join(part)}")


def _issued(world, **fields):
    paper = PaperFactory(plan=world.plan, **fields)
    return paper_issue(paper_id=paper.pk, user=world.users["clerk"])


@pytest.mark.parametrize("kind", [Paper.Kind.ACTION_PLAN, Paper.Kind.SCRUTINY_NOTE])
def test_the_issued_web_page_has_the_words_of_the_issued_pdf_in_the_same_order(world, kind):
    paper = _issued(world, kind=kind, appendices=["summary", "glossary"], contact_name="Sue Fiennes",
                    contact_title="Director of Children's Services", contact_phone="01432 260039",
                    purpose="To report progress on the plan.", recommendations="THAT the progress be noted.",
                    considerations="The plan has 2 actions.\n\nBoth are led by named officers.")
    html, pdf = issued_html(paper), issued_pdf_bytes(paper)
    (pdf_words, pdf_numbers), (page_words, page_numbers) = pdf_body_words(pdf), html_words(html)
    assert len(page_words) > 40
    if paper.kind != Paper.Kind.ACTION_PLAN:
        # The contact box prints at the foot of page 1 (the council's layout) and follows the meeting
        # details on the page: the same words, compared where each puts them.
        contact = html_words(re.search(r'<div class="contact">.*?</div>', html, re.S).group(0))[0]
        assert "01432 260039" in " ".join(contact)
        pdf_words, page_words = without(pdf_words, contact), without(page_words, contact)
        assert page_numbers[:2] == ["1.", "2."]  # the numbered considerations
    assert page_words == pdf_words
    assert page_numbers == pdf_numbers
