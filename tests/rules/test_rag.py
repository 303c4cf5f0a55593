from datetime import date

import pytest

from actionplan.models import Rag, Status
from actionplan.rag import roll_up, suggest_action_rag

ON = date(2006, 3, 1)


@pytest.mark.parametrize(
    ("status", "due", "expected"),
    [
        (Status.COMPLETED, date(2006, 1, 1), Rag.GREEN),  # completed late is still green
        (Status.IN_PROGRESS, date(2006, 4, 1), Rag.AMBER),
        (Status.NOT_STARTED, date(2006, 4, 1), Rag.AMBER),  # not started, not yet due: on target
        (Status.NOT_STARTED, None, Rag.AMBER),
        (Status.IN_PROGRESS, date(2006, 2, 28), Rag.RED),  # past due and not completed
        (Status.NOT_STARTED, date(2006, 2, 28), Rag.RED),
        (Status.DELAYED, date(2006, 4, 1), Rag.RED),  # marked delayed
        (Status.ONGOING, None, Rag.AMBER),
        (Status.IN_PROGRESS, ON, Rag.AMBER),  # due today is not yet late
    ],
)
def test_suggested_rag_follows_the_seeds_scheme(status, due, expected):
    assert suggest_action_rag(status=status, due_date=due, date_flag="", on=ON) == expected


def test_cancelled_action_has_no_rag_and_is_left_out_of_the_roll_up():
    assert suggest_action_rag(status=Status.CANCELLED, due_date=None, date_flag="", on=ON) is None
    assert roll_up([Rag.GREEN, None]) == Rag.GREEN


@pytest.mark.parametrize(
    ("rags", "expected"),
    [
        ([Rag.GREEN, Rag.GREEN], Rag.GREEN),
        ([Rag.GREEN, Rag.AMBER], Rag.AMBER),
        ([Rag.GREEN, Rag.AMBER, Rag.RED], Rag.RED),
        ([], None),
    ],
)
def test_recommendation_rag_rolls_up_its_actions(rags, expected):
    assert roll_up(rags) == expected


def test_blue_grey_scheme_is_a_setting(settings):
    settings.RAG_SCHEME = "bgrag"
    assert suggest_action_rag(status=Status.COMPLETED, due_date=None, date_flag="", on=ON) == Rag.BLUE
    assert suggest_action_rag(status=Status.NOT_STARTED, due_date=date(2006, 4, 1), date_flag="", on=ON) == Rag.GREY
    assert suggest_action_rag(status=Status.NOT_STARTED, due_date=date(2006, 2, 1), date_flag="", on=ON) == Rag.RED
    assert roll_up([Rag.BLUE, Rag.BLUE]) == Rag.BLUE
    assert roll_up([Rag.BLUE, Rag.GREY]) == Rag.AMBER
