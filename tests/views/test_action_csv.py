"""The action list as CSV: the same actions as the filtered page, its columns plus each action's latest
note, and nothing a spreadsheet would run as a formula."""

import csv
from datetime import date, datetime
from io import StringIO

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplan.action_csv import HEADER
from tests.factories import ActionFactory, NoteFactory

URL = reverse("action_list_export_csv")


def rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads UTF-8 only with the byte-order mark
    return list(csv.reader(StringIO(text[1:])))


def recorded(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10))


def test_the_filtered_list_downloads_with_its_columns_and_latest_note(client, world):
    world.mine.status = "in_progress"
    world.mine.due_date = date(2006, 3, 31)
    world.mine.save()
    NoteFactory(action=world.mine, note_date=date(2006, 2, 1), text="Draft circulated",
                recorded_at=recorded(date(2006, 2, 1)))
    NoteFactory(action=world.mine, note_date=date(2006, 3, 20), text="Paper sent to LSCB",
                recorded_at=recorded(date(2006, 3, 21)))
    client.force_login(world.users["viewer"])
    response = client.get(URL + "?status=in_progress")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="actions-{timezone.localdate().isoformat()}.csv"'
    header, *body = rows(response)
    assert tuple(header) == HEADER
    assert len(body) == 1  # action 1.2 is not in progress
    row = dict(zip(header, body[0], strict=True))
    assert row["Plan"] == "JAR plan"
    assert row["Ref"] == "1.1"
    assert row["Action"] == "Discussion paper to be prepared"
    assert row["Due"] == "2006-03-31"
    assert row["Status"] == "In progress"
    assert row["RAG"] == "Red"  # past due
    assert row["Update"] == "No update received"  # nothing recorded since 31 March 2006
    assert row["Last update"] == "2006-03-21"
    assert row["Latest note date"] == "2006-03-20"
    assert row["Latest note"] == "Paper sent to LSCB"


def test_text_a_spreadsheet_would_run_is_written_after_an_apostrophe(client, world):
    world.mine.description = '=HYPERLINK("http://evil.example","Click")'
    world.mine.lead_text = "+HL"
    world.mine.save()
    NoteFactory(action=world.mine, text="@SUM(1+1)")
    client.force_login(world.users["viewer"])
    header, first, second = rows(client.get(URL))
    row = dict(zip(header, first, strict=True))
    assert row["Action"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert row["Lead"] == "'+HL"
    assert row["Latest note"] == "'@SUM(1+1)"
    assert dict(zip(header, second, strict=True))["Latest note"] == ""  # 1.2 has no note


def test_the_list_links_to_the_csv_with_its_filters(client, world):
    client.force_login(world.users["viewer"])
    html = client.get(reverse("action_list") + "?status=delayed&lead=HL").content.decode()
    assert f'href="{URL}?status=delayed&amp;lead=HL">Download as CSV</a>' in html


def test_the_queries_do_not_grow_with_the_actions(client, world):
    client.force_login(world.users["viewer"])
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    for position in range(3, 40):
        action = ActionFactory(recommendation=world.rec, position=position)
        NoteFactory(action=action)
    with CaptureQueriesContext(connection) as big:
        assert len(rows(client.get(URL))) == 40  # the header and 39 actions
    assert len(big.captured_queries) == len(small.captured_queries)
