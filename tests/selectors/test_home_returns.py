"""The home pages' reads of the reporting cycle agree with the daily emails' (`selectors.reminders`)."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from actionplan.escalation import DIRECTOR, MANAGER
from actionplan.selectors.home_returns import escalations
from actionplan.selectors.reminders import plan_facts
from actionplan.selectors.returns import calendar_specs


@pytest.mark.parametrize("day", [date(2006, 7, 20), date(2006, 12, 28), date(2007, 3, 1)])
@pytest.mark.parametrize("level", [MANAGER, DIRECTOR])
def test_escalations_across_plans_are_those_the_daily_emails_find(hereford, day, level):
    call_command("setup_demo", stdout=StringIO())  # the demo calendar: the meetings its papers name
    emails = {a.reference: a.why.words for a in plan_facts(hereford, day).actions if a.escalation >= level}
    home = {e.reference: e.why.words for e in escalations([hereford], calendar_specs([hereford]), day, level)}
    assert home == emails
    assert home  # each of these days has some


@pytest.mark.parametrize("day", [date(2006, 5, 10), date(2006, 5, 25), date(2006, 12, 28)])
def test_returns_by_lead_are_those_the_returns_page_counts(hereford, day):
    from actionplan.rounds import in_focus
    from actionplan.selectors.home_returns import focus_rounds, returns_by_lead
    from actionplan.selectors.returns import plan_rounds, round_returns

    call_command("setup_demo", stdout=StringIO())
    rnd = in_focus(plan_rounds(hereford, day), day)
    page: dict[str, list[str]] = {}
    for row in round_returns(hereford, rnd, day):
        if row.state != "received":
            for lead in row.leads:
                page.setdefault(lead.label, []).append(row.reference)
    (home,) = returns_by_lead([hereford], focus_rounds([hereford], day), day)
    assert home.round == rnd
    assert {entry.lead.label: entry.references for entry in home.by_lead} == page
