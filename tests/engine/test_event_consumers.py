"""An order event read by billing, shipping, search, analytics... was priced and designed
as if one consumer read it. `event_consumers` says how many independent consumers read
each published event; each does its own work and has its own reader.

Hand-worked figures use us-east-1's published rates (knowledge/pricing/kinesis.yaml, from
https://aws.amazon.com/kinesis/data-streams/pricing/): a provisioned shard $0.015 an hour,
an enhanced fan-out consumer $0.015 per consumer-shard hour and $0.013 per GB it reads;
SQS $0.40 per million requests. A month is 730 hours (2,628,000 s).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from advisor.engine import evaluate
from advisor.engine.costs.model import assumption_values, make_context
from advisor.engine.drivers import cost_driver_thresholds
from advisor.engine.results import Fit
from tests.conftest import load_workload
from tests.render.workloads import order_events

SECONDS_PER_MONTH = 730 * 3600
KB_PER_GB = 1024**2
EFO_CONSUMER_SHARD_HOUR_USD = 0.015
EFO_PER_GB_USD = 0.013
SQS_PER_MILLION_USD = 0.40

# 3,000 order events a second (4,500 at the peak), 1 KB each, 40 ms of work per consumer.
BUSY_ORDERS = {"avg_rps": 3000, "peak_rps": 4500}


def _assess(**changes):
    return evaluate(load_workload(order_events(**changes)))


def _shared(assessment, service: str) -> dict[str, float]:
    return {
        line.item: line.monthly_usd
        for line in assessment.costs.shared.items
        if line.service == service
    }


def _lambda(assessment, item: str) -> float:
    return sum(
        line.quantity
        for line in assessment.costs.serverless.items
        if line.service == "lambda" and line.item.startswith(item)
    )


def test_ten_consumers_of_a_busy_stream_pay_aws_enhanced_fan_out_rates_to_the_cent():
    # when: ten independent consumers read each of 3,000 events a second
    assessment = _assess(**BUSY_ORDERS, event_consumers=10)
    stream = assessment.design.event_stream
    # then: more than share a shard's reads, so each gets an enhanced fan-out consumer
    assert stream.mode == "provisioned" and stream.enhanced_fan_out and stream.consumers == 10
    # The shards carry the work at the peak: 4,500 events/s x 0.04 s = 180 batches at once,
    # 10 per shard (the most Lambda runs from one shard) = 18 shards (the writes need 5).
    assert stream.shards == 18
    hours = 10 * 18 * 730  # consumer-shard hours
    gb_read = 10 * 3000 * SECONDS_PER_MONTH * 1 / KB_PER_GB  # 75,187.7 GB, each reads it all
    lines = _shared(assessment, "kinesis")
    assert lines["10 enhanced fan-out consumers: consumer-shard hours"] == pytest.approx(
        hours * EFO_CONSUMER_SHARD_HOUR_USD, abs=0.005
    )  # $1,971.00
    assert lines["10 enhanced fan-out consumers: data retrievals"] == pytest.approx(
        gb_read * EFO_PER_GB_USD, abs=0.005
    )  # $977.44
    # and the shards and writes cost what they did with one consumer
    one = _shared(_assess(**BUSY_ORDERS, event_consumers=1), "kinesis")
    assert lines["18 x shard hours"] == one["18 x shard hours"] == pytest.approx(197.10)


def test_each_consumer_runs_the_work_on_lambda():
    # when
    one = _assess(**BUSY_ORDERS, event_consumers=1)
    ten = _assess(**BUSY_ORDERS, event_consumers=10)
    # then: ten mappings invoke ten times as often, each run as long as one consumer's
    assert _lambda(ten, "requests") == pytest.approx(10 * _lambda(one, "requests"))
    # (the cold starts' INIT phases aside: a few seconds of the month's 1.5 billion GB-s)
    assert _lambda(ten, "duration") == pytest.approx(10 * _lambda(one, "duration"), rel=1e-3)


def test_a_fleet_does_each_consumers_work_too():
    # given
    one = load_workload(order_events(**BUSY_ORDERS, event_consumers=1))
    ten = load_workload(order_events(**BUSY_ORDERS, event_consumers=10))
    # when
    vcpu_one = make_context(one, assumption_values(one)).vcpu_needed(one.avg_rps)
    vcpu_ten = make_context(ten, assumption_values(ten)).vcpu_needed(ten.avg_rps)
    # then: the containers need ten consumers' CPU, and the comparison prices it
    assert vcpu_ten == pytest.approx(10 * vcpu_one)
    assert _fargate_usd(evaluate(ten)) > 9 * _fargate_usd(evaluate(one))


def _fargate_usd(assessment) -> float:
    """The containers option's tasks: the lines a consumer's work adds to."""
    items = assessment.costs.estimate("containers").items
    return sum(line.monthly_usd for line in items if line.service == "fargate")


def test_one_consumer_is_priced_and_built_as_before():
    # given: the answer left out, as every assessment saved before it was asked
    unanswered = order_events(**BUSY_ORDERS)
    del unanswered["event_consumers"]
    # when
    before = evaluate(load_workload(unanswered))
    one = _assess(**BUSY_ORDERS, event_consumers=1)
    # then: the same estimate, one reader on the shared shards, no fan-out anywhere
    assert one.costs == before.costs and one.design == before.design
    assert not one.design.event_stream.enhanced_fan_out
    assert not any("fan-out" in item for item in _shared(one, "kinesis"))
    assert [fn.id for fn in one.architecture.functions] == ["event_consumer"]


def test_two_consumers_share_the_stream_reads_for_free():
    # when
    two = _assess(avg_rps=300, peak_rps=450, event_consumers=2)
    # then: standard iterators, two mappings, no enhanced fan-out charge
    stream = two.design.event_stream
    assert stream.consumers == 2 and not stream.enhanced_fan_out
    assert not any("fan-out" in item for item in _shared(two, "kinesis"))
    assert [fn.id for fn in two.architecture.functions] == ["event_consumer", "event_consumer_2"]


def test_readers_sharing_the_shards_get_the_shards_their_reads_need():
    # given: 5 readers allowed to share; 900 events/s of 1 KB write 0.88 MB/s (one shard),
    # and the five read 4.4 MB/s between them against 2 MB/s a shard
    answers = order_events(
        avg_rps=900,
        peak_rps=900,
        avg_duration_ms=1,
        event_consumers=5,
        assumptions={"kinesis_shared_consumers_max": 5},
    )
    # when
    stream = evaluate(load_workload(answers)).design.event_stream
    # then: ceil(900 x 1 KB x 5 / 1024 / 2 MB/s) = 3 shards
    assert not stream.enhanced_fan_out
    assert stream.shards == 3


def test_a_topic_fans_out_to_a_queue_per_consumer():
    # when: three consumers of 3 events a second (below the stream's volume)
    assessment = _assess(event_consumers=3)
    # then: the topic is billed once per publish, each queue its send and batched
    # receive and delete (batches of 10): 3 x events x 1.2 requests
    events = 3 * SECONDS_PER_MONTH
    assert assessment.design.event_queues == 3 and assessment.design.event_stream is None
    sqs = _shared(assessment, "sqs")
    requests = 3 * events * (1 + 2 / 10)
    assert sqs["3 consumer queues: requests"] == pytest.approx(
        requests / 1e6 * SQS_PER_MILLION_USD, abs=0.005
    )
    assert _shared(assessment, "sns") == _shared(_assess(event_consumers=1), "sns")
    # and each consumer's function drains its own queue in batches of 10
    assert _lambda(assessment, "requests") == pytest.approx(3 * events / 10 / 1e6)
    consumers = [fn for fn in assessment.architecture.functions if fn.consumer]
    assert [fn.trigger for fn in consumers] == ["consumer_queues"] * 3


def test_one_consumer_keeps_the_topic_calling_its_function():
    # when
    assessment = _assess(event_consumers=1)
    # then
    assert assessment.design.event_queues == 0
    assert not _shared(assessment, "sqs")
    assert [fn.trigger for fn in assessment.architecture.functions] == ["event_topic"]


def test_consumers_beside_an_api_each_read_the_published_events():
    # given: an API whose requests publish an event that four consumers read
    answers = {"triggers": ["http", "pubsub"], "avg_rps": 3, "peak_rps": 12}
    # when
    one = _assess(**answers, event_consumers=1)
    four = _assess(**answers, event_consumers=4)
    # then: the API's invocations, and three more consumers' batches of 10
    events = 3 * SECONDS_PER_MONTH
    added = _lambda(four, "requests") - _lambda(one, "requests")
    assert added == pytest.approx(3 * events / 10 / 1e6)


def test_more_consumers_never_read_better_for_serverless():
    # given: 300 events a second of spiky order events
    scores = [
        _assess(avg_rps=300, peak_rps=900, traffic_pattern="spiky", event_consumers=n).verdict
        for n in (1, 3, 10)
    ]
    # then: each consumer adds Lambda runs and stream reads a fleet shares: the score
    # falls, and ten consumers' functions cost enough more than a fleet to not fit
    assert [v.score for v in scores] == sorted((v.score for v in scores), reverse=True)
    assert scores[0].fit == Fit.FITS
    assert scores[-1].fit == Fit.DOES_NOT_FIT


def test_what_would_change_the_answer_names_the_consumers_that_tip_it():
    # given: spiky order events that fit with one consumer
    workload = load_workload(
        order_events(avg_rps=300, peak_rps=900, traffic_pattern="spiky", event_consumers=1)
    )
    # when
    changes = cost_driver_thresholds(workload, evaluate(workload))
    # then: the nearest count where it stops fitting, and that count indeed does not fit
    (consumers,) = [change for change in changes if change.field == "event_consumers"]
    assert consumers.current == 1 and 1 < consumers.threshold <= 20
    tipped = replace(workload, event_consumers=int(consumers.threshold))
    assert evaluate(tipped).verdict.fit == consumers.fit_after != Fit.FITS
    one_fewer = replace(workload, event_consumers=int(consumers.threshold) - 1)
    assert evaluate(one_fewer).verdict.fit == Fit.FITS
