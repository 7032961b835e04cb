"""A mobile API where 2 in 100 requests upload a photo was priced as if every request
uploaded one: the S3 requests and storage, the presigned-URL calls and the upload events'
idempotency records were 50 times too many. `upload_share` says how many do."""

from __future__ import annotations

import pytest

from advisor.engine import evaluate, fit_of
from advisor.engine.drivers import cost_driver_thresholds
from advisor.engine.workload import SECONDS_PER_MONTH
from tests.conftest import load_workload, preset_answers

# The mobile app's API, where users may also upload a 2 MB photo.
PHOTOS = preset_answers("api-for-a-mobile-app") | {
    "triggers": ["http", "file_upload"],
    "payload_kb": 2000,
}
UPLOADS_AT_EVERY_REQUEST = PHOTOS["avg_rps"] * SECONDS_PER_MONTH


def _shared(answers: dict) -> dict[str, float]:
    lines = evaluate(load_workload(answers)).costs.shared.items
    return {f"{line.service} {line.item}": line.quantity for line in lines}


def _share_of_all(item: str, share: float) -> tuple[float, float]:
    return _shared(PHOTOS | {"upload_share": share})[item], _shared(PHOTOS)[item]


def test_unanswered_every_request_uploads_as_before():
    # when
    lines = _shared(PHOTOS)
    # then: one PUT per request, 1K requests a line unit
    assert lines["s3 PUT/COPY/POST/LIST requests"] == pytest.approx(UPLOADS_AT_EVERY_REQUEST / 1000)


@pytest.mark.parametrize(
    "item",
    [
        "s3 PUT/COPY/POST/LIST requests",
        "s3 GET requests",
        "s3 Standard storage",
    ],
)
def test_the_upload_lines_scale_with_the_share_of_requests_that_upload(item):
    # when: 2 in 100 requests upload a photo
    two_percent, every = _share_of_all(item, 0.02)
    # then: the S3 storage line also holds the 50 GB the data keeps there anyway
    if item == "s3 Standard storage":
        two_percent, every = two_percent - 50, every - 50
    assert two_percent == pytest.approx(every * 0.02)


def test_the_upload_events_idempotency_records_scale_with_the_share():
    # given: a relational store, so each upload event keeps a record (a keyed write to a
    # DynamoDB table or S3 object would be its own idempotency: no record at all)
    relational = PHOTOS | {"data_store": "relational"}
    item = "dynamodb event idempotency records: writes"
    # when
    two_percent = _shared(relational | {"upload_share": 0.02})[item]
    # then
    assert two_percent == pytest.approx(_shared(relational)[item] * 0.02)


def test_the_photo_uploads_cost_a_fiftieth_and_the_api_calls_stay():
    # when
    every = evaluate(load_workload(PHOTOS)).costs
    few = evaluate(load_workload(PHOTOS | {"upload_share": 0.02})).costs
    # then: about $1,000 a month of S3 storage, PUTs and GETs for uploads nobody makes
    # is gone
    assert every.shared.monthly_usd - few.shared.monthly_usd > 950
    api = [line for line in few.serverless.items if line.service == "api_gateway"]
    assert sum(line.quantity for line in api) == pytest.approx(UPLOADS_AT_EVERY_REQUEST / 1e6)


def test_with_uploads_the_only_trigger_every_event_is_an_upload():
    # given: S3 notifications start the work; a share answered anyway is not read
    only_uploads = PHOTOS | {"triggers": ["file_upload"]}
    # when
    answered = _shared(only_uploads | {"upload_share": 0.02})
    # then
    assert answered == _shared(only_uploads)


def test_data_kept_in_s3_is_still_read_and_written_by_every_request():
    # given: the data itself lives in S3
    objects = PHOTOS | {"data_store": "object"}
    # when
    two_percent = _shared(objects | {"upload_share": 0.02})
    # then
    assert two_percent["s3 PUT/COPY/POST/LIST requests"] == pytest.approx(
        UPLOADS_AT_EVERY_REQUEST / 1000
    )


def test_the_containers_load_balancer_never_carries_the_presigned_file():
    # when: every request uploads a 2 MB photo, or a 1 KB file
    every = evaluate(load_workload(PHOTOS)).costs.estimate("containers")
    plain = evaluate(load_workload(PHOTOS | {"payload_kb": 1})).costs.estimate("containers")
    # then: the file goes to S3 on a presigned URL, so the capacity units are the API's
    lcu = {
        name: sum(line.quantity for line in option.items if "LCU" in line.item)
        for name, option in (("every", every), ("plain", plain))
    }
    assert lcu["every"] == pytest.approx(lcu["plain"]) and lcu["plain"] > 0


def test_what_would_change_the_verdict_names_the_upload_share_where_it_does():
    # given: a fast bidder whose glue API (presigned URLs) stays on Lambda beside its fleet
    bidder = {
        "name": "Bidder with creative uploads",
        "avg_rps": 20000,
        "peak_rps": 40000,
        "p95_latency_ms": 5,
        "cold_start_sensitive": True,
        "runtime": "go",
        "avg_duration_ms": 2,
        "max_duration_s": 1,
        "memory_mb": 1024,
        "cpu_bound": True,
        "data_store": "key_value",
        "triggers": ["http", "file_upload"],
        "payload_kb": 2000,
        "avg_response_kb": 1,
        "auth": "iam",
        "upload_share": 0.02,
    }
    workload = load_workload(bidder)
    # when
    found = {t.field: t for t in cost_driver_thresholds(workload, evaluate(workload))}
    # then: the edge it names changes the fit to the one it says
    edge = found["upload_share"]
    assert edge.current == 0.02
    assert fit_of(workload.with_changes(upload_share=edge.threshold)) == edge.fit_after
    assert edge.fit_after != fit_of(workload)
    assert "of requests uploading a file (now 2%)" in edge.message
