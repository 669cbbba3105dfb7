"""Small bar charts as inline SVG, drawn on the server: no script, no CDN, and they print."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Bar:
    """One bar: its axis label, its value and an optional marker (e.g. a flagged item)."""

    label: str
    value: float
    flagged: bool = False


def bar_chart(
    title: str,
    bars: list[Bar],
    *,
    chart_id: str = "chart",
    max_value: float | None = None,
    value_format: str = "{:.0f}",
    width: int = 640,
    bar_height: int = 22,
    label_width: int = 170,
) -> str:
    """A horizontal bar chart with a title and values printed beside the bars (SVG markup).

    ``chart_id`` must be unique on the page: screen readers name the chart by its title's id.
    """
    title_id = escape(f"{chart_id}-title")
    top = max_value if max_value is not None else max((bar.value for bar in bars), default=0) or 1
    plot = width - label_width - 60
    height = 34 + bar_height * len(bars) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" aria-labelledby="{title_id}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<text x="0" y="18" class="chart-title" font-size="15" font-weight="bold" fill="#1a1a1a">{escape(title)}</text>',
    ]
    for index, bar in enumerate(bars):
        y = 30 + index * bar_height
        length = 0 if top == 0 else max(0.0, min(1.0, bar.value / top)) * plot
        fill = "#b3261e" if bar.flagged else "#1f5f99"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height * 0.68:.1f}" text-anchor="end" font-size="12" fill="#1a1a1a">'
            f"{escape(bar.label)}</text>"
        )
        parts.append(
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{bar_height - 6}" fill="{fill}" '
            f'stroke="#1a1a1a" stroke-width="0.5"/>'
        )
        marker = " \u26a0" if bar.flagged else ""
        parts.append(
            f'<text x="{label_width + length + 5:.1f}" y="{y + bar_height * 0.68:.1f}" font-size="12" fill="#1a1a1a">'
            f"{escape(value_format.format(bar.value))}{marker}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
