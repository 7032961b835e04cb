"""The engine that coordinates a workflow, and the Lambda invocations a workflow makes.

Workloads from an architect's review (issue 12): W27, KYC checks waiting on a vendor's
callback, 30 a second; W06, orders each running a 12-transition Express workflow.
"""

from __future__ import annotations

import pytest

from advisor.engine import evaluate
from advisor.engine.costs import compare_costs
from tests.conftest import load_workload
from tests.render.workloads import waiting_runs

# The same shape as W27 but short: 80 ms of work, runs of at most 10 s, 100 a second.
W06 = waiting_runs(
    name="W06 order orchestration 100 rps all start a workflow",
    avg_rps=100,
    peak_rps=400,
    p95_latency_ms=3000,
    avg_duration_ms=80,
    max_duration_s=10,
    sensitive_data=False,
    assumptions={"step_functions_transitions_per_execution": 12},
)


def _lines(costs, service: str, prefix: str = ""):
    return [
        line
        for line in costs.serverless.items
        if line.service == service and line.item.startswith(prefix)
    ]


def _workflow_reason(assessment) -> str:
    return next(c.reason for c in assessment.design.choices if c.topic == "workflow")


def test_waiting_runs_at_volume_are_kept_in_a_state_table_and_serverless_fits():
    # given: 78.8M runs a month, each waiting up to 10 minutes on a callback
    workload = load_workload(waiting_runs())

    # when
    assessment = evaluate(workload)
    costs = assessment.costs

    # then: no Standard transitions ($9,855 before); rows, schedules and callbacks instead
    assert assessment.design.workflow_type == "state_table"
    assert not _lines(costs, "step_functions")
    assert _lines(costs, "dynamodb", "pending runs")
    assert sum(line.monthly_usd for line in _lines(costs, "eventbridge_scheduler")) > 0
    assert costs.serverless.monthly_usd < 1_200  # was $10,490
    assert assessment.verdict.fit == "fits"  # was "does not fit" (35)
    reason = _workflow_reason(assessment)
    assert "$9,855 as Standard workflows" in reason
    assert "as Lambda durable functions" in reason


def test_few_waiting_runs_keep_a_standard_workflow_and_say_what_a_state_table_saves():
    # given: 0.2 runs a second: Standard costs $66 a month
    workload = load_workload(waiting_runs(avg_rps=0.2, peak_rps=2))

    # when
    assessment = evaluate(workload)

    # then
    assert assessment.design.workflow_type == "standard"
    assert _lines(assessment.costs, "step_functions", "state transitions")
    assert "less than the $200 that owning its code is worth" in _workflow_reason(assessment)


def test_the_state_table_must_save_what_owning_its_code_is_worth():
    # given: a team that values its time at $20,000 a month of savings
    workload = load_workload(waiting_runs(assumptions={"workflow_engine_min_saving_usd": 20_000}))

    # when
    assessment = evaluate(workload)

    # then: Standard stays, and its transitions decide the money again
    assert assessment.design.workflow_type == "standard"
    assert _lines(assessment.costs, "step_functions", "state transitions")[0].monthly_usd == (
        pytest.approx(9_855, abs=1)
    )


def test_every_lambda_invocation_of_a_workflow_is_priced():
    # given: 262.8M requests a month, each handled by the API's function, handed on by the
    # queue's function in batches of 10, and run as an Express workflow with one Lambda step
    workload = load_workload(W06)
    requests = workload.requests_per_month

    # when
    costs = compare_costs(workload)

    # then: 2.1 invocations a request, not 1 (262.8M before)
    invocations = _lines(costs, "lambda", "requests")[0].quantity * 1e6
    assert invocations == pytest.approx(requests * (1 + 1 + 0.1))


def test_more_lambda_steps_are_more_invocations_and_a_longer_express_execution():
    # given: four Lambda steps of 80 ms in each execution
    answers = W06 | {"assumptions": W06["assumptions"] | {"workflow_lambda_steps_per_execution": 4}}
    workload = load_workload(answers)
    executions = workload.requests_per_month

    # when
    costs = compare_costs(workload)

    # then: Express bills the whole execution (320 ms, billed as 400 ms at 64 MB)
    invocations = _lines(costs, "lambda", "requests")[0].quantity * 1e6
    assert invocations == pytest.approx(executions * (1 + 4 + 0.1))
    gb_hours = sum(line.quantity for line in _lines(costs, "step_functions", "Express duration"))
    assert gb_hours == pytest.approx(executions * 0.4 * 64 / 1024 / 3600)


def test_the_express_workflow_at_100_per_second_no_longer_fits_once_its_steps_are_priced():
    # given: the gap was $738 a month before, just under the $750 bar
    workload = load_workload(W06)

    # when
    assessment = evaluate(workload)

    # then
    assert assessment.design.workflow_type == "express"
    assert assessment.verdict.fit == "does_not_fit"
