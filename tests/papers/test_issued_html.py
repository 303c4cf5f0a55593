"""HTML first (issue 12): issuing stores the paper's web page beside its PDF, from the same reading of the
plan, and the page is served as stored. Its words are the PDF's words, in the same order: the PDF is read
back with pypdf (in the order WeasyPrint drew it), leaving out the running headers and footers in the page
margins; the HTML is read as a browser shows it (with the numbers of numbered paragraphs)."""

import base64
import io
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.utils import timezone
from pypdf import PdfReader

from actionplan.models import Paper
from actionplan.services.papers import issued_html, issued_pdf_bytes, paper_create_from_type, paper_issue
from tests.factories import IndicatorFactory, IndicatorTargetFactory, IndicatorValueFactory, PaperFactory

MM = 72 / 25.4
# The body of every page lies inside its margins (paper.css: 24 mm top on portrait pages, 20 mm on landscape
# ones, 20 or 16 mm at the foot); the running headers' baselines sit above these lines, the footers' below.
HEAD_BAND = {"portrait": 22 * MM, "landscape": 18.5 * MM}
FOOT_BAND = 15 * MM
# A list item's number or bullet ("1. ", "• "): WeasyPrint draws it after the list, so it is compared apart.
MARKER = re.compile(r"^(\d+\.|•) $")


def pdf_body_words(pdf: bytes) -> tuple[list[str], list[str]]:
    """The words drawn inside the margins of every page, in the order drawn (a new line starts a new word),
    and the list items' numbers and bullets."""
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
    """The words of an HTML fragment as a browser shows them, and its list items' numbers and bullets."""

    INLINE = ("span", "strong", "em", "a")

    def __init__(self):
        super().__init__()
        self.out: list[str] = []
        self.counters: list[int | None] = []
        self.markers: list[str] = []
        self.spans: list[bool] = []  # whether each open <span> is laid out as a block

    def handle_starttag(self, tag, attrs):
        if tag in ("ol", "ul"):
            self.counters.append(0 if tag == "ol" else None)
        elif tag == "li" and self.counters:
            if self.counters[-1] is None:
                self.markers.append("•")
            else:
                self.counters[-1] += 1
                self.markers.append(f"{self.counters[-1]}.")
        block = tag not in self.INLINE or "reported" in (dict(attrs).get("class") or "")  # paper.css: a block
        if tag == "span":
            self.spans.append(block)
        self.out.append(" " if block else "")

    def handle_endtag(self, tag):
        if tag in ("ol", "ul") and self.counters:
            self.counters.pop()
        block = self.spans.pop() if tag == "span" and self.spans else tag not in self.INLINE
        self.out.append(" " if block else "")

    def handle_data(self, data):
        self.out.append(data)


def chart_labels(html: str) -> list[list[str]]:
    """The words drawn inside each chart (axes, legend): the PDF draws them; on the page the chart is an
    image whose alternative text reads out its figures."""
    labels = []
    for encoded in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html):
        svg = base64.b64decode(encoded).decode()
        svg = re.sub(r"<(title|desc)\b.*?</\1>", " ", svg, flags=re.S)  # read out by the alt text, not drawn
        # pypdf reads the right-aligned unit label ("Unit: %") without the chart's transformation, as if
        # drawn at the foot of the page: it is left out with the footers.
        texts = [t for t in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg) if not t.startswith("Unit:")]
        labels.append(" ".join(texts).split())
    return labels


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


def test_a_cabinet_report_with_every_appendix_and_an_indicator_chart_has_the_same_words_in_both(world):
    """Every appendix the paper can carry: the summary, the full plan (landscape pages), exceptions, the
    indicators (a chart, whose words are its alternative text on the page, and a table), changes, glossary."""
    indicator = IndicatorFactory(plan=world.plan, code="CH 12", title="Conferences within 15 days")
    IndicatorTargetFactory(indicator=indicator)
    IndicatorValueFactory(indicator=indicator)
    IndicatorValueFactory(indicator=indicator, period="Q2 2006/07", period_end=date(2006, 9, 30), value=70)
    paper = paper_create_from_type(
        plan=world.plan, kind=Paper.Kind.CABINET_REPORT, as_at=timezone.localdate(), user=world.users["clerk"],
        fields={"portfolio": "Children and Young People Services", "consultees": "Action Plan Group",
                "financial_implications": "None beyond the approved budget.", "contact_name": "Sue Fiennes",
                "contact_title": "Director of Children's Services", "contact_phone": "01432 260039",
                "appendices": list(Paper.Appendix.values), "changes_since": date(2006, 1, 1)},
    )
    paper = paper_issue(paper_id=paper.pk, user=world.users["clerk"])
    html = issued_html(paper)
    assert 'alt="' in html  # the chart, described
    (pdf_words, pdf_numbers), (page_words, page_numbers) = pdf_body_words(issued_pdf_bytes(paper)), html_words(html)
    contact = html_words(re.search(r'<div class="contact">.*?</div>', html, re.S).group(0))[0]
    pdf_words, page_words = without(pdf_words, contact), without(page_words, contact)
    charts = chart_labels(html)
    assert len(charts) == 1
    pdf_words = without(pdf_words, charts[0])
    assert "Conferences" in page_words
    import difflib
    for op in difflib.SequenceMatcher(a=page_words, b=pdf_words, autojunk=False).get_opcodes():
        if op[0] != "equal":
            print(op[0], page_words[op[1]-3:op[2]+3], pdf_words[op[3]-3:op[4]+3])
    assert page_words == pdf_words
    assert page_numbers == pdf_numbers
