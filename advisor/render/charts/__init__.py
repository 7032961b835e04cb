"""Cost charts as SVG: the break-even chart and the cost breakdown.

Drawn directly as SVG (advisor/render/svg_canvas.py) in the look they had under
matplotlib: text is DejaVu Sans text (searchable in the PDF, read by screen readers),
a <title> and <desc> carry the words, and the output is deterministic. Colours come from
the Okabe-Ito colour-blind-safe palette, and every series also has its own line style,
marker or hatch (colour is never the only signal).
"""

from __future__ import annotations

from advisor.render.charts.break_even import (
    Series,
    _break_even_chart_svg,
    _break_even_series,
    break_even_chart_svg,
)
from advisor.render.charts.breakdown import (
    OTHER_LABEL,
    Bar,
    _cost_breakdown_chart_svg,
    breakdown_bars,
    cost_breakdown_chart_size,
    cost_breakdown_chart_svg,
)
from advisor.render.charts.common import BREAK_EVEN_SIZE_PT, CHART_WIDTH_IN

__all__ = [
    "BREAK_EVEN_SIZE_PT",
    "CHART_WIDTH_IN",
    "OTHER_LABEL",
    "Bar",
    "Series",
    "_break_even_chart_svg",
    "_break_even_series",
    "_cost_breakdown_chart_svg",
    "break_even_chart_svg",
    "breakdown_bars",
    "cost_breakdown_chart_size",
    "cost_breakdown_chart_svg",
]
