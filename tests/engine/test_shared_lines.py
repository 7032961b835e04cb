"""The lines every option pays alike are counted as the design does the work: per request,
or per batch where queued or streamed events are read in batches."""

from __future__ import annotations

from advisor.engine import evaluate
from tests.conftest import load_workload

# Telemetry through SQS, 1,000 messages a second, read ten at a time.
QUEUED_TELEMETRY = {
    "name": "Telemetry through SQS",
    "avg_rps": 1000,
    "peak_rps": 1500,
    "traffic_pattern": "steady",
    "p95_latency_ms": 60000,
    "runtime": "python",
    "avg_duration_ms": 200,
    "max_duration_s": 30,
    "memory_mb": 512,
    "data_store": "key_value",
    "triggers": ["queue"],
    "auth": "iam",
}


def _traces(estimate) -> float:
    """Traces recorded a month (the line counts millions)."""
    (line,) = [line for line in estimate.items if line.item.startswith("traces recorded")]
    return line.quantity * 1e6


def test_a_trace_follows_a_batch_of_queued_messages_not_each_message():
    # given: 2.63 billion messages a month in batches of 10
    assessment = evaluate(load_workload(QUEUED_TELEMETRY))

    # when
    traces = _traces(assessment.costs.shared)

    # then: 262.8 million batches: the first each second (2.63 million) and 5% of the
    # rest (13 million); one trace per message recorded 134 million ($670 against $78)
    assert 14e6 < traces < 17e6, traces


def test_a_request_is_traced_on_its_own():
    # given: the same rate as HTTP requests, each its own invocation
    answers = QUEUED_TELEMETRY | {"triggers": ["http"], "p95_latency_ms": 1000}
    assessment = evaluate(load_workload(answers))

    # then: 2.63 million + 5% of the other 2.63 billion
    assert 130e6 < _traces(assessment.costs.shared) < 137e6
