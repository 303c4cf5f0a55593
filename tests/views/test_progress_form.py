"""The officer's update form: a status or RAG change alone is saved whatever the date boxes hold; a note is
dated only by a date the officer typed or saw; the last progress note is shown above the form."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplan.models import ProgressNote
from tests.factories import NoteFactory


def boxes_on(days_from_today: int) -> dict:
    """The Day, Month and Year boxes for a day counted from today, worked out when the test runs (a module
    imported before midnight would otherwise give a test run after it yesterday's 'tomorrow')."""
    day = timezone.localdate() + timedelta(days=days_from_today)
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}


def post(client, action, *, day="", month="", year="", **data):
    base = {"version": action.version, "status": "in_progress", "note_text": "", "rag": "", "rag_reason": "",
            "note_date-day": day, "note_date-month": month, "note_date-year": year}
    return client.post(reverse("action_update", args=[action.pk]), {**base, **data})


@pytest.mark.parametrize("boxes", [
    {},  # cleared
    0,  # as the form opens: today (boxes_on)
    {"day": "32", "month": "Foo", "year": "06"},  # nonsense
    {"day": "", "month": "5", "year": ""},  # half typed
    1,  # in the future: tomorrow (boxes_on)
])
def test_a_status_change_alone_is_saved_whatever_the_date_boxes_hold(client, world, boxes):
    boxes = boxes_on(boxes) if isinstance(boxes, int) else boxes
    client.force_login(world.users["officer"])
    response = post(client, world.mine, status="delayed", **boxes)
    assert response.status_code == 302
    world.mine.refresh_from_db()
    assert world.mine.status == "delayed"
    assert not ProgressNote.objects.exists()


def test_a_rag_change_alone_is_saved_whatever_the_date_boxes_hold(client, world):
    world.mine.due_date = timezone.localdate() + timedelta(days=30)  # on target: Amber is suggested
    world.mine.save()
    client.force_login(world.users["officer"])
    response = post(client, world.mine, rag="red", rag_reason="Post vacant", day="99", month="99", year="99")
    assert response.status_code == 302
    world.mine.refresh_from_db()
    assert (world.mine.rag_override, world.mine.rag_override_reason) == ("red", "Post vacant")


def test_a_note_with_no_date_is_refused_never_dated_today_unseen(client, world):
    client.force_login(world.users["officer"])
    response = post(client, world.mine, note_text="Met the LSCB chair")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter the date the progress refers to" in html
    assert 'href="#id_note_date-day"' in html
    assert "Met the LSCB chair" in html  # what they typed is kept
    assert not ProgressNote.objects.exists()


@pytest.mark.parametrize(("boxes", "message", "first_box"), [
    ({"day": "7", "month": "", "year": "2006"}, "Date the progress refers to must include a month", "month"),
    ({"day": "31", "month": "2", "year": "2006"}, "Date the progress refers to must be a real date", "day"),
    ({"day": "7", "month": "3", "year": "06"}, "Date the progress refers to must include a year with 4 numbers",
     "year"),
    (1, "Date the progress refers to must be today or in the past", "day"),  # tomorrow (boxes_on)
    ({"day": "1", "month": "1", "year": "2001"},
     "Date the progress refers to must be on or after", "day"),
])
def test_a_notes_date_is_refused_in_the_design_systems_words(client, world, boxes, message, first_box):
    boxes = boxes_on(boxes) if isinstance(boxes, int) else boxes
    client.force_login(world.users["officer"])
    response = post(client, world.mine, note_text="Met the LSCB chair", status="delayed", **boxes)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert f'href="#id_note_date-{first_box}"' in html
    world.mine.refresh_from_db()
    assert world.mine.status != "delayed"
    assert not ProgressNote.objects.exists()


def test_a_note_is_dated_by_the_boxes_with_the_month_as_a_word(client, world):
    client.force_login(world.users["officer"])
    response = post(client, world.mine, note_text="Paper drafted", day="7", month="Mar", year="2006")
    assert response.status_code == 302
    assert ProgressNote.objects.get().note_date == date(2006, 3, 7)


def test_the_form_opens_on_today_and_shows_the_last_note_above_it(client, world):
    NoteFactory(action=world.mine, note_date=date(2006, 2, 10), text="Discussion paper drafted")
    NoteFactory(action=world.mine, note_date=date(2006, 3, 1), text="Paper sent to the LSCB")
    client.force_login(world.users["officer"])
    html = client.get(reverse("action_update", args=[world.mine.pk])).content.decode()
    today = timezone.localdate()
    for part, value in (("day", today.day), ("month", today.month), ("year", today.year)):
        assert f'name="note_date-{part}" type="text" inputmode="numeric" value="{value}"' in html
    last = html.split('id="last-note"')[1].split("<form")[0]
    assert "1 March 2006" in last
    assert "Paper sent to the LSCB" in last
    assert "Discussion paper drafted" not in last
    assert 'type="date"' not in html


def test_with_no_note_yet_the_form_says_so(client, world):
    client.force_login(world.users["officer"])
    html = client.get(reverse("action_update", args=[world.mine.pk])).content.decode()
    assert "No progress recorded yet." in html.split('id="last-note"')[1].split("<form")[0]
