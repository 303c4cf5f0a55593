"""The appendix of actions not on target may list only the N due longest ago, and then says how many
more there are, pointing to the full action plan; so do the generated considerations."""

import re
from datetime import date

import pytest

from actionplan.deadlines import usable_due_date
from actionplan.forms.papers import PaperForm
from actionplan.models import Paper
from actionplan.papers.context import red_action_rows
from actionplan.papers.generated import exceptions_paragraph, red_actions
from actionplan.papers.render import render_paper_html
from actionplan.selectors.snapshot import plan_snapshot

JULY = date(2006, 7, 13)


@pytest.fixture
def cabinet(hereford):
    """The sample Cabinet report with the optional appendices ticked and no limit (its type has the
    summary only and lists 10): a clerk's choices, not saved."""
    paper = Paper.objects.get(plan=hereford, kind=Paper.Kind.CABINET_REPORT, as_at=JULY)
    paper.appendices, paper.red_actions_limit = ["summary", "exceptions", "indicators", "glossary"], None
    return paper


def _due(action):
    return usable_due_date(action.due_date, action.date_flag) or date.max


def test_a_limit_lists_the_actions_due_longest_ago_and_counts_the_rest(hereford):
    snapshot = plan_snapshot(hereford, JULY)
    reds = [a for _, a in red_actions(snapshot)]
    assert len(reds) > 10
    result = red_action_rows(snapshot, 10)
    listed = [row["action"] for row in result["rows"]]
    assert len(listed) == 10
    assert (result["total"], result["more"]) == (len(reds), len(reds) - 10)
    # None left out fell due before one listed.
    assert max(_due(a) for a in listed) <= min(_due(a) for a in reds if a not in listed)
    assert listed == [a for a in reds if a in listed]  # printed in plan order
    assert red_action_rows(snapshot, None)["more"] == 0
    assert red_action_rows(snapshot, len(reds) + 5)["more"] == 0


def test_the_cabinet_appendix_with_a_limit_says_how_many_more_are_in_the_full_action_plan(cabinet):
    total = len(red_actions(plan_snapshot(cabinet.plan, JULY)))
    cabinet.red_actions_limit = 5
    html = render_paper_html(cabinet)
    appendix = html[html.index("Appendix 2: Actions not on target"):html.index("Appendix 3")]
    assert len(re.findall(r"<tr>\s*<td><span class=\"ref\">", appendix)) == 5
    assert f"{total} actions are not on target (Red) as at 13 July 2006" in appendix
    assert "The 5 due longest ago are listed here, in plan order." in appendix
    assert f"And {total - 5} more: see the full action plan." in appendix


def test_without_a_limit_the_appendix_lists_every_action_and_no_more_line(cabinet):
    html = render_paper_html(cabinet)
    appendix = html[html.index("Appendix 2: Actions not on target"):html.index("Appendix 3")]
    total = len(red_actions(plan_snapshot(cabinet.plan, JULY)))
    assert len(re.findall(r"<tr>\s*<td><span class=\"ref\">", appendix)) == total
    assert "more: see the full action plan" not in appendix


def test_the_generated_paragraph_says_only_the_due_longest_ago_are_in_the_appendix(hereford):
    snapshot = plan_snapshot(hereford, JULY)
    text = exceptions_paragraph(snapshot, limit=5)
    assert ("The 5 due longest ago are listed with the latest progress recorded on them in the appendix of "
            "actions not on target; the others are in the full action plan.") in text
    assert "Each is listed" in exceptions_paragraph(snapshot)


@pytest.mark.parametrize(("typed", "error"), [
    ("0", "Actions not on target: how many to list must be 1 or more"),
    ("ten", "Actions not on target: how many to list must be a whole number, like 10"),
])
def test_the_edit_form_refuses_a_limit_that_is_not_a_positive_whole_number(cabinet, typed, error):
    form = PaperForm(data={"red_actions_limit": typed}, instance=cabinet)
    form.is_valid()
    assert form.errors["red_actions_limit"] == [error]
