"""A progress note whose text gives no date stays undated: shown with the day it was known to be in
the plan, never as that date, and placed in the log at that day the same way on any database."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from actionplan.asat import local_time
from actionplan.dates import completed_date_words, completed_words, note_date_words, short_note_date
from actionplan.models import ProgressNote
from actionplan.models.action import note_day, notes_newest_first

UTC = ZoneInfo("UTC")


def _note(action, day, text, recorded_on, hour=12):
    return ProgressNote.objects.create(
        action=action, note_date=day, text=text, recorded_at=local_time(recorded_on, time(hour))
    )


def test_the_words_for_an_undated_note_and_an_undated_completion():
    recorded = local_time(date(2006, 3, 24), time(12))
    assert note_date_words(None, recorded, month=False) == "Undated (in the plan as at 24 March 2006)"
    assert note_date_words(date(2006, 3, 7), recorded, month=False) == "7 March 2006"
    assert short_note_date(None, recorded, month=False) == "Undated (in the plan at 24.03.06)"
    assert short_note_date(date(2006, 3, 7), recorded, month=False) == "07.03.06"
    assert completed_words(None, recorded, month=False) == (
        "Completed (date not recorded; in the plan as at 24 March 2006)")
    assert completed_words(date(2006, 5, 19), None, month=False) == "Completed on 19 May 2006"
    assert completed_date_words(None, recorded, month=False) == "date not recorded; in the plan as at 24 March 2006"
    assert completed_date_words(None, None, month=False) == "date not recorded"


def test_the_day_in_the_plan_is_the_local_day_it_was_recorded():
    # 23:30 UTC on 30 June 2006 is 00:30 on 1 July in London (summer time).
    late = datetime(2006, 6, 30, 23, 30, tzinfo=UTC)
    assert note_date_words(None, late, month=False) == "Undated (in the plan as at 1 July 2006)"
    assert note_day(None, late) == date(2006, 7, 1)
    assert note_day(date(2006, 6, 2), late) == date(2006, 6, 2)


def test_an_undated_note_is_saved_without_a_date_and_reads_as_undated(world):
    note = _note(world.mine, None, "Done by written procedure.", date(2006, 3, 24))
    note.refresh_from_db()
    assert note.note_date is None
    assert str(note) == "Undated (in the plan as at 24 March 2006): Done by written procedure."
    assert note.history.get().note_date is None


@pytest.mark.parametrize("through", ["default ordering", "notes_newest_first"])
def test_undated_notes_sit_at_the_day_they_were_recorded_newest_first(world, through):
    # On SQLite NULL sorts below every date and on PostgreSQL above: either plain "-note_date"
    # would put both undated notes at one end; both databases put them at 24 March.
    _note(world.mine, date(2006, 2, 1), "February", date(2006, 2, 1))
    _note(world.mine, None, "Undated, written first", date(2006, 3, 24))
    _note(world.mine, date(2006, 3, 31), "End of March", date(2006, 3, 31))
    _note(world.mine, None, "Undated, written second", date(2006, 3, 24))
    _note(world.mine, date(2006, 3, 24), "Dated 24 March, typed that evening", date(2006, 3, 24), hour=20)
    _note(world.mine, None, "Recorded just after midnight in summer time", date(2006, 7, 1), hour=0)
    notes = world.mine.notes.all()
    if through == "notes_newest_first":
        notes = ProgressNote.objects.filter(action=world.mine).order_by(*notes_newest_first())
    assert [n.text for n in notes] == [
        "Recorded just after midnight in summer time",
        "End of March",
        "Dated 24 March, typed that evening",
        "Undated, written first",
        "Undated, written second",
        "February",
    ]
