"""How the monthly bill moves with traffic: cost curves for the break-even chart and the
"what if traffic halves / doubles / grows tenfold" table of the report.

Each point prices the same workload with its average rate changed and the peak/average
ratio held, so the shape of the load (and hence the container fleet's peak sizing) stays
what the user described.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from advisor.engine.costs import option_totals_at_rates
from advisor.engine.costs.option_kinds import ALTERNATIVES, COMPARED, OTHER_ARCHITECTURE
from advisor.engine.results import SERVERLESS, CostComparison, OffloadPart
from advisor.engine.workload import Architecture, Workload

# The options a curve point or a row of the traffic table reads (what-ifs are not drawn).
COMPARED_KEYS = frozenset(kind.key for kind in COMPARED)
_CURVE_OPTIONS = COMPARED_KEYS | {OTHER_ARCHITECTURE}
# Points priced per decade of the chart's log axis, and at most in all. On log-log axes
# the curves are smooth at six a decade (a fleet's steps are a few percent of its cost),
# and each point prices four options: a typical chart spans four or five decades.
CHART_POINTS_PER_DECADE = 6
CHART_POINTS_MAX = 40
# The chart spans this factor below the lower and above the higher of (workload rate,
# break-even), rounded out to whole decades, so both sit well inside the plot.
CHART_MARGIN_FACTOR = 30.0
# Rate used in place of zero traffic on a log axis (one request every ~17 minutes).
MIN_CHART_RPS = 0.001
DEFAULT_FACTORS = (0.5, 2.0, 10.0)


@dataclass(frozen=True)
class CurvePoint:
    avg_rps: float
    serverless_arm64_usd: float
    serverless_x86_64_usd: float
    # Each compared option's monthly cost by its key (serverless on the workload's own
    # Lambda architecture).
    usd_by_option: Mapping[str, float]

    @property
    def serverless_usd(self) -> float:
        return self.usd_by_option[SERVERLESS]

    @property
    def cheapest_alternative_usd(self) -> float:
        return min(self.usd_by_option[kind.key] for kind in ALTERNATIVES)


@dataclass(frozen=True)
class SensitivityRow:
    factor: float  # multiple of the workload's average rate
    avg_rps: float
    usd_by_option: Mapping[str, float]  # each compared option's monthly cost by its key

    @property
    def serverless_usd(self) -> float:
        return self.usd_by_option[SERVERLESS]

    @property
    def cheapest_option(self) -> str:
        """The key of the compared option that costs least (serverless, listed first, on
        ties)."""
        return min(self.usd_by_option, key=lambda key: self.usd_by_option[key])


def compared_usd(costs: CostComparison) -> dict[str, float]:
    """Each compared option's monthly cost by its key, in the registry's order."""
    return {kind.key: kind.estimate(costs).monthly_usd for kind in COMPARED}


def at_rate(workload: Workload, avg_rps: float) -> Workload:
    """The workload at another average rate, its peak/average ratio held."""
    return workload.with_changes(avg_rps=avg_rps, peak_rps=avg_rps * workload.peak_ratio)


def cost_curve(
    workload: Workload,
    avg_rps_points: Sequence[float],
    *,
    offloaded_parts: tuple[OffloadPart, ...] = (),
) -> tuple[CurvePoint, ...]:
    """Each option's monthly cost at each average rate (same design, same shape of load)."""
    return _cost_curve(workload, tuple(avg_rps_points), tuple(offloaded_parts))


@functools.lru_cache(maxsize=256)
def _cost_curve(
    workload: Workload, points: tuple[float, ...], offloaded_parts: tuple[OffloadPart, ...]
) -> tuple[CurvePoint, ...]:
    # Only these options' totals are read: no break-even search or advice per point.
    rows = option_totals_at_rates(
        workload, points, offloaded_parts=offloaded_parts, only=_CURVE_OPTIONS
    )
    return tuple(
        _curve_point(workload, rate, usd_by_key)
        for rate, usd_by_key in zip(points, rows, strict=True)
    )


def _curve_point(workload: Workload, avg_rps: float, usd_by_key: Mapping[str, float]) -> CurvePoint:
    own, other = usd_by_key[SERVERLESS], usd_by_key[OTHER_ARCHITECTURE]
    arm64_usd, x86_64_usd = (own, other) if _is_arm64(workload) else (other, own)
    return CurvePoint(
        avg_rps=avg_rps,
        serverless_arm64_usd=arm64_usd,
        serverless_x86_64_usd=x86_64_usd,
        usd_by_option=_compared(usd_by_key),
    )


def _compared(usd_by_key: Mapping[str, float]) -> dict[str, float]:
    """The compared options' totals, in the registry's order."""
    return {kind.key: usd_by_key[kind.key] for kind in COMPARED}


def _is_arm64(workload: Workload) -> bool:
    return workload.architecture == Architecture.ARM64


def traffic_sensitivity(
    workload: Workload,
    factors: Sequence[float] = DEFAULT_FACTORS,
    *,
    offloaded_parts: tuple[OffloadPart, ...] = (),
) -> tuple[SensitivityRow, ...]:
    """Each option's monthly cost if the average rate were `factor` times what it is."""
    rates = [workload.avg_rps * factor for factor in factors]
    totals = option_totals_at_rates(
        workload, rates, offloaded_parts=offloaded_parts, only=COMPARED_KEYS
    )
    return tuple(
        SensitivityRow(factor=factor, avg_rps=avg_rps, usd_by_option=_compared(usd_by_key))
        for factor, avg_rps, usd_by_key in zip(factors, rates, totals, strict=True)
    )


def chart_rate_points(
    workload: Workload, *, break_even_avg_rps: float | None = None
) -> tuple[float, ...]:
    """Log-spaced average rates spanning whole decades well below and above both the
    workload's rate and the break-even, CHART_POINTS_PER_DECADE a decade (CHART_POINTS_MAX
    at most); both exact values are included, so the curves pass through the workload's
    own point."""
    marks = [max(workload.avg_rps, MIN_CHART_RPS)]
    if break_even_avg_rps is not None and break_even_avg_rps > 0:
        marks.append(break_even_avg_rps)
    low_decade = math.floor(math.log10(min(marks) / CHART_MARGIN_FACTOR))
    high_decade = math.ceil(math.log10(max(marks) * CHART_MARGIN_FACTOR))
    decades = high_decade - low_decade
    count = min(decades * CHART_POINTS_PER_DECADE + 1, CHART_POINTS_MAX)
    step = decades / (count - 1)
    spaced = {10 ** (low_decade + step * index) for index in range(count)}
    return tuple(sorted(spaced | set(marks)))
