"""The clerks' due-by sentence (`actionplan.selectors.due_by`): its words, its parts ("no update since
they fell due" apart from "delayed"), actions or recommendations as areas of activity, and every figure
equal to the list behind it on the Herefordshire plan for many as-at and due-by dates."""

import re
from datetime import date, time, timedelta

import pytest

from actionplan.asat import Moment, local_day, local_time
from actionplan.dates import end_of_month
from actionplan.deadlines import is_past_due
from actionplan.history import save_recorded
from actionplan.models import AreaOfActivity, Paper, Rag, Status, TimescaleGroup
from actionplan.selectors.dashboard import plan_dashboard
from actionplan.selectors.drilldown import Cell, actions_behind, recommendations_behind
from actionplan.selectors.due_by import (
    DUE_PARTS,
    Areas,
    count_areas,
    due_by_sentence,
    recommendation_outcome,
    sentence_for,
)
from actionplan.selectors.snapshot import plan_snapshot
from tests.factories import ActionFactory, NoteFactory

JUNE = date(2006, 6, 30)


def _counts(completed=0, on_track=0, delayed=0, no_update=0):
    total = completed + on_track + delayed + no_update
    return {"total": total, "completed": completed, "on_track": on_track, "delayed": delayed, "no_update": no_update}


# --- The words -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        (_counts(), "There are no areas of activity due by the end of June 2006."),
        (_counts(9, 4, 1), "There are 14 areas of activity due by the end of June 2006. "
                           "Of these 9 have been completed, 4 are on track and 1 is delayed."),
        (_counts(47, 3, 12, 65),
         "There are 127 areas of activity due by the end of June 2006. Of these 47 have been "
         "completed, 3 are on track, 12 are delayed and 65 have had no update since they fell due."),
        (_counts(9, 4, 0, 1),
         "There are 14 areas of activity due by the end of June 2006. "
         "Of these 9 have been completed, 4 are on track and 1 has had no update since it fell due."),
        (_counts(1), "There is 1 area of activity due by the end of June 2006. It has been completed."),
        (_counts(delayed=1), "There is 1 area of activity due by the end of June 2006. It is delayed."),
        (_counts(no_update=1),
         "There is 1 area of activity due by the end of June 2006. It has had no update since it fell due."),
        (_counts(on_track=2), "There are 2 areas of activity due by the end of June 2006. Both are on track."),
        (_counts(no_update=2),
         "There are 2 areas of activity due by the end of June 2006. Both have had no update since they fell due."),
        (_counts(5), "There are 5 areas of activity due by the end of June 2006. All 5 have been completed."),
        (_counts(1, 0, 2), "There are 3 areas of activity due by the end of June 2006. "
                           "Of these 1 has been completed and 2 are delayed."),
        (_counts(0, 1, 1), "There are 2 areas of activity due by the end of June 2006. "
                           "Of these 1 is on track and 1 is delayed."),
    ],
)
def test_it_words_the_sentence_for_zero_one_and_many(counts, expected):
    assert sentence_for(counts, JUNE) == expected


def test_it_names_a_day_that_is_not_the_end_of_a_month():
    assert sentence_for(_counts(), date(2006, 6, 15)) == "There are no areas of activity due by 15 June 2006."


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ({"completed": 3}, "completed"),
        ({"completed": 2, "delayed": 1, "no_update": 4}, "delayed"),  # any delayed
        ({"completed": 2, "no_update": 1, "on_track": 3}, "no_update"),  # any silent, none delayed
        ({"completed": 2, "on_track": 1}, "on_track"),
        ({}, None),  # nothing due: not an area of activity by this date
    ],
)
def test_a_recommendation_is_counted_from_its_actions_due_by_the_date(due, expected):
    assert recommendation_outcome({part: due.get(part, 0) for part in DUE_PARTS}) == expected


# --- The parts, on a small plan --------------------------------------------------------

DUE = date(2006, 3, 31)


def _dated(action, when=date(2006, 1, 2), **fields):
    for name, value in {"due_date": DUE, "status": Status.IN_PROGRESS, **fields}.items():
        setattr(action, name, value)
    save_recorded(action, reason="test", when=local_time(when, time(9)))
    return action


def _note(action, day):
    note = NoteFactory.build(action=action, note_date=day, recorded_at=local_time(day, time(10)))
    save_recorded(note, reason="test", when=note.recorded_at)


@pytest.fixture
def parts_plan(world):
    """One action for each way of being due by the end of June 2006."""
    for obj in (world.plan, world.group, world.rec):
        obj.history.update(history_date=local_time(date(2006, 1, 1), time(9)))
    extra = [ActionFactory(recommendation=world.rec, position=n) for n in range(3, 12)]
    a = dict(zip(["silent", "late", "delayed", "delayed_silent", "set_red", "set_amber", "soon", "done", "cancelled",
                  "unread", "june"], [world.mine, world.theirs, *extra], strict=True))
    _dated(a["silent"])
    _note(a["silent"], date(2006, 3, 24))  # before it fell due, nothing since
    _dated(a["late"])
    _note(a["late"], date(2006, 4, 5))  # reported after it fell due, not completed: late
    _dated(a["delayed"], status=Status.DELAYED)
    _note(a["delayed"], date(2006, 4, 3))
    _dated(a["delayed_silent"], status=Status.DELAYED)
    _note(a["delayed_silent"], date(2006, 3, 1))  # reported delayed, silent since it fell due: still delayed
    _dated(a["set_red"], status=Status.NOT_STARTED, rag_override=Rag.RED, rag_override_reason="Will slip")
    _dated(a["set_amber"], status=Status.NOT_STARTED, rag_override=Rag.AMBER, rag_override_reason="New date agreed")
    _dated(a["soon"], due_date=date(2006, 8, 31))
    _dated(a["done"], status=Status.COMPLETED, completed_on=date(2006, 3, 20))
    _dated(a["cancelled"], status=Status.CANCELLED)
    _dated(a["unread"], date_flag="unread")
    _dated(a["june"], due_date=JUNE, status=Status.NOT_STARTED)
    return a


def _parts(plan, as_at, due_by):
    moment = Moment.for_date(as_at)
    return {
        part: {row["id"] for row in actions_behind(moment, plan, Cell(due_by=due_by, outcome=part))}
        for part in DUE_PARTS
    }


def test_no_update_is_its_own_part_and_delayed_means_someone_said_so(world, parts_plan):
    a = parts_plan
    found = _parts(world.plan, date(2006, 7, 13), JUNE)
    ids = {name: action.id for name, action in a.items()}
    assert found["no_update"] == {ids["silent"], ids["june"]}
    assert found["delayed"] == {ids["late"], ids["delayed"], ids["delayed_silent"], ids["set_red"]}
    assert found["on_track"] == {ids["set_amber"]}  # judged Amber by a person
    assert found["completed"] == {ids["done"]}
    sentence, counts = due_by_sentence(world.plan, JUNE, date(2006, 7, 13))
    assert counts == _counts(completed=1, on_track=1, delayed=4, no_update=2)
    assert sentence.endswith("4 are delayed and 2 have had no update since they fell due.")


def test_an_action_not_yet_due_is_on_track_and_a_later_report_changes_its_part(world, parts_plan):
    a = parts_plan
    september = _parts(world.plan, date(2006, 7, 13), date(2006, 9, 30))
    assert a["soon"].id in september["on_track"]  # due 31 August: not yet due on 13 July
    april = _parts(world.plan, date(2006, 4, 2), JUNE)  # before 1.2's report of 5 April was recorded
    assert a["late"].id in april["no_update"]
    assert a["june"].id in april["on_track"]  # due 30 June, not yet due on 2 April


def test_the_timescale_group_and_recommendations_as_areas(world, parts_plan):
    other = TimescaleGroup.objects.create(plan=world.plan, name="June 2006 –", order=2)
    as_at = date(2006, 7, 13)
    whole = due_by_sentence(world.plan, JUNE, as_at, Areas(AreaOfActivity.RECOMMENDATIONS))[1]
    assert whole == _counts(delayed=1)  # the one recommendation: some of its actions are delayed
    assert due_by_sentence(world.plan, JUNE, as_at, Areas(group=other.id))[1] == _counts()
    assert due_by_sentence(world.plan, JUNE, as_at, Areas(group=world.group.id))[1]["total"] == 8
    cell = Cell(due_by=JUNE, outcome="delayed", area=AreaOfActivity.RECOMMENDATIONS)
    assert [r.number for r in recommendations_behind(Moment.for_date(as_at), world.plan, cell)] == [1]


# --- Every figure equals its list, on the real plan ---------------------------------------

PHRASE = re.compile(
    r"(\d+|Both|All \d+|It) (?:has been|have been|is|are|has had|have had) (completed|on track|delayed|no update)"
)


def _numbers_in(sentence: str) -> dict:
    """Read the counts back out of a generated sentence."""
    found = _counts()
    if "no areas of activity" in sentence:
        return found
    found["total"] = int(re.search(r"There (?:is|are) (\d+) areas? of activity", sentence).group(1))
    for n, phrase in PHRASE.findall(sentence.split(". ", 1)[1]):
        count = 1 if n == "It" else 2 if n == "Both" else int(n.split()[-1])
        found[phrase.replace(" ", "_")] = count
    return found


def _behind(moment, plan, cell: Cell) -> int:
    if cell.area == AreaOfActivity.RECOMMENDATIONS:
        return len(recommendations_behind(moment, plan, cell))
    return len(actions_behind(moment, plan, cell))


def test_every_figure_in_the_sentence_equals_its_list_on_many_dates(hereford):
    groups = list(TimescaleGroup.objects.filter(plan=hereford).values_list("id", flat=True))
    scopes = [Areas(), Areas(AreaOfActivity.RECOMMENDATIONS)] + [
        Areas(area, g) for g in groups for area in AreaOfActivity.values
    ]
    day, checked, seen_no_update = hereford.started_on, 0, False
    while day <= date(2007, 1, 31):
        moment = Moment.for_date(day)
        for due_by in (end_of_month(day), day + timedelta(days=45)):
            dashboard_recs = [r.as_due() for r in plan_dashboard(hereford, day, due_by).recommendations]
            for areas in scopes:
                sentence, counts = due_by_sentence(hereford, due_by, day, areas)
                assert _numbers_in(sentence) == counts, sentence
                assert count_areas(dashboard_recs, areas) == counts, (day, due_by, areas)  # dashboard = paper
                for part in ("total", *DUE_PARTS):
                    cell = Cell(due_by=due_by, outcome="" if part == "total" else part, group=areas.group,
                                area=areas.area if areas.by_recommendation else "")
                    assert _behind(moment, hereford, cell) == counts[part], (day, due_by, areas, part)
                seen_no_update |= counts["no_update"] > 0
                checked += 1
        day += timedelta(days=31)
    assert checked >= 12 * 2 * len(scopes)
    assert seen_no_update


def test_the_dashboard_sentence_is_the_one_for_the_end_of_the_as_at_month(hereford):
    board = plan_dashboard(hereford, date(2006, 5, 19))
    assert board.due_by.due_by == date(2006, 5, 31)
    expected = due_by_sentence(hereford, date(2006, 5, 31), date(2006, 5, 19))
    assert (board.due_by.sentence, board.due_by.counts) == expected


# --- Done when: as at 13 July 2006, due by 30 June 2006 ----------------------------------


def _reported_delay(action, last_update) -> bool:
    """What someone said of an open action past its due date: set Red by a person, or reported on
    (delayed, or late: not completed) since it fell due."""
    if action.rag_override:
        return action.rag_override == Rag.RED
    if action.status == Status.DELAYED:
        return True
    return last_update is not None and last_update >= action.due_date


def test_as_at_13_july_nothing_is_delayed_that_nobody_reported_delayed(hereford):
    as_at = date(2006, 7, 13)
    found = _parts(hereford, as_at, JUNE)
    actions = [a for r in plan_snapshot(hereford, as_at).recommendations for a in r.actions]
    due_open = [
        a for a in actions
        if is_past_due(a.due_date, a.date_flag, as_at) and a.due_date <= JUNE
        and a.status not in (Status.COMPLETED, Status.CANCELLED)
    ]
    last = {a.id: local_day(max((n.recorded_at for n in a.notes), default=None)) for a in due_open}
    reported = {a.id for a in due_open if _reported_delay(a, last[a.id])}
    silent = {
        a.id for a in due_open
        if not a.rag_override and a.status != Status.DELAYED and (last[a.id] is None or last[a.id] < a.due_date)
    }
    assert found["delayed"] == reported
    assert found["no_update"] == silent
    assert silent  # the fixture has actions nobody reported on since they fell due
    sentence, counts = due_by_sentence(hereford, JUNE, as_at)
    assert re.search(r"(\d+|Both|All \d+|It) ha(s|ve) had no update since (it|they) fell due\.$", sentence)
    assert counts["no_update"] == len(silent)
    assert counts["delayed"] == len(reported)


def test_the_draft_cabinet_report_of_13_july_says_so(hereford):
    paper = Paper.objects.get(plan=hereford, kind=Paper.Kind.CABINET_REPORT, as_at=date(2006, 7, 13))
    sentence, counts = due_by_sentence(hereford, JUNE, date(2006, 7, 13))
    assert paper.due_by == JUNE
    assert sentence in paper.considerations
    assert f"{counts['no_update']} have had no update since they fell due" in paper.considerations
