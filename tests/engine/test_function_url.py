"""IAM callers reach the function through its own URL (AuthType AWS_IAM), not an HTTP API
(review 8, W28 and W17): a function URL bills nothing beyond the invocation, and for SigV4
callers it lacks nothing the questionnaire asks for. A partner API at 80 req/s with a $400
budget read "over the budget, containers cost less" on $210 a month of HTTP API requests.

Sources: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html (AuthType AWS_IAM),
https://docs.aws.amazon.com/lambda/latest/dg/apig-http-invoke-decision.html (what a
function URL lacks: throttling, custom domains, request validation, other authorizers).
"""

from __future__ import annotations

import pytest

from advisor.engine import evaluate
from tests.conftest import load_workload

# The reviewer's W28 (/tmp/review8/w28_budget_api.yaml), as the questionnaire takes it.
PARTNER_API = {
    "name": "W28 steady partner API 80 rps with a 400 USD budget",
    "avg_rps": 80,
    "peak_rps": 120,
    "traffic_pattern": "steady",
    "p95_latency_ms": 500,
    "runtime": "node",
    "avg_duration_ms": 50,
    "memory_mb": 512,
    "data_store": "key_value",
    "triggers": ["http"],
    "payload_kb": 2,
    "auth": "iam",
    "architecture": "arm64",
    "monthly_budget_usd": 400,
    "commitment_years": 1,
}

# The reviewer's W17: 1,000 req/s of IAM callers, a 3-year commitment.
STEADY_GO = {
    "name": "W17 steady 1000 rps go 3-year commitment",
    "avg_rps": 1000,
    "peak_rps": 1300,
    "traffic_pattern": "steady",
    "p95_latency_ms": 200,
    "runtime": "go",
    "avg_duration_ms": 10,
    "memory_mb": 256,
    "data_store": "key_value",
    "triggers": ["http"],
    "payload_kb": 1,
    "auth": "iam",
    "architecture": "arm64",
    "commitment_years": 3,
}


def _api_gateway_usd(assessment) -> float:
    lines = assessment.costs.serverless.items
    return sum(line.monthly_usd for line in lines if line.service == "api_gateway")


def _api_reason(assessment) -> str:
    return next(c.reason for c in assessment.design.choices if c.topic == "api")


def test_an_iam_partner_api_goes_through_its_function_url_and_fits_its_budget():
    # when
    assessment = evaluate(load_workload(PARTNER_API))

    # then: the $210 of HTTP API requests is gone (80 x 2,628,000 = 210.24 M at $1.00)
    assert assessment.design.api_types == ("function_url",)
    assert _api_gateway_usd(assessment) == 0
    # (and no START/END/REPORT lines: the functions' system log level is WARN)
    assert assessment.costs.serverless.monthly_usd == pytest.approx(363, abs=2)
    assert assessment.costs.serverless.monthly_usd < 400
    assert assessment.verdict.fit == "fits"
    assert not any("over_budget" in reason.rule for reason in assessment.verdict.reasons)
    reason = _api_reason(assessment)
    assert "AWS_IAM" in reason and "about $210 a month" in reason
    assert "throttling" in reason and "custom domain" in reason


def test_a_busy_iam_api_saves_the_http_api_requests_it_was_charged():
    # when
    assessment = evaluate(load_workload(STEADY_GO))

    # then: 2,628 M requests an HTTP API charged about $2,395 for are not charged at all
    assert assessment.design.api_types == ("function_url",)
    assert _api_gateway_usd(assessment) == 0
    assert "about $2,395 a month" in _api_reason(assessment)


@pytest.mark.parametrize(
    ("changes", "kept", "why"),
    [
        ({"auth": "jwt", "avg_rps": 10}, ("http",), "a JWT needs API Gateway's authorizer"),
        ({"auth": "jwt"}, ("alb",), "a busy JWT API: the load balancer checks the token"),
        ({"auth": "public", "avg_rps": 2}, ("http",), "a public API takes WAF on CloudFront"),
        ({"auth": "public"}, ("alb",), "a busy public API takes WAF on a load balancer"),
        ({"triggers": ["http", "file_upload"]}, ("http",), "upload routes beside the API"),
        ({"payload_kb": 8192}, ("http",), "more than a buffered invocation's 6 MB"),
    ],
)
def test_other_callers_keep_the_front_door_their_needs_ask_for(changes, kept, why):
    # when
    assessment = evaluate(load_workload(PARTNER_API | changes))

    # then
    assert assessment.design.api_types == kept, why
    assert (_api_gateway_usd(assessment) > 0) == ("http" in kept)


def test_api_gateway_advice_stands_down_behind_a_function_url():
    # given: runs of 60 s, past an HTTP API's 30 s but within a function URL's wait
    slow = PARTNER_API | {"max_duration_s": 60, "p95_latency_ms": 90_000}

    # when
    assessment = evaluate(load_workload(slow))

    # then
    fired = {reason.rule for reason in assessment.verdict.reasons}
    advice = {rec.rule for rec in assessment.verdict.recommendations}
    assert "http_request_longer_than_gateway_timeout" not in fired
    assert "http_through_api_gateway" not in advice
    handler = next(fn for fn in assessment.architecture.functions if fn.trigger == "function_url")
    assert handler.timeout_s >= 60  # not cut to an HTTP API's 30 s
