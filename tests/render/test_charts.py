"""SVG charts: well-formed, titled for screen readers, marking over and under target."""

import xml.etree.ElementTree as ET

import pytest

from render.charts import OVER, UNDER, Bar, bar_chart, heat_map, line_chart, percent

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text
    assert "style" not in svg and "<script" not in svg
    return root


def test_bars_over_target_are_green_with_a_tick_and_under_are_red_with_a_cross():
    svg = bar_chart([Bar("Sở Tư pháp", 0.95, 0.9), Bar("Sở Xây dựng", 0.8, 0.85),
                     Bar("Sở Y tế", None, 0.9)], "Tỷ lệ hài lòng theo sở")
    root = _parse(svg)
    fills = [rect.get("fill") for rect in root.iter(f"{SVG}rect")]
    assert fills == [OVER, UNDER]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "95,0% ✓" in texts and "80,0% ✗" in texts and "—" in texts


def test_labels_are_escaped():
    root = _parse(bar_chart([Bar("<b>&", 0.5)], "x"))
    assert "<b>&" in [t.text for t in root.iter(f"{SVG}text")]


def test_a_line_chart_breaks_where_a_month_has_no_data():
    svg = line_chart([("01", 0.9), ("02", 0.92), ("03", None), ("04", 0.88), ("05", 0.95)],
                     "Xu hướng 12 tháng", target=0.9)
    root = _parse(svg)
    assert len(list(root.iter(f"{SVG}polyline"))) == 2
    assert len(list(root.iter(f"{SVG}circle"))) == 4


def test_a_heat_map_writes_every_count_in_its_cell():
    counts = [[0, 5, 10], [3, 0, 1]]
    root = _parse(heat_map(["Thứ 2", "Thứ 3"], ["7h", "8h", "9h"], counts, "Theo giờ"))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert all(str(c) in texts for row in counts for c in row)
    assert len(list(root.iter(f"{SVG}rect"))) == 6


@pytest.mark.parametrize("value, text", [(None, "—"), (0.9167, "91,7%"), (1, "100,0%")])
def test_percent_is_written_the_vietnamese_way(value, text):
    assert percent(value) == text
