"""The action page's history filters write exactly what the template loop with truncatechars wrote."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from django.template import Context, Template
from django.template.defaultfilters import truncatechars
from django.utils import translation
from django.utils.safestring import mark_safe

from actionplan.dates import uk_date, uk_month
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


def test_history_changes_writes_the_template_loop_it_replaced():
    loop = Template(
        '{% for c in changes %}<p class="govuk-body-s govuk-!-margin-bottom-1"><strong>{{ c.label }}</strong>: '
        "<del>{{ c.old|truncatechars:200 }}</del> → <ins>{{ c.new|truncatechars:200 }}</ins></p>{% endfor %}"
    )
    tag = Template("{% load govuk %}{{ changes|history_changes:200 }}")
    changes = [
        Change("Note", "—", "word " * 60),
        Change("RAG <override>", "<b>Red</b> & co", 'Amber "now"'),
        Change("Status", "café " * 50, "e\u0301" * 220),
        Change("Link", mark_safe("<a href='/x'>" + "y" * 230), None),
    ]
    for shown in ([], changes[:1], changes):
        context = Context({"changes": shown})
        assert tag.render(context) == loop.render(context)


def test_history_cells_write_the_template_cells_they_replaced():
    cells = Template(
        '{% load govuk %}<td class="govuk-table__cell">{{ h.when|uk_datetime }}</td>\n'
        '      <td class="govuk-table__cell" data-label="Who">{{ h.who }}</td>\n'
        '      <td class="govuk-table__cell" data-label="What and why">{{ h.what }}{% if h.why %}<br>'
        '<span class="govuk-hint govuk-!-font-size-16">{{ h.why }}</span>{% endif %}</td>\n'
        '      <td class="govuk-table__cell" data-label="Changes">{{ h.changes|history_changes:200 }}</td>'
    )
    tag = Template("{% load govuk %}{{ h|history_cells:200 }}")
    entries = [
        HistoryEntry(
            datetime(2006, 7, 3, 14, 30, tzinfo=UTC),
            "Jane <Jones>",
            "",
            "Action changed",
            [Change("Status", "Not started", "In progress & on track")],
        ),
        HistoryEntry(datetime(2006, 1, 3, 12, 0, tzinfo=UTC), "Someone", 'Moved "by" the clerk', "Lead added: HL", []),
    ]
    for entry in entries:
        context = Context({"h": entry})
        assert tag.render(context) == cells.render(context)


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
