"""Lambda Managed Instances are named as a what-if where the design keeps the functions on
demand although a steady load would cost materially less on them: CPU-bound runs that
leave an execution environment few requests at once (the design runs only work that
shares environments there: tests/engine/test_managed_instances_design.py). Not for bursty
traffic: they scale by CPU over minutes, and traffic that more than doubles within 5
minutes may be throttled
(https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-core-concepts.html)."""

from __future__ import annotations

from advisor.engine import evaluate
from advisor.engine.costs.option_kinds import MANAGED_INSTANCES
from tests.conftest import load_workload, preset_answers

# 300 requests a second all day, each 400 ms of CPU at 2 GB (1.2 vCPU a run: no
# environment shares its vCPUs, so the design keeps them on demand).
STEADY_API = preset_answers("api-for-a-mobile-app") | {
    "avg_rps": 300,
    "peak_rps": 450,
    "traffic_pattern": "steady",
    "avg_duration_ms": 400,
    "cpu_bound": True,
    "memory_mb": 2048,
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


def test_functions_in_a_runtime_managed_instances_do_not_run_get_no_such_advice():
    # when: Go (Lambda Managed Instances run Java, Python, Node.js and .NET)
    in_go = STEADY_API | {"runtime": "go"}
    assessment = evaluate(load_workload(in_go))
    # then
    assert RULE not in _advice(assessment)
    assert not assessment.costs.priced(MANAGED_INSTANCES)
