"""The due-by sentence on the dashboard: the clerk chooses actions or recommendations and a timescale
(radios and a select, without JavaScript), every figure in the sentence is a link to its list and the
list is as long as the figure; the Red figure splits into reported and "no update received"."""

import html
import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from actionplan.models import AreaOfActivity, TimescaleGroup
from actionplan.selectors.due_by import Areas, due_by_sentence

SENTENCE = re.compile(r'<p class="govuk-body" id="due-by-sentence">(.*?)</p>', re.S)
LINK = re.compile(r'<a class="govuk-link" href="([^"]+)">(.*?)</a>', re.S)
LISTED = re.compile(r'<h1 class="govuk-heading-l">[^<]*: (\d+) (?:action|recommendation)s?</h1>')


def sentence_on_page(page: str) -> str:
    """The due-by sentence as a reader sees it (its links' words in place)."""
    return html.unescape(strip_tags(SENTENCE.search(page).group(1)))


def _listed(client, href: str) -> int:
    page = client.get(html.unescape(href)).content.decode()
    return int(LISTED.search(page).group(1))


def _figure(words: str) -> int:
    """The number a linked clause states: "12 are delayed", "Both are on track", "All 5 …", "It is …"."""
    first, second = (words.split() + [""])[:2]
    return {"It": 1, "Both": 2}.get(first) or int(second if first == "All" else first)


@pytest.fixture
def director(client, hereford, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("sf")
    user.groups.add(Group.objects.get(name="Director"))
    client.force_login(user)
    return client


@pytest.mark.parametrize("area", [AreaOfActivity.ACTIONS, AreaOfActivity.RECOMMENDATIONS])
@pytest.mark.parametrize("as_at", ["2006-05-19", "2006-07-13"])
def test_every_figure_in_the_sentence_opens_a_list_of_that_length(director, hereford, area, as_at):
    group = TimescaleGroup.objects.filter(plan=hereford).order_by("order").first()
    url = reverse("dashboard", args=[hereford.slug])
    for scope in ({}, {"group": group.pk}):
        query = {"as_at": as_at, "due_by": "2006-06-30", "area": area, **scope}
        page = director.get(url, query).content.decode()
        expected, counts = due_by_sentence(
            hereford, date(2006, 6, 30), date.fromisoformat(as_at), Areas(area, scope.get("group"))
        )
        assert sentence_on_page(page) == expected
        links = LINK.findall(SENTENCE.search(page).group(1))
        assert len(links) == 1 + sum(1 for part in ("completed", "on_track", "delayed", "no_update") if counts[part])
        for href, words in links:
            assert _listed(director, href) == _figure(strip_tags(words)), (href, words)


def test_the_clerk_chooses_what_to_count_with_radios_and_a_select(director, hereford):
    page = director.get(reverse("dashboard", args=[hereford.slug]), {"as_at": "2006-07-13"}).content.decode()
    assert 'type="radio" value="actions" checked' in page  # the default is unchanged: actions
    assert 'name="area"' in page
    assert 'name="group" class="govuk-select"' in page
    assert "The whole plan" in page
    bad = director.get(reverse("dashboard", args=[hereford.slug]), {"as_at": "2006-07-13", "area": "teams"})
    assert "Count as one area of activity: select one of the options shown" in bad.content.decode()
    elsewhere = director.get(reverse("dashboard", args=[hereford.slug]), {"as_at": "2006-07-13", "group": 999999})
    assert "Select one of the plan&#x27;s timescale groups" in elsewhere.content.decode()


def test_the_red_figure_says_how_many_were_reported_and_how_many_had_no_update(director, hereford):
    page = director.get(reverse("dashboard", args=[hereford.slug]), {"as_at": "2006-07-13"}).content.decode()
    split = re.search(r'<dd class="govuk-body-s[^"]*app-red-split">(.*?)</dd>', page, re.S).group(1)
    assert "reported delayed or late" in split
    assert "no update received since they fell due" in split
    red_href = re.search(r'href="([^"]*rag=red)"', page).group(1)
    parts = LINK.findall(split)
    assert len(parts) == 2
    counts = [_listed(director, href) for href, _ in parts]
    assert counts == [int(strip_tags(words).split()[0]) for _, words in parts]
    assert sum(counts) == _listed(director, red_href)
