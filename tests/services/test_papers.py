"""Papers: create from a type, the as-at check, issue (complete, atomic, hashed, immutable), new
versions, the fixture's sample papers and the render_paper command."""

import hashlib
import io
import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from pypdf import PdfReader

from actionplan.models import Paper, Status
from actionplan.papers.defaults import missing_sections
from actionplan.papers.render import PaperRenderError
from actionplan.services import papers as paper_services
from actionplan.services.loading import plan_load_fixture
from actionplan.services.papers import (
    PaperError,
    PaperIncomplete,
    issued_pdf_bytes,
    paper_create_from_type,
    paper_issue,
    paper_update,
    papers_load_samples,
)
from tests.commands.test_load_plan import FIXTURE
from tests.factories import NoteFactory

COMPLETE = {
    "portfolio": "Children and Young People Services",
    "financial_implications": "None beyond the approved budget.",
    "consultees": "Action Plan Group",
    "contact_name": "Sue Fiennes",
    "contact_title": "Director of Children's Services",
    "contact_phone": "01432 260039",
}


def cabinet(world, **fields):
    return paper_create_from_type(
        plan=world.plan, kind=Paper.Kind.CABINET_REPORT, as_at=timezone.localdate(),
        user=world.users["clerk"], fields=fields,
    )


def test_a_new_cabinet_report_starts_with_its_types_defaults_and_generated_paragraphs(world):
    paper = cabinet(world)
    assert paper.meeting_body == "Cabinet"
    assert paper.version == 1
    assert not paper.is_issued
    assert paper.recommendations.startswith("THAT Cabinet notes")
    assert "areas of activity due by" in paper.considerations or "no areas of activity" in paper.considerations
    assert "not on target" in paper.considerations
    assert paper.appendices == ["summary"]  # the seeds' Cabinet report: the others are the clerk's to add
    row = paper.history.get()
    assert row.history_user == world.users["clerk"]
    assert row.history_change_reason == "Paper created"


@pytest.mark.parametrize(
    ("as_at", "message"),
    [(timedelta(days=1), "^The as-at date must be today or in the past$"),
     (None, "^The as-at date must be on or after 1 December 2005, when the plan began$")],
)
def test_as_at_in_the_future_or_before_the_plan_is_refused_with_a_clear_message(world, as_at, message):
    day = timezone.localdate() + as_at if as_at else date(2005, 11, 30)
    with pytest.raises(PaperError, match=message):
        paper_create_from_type(plan=world.plan, kind=Paper.Kind.CABINET_REPORT, as_at=day, user=world.users["clerk"])
    assert not Paper.objects.exists()


def test_issuing_with_empty_mandatory_sections_names_them_and_changes_nothing(world):
    paper = cabinet(world, consultees="", financial_implications="")
    with pytest.raises(PaperIncomplete) as caught:
        paper_issue(paper_id=paper.pk, user=world.users["clerk"])
    message = str(caught.value)
    for name in ("Portfolio or programme area", "Financial Implications", "Consultees", "Contact officer's name"):
        assert name in message
    assert "Purpose" not in message  # written by the defaults
    paper.refresh_from_db()
    assert not paper.is_issued
    assert not paper.issued_pdf
    assert not paper.issued_sha256


def test_issue_stores_the_pdf_under_a_generated_name_with_its_sha256(world, settings):
    paper = cabinet(world, **COMPLETE)
    issued = paper_issue(paper_id=paper.pk, user=world.users["clerk"])
    data = issued_pdf_bytes(issued)
    assert data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == issued.issued_sha256
    assert issued.issued_pdf.name.startswith(f"papers/{world.plan.slug}/paper-{paper.pk}-v1-")
    assert issued.issued_by == world.users["clerk"]
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Issued" in text
    assert "version 1" in text
    assert "Draft" not in text
    assert "Issued; PDF SHA-256" in issued.history.latest().history_change_reason
    with pytest.raises(PaperError, match="cannot be issued again"):
        paper_issue(paper_id=paper.pk, user=world.users["clerk"])


def test_a_rendering_failure_leaves_no_file_and_no_change(world, settings, monkeypatch):
    paper = cabinet(world, **COMPLETE)

    def broken(*args, **kwargs):
        raise PaperRenderError("the PDF could not be laid out: boom")

    monkeypatch.setattr(paper_services, "render_issued_paper", broken)
    with pytest.raises(PaperError, match="not issued: the PDF could not be laid out"):
        paper_issue(paper_id=paper.pk, user=world.users["clerk"])
    paper.refresh_from_db()
    assert not paper.is_issued
    assert not paper.issued_sha256
    assert not (settings.MEDIA_ROOT / "papers").exists() or not any((settings.MEDIA_ROOT / "papers").rglob("*"))


def test_a_failure_after_storing_removes_the_stored_file(world, settings, monkeypatch):
    paper = cabinet(world, **COMPLETE)

    def failing_save(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(paper_services, "save_recorded", failing_save)
    with pytest.raises(RuntimeError):
        paper_issue(paper_id=paper.pk, user=world.users["clerk"])
    assert not any(p.is_file() for p in (settings.MEDIA_ROOT / "papers").rglob("*"))


def test_an_edit_made_while_the_pdf_renders_stops_the_issue(world, settings, monkeypatch):
    paper = cabinet(world, **COMPLETE)
    real = paper_services.render_issued_paper

    def render_while_someone_edits(*args, **kwargs):
        paper_update(paper_id=paper.pk, user=world.users["manager"], changes={"purpose": "Changed meanwhile."})
        return real(*args, **kwargs)

    monkeypatch.setattr(paper_services, "render_issued_paper", render_while_someone_edits)
    with pytest.raises(PaperError, match="edited while it was being issued"):
        paper_issue(paper_id=paper.pk, user=world.users["clerk"])
    paper.refresh_from_db()
    assert not paper.is_issued
    assert paper.purpose == "Changed meanwhile."
    assert not any(p.is_file() for p in (settings.MEDIA_ROOT / "papers").rglob("*"))


def test_editing_an_issued_paper_makes_a_new_version_and_leaves_the_issued_one_alone(world):
    issued = paper_issue(paper_id=cabinet(world, **COMPLETE).pk, user=world.users["clerk"])
    before = issued_pdf_bytes(issued)
    draft = paper_update(paper_id=issued.pk, user=world.users["clerk"], changes={"purpose": "A new purpose."})
    assert draft.pk != issued.pk
    assert draft.supersedes_id == issued.pk
    assert draft.version == 2
    assert not draft.is_issued
    assert draft.purpose == "A new purpose."
    assert draft.considerations == issued.considerations  # everything else carried over
    issued.refresh_from_db()
    assert issued.purpose != "A new purpose."
    assert issued_pdf_bytes(issued) == before
    with pytest.raises(PaperError, match="version 2 of this paper already exists"):
        paper_update(paper_id=issued.pk, user=world.users["clerk"], changes={"purpose": "Again"})


def test_a_draft_is_edited_in_place_with_the_change_in_its_history(world):
    paper = cabinet(world)
    paper_update(paper_id=paper.pk, user=world.users["clerk"], changes={"title": "A better title"},
                 reason="Title agreed")
    paper.refresh_from_db()
    assert paper.title == "A better title"
    assert paper.version == 1
    assert paper.history.latest().history_change_reason == "Title agreed"
    with pytest.raises(PaperError, match="cannot be changed"):
        paper_update(paper_id=paper.pk, user=world.users["clerk"], changes={"plan": None})


def test_an_exceptions_report_lists_red_actions_with_their_latest_note_and_needs_revised_dates(world):
    world.mine.status = Status.DELAYED
    world.mine.save()
    world.theirs.status = Status.COMPLETED
    world.theirs.save()
    NoteFactory(action=world.mine, text="Waiting for the LSCB to meet")
    paper = paper_create_from_type(plan=world.plan, kind=Paper.Kind.EXCEPTIONS, as_at=timezone.localdate(),
                                   user=world.users["clerk"])
    assert [(e["reference"], e["why"], e["revised"]) for e in paper.exceptions] == [
        ("1.1", "Waiting for the LSCB to meet", "")
    ]
    assert "Exception 1.1: revised date" in missing_sections(paper)


@pytest.fixture
def herefordshire(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return plan_load_fixture(data=data, reason="test"), data


def test_the_fixtures_sample_papers_load_as_drafts_dated_as_the_seeds(herefordshire):
    plan, data = herefordshire
    made = papers_load_samples(plan, data)
    by_kind = {p.kind: p for p in made}
    cab = by_kind[Paper.Kind.CABINET_REPORT]
    assert (cab.meeting_body, cab.meeting_date, cab.as_at) == ("Cabinet", date(2006, 7, 13), date(2006, 7, 13))
    assert "areas of activity due by the end of June 2006" in cab.considerations
    assert cab.contact_name == "Sue Fiennes"
    assert missing_sections(cab) == []
    note = by_kind[Paper.Kind.SCRUTINY_NOTE]
    assert note.as_at == date(2006, 5, 19)
    assert note.meeting_body == "Children's Services Scrutiny Committee"
    assert missing_sections(note) == []
    exceptions = by_kind[Paper.Kind.EXCEPTIONS]
    assert exceptions.overall_rag == "amber"
    assert exceptions.exceptions[0]["revised"] == "May 2007"
    # Recorded as written on its own date.
    assert timezone.localtime(cab.history.get().history_date).date() == date(2006, 7, 13)


def test_render_paper_command_writes_a_type_as_at_a_date(herefordshire, tmp_path):
    out = tmp_path / "plan.pdf"
    call_command("render_paper", "--type", "action-plan", "--plan", "herefordshire-jar-2006",
                 "--as-at", "2006-05-19", "-o", str(out), stdout=io.StringIO())
    reader = PdfReader(out)
    assert reader.metadata.title.startswith("JAR Performance Improvement Action Plan")
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]  # no temporary file left behind


def test_render_paper_command_writes_an_issued_paper_byte_for_byte(world, tmp_path):
    issued = paper_issue(paper_id=cabinet(world, **COMPLETE).pk, user=world.users["clerk"])
    out = tmp_path / "out.pdf"
    call_command("render_paper", str(issued.pk), "-o", str(out), stdout=io.StringIO())
    assert out.read_bytes() == issued_pdf_bytes(issued)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--type", "action-plan", "--plan", "jar", "--as-at", "2006-13-01"], "not a date"),
        (
            ["--type", "action-plan", "--plan", "jar", "--as-at", "2005-01-01"],
            "--as-at: The as-at date must be on or after",
        ),
        (["--type", "action-plan", "--plan", "nope", "--as-at", "2006-05-19"], "no plan 'nope'"),
        (["--type", "action-plan", "--plan", "jar"], "needs --plan and --as-at"),
        (["999"], "no paper 999"),
        ([], "either a paper id or --type"),
    ],
)
def test_render_paper_command_errors_are_one_line_and_write_nothing(world, tmp_path, args, message):
    out = tmp_path / "out.pdf"
    with pytest.raises(CommandError, match=message) as caught:
        call_command("render_paper", *args, "-o", str(out), stdout=io.StringIO())
    assert "\n" not in str(caught.value)
    assert not list(tmp_path.iterdir())
