"""Table-driven tests for actionplan.bywhen: plain pytest, no Django needed."""

import json
from datetime import date
from pathlib import Path

import pytest

from actionplan.bywhen import ByWhen, Flag, read_by_when

D = date

MONTH_ONLY = [
    ("Feb 06", D(2006, 2, 28)),
    ("February 2006", D(2006, 2, 28)),
    ("Sept 06", D(2006, 9, 30)),
    ("Sep06", D(2006, 9, 30)),
    ("June 06", D(2006, 6, 30)),
    ("May06", D(2006, 5, 31)),
    ("Jan 2006", D(2006, 1, 31)),
    # name variants: full, 3/4-letter, any case, trailing ".", OCR-split, '06
    ("Sep 06", D(2006, 9, 30)),
    ("SEPT. 06", D(2006, 9, 30)),
    ("Septembe r 06", D(2006, 9, 30)),
    ("september 2006", D(2006, 9, 30)),
    ("Februar y 06", D(2006, 2, 28)),
    ("Jan '06", D(2006, 1, 31)),
    ("Dec. 07", D(2007, 12, 31)),
    ("Update May 06", D(2006, 5, 31)),
    ("Agreed by June 06 for immedia te impleme ntation", D(2006, 6, 30)),
]

DAYS = [
    ("4 Jan 06", D(2006, 1, 4)),
    ("1 st Apr 06", D(2006, 4, 1)),
    ("15th March 2006", D(2006, 3, 15)),
    ("07.03.06", D(2006, 3, 7)),
    ("07 03 06", D(2006, 3, 7)),
    ("7/3/06", D(2006, 3, 7)),
    ("15 April 06", D(2006, 4, 15)),
    ("24 Jan 06", D(2006, 1, 24)),
    ("20 Jan 06", D(2006, 1, 20)),
]

END_AND_MID = [
    ("End Feb 06", D(2006, 2, 28)),
    ("Before end Mar 06", D(2006, 3, 31)),
    ("By end of March 2007", D(2007, 3, 31)),
    ("End June 06", D(2006, 6, 30)),
    ("End September 06", D(2006, 9, 30)),
    ("End Jan 06", D(2006, 1, 31)),
    ("mid Feb 06", D(2006, 2, 15)),
]

PERIODS = [  # ranges, seasons, financial years and quarters: (text, start, due)
    ("Jan \u2013 Mar 06", D(2006, 1, 1), D(2006, 3, 31)),
    ("Feb-Apr 06", D(2006, 2, 1), D(2006, 4, 30)),
    ("April-Oct 06", D(2006, 4, 1), D(2006, 10, 31)),
    ("Oct 06- Apr 07", D(2006, 10, 1), D(2007, 4, 30)),
    ("Jan/Feb 06", D(2006, 1, 1), D(2006, 2, 28)),
    ("May/June 06", D(2006, 5, 1), D(2006, 6, 30)),
    ("May/Jun e 06", D(2006, 5, 1), D(2006, 6, 30)),
    ("Late Feb. \u2013 7 March 06", D(2006, 2, 1), D(2006, 3, 7)),
    ("Feb \u2013 Apr 06", D(2006, 2, 1), D(2006, 4, 30)),
    ("Mar- May 06", D(2006, 3, 1), D(2006, 5, 31)),
    ("Initially Jan \u2013 June 2006", D(2006, 1, 1), D(2006, 6, 30)),
    ("Spring 07", D(2007, 3, 1), D(2007, 5, 31)),
    ("Summer 06", D(2006, 6, 1), D(2006, 8, 31)),
    ("Autumn 06", D(2006, 9, 1), D(2006, 11, 30)),
    ("Winter 06", D(2006, 12, 1), D(2007, 2, 28)),
    ("Develop ment project Autumn 06", D(2006, 9, 1), D(2006, 11, 30)),
    ("06/07", D(2006, 4, 1), D(2007, 3, 31)),
    ("2006/07", D(2006, 4, 1), D(2007, 3, 31)),
    ("Q1 06/07", D(2006, 4, 1), D(2006, 6, 30)),
    ("Q2 06/07", D(2006, 7, 1), D(2006, 9, 30)),
    ("Q3 06/07", D(2006, 10, 1), D(2006, 12, 31)),
    ("Q4 06/07", D(2007, 1, 1), D(2007, 3, 31)),
]

FROM = [
    ("From 15 Mar 06", D(2006, 3, 15)),
    ("From Apr 06", D(2006, 4, 1)),
]

RECURRING = [  # (text, start, due, recurrence)
    (
        "Commencing Jan 06, thereafter at least monthly, subject to review in April 06",
        D(2006, 1, 1),
        D(2006, 4, 30),
        "monthly",
    ),
    ("Apr 06 and monthly thereafter", D(2006, 4, 1), None, "monthly"),
    (
        "From Apr 06 - no less than bi monthly (to be reviewed Dec 06)",
        D(2006, 4, 1),
        D(2006, 12, 31),
        "bi-monthly",
    ),
    ("From Apr 06 - no less than bi-monthly", D(2006, 4, 1), None, "bi-monthly"),
    ("Commencing Jan 06, thereafter at least weekly", D(2006, 1, 1), None, "weekly"),
    ("Apr 06 and fortnightly thereafter", D(2006, 4, 1), None, "fortnightly"),
    ("From Apr 06 - no less than quarterly", D(2006, 4, 1), None, "quarterly"),
    (
        "Commencing Jan 06, thereafter at least annually, subject to review in Dec 06",
        D(2006, 1, 1),
        D(2006, 12, 31),
        "annually",
    ),
    # real OCR'd cells, words broken mid-word
    (
        "Commencin g Jan 06, thereafter at least monthly, subject to review in April 06.",
        D(2006, 1, 1),
        D(2006, 4, 30),
        "monthly",
    ),
    (
        "Comme ncing Jan 06, thereaft er at least monthly, with review of arrange ments in April 06",
        D(2006, 1, 1),
        D(2006, 4, 30),
        "monthly",
    ),
    (
        "Comme ncing July 06, thereaft er at least monthly, with review end Oct 06",
        D(2006, 7, 1),
        D(2006, 10, 31),
        "monthly",
    ),
    (
        "Comme ncing Feb 06, thereaft er at least monthly, with a review in May 06.",
        D(2006, 2, 1),
        D(2006, 5, 31),
        "monthly",
    ),
    (
        "In place and ongoing, subject to completion of the monthly cycle = end Feb 06",
        None,
        D(2006, 2, 28),
        "monthly",
    ),
    (
        "In place and ongoing, subject to completi on of the monthly cycle = end Feb 06",
        None,
        D(2006, 2, 28),
        "monthly",
    ),
    ("Apr 06 and monthly thereaft er", D(2006, 4, 1), None, "monthly"),
]

NO_DEADLINE = ["tbc", "TBC", "", None, "   ", " \t\n"]

UNREAD = [
    # no year: the year is unknown, so it is not guessed even with plan_start
    "Comme ncing Februar y, thereaft er at least monthly with review in May.",
    "Commencing Jan 06, thereafter at least monthly, subject to review in May",
    "Amr 00",
    "31/02/06",  # no such day
    "30 Feb 06",
    "Feb",  # no year
    "Nov - Feb 07",  # which November?
    "06/08",  # not a financial year
    "as soon as possible",
    # parts in an order that reads two ways, or contradicts itself: flagged, never guessed
    "06 June",  # day first, as UK papers write: 6 June with no year, not June 2006
    "Jun 6 07",  # month-day-year needs a four-digit year: 6 June 2007, or June 2006 and a stray 07?
    "Apr 07 - Oct 06",  # a range that ends before it starts
    "End Mar 07; End Dec 06; End September 06",  # milestones out of order
    "Oct 06 - Apr 07 June 06",
    "Feb 06 -",  # open-ended, as the seeds' "June 2006 -": from Feb 06 on, not due then
    "- Feb 06",
    "monthly weekly from Jan 06",  # two recurrences
    "commencing Jan 06 commencing Feb 06",  # two starts
    "Commencing Jan 06, monthly, review Dec 05",  # reviewed before it starts
    "review Apr 06",  # a review of nothing recurring
    "monthly",  # recurring from when?
    "Commencing, thereafter monthly",  # a marker with no date
    "Apr 06 and thereafter",  # thereafter what?
    "June 06?",  # a sign the reader does not know
    "not before June 06",  # a word the reader does not know
    "end June 06 end",
    "late Feb 06",  # "late" only starts a range
    "March 7 06",
]

MILESTONES = [  # several dates in one cell, in order: (text, first milestone, end of the last, recurrence)
    # 9.4 "Approval of business case by C&YPPB Seek financial approval": approval by June 06, then
    # financial approval sought Oct 06 - Apr 07 (two rows of the plan merged into one cell)
    ("June 06 Oct 06- Apr 07", D(2006, 6, 30), D(2007, 4, 30), ""),
    ("June 06; Oct 06 - Apr 07", D(2006, 6, 30), D(2007, 4, 30), ""),
    ("End June 06; End September 06; End Dec 06; End Mar 07", D(2006, 6, 30), D(2007, 3, 31), "quarterly"),
    ("End June 06, End Sept 06, End Dec 06, End Mar 07", D(2006, 6, 30), D(2007, 3, 31), "quarterly"),
    ("4 Jan 06; 4 Feb 06; 4 Mar 06", D(2006, 1, 4), D(2006, 3, 4), "monthly"),
    ("Feb 06; Apr 06", D(2006, 2, 28), D(2006, 4, 30), ""),  # one gap names no recurrence
    ("Jan 06; Feb 06; Apr 06", D(2006, 1, 31), D(2006, 4, 30), ""),  # uneven gaps
]

# The same parts in another order, hyphenation or punctuation read as the plan's own convention does.
VARIANTS = [  # (variant, the convention it reads as)
    ("June-06", "June 06"),
    ("June '06", "June 06"),
    ("'06 June", "June 06"),
    ("2006 June", "June 06"),
    ("Jun. 2006", "June 06"),
    ("end of June 2006", "End June 06"),
    ("June 2006 end", "End June 06"),
    ("the end of June 06", "End June 06"),
    ("by end Sept. '06", "End Sept 06"),
    ("mid-Feb 06", "mid Feb 06"),
    ("4-Jan-06", "4 Jan 06"),
    ("04-01-06", "4 Jan 06"),
    ("2006-01-04", "4 Jan 06"),
    ("Jan 4 2006", "4 Jan 06"),
    ("2006 Jan 4", "4 Jan 06"),
    ("4th January, 2006", "4 Jan 06"),
    ("Jan to Mar 06", "Jan \u2013 Mar 06"),
    ("Jan 06 - Mar 06", "Jan \u2013 Mar 06"),
    ("January-March 2006", "Jan \u2013 Mar 06"),
    ("From Jan 06 to Mar 06", "Jan \u2013 Mar 06"),
    ("Oct 2006 \u2013 April 2007", "Oct 06- Apr 07"),
    ("06/07 Q2", "Q2 06/07"),
    ("2006 autumn", "Autumn 06"),
    ("From 15.03.06", "From 15 Mar 06"),
    ("Jan 06 and monthly thereafter", "Commencing Jan 06, thereafter at least monthly"),
    ("commencing Jan 06 and monthly thereafter", "Commencing Jan 06, thereafter at least monthly"),
    ("monthly thereafter commencing Jan 06", "Commencing Jan 06, thereafter at least monthly"),
    ("monthly from Jan 06", "Commencing Jan 06, thereafter at least monthly"),
    (
        "Monthly, commencing Jan 06, subject to review in April 06",
        "Commencing Jan 06, thereafter at least monthly, subject to review in April 06",
    ),
    (
        "subject to review in April 06; commencing Jan 06; thereafter monthly",
        "Commencing Jan 06, thereafter at least monthly, subject to review in April 06",
    ),
    (
        "no less than bi-monthly from Apr 06 (to be reviewed Dec 06)",
        "From Apr 06 - no less than bi monthly (to be reviewed Dec 06)",
    ),
    (
        "monthly cycle = end Feb 06, in place and ongoing",
        "In place and ongoing, subject to completion of the monthly cycle = end Feb 06",
    ),
]

ALL_TEXTS = (
    [t for t, _ in MONTH_ONLY + DAYS + END_AND_MID + FROM]
    + [row[0] for row in PERIODS + RECURRING + MILESTONES + VARIANTS]
    + NO_DEADLINE
    + UNREAD
)


def check(text, start, due, recurrence="", flag=Flag.NONE, **kwargs):
    got = read_by_when(text, **kwargs)
    assert got == ByWhen(text or "", start, due, recurrence, flag)


@pytest.mark.parametrize(("text", "due"), MONTH_ONLY)
def test_month_means_last_day_of_month(text, due):
    check(text, None, due)


@pytest.mark.parametrize(("text", "due"), DAYS)
def test_day_means_that_day_day_first(text, due):
    check(text, None, due)


@pytest.mark.parametrize(("text", "due"), END_AND_MID)
def test_end_and_mid_of_month(text, due):
    check(text, None, due)


@pytest.mark.parametrize(("text", "start", "due"), PERIODS)
def test_ranges_seasons_and_financial_years(text, start, due):
    check(text, start, due)


@pytest.mark.parametrize(("text", "start"), FROM)
def test_from_is_ongoing(text, start):
    check(text, start, None)


@pytest.mark.parametrize(("text", "start", "due", "recurrence"), RECURRING)
def test_recurring(text, start, due, recurrence):
    check(text, start, due, recurrence)


@pytest.mark.parametrize("text", NO_DEADLINE)
def test_no_deadline(text):
    check(text, None, None, flag=Flag.NO_DEADLINE)


@pytest.mark.parametrize("text", UNREAD)
@pytest.mark.parametrize("plan_start", [None, D(2005, 12, 1)])
def test_unread_is_kept_and_never_guessed(text, plan_start):
    check(text, None, None, flag=Flag.UNREAD, plan_start=plan_start)


@pytest.mark.parametrize(
    ("text", "start", "due", "flag"),
    [
        ("Jun 05", None, D(2005, 6, 30), Flag.IMPLAUSIBLE),
        ("Nov 05 - Feb 06", D(2005, 11, 1), D(2006, 2, 28), Flag.IMPLAUSIBLE),
        ("Dec 05", None, D(2005, 12, 31), Flag.NONE),
        ("Feb 06", None, D(2006, 2, 28), Flag.NONE),
    ],
)
def test_implausible_before_plan_start(text, start, due, flag):
    check(text, start, due, flag=flag, plan_start=D(2005, 12, 1))


def test_implausible_needs_plan_start():
    check("Jun 05", None, D(2005, 6, 30))


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_text_is_preserved_exactly(text):
    got = read_by_when(text)
    assert got.text == (text or "")
    assert got.flag in (Flag.NONE, Flag.NO_DEADLINE, Flag.UNREAD, Flag.IMPLAUSIBLE)
    assert got.recurrence in ("", "weekly", "fortnightly", "monthly", "bi-monthly", "quarterly", "annually")
    if got.flag in (Flag.UNREAD, Flag.NO_DEADLINE):
        assert (got.start_date, got.due_date, got.recurrence) == (None, None, "")


@pytest.mark.parametrize(("text", "first", "due", "recurrence"), MILESTONES)
def test_milestones_read_from_the_first_to_the_end_of_the_last(text, first, due, recurrence):
    check(text, first, due, recurrence)


@pytest.mark.parametrize(("variant", "convention"), VARIANTS)
def test_any_order_of_known_parts_reads_as_the_convention(variant, convention):
    expected = read_by_when(convention)
    assert expected.flag == Flag.NONE  # the convention itself reads, so the comparison means something
    check(variant, expected.start_date, expected.due_date, expected.recurrence)


def test_a_schedule_with_an_unreadable_part_is_unread():
    assert read_by_when("End June 06; sometime").flag == Flag.UNREAD


def test_every_by_when_in_the_herefordshire_plan_reads_but_two():
    """The committed fixture's cells, as the loader reads them (plan begun 1 December 2005)."""
    fixture = json.loads((Path(__file__).resolve().parents[2] / "fixtures" / "herefordshire_jar.json").read_text())
    flagged = {}
    for rec in fixture["recommendations"]:
        for action in rec["actions"]:
            read = read_by_when(action["by_when"], plan_start=D(2005, 12, 1))
            if read.flag in (Flag.UNREAD, Flag.IMPLAUSIBLE):
                flagged[f"{rec['number']}.{action['position']}"] = (action["by_when"], read.flag)
    assert flagged == {
        # no year for the start or the review: not guessed
        "7.7": ("Commencing February, thereafter at least monthly with review in May.", Flag.UNREAD),
        "10.5": ("Jun 05", Flag.IMPLAUSIBLE),  # a year before the plan began
    }
