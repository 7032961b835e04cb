"""The cost drivers ("what would change the verdict" through the money): each answer they
name changes the fit to the one they say, and the edge is where they say it is."""

from __future__ import annotations

from dataclasses import replace

import pytest

from advisor.engine import evaluate, fit_of
from advisor.engine.drivers import cost_driver_thresholds
from advisor.engine.numbers import format_rps
from advisor.engine.workload import Workload
from advisor.questionnaire import workload_from_answers
from advisor_tooling.decision_cases import decision_cases

# A rate is given to three significant figures: the edge is found at least this closely.
RATE_PRECISION = 1.002


def _with_rate(workload: Workload, avg_rps: float) -> Workload:
    factor = avg_rps / workload.avg_rps
    return replace(workload, avg_rps=avg_rps, peak_rps=workload.peak_rps * factor)


def _traffic_thresholds() -> list[tuple[str, Workload, object]]:
    found = []
    for case in decision_cases():
        workload = workload_from_answers(case.workload)
        for threshold in cost_driver_thresholds(workload, evaluate(workload)):
            if threshold.field == "avg_rps":
                found.append((case.id, workload, threshold))
    return found


TRAFFIC = _traffic_thresholds()


def test_the_benchmark_has_traffic_edges_to_check():
    assert len(TRAFFIC) >= 10


@pytest.mark.parametrize(("case", "workload", "threshold"), TRAFFIC, ids=lambda v: str(v)[:40])
def test_a_traffic_edge_is_where_the_fit_changes_to_the_one_it_names(case, workload, threshold):
    today = fit_of(workload)
    up = threshold.threshold > workload.avg_rps
    # Rates a step of the search's precision nearer today's (fleet sizes step, so the fit
    # may flicker right at an edge: one of them keeps today's fit)
    nearer = [
        threshold.threshold / RATE_PRECISION**step
        if up
        else threshold.threshold * RATE_PRECISION**step
        for step in (1, 2, 3)
    ]

    assert fit_of(_with_rate(workload, threshold.threshold)) == threshold.fit_after != today
    assert today in {fit_of(_with_rate(workload, rate)) for rate in nearer}
    assert format_rps(threshold.threshold) in threshold.message
