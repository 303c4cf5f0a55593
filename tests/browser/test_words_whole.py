"""Tables laid out as a grid (a laptop's width) never break a word across lines: a director reads
"Completed" and "December", not "Compl eted" and "Decemb er". A word broken mid-word is a word whose
letters are drawn on more than one line (a line may still end after a hyphen, a comma or a slash, where
words are joined: "high-" / "performing" is how print breaks it too)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1280, "height": 900}

# Each word of each cell of the page's tables, with the number of lines its letters are drawn on.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('main td, main th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/[\\p{L}\\p{N}]+/gu)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("path", [
    "/actions/?plan=herefordshire-jar-2006&sort=-last_update",
    "/actions/?plan=herefordshire-jar-2006&status=delayed&status=in_progress",
])
def test_no_word_in_the_action_list_is_broken_across_lines_at_a_laptops_width(demo, browser, live_server, login,
                                                                               path):
    page = login("director", browser.new_context(viewport=LAPTOP).new_page())
    page.goto(f"{live_server.url}{path}")
    assert page.locator("main td").count() > 0
    assert page.evaluate(BROKEN_WORDS) == []
