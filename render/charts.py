"""Server-rendered SVG charts: no script, no inline style (CSP), a title for screen readers.

Each chart is drawn from plain values; the page that shows it also prints the same values as a
table, which is what a screen reader reads.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from render.document import nfc

OVER = "#1b7a3a"
UNDER = "#b3261e"
NEUTRAL = "#2f5d9a"
INK = "#1a1a1a"
GRID = "#c8c8c8"


@dataclass(frozen=True)
class Bar:
    """One bar: a label, a share 0–1 (None when there is no data) and the target it must reach."""

    label: str
    value: float | None
    target: float | None = None
    note: str = ""


def _svg(width: float, height: float, title: str, body: list[str]) -> str:
    label = escape(nfc(title))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'role="img" aria-label={quoteattr(nfc(title))} class="chart">'
        f"<title>{label}</title>{''.join(body)}</svg>"
    )


def _text(x, y, text, anchor="start", size=13, fill=INK, weight="normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" '
            f'text-anchor="{anchor}" font-weight="{weight}">{escape(nfc(text))}</text>')


def percent(value: float | None) -> str:
    """Return a share as a Vietnamese-style percentage, e.g. 91,7%."""
    return "—" if value is None else f"{value * 100:.1f}%".replace(".", ",")


def tick_label(value: float) -> str:
    """Return an axis tick as a percentage without a needless decimal: 90%, 92,5%."""
    return percent(value).replace(",0%", "%")


#: Tick steps an axis may use, in thousandths (1% … 20%).
STEPS = (10, 20, 50, 100, 200)
#: The narrowest span an axis shows, in thousandths (5%), and from zero (10%).
NARROWEST, NARROWEST_FROM_ZERO = 50, 100
#: Shares at or above this share of the smallest value keep a zero baseline below it.
ZERO_BASELINE_UNDER = 0.5


@dataclass(frozen=True)
class Axis:
    """The span of shares a chart shows (0–1) and its ticks, low first."""

    low: float
    high: float
    ticks: tuple[float, ...]

    @property
    def from_zero(self) -> bool:
        return self.low == 0

    def position(self, value: float) -> float:
        """Return where ``value`` sits along the axis, 0 at ``low`` and 1 at ``high``."""
        return (value - self.low) / (self.high - self.low)


def share_axis(values: Sequence[float | None], most_ticks: int = 6) -> Axis:
    """Return an axis that holds every value (targets included) and shows how they differ.

    Shares that all lie high up (91–96%, say) get an axis around them (88–98%), so the
    differences that decide a grade are not flattened against 0–100%. When the smallest share
    is under 50% the axis starts at zero, since the values differ widely anyway. The axis
    is computed in thousandths so its ends are exact.
    """
    known = [min(max(v, 0.0), 1.0) for v in values if v is not None]
    if not known:
        return Axis(0.0, 1.0, (0.0, 0.5, 1.0))
    lowest, highest = math.floor(min(known) * 1000), math.ceil(max(known) * 1000)
    span = max(highest - lowest, NARROWEST)
    pad = math.ceil(span / 10)
    step = next((s for s in STEPS if (span + 2 * pad) / s <= most_ticks - 1), STEPS[-1])
    low = 0 if min(known) < ZERO_BASELINE_UNDER else max(0, (lowest - pad) // step * step)
    high = min(1000, -(-(highest + pad) // step) * step)
    if high - low < NARROWEST:  # against 100%, the span grows downwards
        low = max(0, (high - NARROWEST) // step * step)
    if low == 0:  # from zero, a coarser step keeps the ticks few
        high = max(high, NARROWEST_FROM_ZERO)
        step = next(s for s in STEPS if high / s <= most_ticks - 1)
        high = min(1000, -(-high // step) * step)
    ticks = tuple(t / 1000 for t in range(low, high + 1, step))
    if ticks[-1] != high / 1000:
        ticks += (high / 1000,)
    return Axis(low / 1000, high / 1000, ticks)


def wrap(text: str, width: int) -> list[str]:
    """Split a label into lines of at most ``width`` characters at spaces, never cutting a
    word (a longer word gets a line of its own)."""
    lines: list[str] = []
    for word in nfc(text).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _label(x, y, lines: list[str], size=13, line_height=16) -> str:
    """A right-aligned label of one or more lines, the first line's baseline at ``y``."""
    spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if i == 0 else line_height}">'
                    f"{escape(line)}</tspan>" for i, line in enumerate(lines))
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{INK}" '
            f'text-anchor="end" class="label">{spans}</text>')


def bar_chart(bars: Sequence[Bar], title: str, label_width: float = 220) -> str:
    """Return horizontal bars with each target marked; over target green, under red.

    Labels are printed in full, wrapped over as many lines as they need. The axis is chosen
    by ``share_axis``: from zero the values are bars; when it starts higher (all shares high
    up) each value is a dot on a line from the axis start, since a bar's length would then
    mislead. The mark beside each value (✓ or ✗) says over or under in shape as well as colour.
    """
    width, size, line_height = 720, 13, 16
    plot = width - label_width - 90
    axis = share_axis([b.value for b in bars] + [b.target for b in bars])
    chars = max(8, int(label_width / (size * 0.6)))
    body = [_text(label_width + plot * axis.position(t), 14, tick_label(t), "middle", 11)
            for t in axis.ticks]
    y = 24
    rows = []
    for bar in bars:
        lines = wrap(bar.label, chars)
        row = max(28, len(lines) * line_height + 12)
        rows.append((bar, lines, y, row))
        y += row
    for t in axis.ticks:
        x = label_width + plot * axis.position(t)
        body.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="20" y2="{y:.1f}" stroke="{GRID}"/>')
    for bar, lines, top, row in rows:
        middle = top + row / 2
        body.append(_label(label_width - 8, middle + 4 - (len(lines) - 1) * line_height / 2,
                           lines, size, line_height))
        if bar.value is None:
            body.append(_text(label_width + 4, middle + 4, "—", size=12))
            continue
        met = bar.target is None or bar.value >= bar.target
        colour = NEUTRAL if bar.target is None else (OVER if met else UNDER)
        end = label_width + plot * axis.position(bar.value)
        if axis.from_zero:
            body.append(f'<rect x="{label_width}" y="{middle - 9:.1f}" '
                        f'width="{end - label_width:.1f}" height="18" fill="{colour}"/>')
        else:
            body.append(f'<line x1="{label_width}" x2="{end:.1f}" y1="{middle:.1f}" '
                        f'y2="{middle:.1f}" stroke="{GRID}" stroke-width="2"/>'
                        f'<circle cx="{end:.1f}" cy="{middle:.1f}" r="7" fill="{colour}"/>')
        if bar.target is not None:
            x = label_width + plot * axis.position(bar.target)
            body.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top + 2:.1f}" '
                        f'y2="{top + row - 2:.1f}" stroke="{INK}" stroke-width="2" '
                        f'stroke-dasharray="4 2" class="target"/>')
        mark = "" if bar.target is None else (" ✓" if met else " ✗")
        body.append(_text(label_width + plot + 14, middle + 4, percent(bar.value) + mark,
                          size=12))
    return _svg(width, y + 6, title, body)


def line_chart(points: Sequence[tuple[str, float | None]], title: str,
               target: float | None = None) -> str:
    """Return a line of shares over labelled steps, gaps where a value is None, the target
    a dashed red line; the axis (``share_axis``) holds every value and the target."""
    width, height, left, top, plot_h = 720, 260, 52, 16, 200
    axis = share_axis([v for _label, v in points] + [target])
    step = (width - left - 20) / max(1, len(points) - 1)
    y_of = lambda v: top + plot_h * (1 - axis.position(v))  # noqa: E731 - a one-line scale
    body = [f'<line x1="{left}" x2="{width - 20}" y1="{y_of(t):.1f}" y2="{y_of(t):.1f}" '
            f'stroke="{GRID}"/>' + _text(left - 6, y_of(t) + 4, tick_label(t), "end", 11)
            for t in axis.ticks]
    if target is not None:
        body.append(f'<line x1="{left}" x2="{width - 20}" y1="{y_of(target):.1f}" '
                    f'y2="{y_of(target):.1f}" stroke="{UNDER}" stroke-width="2" '
                    f'stroke-dasharray="6 3" class="target"/>')
    segment: list[str] = []
    for index, (label, value) in enumerate(points):
        x = left + index * step
        body.append(_text(x, height - 8, label, "middle", 11))
        if value is None:
            body.append(_polyline(segment))
            segment = []
            continue
        segment.append(f"{x:.1f},{y_of(value):.1f}")
        body.append(f'<circle cx="{x:.1f}" cy="{y_of(value):.1f}" r="4" fill="{NEUTRAL}"/>')
    body.append(_polyline(segment))
    return _svg(width, height, title, body)


def _polyline(points: list[str]) -> str:
    if len(points) < 2:
        return ""
    return (f'<polyline points="{" ".join(points)}" fill="none" stroke="{NEUTRAL}" '
            f'stroke-width="2.5"/>')


def heat_map(rows: Sequence[str], columns: Sequence[str], counts: Sequence[Sequence[int]],
             title: str) -> str:
    """Return a grid of cells shaded by count (darker = more), each count written in its cell."""
    cell_w, cell_h, left, top = 44, 26, 70, 22
    peak = max((c for row in counts for c in row), default=0) or 1
    body = [_text(left + j * cell_w + cell_w / 2, 15, name, "middle", 11)
            for j, name in enumerate(columns)]
    for i, name in enumerate(rows):
        y = top + i * cell_h
        body.append(_text(left - 6, y + 17, name, "end", 12))
        for j, count in enumerate(counts[i]):
            share = count / peak
            shade = f"#{int(255 - 200 * share):02x}{int(255 - 140 * share):02x}ff"
            ink = "#ffffff" if share > 0.6 else INK
            x = left + j * cell_w
            body.append(f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" '
                        f'fill="{shade}"/>' + _text(x + cell_w / 2 - 1, y + 17, str(count),
                                                     "middle", 11, ink))
    return _svg(left + len(columns) * cell_w + 10, top + len(rows) * cell_h + 6, title, body)
