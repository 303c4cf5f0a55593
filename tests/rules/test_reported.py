"""The reported-RAG rule (`actionplan.reported`): which RAG a page leads with, and the one line that
says why the reported and suggested RAG differ."""

from datetime import date

import pytest

from actionplan.models import Rag, Status
from actionplan.reported import (
    RedAction,
    Source,
    recommendation_rag,
    reported_rag,
    suggestion_words,
    summary_reason,
)

MAY_19 = date(2006, 5, 19)


def reported(*, override="", set_on=None, summary_rag="", summary_date=None, on=MAY_19, text="Work done."):
    return reported_rag(override=override, override_reason="Agreed at the board" if override else "",
                        override_set_on=set_on, override_by="Sue Fiennes" if override else "",
                        summary_rag=summary_rag, summary_date=summary_date, summary_text=text, on=on)


def test_the_summary_reports_when_no_director_has_set_a_rag():
    got = reported(summary_rag=Rag.GREEN, summary_date=MAY_19, text="All milestones /actions now completed. More.")
    assert (got.rag, got.date, got.source, got.reason) == (
        Rag.GREEN, MAY_19, Source.SUMMARY, "All milestones /actions now completed."
    )
    assert got.said == "Reported Green on 19 May 2006 (summary progress report)"


def test_the_more_recent_of_override_and_summary_wins():
    later_override = reported(override=Rag.RED, set_on=date(2006, 6, 2), summary_rag=Rag.GREEN, summary_date=MAY_19,
                              on=date(2006, 6, 30))
    assert (later_override.rag, later_override.source, later_override.by) == (Rag.RED, Source.DIRECTOR, "Sue Fiennes")
    assert later_override.described == "Set by Sue Fiennes on 2 June 2006: Agreed at the board"
    later_summary = reported(override=Rag.RED, set_on=date(2006, 4, 1), summary_rag=Rag.GREEN, summary_date=MAY_19)
    assert (later_summary.rag, later_summary.source) == (Rag.GREEN, Source.SUMMARY)


def test_on_the_same_day_the_directors_setting_wins():
    got = reported(override=Rag.AMBER, set_on=MAY_19, summary_rag=Rag.GREEN, summary_date=MAY_19)
    assert (got.rag, got.source) == (Rag.AMBER, Source.DIRECTOR)


def test_a_summary_dated_after_the_as_at_day_or_without_a_rag_reports_nothing():
    assert reported(summary_rag=Rag.GREEN, summary_date=MAY_19, on=date(2006, 5, 18)) is None
    assert reported(summary_rag="", summary_date=MAY_19) is None
    assert reported() is None
    # An override in force still reports when the summary is out of reach.
    got = reported(override=Rag.RED, set_on=date(2006, 3, 1), summary_rag=Rag.GREEN, summary_date=MAY_19,
                   on=date(2006, 5, 18))
    assert got.rag == Rag.RED


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("All milestones /actions now completed. Various systems are in place.",
         "All milestones /actions now completed."),
        ("• Further communications work and road shows\n• More", "Further communications work and road shows; More"),
        ("", "A summary of progress with no words"),
        ("word " * 60, " ".join(["word"] * 32) + "…"),  # no full stop: cut at a word after 160 characters
    ],
)
def test_a_summary_gives_its_first_sentence_as_the_reason(text, reason):
    assert summary_reason(text) == reason


def red(ref, status=Status.IN_PROGRESS, *, by_hand=False, no_update=False):
    return RedAction(ref, status, by_hand=by_hand, no_update=no_update)


def test_a_red_suggestion_says_which_actions_make_it_red_and_why_in_reference_order():
    reds = [red("1.23", no_update=True), red("1.5", Status.DELAYED), red("1.21", no_update=True),
            red("1.22", no_update=True), red("1.10", by_hand=True), red("1.7")]
    words = suggestion_words(suggested=Rag.RED, live=23, done=15, reds=reds)
    assert words == (
        "3 past due with no update since they fell due (1.21, 1.22, 1.23), 1 reported delayed (1.5), "
        "1 set Red by hand (1.10), 1 past due, updated since they fell due (1.7)"
    )


def test_a_long_list_of_references_is_cut_with_a_count():
    reds = [red(f"5.{i}", no_update=True) for i in range(1, 12)]
    assert suggestion_words(suggested=Rag.RED, live=27, done=3, reds=reds) == (
        "11 past due with no update since they fell due (5.1, 5.2, 5.3, 5.4, 5.5, 5.6, 5.7, 5.8 and 3 more)"
    )


def test_amber_green_and_no_actions_in_words():
    assert suggestion_words(suggested=Rag.AMBER, live=23, done=21, reds=[]) == "2 of 23 actions not completed"
    assert suggestion_words(suggested=Rag.GREEN, live=4, done=4, reds=[]) == "all 4 actions completed"
    assert suggestion_words(suggested=None, live=0, done=0, reds=[]) == "no live actions"


def test_the_lead_is_the_reported_rag_and_the_line_says_why_only_when_they_differ():
    green = reported(summary_rag=Rag.GREEN, summary_date=MAY_19)
    differs = recommendation_rag(green, suggested=Rag.RED, live=23, done=15,
                                 reds=[red("1.21", no_update=True), red("1.5", Status.DELAYED)])
    assert (differs.lead, differs.suggested, differs.lead_source) == (
        Rag.GREEN, Rag.RED, "Reported 19 May 2006 (summary progress report)"
    )
    assert differs.difference == (
        "Reported Green on 19 May 2006 (summary progress report); the actions suggest Red: "
        "1 past due with no update since they fell due (1.21), 1 reported delayed (1.5)"
    )
    agrees = recommendation_rag(green, suggested=Rag.GREEN, live=4, done=4, reds=[])
    assert (agrees.lead, agrees.difference, agrees.basis) == (Rag.GREEN, None, "all 4 actions completed")
    amber = recommendation_rag(reported(summary_rag=Rag.AMBER, summary_date=MAY_19), suggested=Rag.GREEN, live=4,
                               done=4, reds=[])
    assert amber.difference.endswith("the actions suggest Green: all 4 actions completed")
    unreported = recommendation_rag(None, suggested=Rag.AMBER, live=23, done=21, reds=[])
    assert (unreported.lead, unreported.lead_source, unreported.difference) == (
        Rag.AMBER, "Suggested from the actions", None
    )
