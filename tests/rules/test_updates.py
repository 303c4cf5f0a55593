"""The update-state rule (`actionplan.updates`): "no update received" is its own state, never
"delayed"; the RAG's basis is said in words; the Python rule and the database filter agree."""

from datetime import date, time

import pytest

from actionplan.asat import Moment, local_time
from actionplan.history import save_recorded
from actionplan.models import Action, Rag, Status
from actionplan.updates import UpdateState, no_update_q, rag_basis, suggestion_basis, update_state
from tests.factories import NoteFactory

DUE = date(2006, 3, 31)


@pytest.mark.parametrize(
    ("status", "last_update", "on", "expected"),
    [
        (Status.IN_PROGRESS, date(2006, 3, 24), date(2006, 4, 1), UpdateState.NO_UPDATE),  # silent since due
        (Status.NOT_STARTED, None, date(2006, 4, 1), UpdateState.NO_UPDATE),  # never reported
        (Status.IN_PROGRESS, DUE, date(2006, 4, 1), UpdateState.CURRENT),  # reported on the day it fell due
        (Status.IN_PROGRESS, date(2006, 4, 3), date(2006, 4, 5), UpdateState.CURRENT),  # reported late
        (Status.IN_PROGRESS, None, DUE, UpdateState.CURRENT),  # due today is not yet past due
        (Status.COMPLETED, None, date(2006, 7, 1), UpdateState.CURRENT),
        (Status.CANCELLED, None, date(2006, 7, 1), UpdateState.CURRENT),
        (Status.DELAYED, date(2006, 3, 1), date(2006, 7, 1), UpdateState.NO_UPDATE),  # reported once, silent since
    ],
)
def test_update_state(status, last_update, on, expected):
    assert update_state(status=status, due_date=DUE, date_flag="", last_update=last_update, on=on) == expected


def test_a_flagged_or_missing_due_date_never_makes_an_update_missing():
    late = date(2007, 1, 1)
    assert update_state(status=Status.IN_PROGRESS, due_date=DUE, date_flag="unread", last_update=None, on=late) == (
        UpdateState.CURRENT
    )
    assert update_state(status=Status.IN_PROGRESS, due_date=None, date_flag="", last_update=None, on=late) == (
        UpdateState.CURRENT
    )


@pytest.mark.parametrize(
    ("fields", "last_update", "expected"),
    [
        ({"status": Status.IN_PROGRESS}, date(2006, 3, 24), "Past due 31 March 2006, no update since 24 March 2006"),
        ({"status": Status.NOT_STARTED}, None, "Past due 31 March 2006, no update recorded"),
        ({"status": Status.IN_PROGRESS}, date(2006, 4, 3), "Past due 31 March 2006; last update 3 April 2006 reports it in progress"),  # noqa: E501
        ({"status": Status.DELAYED}, date(2006, 4, 3), "Reported delayed"),
        ({"status": Status.COMPLETED, "completed_on": date(2006, 3, 7)}, None, "Completed on 7 March 2006"),
        ({"status": Status.COMPLETED}, None, "Completed (date not recorded)"),
        (
            {"status": Status.COMPLETED, "completed_on": date(2006, 3, 31), "completed_on_is_month": True},
            None,
            "Completed in March 2006",  # "Completed Mar 06": never "on 31 March 2006"
        ),
        ({"status": Status.IN_PROGRESS, "due_date": date(2006, 6, 30)}, None, "In progress, due 30 June 2006"),
        ({"status": Status.IN_PROGRESS, "due_date": None}, None, "In progress, no due date"),
        (
            {"status": Status.NOT_STARTED, "date_flag": "implausible"},
            None,
            "Not started; due date not counted (implausible date: before the plan began)",
        ),
    ],
)
def test_the_basis_of_a_suggestion_is_said_in_words(fields, last_update, expected):
    values = {"due_date": DUE, "date_flag": "", "completed_on": None, "completed_on_is_month": False, **fields}
    assert suggestion_basis(**values, last_update=last_update, on=date(2006, 4, 5)) == expected


def test_an_override_shows_the_suggestion_it_overrode(world):
    action = world.mine
    action.rag_override, action.rag_override_reason = Rag.AMBER, "Revised date agreed with the Director"
    basis = rag_basis(action, suggested=Rag.RED, last_update=date(2006, 3, 24), on=date(2006, 4, 5))
    assert basis == (
        "Set Amber by hand: Revised date agreed with the Director "
        "(suggested Red: past due 31 March 2006, no update since 24 March 2006)"
    )
    action.rag_override = Rag.RED
    assert rag_basis(action, suggested=Rag.RED, last_update=None, on=date(2006, 4, 5)) == (
        "Set Red by hand: Revised date agreed with the Director"
    )


def _note(action, day: date):
    note = NoteFactory.build(action=action, note_date=day, recorded_at=local_time(day, time(10)))
    save_recorded(note, reason="test", when=note.recorded_at)


@pytest.mark.parametrize("on", [date(2006, 3, 31), date(2006, 4, 2), date(2006, 4, 6), date(2006, 5, 1)])
def test_the_database_filter_agrees_with_the_rule_as_at_each_date(world, on):
    """1.1 reports on 24 March and 5 April; 1.2 never reports. Both fall due 31 March 2006."""
    for action in (world.mine, world.theirs):
        action.due_date, action.status = DUE, Status.IN_PROGRESS
        save_recorded(action, reason="test", when=local_time(date(2006, 1, 2), time(9)))
    _note(world.mine, date(2006, 3, 24))
    _note(world.mine, date(2006, 4, 5))
    moment = Moment.for_date(on)
    rows = moment.rows(Action, recommendation__plan=world.plan).filter(no_update_q(moment))
    silent = set(rows.values_list("id", flat=True))
    expected = {world.theirs.id} if on > DUE else set()
    if date(2006, 3, 31) < on < date(2006, 4, 5):
        expected.add(world.mine.id)
    assert silent == expected
