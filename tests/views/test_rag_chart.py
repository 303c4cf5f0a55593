"""The RAG-at-each-reporting-day chart: stacked bars with their counts, an image with a text alternative."""

import xml.etree.ElementTree as ET

from actionplan.rag_chart import Bar, rag_rounds_svg

SVG = "{http://www.w3.org/2000/svg}"
BARS = [
    Bar("19 May 06", [("red", "Red", 39), ("amber", "Amber", 69), ("green", "Green", 68)]),
    Bar("13 Jul 06", [("red", "Red", 64), ("amber", "Amber", 0), ("green", "Green", 8)]),
]


def test_each_day_is_a_bar_of_its_rag_counts_read_out_in_the_description():
    root = ET.fromstring(rag_rounds_svg(chart_id="rounds-jar", title="JAR <plan> & more", bars=BARS))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "rounds-jar-title rounds-jar-desc"
    assert root.find(f"{SVG}title").text == "JAR <plan> & more"
    desc = root.find(f"{SVG}desc").text
    assert "19 May 06: Red 39, Amber 69, Green 68." in desc
    assert "13 Jul 06: Red 64, Amber 0, Green 8." in desc
    segments = [r.find(f"{SVG}title").text for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert segments == ["19 May 06: Red 39", "19 May 06: Amber 69", "19 May 06: Green 68", "13 Jul 06: Red 64",
                        "13 Jul 06: Green 8"]  # an empty segment is not drawn
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"Red", "Amber", "Green", "176", "72", "19 May 06", "13 Jul 06"} <= set(texts)


def test_taller_bars_for_more_actions_and_counts_printed_where_they_fit():
    root = ET.fromstring(rag_rounds_svg(chart_id="c", title="t", bars=BARS))
    heights = {r.find(f"{SVG}title").text: float(r.get("height")) for r in root.iter(f"{SVG}rect")
               if r.find(f"{SVG}title") is not None}
    assert heights["19 May 06: Amber 69"] > heights["19 May 06: Red 39"] > heights["13 Jul 06: Green 8"]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "69" in texts
    assert "8" not in texts  # too thin to hold its number: the tooltip, the description and the table carry it


def test_nothing_to_count_says_so():
    svg = rag_rounds_svg(chart_id="c", title="t", bars=[Bar("1 Mar 06", [("red", "Red", 0)])])
    assert "No actions to count yet" in svg
