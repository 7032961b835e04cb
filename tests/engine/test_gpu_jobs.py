"""GPU work nobody waits on is grouped into AWS Batch jobs: items of milliseconds share one
workflow execution, one Batch job and one model load per group; items of minutes stay one
per job (issue 12: a job per 20 ms item cost $7,555 a month in state transitions alone)."""

from __future__ import annotations

import math

import pytest

from advisor.engine import evaluate
from advisor.engine.costs.model import assumption_values
from advisor.questionnaire import workload_from_answers

# Image classification of small items fed from a queue: 23 a second, 20 ms of GPU each,
# results wanted within 10 minutes; each message carries a 1 KB reference to its item.
SMALL_ITEMS = {
    "name": "Small images classified on GPUs",
    "avg_rps": 23,
    "peak_rps": 40,
    "traffic_pattern": "steady",
    "p95_latency_ms": 600_000,
    "runtime": "python",
    "avg_duration_ms": 20,
    "max_duration_s": 1,
    "memory_mb": 8192,
    "cpu_bound": True,
    "gpu_required": True,
    "data_store": "object",
    "triggers": ["queue"],
    "payload_kb": 1,
    "auth": "iam",
}
# Items of 10 s, and of 30 minutes (a video each).
MEDIUM_ITEMS = SMALL_ITEMS | {
    "avg_rps": 0.5,
    "peak_rps": 2,
    "avg_duration_ms": 10_000,
    "max_duration_s": 30,
}
LONG_ITEMS = SMALL_ITEMS | {
    "avg_rps": 0.002,
    "peak_rps": 0.05,
    "avg_duration_ms": 1_800_000,
    "max_duration_s": 3600,
}
# The same small items classified once a day, 2 million a day.
DAILY_BATCH = SMALL_ITEMS | {
    "avg_rps": 23.15,
    "peak_rps": 2000,
    "traffic_pattern": "scheduled",
    "p95_latency_ms": 3_600_000,
    "triggers": ["schedule"],
}
TRANSITION_PRICE_USD = 0.025 / 1000


def _assess(answers: dict):
    workload = workload_from_answers(answers)
    return workload, evaluate(workload)


def _line(assessment, service: str):
    return next(line for line in assessment.costs.serverless.items if line.service == service)


def _transitions(assessment) -> float:
    return _line(assessment, "step_functions").quantity * 1000


@pytest.mark.parametrize(
    ("answers", "items_per_job"),
    # 20 ms items: what arrives in the 240 s window (23 x 240), 6 MB holding 6,144 messages;
    # 10 s items: 5 minutes of work; a daily batch: 5 minutes of 20 ms items.
    [(SMALL_ITEMS, 5_520), (MEDIUM_ITEMS, 30), (DAILY_BATCH, 15_000)],
    ids=["20-ms-items-queued", "10-s-items-queued", "20-ms-items-daily"],
)
def test_short_items_share_one_execution_job_and_model_load_per_group(answers, items_per_job):
    # given
    workload, assessment = _assess(answers)
    a = assumption_values(workload)
    jobs = workload.requests_per_month / items_per_job

    # when
    transitions = _transitions(assessment)
    gpu_hours = next(line for line in assessment.costs.shared.items if line.service == "ec2")

    # then: transitions per group, not per item
    assert assessment.design.gpu_jobs.items_per_job == items_per_job
    per_execution = a["step_functions_transitions_per_execution"]
    assert transitions == pytest.approx(jobs * per_execution, rel=1e-6)
    assert transitions * 10 < workload.requests_per_month * per_execution
    # and the GPU is held for each job's model load, then its items
    busy_s = jobs * a["gpu_job_model_load_s"] + workload.requests_per_month * (
        workload.avg_duration_ms / 1000
    )
    assert gpu_hours.quantity == pytest.approx(
        busy_s / 3600 / a["gpu_instance_utilisation"], rel=1e-6
    )


def test_the_reviewer_s_20_ms_items_no_longer_cost_thousands_in_transitions():
    # given: 60 million items a month; a job each made 302 million transitions ($7,555)
    workload, assessment = _assess(SMALL_ITEMS)

    # when
    transitions_usd = _line(assessment, "step_functions").monthly_usd

    # then
    assert workload.requests_per_month > 60e6
    assert transitions_usd < 10


def test_an_item_of_minutes_stays_one_per_job_with_its_model_load():
    # given
    workload, assessment = _assess(LONG_ITEMS)
    a = assumption_values(workload)

    # when
    jobs = assessment.design.gpu_jobs
    gpu_hours = next(line for line in assessment.costs.shared.items if line.service == "ec2")

    # then
    assert jobs.items_per_job == 1
    per_execution = a["step_functions_transitions_per_execution"]
    assert _transitions(assessment) == pytest.approx(
        workload.requests_per_month * per_execution, rel=1e-6
    )
    per_job_s = a["gpu_job_model_load_s"] + workload.avg_duration_ms / 1000
    expected_h = workload.requests_per_month * per_job_s / 3600 / a["gpu_instance_utilisation"]
    assert gpu_hours.quantity == pytest.approx(expected_h, rel=1e-6)


def test_the_group_fits_in_one_invocation_s_six_megabytes():
    # given: 4 KB messages, so 6 MB carries 1,536 of them (5 min of 20 ms items is 15,000)
    _, assessment = _assess(SMALL_ITEMS | {"payload_kb": 4})

    # when
    jobs = assessment.design.gpu_jobs

    # then
    assert jobs.batch_size == math.floor(6 * 1024 / 4)
    assert jobs.limited_by == "payload"


def test_the_group_waits_no_longer_than_the_latency_target_allows():
    # given: results wanted within 3 minutes; a job loads its model (60 s) and works 5 min
    _, assessment = _assess(SMALL_ITEMS | {"p95_latency_ms": 180_000})

    # when
    jobs = assessment.design.gpu_jobs

    # then: nothing is left for gathering, so Lambda passes what is waiting, 10 at most
    assert jobs.batching_window_s == 0
    assert jobs.items_per_job == 10


def test_the_reason_says_why_in_numbers():
    # given
    workload, assessment = _assess(SMALL_ITEMS)

    # when
    reason = next(c.reason for c in assessment.design.choices if c.topic == "gpu")

    # then
    jobs = assessment.design.gpu_jobs
    assert "20 ms of GPU time each" in reason
    assert f"{workload.requests_per_month:,.0f} executions" in reason
    assert f"each job here works {jobs.items_per_job:,} items" in reason
    assert f"{jobs.jobs_for(workload.requests_per_month):,.0f} jobs" in reason
    assert "3-5 minutes" in reason
    assert f"for up to {jobs.batching_window_s} s" in reason


def test_the_reason_for_long_items_says_each_is_a_job_of_its_own():
    # when
    _, assessment = _assess(LONG_ITEMS)

    # then
    reason = next(c.reason for c in assessment.design.choices if c.topic == "gpu")
    assert "Each item is a job of its own (30 min of GPU work" in reason
    assert "loads the model first (about 60 s)" in reason


def test_a_synchronous_gpu_service_has_no_job_grouping():
    # when: the caller waits for each answer
    _, assessment = _assess(SMALL_ITEMS | {"triggers": ["http"], "p95_latency_ms": 500})

    # then
    assert assessment.design.gpu_jobs is None


def test_no_advice_to_batch_ten_messages_where_the_design_gathers_groups():
    # when
    _, assessment = _assess(SMALL_ITEMS)

    # then: the queue's function already takes thousands of items per invocation
    assert not [text for text in assessment.costs.advice if text.startswith("SQS batching")]


def test_the_gathering_function_runs_once_per_group():
    # given
    workload, assessment = _assess(SMALL_ITEMS)
    jobs = assessment.design.gpu_jobs

    # when
    invocations = sum(
        line.quantity * 1e6
        for line in assessment.costs.serverless.items
        if line.service == "lambda" and line.item.startswith("requests")
    )

    # then: one hand-on per group of 5,520, not one per 10 messages (6 million a month)
    assert invocations == pytest.approx(jobs.jobs_for(workload.requests_per_month), rel=1e-6)
