"""The action page's history and notes filters write exactly what the template loops (with truncatechars)
wrote."""

import random
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.template import Context, Template
from django.template.defaultfilters import truncatechars
from django.utils import translation
from django.utils.safestring import mark_safe

from actionplan.dates import uk_date, uk_month
from actionplan.models import Person
from actionplan.selectors.history import Change, HistoryEntry
from actionplan.templatetags.govuk import shortened

# ASCII and not: an accent written as a combining character counts no place in truncatechars.
TEXTS = [
    "",
    "a",
    "x" * 199,
    "x" * 200,
    "x" * 201,
    "word " * 90,
    "e\u0301" * 150,
    "café " * 60,
    "“quoted” — £5 " * 20,
    mark_safe("<b>" * 80),
]
rng = random.Random(14)
TEXTS += ["".join(rng.choice('ab c\u0301é—<&"\n') for _ in range(rng.randrange(0, 420))) for _ in range(300)]


@pytest.mark.parametrize("length", [-1, 0, 1, 2, 120, 200, 300])
def test_shortened_is_truncatechars(length):
    for text in TEXTS:
        expected, got = truncatechars(text, length), shortened(text, length)
        assert got == expected, (length, text)
        assert type(got) is type(expected), (length, text)


def test_history_rows_write_the_template_loop_they_replaced():
    loop = Template(
        "{% load govuk %}{% for h in history %}\n"
        '    <tr class="govuk-table__row">\n'
        '      <td class="govuk-table__cell">{{ h.when|uk_datetime }}</td>\n'
        '      <td class="govuk-table__cell" data-label="Who">{{ h.who }}</td>\n'
        '      <td class="govuk-table__cell" data-label="What and why">{{ h.what }}{% if h.why %}<br>'
        '<span class="govuk-hint govuk-!-font-size-16">{{ h.why }}</span>{% endif %}</td>\n'
        '      <td class="govuk-table__cell" data-label="Changes">{% for c in h.changes %}'
        '<p class="govuk-body-s govuk-!-margin-bottom-1"><strong>{{ c.label }}</strong>: '
        "<del>{{ c.old|truncatechars:200 }}</del> → <ins>{{ c.new|truncatechars:200 }}</ins></p>{% endfor %}</td>\n"
        "    </tr>\n  {% endfor %}"
    )
    tag = Template("{% load govuk %}{{ history|history_rows:200 }}")
    changes = [
        Change("Note", "—", "word " * 60),
        Change("RAG <override>", "<b>Red</b> & co", 'Amber "now"'),
        Change("Status", "café " * 50, "e\u0301" * 220),
        Change("Link", mark_safe("<a href='/x'>" + "y" * 230), None),
    ]
    entries = [
        HistoryEntry(datetime(2006, 7, 3, 14, 30, tzinfo=UTC), "Jane <Jones>", "", "Action changed", changes),
        HistoryEntry(datetime(2006, 1, 3, 12, 0, tzinfo=UTC), "Someone", 'Moved "by" the clerk', "Lead added: HL", []),
        HistoryEntry(datetime(2006, 1, 2, 9, 5, tzinfo=UTC), mark_safe("<i>Al</i>"), "it's", "Note & <x>", changes[:1]),
    ]
    for shown in ([], entries[:1], entries):
        context = Context({"history": shown})
        assert tag.render(context) == loop.render(context)


def test_progress_notes_write_the_template_loop_they_replaced():
    loop = Template(
        "{% load govuk %}{% for note in notes %}\n"
        '<div class="app-note">\n'
        '  <h3 class="govuk-heading-s govuk-!-margin-bottom-1">{{ note|note_date_words }}</h3>\n'
        '  <p class="govuk-body govuk-!-margin-bottom-1">{{ note.text|linebreaksbr }}</p>\n'
        '  <p class="govuk-hint govuk-!-font-size-16">{{ note|note_source }} {{ note|note_recorded }}</p>\n'
        "</div>\n{% endfor %}"
    )
    tag = Template("{% load govuk %}{{ notes|progress_notes }}")
    user = User(username="jj<", first_name="Jane", last_name="O'Jones & <co>")
    recorded = datetime(2006, 3, 31, 12, 0, tzinfo=UTC)

    def note(text, day=None, month=False, by=None, author=None):
        return SimpleNamespace(text=text, note_date=day, note_date_is_month=month, recorded_at=recorded,
                               recorded_by=by, recorded_by_id=by and 1, author=author, author_id=author and 1)

    notes = [
        note("Line one\r\nline <two> & \"three\"\rfour\n\nfive", date(2006, 3, 7), by=user),
        note("Month only", date(2006, 3, 31), month=True, author=Person(initials="H&L")),
        note(mark_safe("<b>safe</b>\r\nnext"), by=User(username="<u>")),
        note("", None),
    ]
    for shown in ([], notes[:1], notes):
        context = Context({"notes": shown})
        assert tag.render(context) == loop.render(context)


@pytest.mark.parametrize("language", ["en-gb", "fr", "ja"])
def test_shortened_ends_as_truncatechars_does_in_each_language(language):
    with translation.override(language):
        for text in TEXTS[:10]:
            assert shortened(text, 20) == truncatechars(text, 20)


def test_month_names_are_strftimes():
    day = date(1999, 1, 1)
    while day < date(2101, 1, 1):
        assert uk_date(day) == f"{day.day} {day:%B %Y}"
        assert uk_month(day) == f"{day:%B %Y}"
        day += timedelta(days=17)
