"""SVG charts: well-formed, titled for screen readers, marking over and under target, on an
axis that shows the differences that matter, with every label printed in full."""

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from render.charts import (
    OVER,
    UNDER,
    Axis,
    Bar,
    bar_chart,
    heat_map,
    line_chart,
    percent,
    share_axis,
    tick_label,
    wrap,
)

SVG = "{http://www.w3.org/2000/svg}"
SHARES = st.floats(min_value=0, max_value=1, allow_nan=False)
HIGH_SHARES = st.floats(min_value=0.90, max_value=0.97, allow_nan=False)


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text
    assert "style" not in svg and "<script" not in svg
    return root


def _texts(root: ET.Element) -> list[str]:
    """Each text element's whole text, its lines (tspans) joined by spaces."""
    return [" ".join(part for part in (t.text, *(s.text for s in t)) if part)
            for t in root.iter(f"{SVG}text")]


def _marks(root: ET.Element) -> list[ET.Element]:
    """The value marks of a bar chart: its bars, or its dots when the axis starts above 0."""
    return [e for e in root.iter() if e.tag in (f"{SVG}rect", f"{SVG}circle")]


def test_values_over_target_are_green_with_a_tick_and_under_are_red_with_a_cross():
    svg = bar_chart([Bar("Sở Tư pháp", 0.95, 0.9), Bar("Sở Xây dựng", 0.8, 0.85),
                     Bar("Sở Y tế", None, 0.9)], "Tỷ lệ hài lòng theo sở")
    root = _parse(svg)
    assert [mark.get("fill") for mark in _marks(root)] == [OVER, UNDER]
    texts = _texts(root)
    assert "95,0% ✓" in texts and "80,0% ✗" in texts and "—" in texts


def test_shares_spread_from_low_values_are_bars_from_zero():
    root = _parse(bar_chart([Bar("Rất hài lòng", 0.62), Bar("Không hài lòng", 0.04)], "Mức"))
    assert [m.tag for m in _marks(root)] == [f"{SVG}rect"] * 2
    assert "0%" in _texts(root)


def test_high_shares_are_dots_on_an_axis_that_does_not_start_at_zero():
    root = _parse(bar_chart([Bar("A", 0.93, 0.9), Bar("B", 0.96, 0.9)], "Tỷ lệ"))
    assert [m.tag for m in _marks(root)] == [f"{SVG}circle"] * 2
    texts = _texts(root)
    assert "0%" not in texts and "90%" in texts
    assert len(list(root.iter(f"{SVG}line"))) >= 2  # the target lines are drawn


def test_labels_are_escaped():
    root = _parse(bar_chart([Bar("<b>&", 0.5)], "x"))
    assert "<b>&" in _texts(root)


SITES = ["Trung tâm Phục vụ hành chính công tỉnh Bắc Ninh",
         "Trung tâm Phục vụ hành chính công phường Kinh Bắc",
         "Trung tâm Phục vụ hành chính công xã Tân Yên",
         "Văn phòng HĐND và UBND phường Kinh Bắc — bộ phận một cửa liên thông cấp xã"]


def test_every_label_is_printed_in_full_over_as_many_lines_as_it_needs():
    root = _parse(bar_chart([Bar(name, 0.92, 0.9) for name in SITES], "Theo cơ sở",
                            label_width=300))
    labels = [t for t in root.iter(f"{SVG}text") if t.get("class") == "label"]
    assert [" ".join(s.text for s in t) for t in labels] == SITES
    assert "…" not in "".join(_texts(root))
    assert max(len(list(t)) for t in labels) >= 2  # the longest wraps
    boxes = [float(r.get("cy")) for r in root.iter(f"{SVG}circle")]
    assert boxes == sorted(boxes) and len(set(boxes)) == len(SITES)  # rows do not overlap


@pytest.mark.parametrize("text, width, lines", [
    ("Sở Tư pháp", 40, ["Sở Tư pháp"]),
    ("Trung tâm Phục vụ hành chính công phường Kinh Bắc", 38,
     ["Trung tâm Phục vụ hành chính công", "phường Kinh Bắc"]),
    ("a bb ccc", 4, ["a bb", "ccc"]),
    ("Siêu-dài-không-có-khoảng-trắng ngắn", 10, ["Siêu-dài-không-có-khoảng-trắng", "ngắn"]),
    ("", 10, [""]),
])
def test_wrap_splits_at_spaces_and_never_cuts_a_word(text, width, lines):
    assert wrap(text, width) == lines


@given(st.lists(st.text(alphabet="ab ạ", min_size=0, max_size=30), min_size=1, max_size=5),
       st.integers(min_value=1, max_value=20))
def test_wrap_keeps_every_word_in_order(words, width):
    text = " ".join(words)
    lines = wrap(text, width)
    assert " ".join(lines).split() == text.split()
    assert all(len(line) <= width or " " not in line for line in lines)


@pytest.mark.parametrize("values, low, high", [
    ([0.91, 0.96, 0.9], 0.88, 0.98),        # the sites against a 90% target
    ([0.95, 0.8, 0.9, 0.85], 0.75, 1.0),
    ([1.0, 0.9], 0.85, 1.0),
    ([1.0], 0.94, 1.0),                      # against 100% the span grows downwards
    ([0.1, 0.6], 0.0, 0.8),                  # widely spread: from zero
    ([0.3, 0.05, 0.02], 0.0, 0.4),
    ([0.0], 0.0, 0.1),
    ([None, None], 0.0, 1.0),                # no data at all
    ([0.4999], 0.0, 0.6),
    ([0.5], 0.46, 0.52),
])
def test_the_axis_is_chosen_around_the_values(values, low, high):
    axis = share_axis(values)
    assert (axis.low, axis.high) == (low, high)
    assert axis.ticks[0] == low and axis.ticks[-1] == high


@given(st.lists(st.one_of(st.none(), SHARES), min_size=1, max_size=30),
       st.one_of(st.none(), SHARES))
def test_the_target_and_every_value_lie_inside_the_axis(values, target):
    axis = share_axis([*values, target])
    assert 0 <= axis.low < axis.high <= 1
    for value in [*values, target]:
        if value is not None:
            assert axis.low <= value <= axis.high
            assert 0 <= axis.position(value) <= 1
    assert list(axis.ticks) == sorted(set(axis.ticks)) and 2 <= len(axis.ticks) <= 8
    assert axis.ticks[0] == axis.low and axis.ticks[-1] == axis.high


@given(st.lists(HIGH_SHARES, min_size=1, max_size=30), HIGH_SHARES)
def test_shares_all_in_90_to_97_are_not_flattened_on_0_to_100(values, target):
    axis = share_axis([*values, target])
    assert axis.low > 0 and (axis.low, axis.high) != (0, 1)
    assert axis.high - axis.low <= 0.2  # a point of difference is at least 1/20 of the plot


@given(st.lists(st.one_of(st.none(), SHARES), min_size=1, max_size=12),
       st.one_of(st.none(), SHARES))
def test_every_drawn_value_and_the_target_line_sit_inside_the_plot(values, target):
    bars = [Bar(f"Đơn vị {i}", v, target) for i, v in enumerate(values)]
    root = _parse(bar_chart(bars, "x", label_width=300))
    plot_end = 720 - 90
    for mark in _marks(root):
        x = float(mark.get("cx") or mark.get("x"))
        end = x if mark.get("cx") else x + float(mark.get("width"))
        assert x >= 300 - 1e-6 and end <= plot_end + 0.1
    for line in root.iter(f"{SVG}line"):
        if line.get("class") == "target":
            assert 300 <= float(line.get("x1")) <= plot_end + 0.1


def test_a_line_chart_breaks_where_a_month_has_no_data():
    svg = line_chart([("01", 0.9), ("02", 0.92), ("03", None), ("04", 0.88), ("05", 0.95)],
                     "Xu hướng 12 tháng", target=0.9)
    root = _parse(svg)
    assert len(list(root.iter(f"{SVG}polyline"))) == 2
    assert len(list(root.iter(f"{SVG}circle"))) == 4


@given(st.lists(st.one_of(st.none(), SHARES), min_size=1, max_size=12),
       st.one_of(st.none(), SHARES))
def test_a_line_chart_draws_every_month_and_the_target_inside_the_plot(values, target):
    root = _parse(line_chart([(f"{i:02d}", v) for i, v in enumerate(values)], "x", target))
    top, bottom = 16, 216
    ys = [float(c.get("cy")) for c in root.iter(f"{SVG}circle")]
    ys += [float(line.get("y1")) for line in root.iter(f"{SVG}line")
           if line.get("class") == "target"]
    assert len(ys) == sum(v is not None for v in values) + (target is not None)
    assert all(top - 0.1 <= y <= bottom + 0.1 for y in ys)


def test_a_line_chart_of_high_shares_spreads_them_over_the_plot():
    root = _parse(line_chart([("10", 0.91), ("11", 0.96)], "x", target=0.9))
    first, second = (float(c.get("cy")) for c in root.iter(f"{SVG}circle"))
    assert first - second > 80  # five points apart is most of the 200-unit plot
    ticks = [t for t in _texts(root) if re.fullmatch(r"[\d,]+%", t)]
    assert "0%" not in ticks and "90%" in ticks


def test_an_axis_places_values_linearly():
    axis = Axis(0.8, 1.0, (0.8, 0.9, 1.0))
    assert axis.position(0.9) == pytest.approx(0.5) and not axis.from_zero


def test_a_heat_map_writes_every_count_in_its_cell():
    counts = [[0, 5, 10], [3, 0, 1]]
    root = _parse(heat_map(["Thứ 2", "Thứ 3"], ["7h", "8h", "9h"], counts, "Theo giờ"))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert all(str(c) in texts for row in counts for c in row)
    assert len(list(root.iter(f"{SVG}rect"))) == 6


@pytest.mark.parametrize("value, text", [(None, "—"), (0.9167, "91,7%"), (1, "100,0%")])
def test_percent_is_written_the_vietnamese_way(value, text):
    assert percent(value) == text


@pytest.mark.parametrize("value, text", [(0.9, "90%"), (0.925, "92,5%"), (0, "0%")])
def test_ticks_drop_a_needless_decimal(value, text):
    assert tick_label(value) == text
