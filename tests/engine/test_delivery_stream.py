"""A busy ingestion endpoint (a clickstream collector: HTTP requests whose only write is a
new S3 object, nobody reading it back at once) puts its events to an Amazon Data Firehose
stream that buffers them into S3 objects; it is not priced one S3 PUT per event (issue 12:
"high-volume event ingestion prices a per-event write").

The hand-worked figures use us-east-1's published rates: Firehose Direct PUT ingestion
$0.029 per GB for the first 500 TB, each record rounded up to 5 KB
(knowledge/pricing/firehose.yaml, https://aws.amazon.com/firehose/pricing/); S3 $0.005 per
1,000 PUTs and $0.0004 per 1,000 GETs. A month is 730 hours.
"""

from __future__ import annotations

import pytest

from advisor.engine import evaluate
from advisor.engine.costs.catalog import pricing_catalog
from advisor.engine.costs.lines import total_usd
from advisor.engine.costs.priced.firehose import firehose_lines
from advisor.questionnaire import workload_from_answers

SECONDS_PER_MONTH = 730 * 3600
FIREHOSE_FIRST_TIER_USD_PER_GB = 0.029
PUT_PER_THOUSAND_USD = 0.005

CLICKSTREAM = {
    "name": "Clickstream collector",
    "avg_rps": 5_000,
    "peak_rps": 12_000,
    "traffic_pattern": "spiky",
    "p95_latency_ms": 200,
    "runtime": "python",
    "avg_duration_ms": 20,
    "max_duration_s": 2,
    "memory_mb": 256,
    "data_store": "object",
    "triggers": ["http"],
    "payload_kb": 1,
    "avg_response_kb": 0,  # a collector only acknowledges
    "auth": "public",
}


def _assess(**changes):
    return evaluate(workload_from_answers({**CLICKSTREAM, **changes}))


def _shared(assessment, service: str):
    return [line for line in assessment.costs.shared.items if line.service == service]


def _puts(assessment) -> float:
    (put,) = [line for line in _shared(assessment, "s3") if line.item.startswith("PUT")]
    return put.quantity * 1000


def test_five_thousand_clicks_a_second_are_not_priced_one_s3_put_each():
    # when
    assessment = _assess()

    # then: a PUT per click would be 13.1 billion PUTs, $65,700 a month; the stream
    # delivers an object a minute or each 64 MiB (5,000 x 1 KB/s fills it in ~13 s)
    clicks = 5_000 * SECONDS_PER_MONTH
    assert _puts(assessment) < clicks / 10_000
    objects = 5_000 / 1024 / 64 * SECONDS_PER_MONTH
    assert _puts(assessment) == pytest.approx(objects)


def test_firehose_bills_each_small_click_as_five_kb():
    # when
    assessment = _assess()

    # then: 13.14 billion records x 5 KB = 62,657 GB at $0.029 = $1,817 a month
    (line,) = _shared(assessment, "firehose")
    gb = 5_000 * SECONDS_PER_MONTH * 5 / 1024**2
    assert line.quantity == pytest.approx(gb)
    assert line.monthly_usd == pytest.approx(gb * FIREHOSE_FIRST_TIER_USD_PER_GB, abs=0.01)


def test_every_option_is_priced_on_the_batched_design():
    # when
    assessment = _assess()

    # then: the stream and its objects are among the lines every option pays alike
    costs = assessment.costs
    for key in ("serverless", "containers", "vm_reserved"):
        assert any(line.service == "firehose" for line in costs.estimate(key).items)
    assert costs.serverless.monthly_usd < 40_000  # was $96,454 with a PUT per click


def test_the_user_reads_why_the_events_are_batched_and_what_it_costs():
    # when
    assessment = _assess()

    # then
    choices = {choice.topic: choice for choice in assessment.design.choices}
    reason = choices["ingestion"].reason
    assert choices["ingestion"].choice == "firehose"
    assert "Firehose" in reason and "5 KB" in reason and "a PUT per event" in reason
    assert "$70,956" in reason and "$1,818" in reason  # the PUTs and GETs, and the stream
    assert "idempotency" in reason


def test_a_quiet_endpoint_keeps_a_put_per_request():
    # when: one click a second costs $13 of PUTs a month; nothing to batch for
    assessment = _assess(avg_rps=1, peak_rps=5)

    # then
    assert assessment.design.delivery_stream is None
    assert _puts(assessment) == pytest.approx(SECONDS_PER_MONTH)
    assert not _shared(assessment, "firehose")


def test_large_events_keep_a_put_each_where_firehose_would_cost_more():
    # when: 200 KB events cost $5.53 per million in Firehose, more than a PUT and a GET
    assessment = _assess(avg_rps=100, peak_rps=300, payload_kb=200, auth="iam")

    # then
    assert assessment.design.delivery_stream is None
    assert not _shared(assessment, "firehose")


@pytest.mark.parametrize(
    "changes",
    [
        {"data_store": "key_value"},  # a table's item is read back: no buffering
        {"triggers": ["http", "file_upload"]},  # uploads are objects already
        {"workflow": "multi_step"},
        {"avg_response_kb": 6},  # an API that answers with data reads its objects back
    ],
)
def test_only_an_endpoint_whose_one_write_is_a_new_object_is_batched(changes):
    # when
    assessment = _assess(**changes)

    # then
    assert assessment.design.delivery_stream is None
    assert not _shared(assessment, "firehose")


def test_firehose_prices_past_five_hundred_terabytes_at_the_next_tier():
    # given: 50,000 clicks a second bill 626,564 GB a month
    table = pricing_catalog().table("us-east-1")
    records = 50_000 * SECONDS_PER_MONTH

    # when
    lines = firehose_lines(table, records=records, record_kb=1)

    # then: 512,000 GB at $0.029 and the rest at $0.025
    gb = records * 5 / 1024**2
    expected = 512_000 * 0.029 + (gb - 512_000) * 0.025
    assert total_usd(lines) == pytest.approx(expected, abs=0.01)
