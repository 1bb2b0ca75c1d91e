"""A weekly stacked bar chart as inline SVG: no JavaScript, no external resources.

Built with `xml.etree.ElementTree`, so every label and tooltip is escaped by the XML writer.
Colours are SVG presentation attributes (not `style=`), so the report's Content-Security-Policy
needs no inline-style allowance for the chart.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

SVG_NS = "http://www.w3.org/2000/svg"

# One colour per classifier label (colour-blind friendly, Okabe-Ito), in reading order:
# the labels that change a show's status first.
LABEL_COLOURS: dict[str, str] = {
    "renewal": "#D55E00",
    "new_project": "#E69F00",
    "rumor": "#CC79A7",
    "ended": "#0072B2",
    "mention": "#009E73",
    "unrelated": "#999999",
}
FALLBACK_COLOUR = "#555555"

# Geometry (SVG user units).
WIDTH = 760
PLOT_HEIGHT = 200
MARGIN_LEFT = 40
MARGIN_TOP = 10
AXIS_HEIGHT = 40
LEGEND_ROW = 18
BAR_GAP = 0.25  # fraction of a week slot left empty


def _el(parent: ET.Element, tag: str, **attrs: object) -> ET.Element:
    return ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): str(v)
                                       for k, v in attrs.items()})


def label_order(labels: Sequence[str]) -> list[str]:
    """Known labels in their fixed order, then any others alphabetically."""
    known = [label for label in LABEL_COLOURS if label in labels]
    return known + sorted(set(labels) - set(LABEL_COLOURS))


def _nice_max(value: int) -> int:
    """A round axis maximum at or above `value`."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if value <= step * 4:
            return -(-value // step) * step if value else step
    return value


def weekly_bar_chart(weeks: Sequence[dt.date], series: Mapping[str, Sequence[int]],
                     *, title: str = "Mentions per week by label") -> str:
    """An SVG document (as a string) of stacked bars: one column per week, one bar per label.

    `series[label][i]` is the count for `weeks[i]`. Only non-zero counts get a bar, so the
    number of `rect.bar` elements equals the number of non-zero (week, label) cells. Each bar
    carries a `<title>` tooltip and `data-week` / `data-label` / `data-count` attributes.
    """
    labels = label_order([label for label, counts in series.items() if any(counts)])
    legend_rows = max(1, -(-len(labels) // 4))
    height = MARGIN_TOP + PLOT_HEIGHT + AXIS_HEIGHT + legend_rows * LEGEND_ROW
    svg = ET.Element("svg", {
        "xmlns": SVG_NS, "width": str(WIDTH), "height": str(height),
        "viewBox": f"0 0 {WIDTH} {height}", "role": "img", "class": "chart"})
    ET.SubElement(svg, "title").text = title
    totals = [sum(series.get(label, [0] * len(weeks))[i] for label in labels)
              for i in range(len(weeks))]
    top = _nice_max(max(totals, default=0))
    plot_w = WIDTH - MARGIN_LEFT - 10
    slot = plot_w / max(len(weeks), 1)
    base_y = MARGIN_TOP + PLOT_HEIGHT
    _axes(svg, top, base_y)
    for i, week in enumerate(weeks):
        x = MARGIN_LEFT + i * slot + slot * BAR_GAP / 2
        y = base_y
        for label in labels:
            count = series[label][i] if i < len(series[label]) else 0
            if count <= 0:
                continue
            h = PLOT_HEIGHT * count / top
            y -= h
            bar = _el(svg, "rect", class_="bar", x=f"{x:.1f}", y=f"{y:.1f}",
                      width=f"{slot * (1 - BAR_GAP):.1f}", height=f"{h:.1f}",
                      fill=LABEL_COLOURS.get(label, FALLBACK_COLOUR),
                      data_week=week.isoformat(), data_label=label, data_count=count)
            ET.SubElement(bar, "title").text = (
                f"week of {week.isoformat()}: {count} {label}")
        _week_tick(svg, i, len(weeks), week, MARGIN_LEFT + i * slot + slot / 2, base_y)
    _legend(svg, labels, base_y + AXIS_HEIGHT)
    return ET.tostring(svg, encoding="unicode")


def _axes(svg: ET.Element, top: int, base_y: float) -> None:
    _el(svg, "line", x1=MARGIN_LEFT, y1=base_y, x2=WIDTH - 10, y2=base_y,
        stroke="#333")
    for value in (0, top // 2, top):
        y = base_y - PLOT_HEIGHT * value / top
        _el(svg, "line", x1=MARGIN_LEFT - 4, y1=f"{y:.1f}", x2=WIDTH - 10,
            y2=f"{y:.1f}", stroke="#ddd")
        _el(svg, "text", x=MARGIN_LEFT - 6, y=f"{y + 4:.1f}", text_anchor="end",
            font_size=11, fill="#333").text = str(value)


def _week_tick(svg: ET.Element, i: int, n: int, week: dt.date, x: float, base_y: float) -> None:
    # Label about eight weeks across the axis so dates never overlap.
    every = max(1, -(-n // 8))
    if i % every and i != n - 1:
        return
    _el(svg, "text", x=f"{x:.1f}", y=f"{base_y + 16:.1f}", text_anchor="middle",
        font_size=11, fill="#333", class_="tick").text = week.strftime("%b %d")


def _legend(svg: ET.Element, labels: Sequence[str], y0: float) -> None:
    for n, label in enumerate(labels):
        x = MARGIN_LEFT + (n % 4) * 170
        y = y0 + (n // 4) * LEGEND_ROW - 12
        _el(svg, "rect", class_="legend", x=x, y=f"{y:.1f}", width=12, height=12,
            fill=LABEL_COLOURS.get(label, FALLBACK_COLOUR))
        _el(svg, "text", x=x + 16, y=f"{y + 10:.1f}", font_size=12,
            fill="#333").text = label.replace("_", " ")
