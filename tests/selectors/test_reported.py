"""The reported RAG read from the history (`actionplan.selectors.reported`): a director's RAG dated
the day it was set (other edits do not move it), a summary only once it was recorded, and the
dashboard, the snapshot and today's pages agreeing on it."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from actionplan.asat import local_time
from actionplan.history import save_recorded
from actionplan.models import Rag, Recommendation, RecommendationSummary
from actionplan.reported import Source
from actionplan.selectors.changes import changes_between
from actionplan.selectors.dashboard import plan_dashboard
from actionplan.selectors.snapshot import plan_snapshot
from actionplan.selectors.today import plan_progress, recommendations_with_progress
from tests.conftest import make_user


def at(day: date, hour: int = 12) -> datetime:
    return local_time(day, time(hour))


def views_on(plan, day: date, number: int):
    """The recommendation's RAG as the dashboard and the snapshot each read it on `day`."""
    board = next(r for r in plan_dashboard(plan, day).recommendations if r.number == number)
    snap = next(r for r in plan_snapshot(plan, day).recommendations if r.number == number)
    assert board.rag_view == snap.rag_view  # counted in the database, and from every action in Python
    return snap.rag_view


@pytest.fixture
def sue(db):
    return make_user("sue", first_name="Sue", last_name="Fiennes")


def test_a_rag_set_by_hand_is_dated_when_set_and_other_edits_do_not_move_it(hereford, sue):
    rec = Recommendation.objects.get(plan=hereford, number=2)
    rec.rag_override, rec.rag_override_reason = Rag.RED, "Road shows cancelled"
    save_recorded(rec, reason="RAG set", user=sue, when=at(date(2006, 6, 1)))
    rec.text += " (reworded)"
    save_recorded(rec, reason="Words tidied", when=at(date(2006, 6, 10)))

    may = views_on(hereford, date(2006, 5, 19), 2)  # before it was set: the summary of 19 May reports
    assert (may.lead, may.reported.source) == (Rag.AMBER, Source.SUMMARY)
    june = views_on(hereford, date(2006, 6, 30), 2)
    assert (june.lead, june.reported.source, june.reported.date) == (Rag.RED, Source.DIRECTOR, date(2006, 6, 1))
    assert june.reported.described == "Set by Sue Fiennes on 1 June 2006: Road shows cancelled"

    rec.rag_override_reason = "Road shows cancelled twice"
    save_recorded(rec, reason="Reason updated", user=sue, when=at(date(2006, 6, 20)))
    assert views_on(hereford, date(2006, 6, 30), 2).reported.date == date(2006, 6, 20)
    assert views_on(hereford, date(2006, 6, 15), 2).reported.reason == "Road shows cancelled"

    # Today's pages read the same rule from the live tables.
    [today] = recommendations_with_progress(hereford, timezone.localdate(), only=rec)
    assert (today.rag_now, today.reported.date) == (Rag.RED, date(2006, 6, 20))
    [on_the_plan_page] = [r for r in plan_progress(hereford, timezone.localdate())[0] if r.pk == rec.pk]
    assert on_the_plan_page.reported.described == "Set by Sue Fiennes on 20 June 2006: Road shows cancelled twice"


def test_a_later_summary_outranks_an_earlier_rag_set_by_hand(hereford, sue):
    rec = Recommendation.objects.get(plan=hereford, number=4)
    rec.rag_override, rec.rag_override_reason = Rag.RED, "Checks not yet started"
    save_recorded(rec, reason="RAG set", user=sue, when=at(date(2006, 4, 3)))
    april = views_on(hereford, date(2006, 4, 30), 4)
    assert (april.lead, april.reported.source) == (Rag.RED, Source.DIRECTOR)
    may = views_on(hereford, date(2006, 5, 19), 4)
    assert (may.lead, may.reported.source, may.reported.reason) == (
        Rag.GREEN, Source.SUMMARY, "System in place and operating properly."
    )


def test_a_summary_counts_only_once_recorded_and_only_for_the_day_it_speaks_of(hereford):
    rec = Recommendation.objects.get(plan=hereford, number=3)
    later = RecommendationSummary(recommendation=rec, date=date(2006, 6, 1), text="Strategy agreed.", rag=Rag.GREEN)
    save_recorded(later, reason="Summary written", when=at(date(2006, 6, 2)))
    # Recorded on 2 June: as at 1 June it was not yet written, whatever day it speaks of.
    assert views_on(hereford, date(2006, 6, 1), 3).reported.date == date(2006, 5, 19)
    assert views_on(hereford, date(2006, 6, 2), 3).reported.date == date(2006, 6, 1)
    assert views_on(hereford, date(2006, 6, 2), 3).lead == Rag.GREEN

    ahead = RecommendationSummary(recommendation=rec, date=date(2006, 9, 30), text="Forecast.", rag=Rag.RED)
    save_recorded(ahead, reason="Summary written", when=at(date(2006, 6, 5)))
    assert views_on(hereford, date(2006, 6, 30), 3).reported.date == date(2006, 6, 1)  # 30 Sept not yet come


def test_the_changes_between_two_dates_show_the_reported_and_suggested_rag_at_each_end(hereford, sue):
    rec = Recommendation.objects.get(plan=hereford, number=2)
    rec.rag_override, rec.rag_override_reason = Rag.RED, "Road shows cancelled"
    save_recorded(rec, reason="RAG set", user=sue, when=at(date(2006, 6, 1)))
    changes = changes_between(hereford, date(2006, 5, 19), date(2006, 6, 30))
    rec2 = next(r for r in changes.recommendations if r.number == 2)
    assert (rec2.rag_before, rec2.rag_after) == (Rag.AMBER, Rag.RED)
    assert rec2.reported_before.source == Source.SUMMARY
    assert rec2.rag_reason == "Set by Sue Fiennes on 1 June 2006: Road shows cancelled"
    snap_may = {r.number: r for r in plan_snapshot(hereford, date(2006, 5, 19)).recommendations}
    snap_june = {r.number: r for r in plan_snapshot(hereford, date(2006, 6, 30)).recommendations}
    assert (rec2.suggested_before, rec2.suggested_after) == (snap_may[2].suggested_rag, snap_june[2].suggested_rag)
    assert changes.total("recommendation_rag") == sum(
        1 for n in snap_june if snap_may[n].rag != snap_june[n].rag
    )
