"""'Changes since the last report': which earlier paper a paper compares with (the last issued one to the
same meeting, else the plan's last issued paper, named), and the generated consideration and appendix that
say what changed since then, read back from the rendered HTML and the PDF."""

import io
import re
from datetime import date, time

import pytest
from pypdf import PdfReader

from actionplan import roles
from actionplan.asat import local_time
from actionplan.history import save_recorded
from actionplan.models import Action, Paper, Rag, Status
from actionplan.papers.render import render_paper_html, render_paper_pdf
from actionplan.papers.since import paper_baseline
from actionplan.selectors.changes import changes_between
from actionplan.services.papers import paper_generated_text, paper_issue, paper_update
from tests.conftest import make_user

MAY, JULY, DECEMBER = date(2006, 5, 19), date(2006, 7, 13), date(2006, 12, 21)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _html_text(paper: Paper) -> str:
    return _flat(re.sub(r"<[^>]+>", " ", render_paper_html(paper)).replace("&#x27;", "'"))


def _pdf_text(pdf: bytes) -> str:
    return _flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def _mark_issued(paper: Paper, on: date) -> Paper:
    """Issued without rendering (the comparison reads only that it was issued, and when)."""
    Paper.objects.filter(pk=paper.pk).update(issued_at=local_time(on, time(17)))
    paper.refresh_from_db()
    return paper


@pytest.fixture
def demo(hereford, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    papers = {p.kind: p for p in Paper.objects.filter(plan=hereford)}
    return hereford, papers


def test_with_no_earlier_issued_paper_the_consideration_says_so_plainly(demo):
    _, papers = demo
    text = paper_generated_text(papers[Paper.Kind.CABINET_REPORT])
    assert ("No earlier paper on this plan has been issued, to the Cabinet or to any other meeting, and no "
            "'changes since' date is set, so there is no earlier report to compare with.") in text


def test_the_july_cabinet_report_compares_with_the_issued_scrutiny_note_and_names_it(demo, clerk_user):
    plan, papers = demo
    cabinet = papers[Paper.Kind.CABINET_REPORT]
    paper_issue(paper_id=papers[Paper.Kind.SCRUTINY_NOTE].pk, user=clerk_user)
    baseline = paper_baseline(cabinet)
    assert baseline.earlier.kind == Paper.Kind.SCRUTINY_NOTE
    assert not baseline.same_body
    assert baseline.since == MAY

    text = paper_generated_text(cabinet)
    assert ("No earlier report to the Cabinet has been issued. Since the last paper issued on this plan, the "
            "Scrutiny progress note to the Children's Services Scrutiny Committee of 31 May 2006 (figures as at "
            "19 May 2006), to 13 July 2006: no action was completed;") in text
    # Every action the history shows turning Red in the window is named, under the day it fell due.
    result = changes_between(plan, MAY, JULY)
    reds = [c for r in result.recommendations for c in r.rag_movements if c.rag_after == Rag.RED]
    assert reds
    assert f"{len(reds)} actions are newly not on target (Red): all fell due without being completed" in text
    for c in reds:
        due = Action.objects.get(pk=c.id).due_date
        day_clause = re.search(rf"[^;(]*\b{re.escape(c.reference)}\b[^;)]* on ([0-9]+ \w+ 2006)", text)
        assert day_clause, c.reference
        assert day_clause.group(1) == f"{due.day} {due:%B %Y}", c.reference
    assert "no by-when date was revised." in text


def test_the_last_report_to_the_same_meeting_wins_over_a_later_paper_to_another(demo):
    plan, papers = demo
    _mark_issued(papers[Paper.Kind.SCRUTINY_NOTE], MAY)
    _mark_issued(papers[Paper.Kind.CABINET_REPORT], JULY)
    later_scrutiny = Paper.objects.create(
        plan=plan, kind=Paper.Kind.SCRUTINY_NOTE, meeting_body="Children's Services Scrutiny Committee",
        meeting_date=date(2006, 11, 1), as_at=date(2006, 10, 20), title="Autumn note",
        issued_at=local_time(date(2006, 11, 1), time(9)))
    december = Paper.objects.create(plan=plan, kind=Paper.Kind.CABINET_REPORT, meeting_body="Cabinet",
                                    meeting_date=DECEMBER, as_at=DECEMBER, title="December report")
    baseline = paper_baseline(december)
    assert baseline.earlier == papers[Paper.Kind.CABINET_REPORT]
    assert baseline.same_body
    text = paper_generated_text(december)
    assert text.count("Since the last report to the Cabinet, the Cabinet report to the Cabinet of 13 July 2006 "
                      "(figures as at 13 July 2006), to 21 December 2006:") == 1
    assert "No earlier report" not in text
    # The revised by-when date of 3.7 is said with the day it was recorded and why.
    assert ("the by-when date of 1 action was revised: 3.7 from \u201c15 Mar 06\u201d to \u201cMay 2007\u201d "
            "(21 December 2006; Later fact: Exceptions report, 21 December 2006)") in text
    # A paper to a meeting with no earlier report of its own names the plan's last issued paper instead.
    other = Paper.objects.create(plan=plan, kind=Paper.Kind.EXCEPTIONS, meeting_body="Leader and Chief Executive",
                                 meeting_date=DECEMBER, as_at=DECEMBER, title="Exceptions")
    assert paper_baseline(other).earlier == later_scrutiny


def test_an_issued_paper_compares_only_with_papers_issued_before_it(demo):
    _, papers = demo
    cabinet = _mark_issued(papers[Paper.Kind.CABINET_REPORT], JULY)
    _mark_issued(papers[Paper.Kind.SCRUTINY_NOTE], DECEMBER)  # issued after the Cabinet report was
    assert paper_baseline(cabinet).since is None


def test_the_clerks_changes_since_date_is_used_instead(demo, clerk_user):
    _, papers = demo
    _mark_issued(papers[Paper.Kind.SCRUTINY_NOTE], MAY)
    cabinet = paper_update(paper_id=papers[Paper.Kind.CABINET_REPORT].pk, user=clerk_user,
                           changes={"changes_since": date(2006, 6, 1)})
    text = paper_generated_text(cabinet)
    assert "Since 1 June 2006, to 13 July 2006: no action was completed; 12 actions" in text
    assert "Scrutiny" not in text


def test_completions_and_a_persons_red_are_said_with_their_dates_and_reasons(demo):
    plan, papers = demo
    _mark_issued(papers[Paper.Kind.SCRUTINY_NOTE], MAY)
    open_actions = Action.objects.filter(recommendation__plan=plan, status=Status.IN_PROGRESS,
                                         due_date__gt=JULY).order_by("pk")
    done, delayed = open_actions[0], open_actions[1]
    done.status, done.completed_on = Status.COMPLETED, date(2006, 6, 9)
    save_recorded(done, reason="Completed at the June board", when=local_time(date(2006, 6, 10), time(10)))
    delayed.rag_override, delayed.rag_override_reason = Rag.RED, "Staff vacancies have held it up"
    save_recorded(delayed, reason="RAG set", when=local_time(date(2006, 6, 20), time(10)))
    text = paper_generated_text(papers[Paper.Kind.CABINET_REPORT])
    assert f"1 action was completed ({done.reference} on 9 June 2006);" in text
    assert f"{delayed.reference} was set Red on 20 June 2006: Staff vacancies have held it up" in text


def test_the_consideration_and_the_appendix_are_in_the_rendered_html_and_pdf(demo, clerk_user):
    _, papers = demo
    paper_issue(paper_id=papers[Paper.Kind.SCRUTINY_NOTE].pk, user=clerk_user)
    cabinet = papers[Paper.Kind.CABINET_REPORT]
    # The clerk adds the appendix and inserts the generated paragraphs, then edits one word of them.
    cabinet = paper_update(paper_id=cabinet.pk, user=clerk_user,
                           changes={"appendices": [*cabinet.appendices, Paper.Appendix.CHANGES]})
    generated = paper_generated_text(cabinet)
    since = next(p for p in generated.split("\n\n") if p.startswith("No earlier report"))
    assert since.endswith("Each change is listed, with its date and reason, in the appendix of changes since "
                          "the last report.")
    edited = since.replace("no action was completed", "no action at all was completed")
    cabinet = paper_update(paper_id=cabinet.pk, user=clerk_user,
                           changes={"considerations": cabinet.considerations + "\n\n" + edited})
    html, pdf = _html_text(cabinet), _pdf_text(render_paper_pdf(cabinet))
    for text in (html, pdf):
        assert "to 13 July 2006: no action at all was completed; 25 actions are newly not on target" in text
        appendix = text[text.rindex("Changes since the last report"):]
        assert ("Compared with the last paper issued on this plan, the Scrutiny progress note to the Children's "
                "Services Scrutiny Committee of 31 May 2006 (figures as at 19 May 2006).") in appendix
        assert "5.23 RAG Amber to Red (Due date of 31 May 2006 passed without completion)" in appendix


@pytest.fixture
def clerk_user(db):
    return make_user("clerk", roles.CLERK)
