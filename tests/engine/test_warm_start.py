"""Provisioned concurrency follows what the load announces: a schedule keeps the peak's
environments through known busy hours, but spikes nobody announces (spiky, unpredictable)
cannot be scheduled for, so the design keeps the peak's count all month and prices it so;
SnapStart, where the runtime has it and its restore meets the target, replaces both.
(https://docs.aws.amazon.com/autoscaling/application/userguide/services-that-can-integrate-lambda.html,
https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html)"""

from __future__ import annotations

import pytest

from advisor.engine import evaluate
from tests.conftest import load_workload, preset_answers

# The reviewer's .NET API: 20 req/s spiking to 300 unannounced, 70 ms at 1 GB, a 400 ms
# target and no slow first request accepted (a .NET cold start is about 1.5 s).
SPIKY_DOTNET = preset_answers("api-for-a-mobile-app") | {
    "name": "W10 .NET API",
    "avg_rps": 20,
    "peak_rps": 300,
    "traffic_pattern": "spiky",
    "p95_latency_ms": 400,
    "cold_start_sensitive": True,
    "runtime": "dotnet",
    "avg_duration_ms": 70,
    "memory_mb": 1024,
    "architecture": "x86_64",
    "monthly_budget_usd": None,
}
# Lambda's provisioned concurrency, us-east-1 x86_64: $0.0000041667 per GB-second.
PROVISIONED_GB_S_USD = 0.0000041667


def _provisioned_usd(assessment) -> float:
    return sum(
        line.monthly_usd
        for line in assessment.costs.serverless.items
        if line.item.startswith("provisioned concurrency")
    )


def _choice(assessment) -> str:
    return next(c.reason for c in assessment.design.choices if c.topic == "warm_starts")


def test_unannounced_spikes_keep_the_peak_s_environments_warm_all_month():
    # when
    assessment = evaluate(load_workload(SPIKY_DOTNET))
    warm = assessment.design.warm_start

    # then: 21 environments (300 req/s x 70 ms) every hour of the month, not 2.3 on
    # average through scheduled busy hours: 21 x 1 GB x 2,628,000 s x $0.0000041667
    assert (warm.kind, warm.peak_environments, warm.base_environments) == ("provisioned", 21, 21)
    assert _provisioned_usd(assessment) == pytest.approx(
        21 * 2_628_000 * PROVISIONED_GB_S_USD, rel=0.001
    )
    reason = _choice(assessment)
    assert "unannounced" in reason and "all month" in reason
    # SnapStart is weighed in the design, with the numbers that rule it out here
    assert "SnapStart" in reason and "500 ms" in reason and "400 ms target" in reason


def test_the_advice_does_not_tell_unannounced_spikes_to_schedule_warm_environments():
    # when
    assessment = evaluate(load_workload(SPIKY_DOTNET))
    advice = {hit.rule: hit.message for hit in assessment.verdict.recommendations}
    tuning = " ".join(assessment.costs.advice)

    # then
    assert "provisioned_concurrency_setup" not in advice
    assert "keep it all month" in advice["provisioned_concurrency_for_unannounced_spikes"]
    assert "Schedule it to the busy hours" not in tuning
    assert "a schedule cannot anticipate unannounced spikes" in tuning


def test_a_steady_load_still_schedules_its_warm_environments_to_the_busy_hours():
    # given: the same API whose peaks come at known hours
    steady = evaluate(load_workload(SPIKY_DOTNET | {"traffic_pattern": "steady"}))

    # then: the peak's count only through the busy hours, for a fraction of the price
    warm = steady.design.warm_start
    assert warm.base_environments < warm.peak_environments == 21
    assert "scheduled" in _choice(steady)
    assert _provisioned_usd(steady) < 0.25 * _provisioned_usd(evaluate(load_workload(SPIKY_DOTNET)))


def test_snapstart_replaces_warm_environments_when_its_restore_meets_the_target():
    # given: a 700 ms target a .NET restore (about 500 ms) plus 70 ms of work meets
    assessment = evaluate(load_workload(SPIKY_DOTNET | {"p95_latency_ms": 700}))

    # then: no environment is kept warm, so none is paid for while idle
    assert assessment.design.warm_start.kind == "snapstart"
    assert _provisioned_usd(assessment) == 0
