"""The director before a board meeting: the plan as committees saw it, what changed, the indicators."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, fill_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def completed_figure(page):
    item = page.locator(".app-figures__item").filter(has_text="Completed").first
    return int(item.locator(".app-figures__value").inner_text().split()[0])


def check_reported_beside_suggested(page):
    """As at 19 May 2006 each recommendation leads with the RAG the summary progress report gave it,
    with its actions' suggestion beside it, and the reason wherever the two differ."""
    table = page.get_by_role("region", name="Actions by recommendation").locator("table")
    expect(table.locator("thead th")).to_contain_text(["Recommendation", "RAG (reported, else suggested)",
                                                       "Suggested from the actions"])
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(17)
    for i in range(17):
        lead, beside = rows.nth(i).locator("td.app-dashboard-table__rag").all()
        reported = "Green" if i + 1 in (1, 4, 8) else "Amber"
        expect(lead.locator(".app-rag")).to_have_text(reported)
        expect(lead).to_contain_text("Summary progress report of 19 May 2006")
        suggested = beside.locator(".app-rag").inner_text()
        if suggested == reported:
            expect(beside).to_contain_text("Same as reported")
        else:
            expect(beside.locator(".app-rag-difference")).to_contain_text(
                f"Reported {reported} on 19 May 2006 (summary progress report); the actions suggest {suggested}: ")
    # Recommendation 1 as at the same day: its reported RAG, the suggestion and why, side by side.
    rows.first.locator("th").get_by_role("link").click()
    expect(page.get_by_role("heading", name="RAG as at 19 May 2006: reported and suggested")).to_be_visible()
    reported_row = page.locator(".govuk-summary-list__row").filter(has_text="Reported RAG")
    expect(reported_row).to_contain_text("Summary progress report of 19 May 2006: All milestones /actions now "
                                         "completed.")
    suggested = page.locator(".govuk-summary-list__row").filter(has_text="Suggested from the actions")
    why = page.locator(".govuk-summary-list__row").filter(has_text="Why they differ")
    expect(why).to_have_count(0 if suggested.locator(".app-rag").inner_text() == "Green" else 1)
    assert_accessible(page)
    page.go_back()


def test_director_moves_the_as_at_date_and_reads_changes_and_indicators(demo, page, login, live_server):
    login("director")
    page.goto(f"{live_server.url}/plans/herefordshire-jar-2006/")
    page.get_by_role("link", name="Dashboard: RAG, what is late, the plan as at any date").click()
    page.get_by_role("link", name="19 May 2006").first.click()
    expect(page.get_by_role("heading", name="Dashboard as at 19 May 2006")).to_be_visible()
    may = completed_figure(page)
    check_reported_beside_suggested(page)

    fill_date(page, "Show the plan as at", 1, 3, 2006)
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Dashboard as at 1 March 2006")).to_be_visible()
    march = completed_figure(page)
    assert march < may  # completions recorded between the two dates
    assert_accessible(page)

    # Every figure opens the actions behind it: the list is as long as the figure.
    page.locator(".app-figures__item").filter(has_text="Completed").first.get_by_role("link").click()
    expect(page.locator("main table tbody tr")).to_have_count(march)
    page.go_back()

    page.get_by_role("link", name="What changed since 1 March 2006").click()
    expect(page.get_by_role("heading", name="What changed from 1 March 2006")).to_be_visible()
    expect(page.get_by_text("Completed, as the progress note records").first).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/plans/herefordshire-jar-2006/indicators/")
    page.get_by_role("link", name="CH 143").first.click()
    chart = page.locator("svg[role=img]").first
    expect(chart).to_be_visible()
    assert "70" in chart.locator("desc").text_content()
    expect(page.locator("table").filter(has_text="70")).to_be_visible()
    assert_accessible(page)


def _figure(words: str) -> int:
    """The number a linked clause of the sentence states: "53 have had …", "Both are …", "It is …"."""
    first, second = (words.split() + [""])[:2]
    return {"It": 1, "Both": 2}.get(first) or int(second if first == "All" else first)


def test_director_reads_the_due_by_sentence_and_opens_its_figures(demo, page, login, live_server):
    """As at 13 July 2006, due by 30 June: the actions nobody reported on since they fell due are their own
    clause, not "delayed"; each linked figure opens a list as long as the figure, actions or recommendations."""
    login("director")
    page.goto(f"{live_server.url}/plans/herefordshire-jar-2006/dashboard/?as_at=2006-07-13")
    fill_date(page, "Count the activity due by", 30, 6, 2006)
    page.get_by_role("button", name="Count").click()
    sentence = page.locator("#due-by-sentence")
    expect(sentence).to_contain_text("There are")
    expect(sentence).to_contain_text("due by the end of June 2006")
    silent = sentence.get_by_role("link", name=re.compile(r"had no update since (it|they) fell due"))
    expect(silent).to_have_count(1)
    count = _figure(silent.inner_text())
    assert_accessible(page)
    split = page.locator(".app-red-split")
    expect(split).to_contain_text("reported delayed or late")
    expect(split).to_contain_text("no update received since they fell due")

    silent.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"no update since they fell due: {count} action")
    expect(page.locator("main table tbody tr")).to_have_count(count)
    expect(page.locator("main table tbody").get_by_text("No update received")).to_have_count(count)
    assert_accessible(page)
    page.go_back()

    page.get_by_label("Recommendations: each counted once, from its actions due by the date").check()
    page.get_by_label("Timescale to count").select_option(label="January – June 2006")
    page.get_by_role("button", name="Count").click()
    links = page.locator("#due-by-sentence a")
    first = links.nth(1)
    figure = _figure(first.inner_text())
    first.click()
    expect(page.locator("main table tbody tr")).to_have_count(figure)
    expect(page.get_by_role("heading", level=1)).to_contain_text(f": {figure} recommendation")
    assert_accessible(page)

    page.goto(f"{live_server.url}/actions/?update=no_update")
    expect(page.locator("main table tbody tr").first.get_by_text("No update received")).to_be_visible()
    assert_accessible(page)
