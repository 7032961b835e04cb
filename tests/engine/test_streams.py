"""Streamed answers that end within Lambda's limit stay on Lambda, behind a REST API that
streams them; streams held longer than an invocation may run still move to a fleet.

An LLM chat streaming its tokens (server-sent events) for 20 s an answer was "does not fit,
30" while the same answer buffered "fits, 85": the answer `streaming` was read as a raw
socket. Lambda response streaming sends an answer for as long as the function may run
(15 min), up to 200 MB (https://docs.aws.amazon.com/lambda/latest/dg/configuration-response-streaming.html),
and an API Gateway REST API passes it on with its integration's transfer mode STREAM
(https://docs.aws.amazon.com/apigateway/latest/developerguide/response-transfer-mode.html).
"""

from __future__ import annotations

import pytest

from advisor.engine import evaluate
from advisor.engine.results import OffloadPart
from tests.conftest import load_workload

# 5 answers a second, each streamed for 20 s; a stream is held about a minute at most.
LLM_CHAT = {
    "name": "llm-chat",
    "avg_rps": 5,
    "peak_rps": 40,
    "traffic_pattern": "spiky",
    "p95_latency_ms": 30_000,
    "cold_start_sensitive": False,
    "runtime": "node",
    "avg_duration_ms": 20_000,
    "max_duration_s": 120,
    "memory_mb": 256,
    "cpu_bound": False,
    "gpu_required": False,
    "persistent_connections": "streaming",
    "concurrent_connections": 100,
    "connection_minutes_avg": 1,
    "data_store": "document",
    "triggers": ["http"],
    "workflow": "none",
    "payload_kb": 4,
    "sensitive_data": False,
    "auth": "jwt",
    "region": "us-east-1",
    "architecture": "arm64",
}


def _assess(**changes):
    return evaluate(load_workload(LLM_CHAT | changes))


def _rules(assessment) -> set[str]:
    return {reason.rule for reason in assessment.verdict.reasons}


def _lines(assessment, service: str) -> dict[str, object]:
    items = assessment.costs.serverless.items
    return {line.item: line for line in items if line.service == service}


def test_a_chat_streaming_short_answers_fits_serverless_like_its_buffered_twin():
    # given: the same chat answering buffered, with no connection held, at 4.5 answers a
    # second (at 5, the streamed twin's gap sits at the $750 bar since the fleets' route
    # out is priced as interface endpoints: $759 against $726 buffered)
    buffered = _assess(persistent_connections="none", max_duration_s=25, avg_rps=4.5)

    # when
    streamed = _assess(avg_rps=4.5)

    # then
    assert streamed.verdict.fit == buffered.verdict.fit == "fits"
    assert streamed.verdict.score == buffered.verdict.score
    assert not streamed.verdict.offloaded_parts
    assert "raw_connections_outside_lambda" not in _rules(streamed)
    # the 120 s stream is not a request an API gives up on after 30 s
    assert "http_request_longer_than_gateway_timeout" not in _rules(streamed)


def test_the_streams_go_through_a_rest_api_and_the_design_says_why():
    # when
    assessment = _assess()

    # then
    assert assessment.design.api_types == ("rest",)
    api = next(c for c in assessment.design.choices if c.topic == "api")
    assert "REST API with response streaming" in api.reason
    assert "HTTP API cannot stream" in api.reason
    assert "20 s an answer takes" in api.reason
    drawn = {c.id for c in assessment.architecture.components}
    assert "stream_api" in drawn and "http_api" not in drawn
    handler = next(f for f in assessment.architecture.functions if f.id == "stream_handler")
    # the REST API streams for up to 15 min: the function's timeout is not capped at 30 s
    assert handler.trigger == "stream_api" and handler.timeout_s > 120


def test_the_estimate_prices_the_rest_api_and_the_whole_stream():
    # when
    assessment = _assess()

    # then: 5/s x 2,628,000 s = 13.14 M requests at $3.50 per million = $45.99
    rest = _lines(assessment, "api_gateway")["REST API requests (streamed, one per 10 MB)"]
    assert rest.quantity == pytest.approx(13.14)
    assert rest.monthly_usd == pytest.approx(45.99)
    assert not any(item.startswith("HTTP API") for item in _lines(assessment, "api_gateway"))
    # the function is billed for the 20 s stream: 13.14 M x 20 s x 0.25 GB (+ cold starts)
    seconds = sum(
        line.quantity
        for line in assessment.costs.serverless.items
        if line.item.startswith("duration")
    )
    assert seconds == pytest.approx(13.14e6 * 20 * 0.25, rel=0.01)


def test_bytes_streamed_past_6_mb_an_answer_are_billed_and_every_10_mb_is_a_request():
    # when: 20 MB answers
    assessment = _assess(avg_response_kb=20_480)

    # then: 13.14 M x 14 MB / 1,024 = 179,648 GB at $0.008 = $1,437.19; 2 requests each
    streamed = _lines(assessment, "lambda_streaming")["bytes streamed beyond 6 MB a response"]
    assert streamed.monthly_usd == pytest.approx(1437.19, abs=0.01)
    rest = _lines(assessment, "api_gateway")["REST API requests (streamed, one per 10 MB)"]
    assert rest.quantity == pytest.approx(26.28)
    # a streamed answer may reach 200 MB: no advice to go through S3 instead
    assert "sync_response_over_lambda_limit" not in _rules(assessment)


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"connection_minutes_avg": 30}, id="held-30-min"),
        pytest.param(
            {"avg_duration_ms": 1_500_000, "max_duration_s": 1_800, "connection_minutes_avg": 10},
            id="longest-30-min",
        ),
    ],
)
def test_a_stream_longer_than_an_invocation_still_moves_to_a_fleet(changes):
    # when
    assessment = _assess(**changes)

    # then
    assert "raw_connections_outside_lambda" in _rules(assessment)
    assert OffloadPart.PERSISTENT_CONNECTIONS in assessment.verdict.offloaded_parts
    assert "connection_nlb" in {c.id for c in assessment.architecture.components}
    assert "rest" not in assessment.design.api_types


def test_a_python_stream_is_told_it_needs_the_lambda_web_adapter():
    # when
    assessment = _assess(runtime="python")

    # then
    api = next(c for c in assessment.design.choices if c.topic == "api")
    assert "Lambda Web Adapter" in api.reason
    assert "Node.js" in api.reason


def test_a_public_stream_takes_the_web_acl_on_the_rest_api_not_on_cloudfront():
    # when
    assessment = _assess(auth="public")

    # then
    drawn = {c.id for c in assessment.architecture.components}
    assert "stream_api_web_acl" in drawn
    assert "edge_distribution" not in drawn
    assert assessment.design.edge is None
    assert not _lines(assessment, "cloudfront")


def test_uploads_beside_the_streams_keep_their_http_api():
    # when
    assessment = _assess(triggers=["http", "file_upload"])

    # then: the presigned-URL calls on the HTTP API, the answers streamed on the REST API
    assert assessment.design.api_types == ("rest", "http")
    functions = {f.id: f.trigger for f in assessment.architecture.functions}
    assert functions["stream_handler"] == "stream_api"
    assert functions["presign_upload"] == "http_api"


def test_an_llm_stream_with_no_connection_length_given_stays_on_lambda_behind_its_rest_api():
    # given: the answers' defaults, as a form leaves them: nobody said how long a stream is
    # held, and no answer runs past 2 minutes (the half-hour default must not hold it)
    unanswered = {"connection_minutes_avg": None, "concurrent_connections": None}
    # when
    assessment = _assess(**unanswered, p95_latency_ms=1500)
    # then: Lambda streams it; a 1.5 s target is the time to the first tokens, not the end
    assert "raw_connections_outside_lambda" not in _rules(assessment)
    assert "rest" in assessment.design.api_types
    assert "work_outlasts_latency_target" not in _rules(assessment)


def test_a_streaming_rest_api_is_advised_its_own_authorizer_not_an_http_apis():
    # when
    assessment = _assess()
    # then: the REST API checks a Cognito user pool's tokens (what the starter repo builds)
    advice = {hit.rule for hit in assessment.verdict.recommendations}
    assert "jwt_validated_by_cognito_authorizer" in advice
    assert not advice & {"jwt_validated_at_gateway", "http_through_api_gateway"}
