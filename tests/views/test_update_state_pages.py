"""'No update received' shown wherever an action's RAG is shown: its page says the RAG's basis in words
(an override shows the suggestion it overrode), the actions list marks it and filters by it without
JavaScript, and the dashboard's lists carry it as they stood on the as-at day."""

import re
from datetime import date, time

import pytest
from django.urls import reverse

from actionplan.asat import local_time
from actionplan.history import save_recorded
from actionplan.models import Rag, Status
from tests.factories import NoteFactory

MARKER = "No update received"


def _note(action, day: date):
    note = NoteFactory.build(action=action, note_date=day, recorded_at=local_time(day, time(10)))
    save_recorded(note, reason="test", when=note.recorded_at)


@pytest.fixture
def plan(world):
    """1.1 (HL) reported on 24 March 2006 and not since; 1.2 (SF) reported on 5 April 2006, after it fell
    due on 31 March 2006. Both in progress."""
    for obj in (world.plan, world.group, world.rec):
        obj.history.update(history_date=local_time(date(2006, 1, 1), time(9)))
    for action in (world.mine, world.theirs):
        action.status = Status.IN_PROGRESS
        save_recorded(action, reason="test", when=local_time(date(2006, 1, 2), time(9)))
    _note(world.mine, date(2006, 3, 24))
    _note(world.theirs, date(2006, 4, 5))
    return world


def _rag_row(page: str) -> str:
    return re.search(r'<dt class="govuk-summary-list__key">RAG</dt>(.*?)</dd>', page, re.S).group(1)


def test_the_action_page_says_the_basis_of_its_rag(client, plan):
    client.force_login(plan.users["viewer"])
    silent = _rag_row(client.get(reverse("action_detail", args=[plan.mine.pk])).content.decode())
    assert MARKER in silent
    assert "Past due 31 March 2006, no update since 24 March 2006" in silent
    late = _rag_row(client.get(reverse("action_detail", args=[plan.theirs.pk])).content.decode())
    assert MARKER not in late
    assert "Past due 31 March 2006; last update 5 April 2006 reports it in progress" in late


def test_an_override_on_the_action_page_shows_the_suggestion_it_overrode(client, plan):
    plan.mine.rag_override, plan.mine.rag_override_reason = Rag.AMBER, "Revised date agreed with the Director"
    save_recorded(plan.mine, reason="RAG set by hand")
    client.force_login(plan.users["viewer"])
    row = _rag_row(client.get(reverse("action_detail", args=[plan.mine.pk])).content.decode())
    assert ">Amber<" in row
    assert ("Set Amber by hand: Revised date agreed with the Director (suggested Red: past due 31 March 2006, "
            "no update since 24 March 2006)") in row


def _listed(client, **query) -> list[str]:
    page = client.get(reverse("action_list"), query).content.decode()
    body = page[page.index("<tbody"):page.index("</tbody>")]
    rows = re.findall(r"<tr.*?</tr>", body, re.S)
    return [("1.1" if ">1.1<" in r else "1.2") + (" no update" if MARKER in r else "") for r in rows]


def test_the_actions_list_marks_and_filters_no_update_received(client, plan):
    client.force_login(plan.users["viewer"])
    assert _listed(client) == ["1.1 no update", "1.2"]
    assert _listed(client, update="no_update") == ["1.1 no update"]
    assert _listed(client, update="current") == ["1.2"]
    page = client.get(reverse("action_list")).content.decode()
    assert 'name="update" type="radio" value="" checked' in page  # "Any", a plain GET form: no JavaScript
    assert 'value="no_update"' in page
    lost = client.get(reverse("action_list"), {"update": "lost"}).content.decode()
    assert "Update: select one of the options shown" in lost


def test_the_dashboards_lists_carry_the_state_as_it_stood(client, plan):
    client.force_login(plan.users["director"])
    url = reverse("dashboard_actions", args=[plan.plan.slug])

    def overdue(as_at):
        page = client.get(url, {"as_at": as_at, "list": "overdue"}).content.decode()
        return page.count(MARKER)

    assert overdue("2006-04-02") == 2  # 1.2's report of 5 April was not yet recorded
    assert overdue("2006-04-06") == 1
    page = client.get(url, {"as_at": "2006-04-02", "list": "overdue"}).content.decode()
    assert page.count("Past due 31 March 2006, no update since 24 March 2006") == 1  # 1.1
    assert page.count("Past due 31 March 2006, no update recorded") == 1  # 1.2, before its report

