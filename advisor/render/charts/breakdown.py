"""The cost breakdown chart: each option's monthly bill as stacked horizontal bars of its
line items, small items grouped as "other"."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from advisor.engine.costs.option_kinds import COMPARED
from advisor.engine.costs.registry import short_name
from advisor.engine.numbers import format_usd
from advisor.engine.results import CostComparison, CostLine, Estimate
from advisor.render.charts.common import (
    BARS_HEIGHT_IN,
    CHART_WIDTH_IN,
    FONT_SIZE,
    GREY,
    LEGEND_ROW_IN,
    LEGEND_SIZE,
    LEGEND_TWO_COLUMN_CHARS,
    MAX_SEGMENTS_PER_BAR,
    SEGMENT_COLOURS,
    SEGMENT_HATCHES,
    SMALL_ITEM_SHARE,
    TITLE_SIZE,
    Plot,
)
from advisor.render.svg_canvas import ASCENT_EM, Canvas, Scale, nice_ticks

# --- cost breakdown chart ----------------------------------------------------------------

OTHER_LABEL = "other (small items)"
SERVICE_SEPARATOR = ": "  # "Lambda: requests"


@dataclass(frozen=True)
class Bar:
    option: str
    total_usd: float
    segments: tuple[tuple[str, float], ...]  # (label, USD), largest first, "other" last
    credit_usd: float  # sum of negative lines (free tier), not stacked


def breakdown_bars(costs: CostComparison) -> tuple[Bar, ...]:
    """Each option's bill as stacked segments, small line items grouped as "other"."""
    bars = tuple(_bar(kind.short, kind.estimate(costs)) for kind in COMPARED)
    return _within_the_palette(bars)


def _service(label: str) -> str:
    return label.split(SERVICE_SEPARATOR, 1)[0]


def _within_the_palette(bars: tuple[Bar, ...]) -> tuple[Bar, ...]:
    """At most one service per colour: the items of the services with the least money
    across the bars join "other", so no two services share a hue."""
    totals: dict[str, float] = {}
    for bar in bars:
        for label, usd in bar.segments:
            if label != OTHER_LABEL:
                totals[_service(label)] = totals.get(_service(label), 0.0) + usd
    if len(totals) <= len(SEGMENT_COLOURS):
        return bars
    ranked = sorted(totals, key=lambda service: (-totals[service], service))
    shown = set(ranked[: len(SEGMENT_COLOURS)])
    return tuple(_fold_into_other(bar, shown) for bar in bars)


def _fold_into_other(bar: Bar, shown: set[str]) -> Bar:
    kept = [
        (label, usd)
        for label, usd in bar.segments
        if label != OTHER_LABEL and _service(label) in shown
    ]
    other_usd = sum(usd for _, usd in bar.segments) - sum(usd for _, usd in kept)
    if other_usd > 0:
        kept.append((OTHER_LABEL, other_usd))
    return Bar(bar.option, bar.total_usd, tuple(kept), bar.credit_usd)


def _bar(option: str, estimate: Estimate) -> Bar:
    positive = sorted(
        ((_item_label(line), line.monthly_usd) for line in estimate.items if line.monthly_usd > 0),
        key=lambda pair: (-pair[1], pair[0]),
    )
    threshold_usd = SMALL_ITEM_SHARE * sum(usd for _, usd in positive)
    kept = [pair for pair in positive if pair[1] >= threshold_usd][:MAX_SEGMENTS_PER_BAR]
    other_usd = sum(usd for _, usd in positive) - sum(usd for _, usd in kept)
    if other_usd > 0:
        kept.append((OTHER_LABEL, other_usd))
    credit_usd = sum(line.monthly_usd for line in estimate.items if line.monthly_usd < 0)
    return Bar(option, estimate.monthly_usd, tuple(kept), credit_usd)


def _item_label(line: CostLine) -> str:
    service = short_name(line.service)
    return f"{service}{SERVICE_SEPARATOR}{line.item}"


def cost_breakdown_chart_svg(costs: CostComparison) -> str:
    """Horizontal stacked bars: each option's monthly bill split into its line items."""
    return _cost_breakdown_chart_svg(costs)


def _legend_layout(styles: dict[str, tuple[str, str]]) -> tuple[int, float]:
    """(legend columns, legend height in inches): two columns fit short labels; long ones
    ("Fargate: memory, task-hours (...)") would run off the figure, so they get one."""
    longest = max((len(label) for label in styles), default=0)
    columns = 2 if longest <= LEGEND_TWO_COLUMN_CHARS else 1
    return columns, LEGEND_ROW_IN * math.ceil(len(styles) / columns) + 0.15


def cost_breakdown_chart_size(costs: CostComparison) -> tuple[float, float]:
    """The breakdown chart's (width, height) in points, known without drawing it: a page
    reserves the room before the picture arrives."""
    _, legend_in = _legend_layout(_segment_styles(breakdown_bars(costs)))
    return CHART_WIDTH_IN * 72, (BARS_HEIGHT_IN + legend_in) * 72


@functools.lru_cache(maxsize=64)
def _cost_breakdown_chart_svg(costs: CostComparison) -> str:
    bars = breakdown_bars(costs)
    styles = _segment_styles(bars)
    columns, legend_in = _legend_layout(styles)
    width, height = CHART_WIDTH_IN * 72, (BARS_HEIGHT_IN + legend_in) * 72
    canvas = Canvas(width, height)
    # Fixed margins, the legend in the band below the axes.
    widest_usd = max((sum(usd for _, usd in bar.segments) for bar in bars), default=1.0)
    plot = Plot(
        canvas,
        Scale(0, max(widest_usd, 1.0) * 1.35, 0.15 * width, 0.94 * width),  # room for totals
        Scale(-0.5, len(bars) - 0.5, 0.4 * 72, height - (legend_in + 0.55) * 72),
        0.15 * width,
        0.4 * 72,
        0.94 * width,
        height - (legend_in + 0.55) * 72,
    )
    _style_breakdown_axes(plot, bars)
    fills = {
        label: canvas.hatch(f"hatch{index}", hatch) if hatch else ""
        for index, (label, (_, hatch)) in enumerate(styles.items())
    }
    for row, bar in enumerate(bars):
        _draw_bar(plot, row, bar, styles, fills)
    _breakdown_legend(canvas, styles, fills, columns, height)
    return canvas.svg(
        title="Monthly cost by option and line item",
        description=_breakdown_description(bars),
    )


def _segment_styles(bars: tuple[Bar, ...]) -> dict[str, tuple[str, str]]:
    """Label -> (colour, hatch), in order of first appearance; "other" always grey.

    One hue per service, one hatch per item of that service: cycling hues over the items
    gave Lambda's requests and Fargate's vCPU the same colour, told apart by hatch alone."""
    labels: list[str] = []
    for bar in bars:
        labels.extend(label for label, _ in bar.segments if label not in labels)
    services: dict[str, int] = {}  # service -> items styled so far
    styles = {}
    for label in (label for label in labels if label != OTHER_LABEL):
        service = _service(label)
        hue = list(services).index(service) if service in services else len(services)
        items = services.setdefault(service, 0)
        services[service] = items + 1
        # Past the palette a hue comes round again: its hatches start further on.
        lap = hue // len(SEGMENT_COLOURS)
        colour = SEGMENT_COLOURS[hue % len(SEGMENT_COLOURS)]
        styles[label] = (colour, SEGMENT_HATCHES[(items + 3 * lap) % len(SEGMENT_HATCHES)])
    if OTHER_LABEL in labels:
        styles[OTHER_LABEL] = (GREY, "")
    return styles


def _breakdown_legend(
    canvas: Canvas,
    styles: dict[str, tuple[str, str]],
    fills: dict[str, str],
    columns: int,
    height: float,
) -> None:
    """Swatches and labels in `columns` columns along the bottom, "other" last."""
    labels = sorted(styles, key=lambda label: label == OTHER_LABEL)
    rows = math.ceil(len(labels) / columns)
    column_width = (canvas.width * 0.96) / columns
    row_height = LEGEND_ROW_IN * 72
    top = height - 0.01 * height - rows * row_height
    for index, label in enumerate(labels):
        column, row = divmod(index, rows)
        x = 0.02 * canvas.width + column * column_width
        baseline = top + row * row_height + ASCENT_EM * LEGEND_SIZE + 3
        swatch_y = baseline - ASCENT_EM * LEGEND_SIZE
        colour, _ = styles[label]
        canvas.rect(x, swatch_y, 2 * LEGEND_SIZE, 0.7 * LEGEND_SIZE, fill=colour)
        if fills[label]:
            canvas.rect(x, swatch_y, 2 * LEGEND_SIZE, 0.7 * LEGEND_SIZE, fill=fills[label])
        canvas.text(x + 2.8 * LEGEND_SIZE, baseline, label, size=LEGEND_SIZE)


def _draw_bar(
    plot: Plot,
    row: int,
    bar: Bar,
    styles: dict[str, tuple[str, str]],
    fills: dict[str, str],
) -> None:
    canvas, band = plot.canvas, abs(plot.y(0.3) - plot.y(-0.3))
    top = plot.y(row - 0.3)
    left_usd = 0.0
    for label, usd in bar.segments:
        colour, _ = styles[label]
        x, width = plot.x(left_usd), plot.x(left_usd + usd) - plot.x(left_usd)
        canvas.rect(x, top, width, band, fill=colour, stroke="#fff")
        if fills[label]:
            canvas.rect(x, top, width, band, fill=fills[label])
        left_usd += usd
    total = f"{format_usd(bar.total_usd)}/month"
    if bar.credit_usd < 0:
        total += f" (after {format_usd(-bar.credit_usd)} free tier)"
    baseline = plot.y(row) + ASCENT_EM * 9 / 2
    canvas.text(plot.x(left_usd) + 5, baseline, total, size=9, bold=True)


def _style_breakdown_axes(plot: Plot, bars: tuple[Bar, ...]) -> None:
    canvas, x = plot.canvas, plot.x
    ticks = nice_ticks(x.high)
    for value in ticks:  # the grid below the bars
        canvas.line([(x(value), plot.top), (x(value), plot.bottom)], colour="#E5E5E5")
    canvas.line([(plot.left, plot.top), (plot.left, plot.bottom), (plot.right, plot.bottom)])
    label_y = plot.bottom + 3.5 + ASCENT_EM * FONT_SIZE + 2
    for value in ticks:
        canvas.line([(x(value), plot.bottom), (x(value), plot.bottom + 3.5)])
        canvas.text(x(value), label_y, format_usd(value), size=FONT_SIZE, anchor="middle")
    for row, bar in enumerate(bars):  # serverless on top, in reading order
        baseline = plot.y(row) + ASCENT_EM * FONT_SIZE / 2
        canvas.line([(plot.left - 3.5, plot.y(row)), (plot.left, plot.y(row))])
        canvas.text(plot.left - 5.5, baseline, bar.option, size=FONT_SIZE, anchor="end")
    middle = (plot.left + plot.right) / 2
    canvas.text(middle, label_y + FONT_SIZE + 4, "USD per month", size=FONT_SIZE, anchor="middle")
    canvas.text(plot.left, plot.top - 8, "Monthly cost by option", size=TITLE_SIZE, bold=True)


def _breakdown_description(bars: tuple[Bar, ...]) -> str:
    parts = []
    for bar in bars:
        items = ", ".join(f"{label} {format_usd(usd)}" for label, usd in bar.segments)
        parts.append(f"{bar.option}: {format_usd(bar.total_usd)} a month ({items or 'no items'})")
    return ". ".join(parts) + "."
