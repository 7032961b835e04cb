"""Objects downloaded from S3: every option hands them out on presigned URLs, so a
fleet's load balancer carries the small answer, not the object (review 8, W18: $502 a
month of ALB capacity units for 500 KB photos the serverless design never carried); and
where the internet egress is large, the advice prices CloudFront in front of the
downloads (https://aws.amazon.com/cloudfront/pricing/: always-free 1 TB and 10 million
requests a month, $0.085 per GB for the first 10 TB, $0.080 for the next 40 TB, $0.060 for
the next 100 TB; knowledge/pricing/cloudfront.yaml and data_transfer.yaml).
"""

from __future__ import annotations

import pytest

from advisor.engine import evaluate
from tests.conftest import load_workload, preset_answers

# The reviewer's W18 (/tmp/review8/w18_photo_egress.yaml), as the questionnaire takes it.
PHOTOS = {
    "name": "W18 photo sharing 50 rps 500 KB responses",
    "avg_rps": 50,
    "peak_rps": 300,
    "traffic_pattern": "spiky",
    "p95_latency_ms": 800,
    "runtime": "node",
    "avg_duration_ms": 80,
    "memory_mb": 512,
    "data_store": "object",
    "triggers": ["http", "file_upload"],
    "upload_share": 0.05,
    "payload_kb": 4000,
    "avg_response_kb": 500,
    "auth": "jwt",
    "architecture": "arm64",
}


def _usd(estimate, service: str, starts: str = "") -> float:
    return sum(
        line.monthly_usd
        for line in estimate.items
        if line.service == service and line.item.startswith(starts)
    )


def _cdn_advice(assessment) -> list[str]:
    return [text for text in assessment.costs.advice if text.startswith("CloudFront")]


def test_a_fleet_s_load_balancer_does_not_carry_the_photos_s3_sends():
    # given: 50 req/s; each answer a presigned URL (1 KB), the upload call 1 KB: the LCUs
    # are the new connections, 50 a second over 25 per LCU = 2 LCU x 730 h x $0.008
    assessment = evaluate(load_workload(PHOTOS))

    # when
    containers = assessment.costs.estimate("containers")

    # then: about $12 of capacity units (was $502), the load balancer about $28 in all
    assert _usd(containers, "alb", "capacity units") == pytest.approx(11.68, abs=0.01)
    assert _usd(containers, "alb") == pytest.approx(28.1, abs=0.1)
    # and the photos' data out is the same line in every option
    shared_egress = _usd(assessment.costs.shared, "data_transfer")
    assert shared_egress == pytest.approx(5205.15, abs=0.01)


def test_an_api_answering_from_its_table_still_has_its_answers_processed():
    # given: the same answers from DynamoDB: they pass through the load balancer
    assessment = evaluate(load_workload(PHOTOS | {"data_store": "key_value"}))

    # then: 50 x 3,600 x 501 KB an hour over 1 GB per LCU for containers
    assert _usd(assessment.costs.estimate("containers"), "alb", "capacity units") > 400


def test_large_downloads_get_cloudfront_advice_with_the_saving_its_prices_support():
    # given: 62,656 GB out a month. The region (100 GB free): 10,240 x $0.09 + 40,960 x
    # $0.085 + 11,356 x $0.07 = $5,197.5. CloudFront (1 TB free): 10,240 x $0.085 +
    # 40,960 x $0.080 + 10,432 x $0.060 = $4,773.1, and 121.4 M paid requests at $0.01 per
    # 10,000 = $121.4: about $303 a month less.
    assessment = evaluate(load_workload(PHOTOS))

    # when
    advice = _cdn_advice(assessment)

    # then
    assert len(advice) == 1
    assert "$4,773" in advice[0] and "$121" in advice[0] and "$5,198" in advice[0]
    assert "about $304 a month less" in advice[0]


@pytest.mark.parametrize(
    "answers",
    [
        preset_answers("api-for-a-mobile-app"),
        preset_answers("api-for-a-mobile-app") | {"data_store": "object"},
        PHOTOS | {"avg_rps": 0.2, "peak_rps": 10},
    ],
    ids=["small-api", "small-object-api", "quiet-photos"],
)
def test_small_egress_gets_no_cloudfront_advice(answers):
    # when: a few hundred GB out at most, where CloudFront's requests cost more than it saves
    assessment = evaluate(load_workload(answers))

    # then
    assert _cdn_advice(assessment) == []
