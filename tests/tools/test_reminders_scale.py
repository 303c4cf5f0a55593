"""The reminders' dry run at scale: its queries are a fixed number per plan, whatever the number of
actions, notes and people (none per person, none per action)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionplan.services.notices import day_notices
from tools.benchmark.build import Scale, build_installation
from tools.benchmark.reminders import REMINDERS_DAY, measure_reminders, prepare_cycle


def _queries(scale: Scale, prefix: str) -> tuple[int, int]:
    inst = build_installation(scale, prefix=prefix)
    prepare_cycle(inst.plans)
    with CaptureQueriesContext(connection) as ctx:
        notices = day_notices(REMINDERS_DAY, inst.plans)
    return len(ctx.captured_queries), len(notices)


@pytest.mark.django_db
def test_the_queries_do_not_grow_with_actions_or_people():
    small, small_emails = _queries(Scale(plans=1, recs=2, actions=2, notes=2), "small")
    big, big_emails = _queries(Scale(plans=1, recs=6, actions=12, notes=4), "big")
    assert small_emails > 0
    assert big_emails >= small_emails
    assert big == small


@pytest.mark.django_db
def test_the_benchmark_line_counts_emails_and_people_who_cannot_be_reminded():
    inst = build_installation(Scale(plans=2, recs=3, actions=4, notes=3))
    prepared = prepare_cycle(inst.plans)
    assert prepared == {"calendars": 2, "leads_with_email": 10}
    figures = measure_reminders()
    assert figures["plans"] == 2
    assert figures["emails"] > 0
    assert figures["cannot_be_reminded"] > 0  # three people of each plan have no account
    assert figures["queries"] > 0
