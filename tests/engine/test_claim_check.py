"""Events larger than their transport carries cannot be sent at all: SNS takes 256 KB, an
SQS message or a Kinesis record 1 MiB (knowledge/platform/aws_lambda.yaml). The design keeps
such a body in S3 and sends a pointer (the claim-check pattern), and prices it: a PUT per
event, a GET per consumer per event, the bodies stored until the bucket's lifecycle rule
deletes them, and then one 64 KB chunk per message instead of several.

Hand-worked figures use us-east-1's published rates: S3 $0.005 per 1,000 PUTs, $0.0004 per
1,000 GETs, $0.023 per GB-month; SNS $0.50 per million publishes (64 KB chunks); SQS $0.40
per million requests. A month is 730 hours (2,628,000 s).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from advisor.engine import evaluate
from tests.conftest import load_workload
from tests.engine.test_event_consumers import _shared

WORKLOADS = Path(__file__).parent / "workloads"
SECONDS_PER_MONTH = 730 * 3600
KB_PER_GB = 1024**2
DAYS_PER_MONTH = 730 / 24
S3_PUT_PER_1K_USD = 0.005
S3_GET_PER_1K_USD = 0.0004
S3_GB_MONTH_USD = 0.023
SNS_PER_MILLION_USD = 0.50
SQS_PER_MILLION_USD = 0.40
EXPIRY_DAYS = 14  # knowledge/pricing/assumptions.yaml: claim_check_expiry_days


def _review_workload(**changes) -> dict:
    """The reviewer's workload: 5 events/s of 300 KB, each read by 3 consumers."""
    answers = yaml.safe_load((WORKLOADS / "w24_sns_bigpayload.yaml").read_text(encoding="utf-8"))
    answers.update(changes)
    return answers


def _assess(**changes):
    return evaluate(load_workload(_review_workload(**changes)))


def test_300_kb_events_over_sns_go_through_s3_priced_per_put_get_and_day_kept():
    # when
    assessment = _assess()
    # then: a PUT per event, a GET per consumer per event, 14 days of bodies kept
    events = 5 * SECONDS_PER_MONTH
    bucket = _shared(assessment, "s3")
    assert bucket["claim-check bucket: PUT/COPY/POST/LIST requests"] == pytest.approx(
        events / 1000 * S3_PUT_PER_1K_USD, abs=0.01
    )
    assert bucket["claim-check bucket: GET requests"] == pytest.approx(
        3 * events / 1000 * S3_GET_PER_1K_USD, abs=0.01
    )
    stored_gb = events * 300 / KB_PER_GB * EXPIRY_DAYS / DAYS_PER_MONTH
    assert bucket["claim-check bucket: Standard storage"] == pytest.approx(
        stored_gb * S3_GB_MONTH_USD, abs=0.01
    )


def test_the_topic_and_queues_then_carry_pointers_of_one_64_kb_chunk():
    # when
    assessment = _assess()
    # then: SNS bills each publish once (not five 64 KB chunks of 300 KB)
    events = 5 * SECONDS_PER_MONTH
    sns = sum(_shared(assessment, "sns").values())
    assert sns == pytest.approx(events / 1e6 * SNS_PER_MILLION_USD, abs=0.01)
    # and three queues: a send each, receives and deletes in batches of 10, one chunk each
    sqs = sum(_shared(assessment, "sqs").values())
    assert sqs == pytest.approx(events * 3 * 1.2 / 1e6 * SQS_PER_MILLION_USD, abs=0.02)


def test_the_design_says_why_and_every_option_pays_for_the_bucket():
    # when
    assessment = _assess()
    # then
    choice = next(c for c in assessment.design.choices if c.topic == "large_events")
    assert "256 KB" in choice.reason and "S3" in choice.reason and "14 days" in choice.reason
    advice = {hit.rule: hit.message for hit in assessment.verdict.recommendations}
    assert "SNS topic's 256 KB" in advice["large_events_through_s3_claim_check"]
    # The fleets' consumers read the same queues and objects: a line all options share.
    bucket_usd = sum(_shared(assessment, "s3").values())
    for option in assessment.costs.options:
        assert option.estimate.monthly_usd > bucket_usd
        assert any(line.item.startswith("claim-check bucket") for line in option.estimate.items)


def test_the_diagram_model_draws_the_bucket_with_its_writer_and_readers():
    # when
    model = _assess().architecture
    # then
    assert "event_bodies_bucket" in {c.id for c in model.components}
    readers = {e.source for e in model.edges if e.target == "event_bodies_bucket"}
    assert {"topic_consumer", "topic_consumer_2", "topic_consumer_3"} <= readers
    for fn in model.functions:
        actions = {
            a for p in fn.permissions if p.resource == "event_bodies_bucket" for a in p.actions
        }
        assert actions == {"s3:GetObject"}


@pytest.mark.parametrize("payload_kb", [200, 256])
def test_events_within_the_topics_limit_are_sent_whole(payload_kb):
    # when
    assessment = _assess(payload_kb=payload_kb)
    # then: no bucket, no choice, no rule; SNS bills every 64 KB chunk of the event
    assert assessment.design.claim_check is None
    assert not _shared(assessment, "s3")
    assert "large_events_through_s3_claim_check" not in {
        hit.rule for hit in assessment.verdict.recommendations
    }
    assert "event_bodies_bucket" not in {c.id for c in assessment.architecture.components}
    chunks = -(-payload_kb // 64)
    sns = sum(_shared(assessment, "sns").values())
    events = 5 * SECONDS_PER_MONTH
    assert sns == pytest.approx(events * chunks / 1e6 * SNS_PER_MILLION_USD, abs=0.01)


def test_a_queued_job_over_sqs_1_mib_limit_goes_through_s3_and_under_it_does_not():
    # when
    big = _assess(triggers=["queue"], payload_kb=2048, event_consumers=1)
    small = _assess(triggers=["queue"], payload_kb=1000, event_consumers=1)
    # then: the work queue carries pointers (one chunk) and its worker reads each body once
    assert big.design.claim_check is not None
    assert small.design.claim_check is None
    events = 5 * SECONDS_PER_MONTH
    bucket = _shared(big, "s3")
    assert bucket["claim-check bucket: GET requests"] == pytest.approx(
        events / 1000 * S3_GET_PER_1K_USD, abs=0.01
    )
    sqs = sum(_shared(big, "sqs").values())
    assert sqs == pytest.approx(events * 1.2 / 1e6 * SQS_PER_MILLION_USD, abs=0.02)
