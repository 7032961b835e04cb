"""Runs longer than Lambda's limit, priced as the design an expert would build.

One Fargate task per run that a Standard workflow starts works only while runs start no
faster than Fargate launches tasks (20 a second per account and Region, sustained:
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/throttling.html). Above that,
an always-on service works the queue; the function that hands a run on is priced at the
glue functions' size; and a design with no function left gets no advice for functions.
"""

from __future__ import annotations

import pytest

from advisor.engine import evaluate
from advisor.engine.architecture.catalog import pattern_catalog
from advisor.engine.platform import limit
from advisor_tooling.decision_cases import decision_cases
from tests.conftest import load_workload
from tests.render.workloads import long_report_job


def _case(case_id: str):
    answers = next(case.workload for case in decision_cases() if case.id == case_id)
    return load_workload(answers)


def _services(estimate) -> set[str]:
    return {line.service for line in estimate.items}


def test_a_stream_processor_above_fargate_s_launch_rate_is_priced_as_a_worker_service():
    # given: 20,000 events/s from a queue, each run up to a day (30,000/s at the peak)
    workload = _case("always-on-stream-processor")

    # when
    assessment = evaluate(workload)
    costs = assessment.costs
    serverless, containers = costs.serverless, costs.estimate("containers")

    # then: the containers option's own fleet works the queue, so the two figures meet
    # (it was $7.36M a month: a Standard execution, a task and an 8 GB function per event)
    assert serverless.monthly_usd == pytest.approx(containers.monthly_usd, rel=0.05)
    assert serverless.monthly_usd < 200_000
    assert not _services(serverless) & {"step_functions", "lambda"}
    assert assessment.verdict.fit.value == "does_not_fit"
    assert not assessment.architecture.functions


def test_the_worker_service_choice_says_why_one_task_per_run_cannot_keep_up():
    # given
    workload = _case("always-on-stream-processor")

    # when
    design = evaluate(workload).design
    choice = next(c for c in design.choices if c.topic == "jobs")

    # then
    sustained = f"{limit('fargate_task_launches_per_s'):g} tasks a second"
    assert choice.choice == "worker_service"
    assert sustained in choice.reason and "30,000 a second" in choice.reason
    assert design.workflow_type is None and design.job_task is None


def test_what_could_still_be_serverless_promises_no_workflow_starting_tasks():
    # given
    workload = _case("always-on-stream-processor")

    # when
    reasons = " ".join(r.message for r in evaluate(workload).verdict.reasons)

    # then
    assert "an SQS queue can hold the work waiting" in reasons
    assert "Step Functions can start the tasks" not in reasons


@pytest.mark.parametrize(("avg_rps", "peak_rps"), [(5, 10), (15, 20)])
def test_queued_long_runs_within_the_launch_rate_stay_one_task_per_run(avg_rps, peak_rps):
    # given: a 40-minute run queued at most 20 times a second
    workload = load_workload(
        long_report_job(triggers=["queue"], auth="iam", avg_rps=avg_rps, peak_rps=peak_rps)
    )

    # when
    design = evaluate(workload).design

    # then
    assert next(c.choice for c in design.choices if c.topic == "jobs") == "fargate_task"
    assert design.workflow_type == "standard" and design.job_task is not None


def test_the_function_that_hands_a_run_on_is_priced_and_built_at_the_glue_size():
    # given: five 40-minute runs queued a second, each needing 4 GB
    workload = load_workload(
        long_report_job(triggers=["queue"], auth="iam", avg_rps=5, peak_rps=10)
    )

    # when
    assessment = evaluate(workload)
    (worker,) = assessment.architecture.functions
    lambda_usd = sum(
        line.monthly_usd for line in assessment.costs.serverless.items if line.service == "lambda"
    )

    # then: 13.1M hand-offs a month of 100 ms at 256 MB, with their cold starts' INIT, cost
    # about $9 (at the run's 4 GB, as before, about $150)
    glue_mb = pattern_catalog().sizing.glue_memory_mb
    assert lambda_usd < 15
    assert worker.id == "queue_worker" and worker.memory_mb == glue_mb


def test_orders_on_raw_tcp_connections_pay_for_one_network_load_balancer_only():
    # given: the orders are the traffic on the traders' TCP connections
    workload = _case("trading-order-matching")

    # when
    assessment = evaluate(workload)
    serverless = assessment.costs.serverless
    drawn = {c.id for c in assessment.architecture.components}

    # then: one fleet behind its NLB, as the containers option prices it
    assert "nlb" in _services(serverless) and "alb" not in _services(serverless)
    assert serverless.monthly_usd == pytest.approx(
        assessment.costs.estimate("containers").monthly_usd, rel=0.01
    )
    assert {"connection_nlb", "connection_service"} <= drawn
    assert not {"hot_path_alb", "hot_path_service"} & drawn


@pytest.mark.parametrize("case_id", ["trading-order-matching", "always-on-stream-processor"])
def test_a_design_with_no_function_left_gets_no_advice_for_functions(case_id):
    # given
    workload = _case(case_id)

    # when
    assessment = evaluate(workload)
    notes = " ".join(assessment.costs.serverless.notes)
    advice = " ".join(assessment.costs.advice)
    recommended = {r.rule for r in assessment.verdict.recommendations}

    # then
    assert not assessment.architecture.functions
    assert "Lambda on" not in notes and "batches" not in notes
    assert "arm64" not in advice and "Memory right-sizing" not in advice
    assert not recommended & {
        "arm64_costs_less",
        "right_size_memory_for_cpu",
        "right_size_memory_for_io",
        "reserved_concurrency_cap",
    }
