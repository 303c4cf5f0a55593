"""The papers as PDF, read back with pypdf: section order, figures, RAG words, page numbers,
running headers, landscape tables, PDF/UA tagging, and the same figures on a later re-render.

The Herefordshire plan is loaded and the papers rendered once for the module (inside a
transaction rolled back at the end); the tests read the PDF bytes and the snapshot figures.
"""

import io
import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from actionplan.deadlines import usable_due_date
from actionplan.history import save_recorded
from actionplan.models import Action, Paper, Plan, Rag, Status
from actionplan.papers.render import render_paper_pdf
from actionplan.selectors.snapshot import plan_snapshot
from actionplan.services.loading import plan_load_fixture
from actionplan.services.papers import paper_build, papers_load_samples
from actionplan.updates import UpdateState
from tests.commands.test_load_plan import FIXTURE

# Every test is marked so that pytest-django sets up the test database even when only one
# test of this module is selected (the module fixture below needs it).
pytestmark = pytest.mark.django_db

CABINET_DAY = date(2006, 7, 13)
DUE_BY = date(2006, 6, 30)


def _text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _flat(pages: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(pages))


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    import json

    from django.db import connection

    assert "test" in connection.settings_dict["NAME"] or "memory" in connection.settings_dict["NAME"]
    with django_db_blocker.unblock(), transaction.atomic():
        data = json.loads(FIXTURE.read_text(encoding="utf-8"))
        plan = plan_load_fixture(data=data, reason="test")
        samples = {p.kind: p for p in papers_load_samples(plan, data)}
        cabinet = samples[Paper.Kind.CABINET_REPORT]
        # The clerk adds the optional appendices to the type's summary-only default (test_paper_types.py
        # checks the default), so these tests read every appendix a Cabinet report can carry.
        cabinet.appendices = ["summary", "exceptions", "indicators", "glossary"]
        save_recorded(cabinet, reason="Appendices added")
        snapshot = plan_snapshot(plan, CABINET_DAY)
        due = [a for r in snapshot.recommendations for a in r.actions
               if a.status != Status.CANCELLED and (due := usable_due_date(a.due_date, a.date_flag)) and due <= DUE_BY]
        # "No update" is the Python rule (actionplan.updates) where no person's RAG stands in for a report.
        silent = {a.id for a in due if a.update_state == UpdateState.NO_UPDATE and not a.rag_override}
        counts = {
            "total": len(due),
            "completed": sum(1 for a in due if a.status == Status.COMPLETED),
            "no_update": len(silent),
            "delayed": sum(1 for a in due if a.status != Status.COMPLETED and a.rag == Rag.RED and a.id not in silent),
        }
        counts["on_track"] = counts["total"] - counts["completed"] - counts["delayed"] - counts["no_update"]
        may = plan_snapshot(plan, date(2006, 5, 19))
        out = SimpleNamespace(
            plan_title=plan.title,
            cabinet=cabinet,
            cabinet_pdf=render_paper_pdf(cabinet),
            due_counts=counts,
            action_plan_pdf=render_paper_pdf(paper_build(plan=plan, kind=Paper.Kind.ACTION_PLAN,
                                                         as_at=date(2006, 5, 19))),
            may_live=sum(r.live_count for r in may.recommendations),
            may_completed=sum(r.completed_count for r in may.recommendations),
            may_rag_words={w: sum(1 for r in may.recommendations for a in r.actions if a.rag == w)
                           for w in (Rag.RED, Rag.AMBER, Rag.GREEN)},
            exceptions_pdf=render_paper_pdf(samples[Paper.Kind.EXCEPTIONS]),
            scrutiny_pdf=render_paper_pdf(samples[Paper.Kind.SCRUTINY_NOTE]),
            may_rags={r.number: (r.rag, r.suggested_rag, r.rag_view.difference) for r in may.recommendations},
            by_when_words={word.strip(".,;:()") for snap in (may, snapshot) for r in snap.recommendations
                           for a in r.actions for word in (a.by_when or "").split()},
        )
        # The plan changes after the meeting: a red action is completed and noted today.
        action = Action.objects.filter(recommendation__plan=plan, status=Status.NOT_STARTED).order_by("pk").first()
        action.status, action.completed_on = Status.COMPLETED, timezone.localdate()
        save_recorded(action, reason="Completed later", when=timezone.now())
        out.cabinet_rerendered_pdf = render_paper_pdf(Paper.objects.get(pk=cabinet.pk))
        out.changed_today = plan_snapshot(plan, timezone.localdate())
        transaction.set_rollback(True)
    return out


def test_cabinet_report_sections_come_in_the_seeds_order(rendered):
    text = _flat(_text(rendered.cabinet_pdf))
    order = [
        rendered.cabinet.title, "Portfolio responsibility: Children and Young People Services", "Cabinet",
        "13 July 2006", "Wards Affected", "County-wide", "Purpose", "Key Decision",
        "This is not a Key Decision.", "Recommendation", "THAT Cabinet notes", "Reasons",
        "Financial Implications", "Considerations", "Progress has continued", "Alternative Options",
        "Risk Management", "Consultees", "Background Papers",
        "Appendix 1: Summary progress report", "Appendix 2: Actions not on target",
        "Appendix 3: Performance indicators", "Appendix 4: Index of initials and abbreviations",
    ]
    at = 0
    for heading in order:
        found = text.find(heading, at)
        assert found >= 0, f"{heading!r} missing or out of order"
        at = found + len(heading)
    # Numbered paragraphs (pypdf reads the list's numbers after the paragraphs they belong to).
    assert re.search(r"1\.\s+2\.", _text(rendered.cabinet_pdf)[0])
    assert re.search(r"3\.\s+4\.", _text(rendered.cabinet_pdf)[1])


def test_due_by_sentence_in_the_pdf_has_the_snapshots_numbers(rendered):
    text = _flat(_text(rendered.cabinet_pdf))
    c = rendered.due_counts
    assert c["total"] > 0
    match = re.search(r"There are (\d+) areas of activity due by the end of June 2006\. Of these (.*?)\.", text)
    assert match, "the due-by sentence is missing"
    assert int(match[1]) == c["total"]
    tail = match[2]
    assert f"{c['completed']} have been completed" in tail
    assert f"{c['delayed']} are delayed" in tail
    assert f"{c['no_update']} have had no update since they fell due" in tail
    if c["on_track"]:
        assert f"{c['on_track']} are on track" in tail


def test_every_page_is_numbered_and_carries_the_running_header(rendered):
    pages = _text(rendered.cabinet_pdf)
    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        flat = re.sub(r"\s+", " ", page)
        assert f"Page {number} of {len(pages)}" in flat
        assert "Cabinet – 13 July 2006" in flat
        assert "Progress on improvement following the Joint Area Review" in flat
        assert "As at 13 July 2006" in flat


def test_re_render_after_the_plan_changes_prints_the_same_figures(rendered):
    # Today's plan differs (one more action completed) ...
    assert sum(r.completed_count for r in rendered.changed_today.recommendations) > 0
    # ... but the paper, as at its own date, reads exactly as before.
    assert _text(rendered.cabinet_rerendered_pdf) == _text(rendered.cabinet_pdf)


def test_full_action_plan_is_landscape_with_its_header_row_on_every_page(rendered):
    reader = PdfReader(io.BytesIO(rendered.action_plan_pdf))
    assert len(reader.pages) > 10
    for page in reader.pages:
        box = page.mediabox
        assert box.width > box.height, "the action plan is printed landscape"
        flat = re.sub(r"\s+", " ", page.extract_text())
        if "Index to initials" in flat:
            break  # the table has ended; the index of initials follows
        for column in ("Recommendation", "Action to be taken", "Lead", "By when", "Progress to date",
                       "People / Partners", "Additional capacity requirement", "Target / Success criteria"):
            assert column in flat


def test_action_plan_prints_each_actions_rag_as_a_word(rendered):
    text = _flat(_text(rendered.action_plan_pdf))
    words = {w: len(re.findall(rf"\b{w.label}\b", text)) for w in (Rag.RED, Rag.AMBER, Rag.GREEN)}
    for rag, expected in rendered.may_rag_words.items():
        # Each action's tag, plus the recommendation tags, the key, and words in notes.
        assert words[rag] >= expected, f"{rag.label}: {words[rag]} printed for {expected} actions"
    assert "1.1 Discussion paper to be prepared" in text


def test_action_plan_prints_undated_notes_as_undated_never_with_the_plan_versions_date(rendered):
    text = _flat(_text(rendered.action_plan_pdf))
    assert "Undated (in the plan at 24.03.06) Done by written procedure." in text
    text = text.replace("Undated (in the plan at 24.03.06) Done", "Undated Done")
    # The old loader printed the plan version's date as if the note gave it: "24.03.06 Done by …".
    assert text.count("24.03.06 Done by written procedure.") == 0


def test_action_plan_prints_a_month_only_note_as_its_month_never_the_months_last_day(rendered):
    text = _flat(_text(rendered.action_plan_pdf))
    assert "Mar 06 Draft plan produced Mar 06" in text
    assert "Dec 05 Discussion paper prepared Dec 05." in text
    assert "31.03.06 Draft plan produced" not in text
    assert "31.12.05 Discussion paper" not in text


def test_action_plan_names_a_recommendation_continued_from_the_page_before(rendered):
    pages = [re.sub(r"\s+", " ", p) for p in _text(rendered.action_plan_pdf)]
    assert any("Recommendation 1 (continued)" in p for p in pages[1:])
    assert "(continued)" not in pages[0]


def test_pdfs_are_tagged_pdf_ua_with_title_language_and_embedded_font(rendered):
    for pdf, title in ((rendered.cabinet_pdf, rendered.cabinet.title),
                       (rendered.action_plan_pdf, rendered.plan_title)):
        reader = PdfReader(io.BytesIO(pdf))
        root = reader.trailer["/Root"]
        assert bool(root["/MarkInfo"]["/Marked"])
        assert "/StructTreeRoot" in root
        assert root["/Lang"] == "en-GB"
        assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
        assert reader.metadata.title == title
        fonts = {
            str(font.get_object()["/BaseFont"])
            for page in reader.pages[:2]
            for font in page["/Resources"]["/Font"].values()
        }
        assert any("Liberation-Sans" in f for f in fonts), fonts
        kinds = _structure_kinds(root["/StructTreeRoot"])
        assert {"/H1", "/H2", "/Table", "/TH", "/TD"} <= kinds


def _structure_kinds(node, seen=None) -> set:
    seen = set() if seen is None else seen
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, dict):
        if "/S" in node:
            seen.add(str(node["/S"]))
        kids = node.get("/K")
        if kids is not None:
            for kid in kids if isinstance(kids, list) else [kids]:
                _structure_kinds(kid, seen)
    return seen


def test_exceptions_report_gives_overall_status_and_each_element_with_revised_date_and_why(rendered):
    text = _flat(_text(rendered.exceptions_pdf))
    assert "Overall status" in text
    assert "status Amber" in text
    element = text[text.index("Elements that will not be achieved"):]
    # As in the seed's report: first the assessment-completion indicators (forecast short of target) ...
    indicators = element[element.index("Indicators short of target"):element.index("Actions")]
    assert re.search(r"Initial assessment Completion of initial assessments of children in need "
                     r"Forecast: 65% for 2006/07 \(forecast\).*"
                     r"75% for 2006/07 10 percentage points below the target Red",
                     indicators)
    assert re.search(r"Core assessment Completion of core assessments of children in need "
                     r"Forecast: 70% for 2006/07 \(forecast\).*"
                     r"80% for 2006/07 10 percentage points below the target Red",
                     indicators)
    assert "Not judged against target: CH 01, CH 12, CH 141, CH 145 (no value recorded" in indicators
    # ... then the workforce strategy.
    element = element[element.index("Actions"):]
    assert "3.7 A workforce development strategy" in element
    assert "Revised date May 2007" in element
    assert "Why The multi-agency strategy needed more detailed work" in element


def test_scrutiny_note_has_the_summary_progress_report_grouped_by_timescale(rendered):
    text = _flat(_text(rendered.scrutiny_pdf))
    first = text.index("Timescale requirement: January – June 2006")
    second = text.index("Timescale requirement: June 2006 –")
    assert first < text.index("4. Ensure that a written record") < second
    assert "Summary of 19 May 2006" in text


def test_scrutiny_note_prints_the_reported_rag_beside_the_suggestion_and_why_they_differ(rendered):
    text = _flat(_text(rendered.scrutiny_pdf))
    assert "RAG (reported, else suggested) Suggested from the actions" in text
    assert text.count("Reported 19 May 2006 (summary progress report)") == 17
    lead = {n: rag for n, (rag, _, _) in rendered.may_rags.items()}
    assert [n for n, rag in lead.items() if rag == Rag.GREEN] == [1, 4, 8]  # as the 19 May report said
    differences = [why for _, _, why in rendered.may_rags.values() if why]
    assert text.count("Why the RAGs differ: Reported") == len(differences)
    for why in differences:
        assert f"Why the RAGs differ: {why}" in text


def test_the_modules_plan_and_papers_were_rolled_back(rendered):
    assert not Plan.objects.exists()
    assert not Paper.objects.exists()


def _artifact_and_content_text(page) -> tuple[str, str]:
    """A page's text split by marked content: what is inside /Artifact, and what is tagged."""
    stack: list[str] = []
    parts: dict[bool, list[str]] = {True: [], False: []}

    def operator(op, args, cm, tm):
        if op in (b"BDC", b"BMC"):
            stack.append(str(args[0]))
        elif op == b"EMC" and stack:
            stack.pop()

    def text(t, cm, tm, font, size):
        parts["/Artifact" in stack].append(t)

    page.extract_text(visitor_operand_before=operator, visitor_text=text)
    return (re.sub(r"\s+", " ", "".join(parts[True])), re.sub(r"\s+", " ", "".join(parts[False])))


@pytest.mark.parametrize("name", ["cabinet_pdf", "action_plan_pdf", "exceptions_pdf", "scrutiny_pdf"])
def test_running_headers_and_footers_are_artifacts_not_read_as_content(rendered, name):
    reader = PdfReader(io.BytesIO(getattr(rendered, name)))
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        artifact, content = _artifact_and_content_text(page)
        assert f"Page {number} of {total}" in artifact
        assert "As at " in artifact
        assert f"Page {number} of" not in content, f"page {number} reads its page number as content"
        assert "Draft, version" not in content
        assert content.strip(), f"page {number} has no tagged content"


@pytest.mark.parametrize("name", ["cabinet_pdf", "action_plan_pdf", "exceptions_pdf", "scrutiny_pdf"])
def test_every_tagged_text_run_belongs_to_the_structure_tree(rendered, name):
    # PDF/UA: content is either in the structure tree or an artifact; nothing tagged is left out.
    import pikepdf

    from actionplan.papers.artifacts import _reachable

    with pikepdf.open(io.BytesIO(getattr(rendered, name))) as doc:
        tree = doc.Root.StructTreeRoot
        in_tree = _reachable(tree.K)
        nums = tree.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for number, page in enumerate(doc.pages, start=1):
            used = {int(m) for m in re.findall(rb"<</MCID (\d+)>>", page.obj.Contents.read_bytes())}
            mcids = parents[int(page.obj.StructParents)]
            assert used, f"page {number} has no tagged content"
            for m in used:
                element = mcids[m]
                assert isinstance(element, pikepdf.Dictionary), f"page {number}: MCID {m} has no element"
                assert element.objgen in in_tree, f"page {number}: MCID {m} is tagged but outside the tree"
            artifacts = re.findall(rb"/Artifact\n<</Type /Pagination /Subtype /(Header|Footer)>>",
                                   page.obj.Contents.read_bytes())
            # Top left, top right; bottom left, centre (page number), right.
            assert artifacts.count(b"Header") >= 2
            assert artifacts.count(b"Footer") == 3


CONTACT = ("Further information on the subject of this report is available from Sue Fiennes, "
           "Director of Children's Services on 01432 260039")


@pytest.mark.parametrize("name", ["cabinet_pdf", "exceptions_pdf", "scrutiny_pdf"])
def test_the_contact_box_stands_at_the_foot_of_page_one_in_the_seeds_words(rendered, name):
    pages = [_artifact_and_content_text(page)[1] for page in PdfReader(io.BytesIO(getattr(rendered, name))).pages]
    assert pages[0].rstrip().endswith(CONTACT), "the contact box is not the last thing on page 1"
    assert all("Further information on the subject" not in page for page in pages[1:])


def _outline(reader) -> list[tuple[int, str, int]]:
    """The PDF's bookmarks as (depth, title, page number)."""
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def test_full_action_plan_has_a_heading_and_a_bookmark_per_recommendation(rendered):
    reader = PdfReader(io.BytesIO(rendered.action_plan_pdf))
    outline = _outline(reader)
    recs = [(depth, title, page) for depth, title, page in outline if title.startswith("Recommendation ")]
    assert [int(re.match(r"Recommendation (\d+):", title)[1]) for _, title, _ in recs] == list(range(1, 18))
    assert recs[0][1].startswith("Recommendation 1: Ensure that appropriate criteria are set")
    # Each sits under its timescale's bookmark, and leads to the page where its table starts.
    assert {depth for depth, _, _ in recs} == {2}
    assert [page for _, _, page in recs] == sorted(page for _, _, page in recs)
    for _, title, page in recs:
        number = title.split(":")[0]
        content = _artifact_and_content_text(reader.pages[page - 1])[1]
        assert f"{number} Recommendation Action to be taken" in content, f"{number}: no heading on page {page}"


def _lowest_text(page) -> float:
    """The height above the page's foot of its lowest line of tagged (not artifact) text, in points."""
    stack: list[str] = []
    lowest = [float(page.mediabox.height)]

    def operator(op, args, cm, tm):
        if op in (b"BDC", b"BMC"):
            stack.append(str(args[0]))
        elif op == b"EMC" and stack:
            stack.pop()

    def text(t, cm, tm, font, size):
        if t.strip() and "/Artifact" not in stack:
            lowest[0] = min(lowest[0], tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_operand_before=operator, visitor_text=text)
    return lowest[0]


def test_full_action_plan_fills_its_pages_instead_of_leaving_quarters_blank(rendered):
    mm = 72 / 25.4
    pages = PdfReader(io.BytesIO(rendered.action_plan_pdf)).pages
    texts = [_artifact_and_content_text(page)[1] for page in pages]
    end = next(i for i, text in enumerate(texts) if "Appendix 1: Index of initials" in text) - 1
    for number, page in enumerate(pages[:end], start=1):  # the plan's last page may end short
        foot, head = 16 * mm, float(page.mediabox.height) - 20 * mm  # the landscape page's margins
        blank = (_lowest_text(page) - foot) / (head - foot)
        assert blank < 0.25, f"page {number} is {blank:.0%} blank below its last line"


@pytest.mark.parametrize("name", ["cabinet_pdf", "action_plan_pdf"])
def test_no_by_when_word_is_split_across_lines(rendered, name):
    text = "\n".join(_text(getattr(rendered, name)))
    long_words = {w for w in rendered.by_when_words if len(w) >= 5}
    assert {"Commencing", "implementation"} <= long_words
    for word in long_words:
        for cut in range(2, len(word) - 1):
            split = re.escape(word[:cut]) + r"[ \t]*\n[ \t]*" + re.escape(word[cut:])
            assert not re.search(split, text), f"{word!r} is split across lines"


def test_index_of_initials_lists_only_named_people_with_the_organisation_the_plan_records(rendered):
    text = _flat(_text(rendered.cabinet_pdf))
    index = text[text.index("Index to initials"):text.index("Abbreviations")]
    assert "not recorded" not in index
    assert "AB Name" not in index
    assert "Initials not identified in the plan: AB, JR." in index
    # Health posts: the seeds do not say who employs them, so no organisation is printed.
    assert re.search(r"Dr S Stuckie, Paediatrician, CDC(?! \()", index)
    assert re.search(r"Lynne Renton, Designated Nurse, Child Protection(?! \()", index)
    assert "Sue Fiennes, Director of Children's Services (Herefordshire Council)" in index
    assert "Sue Doheny, Locality Manager - PCT (Herefordshire Primary Care Trust)" in index


def _elements(doc, kind: str) -> list:
    """Every structure element of one kind ("/Figure", "/TD", ...) under the structure tree."""
    import pikepdf

    found, stack = [], [doc.Root.StructTreeRoot.K]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == kind:
                found.append(node)
            if node.get("/K") is not None:
                stack.append(node.K)
    return found


def test_charts_have_their_figures_as_alternative_text_and_cells_name_their_headers(rendered):
    import pikepdf

    with pikepdf.open(io.BytesIO(rendered.cabinet_pdf)) as doc:
        figures = _elements(doc, "/Figure")
        assert figures, "the indicators appendix has charts"
        for figure in figures:
            assert re.search(r"\d", str(figure.get("/Alt", ""))), "a chart without its figures as /Alt"
        header_ids = {str(th.ID) for th in _elements(doc, "/TH") if "/ID" in th}
        cells = _elements(doc, "/TD")
        assert cells
        # A screen reader names each cell's column (PDF/UA: header cells by /Headers and /ID).
        headed = [td for td in cells if "/A" in td and "/Headers" in td.A]
        assert len(headed) > len(cells) * 0.9
        assert all(str(h) in header_ids for td in headed for h in td.A.Headers)


def test_each_page_names_the_recommendation_continued_at_its_top_and_only_that(rendered):
    reader = PdfReader(io.BytesIO(rendered.action_plan_pdf))
    starts = {int(re.match(r"Recommendation (\d+):", title)[1]): page
              for _, title, page in _outline(reader) if title.startswith("Recommendation ")}
    texts = [_artifact_and_content_text(page) for page in reader.pages]
    end = next(i for i, (_, content) in enumerate(texts) if "Appendix 1: Index of initials" in content)
    headed = 0
    for number, (artifact, content) in enumerate(texts[:end], start=1):
        named = re.search(r"Recommendation (\d+) \(continued\)", artifact)
        if number == 1 or re.match(r"\s*(Timescale: [^R]*)?Recommendation \d+ Recommendation Action", content):
            assert not named, f"page {number} starts with a heading but says {named[0]!r}"
            headed += 1
            continue
        assert named, f"page {number} continues a table but names no recommendation"
        rec = int(named[1])
        assert starts[rec] < number <= starts.get(rec + 1, end + 1), f"page {number} names recommendation {rec}"
    assert headed >= 2
