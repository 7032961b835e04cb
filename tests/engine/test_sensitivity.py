"""Cost curves and traffic sensitivity: the numbers behind the break-even chart."""

from __future__ import annotations

import itertools
import math

import pytest

from advisor.engine import evaluate
from advisor.engine.costs import compare_costs
from advisor.engine.sensitivity import (
    CurvePoint,
    SensitivityRow,
    at_rate,
    chart_rate_points,
    cost_curve,
    traffic_sensitivity,
)
from advisor.engine.workload import Architecture, TrafficPattern
from tests.conftest import load_workload, preset_answers

# Relative distance from the break-even at which the cheaper option must have flipped.
CROSSING_TOLERANCE = 0.02


def _steady(workload):
    """The same workload with a steady load (peak 1.5x average): its curves do cross."""
    return workload.with_changes(
        traffic_pattern=TrafficPattern.STEADY, peak_rps=workload.avg_rps * 1.5
    )


def test_it_holds_the_peak_to_average_ratio_when_the_rate_moves(mobile_api):
    # when
    moved = at_rate(mobile_api, 250.0)
    # then
    assert moved.avg_rps == 250.0
    assert moved.peak_rps / moved.avg_rps == pytest.approx(mobile_api.peak_rps / mobile_api.avg_rps)
    assert moved.with_changes(avg_rps=mobile_api.avg_rps, peak_rps=mobile_api.peak_rps) == (
        mobile_api
    )


def test_every_option_costs_no_less_as_the_rate_grows(preset_workload):
    # given
    points = chart_rate_points(preset_workload)
    # when
    curve = cost_curve(preset_workload, points)
    # then
    for option in ("serverless", "containers", "vm_reserved"):
        values = [point.usd_by_option[option] for point in curve]
        assert all(later >= earlier - 1e-9 for earlier, later in itertools.pairwise(values))
        assert values[-1] > values[0]


def test_the_curve_passes_through_the_workloads_own_costs(preset_workload):
    # given
    assessment = evaluate(preset_workload)
    parts = assessment.verdict.offloaded_parts
    # when
    (point,) = cost_curve(preset_workload, [preset_workload.avg_rps], offloaded_parts=parts)
    # then
    for option in assessment.costs.options[:3]:
        assert point.usd_by_option[option.key] == pytest.approx(option.estimate.monthly_usd)


@pytest.mark.parametrize("architecture", list(Architecture))
def test_it_prices_serverless_on_both_architectures(mobile_api, architecture):
    # given
    workload = mobile_api.with_changes(architecture=architecture)
    costs = compare_costs(workload)
    # when
    (point,) = cost_curve(workload, [workload.avg_rps])
    # then
    by_architecture = {
        Architecture.ARM64: point.serverless_arm64_usd,
        Architecture.X86_64: point.serverless_x86_64_usd,
    }
    assert by_architecture[architecture] == pytest.approx(costs.serverless.monthly_usd)
    other = next(arch for arch in Architecture if arch != architecture)
    other_usd = costs.estimate("serverless_other_architecture").monthly_usd
    assert by_architecture[other] == pytest.approx(other_usd)
    assert point.serverless_usd == by_architecture[architecture]


@pytest.mark.parametrize("name", ["real-time-chat", "api-for-a-mobile-app", "nightly-batch-job"])
def test_the_break_even_sits_where_serverless_and_the_cheapest_alternative_cross(name):
    # given
    workload = load_workload(preset_answers(name))
    if name != "real-time-chat":  # the spiky presets never cross; a steady load does
        workload = _steady(workload)
    break_even = compare_costs(workload).break_even_avg_rps
    assert break_even is not None
    # when
    below, above = cost_curve(
        workload, [break_even * (1 - CROSSING_TOLERANCE), break_even * (1 + CROSSING_TOLERANCE)]
    )
    # then
    assert below.serverless_usd < below.cheapest_alternative_usd
    assert above.serverless_usd > above.cheapest_alternative_usd


def test_the_chart_spans_whole_decades_around_the_rate_and_the_break_even(realtime_chat):
    # given
    break_even = compare_costs(realtime_chat).break_even_avg_rps
    # when
    points = chart_rate_points(realtime_chat, break_even_avg_rps=break_even)
    # then
    assert realtime_chat.avg_rps in points and break_even in points
    assert list(points) == sorted(set(points))
    low, high = points[0], points[-1]
    decades = round(math.log10(high / low))
    assert decades * 6 + 1 <= len(points) <= decades * 6 + 3
    assert math.log10(low).is_integer() and math.log10(high) == pytest.approx(
        round(math.log10(high))
    )
    assert low <= min(realtime_chat.avg_rps, break_even) / 30
    assert high >= max(realtime_chat.avg_rps, break_even) * 30


def test_the_chart_handles_a_workload_with_no_traffic(mobile_api):
    # given
    idle = mobile_api.with_changes(avg_rps=0.0)
    # when
    points = chart_rate_points(idle)
    curve = cost_curve(idle, points)
    # then
    assert all(point > 0 for point in points)
    assert len(curve) == len(points)


@pytest.mark.parametrize("factors", [(0.5, 2.0, 10.0), (1.0,), (0.1, 100.0)])
def test_traffic_sensitivity_prices_each_multiple_of_the_rate(mobile_api, factors):
    # when
    rows = traffic_sensitivity(mobile_api, factors)
    # then
    assert [row.factor for row in rows] == list(factors)
    for row in rows:
        assert row.avg_rps == pytest.approx(mobile_api.avg_rps * row.factor)
        costs = compare_costs(at_rate(mobile_api, row.avg_rps))
        assert row.serverless_usd == pytest.approx(costs.serverless.monthly_usd)
        for key in ("containers", "vm_reserved"):
            assert row.usd_by_option[key] == pytest.approx(costs.estimate(key).monthly_usd)


def test_traffic_sensitivity_defaults_to_half_double_and_tenfold(mobile_api):
    # when
    rows = traffic_sensitivity(mobile_api)
    # then
    assert [row.factor for row in rows] == [0.5, 2.0, 10.0]


@pytest.mark.parametrize(
    ("serverless", "containers", "vm", "cheapest"),
    [
        (10.0, 20.0, 30.0, "serverless"),
        (30.0, 20.0, 25.0, "containers"),
        (30.0, 20.0, 15.0, "vm_reserved"),
        (20.0, 20.0, 20.0, "serverless"),
    ],
)
def test_a_row_names_its_cheapest_option(serverless, containers, vm, cheapest):
    # given
    row = SensitivityRow(
        1.0, 1.0, {"serverless": serverless, "containers": containers, "vm_reserved": vm}
    )
    # when / then
    assert row.cheapest_option == cheapest


def test_a_curve_point_knows_its_cheapest_alternative():
    # given
    point = CurvePoint(1.0, 5.0, 6.0, {"serverless": 5.0, "containers": 9.0, "vm_reserved": 7.0})
    # when / then
    assert point.cheapest_alternative_usd == 7.0
