"""Lambda Managed Instances are named where they change the answer: a steady API that
on-demand Lambda bills materially more than a fleet, where the same functions on EC2
capacity Lambda manages close at least half of that gap. Not for bursty traffic: they scale
by CPU over minutes, and traffic that more than doubles within 5 minutes may be throttled
(https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-core-concepts.html)."""

from __future__ import annotations

from advisor.engine import evaluate
from advisor.engine.costs.option_kinds import MANAGED_INSTANCES
from tests.conftest import load_workload, preset_answers

# 300 requests a second all day, each 400 ms mostly waiting on the data store.
STEADY_API = preset_answers("api-for-a-mobile-app") | {
    "avg_rps": 300,
    "peak_rps": 450,
    "traffic_pattern": "steady",
    "avg_duration_ms": 400,
}
RULE = "managed_instances_cut_the_bill"


def _advice(assessment) -> dict[str, str]:
    return {hit.rule: hit.message for hit in assessment.verdict.recommendations}


def test_a_steady_api_dearer_on_lambda_is_told_what_managed_instances_would_cost():
    # when
    assessment = evaluate(load_workload(STEADY_API))
    # then: the advice quotes the what-if's own estimate on the lines that differ
    costs = assessment.costs
    managed = costs.differing_usd(costs.estimate(MANAGED_INSTANCES))
    on_demand = costs.differing_usd(costs.serverless)
    assert on_demand - managed > 1000
    message = _advice(assessment)[RULE]
    assert f"${managed:,.0f} a month" in message and f"${on_demand:,.0f} on demand" in message


def test_bursty_traffic_is_not_sent_to_capacity_that_scales_over_minutes():
    # when: the same average, but 10x bursts
    bursty = STEADY_API | {"traffic_pattern": "spiky", "peak_rps": 3000}
    # then
    assert RULE not in _advice(evaluate(load_workload(bursty)))


def test_an_api_lambda_already_serves_cheaply_gets_no_such_advice():
    # when: 5 requests a second
    quiet = STEADY_API | {"avg_rps": 5, "peak_rps": 7.5}
    # then
    assert RULE not in _advice(evaluate(load_workload(quiet)))
