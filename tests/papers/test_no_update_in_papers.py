"""The draft Cabinet report of 13 July 2006 keeps "no update" apart from "delayed": in its due-by sentence,
in its paragraph on the actions not on target, and per action, with the RAG's basis, in the appendix."""

import re
from datetime import date

import pytest

from actionplan.models import Paper, Rag
from actionplan.papers.generated import exceptions_paragraph, red_actions
from actionplan.papers.render import render_paper_html
from actionplan.selectors.snapshot import plan_snapshot
from actionplan.updates import UpdateState

JULY = date(2006, 7, 13)


@pytest.fixture
def cabinet(hereford):
    """The sample Cabinet report with the optional appendices ticked and no limit (its type has the
    summary only and lists 10): a clerk's choices, not saved."""
    paper = Paper.objects.get(plan=hereford, kind=Paper.Kind.CABINET_REPORT, as_at=JULY)
    paper.appendices, paper.red_actions_limit = ["summary", "exceptions", "indicators", "glossary"], None
    return paper


def _silent(action) -> bool:
    """Nobody has reported since it fell due, and no person's RAG stands in for a report."""
    return action.update_state == UpdateState.NO_UPDATE and not action.rag_override


def test_the_paragraph_on_actions_not_on_target_says_which_were_reported(hereford):
    snapshot = plan_snapshot(hereford, JULY)
    reds = [a for _, a in red_actions(snapshot)]
    silent = sum(1 for a in reds if _silent(a))
    assert 0 < silent < len(reds)  # the plan as at 13 July has both
    text = exceptions_paragraph(snapshot)
    assert (f"Of these, {len(reds) - silent} were reported delayed or late, or set Red by a person, and "
            f"{silent} have had no update since they fell due.") in text


def test_the_appendix_says_per_action_whether_it_was_reported_with_the_basis(cabinet):
    html = render_paper_html(cabinet)
    appendix = html[html.index('class="red-actions"'):]
    rows = re.findall(r"<tr>\s*<td><span class=\"ref\">([\d.]+)</span>(.*?)</tr>", appendix, re.S)
    snapshot = plan_snapshot(cabinet.plan, JULY)
    reds = {a.reference: a for _, a in red_actions(snapshot)}
    assert {ref for ref, _ in rows} == set(reds)
    for ref, row in rows:
        action = reds[ref]
        assert action.rag == Rag.RED
        assert ("No update received" in row) == _silent(action), ref
        assert ("Reported" in row) == (not _silent(action)), ref
        assert action.rag_basis.replace("'", "&#x27;") in row, ref


def test_the_draft_cabinet_report_says_what_had_no_update(cabinet):
    html = render_paper_html(cabinet)
    assert re.search(r"\d+ have had no update since they fell due\.", html)
    assert "are delayed" in html or "is delayed" in html
