"""The server-side SVG trend chart: an image with a text alternative, one point per value."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from actionplan.charts import ChartPoint, format_figure, format_number, trend_chart_svg

SVG = "{http://www.w3.org/2000/svg}"
POINTS = [
    ChartPoint("Q1 2006/07", Decimal("62.00"), Decimal("75")),
    ChartPoint("Q2 2006/07", None, Decimal("75")),
    ChartPoint("Q3 2006/07", Decimal("65.5"), Decimal("75")),
    ChartPoint("Q4 2006/07", Decimal("71"), None),
]


def _chart(**kwargs):
    svg = trend_chart_svg(chart_id="ch-12", title="CH 12 <conferences> & reviews", points=POINTS, unit="%", **kwargs)
    return svg, ET.fromstring(svg)


def test_it_is_an_image_named_by_its_title_and_description():
    svg, root = _chart()
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "ch-12-title ch-12-desc"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.get("id") == "ch-12-title"
    assert title.text == "CH 12 <conferences> & reviews"
    assert desc.get("id") == "ch-12-desc"
    assert "Q1 2006/07 62%" in desc.text
    assert "Q3 2006/07 65.5%" in desc.text
    assert "Targets:" in desc.text
    assert "Higher is better." in desc.text


def test_it_draws_one_point_per_value_and_one_marker_per_target():
    _, root = _chart()
    circles = root.findall(f".//{SVG}g[@class='app-chart__values']/{SVG}circle")
    squares = root.findall(f".//{SVG}g[@class='app-chart__targets']/{SVG}rect")
    assert len(circles) == 3  # Q2 has no value
    assert len(squares) == 3  # Q4 has no target
    assert [c.find(f"{SVG}title").text for c in circles] == ["Q1 2006/07: 62%", "Q3 2006/07: 65.5%", "Q4 2006/07: 71%"]


def test_it_uses_presentation_attributes_only_so_the_csp_and_weasyprint_accept_it():
    svg, root = _chart()
    assert "style=" not in svg
    assert "<style" not in svg
    assert "class=\"app-chart\"" in svg
    assert root.get("font-family")
    assert root.get("viewBox") == "0 0 640 300"
    assert "stroke-dasharray" in svg  # targets dashed, so colour is not the only difference


def test_higher_values_sit_higher_on_the_chart():
    _, root = _chart()
    circles = root.findall(f".//{SVG}g[@class='app-chart__values']/{SVG}circle")
    ys = [float(c.get("cy")) for c in circles]
    assert ys[0] > ys[1] > ys[2]  # 62 < 65.5 < 71, and SVG y grows downwards


def test_an_empty_indicator_says_so():
    svg = trend_chart_svg(chart_id="x", title="CH 01", points=[ChartPoint("2006/07")])
    root = ET.fromstring(svg)
    assert "no values have been recorded yet" in root.find(f"{SVG}desc").text
    assert "No values recorded yet" in svg
    assert root.findall(f".//{SVG}circle") == []


def test_many_periods_keep_their_labels_readable():
    points = [ChartPoint(f"Month {i}", i, 10) for i in range(30)]
    root = ET.fromstring(trend_chart_svg(chart_id="m", title="Monthly", points=points, higher_is_better=False))
    assert len(root.findall(f".//{SVG}g[@class='app-chart__values']/{SVG}circle")) == 30
    labels = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text.startswith("Month")]
    assert 10 <= len(labels) < 30


def test_numbers_are_written_as_people_write_them():
    assert format_number(Decimal("65.00")) == "65"
    assert format_number(Decimal("12.50")) == "12.5"
    assert format_number(1234) == "1,234"
    assert format_figure(Decimal("7.10"), "per 10,000 under 18") == "7.1 per 10,000 under 18"
    assert format_figure(None, "%") == "no figure"


def _polylines(root):
    """Each drawn line as (dashed?, [(x, y), ...])."""
    return [
        (
            line.get("stroke-dasharray") is not None,
            [tuple(map(float, p.split(","))) for p in line.get("points").split()],
        )
        for line in root.iter(f"{SVG}polyline")
    ]


def _y_labels(root):
    return [t.text for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "end" and t.get("x") == "56"]


def test_a_period_without_a_figure_breaks_the_line():
    points = [
        ChartPoint("2004/05", 5), ChartPoint("2005/06", None, 6), ChartPoint("2006/07", 7, 6), ChartPoint("2007/08"),
        ChartPoint("2008/09", 9.5), ChartPoint("2009/10", 10, 8), ChartPoint("2010/11", 11),
    ]
    root = ET.fromstring(trend_chart_svg(chart_id="g", title="Gaps", points=points, unit="per 10,000 under 18"))
    lines = _polylines(root)
    # Targets 2005/06-2006/07 joined; values only 2008/09-2010/11 (lone points are just circles).
    assert [(dashed, len(coords)) for dashed, coords in lines] == [(True, 2), (False, 3)]
    assert lines[1][1] == [(424, 90.1), (504, 82.4), (584, 67)]
    assert len(root.findall(f".//{SVG}g[@class='app-chart__values']/{SVG}circle")) == 5
    assert _y_labels(root) == ["0", "2.5", "5", "7.5", "10", "12.5"]
    assert any(t.text == "Unit: per 10,000 under 18" for t in root.iter(f"{SVG}text"))


def test_targets_alone_are_drawn_dashed_with_no_value_points():
    points = [ChartPoint("A", None, 3), ChartPoint("B", None, 4), ChartPoint("C", None, 5)]
    svg = trend_chart_svg(chart_id="t", title="Targets", points=points)
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}desc").text == "Targets: no values have been recorded yet."
    assert _polylines(root) == [(True, [(157.3, 120.8), (344, 82.4), (530.7, 44)])]
    assert root.findall(f".//{SVG}g[@class='app-chart__values']/*") == []
    assert "Unit:" not in svg


def test_negative_and_decimal_figures_sit_either_side_of_zero_and_lower_can_be_better():
    points = [
        ChartPoint("A very long period label indeed", Decimal("-3.25"), Decimal("-1.5")),
        ChartPoint("B", Decimal("0.125"), Decimal("0")),
        ChartPoint("C", Decimal("-12.75")),
        ChartPoint("D", Decimal("2.5"), Decimal("-0.5")),
    ]
    svg = trend_chart_svg(chart_id="n", title="Neg", points=points, unit="days", higher_is_better=False)
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}desc").text.endswith("Lower is better.")
    assert _y_labels(root) == ["-15", "-10", "-5", "0", "5"]
    circles = root.findall(f".//{SVG}g[@class='app-chart__values']/{SVG}circle")
    assert [float(c.get("cy")) for c in circles] == [123.2, 90.8, 214.4, 68]  # zero is at y=92
    assert [c.find(f"{SVG}title").text for c in circles][2] == "C: -12.75 days"
    assert "A very long per…" in svg  # long period labels are shortened on the axis, not in tooltips
    assert [(dashed, len(coords)) for dashed, coords in _polylines(root)] == [(True, 2), (False, 4)]
