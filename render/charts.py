"""Server-rendered SVG charts: no script, no inline style (CSP), a title for screen readers.

Each chart is drawn from plain values; the page that shows it also prints the same values as a
table, which is what a screen reader reads.
"""

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


def bar_chart(bars: Sequence[Bar], title: str, label_width: float = 220) -> str:
    """Return horizontal bars 0–100% with each target marked; over target green, under red.

    The mark beside each bar (✓ or ✗) says over or under in shape as well as colour.
    """
    row, width = 28, 720
    plot = width - label_width - 90
    body = [_text(label_width + plot * f, 14, f"{int(f * 100)}%", "middle", 11)
            for f in (0, 0.5, 1)]
    for index, bar in enumerate(bars):
        y = 24 + index * row
        body.append(_text(label_width - 8, y + 16, bar.label, "end"))
        if bar.value is None:
            body.append(_text(label_width + 4, y + 16, "—", size=12))
            continue
        met = bar.target is None or bar.value >= bar.target
        colour = NEUTRAL if bar.target is None else (OVER if met else UNDER)
        body.append(f'<rect x="{label_width}" y="{y + 4}" width="{plot * min(bar.value, 1):.1f}" '
                    f'height="{row - 10}" fill="{colour}"/>')
        if bar.target is not None:
            x = label_width + plot * bar.target
            body.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y}" y2="{y + row - 2}" '
                        f'stroke="{INK}" stroke-width="2" stroke-dasharray="4 2"/>')
        mark = "" if bar.target is None else (" ✓" if met else " ✗")
        body.append(_text(label_width + plot + 8, y + 16, percent(bar.value) + mark, size=12))
    return _svg(width, 30 + len(bars) * row, title, body)


def line_chart(points: Sequence[tuple[str, float | None]], title: str,
               target: float | None = None) -> str:
    """Return a line of shares (0–100%) over labelled steps, gaps where a value is None."""
    width, height, left, top, plot_h = 720, 260, 48, 16, 200
    step = (width - left - 20) / max(1, len(points) - 1)
    y_of = lambda v: top + plot_h * (1 - v)  # noqa: E731 - a one-line scale
    body = [f'<line x1="{left}" x2="{width - 20}" y1="{y_of(f):.1f}" y2="{y_of(f):.1f}" '
            f'stroke="{GRID}"/>' + _text(left - 6, y_of(f) + 4, f"{int(f * 100)}%", "end", 11)
            for f in (0, 0.5, 1)]
    if target is not None:
        body.append(f'<line x1="{left}" x2="{width - 20}" y1="{y_of(target):.1f}" '
                    f'y2="{y_of(target):.1f}" stroke="{UNDER}" stroke-dasharray="6 3"/>')
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
