"""Limits an architect checks first: the front door's own milliseconds, the response a
function can return, SnapStart instead of paid warm environments, and sensitive data
behind an open API (each found misleading by an expert reviewer, issue 12)."""

from __future__ import annotations

from advisor.engine import evaluate
from advisor.questionnaire import workload_from_answers

LOOKUPS = {
    "name": "Feature flag lookups",
    "avg_rps": 200,
    "peak_rps": 600,
    "traffic_pattern": "spiky",
    "p95_latency_ms": 10,
    "runtime": "go",
    "avg_duration_ms": 3,
    "max_duration_s": 1,
    "memory_mb": 256,
    "data_store": "none",
    "triggers": ["http"],
    "auth": "iam",
}


def _rule_ids(verdict) -> set[str]:
    return {hit.rule for hit in verdict.reasons + verdict.recommendations}


def test_a_10_ms_target_with_nothing_to_read_still_cannot_pass_api_gateway():
    # 3 ms of work + about 10 ms that API Gateway and the invoke add = 13 ms on average,
    # about 26 ms at the 95th percentile > 10 ms.
    verdict = evaluate(workload_from_answers(LOOKUPS)).verdict

    assert verdict.fit.value == "does_not_fit", verdict.summary
    assert "target_below_the_front_door" in _rule_ids(verdict)
    assert any("26 ms" in threshold.message for threshold in verdict.thresholds)


def test_a_15_ms_p95_is_not_met_by_a_13_ms_average_through_api_gateway():
    # given: a 15 ms p95 target for 3 ms of work, which the average (13 ms) would meet
    verdict = evaluate(workload_from_answers(LOOKUPS | {"p95_latency_ms": 15})).verdict

    # then: the p95 through the front door is about twice its average: the path moves out
    assert "target_below_the_front_door" in _rule_ids(verdict), verdict.summary
    assert verdict.fit.value != "fits"


def test_a_50_ms_target_leaves_room_for_the_front_door():
    verdict = evaluate(workload_from_answers(LOOKUPS | {"p95_latency_ms": 50})).verdict

    assert verdict.fit.value == "fits", verdict.summary
    assert "target_below_the_front_door" not in _rule_ids(verdict)


def test_the_front_door_overhead_and_its_tail_are_assumptions_a_team_can_measure_and_set():
    # (6 ms + 3 ms) x 1.3 = 11.7 ms at p95, within a 12 ms target
    tail = {"front_door_overhead_ms": 6, "latency_p95_over_average": 1.3}
    measured = LOOKUPS | {"p95_latency_ms": 12, "assumptions": tail}
    verdict = evaluate(workload_from_answers(measured)).verdict

    assert "target_below_the_front_door" not in _rule_ids(verdict)


def test_a_15_mb_download_is_sent_through_s3_not_through_the_function():
    downloads = LOOKUPS | {
        "name": "Report downloads",
        "p95_latency_ms": 3000,
        "avg_duration_ms": 800,
        "max_duration_s": 20,
        "avg_response_kb": 15_000,
    }
    verdict = evaluate(workload_from_answers(downloads)).verdict

    hit = next(hit for hit in verdict.reasons if hit.rule == "sync_response_over_lambda_limit")
    assert "presigned download URL" in hit.message
    assert "6 MB" in hit.message


def test_a_snapstart_design_is_neither_charged_nor_advised_provisioned_concurrency():
    java_api = LOOKUPS | {
        "name": "Java partner API",
        "runtime": "java",
        "cold_start_sensitive": True,
        "p95_latency_ms": 800,
        "avg_duration_ms": 120,
        "max_duration_s": 5,
        "memory_mb": 1024,
    }
    assessment = evaluate(workload_from_answers(java_api))
    rules = _rule_ids(assessment.verdict)

    assert assessment.design.warm_start.kind == "snapstart"
    assert "snapstart_restores_within_target" in rules
    assert not rules & {"cold_start_needs_provisioned_concurrency", "provisioned_concurrency_setup"}
    assert not any("provisioned" in line.item.lower() for line in assessment.costs.serverless.items)


def test_an_open_api_over_personal_data_is_not_a_near_perfect_score():
    # 40 req/s: at 200 the CloudFront a public HTTP API needs for its web ACL puts both in
    # the "several times dearer" band, whose ceiling hides the difference; at 50 the twins
    # fall either side of "about even" (the fleets' KMS interface endpoint, $14.60, is
    # the exposed twin's alone).
    records = LOOKUPS | {
        "p95_latency_ms": 500,
        "avg_duration_ms": 80,
        "auth": "public",
        "avg_rps": 40,
        "peak_rps": 120,
    }
    closed = evaluate(workload_from_answers(records | {"sensitive_data": False})).verdict
    exposed = evaluate(workload_from_answers(records | {"sensitive_data": True})).verdict

    assert "sensitive_data_behind_an_open_api" in _rule_ids(exposed)
    assert exposed.score <= closed.score - 10


def test_a_synchronous_gpu_endpoint_gets_no_lambda_cold_start_reasons():
    # Callers wait 500 ms for a GPU answer that runs outside Lambda: no cold-start reason
    # may describe a function that is not there.
    inference = LOOKUPS | {
        "name": "GPU image inference",
        "avg_rps": 20,
        "peak_rps": 60,
        "p95_latency_ms": 500,
        "avg_duration_ms": 150,
        "max_duration_s": 2,
        "memory_mb": 16384,
        "gpu_required": True,
        "data_store": "object",
    }
    rules = _rule_ids(evaluate(workload_from_answers(inference)).verdict)
    assert not rules & {"cold_starts_within_target", "occasional_cold_starts_accepted"}


def test_a_big_upload_is_not_a_big_event_but_a_big_message_is():
    # given: 2 MB images; an upload's event (an S3 notification) carries only the key
    thumbnails = {
        **LOOKUPS,
        "p95_latency_ms": 10000,
        "avg_duration_ms": 800,
        "max_duration_s": 10,
        "payload_kb": 2000,
        "data_store": "object",
        "triggers": ["file_upload"],
    }

    # when
    upload = evaluate(workload_from_answers(thumbnails)).verdict
    queued = evaluate(workload_from_answers(thumbnails | {"triggers": ["queue"]})).verdict

    # then: only the queue's messages would carry the 2 MB past the 1 MB async limit
    assert "async_payload_over_lambda_limit" not in _rule_ids(upload)
    assert "async_payload_over_lambda_limit" in _rule_ids(queued)


def test_runs_on_fargate_get_no_warning_about_lambdas_concurrency_quota():
    # given: 15 twenty-minute runs a second from a queue, about 18,000 in flight, all of
    # them Fargate tasks (longer than Lambda's limit)
    jobs = {
        **LOOKUPS,
        "avg_rps": 15,
        "peak_rps": 15,
        "p95_latency_ms": 3_600_000,
        "avg_duration_ms": 1_200_000,
        "max_duration_s": 1800,
        "memory_mb": 2048,
        "triggers": ["queue"],
    }

    # when
    verdict = evaluate(workload_from_answers(jobs)).verdict

    # then: Lambda's 1,000 concurrent executions are not what limits those runs
    assert "peak_concurrency_above_default_quota" not in _rule_ids(verdict)


def test_a_feed_streamed_for_hours_is_held_by_the_fleet_not_run_as_a_job_per_request():
    # given: live scores over server-sent events, 20,000 clients each held 90 minutes, the
    # longest stream two hours (where the README asks for a stream's length)
    feed = {
        "name": "Live scores feed",
        "avg_rps": 100,
        "peak_rps": 2000,
        "traffic_pattern": "spiky",
        "p95_latency_ms": 500,
        "runtime": "node",
        "avg_duration_ms": 10,
        "max_duration_s": 7200,
        "memory_mb": 256,
        "persistent_connections": "streaming",
        "concurrent_connections": 20000,
        "connection_minutes_avg": 90,
        "data_store": "key_value",
        "triggers": ["http"],
        "auth": "public",
    }

    # when
    assessment = evaluate(workload_from_answers(feed))

    # then: the streams are the long runs, and the fleet holding the connections holds them:
    # no Step Functions execution and Fargate task per request (it priced $32,850 a month
    # of state transitions against $698 for the whole fleet)
    verdict = assessment.verdict
    assert "run_longer_than_lambda_timeout" not in _rule_ids(verdict)
    assert [part.value for part in verdict.offloaded_parts] == ["persistent_connections"]
    services = {line.service for line in assessment.costs.serverless.items}
    assert "step_functions" not in services, services
    assert (
        assessment.costs.serverless.monthly_usd
        < 1.1 * assessment.costs.estimate("containers").monthly_usd
    )
