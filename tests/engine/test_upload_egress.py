"""An upload's caller gets the new object's key back, not the file: the file goes straight to
S3 on a presigned URL and data coming in is free. A 500 MB upload API was priced as sending
500 MB back per upload (626 TB, $35,219 a month of egress) because the unanswered response
size defaulted to the payload."""

from __future__ import annotations

import pytest

from advisor.engine import evaluate
from advisor.engine.workload import UPLOAD_ANSWER_KB
from tests.conftest import load_workload, preset_answers

UPLOADS = preset_answers("api-for-a-mobile-app") | {
    "avg_rps": 0.5,
    "peak_rps": 10,
    "triggers": ["http", "file_upload"],
    "payload_kb": 500_000,
    "avg_response_kb": None,
}


def _egress_gb(assessment) -> float:
    lines = assessment.costs.shared.items
    return sum(line.quantity for line in lines if line.item == "out to the internet")


def test_an_upload_answers_with_its_key_not_the_file():
    # when
    assessment = evaluate(load_workload(UPLOADS))
    # then: 1.314 M uploads a month x 1 KB, about 1.25 GB, not 626 TB
    assert _egress_gb(assessment) == pytest.approx(0.5 * 2_628_000 * UPLOAD_ANSWER_KB / 1024**2)
    assert assessment.costs.serverless.monthly_usd < 10_000


def test_an_answered_response_size_is_priced_as_given():
    # when: the team says each upload's answer carries a 200 KB preview back
    assessment = evaluate(load_workload(UPLOADS | {"avg_response_kb": 200}))
    # then
    assert _egress_gb(assessment) == pytest.approx(0.5 * 2_628_000 * 200 / 1024**2)


def test_an_api_without_uploads_still_answers_with_its_payload():
    # when
    assessment = evaluate(load_workload(UPLOADS | {"triggers": ["http"], "payload_kb": 8}))
    # then
    assert _egress_gb(assessment) == pytest.approx(0.5 * 2_628_000 * 8 / 1024**2)
