"""The break-even chart: monthly cost against average request rate (log-log) for each
option, with the workload's own rate and the break-even marked."""

from __future__ import annotations

import functools
import math

from advisor.engine.costs.option_kinds import ALTERNATIVES, COMPARED
from advisor.engine.numbers import format_rps, format_usd
from advisor.engine.results import CostComparison, OffloadPart
from advisor.engine.sensitivity import CurvePoint, chart_rate_points, cost_curve
from advisor.engine.workload import Architecture, Workload
from advisor.render.charts.common import (
    ALTERNATIVE_STYLES,
    BLUE,
    BREAK_EVEN_HEIGHT_IN,
    BREAK_EVEN_MARGINS,
    CHART_WIDTH_IN,
    FONT_SIZE,
    GREY,
    GRID_GREY,
    LEGEND_SIZE,
    MARKER_EVERY,
    MARKER_SIZE,
    OPTION_LABELS,
    SECONDS_PER_MONTH,
    SKY,
    TITLE_SIZE,
    Plot,
    Series,
    _format_count,
    _format_usd_short,
)
from advisor.render.svg_canvas import ASCENT_EM, Canvas, Scale, decades, text_width

# --- break-even chart ------------------------------------------------------------------


def break_even_chart_svg(
    workload: Workload,
    costs: CostComparison,
    *,
    offloaded_parts: tuple[OffloadPart, ...] | None = None,
) -> str:
    """Monthly cost against average request rate (log-log) for each option, with the
    workload's own rate and the break-even marked. The curves price the same design as
    `costs` (its offloaded parts) unless other parts are given."""
    parts = costs.offloaded_parts if offloaded_parts is None else offloaded_parts
    return _break_even_chart_svg(workload, costs, tuple(parts))


@functools.lru_cache(maxsize=64)
def _break_even_chart_svg(
    workload: Workload, costs: CostComparison, offloaded_parts: tuple[OffloadPart, ...]
) -> str:
    points = chart_rate_points(workload, break_even_avg_rps=costs.break_even_avg_rps)
    curve = cost_curve(workload, points, offloaded_parts=offloaded_parts)
    series = _break_even_series(workload, curve)
    plot = _break_even_plot(workload, costs, curve, series)
    _style_break_even_axes(plot)
    for one in series:
        _plot_series(plot, curve, one)
    _mark_workload(plot, workload, costs)
    note = _mark_break_even(plot, curve, costs)
    _break_even_legend(plot, workload, series)
    return plot.canvas.svg(
        title=f"Monthly cost against request rate: {workload.name}",
        description=_break_even_description(workload, costs, note),
    )


def _break_even_plot(
    workload: Workload,
    costs: CostComparison,
    curve: tuple[CurvePoint, ...],
    series: tuple[Series, ...],
) -> Plot:
    """Log-log axes spanning the curve's rates and every cost drawn, in whole decades."""
    width, height = CHART_WIDTH_IN * 72, BREAK_EVEN_HEIGHT_IN * 72
    margins = BREAK_EVEN_MARGINS
    left, right = margins["left"] * width, margins["right"] * width
    top, bottom = (1 - margins["top"]) * height, (1 - margins["bottom"]) * height
    rates = [point.avg_rps for point in curve]
    usd = [max(value, 0.01) for one in series for value in one.values_usd]
    usd.append(max(costs.serverless.monthly_usd, 0.01))
    low, high = 10 ** math.floor(math.log10(min(usd))), 10 ** math.ceil(math.log10(max(usd)))
    return Plot(
        Canvas(width, height),
        Scale(min(rates), max(rates), left, right, log=True),
        Scale(low, high if high > low else low * 10, bottom, top, log=True),
        left,
        top,
        right,
        bottom,
    )


def _break_even_series(workload: Workload, curve: tuple[CurvePoint, ...]) -> tuple[Series, ...]:
    own = workload.architecture
    own_label = f"{OPTION_LABELS['serverless']}, Lambda {own} (this design)"
    other = Architecture.X86_64 if own == Architecture.ARM64 else Architecture.ARM64
    arm64 = tuple(point.serverless_arm64_usd for point in curve)
    x86_64 = tuple(point.serverless_x86_64_usd for point in curve)
    own_values, other_values = (arm64, x86_64) if own == Architecture.ARM64 else (x86_64, arm64)
    alternatives = tuple(
        Series(
            kind.short,
            tuple(point.usd_by_option[kind.key] for point in curve),
            *ALTERNATIVE_STYLES[index % len(ALTERNATIVE_STYLES)],
        )
        for index, kind in enumerate(ALTERNATIVES)
    )
    return (
        Series(own_label, own_values, BLUE, "-", "o", 2.4),
        Series(f"{OPTION_LABELS['serverless']}, Lambda {other}", other_values, SKY, "-.", "^", 1.6),
        *alternatives,
    )


def _plot_series(plot: Plot, curve: tuple[CurvePoint, ...], series: Series) -> None:
    points = [
        (plot.x(point.avg_rps), plot.y(max(value, 0.01)))  # log axis: no zero
        for point, value in zip(curve, series.values_usd, strict=True)
    ]
    plot.canvas.line(
        points, colour=series.colour, width=series.linewidth, style=series.linestyle, cap="round"
    )
    # Markers every few points identify the line in grey-scale print too.
    for x, y in points[::MARKER_EVERY]:
        plot.canvas.marker(series.marker, x, y, MARKER_SIZE, colour=series.colour)


def _mark_workload(plot: Plot, workload: Workload, costs: CostComparison) -> None:
    rate = max(workload.avg_rps, 0.001)
    x, y = plot.x(rate), plot.y(max(costs.serverless.monthly_usd, 0.01))
    plot.canvas.line([(x, plot.top), (x, plot.bottom)], colour=GREY, width=1, style=":")
    plot.canvas.marker("o", x, y, 8, colour="black")
    lines = (
        f"this workload: {format_rps(workload.avg_rps)} req/s",
        f"serverless {format_usd(costs.serverless.monthly_usd)}/month",
    )
    _text_box(plot.canvas, x + 8, y + 10, lines, edge=GREY)


def _mark_break_even(plot: Plot, curve: tuple[CurvePoint, ...], costs: CostComparison) -> str:
    """Annotate the break-even point; returns the words used, for the description."""
    rate = costs.break_even_avg_rps
    if rate is None:
        note = _no_break_even_note(curve)
        x = plot.left + 0.99 * (plot.right - plot.left)
        y = plot.bottom - 0.02 * (plot.bottom - plot.top)
        plot.canvas.text(x, y, note, size=LEGEND_SIZE, anchor="end")
        return note
    usd = _usd_at(curve, rate)
    note = f"break-even ≈ {format_rps(rate)} req/s ({format_usd(usd)}/month)"
    x, y = plot.x(rate), plot.y(max(usd, 0.01))
    lines = tuple(note.replace(" (", "\n(").split("\n"))
    box_right, box_bottom = x - 14, y - 22
    _, box_top = _text_box(plot.canvas, box_right, box_bottom, lines, bold=True, end=True)
    plot.canvas.line([(box_right, box_bottom), (x - 4, y - 4)], width=0.8)
    plot.canvas.marker("^", x - 4.5, y - 4.5, 3, colour="black")  # the arrow's head
    plot.canvas.marker("X", x, y, 10, colour="black")
    return note


def _text_box(
    canvas: Canvas,
    x: float,
    y: float,
    lines: tuple[str, ...],
    *,
    edge: str = "black",
    bold: bool = False,
    end: bool = False,
) -> tuple[float, float]:
    """Lines of text in a white rounded box. Top-left corner at (x, y), or, with `end`,
    bottom-right corner there. Returns the box's (left, top)."""
    size, pad = LEGEND_SIZE, 0.25 * LEGEND_SIZE
    line_height = size * 1.2
    width = max(text_width(line, size, bold=bold) for line in lines) + 2 * pad
    height = line_height * len(lines) + 2 * pad - (line_height - size)
    left, top = (x - width, y - height) if end else (x, y)
    canvas.rect(left, top, width, height, fill="#fff", stroke=edge, radius=2)
    for index, line in enumerate(lines):
        baseline = top + pad + ASCENT_EM * size + index * line_height
        canvas.text(left + pad, baseline, line, size=size, bold=bold)
    return left, top


def _usd_at(curve: tuple[CurvePoint, ...], rate: float) -> float:
    """The cheapest alternative's cost at `rate` (log-log interpolation between points)."""
    below = max((p for p in curve if p.avg_rps <= rate), key=lambda p: p.avg_rps, default=curve[0])
    above = min((p for p in curve if p.avg_rps >= rate), key=lambda p: p.avg_rps, default=curve[-1])
    if above.avg_rps == below.avg_rps:
        return below.cheapest_alternative_usd
    share = math.log(rate / below.avg_rps) / math.log(above.avg_rps / below.avg_rps)
    low, high = below.cheapest_alternative_usd, above.cheapest_alternative_usd
    return low + (high - low) * share


def _no_break_even_note(curve: tuple[CurvePoint, ...]) -> str:
    cheaper = sum(point.serverless_usd <= point.cheapest_alternative_usd for point in curve)
    if cheaper == len(curve):
        return "No break-even: serverless is the cheapest at every rate shown"
    if cheaper == 0:
        return "No break-even: an alternative is cheaper at every rate shown"
    return "No break-even: the options swap places more than once"


def _style_break_even_axes(plot: Plot) -> None:
    """Grid, frame, ticks and labels; a second axis on top counts requests per month."""
    canvas, x, y = plot.canvas, plot.x, plot.y
    x_major = decades(x.low, x.high)
    # Few minor ticks (2 and 5 in each decade): the major ones carry the labels.
    x_minor = [
        d * m for d in decades(x.low / 10, x.high) for m in (2, 5) if x.low <= d * m <= x.high
    ]
    y_major = decades(y.low, y.high)
    for value in x_major:
        canvas.line([(x(value), plot.top), (x(value), plot.bottom)], colour=GRID_GREY)
    for value in y_major:
        canvas.line([(plot.left, y(value)), (plot.right, y(value))], colour=GRID_GREY)
    canvas.line(
        [(plot.left, plot.top), (plot.left, plot.bottom), (plot.right, plot.bottom)], width=0.8
    )
    canvas.line([(plot.left, plot.top), (plot.right, plot.top)], width=0.8)
    label_y = plot.bottom + 3.5 + ASCENT_EM * FONT_SIZE + 2
    for value in x_major:
        canvas.line([(x(value), plot.bottom), (x(value), plot.bottom + 3.5)])
        canvas.text(x(value), label_y, format_rps(value), size=FONT_SIZE, anchor="middle")
    for value in x_minor:
        canvas.line([(x(value), plot.bottom), (x(value), plot.bottom + 2)], width=0.6)
    widest = 0.0
    for value in y_major:
        label = _format_usd_short(value)
        widest = max(widest, text_width(label, FONT_SIZE))
        canvas.line([(plot.left - 3.5, y(value)), (plot.left, y(value))])
        baseline = y(value) + ASCENT_EM * FONT_SIZE / 2
        canvas.text(plot.left - 5.5, baseline, label, size=FONT_SIZE, anchor="end")
    middle_x, middle_y = (plot.left + plot.right) / 2, (plot.top + plot.bottom) / 2
    canvas.text(
        middle_x,
        label_y + FONT_SIZE + 4,
        "average requests per second (log scale)",
        size=FONT_SIZE,
        anchor="middle",
    )
    canvas.text(
        plot.left - widest - 10,
        middle_y,
        "monthly cost, USD (log scale)",
        size=FONT_SIZE,
        anchor="middle",
        rotate=True,
    )
    top_label_y = _per_month_axis(plot)
    canvas.text(
        plot.left,
        top_label_y - 12,
        "Monthly cost against average request rate",
        size=TITLE_SIZE,
        bold=True,
    )


def _per_month_axis(plot: Plot) -> float:
    """Ticks on top in requests per month; returns the baseline of its label."""
    canvas, x = plot.canvas, plot.x
    per_month = decades(x.low * SECONDS_PER_MONTH, x.high * SECONDS_PER_MONTH)
    baseline = plot.top - 5.5
    for count in per_month:
        position = x(count / SECONDS_PER_MONTH)
        canvas.line([(position, plot.top - 3.5), (position, plot.top)])
        canvas.text(position, baseline, _format_count(count), size=FONT_SIZE, anchor="middle")
    label_baseline = baseline - FONT_SIZE - 3
    middle = (plot.left + plot.right) / 2
    canvas.text(middle, label_baseline, "requests per month", size=LEGEND_SIZE, anchor="middle")
    return label_baseline - LEGEND_SIZE


def _break_even_legend(plot: Plot, workload: Workload, series: tuple[Series, ...]) -> None:
    """In the upper left of the axes: the region, then each series' line, marker and name."""
    canvas, size = plot.canvas, LEGEND_SIZE
    left, row = plot.left + 0.5 * size, size * 1.45
    baseline = plot.top + 0.5 * size + ASCENT_EM * size + 2
    width = max(text_width(one.label, size) for one in series) + 3.2 * size
    height = row * (len(series) + 1) + 0.4 * size
    canvas.rect(left - 2, plot.top + 0.5 * size - 1, width, height, fill="#fff")
    canvas.text(
        left + width / 2 - 2, baseline, f"Region {workload.region}", size=size, anchor="middle"
    )
    for index, one in enumerate(series, start=1):
        middle = baseline + index * row - ASCENT_EM * size / 2
        canvas.line(
            [(left, middle), (left + 2 * size, middle)],
            colour=one.colour,
            width=one.linewidth,
            style=one.linestyle,
        )
        canvas.marker(one.marker, left + size, middle, MARKER_SIZE, colour=one.colour)
        canvas.text(left + 2.8 * size, baseline + index * row, one.label, size=size)


def _break_even_description(workload: Workload, costs: CostComparison, note: str) -> str:
    *first, last = (kind.in_words(workload) for kind in ALTERNATIVES)
    names = f"{', '.join(first)} and {last}" if first else last
    amounts = ", ".join(
        f"{kind.in_words(workload)} {format_usd(kind.estimate(costs).monthly_usd)}"
        for kind in COMPARED
    )
    return (
        f"Monthly cost of serverless (Lambda x86_64 and arm64), {names} as the average rate "
        f"varies. This workload runs at {format_rps(workload.avg_rps)} requests per second: "
        f"{amounts} a month. {note}."
    )
