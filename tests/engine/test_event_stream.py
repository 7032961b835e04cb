"""High-volume published events go through a Kinesis data stream read by Lambda in
batches, not an SNS topic that charges and invokes a function per event (issue 12: "design
and price high-volume event streams as an expert would build them").

The hand-worked figures use us-east-1's published rates (knowledge/pricing/kinesis.yaml,
https://aws.amazon.com/kinesis/data-streams/pricing/): a shard $0.015 an hour and $0.014
per million 25 KB PUT payload units provisioned; on-demand $0.04 a stream-hour, $0.08 per
GB in (each record rounded up to 1 KB) and $0.04 per GB read. A month is 730 hours.
"""

from __future__ import annotations

import math

import pytest

from advisor.engine import evaluate
from advisor.engine.costs import services as svc
from advisor.engine.costs.catalog import pricing_catalog
from advisor.engine.costs.lines import total_usd
from advisor.questionnaire import workload_from_answers
from advisor_tooling.decision_cases import decision_cases

SECONDS_PER_MONTH = 730 * 3600
SHARD_HOUR_USD = 0.015
PUT_UNITS_PER_MILLION_USD = 0.014
LAMBDA_REQUESTS_PER_MILLION_USD = 0.20

TELEMETRY = {
    "name": "Fleet telemetry",
    "avg_rps": 20_000,
    "peak_rps": 30_000,
    "traffic_pattern": "steady",
    "p95_latency_ms": 60_000,
    "runtime": "python",
    "avg_duration_ms": 5,
    "max_duration_s": 10,
    "memory_mb": 512,
    "data_store": "object",
    "triggers": ["pubsub"],
    "payload_kb": 1,
    "avg_response_kb": 0,
    "auth": "iam",
}


def _assess(**changes):
    return evaluate(workload_from_answers({**TELEMETRY, **changes}))


def _lines(assessment, service: str):
    """The serverless estimate's lines of one service (the shared lines included)."""
    return [line for line in assessment.costs.serverless.items if line.service == service]


def test_twenty_thousand_events_a_second_pay_no_sns_charge_per_event():
    # when
    assessment = _assess()

    # then
    assert not _lines(assessment, "sns")
    assert assessment.design.event_stream is not None
    assert {c.id for c in assessment.architecture.components} >= {"event_stream"}
    assert "event_topic" not in {c.id for c in assessment.architecture.components}


def test_the_stream_is_priced_at_the_published_rates_to_the_cent():
    # given: 20,000 events/s of 1 KB is 52.56 billion records a month; the provisioned
    # stream carries the 30,000 events/s peak at 1,000 records a shard: 30 shards
    # (150 runs at once at 5 ms each need only 15 shards at 10 batches a shard).
    records = 20_000 * SECONDS_PER_MONTH
    shards = math.ceil(30_000 / 1000)
    provisioned_usd = shards * 730 * SHARD_HOUR_USD + records / 1e6 * PUT_UNITS_PER_MILLION_USD
    on_demand_usd = 730 * 0.04 + records / 1024**2 * (0.08 + 0.04)

    # when
    assessment = _assess()

    # then: provisioned ($1,064.34) is the cheaper by far ($6,044.21 on demand)
    stream = assessment.design.event_stream
    assert stream.mode == "provisioned" and stream.shards == shards
    assert round(sum(line.monthly_usd for line in _lines(assessment, "kinesis")), 2) == round(
        provisioned_usd, 2
    )
    assert round(provisioned_usd, 2) == 1064.34 and on_demand_usd > 5 * provisioned_usd
    chosen = next(c for c in assessment.design.choices if c.topic == "events")
    assert "$6,044" in chosen.reason and "$1,064" in chosen.reason


def test_lambda_is_invoked_once_per_batch_not_once_per_event():
    # given: a shard takes 667 events/s at the average; 5 batches in flight per shard
    # gather 133 a second each, over the 5-second window: full batches of 100.
    events = 20_000 * SECONDS_PER_MONTH

    # when
    assessment = _assess()

    # then
    # (the functions' requests, on demand or on the managed instances a steady stream
    # runs them on: $0.20 a million either way)
    batch = assessment.design.event_stream.batch_size
    functions = _lines(assessment, "lambda") + _lines(assessment, "lambda_managed_instances")
    requests = next(line for line in functions if line.item.startswith("requests"))
    assert requests.quantity * 1e6 == pytest.approx(events / batch)
    assert requests.monthly_usd == pytest.approx(events / batch / 1e6 * 0.20)


def test_objects_are_written_per_batch_not_per_event():
    # when
    assessment = _assess()

    # then
    batch = assessment.design.event_stream.batch_size
    puts = next(line for line in _lines(assessment, "s3") if line.item.startswith("PUT"))
    assert puts.quantity * 1000 == pytest.approx(20_000 * SECONDS_PER_MONTH / batch)


def test_the_stream_is_a_line_every_option_shares():
    # when: a fleet consuming the events reads the same stream
    assessment = _assess()

    # then: the same lines in every option, so the verdict turns on the compute
    costs = assessment.costs
    shared = [line for line in costs.shared.items if line.service == "kinesis"]
    assert shared
    for option in costs.options:
        assert [line for line in option.estimate.items if line.service == "kinesis"] == shared


def test_slow_work_takes_more_shards_than_the_writes_need():
    # given: 200 ms per event at the 30,000/s peak keeps 6,000 runs busy; Lambda runs at
    # most 10 batches a shard at once, so the stream needs 600 shards, not 30.

    # when
    stream = _assess(avg_duration_ms=200).design.event_stream

    # then
    assert stream.parallelization_factor == 10
    assert stream.shards * stream.parallelization_factor >= 30_000 * 0.2
    assert stream.shards == 600


def test_a_thin_spiky_stream_can_be_cheaper_on_demand():
    # given: 100 events/s on average, 40 KB each, with bursts to 4,000/s (156 MB/s, within
    # an on-demand stream's 200 MB/s): 157 shards sized for the bursts all month cost
    # $1,719 and more, where on demand 10,025 GB in and read once cost $1,232.

    # when
    stream = _assess(avg_rps=100, peak_rps=4_000, payload_kb=40).design.event_stream

    # then
    assert stream.mode == "on_demand"


def test_five_events_a_second_keep_the_simple_topic():
    # when
    assessment = _assess(avg_rps=5, peak_rps=20)

    # then
    components = {c.id for c in assessment.architecture.components}
    assert assessment.design.event_stream is None
    assert _lines(assessment, "sns") and not _lines(assessment, "kinesis")
    assert "event_topic" in components and "event_stream" not in components
    assert {fn.id for fn in assessment.architecture.functions} == {"event_subscriber"}


def test_a_region_without_recorded_stream_rates_keeps_the_topic():
    # when
    assessment = _assess(region="eu-west-1")

    # then
    assert assessment.design.event_stream is None
    assert _lines(assessment, "sns")


# --- workloads the rule was not written for ------------------------------------------------

_CASES = {case.id: case for case in decision_cases()}


def _case(case_id: str):
    return evaluate(workload_from_answers(_CASES[case_id].workload))


def test_a_busy_chat_publishing_its_messages_streams_them():
    # given: 3,000 messages/s through a WebSocket API, each published to subscribers
    assessment = _case("websocket-chat-100k-connections")

    # then: the stream replaces the topic; the HTTP path still runs once per request
    assert assessment.design.event_stream is not None
    assert not _lines(assessment, "sns") and _lines(assessment, "kinesis")
    assert "event_consumer" in {fn.id for fn in assessment.architecture.functions}


def test_telemetry_already_on_a_queue_keeps_its_queue_batches():
    # given: 300 messages/s taken from SQS ten at a time, no published events
    assessment = _case("iot-telemetry-through-sqs")

    # then
    assert assessment.design.event_stream is None
    assert not _lines(assessment, "kinesis")


def test_a_quiet_chat_keeps_its_topic():
    # given: the team chat publishes 5 messages a second
    assessment = _case("team-chat-2000-websockets")

    # then
    assert assessment.design.event_stream is None
    assert _lines(assessment, "sns")


def test_the_volume_threshold_is_where_the_topic_starts_to_cost_more_than_a_stream():
    # given: the stated threshold, and the smallest stream (one provisioned shard)
    threshold = pricing_catalog().assumptions["event_stream_min_events_per_s"].default
    table = pricing_catalog().table("us-east-1")

    def topic_usd(rate: float) -> float:
        lines = svc.sns_lines(
            table, publishes=rate * SECONDS_PER_MONTH, payload_kb=1, free_tier=False
        )
        return total_usd(lines)

    def stream_usd(rate: float) -> float:
        lines = svc.kinesis_lines(
            table,
            mode="provisioned",
            shards=1,
            hours=730,
            records=rate * SECONDS_PER_MONTH,
            record_kb=1,
        )
        return total_usd(lines)

    # then: from the threshold the stream is the cheaper; at half of it, the topic
    assert topic_usd(threshold) >= stream_usd(threshold)
    assert topic_usd(threshold / 2) < stream_usd(threshold / 2)
