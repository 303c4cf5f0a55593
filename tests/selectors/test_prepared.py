"""A prepared read (selectors/prepared) gives the rows its queryset gives, for each action, in one query."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actionplan.models import ActionLead, Evidence, ProgressNote
from actionplan.selectors import history, notes
from actionplan.selectors.prepared import Prepared


def add_notes(world):
    """An undated note (ordered by the day it was recorded: 31 March in London, 1 April in Kiritimati) and a
    note dated 31 March recorded later: their order depends on the time zone the SQL was compiled for."""
    officer = world.users["officer"]
    ProgressNote.objects.create(action=world.mine, text="undated", note_date=None, recorded_by=officer,
                                recorded_at=datetime(2006, 3, 31, 12, 0, tzinfo=UTC))
    ProgressNote.objects.create(action=world.mine, text="dated <b>", note_date=date(2006, 3, 31), author=world.hl,
                                recorded_at=datetime(2006, 3, 31, 13, 0, tzinfo=UTC))
    Evidence.objects.create(action=world.mine, url="https://example.org/paper", title="Paper",
                            uploaded_at=datetime(2006, 4, 1, 9, 0, tzinfo=UTC))
    ProgressNote.objects.create(action=world.theirs, text="other", note_date=date(2006, 3, 1), recorded_by=officer,
                                recorded_at=datetime(2006, 3, 2, 9, 0, tzinfo=UTC))


@pytest.mark.parametrize("zone", ["Europe/London", "Pacific/Kiritimati"])
def test_prepared_reads_give_their_querysets_rows_for_each_action(world, zone):
    add_notes(world)
    world.mine.status = "in_progress"
    world.mine.save()
    with timezone.override(zone):
        for action in (world.mine, world.theirs, world.mine):
            reads = (notes.NOTE_ROWS, history.ACTION_ROWS, history.NOTE_ROWS, history.EVIDENCE_ROWS,
                     history.LEAD_ROWS)
            for read in reads:
                with CaptureQueriesContext(connection) as queries:
                    rows = read.rows(action.pk)
                assert rows == list(read.build(action.pk))
                assert len(queries.captured_queries) == 1
            assert rows  # each action has history
        order = [text for _, _, _, text, *_ in notes.NOTE_ROWS.rows(world.mine.pk)]
    assert order == (["dated <b>", "undated"] if zone == "Europe/London" else ["undated", "dated <b>"])


def test_a_prepared_read_refuses_a_query_whose_id_it_cannot_find(world):
    read = Prepared(lambda pk: ProgressNote.objects.filter(action_id=1).values_list("id"))
    with pytest.raises(ValueError, match="one parameter"):
        read.rows(world.mine.pk)


def test_the_action_pages_evidence_and_lead_entries_are_those_of_the_history_rows(world):
    add_notes(world)
    ActionLead.objects.filter(action=world.theirs).delete()
    for action in (world.mine, world.theirs):
        evidence = history._records(Evidence, history.EVIDENCE_ROWS.rows(action.pk))
        leads = history._records(ActionLead, history.LEAD_ROWS.rows(action.pk))
        assert history._evidence_entries(evidence) == history._evidence_entries(history._rows(Evidence, action.pk))
        assert history._lead_entries(leads) == history._lead_entries(
            history._rows(ActionLead, action.pk).select_related("person")
        )
        assert leads
