"""UK date formatting in one place: every page, paper, message and workbook writes dates the same way."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from actionplan.dates import (
    completed_date_words,
    completed_words,
    days_between,
    days_word,
    due_by_words,
    note_date_words,
    note_recorded_words,
    short_note_date,
    short_uk_date,
    uk_date,
    uk_datetime,
    uk_month,
)

LONDON = ZoneInfo("Europe/London")


def test_uk_date_has_no_leading_zero_and_the_month_in_full():
    assert uk_date(date(2006, 3, 1)) == "1 March 2006"
    assert uk_date(None) == ""


def test_uk_date_of_a_moment_is_its_local_day():
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time).
    assert uk_date(datetime(2006, 6, 30, 23, 30, tzinfo=ZoneInfo("UTC"))) == "1 July 2006"


@pytest.mark.parametrize(
    ("when", "text"),
    [
        (datetime(2006, 5, 19, 14, 30, tzinfo=LONDON), "19 May 2006 at 2:30pm"),
        (datetime(2006, 5, 19, 9, 0, tzinfo=LONDON), "19 May 2006 at 9am"),
        (datetime(2006, 5, 19, 12, 0, tzinfo=LONDON), "19 May 2006 at midday"),
        (datetime(2006, 5, 19, 0, 0, tzinfo=LONDON), "19 May 2006 at midnight"),
        (date(2006, 5, 19), "19 May 2006"),
        (None, ""),
    ],
)
def test_uk_datetime_in_gov_uk_style(when, text):
    assert uk_datetime(when) == text


UTC = ZoneInfo("UTC")


def test_uk_datetime_is_local_time_in_summer_and_in_winter():
    assert uk_datetime(datetime(2006, 7, 3, 14, 30, tzinfo=UTC)) == "3 July 2006 at 3:30pm"  # BST
    assert uk_datetime(datetime(2006, 1, 3, 14, 30, tzinfo=UTC)) == "3 January 2006 at 2:30pm"  # GMT
    # The hour the clocks go back (29 October 2006, 01:00 UTC) and the one before it.
    assert uk_datetime(datetime(2006, 10, 29, 0, 30, tzinfo=UTC)) == "29 October 2006 at 1:30am"
    assert uk_datetime(datetime(2006, 10, 29, 1, 30, tzinfo=UTC)) == "29 October 2006 at 1:30am"
    assert uk_datetime(datetime(2006, 10, 29, 2, 0, tzinfo=UTC)) == "29 October 2006 at 2am"


def test_local_time_follows_the_time_zone_setting(settings):
    settings.TIME_ZONE = "Pacific/Auckland"
    assert uk_datetime(datetime(2006, 7, 3, 14, 30, tzinfo=UTC)) == "4 July 2006 at 2:30am"


def test_uk_date_short_form_for_the_papers_plan_table():
    assert short_uk_date(date(2006, 3, 31)) == "31.03.06"
    assert short_uk_date(None) == ""


def test_uk_date_words_for_a_due_by_date():
    assert uk_month(date(2006, 6, 15)) == "June 2006"
    assert due_by_words(date(2006, 6, 30)) == "the end of June 2006"
    assert due_by_words(date(2006, 6, 15)) == "15 June 2006"


def test_uk_date_template_filters_are_the_same_helper():
    template = Template("{% load govuk %}{{ d|uk_date }}|{{ iso|uk_date }}|{{ bad|uk_date }}|{{ t|uk_datetime }}")
    text = template.render(Context({
        "d": date(2006, 3, 1), "iso": "2006-05-19", "bad": "soon",
        "t": datetime(2006, 5, 19, 14, 30, tzinfo=LONDON),
    }))
    assert text == f"{uk_date(date(2006, 3, 1))}|19 May 2006||19 May 2006 at 2:30pm"


def test_days_between_counts_local_days_and_words_them():
    late_evening_utc = datetime(2006, 6, 4, 23, 30, tzinfo=ZoneInfo("UTC"))  # 00:30 on 5 June in London
    assert days_between(late_evening_utc, date(2006, 6, 8)) == 3
    assert days_between(date(2006, 6, 8), date(2006, 6, 8)) == 0
    assert [days_word(n) for n in (1, 2, 1200)] == ["1 day", "2 days", "1,200 days"]


def test_a_date_that_names_only_a_month_is_worded_as_the_month_everywhere():
    end_of_march = date(2006, 3, 31)  # "Mar 06", stored as the month's last day
    recorded = datetime(2006, 3, 31, 12, 0, tzinfo=LONDON)
    assert note_date_words(end_of_march, recorded, month=True) == "March 2006"
    assert note_date_words(end_of_march, recorded, month=False) == "31 March 2006"
    assert short_note_date(end_of_march, recorded, month=True) == "Mar 06"
    assert short_note_date(date(2005, 12, 31), None, month=True) == "Dec 05"
    assert short_note_date(end_of_march, recorded, month=False) == "31.03.06"
    assert completed_words(end_of_march, None, month=True) == "Completed in March 2006"
    assert completed_words(end_of_march, None, month=False) == "Completed on 31 March 2006"
    assert completed_date_words(end_of_march, None, month=True) == "March 2006"
    # A month flag never dates what has no date.
    assert note_date_words(None, recorded, month=True) == "Undated (in the plan as at 31 March 2006)"
    assert note_recorded_words(recorded, month_convention=True) == "at the end of March 2006"
    assert note_recorded_words(recorded, month_convention=False) == "on 31 March 2006 at midday"
