"""Paper types: the council's layout from data. The Herefordshire plan's types are set up by the
loader from its sample papers; a new paper takes its type's title, meeting, contact box and
appendices; editing the type later leaves papers already made, and issued PDFs, as they were.

The 13 July 2006 Cabinet report with its type's defaults is read back page by page with pypdf.
"""

import hashlib
import io
import json
import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.db import transaction
from pypdf import PdfReader

from actionplan.models import Paper, PaperType, Plan
from actionplan.papers.render import render_paper_pdf
from actionplan.services import paper_types
from actionplan.services.demo import demo_paper_types_ensure
from actionplan.services.loading import plan_load_fixture
from actionplan.services.papers import issued_pdf_bytes, paper_create_from_type, paper_issue, paper_update
from tests.commands.test_load_plan import FIXTURE
from tests.factories import UserFactory
from tests.papers.test_pdf import CONTACT, _artifact_and_content_text

pytestmark = pytest.mark.django_db

CABINET_DAY = date(2006, 7, 13)
SEED_TITLE = "Progress on improvement following the Joint Area Review in Herefordshire"


def _pages(pdf: bytes) -> list[tuple[str, str]]:
    """(artifact text, content text) of each page."""
    return [_artifact_and_content_text(page) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def hereford(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        plan = plan_load_fixture(data=json.loads(FIXTURE.read_text(encoding="utf-8")), reason="test")
        cabinet = Paper.objects.get(plan=plan, kind=Paper.Kind.CABINET_REPORT)
        numbered = Paper.objects.get(pk=cabinet.pk)
        numbered.agenda_item, numbered.pack_first_page = "7", 11
        out = SimpleNamespace(
            plan=plan, cabinet=cabinet, cabinet_pdf=render_paper_pdf(cabinet),
            numbered_pdf=render_paper_pdf(numbered),
            types={t.kind: t for t in PaperType.objects.filter(plan=plan)},
        )
        transaction.set_rollback(True)
    return out


def test_the_loader_sets_up_the_cabinet_type_in_the_councils_words(hereford):
    cabinet = hereford.types[Paper.Kind.CABINET_REPORT]
    assert cabinet.title == SEED_TITLE
    assert (cabinet.meeting_body, cabinet.portfolio) == ("Cabinet", "Children and Young People Services")
    assert (cabinet.contact_name, cabinet.contact_title, cabinet.contact_phone) == (
        "Sue Fiennes", "Director of Children's Services", "01432 260039")
    assert cabinet.appendices == [Paper.Appendix.SUMMARY]
    assert cabinet.red_actions_limit == 10
    assert set(hereford.types) == {Paper.Kind.CABINET_REPORT, Paper.Kind.SCRUTINY_NOTE, Paper.Kind.EXCEPTIONS}


def test_the_13_july_2006_cabinet_report_with_its_defaults(hereford):
    """Done when: contact box on page 1, the summary appendix only, under 8 pages."""
    assert hereford.cabinet.title == SEED_TITLE
    assert hereford.cabinet.appendices == [Paper.Appendix.SUMMARY]
    pages = _pages(hereford.cabinet_pdf)
    assert len(pages) < 8, f"{len(pages)} pages"
    assert pages[0][1].rstrip().endswith(CONTACT), "the contact box is not at the foot of page 1"
    text = " ".join(content for _, content in pages)
    assert text.startswith(SEED_TITLE)
    assert "Appendix 1: Summary progress report" in text
    assert "Appendix 2" not in text
    for left_out in ("Actions not on target", "Performance indicators", "Index of initials"):
        assert f": {left_out}" not in text


def test_agenda_item_and_pack_pages_are_in_the_running_header_and_footer(hereford):
    plain, numbered = _pages(hereford.cabinet_pdf), _pages(hereford.numbered_pdf)
    assert len(numbered) == len(plain)
    for number, (artifact, content) in enumerate(numbered, start=1):
        assert "Cabinet – 13 July 2006 – Agenda item 7" in artifact
        assert f"Page {number} of {len(numbered)}" in artifact
        assert f"Page {10 + number} of the agenda pack" in artifact
        assert "agenda pack" not in content  # artifacts, not read out
        assert "Agenda item" not in content
    assert all("agenda pack" not in artifact and "Agenda item" not in artifact for artifact, _ in plain)


def test_the_pack_pages_second_line_leaves_no_tagged_text_outside_the_structure_tree(hereford):
    import pikepdf

    from actionplan.papers.artifacts import _reachable

    with pikepdf.open(io.BytesIO(hereford.numbered_pdf)) as doc:
        tree = doc.Root.StructTreeRoot
        in_tree = _reachable(tree.K)
        nums = tree.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for number, page in enumerate(doc.pages, start=1):
            stream = page.obj.Contents.read_bytes()
            mcids = parents[int(page.obj.StructParents)]
            for m in {int(m) for m in re.findall(rb"<</MCID (\d+)>>", stream)}:
                assert mcids[m].objgen in in_tree, f"page {number}: MCID {m} is tagged but outside the tree"
            # Left, the two lines of the centre (page, pack page), right.
            assert re.findall(rb"/Artifact\n<</Type /Pagination /Subtype /(Header|Footer)>>", stream).count(
                b"Footer") == 4


def _new_cabinet(plan, user, **fields):
    return paper_create_from_type(plan=plan, kind=Paper.Kind.CABINET_REPORT, as_at=CABINET_DAY,
                                  meeting_date=CABINET_DAY, fill_generated=False, user=user, fields=fields)


@pytest.fixture
def plan():
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data["papers"] = [p for p in data["papers"] if p["type"] == "cabinet_report"]
    return plan_load_fixture(data=data, reason="test")


def test_a_new_paper_takes_its_types_defaults_and_the_clerk_can_change_them(plan):
    clerk = UserFactory()
    paper = _new_cabinet(plan, clerk)
    assert (paper.title, paper.meeting_body, paper.portfolio) == (
        SEED_TITLE, "Cabinet", "Children and Young People Services")
    assert (paper.contact_name, paper.contact_phone, paper.red_actions_limit) == ("Sue Fiennes", "01432 260039", 10)
    assert paper.appendices == [Paper.Appendix.SUMMARY]
    changed = paper_update(paper_id=paper.pk, user=clerk, changes={
        "appendices": ["summary", "exceptions"], "red_actions_limit": 5, "contact_wording": "Ask {name} on {phone}"})
    assert (changed.appendices, changed.red_actions_limit) == (["summary", "exceptions"], 5)
    ptype = PaperType.objects.get(plan=plan, kind=Paper.Kind.CABINET_REPORT)
    assert (ptype.appendices, ptype.red_actions_limit) == (["summary"], 10)  # the type is not the paper


def test_editing_the_type_changes_new_papers_only_and_issued_pdfs_stay_byte_for_byte(plan):
    clerk = UserFactory()
    issued = paper_issue(paper_id=Paper.objects.get(plan=plan).pk, user=clerk)
    draft = _new_cabinet(plan, clerk)
    draft_pdf = render_paper_pdf(draft)
    ptype = paper_types.paper_type_save(plan=plan, kind=Paper.Kind.CABINET_REPORT, user=clerk, changes={
        "title": "Improvement after the JAR", "contact_wording": "Ask {name} ({title}) on {phone}",
        "contact_name": "Henry Lewis", "appendices": ["summary", "glossary"]})
    assert ptype.history.first().history_user == clerk
    issued.refresh_from_db()
    data = issued_pdf_bytes(issued)
    assert hashlib.sha256(data).hexdigest() == issued.issued_sha256
    assert render_paper_pdf(issued) == data  # rendered again after the type changed: the same bytes
    assert render_paper_pdf(Paper.objects.get(pk=draft.pk)) == draft_pdf
    newer = _new_cabinet(plan, clerk)
    assert (newer.title, newer.appendices) == ("Improvement after the JAR", ["summary", "glossary"])
    first = _pages(render_paper_pdf(newer))[0][1]
    assert first.rstrip().endswith(
        "Ask Henry Lewis (Director of Children's Services) on 01432 260039")


@pytest.mark.parametrize(("wording", "problem"), [
    ("", "Enter the contact box's wording"),
    ("Ask {nmae} on {phone}", "remove {nmae}"),
    ("Ask the Director on 01432 260039", "write {name}"),
    ("Ask {name} on {phone", "does not mark"),
])
def test_a_contact_wording_that_cannot_be_filled_in_is_refused_and_nothing_saved(plan, wording, problem):
    before = list(PaperType.history.values_list("history_id", flat=True))
    with pytest.raises(paper_types.PaperTypeError, match=problem.replace("{", r"\{")):
        paper_types.paper_type_save(plan=plan, kind=Paper.Kind.CABINET_REPORT, user=None,
                                    changes={"contact_wording": wording})
    assert list(PaperType.history.values_list("history_id", flat=True)) == before
    assert Plan.objects.count() == 1


def test_setup_demo_sets_up_the_types_of_a_demo_plan_loaded_before_there_were_types(plan):
    PaperType.objects.all().delete()
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert len(demo_paper_types_ensure(data)) == 3
    assert PaperType.objects.get(plan=plan, kind=Paper.Kind.CABINET_REPORT).title == SEED_TITLE
    assert demo_paper_types_ensure(data) == []  # a plan with types keeps them
