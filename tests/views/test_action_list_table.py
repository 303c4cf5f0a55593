"""The action list's sortable headers and GOV.UK pagination (tables.ActionTable, actionplan.pagination):
each sortable header says how the list is sorted (aria-sort) and links to the list sorted by it on page 1
with the other query parameters kept; the pages are GOV.UK pagination with gaps, keeping the query."""

import re

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from actionplan.views import lists
from tests.factories import ActionFactory

SORTABLE = ["Ref", "Action", "Lead", "By when", "Due", "Status", "Last update"]


def headers(html: str) -> dict[str, tuple[str | None, str | None]]:
    """Each header's text: (its aria-sort, its link's href), None where it has none."""
    found = {}
    for attrs, inner in re.findall(r"<th ([^>]*)>(.*?)</th>", html, re.S):
        sort = re.search(r'aria-sort="([^"]*)"', attrs)
        link = re.search(r'<a class="app-table__sort-link" href="([^"]*)">([^<]*)</a>', inner)
        text = link.group(2) if link else inner.strip()
        found[text] = (sort.group(1) if sort else None, link.group(1) if link else None)
    return found


def pagination(html: str) -> dict:
    nav = re.search(r'<nav class="govuk-pagination" aria-label="Pagination">(.*?)</nav>', html, re.S)
    if nav is None:
        return {}
    body = nav.group(1)
    items = []
    for item in re.findall(r'<li class="govuk-pagination__item[^"]*">(.*?)</li>', body, re.S):
        link = re.search(r'href="([^"]*)" aria-label="Page (\d+)"( aria-current="page")?>(\d+)</a>', item)
        items.append("…" if item == "&ctdot;" else (link.group(2) + ("*" if link.group(3) else ""), link.group(1)))
    prev = re.search(r'<a class="govuk-link govuk-pagination__link" href="([^"]*)" rel="prev">', body)
    following = re.search(r'<a class="govuk-link govuk-pagination__link" href="([^"]*)" rel="next">', body)
    return {"items": items, "prev": prev and prev.group(1), "next": following and following.group(1)}


@pytest.fixture
def twenty(world, monkeypatch):
    """20 open actions on pages of 2: ten pages."""
    for position in range(3, 21):
        ActionFactory(recommendation=world.rec, position=position, description=f"Action {position}")
    monkeypatch.setattr(lists, "PER_PAGE", 2)
    return world


def test_every_sortable_header_says_how_the_list_is_sorted_and_links_to_page_one(client, twenty):
    client.force_login(twenty.users["viewer"])
    html = client.get(reverse("action_list") + "?q=Action&x=%3Cb%3E%22&sort=-due_date&page=3").content.decode()
    found = headers(html)
    assert list(found) == ["Ref", "Action", "Lead", "By when", "Due", "Status", "RAG", "Last update"]
    assert found["RAG"] == (None, None)  # not sortable: no link, no aria-sort
    assert found["Due"] == ("descending", "?q=Action&amp;x=%3Cb%3E%22&amp;sort=due_date")
    assert found["Ref"] == ("none", "?q=Action&amp;x=%3Cb%3E%22&amp;sort=reference")
    assert {found[name][0] for name in SORTABLE if name != "Due"} == {"none"}
    assert "<b>" not in html.split("<main", 1)[1]  # the query's values escaped: in links, percent-encoded
    assert 'class="govuk-table__header desc orderable" aria-sort="descending"' in html


def test_the_default_sort_is_by_reference_ascending_and_the_link_reverses_it(client, twenty):
    client.force_login(twenty.users["viewer"])
    found = headers(client.get(reverse("action_list") + "?status=not_started&status=in_progress").content.decode())
    assert found["Ref"] == ("ascending", "?status=not_started&amp;status=in_progress&amp;sort=-reference")
    assert found["Last update"] == ("none", "?status=not_started&amp;status=in_progress&amp;sort=last_update")


def test_pages_are_govuk_pagination_with_gaps_keeping_the_query(client, twenty):
    client.force_login(twenty.users["viewer"])
    url = reverse("action_list") + "?status=not_started&page=5"
    shown = pagination(client.get(url).content.decode())
    assert [item if item == "…" else item[0] for item in shown["items"]] == ["1", "…", "4", "5*", "6", "…", "10"]
    assert dict(item for item in shown["items"] if item != "…")["10"] == "?status=not_started&amp;page=10"
    assert shown["prev"] == "?status=not_started&amp;page=4"
    assert shown["next"] == "?status=not_started&amp;page=6"


def test_the_first_and_last_pages_have_no_link_beyond_them_and_one_page_has_no_pagination(client, twenty):
    client.force_login(twenty.users["viewer"])
    first = pagination(client.get(reverse("action_list")).content.decode())
    assert first["prev"] is None
    assert first["next"] == "?page=2"
    assert [item if item == "…" else item[0] for item in first["items"]] == ["1*", "2", "…", "10"]
    last = pagination(client.get(reverse("action_list") + "?page=99").content.decode())  # past the end: the last
    assert last["next"] is None
    assert last["prev"] == "?page=9"
    assert pagination(client.get(reverse("action_list") + "?q=Action+16").content.decode()) == {}


def test_sort_and_page_links_are_relative_to_the_page_under_a_script_prefix(client, twenty):
    client.force_login(twenty.users["viewer"])
    path = reverse("action_list")
    set_script_prefix("/tracker/")  # as the WSGI handler does for each request served under /tracker
    try:
        html = client.get(path + "?page=2", SCRIPT_NAME="/tracker").content.decode()
    finally:
        clear_script_prefix()
    assert headers(html)["Status"] == ("none", "?sort=status")
    assert pagination(html)["next"] == "?page=3"
    assert f'href="/tracker/actions/{twenty.rec.actions.order_by("position")[2].pk}/"' in html


def test_the_rows_escape_what_people_wrote(client, world):
    world.mine.description = """<b>"Tom & Jerry's" plan</b>"""
    world.mine.lead_text = "<i>HL</i>"
    world.mine.by_when_text = "March & April"
    world.mine.save()
    client.force_login(world.users["viewer"])
    html = client.get(reverse("action_list")).content.decode()
    assert "&lt;b&gt;&quot;Tom &amp; Jerry&#x27;s&quot; plan&lt;/b&gt;" in html
    assert '<td class="govuk-table__cell" data-label="Lead">&lt;i&gt;HL&lt;/i&gt;</td>' in html
    assert '<td class="govuk-table__cell" data-label="By when">March &amp; April</td>' in html
    assert "<b>" not in html.split("<main", 1)[1]
