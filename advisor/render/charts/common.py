"""What the two cost charts share: sizes, fonts, the palette and the axes' box."""

from __future__ import annotations

from dataclasses import dataclass

from advisor.engine.costs.option_kinds import COMPARED
from advisor.engine.numbers import format_usd
from advisor.render.svg_canvas import Canvas, Scale

FONT_SIZE = 9.5  # tick labels and axis labels
TITLE_SIZE = 11
LEGEND_SIZE = 8.5
GRID_GREY = "#DDDDDD"
# 7.2 in wide fits an A4 page inside 2 cm margins and a typical content column on screen.
CHART_WIDTH_IN = 7.2
BREAK_EVEN_HEIGHT_IN = 4.6
BREAK_EVEN_MARGINS = {"left": 0.115, "right": 0.955, "bottom": 0.11, "top": 0.82}
SECONDS_PER_MONTH = 730 * 3600  # AWS's Pricing Calculator month
BREAK_EVEN_SIZE_PT = (CHART_WIDTH_IN * 72, BREAK_EVEN_HEIGHT_IN * 72)
MARKER_SIZE, MARKER_EVERY = 4.5, 6

OPTION_LABELS = {kind.key: kind.short for kind in COMPARED}
# Okabe-Ito colours (https://jfly.uni-koeln.de/color/), distinguishable with any common
# colour-vision deficiency.
BLUE, ORANGE, GREEN, PINK = "#0072B2", "#E69F00", "#009E73", "#CC79A7"
SKY, VERMILLION, YELLOW, GREY = "#56B4E9", "#D55E00", "#F0E442", "#999999"
SEGMENT_COLOURS = (BLUE, ORANGE, GREEN, PINK, SKY, VERMILLION, YELLOW)
# The alternatives' lines on the break-even chart, in the registry's order (colour, line
# style, marker, width): serverless keeps the blues.
ALTERNATIVE_STYLES = (
    (VERMILLION, "--", "s", 1.8),
    (GREEN, ":", "D", 2.0),
    (PINK, "-.", "X", 1.8),
)
# Line hatches only (each is a small SVG pattern of lines).
SEGMENT_HATCHES = ("", "//", "\\\\", "xx", "--", "||", "++")
# Line items under this share of their option's bill are grouped as "other".
SMALL_ITEM_SHARE = 0.04
MAX_SEGMENTS_PER_BAR = 6
BARS_HEIGHT_IN = 2.6  # axes, title and tick labels of the breakdown chart
LEGEND_ROW_IN = 0.21  # one legend row at 8.5 pt
LEGEND_TWO_COLUMN_CHARS = 38  # longest label that still fits in half the figure's width


@dataclass(frozen=True)
class Series:
    label: str
    values_usd: tuple[float, ...]
    colour: str
    linestyle: str
    marker: str
    linewidth: float


# --- shared helpers ------------------------------------------------------------------


def _format_usd_short(value: float) -> str:
    """Axis ticks: "$10k", "$1M" keep the labels narrow enough for a fixed margin."""
    return "$" + _format_count(value) if value >= 10_000 else format_usd(value)


def _format_count(value: float) -> str:
    for divisor, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if value >= divisor:
            return f"{value / divisor:g}{suffix}"
    return f"{value:g}"


@dataclass(frozen=True)
class Plot:
    """The axes' box on a canvas and the scales that place data in it."""

    canvas: Canvas
    x: Scale
    y: Scale
    left: float
    top: float
    right: float
    bottom: float
