"""Cost charts as SVG: the break-even chart and the cost breakdown.

matplotlib's object-oriented API with its SVG backend (never pyplot's global figures).
Text is drawn as DejaVu Sans paths, so the charts look the same in a page and in the PDF;
a <title> and <desc> carry the words for screen readers and search. Output is
deterministic: fixed hash salt, no date in the metadata. Colours come from the
Okabe-Ito colour-blind-safe palette, and every series also has its own line style,
marker or hatch (colour is never the only signal).
"""

from __future__ import annotations

import functools
import html
import io
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter, NullLocator

from advisor.engine.costs.option_kinds import COMPARED
from advisor.engine.costs.registry import short_name
from advisor.engine.numbers import format_rps, format_usd
from advisor.engine.results import CostComparison, CostLine, Estimate, OffloadPart
from advisor.engine.sensitivity import CurvePoint, chart_rate_points, cost_curve
from advisor.engine.workload import Architecture, Workload

RC_PARAMS: dict[str, object] = {
    "font.family": "DejaVu Sans",
    "font.size": 9.5,
    # Text stays text: searchable in the PDF, read by screen readers, and far lighter for
    # the PDF renderer than glyph paths (DejaVu Sans is installed by `make install`).
    "svg.fonttype": "none",
    "svg.hashsalt": "serverless-advisor",  # fixed ids: same input, same bytes
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "legend.frameon": False,
    "legend.fontsize": 8.5,
}
# 7.2 in wide fits an A4 page inside 2 cm margins and a typical content column on screen.
CHART_WIDTH_IN = 7.2
BREAK_EVEN_HEIGHT_IN = 4.6
BREAK_EVEN_MARGINS = {"left": 0.115, "right": 0.975, "bottom": 0.11, "top": 0.82}
SECONDS_PER_MONTH = 730 * 3600  # AWS's Pricing Calculator month

OPTION_LABELS = {kind.key: kind.short for kind in COMPARED}
# Okabe-Ito colours (https://jfly.uni-koeln.de/color/), distinguishable with any common
# colour-vision deficiency.
BLUE, ORANGE, GREEN, PINK = "#0072B2", "#E69F00", "#009E73", "#CC79A7"
SKY, VERMILLION, YELLOW, GREY = "#56B4E9", "#D55E00", "#F0E442", "#999999"
SEGMENT_COLOURS = (BLUE, ORANGE, GREEN, PINK, SKY, VERMILLION, YELLOW)
# Line hatches only: dotted ones ("..", "oo") make a 350 KB SVG that the PDF renderer
# re-reads for every bar (~0.9 s a report).
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


@contextmanager
def _chart_style() -> Iterator[None]:
    # rc_context restores matplotlib's defaults afterwards: no lasting global state.
    with matplotlib.rc_context(RC_PARAMS):
        yield


def _svg(figure: Figure, *, title: str, description: str) -> str:
    """The figure as an <svg> element (no XML prolog, so it can be inlined in HTML)."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    head_end = text.index(">") + 1
    accessible = f"\n <title>{html.escape(title)}</title>\n <desc>{html.escape(description)}</desc>"
    return text[:head_end] + accessible + text[head_end:]


def _format_usd_short(value: float) -> str:
    """Axis ticks: "$10k", "$1M" keep the labels narrow enough for a fixed margin."""
    return "$" + _format_count(value) if value >= 10_000 else format_usd(value)


def _format_count(value: float) -> str:
    for divisor, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if value >= divisor:
            return f"{value / divisor:g}{suffix}"
    return f"{value:g}"


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
    with _chart_style():
        figure = Figure(figsize=(CHART_WIDTH_IN, BREAK_EVEN_HEIGHT_IN))
        # Fixed margins: constrained layout would measure every tick label (~4x slower).
        figure.subplots_adjust(**BREAK_EVEN_MARGINS)
        axes = figure.add_subplot()
        for series in _break_even_series(workload, curve):
            _plot_series(axes, curve, series)
        _mark_workload(axes, workload, costs)
        note = _mark_break_even(axes, curve, costs)
        _style_break_even_axes(axes, workload)
        return _svg(
            figure,
            title=f"Monthly cost against request rate: {workload.name}",
            description=_break_even_description(workload, costs, note),
        )


def _break_even_series(workload: Workload, curve: tuple[CurvePoint, ...]) -> tuple[Series, ...]:
    own = workload.architecture
    own_label = f"{OPTION_LABELS['serverless']}, Lambda {own} (this design)"
    other = Architecture.X86_64 if own == Architecture.ARM64 else Architecture.ARM64
    arm64 = tuple(point.serverless_arm64_usd for point in curve)
    x86_64 = tuple(point.serverless_x86_64_usd for point in curve)
    own_values, other_values = (arm64, x86_64) if own == Architecture.ARM64 else (x86_64, arm64)
    return (
        Series(own_label, own_values, BLUE, "-", "o", 2.4),
        Series(f"{OPTION_LABELS['serverless']}, Lambda {other}", other_values, SKY, "-.", "^", 1.6),
        Series(
            OPTION_LABELS["containers"],
            tuple(point.containers_usd for point in curve),
            VERMILLION,
            "--",
            "s",
            1.8,
        ),
        Series(
            OPTION_LABELS["vm_reserved"],
            tuple(point.vm_reserved_usd for point in curve),
            GREEN,
            ":",
            "D",
            2.0,
        ),
    )


def _plot_series(axes: Axes, curve: tuple[CurvePoint, ...], series: Series) -> None:
    rates = [point.avg_rps for point in curve]
    # Markers every few points identify the line in grey-scale print too.
    axes.plot(
        rates,
        [max(value, 0.01) for value in series.values_usd],  # log axis: no zero
        label=series.label,
        color=series.colour,
        linestyle=series.linestyle,
        linewidth=series.linewidth,
        marker=series.marker,
        markersize=4.5,
        markevery=(0, 6),
    )


def _mark_workload(axes: Axes, workload: Workload, costs: CostComparison) -> None:
    rate = max(workload.avg_rps, 0.001)
    usd = max(costs.serverless.monthly_usd, 0.01)
    axes.axvline(rate, color=GREY, linewidth=1, linestyle=(0, (1, 2)), zorder=1)
    axes.plot([rate], [usd], marker="o", markersize=8, color="black", zorder=5, linestyle="")
    axes.annotate(
        f"this workload: {format_rps(workload.avg_rps)} req/s\n"
        f"serverless {format_usd(costs.serverless.monthly_usd)}/month",
        xy=(rate, usd),
        xytext=(8, -10),
        textcoords="offset points",
        fontsize=8.5,
        va="top",
        bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": GREY},
    )


def _mark_break_even(axes: Axes, curve: tuple[CurvePoint, ...], costs: CostComparison) -> str:
    """Annotate the break-even point; returns the words used, for the description."""
    rate = costs.break_even_avg_rps
    if rate is None:
        note = _no_break_even_note(curve)
        axes.text(0.99, 0.02, note, transform=axes.transAxes, ha="right", fontsize=8.5)
        return note
    usd = _usd_at(curve, rate)
    note = f"break-even ≈ {format_rps(rate)} req/s ({format_usd(usd)}/month)"
    axes.plot([rate], [usd], marker="X", markersize=10, color="black", zorder=6, linestyle="")
    axes.annotate(
        note.replace(" (", "\n("),
        xy=(rate, usd),
        xytext=(-14, 22),
        textcoords="offset points",
        ha="right",
        fontsize=8.5,
        fontweight="bold",
        arrowprops={"arrowstyle": "->", "color": "black", "linewidth": 0.8},
        bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": "black"},
    )
    return note


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


def _style_break_even_axes(axes: Axes, workload: Workload) -> None:
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_title("Monthly cost against average request rate", pad=12)
    axes.set_xlabel("average requests per second (log scale)")
    axes.set_ylabel("monthly cost, USD (log scale)")
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: format_rps(value)))
    # Few minor ticks: each tick is an object matplotlib lays out, and the chart's time
    # goes mostly there.
    axes.xaxis.set_minor_locator(LogLocator(base=10, subs=(2.0, 5.0)))
    axes.xaxis.set_minor_formatter(NullFormatter())
    axes.yaxis.set_major_locator(LogLocator(base=10))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: _format_usd_short(value)))
    axes.yaxis.set_minor_locator(NullLocator())
    axes.grid(True, which="major", color="#DDDDDD", linewidth=0.8)
    top = axes.secondary_xaxis(
        "top", functions=(lambda rps: rps * SECONDS_PER_MONTH, lambda n: n / SECONDS_PER_MONTH)
    )
    top.set_xlabel("requests per month", fontsize=8.5)
    top.xaxis.set_major_formatter(FuncFormatter(lambda value, _: _format_count(value)))
    top.xaxis.set_minor_locator(NullLocator())
    axes.legend(loc="upper left", title=f"Region {workload.region}", title_fontsize=8.5)


def _break_even_description(workload: Workload, costs: CostComparison, note: str) -> str:
    return (
        f"Monthly cost of serverless (Lambda x86_64 and arm64), containers and reserved VMs "
        f"as the average rate varies. This workload runs at {format_rps(workload.avg_rps)} "
        f"requests per second: serverless {format_usd(costs.serverless.monthly_usd)}, "
        f"containers {format_usd(costs.containers.monthly_usd)}, reserved VMs "
        f"{format_usd(costs.vm_reserved.monthly_usd)} a month. {note}."
    )


# --- cost breakdown chart ----------------------------------------------------------------

OTHER_LABEL = "other (small items)"


@dataclass(frozen=True)
class Bar:
    option: str
    total_usd: float
    segments: tuple[tuple[str, float], ...]  # (label, USD), largest first, "other" last
    credit_usd: float  # sum of negative lines (free tier), not stacked


def breakdown_bars(costs: CostComparison) -> tuple[Bar, ...]:
    """Each option's bill as stacked segments, small line items grouped as "other"."""
    options = (
        (OPTION_LABELS["serverless"], costs.serverless),
        (OPTION_LABELS["containers"], costs.containers),
        (OPTION_LABELS["vm_reserved"], costs.vm_reserved),
    )
    return tuple(_bar(option, estimate) for option, estimate in options)


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
    return f"{service}: {line.item}"


def cost_breakdown_chart_svg(costs: CostComparison) -> str:
    """Horizontal stacked bars: each option's monthly bill split into its line items."""
    return _cost_breakdown_chart_svg(costs)


@functools.lru_cache(maxsize=64)
def _cost_breakdown_chart_svg(costs: CostComparison) -> str:
    bars = breakdown_bars(costs)
    styles = _segment_styles(bars)
    # Two legend columns fit short labels; long ones ("Fargate: memory, task-hours (...)")
    # would run off the figure, so they get one column.
    columns = (
        2 if max((len(label) for label in styles), default=0) <= LEGEND_TWO_COLUMN_CHARS else 1
    )
    with _chart_style():
        legend_in = LEGEND_ROW_IN * math.ceil(len(styles) / columns) + 0.15
        height_in = BARS_HEIGHT_IN + legend_in
        figure = Figure(figsize=(CHART_WIDTH_IN, height_in))
        # Fixed margins, the legend in the band below the axes (constrained layout is slow).
        bottom = (legend_in + 0.55) / height_in
        figure.subplots_adjust(left=0.15, right=0.94, top=1 - 0.4 / height_in, bottom=bottom)
        axes = figure.add_subplot()
        for row, bar in enumerate(bars):
            _draw_bar(axes, row, bar, styles)
        _style_breakdown_axes(axes, bars)
        figure.legend(
            *_legend_entries(axes), loc="lower left", bbox_to_anchor=(0.02, 0.01), ncols=columns
        )
        return _svg(
            figure,
            title="Monthly cost by option and line item",
            description=_breakdown_description(bars),
        )


def _segment_styles(bars: tuple[Bar, ...]) -> dict[str, tuple[str, str]]:
    """Label -> (colour, hatch), in order of first appearance; "other" always grey."""
    labels: list[str] = []
    for bar in bars:
        labels.extend(label for label, _ in bar.segments if label not in labels)
    styles = {}
    for index, label in enumerate(label for label in labels if label != OTHER_LABEL):
        colour = SEGMENT_COLOURS[index % len(SEGMENT_COLOURS)]
        hatch = SEGMENT_HATCHES[(index + index // len(SEGMENT_COLOURS)) % len(SEGMENT_HATCHES)]
        styles[label] = (colour, hatch)
    if OTHER_LABEL in labels:
        styles[OTHER_LABEL] = (GREY, "")
    return styles


def _legend_entries(axes: Axes) -> tuple[list[object], list[str]]:
    """Legend handles and labels with "other" last, where a reader looks for it."""
    handles, labels = axes.get_legend_handles_labels()
    order = sorted(range(len(labels)), key=lambda index: labels[index] == OTHER_LABEL)
    return [handles[index] for index in order], [labels[index] for index in order]


def _draw_bar(axes: Axes, row: int, bar: Bar, styles: dict[str, tuple[str, str]]) -> None:
    left_usd = 0.0
    already = set(axes.get_legend_handles_labels()[1])
    for label, usd in bar.segments:
        colour, hatch = styles[label]
        axes.barh(
            row,
            usd,
            left=left_usd,
            height=0.6,
            color=colour,
            hatch=hatch,
            edgecolor="white",
            linewidth=0.8,
            label=label if label not in already else None,
        )
        already.add(label)
        left_usd += usd
    total = f"  {format_usd(bar.total_usd)}/month"
    if bar.credit_usd < 0:
        total += f" (after {format_usd(-bar.credit_usd)} free tier)"
    axes.text(left_usd, row, total, va="center", fontsize=9, fontweight="bold")


def _style_breakdown_axes(axes: Axes, bars: tuple[Bar, ...]) -> None:
    axes.set_title("Monthly cost by option")
    axes.set_yticks(range(len(bars)), [bar.option for bar in bars])
    axes.invert_yaxis()  # serverless on top, in reading order
    widest_usd = max((sum(usd for _, usd in bar.segments) for bar in bars), default=1.0)
    axes.set_xlim(0, max(widest_usd, 1.0) * 1.35)  # room for the total after each bar
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: format_usd(value)))
    axes.set_xlabel("USD per month")
    axes.grid(True, axis="x", color="#E5E5E5", linewidth=0.8)
    axes.set_axisbelow(True)
    axes.spines["top"].set_visible(False)


def _breakdown_description(bars: tuple[Bar, ...]) -> str:
    parts = []
    for bar in bars:
        items = ", ".join(f"{label} {format_usd(usd)}" for label, usd in bar.segments)
        parts.append(f"{bar.option}: {format_usd(bar.total_usd)} a month ({items or 'no items'})")
    return ". ".join(parts) + "."
